using System;
using System.Globalization;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using GraphEvent = Microsoft.Graph.Models.Event;
using GetSchedulePostRequestBody = Microsoft.Graph.Users.Item.Calendar.GetSchedule.GetSchedulePostRequestBody;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The event and schedule requests, built with the real SDK's request builders (sending is the gateway's job). A
    /// calendar is the default one (<c>calendarId</c> null: <c>/users/{id}/calendar/…</c>) or a secondary one
    /// (<c>/users/{id}/calendars/{calendarId}/…</c>). Every event-returning request carries
    /// <c>Prefer: outlook.timezone</c> (https://learn.microsoft.com/graph/api/user-list-calendarview#request-headers), so
    /// start and end come back in a zone we name instead of the server's default.
    /// </summary>
    internal sealed class GraphEventRequests
    {
        private readonly GraphServiceClient client;

        public GraphEventRequests(GraphServiceClient client)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>The Prefer header value for a zone (a Windows or IANA name, quoted as the docs show it).</summary>
        public static string PreferZone(string zone) => "outlook.timezone=\"" + zone + "\"";

        /// <summary>
        /// GET …/calendarView?startDateTime&amp;endDateTime&amp;$top (paged: follow @odata.nextLink). The window is sent as
        /// UTC with its offset, which calendarView honours (https://learn.microsoft.com/graph/api/user-list-calendarview).
        /// </summary>
        public RequestInformation CalendarView(string mailbox, string? calendarId, DateTimeOffset start, DateTimeOffset end, int top, string zone, string[]? expand)
        {
            var s = Iso(start);
            var e = Iso(end);
            return calendarId == null
                ? client.Users[mailbox].Calendar.CalendarView.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.StartDateTime = s;
                    rc.QueryParameters.EndDateTime = e;
                    rc.QueryParameters.Top = top;
                    rc.QueryParameters.Expand = expand;
                    rc.Headers.Add("Prefer", PreferZone(zone));
                })
                : client.Users[mailbox].Calendars[calendarId].CalendarView.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.StartDateTime = s;
                    rc.QueryParameters.EndDateTime = e;
                    rc.QueryParameters.Top = top;
                    rc.QueryParameters.Expand = expand;
                    rc.Headers.Add("Prefer", PreferZone(zone));
                });
        }

        /// <summary>GET /users/{id}/events/{id}, with $expand (exceptionOccurrences, singleValueExtendedProperties($filter=…)).</summary>
        public RequestInformation GetEvent(string mailbox, string id, string zone, string[]? expand) =>
            client.Users[mailbox].Events[id].ToGetRequestInformation(rc =>
            {
                rc.QueryParameters.Expand = expand;
                rc.Headers.Add("Prefer", PreferZone(zone));
            });

        /// <summary>POST …/calendar/events or …/calendars/{id}/events.</summary>
        public RequestInformation CreateEvent(string mailbox, string? calendarId, GraphEvent body, string zone) =>
            calendarId == null
                ? client.Users[mailbox].Calendar.Events.ToPostRequestInformation(body, rc => rc.Headers.Add("Prefer", PreferZone(zone)))
                : client.Users[mailbox].Calendars[calendarId].Events.ToPostRequestInformation(body, rc => rc.Headers.Add("Prefer", PreferZone(zone)));

        /// <summary>PATCH /users/{id}/events/{id}, with If-Match when a version is expected.</summary>
        public RequestInformation PatchEvent(string mailbox, string id, GraphEvent patch, string? etag, string zone) =>
            client.Users[mailbox].Events[id].ToPatchRequestInformation(patch, rc =>
            {
                rc.Headers.Add("Prefer", PreferZone(zone));
                if (etag != null)
                {
                    rc.Headers.Add("If-Match", etag);
                }
            });

        /// <summary>DELETE /users/{id}/events/{id} (no cancellation text: https://learn.microsoft.com/graph/api/event-delete).</summary>
        public RequestInformation DeleteEvent(string mailbox, string id) =>
            client.Users[mailbox].Events[id].ToDeleteRequestInformation();

        /// <summary>POST /users/{id}/calendar/getSchedule (https://learn.microsoft.com/graph/api/calendar-getschedule).</summary>
        public RequestInformation GetSchedule(string mailbox, GetSchedulePostRequestBody body, string zone) =>
            client.Users[mailbox].Calendar.GetSchedule.ToPostRequestInformation(body, rc => rc.Headers.Add("Prefer", PreferZone(zone)));

        /// <summary>The next page exactly as the server linked it, with the same Prefer header (a link does not carry headers).</summary>
        public static RequestInformation NextPage(string nextLink, string zone)
        {
            var request = GraphRequests.NextPage(nextLink);
            request.Headers.TryAdd("Prefer", PreferZone(zone));
            return request;
        }

        private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
