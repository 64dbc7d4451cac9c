using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Routing
{
    /// <summary>
    /// Events and availability in a hybrid organisation: each mailbox goes to the side that hosts it, found the way
    /// delegates find it (<see cref="LocateAsync"/>). A free/busy request of mailboxes on both sides is split into one
    /// request per side (each within that side's limits, which Core already respected by planning with the smaller
    /// of the two); answers come back in the order asked. A mailbox neither side hosts is a schedule with that error
    /// (NoData), never a failure of the request.
    /// </summary>
    public sealed partial class RoutingBackend : ICalendarEventBackend, ICalendarEventBatchBackend, IAvailabilityBackend
    {
        private ICalendarEventBackend? onPremisesEvents;
        private ICalendarEventBackend? onlineEvents;
        private IAvailabilityBackend? onPremisesAvailability;
        private IAvailabilityBackend? onlineAvailability;
        private AvailabilityLimits? limits;

        /// <summary>The smaller of the two sides' limits, so a request Core plans fits whichever side it goes to.</summary>
        public AvailabilityLimits Limits => limits ??= Combine(onPremisesAvailability?.Limits, onlineAvailability?.Limits);

        public Task<EventWindowRead> ReadWindowAsync(EventWindowQuery query, CancellationToken cancellationToken) =>
            OnEventsSideAsync(query.Calendar.Mailbox, (b, t) => b.ReadWindowAsync(query, t), cancellationToken);

        public Task<CalendarEvent?> GetEventAsync(CalendarAddress calendar, string id, IReadOnlyList<string>? properties, CancellationToken cancellationToken) =>
            OnEventsSideAsync(calendar.Mailbox, (b, t) => b.GetEventAsync(calendar, id, properties, t), cancellationToken);

        public Task<CalendarEvent> CreateEventAsync(CalendarAddress calendar, EventDraft draft, CancellationToken cancellationToken) =>
            OnEventsSideAsync(calendar.Mailbox, (b, t) => b.CreateEventAsync(calendar, draft, t), cancellationToken);

        public Task<CalendarEvent?> FindByTransactionIdAsync(CalendarAddress calendar, string transactionId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
            OnEventsSideAsync(calendar.Mailbox, (b, t) => b.FindByTransactionIdAsync(calendar, transactionId, start, end, t), cancellationToken);

        public Task<CalendarEvent> UpdateEventAsync(CalendarAddress calendar, string id, string? expectedVersion, EventDraft changes, CancellationToken cancellationToken) =>
            OnEventsSideAsync(calendar.Mailbox, (b, t) => b.UpdateEventAsync(calendar, id, expectedVersion, changes, t), cancellationToken);

        public Task<bool> DeleteEventAsync(CalendarAddress calendar, string id, CancellationToken cancellationToken) =>
            OnEventsSideAsync(calendar.Mailbox, (b, t) => b.DeleteEventAsync(calendar, id, t), cancellationToken);

        // A batch names one calendar, so one mailbox and one side: it goes to that side's batches whole (one call per
        // item only where that side has none), so a hybrid sync pass sends what a single connection's would.
        public Task<IReadOnlyList<CalendarEvent?>> GetEventsAsync(CalendarAddress calendar, IReadOnlyList<string> ids, IReadOnlyList<string>? properties, CancellationToken cancellationToken) =>
            OnEventsSideAsync(calendar.Mailbox, (b, t) => EventBatches.Of(b).GetEventsAsync(calendar, ids, properties, t), cancellationToken);

        public Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(CalendarAddress calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
            OnEventsSideAsync(calendar.Mailbox, (b, t) => EventBatches.Of(b).WriteEventsAsync(calendar, writes, t), cancellationToken);

        public async Task<IReadOnlyList<MailboxSchedule>> GetSchedulesAsync(ScheduleRequest request, CancellationToken cancellationToken)
        {
            var results = new MailboxSchedule[request.Mailboxes.Count];
            var sides = new Dictionary<MailboxLocation, List<int>>();
            for (var i = 0; i < request.Mailboxes.Count; i++)
            {
                var mailbox = request.Mailboxes[i];
                try
                {
                    var side = await LocateAsync(mailbox, cancellationToken).ConfigureAwait(false);
                    if (!sides.TryGetValue(side, out var list))
                    {
                        sides[side] = list = new List<int>();
                    }

                    list.Add(i);
                }
                catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.MailboxNotFound || ex.Error.Code == BackendErrorCode.AccessDenied)
                {
                    results[i] = new MailboxSchedule(mailbox) { Error = ex.Error };
                }
            }

            await Task.WhenAll(sides.Select(async pair =>
            {
                var backend = pair.Key == MailboxLocation.Online ? onlineAvailability : onPremisesAvailability;
                if (backend is null)
                {
                    var info = pair.Key == MailboxLocation.Online ? online.Info : onPremises.Info;
                    var error = new BackendError(BackendErrorCode.NotSupported, Texts.Format(nameof(Texts.Error_CapabilityNotAvailable), info.Kind, info.Endpoint, CapabilityText.What(ConnectionCapabilities.Availability)));
                    foreach (var i in pair.Value)
                    {
                        results[i] = new MailboxSchedule(request.Mailboxes[i]) { Error = error };
                    }

                    return;
                }

                var part = new ScheduleRequest(pair.Value.Select(i => request.Mailboxes[i]).ToList(), request.Start, request.End, request.IntervalMinutes) { TimeZone = request.TimeZone };
                var answers = await backend.GetSchedulesAsync(part, cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < pair.Value.Count; k++)
                {
                    results[pair.Value[k]] = k < answers.Count ? answers[k] : new MailboxSchedule(request.Mailboxes[pair.Value[k]]) { Error = new BackendError(BackendErrorCode.ServerFault, "The server's answer had no schedule for this mailbox.") };
                }
            })).ConfigureAwait(false);
            return results;
        }

        /// <summary>Declares Events and Availability on the hybrid connection when either side has them.</summary>
        private void ComposeEvents(ConnectionServices onPremisesServices, ConnectionServices onlineServices, ConnectionServices services)
        {
            onPremisesEvents = onPremisesServices.Find<ICalendarEventBackend>(ConnectionCapabilities.Events);
            onlineEvents = onlineServices.Find<ICalendarEventBackend>(ConnectionCapabilities.Events);
            onPremisesAvailability = onPremisesServices.Find<IAvailabilityBackend>(ConnectionCapabilities.Availability);
            onlineAvailability = onlineServices.Find<IAvailabilityBackend>(ConnectionCapabilities.Availability);
            if (onPremisesEvents != null || onlineEvents != null)
            {
                services.With<ICalendarEventBackend>(ConnectionCapabilities.Events, this);
            }

            if (onPremisesAvailability != null || onlineAvailability != null)
            {
                services.With<IAvailabilityBackend>(ConnectionCapabilities.Availability, this);
            }
        }

        private static AvailabilityLimits Combine(AvailabilityLimits? a, AvailabilityLimits? b)
        {
            if (a is null || b is null)
            {
                return a ?? b ?? new AvailabilityLimits();
            }

            return new AvailabilityLimits
            {
                MaxMailboxesPerRequest = Math.Min(a.MaxMailboxesPerRequest, b.MaxMailboxesPerRequest),
                MaxWindow = a.MaxWindow < b.MaxWindow ? a.MaxWindow : b.MaxWindow,
                MinIntervalMinutes = Math.Max(a.MinIntervalMinutes, b.MinIntervalMinutes),
                MaxIntervalMinutes = Math.Min(a.MaxIntervalMinutes, b.MaxIntervalMinutes),
                MaxConcurrentRequests = Math.Min(a.MaxConcurrentRequests, b.MaxConcurrentRequests),
            };
        }

        private async Task<T> OnEventsSideAsync<T>(string mailbox, Func<ICalendarEventBackend, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
        {
            var side = await LocateAsync(mailbox, cancellationToken).ConfigureAwait(false);
            var backend = side == MailboxLocation.Online ? onlineEvents : onPremisesEvents;
            if (backend is null)
            {
                throw new BackendException(SideCannot(mailbox, side, ConnectionCapabilities.Events));
            }

            return await run(backend, cancellationToken).ConfigureAwait(false);
        }
    }
}
