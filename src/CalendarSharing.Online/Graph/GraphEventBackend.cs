using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using Microsoft.Graph.Models;
using GraphCalendar = Microsoft.Graph.Models.Calendar;
using GraphEvent = Microsoft.Graph.Models.Event;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The Events and Availability capabilities over Microsoft Graph v1.0: calendarView (paged, Prefer:
    /// outlook.timezone), series masters with their exceptions, creates with transactionId, PATCH with If-Match, DELETE,
    /// and getSchedule. It shares the connection's gateway (sign-in, retries, $batch) with <see cref="GraphCalendarBackend"/>;
    /// loops, window splitting and per-row errors are Core's.
    /// </summary>
    public sealed partial class GraphEventBackend : ICalendarEventBackend
    {
        /// <summary>Most items one calendarView page asks for ($top).</summary>
        internal const int PageSize = 100;

        /// <summary>Items one ReadWindowAsync returns at most when the query names no cap (the EWS CalendarView cap, so Core splits alike).</summary>
        internal const int DefaultCap = 1000;

        private readonly GraphConnectionOptions options;
        private readonly GraphGateway gateway;
        private readonly GraphRequests requests;
        private readonly GraphEventRequests eventRequests;
        private readonly ConcurrentDictionary<string, (string Id, string Name)> calendarIds = new ConcurrentDictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);

        internal GraphEventBackend(GraphConnectionOptions options, GraphGateway gateway, GraphRequests requests)
        {
            this.options = options;
            this.gateway = gateway;
            this.requests = requests;
            eventRequests = new GraphEventRequests(gateway.Client);
        }

        // ---------------------------------------------------------------- Read

        public async Task<EventWindowRead> ReadWindowAsync(EventWindowQuery query, CancellationToken cancellationToken)
        {
            var calendar = await ResolveAsync(query.Calendar, cancellationToken).ConfigureAwait(false);
            var cap = Math.Max(1, query.MaxItems ?? DefaultCap);
            var zone = query.TimeZone ?? "UTC";
            var expand = Expand(query.Properties, exceptions: false);
            var (items, truncated) = await ViewAsync(query.Calendar, calendar.Id, query.Start, query.End, cap, zone, expand, cancellationToken).ConfigureAwait(false);

            var events = new List<CalendarEvent>();
            if (!query.AsSeries)
            {
                events.AddRange(items.Select(e => GraphEventMapping.ToModel(e, query.Calendar.Mailbox, calendar.Name, query.TimeZone, query.Properties)));
            }
            else
            {
                // calendarView never returns masters (https://learn.microsoft.com/graph/api/user-list-calendarview): the
                // single events are taken as they are, each series once, read with its exceptions in one $batch.
                events.AddRange(items.Where(e => e.Type != EventType.Occurrence && e.Type != EventType.Exception)
                    .Select(e => GraphEventMapping.ToModel(e, query.Calendar.Mailbox, calendar.Name, query.TimeZone, query.Properties)));
                var masterIds = items.Where(e => !string.IsNullOrEmpty(e.SeriesMasterId)).Select(e => e.SeriesMasterId!).Distinct(StringComparer.Ordinal).ToList();
                var steps = masterIds.Select(id => new GraphStep(
                    eventRequests.GetEvent(query.Calendar.Mailbox, id, zone, Expand(query.Properties, exceptions: true)),
                    $"Cannot read the series {id} of {query.Calendar.DisplayText}",
                    NotFoundMeans.Item)).ToList();
                await gateway.ExecuteAsync(steps, cancellationToken).ConfigureAwait(false);
                foreach (var step in steps)
                {
                    if (!step.IsSuccess)
                    {
                        // A series deleted between the two reads is simply gone; anything else fails the read (never a short list).
                        if (step.Error?.Code == BackendErrorCode.ItemNotFound)
                        {
                            continue;
                        }

                        throw new BackendException(step.Error ?? Unexpected(step));
                    }

                    var master = await step.ParseAsync(GraphEvent.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                    if (master != null)
                    {
                        events.Add(GraphEventMapping.ToModel(master, query.Calendar.Mailbox, calendar.Name, query.TimeZone, query.Properties));
                    }
                }

                events.Sort((a, b) => a.Start.CompareTo(b.Start));
            }

            return new EventWindowRead(events, truncated) { CalendarName = calendar.Name };
        }

        public async Task<CalendarEvent?> GetEventAsync(CalendarAddress calendar, string id, IReadOnlyList<string>? properties, CancellationToken cancellationToken)
        {
            var resolved = await ResolveAsync(calendar, cancellationToken).ConfigureAwait(false);
            var names = properties ?? Array.Empty<string>();
            var step = new GraphStep(eventRequests.GetEvent(calendar.Mailbox, id, "UTC", Expand(names, exceptions: true)), $"Cannot read the event {id} of {calendar.DisplayText}", NotFoundMeans.Item);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                if (step.Error?.Code == BackendErrorCode.ItemNotFound)
                {
                    return null;
                }

                throw new BackendException(step.Error ?? Unexpected(step));
            }

            var e = await step.ParseAsync(GraphEvent.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            return e == null ? null : GraphEventMapping.ToModel(e, calendar.Mailbox, resolved.Name, null, names);
        }

        public async Task<CalendarEvent?> FindByTransactionIdAsync(CalendarAddress calendar, string transactionId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
        {
            var resolved = await ResolveAsync(calendar, cancellationToken).ConfigureAwait(false);
            // transactionId comes back on events an app created with one (https://learn.microsoft.com/graph/api/resources/event#properties).
            var (items, _) = await ViewAsync(calendar, resolved.Id, start.AddMinutes(-1), end.AddMinutes(1), int.MaxValue - 1, "UTC", null, cancellationToken).ConfigureAwait(false);
            var found = items.FirstOrDefault(e => string.Equals(e.TransactionId, transactionId, StringComparison.Ordinal));
            return found == null ? null : GraphEventMapping.ToModel(found, calendar.Mailbox, resolved.Name, null, Array.Empty<string>());
        }

        /// <summary>The calendarView of a window, page after page, up to <paramref name="cap"/> items (more: truncated).</summary>
        private async Task<(List<GraphEvent> Items, bool Truncated)> ViewAsync(CalendarAddress address, string? calendarId, DateTimeOffset start, DateTimeOffset end, int cap, string zone, string[]? expand, CancellationToken cancellationToken)
        {
            var what = $"Cannot read the events of {address.DisplayText}";
            var notFound = calendarId == null ? NotFoundMeans.Mailbox : NotFoundMeans.Calendar;
            var top = (int)Math.Min(PageSize, (long)cap + 1);
            var step = new GraphStep(eventRequests.CalendarView(address.Mailbox, calendarId, start, end, top, zone, expand), what, notFound);
            var items = new List<GraphEvent>();
            for (var page = 0; ; page++)
            {
                await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
                if (!step.IsSuccess)
                {
                    // A page that cannot be read fails the whole read: a failed read is never an empty calendar.
                    throw new BackendException(step.Error ?? Unexpected(step));
                }

                var body = await step.ParseAsync(EventCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                items.AddRange(body?.Value ?? new List<GraphEvent>());
                if (items.Count > cap)
                {
                    items.RemoveRange(cap, items.Count - cap);
                    return (items, true);
                }

                var next = body?.OdataNextLink;
                if (string.IsNullOrEmpty(next))
                {
                    return (items, false);
                }

                if (page >= 10_000)
                {
                    throw new BackendException(new BackendError(BackendErrorCode.ServerFault, what + ": Graph kept sending next pages.", "TooManyPages"));
                }

                step = new GraphStep(GraphEventRequests.NextPage(next!, zone), what, notFound);
            }
        }

        private static string[]? Expand(IReadOnlyList<string> properties, bool exceptions)
        {
            var parts = new List<string>();
            if (exceptions)
            {
                parts.Add("exceptionOccurrences");
            }

            if (properties.Count > 0)
            {
                // https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get
                parts.Add("singleValueExtendedProperties($filter=" + string.Join(" or ", properties.Select(p => "id eq '" + GraphEventMapping.PropertyId(p).Replace("'", "''") + "'")) + ")");
            }

            return parts.Count == 0 ? null : parts.ToArray();
        }

        // ---------------------------------------------------------------- Write

        public async Task<CalendarEvent> CreateEventAsync(CalendarAddress calendar, EventDraft draft, CancellationToken cancellationToken)
        {
            var resolved = await ResolveAsync(calendar, cancellationToken).ConfigureAwait(false);

            // Graph has no counterpart of EWS SendMeetingInvitations=SendToNone: an event created with attendees is a
            // meeting and Exchange Online sends its requests (https://learn.microsoft.com/graph/api/user-post-events).
            var body = GraphEventMapping.ToGraph(draft, create: true, draft.Properties);
            var step = new GraphStep(eventRequests.CreateEvent(calendar.Mailbox, resolved.Id, body, "UTC"), $"Cannot create the event '{draft.Subject}' in {calendar.DisplayText}", resolved.Id == null ? NotFoundMeans.Mailbox : NotFoundMeans.Calendar);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                // A transactionId already used: observed as 400 ErrorDuplicateTransactionId (not documented); the event the
                // first attempt made is the answer, found by its transactionId.
                if (draft.TransactionId != null && step.Error?.ServerCode?.StartsWith("ErrorDuplicateTransactionId", StringComparison.OrdinalIgnoreCase) == true
                    && draft.Start.HasValue && draft.End.HasValue)
                {
                    var earlier = await FindByTransactionIdAsync(calendar, draft.TransactionId, draft.Start.Value, draft.End.Value, cancellationToken).ConfigureAwait(false);
                    if (earlier != null)
                    {
                        Trace($"{calendar.DisplayText}: transaction {draft.TransactionId} was already used; returning the event it made");
                        return earlier;
                    }

                    throw new BackendException(new BackendError(BackendErrorCode.Conflict, step.Error.Message + " The event that transaction made is not in the window.", step.Error.ServerCode));
                }

                throw new BackendException(step.Error ?? Unexpected(step));
            }

            var created = await step.ParseAsync(GraphEvent.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false)
                ?? throw new BackendException(new BackendError(BackendErrorCode.ServerFault, step.What + ": Graph answered without the event."));
            return GraphEventMapping.ToModel(created, calendar.Mailbox, resolved.Name, null, (draft.Properties?.Keys ?? (ICollection<string>)Array.Empty<string>()).ToList());
        }

        public async Task<CalendarEvent> UpdateEventAsync(CalendarAddress calendar, string id, string? expectedVersion, EventDraft changes, CancellationToken cancellationToken)
        {
            var resolved = await ResolveAsync(calendar, cancellationToken).ConfigureAwait(false);
            if (changes.TimeZone == null && (changes.Start.HasValue || changes.End.HasValue || changes.Recurrence != null))
            {
                // New times without a zone keep the event's own zone: Graph takes the zone of start/end as the event's
                // new originalStartTimeZone (https://learn.microsoft.com/graph/api/event-update).
                var current = await GetEventAsync(calendar, id, null, cancellationToken).ConfigureAwait(false)
                    ?? throw new BackendException(new BackendError(BackendErrorCode.ItemNotFound, Texts.Format(nameof(Texts.Error_GraphEventNotFound), id, calendar.DisplayText), "ErrorItemNotFound"));
                changes = Copy(changes, current.TimeZone);
            }

            var patch = GraphEventMapping.ToGraph(changes, create: false, changes.Properties);
            var step = new GraphStep(
                eventRequests.PatchEvent(calendar.Mailbox, id, patch, expectedVersion == null ? null : GraphEventMapping.IfMatch(expectedVersion), "UTC"),
                $"Cannot change the event {id} of {calendar.DisplayText}",
                NotFoundMeans.Item);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                throw new BackendException(step.Error ?? Unexpected(step)); // 412 ErrorIrresolvableConflict is Conflict
            }

            var updated = await step.ParseAsync(GraphEvent.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false)
                ?? throw new BackendException(new BackendError(BackendErrorCode.ServerFault, step.What + ": Graph answered without the event."));
            return GraphEventMapping.ToModel(updated, calendar.Mailbox, resolved.Name, null, (changes.Properties?.Keys ?? (ICollection<string>)Array.Empty<string>()).ToList());
        }

        public async Task<bool> DeleteEventAsync(CalendarAddress calendar, string id, CancellationToken cancellationToken)
        {
            await ResolveAsync(calendar, cancellationToken).ConfigureAwait(false);
            var step = new GraphStep(eventRequests.DeleteEvent(calendar.Mailbox, id), $"Cannot remove the event {id} from {calendar.DisplayText}", NotFoundMeans.Item);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (step.IsSuccess)
            {
                return true;
            }

            if (step.Error?.Code == BackendErrorCode.ItemNotFound)
            {
                return false;
            }

            throw new BackendException(step.Error ?? Unexpected(step));
        }

        private static EventDraft Copy(EventDraft d, string? zone) => new EventDraft
        {
            Subject = d.Subject,
            Location = d.Location,
            Body = d.Body,
            BodyType = d.BodyType,
            Start = d.Start,
            End = d.End,
            TimeZone = zone,
            IsAllDay = d.IsAllDay,
            ShowAs = d.ShowAs,
            Sensitivity = d.Sensitivity,
            Categories = d.Categories,
            Attendees = d.Attendees,
            Recurrence = d.Recurrence,
            ReminderMinutes = d.ReminderMinutes,
            SendInvitations = d.SendInvitations,
            TransactionId = d.TransactionId,
            Properties = d.Properties,
        };

        // ---------------------------------------------------------------- Calendars

        /// <summary>
        /// The Graph calendar id (null: the default calendar, reached as /users/{id}/calendar whatever its language) and
        /// its display name. A secondary calendar is found by name (case-insensitive, any language) or id in the
        /// mailbox's calendar list, as GraphCalendarBackend finds it.
        /// </summary>
        private async Task<(string? Id, string Name)> ResolveAsync(CalendarAddress address, CancellationToken cancellationToken)
        {
            if (address.IsDefaultCalendar)
            {
                return (null, "Calendar");
            }

            if (address.FolderId != null && address.CalendarName == null)
            {
                return (address.FolderId, address.FolderId);
            }

            var name = address.CalendarName!.Trim();
            var key = address.Mailbox + "\\" + name;
            if (calendarIds.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var step = new GraphStep(requests.ListCalendars(address.Mailbox), $"Cannot list the calendars of {address.Mailbox}", NotFoundMeans.Mailbox);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                throw new BackendException(step.Error ?? Unexpected(step));
            }

            var first = await step.ParseAsync(CalendarCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var pages = new GraphPaging.Pages<GraphCalendar>(first?.Value ?? new List<GraphCalendar>(), first?.OdataNextLink, step.What, NotFoundMeans.Mailbox);
            await GraphPaging.FollowAsync(gateway, new[] { pages }, CalendarCollectionResponse.CreateFromDiscriminatorValue, p => (p.Value, p.OdataNextLink), cancellationToken).ConfigureAwait(false);
            if (pages.Error != null)
            {
                throw new BackendException(pages.Error);
            }

            var match = pages.Items.FirstOrDefault(c => string.Equals(c.Name?.Trim(), name, StringComparison.OrdinalIgnoreCase))
                ?? pages.Items.FirstOrDefault(c => string.Equals(c.Id, name, StringComparison.Ordinal));
            if (match?.Id is null)
            {
                var names = pages.Items.Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase);
                throw new BackendException(new BackendError(
                    BackendErrorCode.CalendarNotFound,
                    $"The mailbox {address.Mailbox} has no calendar named '{name}'. Its calendars: {string.Join(", ", names)}.",
                    "ErrorItemNotFound"));
            }

            var resolved = (match.Id, match.Name ?? name);
            calendarIds[key] = resolved;
            return resolved;
        }

        private static BackendError Unexpected(GraphStep step) =>
            new BackendError(BackendErrorCode.ServerFault, $"{step.What}: Graph answered HTTP {step.Status} without a body.", "HTTP " + step.Status);

        private void Trace(string line) => options.Trace?.Invoke("Graph " + line);
    }
}
