using System;
using System.Collections.Generic;
using System.Linq;
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

    // Out-of-band access to the mailbox-level rights (Full Access, Send As, Send on Behalf) for tests and docs.
    public sealed partial class SandboxOrganization
    {
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
