using System;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Events;

namespace CalendarSharing.Core.Sync
{
    /// <summary>One side of a pair: the calendar and the connection's capabilities that read and write it.</summary>
    public sealed class SyncEndpoint
    {
        public SyncEndpoint(CalendarAddress calendar, ICalendarEventBackend events, IChangeFeedBackend? changes)
        {
            Calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
            Events = events ?? throw new ArgumentNullException(nameof(events));
            Changes = changes;
        }

        public CalendarAddress Calendar { get; }

        public ICalendarEventBackend Events { get; }

        /// <summary>Null when the connection has no ChangeFeed: every pass compares the window by stamp.</summary>
        public IChangeFeedBackend? Changes { get; }
    }

    /// <summary>One pass of one pair.</summary>
    public sealed class SyncPassRequest
    {
        public SyncPassRequest(SyncProfile profile, SyncPair pair, SyncEndpoint source, SyncEndpoint target)
        {
            Profile = profile ?? throw new ArgumentNullException(nameof(profile));
            Pair = pair ?? throw new ArgumentNullException(nameof(pair));
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Target = target ?? throw new ArgumentNullException(nameof(target));
        }

        public SyncProfile Profile { get; }

        public SyncPair Pair { get; }

        public SyncEndpoint Source { get; }

        public SyncEndpoint Target { get; }

        /// <summary>Plan only: the result lists every create/update/delete; nothing is written, no state saved.</summary>
        public bool WhatIf { get; set; }

        /// <summary>Go past the deletion threshold.</summary>
        public bool Force { get; set; }

        /// <summary>Ignore the watermarks and compare everything by stamp (Reset-CalendarSync, a first pass).</summary>
        public bool FullComparison { get; set; }
    }

    /// <summary>
    /// The sync engine: one pass of one pair, backend-neutral, over the Events and ChangeFeed capabilities. It holds the
    /// pair's lease for the pass, reads changes (or the window, by stamp), plans creates/updates/deletes from the
    /// profile's options, applies them idempotently (creates carry a transaction id made from the stamp, so a kill and a
    /// rerun make one copy), and saves the state only after the batch it covers is applied.
    /// Built by the sync-engine work of #11; the runner (many pairs, workers, -Continuous) and the cmdlets call it.
    /// </summary>
    public sealed class SyncEngine
    {
        public SyncEngine(ISyncStateStore store, string workerId, TimeProvider time)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
            WorkerId = workerId ?? throw new ArgumentNullException(nameof(workerId));
            Time = time ?? throw new ArgumentNullException(nameof(time));
        }

        public ISyncStateStore Store { get; }

        public string WorkerId { get; }

        public TimeProvider Time { get; }

        /// <summary>How long a pass's lease lasts; renewed while the pass runs.</summary>
        public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// One pass of one pair. Never throws for the pair's own failures (a failed read, a refused write, the deletion
        /// threshold): they are the result's Outcome, ErrorId and Message. Throws OperationCanceledException on Ctrl+C
        /// (the state is then as the last applied batch left it).
        /// </summary>
        public Task<SyncPairResult> RunPassAsync(SyncPassRequest request, CancellationToken cancellationToken) =>
            throw new NotImplementedException("The sync engine is being built (#11).");

        /// <summary>
        /// Removes this profile's copies from <paramref name="target"/> (found by stamp, not by state), sending no
        /// cancellation, and forgets the pairs' state: Remove-CalendarSyncCopy.
        /// </summary>
        public Task<SyncPairResult> RemoveCopiesAsync(SyncProfile profile, SyncPair pair, SyncEndpoint target, bool whatIf, CancellationToken cancellationToken) =>
            throw new NotImplementedException("The sync engine is being built (#11).");
    }
}
