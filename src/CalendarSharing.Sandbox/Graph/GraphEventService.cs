using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

using static CalendarSharing.Sandbox.Graph.GraphRequestRules;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// Graph v1.0 events and getSchedule over the organisation's one event store (SandboxOrganization.Events): the
    /// expansion, exceptions, versions, transaction ids and free/busy visibility are the organisation's rules; this class
    /// only renders them as Graph does. calendarView returns occurrences, exceptions and single events, never series
    /// masters; /events returns single events and masters (https://learn.microsoft.com/graph/api/user-list-calendarview,
    /// https://learn.microsoft.com/graph/api/user-list-events).
    /// </summary>
    internal sealed class GraphEventService
    {
        /// <summary>getSchedule limits (https://learn.microsoft.com/graph/outlook-get-free-busy-schedule, calendar-getschedule).</summary>
        public const int MaxSchedules = 20;
        public const int MaxWindowDays = 62;
        public const int MinInterval = 5;
        public const int MaxInterval = 1440;

        private const string WindowRequired = "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.";

        private readonly SandboxOrganization org;

        public GraphEventService(SandboxOrganization org)
        {
            this.org = org;
        }

        public static bool Serves(GraphRouteKind kind) =>
            kind == GraphRouteKind.CalendarView || kind == GraphRouteKind.Events || kind == GraphRouteKind.Event ||
            kind == GraphRouteKind.EventInstances || kind == GraphRouteKind.GetSchedule ||
            kind == GraphRouteKind.CalendarViewDelta;

        public static string OperationName(GraphRoute route, string method)
        {
            switch (route.Kind)
            {
                case GraphRouteKind.CalendarView:
                    return "ListCalendarView";
                case GraphRouteKind.CalendarViewDelta:
                    return "CalendarViewDelta";
                case GraphRouteKind.EventInstances:
                    return "ListEventInstances";
                case GraphRouteKind.GetSchedule:
                    return "GetSchedule";
                case GraphRouteKind.Events:
                    return method == "POST" ? "CreateEvent" : "ListEvents";
                default:
                    return method == "PATCH" ? "UpdateEvent" : method == "DELETE" ? "DeleteEvent" : "GetEvent";
            }
        }

        public GraphResponse Execute(GraphRoute route, GraphRequest request, SandboxMailbox mailbox, SandboxFolder folder, GraphCaller caller, string userContext)
        {
            var calendarPath = route.CalendarId == null ? string.Empty : "/calendars('" + Uri.EscapeDataString(route.CalendarId) + "')";
            var rendering = EventRendering.From(request);
            rendering.Expand(request.Query["$expand"]);
            rendering.FilterProperties = route.Kind != GraphRouteKind.Event && (request.Query["$filter"]?.IndexOf("singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase) ?? -1) >= 0;
            GraphResponse response;
            switch (route.Kind)
            {
                case GraphRouteKind.GetSchedule:
                    RequireMethod(request, "POST");
                    response = GetSchedule(request, caller, rendering);
                    break;
                case GraphRouteKind.CalendarView:
                    RequireMethod(request, "GET");
                    RequireRead(caller, mailbox, folder);
                    var (start, end) = Window(request);
                    var view = org.ExpandWindow(folder, start, end);
                    var viewContext = userContext + (route.CalendarId == null && !HasCalendarSegment(request) ? string.Empty : route.CalendarId == null ? "/calendar" : calendarPath) + "/calendarView";
                    response = Collection(viewContext, view, rendering, request);
                    break;
                case GraphRouteKind.CalendarViewDelta:
                    RequireMethod(request, "GET");
                    RequireRead(caller, mailbox, folder);
                    response = new GraphCalendarViewDelta(org).Execute(route, request, folder, rendering);
                    break;
                case GraphRouteKind.Events:
                    var eventsContext = userContext + (route.CalendarId == null ? (HasCalendarSegment(request) ? "/calendar" : string.Empty) : calendarPath) + "/events";
                    if (request.Method == "POST")
                    {
                        RequireWrite(caller, mailbox, folder);
                        response = Create(request, folder, rendering, eventsContext + "/$entity");
                        break;
                    }

                    RequireMethod(request, "GET");
                    RequireRead(caller, mailbox, folder);
                    var stored = folder.Items.Snapshot().OrderBy(e => e.StartUtc).ThenBy(e => e.Id, StringComparer.Ordinal)
                        .Select(e => new SandboxOccurrence(e, e.IsSeriesMaster ? EventKind.SeriesMaster : EventKind.SingleInstance, e.Id, e.StartUtc, e.EndUtc, null, null))
                        .ToList();
                    response = Collection(eventsContext, stored, rendering, request);
                    break;
                case GraphRouteKind.EventInstances:
                    RequireMethod(request, "GET");
                    var (masterFolder, master) = Find(mailbox, route, folder, HasCalendarSegment(request));
                    RequireRead(caller, mailbox, masterFolder);
                    var (from, to) = Window(request);
                    var instances = master.Kind == EventKind.SeriesMaster ? RecurrenceExpander.Expand(master.Item, from, to).ToList() : new List<SandboxOccurrence>();
                    response = Collection(userContext + "/events('" + Uri.EscapeDataString(master.Id) + "')/instances", instances, rendering, request);
                    break;
                default:
                    response = Item(route, request, mailbox, folder, caller, rendering, userContext);
                    break;
            }

            if (rendering.Applied != null && response.Status < 300)
            {
                response.Headers["Preference-Applied"] = rendering.Applied;
            }

            return response;
        }

        // ------------------------------------------------------------------ events

        private GraphResponse Item(GraphRoute route, GraphRequest request, SandboxMailbox mailbox, SandboxFolder routeFolder, GraphCaller caller, EventRendering rendering, string userContext)
        {
            var (folder, found) = Find(mailbox, route, routeFolder, HasCalendarSegment(request));
            var context = userContext + "/events/$entity";
            switch (request.Method)
            {
                case "GET":
                    RequireRead(caller, mailbox, folder);
                    return Ok(w => GraphEventJson.Write(w, found, rendering, context, request.ServiceRoot));
                case "PATCH":
                    RequireWrite(caller, mailbox, folder);
                    EventEdit edit;
                    using (var document = ParseBody(request))
                    {
                        edit = GraphEventJson.Read(document.RootElement, create: false);
                    }

                    var expected = ExpectedVersion(request, found);
                    var write = org.UpdateEvent(folder, found.Id, found.Kind == EventKind.SingleInstance || found.Kind == EventKind.SeriesMaster ? expected : null, e =>
                    {
                        edit.ApplyTo(e);
                        EventEdit.Check(e);
                    });
                    switch (write.Outcome)
                    {
                        case StoreWriteOutcome.NotFound:
                            throw GraphException.ItemNotFound();
                        case StoreWriteOutcome.Stale:
                            throw Stale();
                    }

                    var updated = org.FindItem(folder, found.Id) ?? throw GraphException.ItemNotFound();
                    return Ok(w => GraphEventJson.Write(w, updated, rendering, context, request.ServiceRoot));
                case "DELETE":
                    RequireWrite(caller, mailbox, folder);
                    ExpectedVersion(request, found);
                    if (!org.DeleteEvent(folder, found.Id))
                    {
                        throw GraphException.ItemNotFound();
                    }

                    return new GraphResponse(204, null);
                default:
                    throw MethodNotAllowed(request);
            }
        }

        /// <summary>
        /// POST …/events. A transactionId already used in this calendar returns the event it made when the retry describes
        /// the same event (the store's rule: a retried create makes one event,
        /// https://learn.microsoft.com/graph/api/resources/event#properties); reusing it for a different event is
        /// 400 ErrorDuplicateTransactionId, the code Exchange Online is observed to send.
        /// </summary>
        private GraphResponse Create(GraphRequest request, SandboxFolder folder, EventRendering rendering, string context)
        {
            EventEdit edit;
            using (var document = ParseBody(request))
            {
                edit = GraphEventJson.Read(document.RootElement, create: true);
            }

            if (!edit.Start.HasValue || !edit.End.HasValue)
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "An event needs a start and an end.");
            }

            if (edit.TransactionId != null)
            {
                var earlier = org.FindByTransactionId(folder, edit.TransactionId);
                if (earlier != null && !edit.SameAs(earlier))
                {
                    throw GraphException.BadRequest("ErrorDuplicateTransactionId",
                        "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.");
                }
            }

            var draft = new SandboxEvent { TransactionId = edit.TransactionId, Organizer = folder.Mailbox.Address };
            edit.ApplyTo(draft);
            EventEdit.Check(draft);
            var created = org.CreateEvent(folder, draft);
            var item = org.FindItem(folder, created.Id) ?? throw GraphException.ItemNotFound();
            return new GraphResponse(201, GraphJson.Write(w => GraphEventJson.Write(w, item, rendering, context, request.ServiceRoot)));
        }

        private (SandboxFolder Folder, SandboxOccurrence Item) Find(SandboxMailbox mailbox, GraphRoute route, SandboxFolder routeFolder, bool namesCalendar)
        {
            var id = route.EventId!;
            if (EventIds.MailboxOf(id) == null)
            {
                throw GraphException.BadRequest("ErrorInvalidIdMalformed", "Id is malformed.");
            }

            if (route.CalendarId != null || namesCalendar)
            {
                var item = org.FindItem(routeFolder, id) ?? throw GraphException.ItemNotFound();
                return (routeFolder, item);
            }

            var found = org.FindEventAnywhere(mailbox, id) ?? throw GraphException.ItemNotFound();
            return (found.Folder, found.Item);
        }

        private static bool HasCalendarSegment(GraphRequest request) =>
            request.Segments.Any(s => string.Equals(s, "calendar", StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// If-Match (weak compare, "*" matches anything): the version it names, or 412 ErrorIrresolvableConflict when it
        /// names an older one (observed on Outlook items: msgraph-sdk-dotnet#1201). Null when the request has none.
        /// </summary>
        private static long? ExpectedVersion(GraphRequest request, SandboxOccurrence current)
        {
            var ifMatch = request.Header("If-Match");
            if (ifMatch == null)
            {
                return null;
            }

            foreach (var candidate in ifMatch.Split(','))
            {
                var tag = Unquote(candidate);
                if (tag == "*")
                {
                    return null;
                }

                if (EventIds.VersionOf(tag) == current.Item.Version && tag == EventIds.ChangeKey(current.Item))
                {
                    return current.Item.Version;
                }
            }

            throw Stale();
        }

        private static GraphException Stale() => new GraphException(412, "ErrorIrresolvableConflict",
            "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.");

        private static string Unquote(string tag)
        {
            var t = tag.Trim();
            if (t.StartsWith("W/", StringComparison.OrdinalIgnoreCase))
            {
                t = t.Substring(2);
            }

            return t.Trim('"');
        }

        /// <summary>startDateTime and endDateTime (names case-insensitive; an offset is honoured, none means UTC).</summary>
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

        private static GraphResponse Collection(string context, IEnumerable<SandboxOccurrence> items, EventRendering rendering, GraphRequest request) => Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteStartArray("value");
            foreach (var item in items)
            {
                GraphEventJson.Write(w, item, rendering, null, request.ServiceRoot);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

        /// <summary>
        /// Owner context (an app, or the signed-in user on her own mailbox) reads everything; a delegated caller on another
        /// mailbox needs full details on that calendar (Reviewer or more) to read its events, and create and edit rights
        /// to write them (https://learn.microsoft.com/graph/outlook-share-or-delegate-calendar).
        /// </summary>
        private static void RequireRead(GraphCaller caller, SandboxMailbox mailbox, SandboxFolder folder)
        {
            if (!caller.IsOwner(mailbox.Account) && Rights(caller, folder).ReadItems != "FullDetails")
            {
                throw GraphException.AccessDenied();
            }
        }

        private static void RequireWrite(GraphCaller caller, SandboxMailbox mailbox, SandboxFolder folder)
        {
            if (caller.IsOwner(mailbox.Account))
            {
                return;
            }

            var rights = Rights(caller, folder);
            if (!rights.CanCreateItems || rights.EditItems != "All")
            {
                throw GraphException.AccessDenied();
            }
        }

        private static PermissionRights Rights(GraphCaller caller, SandboxFolder folder)
        {
            var entries = folder.Read().Entries;
            var entry = entries.FirstOrDefault(e => e.Type == PrincipalType.Internal && string.Equals(e.Address, caller.User!.Address, StringComparison.OrdinalIgnoreCase))
                ?? entries.First(e => e.Type == PrincipalType.Default);
            return entry.Rights;
        }

        // ------------------------------------------------------------------ getSchedule

        /// <summary>
        /// POST …/calendar/getSchedule (https://learn.microsoft.com/graph/api/calendar-getschedule): parameter names in any
        /// case (the SDK sends the CSDL's PascalCase), the interval as a number or a numeric string, at most 20 schedules,
        /// a window under 62 days, an interval of 5 to 1440 minutes. A schedule that cannot be read carries its own error;
        /// the call itself succeeds. Items are in UTC unless Prefer: outlook.timezone says otherwise.
        /// </summary>
        private GraphResponse GetSchedule(GraphRequest request, GraphCaller caller, EventRendering rendering)
        {
            List<string> schedules;
            DateTime startUtc, endUtc;
            int interval;
            using (var document = ParseBody(request))
            {
                var body = document.RootElement;
                var list = Parameter(body, "Schedules");
                if (list is null || list.Value.ValueKind != JsonValueKind.Array || list.Value.GetArrayLength() == 0)
                {
                    throw GraphException.BadRequest("ErrorInvalidParameter", "The request needs Schedules: the SMTP addresses of the users, rooms or distribution lists.");
                }

                schedules = list.Value.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()!.Trim() : s.GetRawText()).ToList();
                var startElement = Parameter(body, "StartTime") ?? throw GraphException.BadRequest("ErrorInvalidParameter", "The request needs a StartTime.");
                var endElement = Parameter(body, "EndTime") ?? throw GraphException.BadRequest("ErrorInvalidParameter", "The request needs an EndTime.");
                startUtc = GraphEventJson.DateTimeTimeZone(startElement, "StartTime").Utc;
                endUtc = GraphEventJson.DateTimeTimeZone(endElement, "EndTime").Utc;
                interval = Interval(Parameter(body, "AvailabilityViewInterval"));
            }

            if (schedules.Count > MaxSchedules)
            {
                throw GraphException.BadRequest("ErrorInvalidParameter",
                    "The number of schedules requested (" + schedules.Count.ToString(CultureInfo.InvariantCulture) + ") exceeds the maximum of " + MaxSchedules.ToString(CultureInfo.InvariantCulture) + ".");
            }

            if (endUtc <= startUtc)
            {
                throw GraphException.BadRequest("ErrorInvalidParameter", "The EndTime must be later than the StartTime.");
            }

            if (endUtc - startUtc >= TimeSpan.FromDays(MaxWindowDays))
            {
                throw GraphException.BadRequest("ErrorInvalidParameter", "The requested time window must be less than " + MaxWindowDays.ToString(CultureInfo.InvariantCulture) + " days.");
            }

            if (interval < MinInterval || interval > MaxInterval)
            {
                throw GraphException.BadRequest("ErrorInvalidParameter",
                    "AvailabilityViewInterval must be between " + MinInterval.ToString(CultureInfo.InvariantCulture) + " and " + MaxInterval.ToString(CultureInfo.InvariantCulture) + " minutes.");
            }

            var callerAddress = caller.User?.Address; // null: an application, as the organisation's FreeBusy rule takes it
            var answers = schedules.Select(s => org.FreeBusy(callerAddress, s, startUtc, endUtc)).ToList();
            return Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", request.ServiceRoot + "/$metadata#Collection(microsoft.graph.scheduleInformation)");
                w.WriteStartArray("value");
                foreach (var answer in answers)
                {
                    WriteSchedule(w, answer, startUtc, endUtc, interval, rendering);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private void WriteSchedule(Utf8JsonWriter w, FreeBusyAnswer answer, DateTime startUtc, DateTime endUtc, int interval, EventRendering rendering)
        {
            w.WriteStartObject();
            w.WriteString("scheduleId", answer.Mailbox);
            if (answer.Problem.HasValue)
            {
                w.WriteStartObject("error");
                if (answer.Problem == FreeBusyProblem.MailboxNotFound)
                {
                    w.WriteString("message", "Failed to resolve the recipient '" + answer.Mailbox + "'.");
                    w.WriteString("responseCode", "ErrorMailRecipientNotFound");
                }
                else
                {
                    w.WriteString("message", "The caller may not see the free/busy information of '" + answer.Mailbox + "'.");
                    w.WriteString("responseCode", "ErrorAccessDenied");
                }

                w.WriteEndObject();
                w.WriteEndObject();
                return;
            }

            w.WriteString("availabilityView", AvailabilityView(answer.Blocks, startUtc, endUtc, interval));
            w.WriteStartArray("scheduleItems");
            foreach (var block in answer.Blocks)
            {
                w.WriteStartObject();
                w.WriteBoolean("isPrivate", block.IsPrivate);
                w.WriteString("status", GraphEventJson.ShowAs(block.ShowAs));
                if (block.Subject != null)
                {
                    w.WriteString("subject", block.Subject);
                }

                if (block.Location != null)
                {
                    w.WriteString("location", block.Location);
                }

                GraphEventJson.WriteDateTime(w, "start", block.StartUtc, rendering);
                GraphEventJson.WriteDateTime(w, "end", block.EndUtc, rendering);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            var mailbox = org.FindMailbox(answer.Mailbox);
            if (mailbox != null)
            {
                w.WritePropertyName("workingHours");
                lock (mailbox.DelegateGate)
                {
                    MailboxSettingsJson.WriteValue(w, mailbox, "workingHours");
                }
            }

            w.WriteEndObject();
        }

        /// <summary>
        /// One digit per interval, the busiest status of the items overlapping it: 0 free, 1 tentative, 2 busy, 3 out of
        /// office, 4 working elsewhere (https://learn.microsoft.com/graph/api/resources/scheduleinformation). The concept
        /// page (https://learn.microsoft.com/graph/outlook-get-free-busy-schedule) shows working elsewhere as 0;
        /// SandboxOptions.GraphWorkingElsewhereAsFree renders it that way, so clients that need the status read scheduleItems.
        /// </summary>
        private string AvailabilityView(IReadOnlyList<FreeBusyBlock> blocks, DateTime startUtc, DateTime endUtc, int interval)
        {
            var digits = new System.Text.StringBuilder();
            var step = TimeSpan.FromMinutes(interval);
            for (var s = startUtc; s < endUtc; s += step)
            {
                var e = s + step;
                var rank = 0;
                foreach (var b in blocks)
                {
                    if (b.StartUtc < e && b.EndUtc > s)
                    {
                        rank = Math.Max(rank, Rank(b.ShowAs));
                    }
                }

                digits.Append(Digit(rank));
            }

            return digits.ToString();
        }

        // Busiest first: oof > busy > tentative > working elsewhere > free.
        private static int Rank(EventShowAs s)
        {
            switch (s)
            {
                case EventShowAs.OutOfOffice: return 4;
                case EventShowAs.Busy: return 3;
                case EventShowAs.Tentative: return 2;
                case EventShowAs.WorkingElsewhere: return 1;
                default: return 0;
            }
        }

        private char Digit(int rank)
        {
            switch (rank)
            {
                case 4: return '3';
                case 3: return '2';
                case 2: return '1';
                case 1: return org.Options.GraphWorkingElsewhereAsFree ? '0' : '4';
                default: return '0';
            }
        }

        private static JsonElement? Parameter(JsonElement body, string name)
        {
            foreach (var p in body.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return p.Value;
                }
            }

            return null;
        }

        private static int Interval(JsonElement? value)
        {
            if (value is null || value.Value.ValueKind == JsonValueKind.Null)
            {
                return 30;
            }

            var v = value.Value;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
            {
                return n;
            }

            if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            throw GraphException.BadRequest("RequestBodyRead", "Cannot convert the literal '" + v.GetRawText() + "' to the expected type 'Edm.Int32'.");
        }

        // ------------------------------------------------------------------ helpers

        private static GraphResponse Ok(Action<Utf8JsonWriter> write) => new GraphResponse(200, GraphJson.Write(write));
    }
}
