using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.Core.Routing
{
    /// <summary>
    /// GroupMembership in a hybrid organisation: a user's groups are the cloud directory's answer (transitiveMemberOf)
    /// when the online side has it, since Microsoft Entra Connect syncs the on-premises groups there
    /// (https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-sync-whatis); a group is expanded on
    /// the on-premises side first (Active Directory is where a synced group's members are written), else online. With only
    /// one side able, that side serves both.
    /// </summary>
    public sealed partial class RoutingBackend : IGroupMembershipBackend
    {
        private IGroupMembershipBackend? onPremisesGroups;
        private IGroupMembershipBackend? onlineGroups;

        private void ComposeGroups(ConnectionServices onPremisesServices, ConnectionServices onlineServices, ConnectionServices services)
        {
            onPremisesGroups = onPremisesServices.Find<IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership);
            onlineGroups = onlineServices.Find<IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership);
            if (onPremisesGroups != null || onlineGroups != null)
            {
                services.With<IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership, this);
            }
        }

        private IGroupMembershipBackend? Lister => onlineGroups != null && onlineGroups.ListsGroupsOfUser ? onlineGroups
            : onPremisesGroups != null && onPremisesGroups.ListsGroupsOfUser ? onPremisesGroups
            : null;

        bool IGroupMembershipBackend.ListsGroupsOfUser => Lister != null;

        Task<GroupPage> IGroupMembershipBackend.ListGroupsOfAsync(string user, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
            (Lister ?? throw new BackendException(new BackendError(BackendErrorCode.NotSupported, "Neither side of this hybrid connection lists a user's groups.")))
                .ListGroupsOfAsync(user, pageToken, pageSize, cancellationToken);

        Task<BackendResult<IReadOnlyList<GroupMember>>> IGroupMembershipBackend.ExpandGroupAsync(string group, CancellationToken cancellationToken) =>
            (onPremisesGroups ?? onlineGroups)!.ExpandGroupAsync(group, cancellationToken);
    }
}
