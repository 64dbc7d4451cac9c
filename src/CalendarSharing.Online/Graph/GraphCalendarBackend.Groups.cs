using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Backends;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// GroupMembership on Graph. A user's groups: GET /users/{id}/transitiveMemberOf?$select=id,displayName,mail&amp;$top=n,
    /// every group through nesting, paged by @odata.nextLink (https://learn.microsoft.com/graph/api/user-list-transitivememberof);
    /// items that are not groups (directory roles, administrative units) are left out. A group's members: the group by its
    /// address (GET /groups?$filter=mail eq '…', https://learn.microsoft.com/graph/api/group-list), then
    /// /groups/{id}/members?$select=id,displayName,mail, paged (https://learn.microsoft.com/graph/api/group-list-members).
    /// Needs GroupMember.Read.All (or Group.Read.All, Directory.Read.All); with only User.Read.All Graph returns the groups
    /// by id alone ("limited information"), which is an AccessDenied naming the permission, never an empty answer.
    /// </summary>
    public sealed partial class GraphCalendarBackend : IGroupMembershipBackend
    {
        private static readonly string[] DirectorySelect = { "id", "displayName", "mail" };

        bool IGroupMembershipBackend.ListsGroupsOfUser => true;

        async Task<GroupPage> IGroupMembershipBackend.ListGroupsOfAsync(string user, string? pageToken, int pageSize, CancellationToken cancellationToken)
        {
            RequestInformation request;
            if (pageToken == null)
            {
                request = gateway.Client.Users[user.Trim()].TransitiveMemberOf.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.Select = DirectorySelect;
                    rc.QueryParameters.Top = Math.Max(1, Math.Min(999, pageSize));
                });
            }
            else
            {
                if (!Uri.TryCreate(pageToken, UriKind.Absolute, out _))
                {
                    throw new BackendException(new BackendError(BackendErrorCode.InvalidInput, $"'{pageToken}' is not a page of {user}'s groups."));
                }

                request = GraphRequests.NextPage(pageToken);
            }

            var step = new GraphStep(request, $"Cannot list the groups of {user}", NotFoundMeans.Principal);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                throw new BackendException(step.Error ?? UnexpectedStatus(step));
            }

            var page = await step.ParseAsync(DirectoryObjectCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var all = (page?.Value ?? new List<DirectoryObject>()).OfType<Group>().ToList();
            if (all.Any(g => g.DisplayName == null && g.Mail == null && g.MailEnabled == null))
            {
                // "Limited information": the app may read users but not groups, so Graph names each group by id only.
                throw new BackendException(new BackendError(
                    BackendErrorCode.AccessDenied,
                    $"Graph lists {user}'s groups by id only: the application needs GroupMember.Read.All (or Group.Read.All, Directory.Read.All) to read their addresses.",
                    "limited information"));
            }

            var groups = all
                .Where(g => !string.IsNullOrWhiteSpace(g.Mail))
                .Select(g => new GroupMember(g.Mail!, g.DisplayName, isGroup: true))
                .ToList();
            return new GroupPage(groups, string.IsNullOrEmpty(page?.OdataNextLink) ? null : page!.OdataNextLink);
        }

        async Task<BackendResult<IReadOnlyList<GroupMember>>> IGroupMembershipBackend.ExpandGroupAsync(string group, CancellationToken cancellationToken)
        {
            var address = group.Trim();
            var find = new GraphStep(
                gateway.Client.Groups.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.Filter = "mail eq " + Literal(address);
                    rc.QueryParameters.Select = new[] { "id", "mail" };
                    rc.QueryParameters.Top = 2;
                }),
                $"Cannot find the group {address}",
                NotFoundMeans.Principal);
            await gateway.ExecuteAsync(new[] { find }, cancellationToken).ConfigureAwait(false);
            if (!find.IsSuccess)
            {
                return BackendResult<IReadOnlyList<GroupMember>>.Fail(find.Error ?? UnexpectedStatus(find));
            }

            var found = (await find.ParseAsync(GroupCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false))?.Value ?? new List<Group>();
            if (found.Count != 1 || string.IsNullOrEmpty(found[0].Id))
            {
                return BackendResult<IReadOnlyList<GroupMember>>.Fail(new BackendError(
                    found.Count == 0 ? BackendErrorCode.PrincipalNotFound : BackendErrorCode.PrincipalAmbiguous,
                    found.Count == 0 ? $"No group has the address {address}." : $"More than one group has the address {address}."));
            }

            var members = new GraphStep(
                gateway.Client.Groups[found[0].Id].Members.ToGetRequestInformation(rc => rc.QueryParameters.Select = DirectorySelect),
                $"Cannot list the members of {address}",
                NotFoundMeans.Principal);
            await gateway.ExecuteAsync(new[] { members }, cancellationToken).ConfigureAwait(false);
            if (!members.IsSuccess)
            {
                return BackendResult<IReadOnlyList<GroupMember>>.Fail(members.Error ?? UnexpectedStatus(members));
            }

            var first = await members.ParseAsync(DirectoryObjectCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var pages = new GraphPaging.Pages<DirectoryObject>(first?.Value ?? new List<DirectoryObject>(), first?.OdataNextLink, members.What, NotFoundMeans.Principal);
            await GraphPaging.FollowAsync(gateway, new[] { pages }, DirectoryObjectCollectionResponse.CreateFromDiscriminatorValue, p => (p.Value, p.OdataNextLink), cancellationToken).ConfigureAwait(false);
            if (pages.Error != null)
            {
                return BackendResult<IReadOnlyList<GroupMember>>.Fail(pages.Error);
            }

            return BackendResult<IReadOnlyList<GroupMember>>.Ok(pages.Items
                .Select(ToMember)
                .Where(m => m != null)
                .Select(m => m!)
                .ToList());
        }

        private static GroupMember? ToMember(DirectoryObject item)
        {
            switch (item)
            {
                case Group g when !string.IsNullOrWhiteSpace(g.Mail):
                    return new GroupMember(g.Mail!, g.DisplayName, isGroup: true);
                case User u when !string.IsNullOrWhiteSpace(u.Mail ?? u.UserPrincipalName):
                    return new GroupMember((u.Mail ?? u.UserPrincipalName)!, u.DisplayName, isGroup: false);
                case OrgContact c when !string.IsNullOrWhiteSpace(c.Mail):
                    return new GroupMember(c.Mail!, c.DisplayName, isGroup: false);
                default:
                    return null;
            }
        }
    }
}
