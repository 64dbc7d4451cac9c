using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing.Sandbox.Model
{
    /// <summary>
    /// The mailbox-level rights of one mailbox, as Exchange keeps them outside the folders: Full Access (mailbox
    /// ACL, with AutoMapping), Send As (AD extended right) and Send on Behalf (GrantSendOnBehalfTo, the list that
    /// adding a delegate extends and removing one shrinks). Principals are SMTP addresses. Thread-safe.
    /// </summary>
    internal sealed class MailboxRights
    {
        private readonly object gate = new object();
        private readonly Dictionary<string, bool> fullAccess = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> sendAs = new List<string>();
        private readonly List<string> sendOnBehalf = new List<string>();

        /// <summary>Full Access holders and their AutoMapping flag.</summary>
        public IReadOnlyList<KeyValuePair<string, bool>> FullAccess
        {
            get
            {
                lock (gate)
                {
                    return fullAccess.ToList();
                }
            }
        }

        public IReadOnlyList<string> SendAs
        {
            get
            {
                lock (gate)
                {
                    return sendAs.ToList();
                }
            }
        }

        public IReadOnlyList<string> SendOnBehalf
        {
            get
            {
                lock (gate)
                {
                    return sendOnBehalf.ToList();
                }
            }
        }

        /// <summary>False when the user already had Full Access (the entry is left as it is, AutoMapping included).</summary>
        public bool AddFullAccess(string user, bool autoMapping)
        {
            lock (gate)
            {
                if (fullAccess.ContainsKey(user))
                {
                    return false;
                }

                fullAccess[user] = autoMapping;
                return true;
            }
        }

        public bool RemoveFullAccess(string user)
        {
            lock (gate)
            {
                return fullAccess.Remove(user);
            }
        }

        public bool AddSendAs(string user) => Add(sendAs, user);

        public bool RemoveSendAs(string user) => Remove(sendAs, user);

        public bool AddSendOnBehalf(string user) => Add(sendOnBehalf, user);

        public bool RemoveSendOnBehalf(string user) => Remove(sendOnBehalf, user);

        /// <summary>Set-Mailbox -GrantSendOnBehalfTo with a plain list: replaces every grantee. True when it changed.</summary>
        public bool ReplaceSendOnBehalf(IEnumerable<string> users)
        {
            lock (gate)
            {
                var wanted = users.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (wanted.Count == sendOnBehalf.Count && wanted.All(w => sendOnBehalf.Contains(w, StringComparer.OrdinalIgnoreCase)))
                {
                    return false;
                }

                sendOnBehalf.Clear();
                sendOnBehalf.AddRange(wanted);
                return true;
            }
        }

        private bool Add(List<string> list, string user)
        {
            lock (gate)
            {
                if (list.Contains(user, StringComparer.OrdinalIgnoreCase))
                {
                    return false;
                }

                list.Add(user);
                return true;
            }
        }

        private bool Remove(List<string> list, string user)
        {
            lock (gate)
            {
                return list.RemoveAll(u => string.Equals(u, user, StringComparison.OrdinalIgnoreCase)) > 0;
            }
        }
    }
}
