using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Graph
{
    internal enum GraphRouteKind
    {
        User,
        AllowedRoles,
        Calendar,
        Calendars,
        Permissions,
        Permission,
        MailboxSettings,
        CalendarView,
        Events,
        Event,
        EventInstances,
        GetSchedule,
        Users,
        CalendarViewDelta,
        Groups,
        Group,
        GroupMembers,
        MemberOf,
        TransitiveMemberOf,
    }

    /// <summary>
    /// The resource paths the sandbox serves (segment names case-insensitive, as Graph accepts them):
    /// users/{id|upn}, …/calendar, …/calendars, …/calendars/{id}, and …/calendarPermissions[/{id}] under both calendar forms;
    /// /me/… for delegated callers.
    /// </summary>
    internal sealed class GraphRoute
    {
        private GraphRoute(GraphRouteKind kind, string userSegment, bool isMe, string? calendarId, string? permissionId, string? principal = null, string? property = null)
        {
            Property = property;
            Principal = principal;
            Kind = kind;
            UserSegment = userSegment;
            IsMe = isMe;
            CalendarId = calendarId;
            PermissionId = permissionId;
        }

        public GraphRouteKind Kind { get; }

        /// <summary>The user as the path names it (UPN, SMTP or object id), or the signed-in user for /me.</summary>
        public string UserSegment { get; }

        public bool IsMe { get; }

        /// <summary>A secondary (or explicitly addressed) calendar's id; null for /calendar.</summary>
        public string? CalendarId { get; }

        public string? PermissionId { get; }

        /// <summary>A single property of mailboxSettings (timeZone, workingHours, …) addressed on its own; null for the whole.</summary>
        public string? Property { get; }

        /// <summary>An event's id (Event, EventInstances routes).</summary>
        public string? EventId { get; private set; }

        /// <summary>A group's id (object id, or its address as the sandbox also accepts) for the Group and GroupMembers routes.</summary>
        public string? GroupId { get; private set; }

        /// <summary>The events routes (GraphEventRoutes): calendarView, events, events/{id}[/instances], getSchedule.</summary>
        internal static GraphRoute ForEvents(GraphRouteKind kind, string user, bool isMe, string? calendarId, string? eventId) =>
            new GraphRoute(kind, user, isMe, calendarId, null) { EventId = eventId };

        /// <summary>The User parameter of allowedCalendarSharingRoles(User='...').</summary>
        public string? Principal { get; }

        /// <summary>Parses the decoded segments after /v1.0; <paramref name="me"/> is the signed-in user (null for apps).</summary>
        public static GraphRoute Parse(IReadOnlyList<string> segments, string? me)
        {
            if (segments.Count == 0)
            {
                throw GraphException.BadRequest("BadRequest", "Invalid request: no resource segment.");
            }

            int next;
            string user;
            var isMe = Is(segments[0], "me");
            if (isMe)
            {
                user = me ?? throw GraphException.BadRequest("BadRequest", "/me request is only valid with delegated authentication flow.");
                next = 1;
            }
            else if (Is(segments[0], "groups"))
            {
                // groups, groups/{id}, groups/{id}/members (GraphGroupService).
                if (segments.Count == 1)
                {
                    return new GraphRoute(GraphRouteKind.Groups, string.Empty, false, null, null);
                }

                if (segments.Count == 2 || (segments.Count == 3 && Is(segments[2], "members")))
                {
                    return new GraphRoute(segments.Count == 2 ? GraphRouteKind.Group : GraphRouteKind.GroupMembers, string.Empty, false, null, null) { GroupId = segments[1] };
                }

                throw GraphException.SegmentNotFound(segments[segments.Count == 3 ? 2 : 3]);
            }
            else if (Is(segments[0], "users"))
            {
                if (segments.Count < 2)
                {
                    // GET /users: the directory, for $filter lookups by alias or display name (https://learn.microsoft.com/graph/api/user-list).
                    return new GraphRoute(GraphRouteKind.Users, string.Empty, false, null, null);
                }

                user = segments[1];
                next = 2;
            }
            else
            {
                throw GraphException.SegmentNotFound(segments[0]);
            }

            var rest = segments.Count - next;
            if (rest == 0)
            {
                return new GraphRoute(GraphRouteKind.User, user, isMe, null, null);
            }

            if (rest == 1 && (Is(segments[next], "memberOf") || Is(segments[next], "transitiveMemberOf")))
            {
                return new GraphRoute(Is(segments[next], "memberOf") ? GraphRouteKind.MemberOf : GraphRouteKind.TransitiveMemberOf, user, isMe, null, null);
            }

            var eventRoute = GraphEventRoutes.TryParse(segments, next, user, isMe);
            if (eventRoute != null)
            {
                return eventRoute;
            }

            if (Is(segments[next], "mailboxSettings"))
            {
                if (rest == 1)
                {
                    return new GraphRoute(GraphRouteKind.MailboxSettings, user, isMe, null, null);
                }

                var property = rest == 2 ? Graph.MailboxSettingsJson.Canonical(segments[next + 1]) : null;
                if (property == null)
                {
                    throw GraphException.SegmentNotFound(segments[rest == 2 ? next + 1 : next + 2]);
                }

                return new GraphRoute(GraphRouteKind.MailboxSettings, user, isMe, null, null, property: property);
            }

            string? calendarId = null;
            int permissionsAt;
            if (Is(segments[next], "calendar"))
            {
                if (rest == 1)
                {
                    return new GraphRoute(GraphRouteKind.Calendar, user, isMe, null, null);
                }

                permissionsAt = next + 1;
            }
            else if (Is(segments[next], "calendars"))
            {
                if (rest == 1)
                {
                    return new GraphRoute(GraphRouteKind.Calendars, user, isMe, null, null);
                }

                calendarId = segments[next + 1];
                if (rest == 2)
                {
                    return new GraphRoute(GraphRouteKind.Calendar, user, isMe, calendarId, null);
                }

                permissionsAt = next + 2;
            }
            else
            {
                throw GraphException.SegmentNotFound(segments[next]);
            }

            var function = FunctionParameter(segments[permissionsAt], "allowedCalendarSharingRoles", "User");
            if (function != null && segments.Count == permissionsAt + 1)
            {
                return new GraphRoute(GraphRouteKind.AllowedRoles, user, isMe, calendarId, null, function);
            }

            if (!Is(segments[permissionsAt], "calendarPermissions"))
            {
                throw GraphException.SegmentNotFound(segments[permissionsAt]);
            }

            var after = segments.Count - permissionsAt - 1;
            if (after == 0)
            {
                return new GraphRoute(GraphRouteKind.Permissions, user, isMe, calendarId, null);
            }

            if (after == 1)
            {
                return new GraphRoute(GraphRouteKind.Permission, user, isMe, calendarId, segments[permissionsAt + 1]);
            }

            throw GraphException.SegmentNotFound(segments[permissionsAt + 2]);
        }

        // name(Parameter='value') with '' for a quote inside the value (OData literal).
        private static string? FunctionParameter(string segment, string name, string parameter)
        {
            var prefix = name + "(" + parameter + "='";
            if (!segment.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !segment.EndsWith("')", StringComparison.Ordinal))
            {
                return null;
            }

            return segment.Substring(prefix.Length, segment.Length - prefix.Length - 2).Replace("''", "'");
        }

        private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
    }
}
