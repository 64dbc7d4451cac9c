using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Roles;

namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// A delegate's calendar entry is an ordinary Editor entry on the folder; only the mailbox's delegate list says it is a
    /// delegate's, and whether that delegate sees private items
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/delegate-access-and-ews-in-exchange).
    /// This shows such entries as the delegate roles, for every reader of permissions.
    /// </summary>
    public static class DelegateMarking
    {
        /// <summary>The entries with each delegate's Editor entry shown as Delegate or DelegateCanViewPrivate; others as they are.</summary>
        public static IReadOnlyList<PermissionEntry> ShowDelegates(IReadOnlyList<PermissionEntry> entries, IReadOnlyList<DelegateEntry> delegates)
        {
            if (delegates.Count == 0)
            {
                return entries;
            }

            return entries.Select(e =>
            {
                if (e.Role != CalendarRole.Editor || e.Principal.IsDistinguished)
                {
                    return e;
                }

                var d = Find(delegates, e.Principal);
                if (d == null || d.Calendar != DelegateFolderRole.Editor)
                {
                    return e;
                }

                var viewPrivate = d.ViewPrivateItems == true;
                return new PermissionEntry(e.Principal, viewPrivate ? CalendarRole.DelegateCanViewPrivate : CalendarRole.Delegate, viewPrivate, e.ServerData);
            }).ToList();
        }

        /// <summary>The delegate record of <paramref name="principal"/>: by address, or by the server's id of the user.</summary>
        public static DelegateEntry? Find(IReadOnlyList<DelegateEntry> delegates, Principal principal) =>
            delegates.FirstOrDefault(d =>
                (principal.Address != null && string.Equals(d.Address, principal.Address, StringComparison.OrdinalIgnoreCase))
                || (principal.ServerId != null
                    && (string.Equals(d.Address, principal.ServerId, StringComparison.OrdinalIgnoreCase)
                        || (d.ServerId != null && string.Equals(d.ServerId, principal.ServerId, StringComparison.OrdinalIgnoreCase)))));
    }
}
