using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// The event paths of Graph v1.0 the sandbox serves (segment names case-insensitive), after users/{id} or /me:
    /// calendarView, calendar/calendarView, calendars/{id}/calendarView (https://learn.microsoft.com/graph/api/user-list-calendarview);
    /// events, calendar/events, calendars/{id}/events (https://learn.microsoft.com/graph/api/user-list-events,
    /// https://learn.microsoft.com/graph/api/user-post-events); …/events/{id} and …/events/{id}/instances
    /// (https://learn.microsoft.com/graph/api/event-list-instances); calendar/getSchedule and calendars/{id}/getSchedule
    /// (https://learn.microsoft.com/graph/api/calendar-getschedule). Anything else is left to GraphRoute.
    /// </summary>
    internal static class GraphEventRoutes
    {
        public static GraphRoute? TryParse(IReadOnlyList<string> segments, int next, string user, bool isMe)
        {
            string? calendarId = null;
            var at = next;
            if (Is(segments[at], "calendar"))
            {
                at++;
            }
            else if (Is(segments[at], "calendars") && segments.Count > at + 2)
            {
                calendarId = segments[at + 1];
                at += 2;
            }

            if (at >= segments.Count)
            {
                return null;
            }

            var rest = segments.Count - at;
            var name = segments[at];
            if (Is(name, "calendarView") && rest == 1)
            {
                return GraphRoute.ForEvents(GraphRouteKind.CalendarView, user, isMe, calendarId, null);
            }

            // calendarView/delta and the SDK's calendarView/delta() (https://learn.microsoft.com/graph/api/event-delta).
            if (Is(name, "calendarView") && rest == 2 && GraphCalendarViewDelta.IsDelta(segments[at + 1]))
            {
                return GraphRoute.ForEvents(GraphRouteKind.CalendarViewDelta, user, isMe, calendarId, null);
            }

            if (Is(name, "getSchedule") && rest == 1 && at > next)
            {
                return GraphRoute.ForEvents(GraphRouteKind.GetSchedule, user, isMe, calendarId, null);
            }

            if (!Is(name, "events"))
            {
                return null;
            }

            switch (rest)
            {
                case 1:
                    return GraphRoute.ForEvents(GraphRouteKind.Events, user, isMe, calendarId, null);
                case 2:
                    return GraphRoute.ForEvents(GraphRouteKind.Event, user, isMe, calendarId, segments[at + 1]);
                case 3 when Is(segments[at + 2], "instances"):
                    return GraphRoute.ForEvents(GraphRouteKind.EventInstances, user, isMe, calendarId, segments[at + 1]);
                default:
                    throw GraphException.SegmentNotFound(segments[at + 2]);
            }
        }

        private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
    }
}
