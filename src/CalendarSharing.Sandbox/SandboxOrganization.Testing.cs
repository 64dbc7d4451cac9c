using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>One entry of a calendar ACL as tests see it: the principal ("Default", "Anonymous" or an SMTP address) and the level.</summary>
    public sealed class SandboxPermission
    {
        public SandboxPermission(string user, string level, string? displayName)
        {
            User = user;
            Level = level;
            DisplayName = displayName;
        }

        /// <summary>"Default", "Anonymous" or the principal's SMTP address.</summary>
        public string User { get; }

        /// <summary>The EWS CalendarPermissionLevel name (Custom when the rights match no level).</summary>
        public string Level { get; }

        public string? DisplayName { get; }

        public override string ToString() => User + "=" + Level;
    }

    // Out-of-band access for tests, benchmarks and the cmdlets' sandbox mode: tokens, direct ACL reads, concurrent writers.
    public sealed partial class SandboxOrganization
    {
        /// <summary>
        /// Called with the operation name (GetFolder, UpdateFolder, …) after a request is authenticated and
        /// validated, just before it runs: tests use it to act as a concurrent writer between a client's read
        /// and its write, or to press Ctrl+C at a known point.
        /// </summary>
        public Action<string>? BeforeOperation { get; set; }

        /// <summary>Issues an opaque bearer token for the account, accepted as "Authorization: Bearer &lt;token&gt;".</summary>
        public string IssueAccessToken(string address)
        {
            var account = FindAccount(address) ?? throw new ArgumentException("No sandbox account " + address + ".", nameof(address));
            return Tokens.Issue(new Identity.IssuedToken("ews", account, Identity.IssuedToken.OnPremisesAudience, DateTimeOffset.MaxValue));
        }

        /// <summary>The ACL of a calendar (the default one, or the calendar with this display name), read atomically.</summary>
        public IReadOnlyList<SandboxPermission> GetCalendarAcl(string address, string? calendarName = null) =>
            FindCalendar(address, calendarName).Read().Entries.Select(e => new SandboxPermission(e.Key == "Default" || e.Key == "Anonymous" ? e.Key : e.Address!, e.Level, e.DisplayName)).ToList();

        /// <summary>The calendar's current ChangeKey.</summary>
        public string GetCalendarChangeKey(string address, string? calendarName = null) => FindCalendar(address, calendarName).CurrentChangeKey;

        /// <summary>
        /// A concurrent writer: edits the calendar ACL out of band (principal → level name; "Custom" keeps an entry's
        /// current rights) and rotates its ChangeKey, so a client holding the old key gets ErrorStaleObject.
        /// Returns the new ChangeKey.
        /// </summary>
        public string ModifyCalendarAcl(string address, Action<IDictionary<string, string>> edit, string? calendarName = null)
        {
            if (edit == null)
            {
                throw new ArgumentNullException(nameof(edit));
            }

            var folder = FindCalendar(address, calendarName);
            return folder.Modify(entries =>
            {
                var levels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in entries)
                {
                    levels[entry.Type == PrincipalType.Default || entry.Type == PrincipalType.Anonymous ? entry.Key : entry.Address!] = entry.Level;
                }

                edit(levels);
                var result = new List<AclEntry>();
                foreach (var pair in levels)
                {
                    var existing = entries.FirstOrDefault(e => string.Equals(e.Key, pair.Key, StringComparison.OrdinalIgnoreCase));
                    PermissionRights rights;
                    if (pair.Value == PermissionLevels.Custom)
                    {
                        rights = existing?.Rights ?? throw new ArgumentException("Custom keeps existing rights; " + pair.Key + " has none.", nameof(edit));
                    }
                    else if (!PermissionLevels.TryGetRights(pair.Value, out rights))
                    {
                        throw new ArgumentException("Unknown permission level " + pair.Value + ".", nameof(edit));
                    }

                    result.Add(existing?.WithRights(rights) ?? NewEntry(pair.Key, rights));
                }

                return result;
            });
        }

        /// <summary>The mailbox's meeting request delivery to delegates, in EWS words (DelegatesOnly, DelegatesAndMe, …).</summary>
        public string GetMeetingRequestDelivery(string address)
        {
            var mailbox = FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address));
            lock (mailbox.DelegateGate)
            {
                return mailbox.DeliverMeetingRequests;
            }
        }

        /// <summary>The SMTP addresses of a mailbox's delegates.</summary>
        public IReadOnlyList<string> GetDelegates(string address)
        {
            var mailbox = FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address));
            lock (mailbox.DelegateGate)
            {
                return mailbox.Delegates.Select(d => d.User.Address).ToList();
            }
        }

        private SandboxFolder FindCalendar(string address, string? calendarName)
        {
            var mailbox = FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address));
            if (calendarName == null)
            {
                return mailbox.Calendar;
            }

            return mailbox.Folders.FirstOrDefault(f => f.IsCalendar && string.Equals(f.DisplayName, calendarName, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException("Mailbox " + address + " has no calendar " + calendarName + ".", nameof(calendarName));
        }

        private AclEntry NewEntry(string user, PermissionRights rights)
        {
            if (string.Equals(user, "Default", StringComparison.OrdinalIgnoreCase))
            {
                return new AclEntry(PrincipalType.Default, null, null, null, rights);
            }

            if (string.Equals(user, "Anonymous", StringComparison.OrdinalIgnoreCase))
            {
                return new AclEntry(PrincipalType.Anonymous, null, null, null, rights);
            }

            var entry = Directory.FindByAddress(user);
            if (entry != null && entry.HasMailbox)
            {
                return new AclEntry(PrincipalType.Internal, entry.Address, entry.DisplayName, entry.Sid, rights);
            }

            return new AclEntry(PrincipalType.External, user.ToLowerInvariant(), entry?.DisplayName ?? user, null, rights);
        }
    }
}
