using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// GET …/calendarView/delta (and delta(), the SDK's spelling; default calendar, /calendar/ and /calendars/{id}/), as
    /// https://learn.microsoft.com/graph/api/event-delta describes it: the first request names the window
    /// (startDateTime, endDateTime, any case), later ones only the service's own $skiptoken (a next page) or $deltatoken
    /// (the next round); pages of Prefer: odata.maxpagesize entries; @odata.nextLink on every page but the last, which
    /// carries @odata.deltaLink; deletions as {"@odata.type","id","@removed":{"reason":"deleted"}}; an expired token
    /// 410 SyncStateNotFound (observed in microsoftgraph/microsoft-graph-docs#2350). $select, $expand, $filter and
    /// $orderby are not supported on delta (400). The rule is the organisation's (SandboxOrganization.CalendarDelta);
    /// this class only renders it.
    /// </summary>
    internal sealed class GraphCalendarViewDelta
    {
        private const string WindowRequired = "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.";

        private readonly SandboxOrganization org;

        public GraphCalendarViewDelta(SandboxOrganization org)
        {
            this.org = org;
        }

        public static bool IsDelta(string segment) =>
            string.Equals(segment, "delta", StringComparison.OrdinalIgnoreCase) || string.Equals(segment, "delta()", StringComparison.OrdinalIgnoreCase);

        public GraphResponse Execute(GraphRoute route, GraphRequest request, SandboxFolder folder, EventRendering rendering)
        {
            switch (org.DeltaFault())
            {
                case CalendarDeltaProblem.InjectedThrottling:
                    var throttled = new GraphResponse(429, GraphJson.Error("ApplicationThrottled", "Application is over its MailboxConcurrency limit.", Guid.NewGuid().ToString(), null));
                    throttled.Headers["Retry-After"] = org.Options.GraphRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    return throttled;
                case CalendarDeltaProblem.InjectedFailure:
                    throw new GraphException(500, "ErrorInternalServerError", "An internal server error occurred. The operation failed.");
            }

            var query = request.Query;
            var size = MaxPageSize(request);
            CalendarDeltaRound? round;
            CalendarDeltaProblem? problem = null;
            var offset = 0;
            var skip = query["$skiptoken"];
            var delta = query["$deltatoken"];
            if (skip != null)
            {
                round = ParseSkip(skip, out var roundId, out offset) ? org.FindDeltaRound(folder, roundId, out problem) : null;
            }
            else if (delta != null)
            {
                round = org.ContinueDelta(folder, delta, size, out problem);
            }
            else
            {
                var (start, end) = Window(request);
                round = org.StartDelta(folder, start, end, size ?? Math.Max(1, org.Options.GraphPageSize > 0 ? org.Options.GraphPageSize : 10));
            }

            if (round is null || offset < 0 || offset > round.Entries.Count)
            {
                throw new GraphException(410, "SyncStateNotFound", "The sync state generation is not found; generation=" + folder.Items.Epoch.ToString(CultureInfo.InvariantCulture) + ";");
            }

            var pageSize = size ?? round.PageSize;
            var page = round.Entries.Skip(offset).Take(pageSize).ToList();
            var link = request.ServiceRoot + "/users/" + Uri.EscapeDataString(route.UserSegment)
                + (route.CalendarId != null ? "/calendars/" + Uri.EscapeDataString(route.CalendarId) : request.Segments.Any(s => string.Equals(s, "calendar", StringComparison.OrdinalIgnoreCase)) ? "/calendar" : string.Empty)
                + "/calendarView/delta";
            var more = offset + page.Count < round.Entries.Count;
            return new GraphResponse(200, GraphJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", request.ServiceRoot + "/$metadata#Collection(event)");
                if (more)
                {
                    w.WriteString("@odata.nextLink", link + "?$skiptoken=" + Skip(round.Id, offset + page.Count));
                }
                else
                {
                    w.WriteString("@odata.deltaLink", link + "?$deltatoken=" + round.DeltaToken);
                }

                w.WriteStartArray("value");
                foreach (var entry in page)
                {
                    if (entry.Item is null)
                    {
                        w.WriteStartObject();
                        w.WriteString("@odata.type", "#microsoft.graph.event");
                        w.WriteString("id", entry.Id);
                        w.WriteStartObject("@removed");
                        w.WriteString("reason", "deleted");
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                    else
                    {
                        GraphEventJson.Write(w, entry.Item, rendering, null, request.ServiceRoot);
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }));
        }

        /// <summary>Prefer: odata.maxpagesize=N (https://learn.microsoft.com/graph/api/event-delta#request-headers); null when not asked.</summary>
        private static int? MaxPageSize(GraphRequest request)
        {
            var prefer = request.Header("Prefer");
            var match = prefer == null ? null : Regex.Match(prefer, "odata\\.maxpagesize\\s*=\\s*(?<n>\\d+)", RegexOptions.IgnoreCase);
            return match != null && match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
        }

        private static (DateTime Start, DateTime End) Window(GraphRequest request)
        {
            string? start = null, end = null;
            foreach (var p in request.Query.Others)
            {
                if (string.Equals(p.Key, "startDateTime", StringComparison.OrdinalIgnoreCase))
                {
                    start = p.Value;
                }
                else if (string.Equals(p.Key, "endDateTime", StringComparison.OrdinalIgnoreCase))
                {
                    end = p.Value;
                }
            }

            if (string.IsNullOrWhiteSpace(start) || string.IsNullOrWhiteSpace(end))
            {
                throw GraphException.BadRequest("ErrorInvalidParameter", WindowRequired);
            }

            var s = Instant(start!);
            var e = Instant(end!);
            if (e < s)
            {
                throw GraphException.BadRequest("ErrorInvalidParameter", "The EndDateTime must be later than the StartDateTime.");
            }

            return (s, e);
        }

        private static DateTime Instant(string text)
        {
            if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                throw GraphException.BadRequest("ErrorInvalidParameter", "'" + text + "' is not a valid ISO 8601 date and time.");
            }

            return value.UtcDateTime;
        }

        private static string Skip(string roundId, int offset) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(roundId + ":" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static bool ParseSkip(string token, out string roundId, out int offset)
        {
            roundId = string.Empty;
            offset = 0;
            try
            {
                var body = token.Replace('-', '+').Replace('_', '/');
                body = body.PadRight(body.Length + ((4 - (body.Length % 4)) % 4), '=');
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(body));
                var colon = text.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                {
                    return false;
                }

                roundId = text.Substring(0, colon);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
