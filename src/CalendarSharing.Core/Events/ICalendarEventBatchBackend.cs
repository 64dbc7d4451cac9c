using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.Core.Events
{
    /// <summary>
    /// The batched half of the Events capability: many reads or writes of one calendar in as few requests as the protocol
    /// allows (EWS: one GetItem, CreateItem, UpdateItem or DeleteItem carries many items; Graph: JSON $batch of 20). A
    /// connection's Events backend implements it beside <see cref="ICalendarEventBackend"/>; Core falls back to one call per
    /// item (<see cref="EventBatches.Of"/>) when it does not. Results are per item and in the order asked: one item's
    /// failure is that item's <see cref="EventWriteResult.Error"/>, never an exception; only a failure of the whole request
    /// (the connection, the sign-in) throws <see cref="BackendException"/>, and then nothing is known of the items it carried.
    /// </summary>
    public interface ICalendarEventBatchBackend
    {
        /// <summary>
        /// The events with these ids (series masters with their exceptions, as <see cref="ICalendarEventBackend.GetEventAsync"/>
        /// reads them), in the order of <paramref name="ids"/>; null where the calendar has no such item.
        /// </summary>
        Task<IReadOnlyList<CalendarEvent?>> GetEventsAsync(CalendarAddress calendar, IReadOnlyList<string> ids, IReadOnlyList<string>? properties, CancellationToken cancellationToken);

        /// <summary>
        /// Creates, updates and deletes events; never sends invitations or cancellations. A result names the item's id and
        /// version after the write (not the item read back). An update with <see cref="EventWrite.ExpectedVersion"/> that is
        /// no longer current is a Conflict and writes nothing; a delete of an item that is gone succeeds with
        /// <see cref="EventWriteResult.WasMissing"/>.
        /// </summary>
        Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(CalendarAddress calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken);
    }

    public enum EventWriteKind
    {
        Create,
        Update,
        Delete,
    }

    /// <summary>One write of a batch.</summary>
    public sealed class EventWrite
    {
        private EventWrite(EventWriteKind kind, string? id, EventDraft? draft, string? expectedVersion)
        {
            Kind = kind;
            Id = id;
            Draft = draft;
            ExpectedVersion = expectedVersion;
        }

        public EventWriteKind Kind { get; }

        /// <summary>The event updated or deleted (null for a create).</summary>
        public string? Id { get; }

        /// <summary>The new event, or the fields to set (null leaves a field as it is).</summary>
        public EventDraft? Draft { get; }

        /// <summary>Update: the version the item must still have (EWS ChangeKey, Graph If-Match); null = whatever it is now.</summary>
        public string? ExpectedVersion { get; }

        public static EventWrite Create(EventDraft draft) => new EventWrite(EventWriteKind.Create, null, draft ?? throw new ArgumentNullException(nameof(draft)), null);

        public static EventWrite Update(string id, string? expectedVersion, EventDraft changes) =>
            new EventWrite(EventWriteKind.Update, id ?? throw new ArgumentNullException(nameof(id)), changes ?? throw new ArgumentNullException(nameof(changes)), expectedVersion);

        public static EventWrite Delete(string id) => new EventWrite(EventWriteKind.Delete, id ?? throw new ArgumentNullException(nameof(id)), null, null);
    }

    /// <summary>What one write of a batch did.</summary>
    public sealed class EventWriteResult
    {
        public EventWriteResult(string? id, string? version)
        {
            Id = id;
            Version = version;
        }

        public EventWriteResult(BackendError error)
        {
            Error = error ?? throw new ArgumentNullException(nameof(error));
        }

        /// <summary>The item's id after the write (a create: the new item's).</summary>
        public string? Id { get; }

        /// <summary>The item's version after the write (EWS ChangeKey, Graph @odata.etag), when the server said it.</summary>
        public string? Version { get; }

        /// <summary>A delete found nothing to delete.</summary>
        public bool WasMissing { get; set; }

        public BackendError? Error { get; }

        public bool IsSuccess => Error == null;
    }

    /// <summary>The batched Events capability of a backend, or one call per item when it has none.</summary>
    public static class EventBatches
    {
        public static ICalendarEventBatchBackend Of(ICalendarEventBackend events) =>
            events as ICalendarEventBatchBackend ?? new OneByOne(events ?? throw new ArgumentNullException(nameof(events)));

        /// <summary>A backend without batches: each item its own call, each failure its own result.</summary>
        private sealed class OneByOne : ICalendarEventBatchBackend
        {
            private readonly ICalendarEventBackend events;

            public OneByOne(ICalendarEventBackend events)
            {
                this.events = events;
            }

            public async Task<IReadOnlyList<CalendarEvent?>> GetEventsAsync(CalendarAddress calendar, IReadOnlyList<string> ids, IReadOnlyList<string>? properties, CancellationToken cancellationToken)
            {
                var all = new List<CalendarEvent?>(ids.Count);
                foreach (var id in ids)
                {
                    all.Add(await events.GetEventAsync(calendar, id, properties, cancellationToken).ConfigureAwait(false));
                }

                return all;
            }

            public async Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(CalendarAddress calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken)
            {
                var all = new List<EventWriteResult>(writes.Count);
                foreach (var w in writes)
                {
                    try
                    {
                        switch (w.Kind)
                        {
                            case EventWriteKind.Create:
                                var made = await events.CreateEventAsync(calendar, w.Draft!, cancellationToken).ConfigureAwait(false);
                                all.Add(new EventWriteResult(made.Id, made.Version));
                                break;
                            case EventWriteKind.Update:
                                var written = await events.UpdateEventAsync(calendar, w.Id!, w.ExpectedVersion, w.Draft!, cancellationToken).ConfigureAwait(false);
                                all.Add(new EventWriteResult(written.Id, written.Version));
                                break;
                            default:
                                var deleted = await events.DeleteEventAsync(calendar, w.Id!, cancellationToken).ConfigureAwait(false);
                                all.Add(new EventWriteResult(w.Id, null) { WasMissing = !deleted });
                                break;
                        }
                    }
                    catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Connection && ex.Error.Code != BackendErrorCode.Authentication)
                    {
                        all.Add(new EventWriteResult(ex.Error));
                    }
                }

                return all;
            }
        }
    }
}
