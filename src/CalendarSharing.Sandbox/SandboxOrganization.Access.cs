using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Directory;

namespace CalendarSharing.Sandbox
{
    // The organisation's list of mailboxes, as its address list shows it: one rule that EWS FindPeople renders (and that
    // the Graph /users list matches: every account, in the order the organisation was built).
    public sealed partial class SandboxOrganization
    {
        /// <summary>
        /// The global address list's mailboxes (users and rooms; the external contact is no mailbox), in the order the
        /// organisation was built, which is also the order GET /users lists its accounts.
        /// </summary>
        internal IReadOnlyList<DirectoryEntry> AddressListMailboxes() =>
            accounts.Select(a => Directory.FindByAddress(a.Address)).Where(e => e != null && e.HasMailbox).Select(e => e!).ToList();

        /// <summary>Tests: how many requests of one operation (EWS operation name, or Graph:Operation) the organisation has answered.</summary>
        public int RequestCount(string operation) => RequestCounts.TryGetValue(operation, out var n) ? n : 0;
    }
}
