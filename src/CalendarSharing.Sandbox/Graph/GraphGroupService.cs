using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Sandbox.Directory;

using static CalendarSharing.Sandbox.Graph.GraphRequestRules;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// Groups in Graph v1.0 over the organisation's one group rule: GET /groups (https://learn.microsoft.com/graph/api/group-list),
    /// /groups/{id} (group-get), /groups/{id}/members (group-list-members: direct members, users and groups, each with its
    /// @odata.type), /users/{id}/memberOf (user-list-memberof) and /users/{id}/transitiveMemberOf (user-list-transitivememberof:
    /// every group the user is in, through nested groups too). $select, $top, $count and nextLink paging are ODataShaper's.
    /// Application permissions: a group's properties need GroupMember.Read.All, Group.Read.All or Directory.Read.All; without
    /// them a user's memberOf lists each group by id and @odata.type only, as the pages above describe ("limited information").
    /// </summary>
    internal sealed class GraphGroupService
    {
        private static readonly string[] GroupRead = { "GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All" };
        private static readonly string[] UserRead = { "User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All" };

        private readonly SandboxOrganization org;

        public GraphGroupService(SandboxOrganization org)
        {
            this.org = org;
        }

        public static bool Serves(GraphRouteKind kind) =>
            kind == GraphRouteKind.Groups || kind == GraphRouteKind.Group || kind == GraphRouteKind.GroupMembers
            || kind == GraphRouteKind.MemberOf || kind == GraphRouteKind.TransitiveMemberOf;

        public static string OperationName(GraphRoute route)
        {
            switch (route.Kind)
            {
                case GraphRouteKind.Groups:
                    return "ListGroups";
                case GraphRouteKind.Group:
                    return "GetGroup";
                case GraphRouteKind.GroupMembers:
                    return "ListGroupMembers";
                case GraphRouteKind.MemberOf:
                    return "ListMemberOf";
                default:
                    return "ListTransitiveMemberOf";
            }
        }

        public GraphResponse Execute(GraphRoute route, GraphRequest request, SandboxAccount account, GraphCaller caller)
        {
            RequireMethod(request, "GET");
            var groupsVisible = caller.Has(GroupRead);
            if (route.Kind == GraphRouteKind.MemberOf || route.Kind == GraphRouteKind.TransitiveMemberOf)
            {
                if (!caller.Has(UserRead) && !groupsVisible)
                {
                    throw new GraphException(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
                }

                var direct = route.Kind == GraphRouteKind.MemberOf;
                var groups = direct
                    ? org.Directory.Groups.Where(g => g.Members.Contains(account.Address, StringComparer.OrdinalIgnoreCase)).ToList()
                    : org.GroupsOf(account.Address).ToList();
                var context = request.ServiceRoot + "/$metadata#directoryObjects";
                return Ok(w => WriteList(w, context, groups, groupsVisible));
            }

            if (!groupsVisible)
            {
                throw new GraphException(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
            }

            if (route.Kind == GraphRouteKind.Groups)
            {
                return Ok(w => WriteList(w, request.ServiceRoot + "/$metadata#groups", org.Directory.Groups.ToList(), true));
            }

            var group = org.Directory.FindGroup(route.GroupId!) ?? throw new GraphException(
                404, "Request_ResourceNotFound", "Resource '" + route.GroupId + "' does not exist or one of its queried reference-property objects are not present.");
            if (route.Kind == GraphRouteKind.Group)
            {
                return Ok(w => WriteEntry(w, group, true, request.ServiceRoot + "/$metadata#groups/$entity"));
            }

            return Ok(w => WriteList(w, request.ServiceRoot + "/$metadata#directoryObjects", org.MembersOf(group), true));
        }

        private void WriteList(Utf8JsonWriter w, string context, IReadOnlyList<DirectoryEntry> entries, bool full)
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteStartArray("value");
            foreach (var entry in entries)
            {
                WriteEntry(w, entry, full, null);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>A group, user or contact as a directoryObject of its own type.</summary>
        private void WriteEntry(Utf8JsonWriter w, DirectoryEntry entry, bool full, string? context)
        {
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            if (entry.IsGroup)
            {
                w.WriteString("@odata.type", "#microsoft.graph.group");
                w.WriteString("id", entry.ObjectId.ToString());
                if (full)
                {
                    w.WriteString("displayName", entry.DisplayName);
                    w.WriteString("mail", entry.Address);
                    w.WriteString("mailNickname", entry.Alias);
                    w.WriteBoolean("mailEnabled", true);
                    w.WriteBoolean("securityEnabled", entry.IsSecurityGroup);
                    w.WriteStartArray("groupTypes");
                    w.WriteEndArray();
                }
            }
            else if (entry.HasMailbox)
            {
                var account = org.FindAccount(entry.Address);
                w.WriteString("@odata.type", "#microsoft.graph.user");
                w.WriteString("id", (account?.ObjectId ?? Guid.Empty).ToString());
                w.WriteString("displayName", entry.DisplayName);
                w.WriteString("mail", entry.Address);
                w.WriteString("mailNickname", entry.Alias);
                w.WriteString("userPrincipalName", entry.Address);
            }
            else
            {
                w.WriteString("@odata.type", "#microsoft.graph.orgContact");
                w.WriteString("id", ContactId(entry).ToString());
                w.WriteString("displayName", entry.DisplayName);
                w.WriteString("mail", entry.Address);
                w.WriteString("mailNickname", entry.Alias);
            }

            w.WriteEndObject();
        }

        private static Guid ContactId(DirectoryEntry entry)
        {
            var bytes = new byte[16];
            var text = System.Text.Encoding.UTF8.GetBytes(entry.Sid);
            for (var i = 0; i < text.Length; i++)
            {
                bytes[i % 16] ^= text[i];
            }

            return new Guid(bytes);
        }

        private static GraphResponse Ok(Action<Utf8JsonWriter> write) => new GraphResponse(200, GraphJson.Write(write));
    }
}
