using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Directory search for tab completion: one ResolveNames call with the prefix. Several matches come back as
    /// ErrorNameResolutionMultipleResults with the candidates in the ResolutionSet, which is what completion wants
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/resolvenames).
    /// <para>
    /// GroupMembership: ExpandDL, one group's direct members per call; EWS has no "groups of a user" read, so Core expands
    /// the groups a scan shows (<see cref="GroupMembershipResolver"/>).
    /// </para>
    /// </summary>
    public sealed partial class EwsCalendarBackend : IDirectorySearch, IGroupMembershipBackend
    {
        bool IGroupMembershipBackend.ListsGroupsOfUser => false;

        Task<GroupPage> IGroupMembershipBackend.ListGroupsOfAsync(string user, string? pageToken, int pageSize, CancellationToken cancellationToken) =>
            throw new BackendException(new BackendError(BackendErrorCode.NotSupported, "EWS cannot list the groups of a user; groups are expanded with ExpandDL instead."));

        /// <summary>ExpandDL of <paramref name="group"/>: its direct members; a nested group is a member with IsGroup (MailboxType PublicDL).</summary>
        async Task<BackendResult<IReadOnlyList<GroupMember>>> IGroupMembershipBackend.ExpandGroupAsync(string group, CancellationToken cancellationToken)
        {
            EwsItemResult<IReadOnlyList<EwsResolution>> answer;
            try
            {
                answer = await client.ExecuteAsync(new ExpandDLOperation(group.Trim()), cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                return BackendResult<IReadOnlyList<GroupMember>>.Fail(ErrorOf(ex));
            }

            if (!answer.Message.IsSuccess)
            {
                return BackendResult<IReadOnlyList<GroupMember>>.Fail(ItemError(answer.Message, $"Cannot expand {group}"));
            }

            return BackendResult<IReadOnlyList<GroupMember>>.Ok((answer.Value ?? Array.Empty<EwsResolution>())
                .Where(r => !string.IsNullOrEmpty(r.EmailAddress))
                .Select(r => new GroupMember(r.EmailAddress!, r.Name, string.Equals(r.MailboxType, "PublicDL", StringComparison.Ordinal)))
                .ToList());
        }

        public async Task<IReadOnlyList<Principal>> SearchAsync(string prefix, int max, CancellationToken cancellationToken)
        {
            var text = (prefix ?? string.Empty).Trim();
            if (text.Length == 0 || max <= 0)
            {
                return Array.Empty<Principal>();
            }

            var answer = await client.ExecuteAsync(new ResolveNamesOperation(text), cancellationToken).ConfigureAwait(false);
            return (answer.Value ?? Array.Empty<EwsResolution>())
                .Where(r => !string.IsNullOrEmpty(r.EmailAddress))
                .Select(FromResolution)
                .Take(max)
                .ToList();
        }
    }
}
