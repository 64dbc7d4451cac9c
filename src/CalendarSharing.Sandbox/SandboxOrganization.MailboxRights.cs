using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Sandbox.AdminRest;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>A mailbox-level right, as tests read and seed it out of band.</summary>
    public enum SandboxMailboxRight
    {
        FullAccess,
        SendAs,
        SendOnBehalf,
    }

    /// <summary>One cmdlet the admin API received: its name and each parameter's JSON, as sent.</summary>
    public sealed class SandboxAdminCommand
    {
        public SandboxAdminCommand(string name, IReadOnlyList<KeyValuePair<string, string>> parameters)
        {
            Name = name;
            Parameters = parameters;
        }

        public string Name { get; }

        /// <summary>Parameter name and its raw JSON value, in the order sent.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

        public override string ToString() => Name + " " + string.Join(" ", Parameters.Select(p => "-" + p.Key + " " + p.Value));
    }

    // Mailbox-level rights (Full Access, Send As, Send on Behalf) and the admin REST endpoint that serves them.
    public sealed partial class SandboxOrganization
    {
        /// <summary>The admin API base the in-process handler answers (POST {AdminApiUrl}{tenant}/InvokeCommand).</summary>
        public static readonly Uri DefaultAdminApiUrl = new Uri("https://sandbox.contoso.com/adminapi/beta/");

        private readonly object adminLogGate = new object();
        private readonly List<SandboxAdminCommand> adminCommands = new List<SandboxAdminCommand>();
        private AdminRestEndpoint? adminRest;

        /// <summary>Every cmdlet the admin API received, in order (tests check exactly what a client sent).</summary>
        public IReadOnlyList<SandboxAdminCommand> AdminCommands
        {
            get
            {
                lock (adminLogGate)
                {
                    return adminCommands.ToList();
                }
            }
        }

        internal AdminRestEndpoint AdminRest => adminRest ??= new AdminRestEndpoint(this);

        /// <summary>
        /// Apps whose app-only tokens may run cmdlets on the admin API (Exchange.ManageAsApp plus an Exchange role on
        /// the service principal). Seeded: the sandbox app and the managed identity. Any other app gets the observed
        /// 403 with a non-JSON body.
        /// </summary>
        internal System.Collections.Concurrent.ConcurrentDictionary<string, bool> ExchangeAdminAppSet { get; } =
            new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
            {
                [SandboxAppClientId] = true,
                [ManagedIdentityClientId] = true,
            };

        /// <summary>Gives an app the Exchange role its app-only admin API calls need, or takes it away.</summary>
        public void SetExchangeAdminRole(string clientId, bool assigned)
        {
            if (assigned)
            {
                ExchangeAdminAppSet[clientId] = true;
            }
            else
            {
                ExchangeAdminAppSet.TryRemove(clientId, out _);
            }
        }

        internal void RecordAdminCommand(string name, JsonElement parameters)
        {
            var list = parameters.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetRawText())).ToList();
            lock (adminLogGate)
            {
                adminCommands.Add(new SandboxAdminCommand(name, list));
            }
        }

        /// <summary>The SMTP addresses holding the right on the mailbox, in the order they were granted.</summary>
        public IReadOnlyList<string> GetMailboxRightHolders(string address, SandboxMailboxRight right)
        {
            var rights = RightsOf(address);
            switch (right)
            {
                case SandboxMailboxRight.FullAccess:
                    return rights.FullAccess.Select(p => p.Key).ToList();
                case SandboxMailboxRight.SendAs:
                    return rights.SendAs;
                default:
                    return rights.SendOnBehalf;
            }
        }

        /// <summary>A concurrent writer (or seeding): grants the right as an Exchange admin would. False when it was there.</summary>
        public bool GrantMailboxRight(string address, string user, SandboxMailboxRight right)
        {
            var rights = RightsOf(address);
            var holder = Directory.FindByAddress(user)?.Address ?? throw new ArgumentException("No sandbox recipient " + user + ".", nameof(user));
            switch (right)
            {
                case SandboxMailboxRight.FullAccess:
                    return rights.AddFullAccess(holder, autoMapping: true);
                case SandboxMailboxRight.SendAs:
                    return rights.AddSendAs(holder);
                default:
                    return rights.AddSendOnBehalf(holder);
            }
        }

        private MailboxRights RightsOf(string address) =>
            (FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address))).Rights;
    }
}
