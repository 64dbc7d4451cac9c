using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// The ChangeFeed capability: what changed in one calendar since a watermark, and a wake-up when something changes.
    /// EWS: SyncFolderItems (SyncState) and streaming notifications; Graph: calendarView delta (deltaLink) polled at a
    /// short interval. Backends only read; the sync engine (Core) decides what to do with the ids, reads the items it needs
    /// through the Events capability, and saves a watermark only after the changes it covers are applied.
    /// An expired or invalid watermark (EWS ErrorInvalidSyncStateData, Graph 410 Gone / syncStateNotFound) is a
    /// <see cref="Backends.BackendException"/> whose code is <see cref="Backends.BackendErrorCode.WatermarkExpired"/>:
    /// the engine then compares by stamp, never "creates everything again".
    /// </summary>
    public interface IChangeFeedBackend
    {
        /// <summary>
        /// One page of changes after <see cref="ChangeFeedQuery.Watermark"/> (null = from the beginning: every item, as
        /// creations). Keep calling with the returned watermark while <see cref="ChangeBatch.MoreAvailable"/>.
        /// </summary>
        Task<ChangeBatch> ReadChangesAsync(ChangeFeedQuery query, CancellationToken cancellationToken);

        /// <summary>
        /// Starts watching the calendars (EWS: a streaming subscription; Graph: delta polling). The subscription reports a
        /// wake-up when something may have changed and after every reconnect (missed events are not replayed, so the engine
        /// catches up with <see cref="ReadChangesAsync"/> each time).
        /// </summary>
        Task<IChangeSubscription> SubscribeAsync(IReadOnlyList<CalendarAddress> calendars, ChangeSubscriptionOptions options, CancellationToken cancellationToken);
    }

    public sealed class ChangeFeedQuery
    {
        public ChangeFeedQuery(CalendarAddress calendar, string? watermark)
        {
            Calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
            Watermark = watermark;
        }

        public CalendarAddress Calendar { get; }

        /// <summary>The opaque watermark a previous batch returned (EWS SyncState, Graph deltaLink); null = start over.</summary>
        public string? Watermark { get; }

        /// <summary>
        /// Graph calendarView delta needs a window (startDateTime/endDateTime), which its nextLink and deltaLink carry from
        /// then on (https://learn.microsoft.com/graph/delta-query-events); EWS ignores it.
        /// </summary>
        public DateTimeOffset WindowStart { get; set; }

        public DateTimeOffset WindowEnd { get; set; }

        /// <summary>At most this many changes per page (EWS MaxChangesReturned 1..512; Graph Prefer: odata.maxpagesize).</summary>
        public int MaxChanges { get; set; } = 512;

        /// <summary>
        /// Extended properties (names as <see cref="Events.EventWindowQuery.Properties"/> takes them, e.g. <see cref="SyncStamp.PropertyName"/>)
        /// to return with each changed item where the protocol can (EWS SyncFolderItems ItemShape AdditionalProperties);
        /// Graph delta cannot, and leaves <see cref="ItemChange.Properties"/> null.
        /// </summary>
        public IReadOnlyList<string> Properties { get; set; } = Array.Empty<string>();
    }

    public enum ItemChangeKind
    {
        /// <summary>Created or changed: the engine reads the item (its series master) through the Events capability.</summary>
        Changed,

        /// <summary>Deleted (EWS Delete, Graph @removed).</summary>
        Deleted,
    }

    public sealed class ItemChange
    {
        public ItemChange(ItemChangeKind kind, string itemId)
        {
            Kind = kind;
            ItemId = itemId ?? throw new ArgumentNullException(nameof(itemId));
        }

        public ItemChangeKind Kind { get; }

        /// <summary>The changed item (Graph delta reports occurrences and exceptions by their own id).</summary>
        public string ItemId { get; }

        /// <summary>When the changed item is an occurrence or exception, its series master's id (when the protocol says it).</summary>
        public string? SeriesMasterId { get; set; }

        /// <summary>The item's version after the change, when the protocol says it (EWS ChangeKey, Graph @odata.etag).</summary>
        public string? Version { get; set; }

        /// <summary>The <see cref="ChangeFeedQuery.Properties"/> the item has, when the protocol returned them (EWS); null when it did not.</summary>
        public IDictionary<string, string>? Properties { get; set; }
    }

    public sealed class ChangeBatch
    {
        public ChangeBatch(IReadOnlyList<ItemChange> changes, string watermark, bool moreAvailable)
        {
            Changes = changes ?? throw new ArgumentNullException(nameof(changes));
            Watermark = watermark ?? throw new ArgumentNullException(nameof(watermark));
            MoreAvailable = moreAvailable;
        }

        public IReadOnlyList<ItemChange> Changes { get; }

        /// <summary>The watermark after this page (EWS SyncState; Graph nextLink while more, else deltaLink).</summary>
        public string Watermark { get; }

        /// <summary>Another page follows (EWS IncludesLastItemInRange false; Graph @odata.nextLink).</summary>
        public bool MoreAvailable { get; }
    }

    public sealed class ChangeSubscriptionOptions
    {
        /// <summary>Graph: how often delta is polled. EWS: ignored.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>EWS streaming: how long one GetStreamingEvents connection lasts (1..30 minutes) before it is renewed.</summary>
        public TimeSpan ConnectionLifetime { get; set; } = TimeSpan.FromMinutes(30);
    }

    /// <summary>A live subscription. Dispose to unsubscribe.</summary>
    public interface IChangeSubscription : IDisposable
    {
        /// <summary>
        /// Waits until one of the calendars may have changed, the connection was renewed (a catch-up is due), or
        /// <paramref name="cancellationToken"/> fires (then throws OperationCanceledException). Returns the calendars to
        /// catch up (all of them after a reconnect).
        /// </summary>
        Task<ChangeWakeUp> WaitAsync(CancellationToken cancellationToken);
    }

    public sealed class ChangeWakeUp
    {
        public ChangeWakeUp(IReadOnlyList<CalendarAddress> calendars, bool reconnected)
        {
            Calendars = calendars;
            Reconnected = reconnected;
        }

        public IReadOnlyList<CalendarAddress> Calendars { get; }

        /// <summary>The connection was dropped or renewed: events in between were not replayed.</summary>
        public bool Reconnected { get; }

        /// <summary>When the server noticed the change (EWS notification watermark time), for latency figures.</summary>
        public DateTimeOffset? ChangedAt { get; set; }
    }
}
