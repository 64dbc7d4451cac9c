using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Sharing invitations are not available through EWS. EWS has no operation that sends one: [MS-OXWSMSHR]
    /// (https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxwsmshr) only hands out the encrypted
    /// sharing metadata of federated (cross-organisation) sharing, and the invitation itself is a message whose sharing
    /// properties [MS-OXSHARE] defines, which a client composes; Exchange's own -SendNotificationToUser exists in Exchange
    /// Online only (https://learn.microsoft.com/powershell/module/exchangepowershell/add-mailboxfolderpermission). So a
    /// change that asks for one is refused before anything is written (never a share without its invitation), and the
    /// other changes of the calendar still run.
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
        /// <summary>A change that asks for an invitation fails before anything is written; the calendar's other changes still run.</summary>
        private static ChangeOutcome? RefuseInvitation(CalendarPermissionSet set, PermissionChange change)
        {
            if (!change.SendInvitation)
            {
                return null;
            }

            var previous = set.Entries.FirstOrDefault(e => e.Principal.Equals(change.Principal))?.Role;
            var error = NotOnPremises(set.Address);
            return new ChangeOutcome(ShareAction.Failed, previous, previous ?? CalendarRole.None, error.Message) { ErrorCode = error.Code };
        }

        private static BackendError NotOnPremises(CalendarAddress calendar) => new BackendError(
            BackendErrorCode.InvitationNotAvailable,
            $"{calendar.DisplayText} is on premises, where EWS cannot send a sharing invitation; nothing was changed for this row.");
    }
}
