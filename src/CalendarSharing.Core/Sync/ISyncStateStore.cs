using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// Where a profile's sync state lives: a file beside the profile (default), or an Azure Table (many workers). Every
    /// pair has its own state, written only after the batch it covers was applied, and a lease: a worker syncs a pair only
    /// while it holds the pair's lease, so any number of workers can run one profile and each pair is synced by exactly one
    /// of them at a time. A lease not renewed lapses at its expiry, so a dead worker's pairs are taken over.
    /// Stores never hold a secret.
    /// </summary>
    public interface ISyncStateStore : IDisposable
    {
        /// <summary>The pair's state, or null when it was never synced (or was reset).</summary>
        Task<PairSyncState?> LoadAsync(string profileId, string pairKey, CancellationToken cancellationToken);

        /// <summary>
        /// Writes the state atomically (a kill leaves the old state or the new, never half). Only the holder of the pair's
        /// lease may save: a lost lease is <see cref="SyncLeaseLostException"/> and nothing is written.
        /// </summary>
        Task SaveAsync(ISyncLease lease, PairSyncState state, CancellationToken cancellationToken);

        /// <summary>Forgets the pair's state (Reset-CalendarSync): the next pass compares by stamp.</summary>
        Task DeleteAsync(ISyncLease lease, CancellationToken cancellationToken);

        /// <summary>The lease for the pair, or null when another worker holds one that has not expired.</summary>
        Task<ISyncLease?> TryAcquireAsync(string profileId, string pairKey, string workerId, TimeSpan duration, CancellationToken cancellationToken);

        /// <summary>Every pair state of the profile (Get-CalendarSyncStatus), with the lease holders.</summary>
        Task<IReadOnlyList<PairSyncState>> ListAsync(string profileId, CancellationToken cancellationToken);
    }

    /// <summary>A held lease on one pair. Dispose releases it.</summary>
    public interface ISyncLease : IDisposable
    {
        string ProfileId { get; }

        string PairKey { get; }

        string WorkerId { get; }

        DateTimeOffset Expires { get; }

        /// <summary>Extends the lease; throws <see cref="SyncLeaseLostException"/> when another worker took it after it lapsed.</summary>
        Task RenewAsync(CancellationToken cancellationToken);
    }

    public sealed class SyncLeaseLostException : Exception
    {
        public SyncLeaseLostException(string pairKey, string message)
            : base(message)
        {
            PairKey = pairKey;
        }

        public string PairKey { get; }
    }

    /// <summary>What one pair's sync knows between passes.</summary>
    public sealed class PairSyncState
    {
        public PairSyncState(string profileId, string pairKey)
        {
            ProfileId = profileId;
            PairKey = pairKey;
        }

        public string ProfileId { get; }

        public string PairKey { get; }

        public string? Source { get; set; }

        public string? Target { get; set; }

        /// <summary>The source's change watermark (EWS SyncState, Graph deltaLink); null = compare by stamp next pass.</summary>
        public string? SourceWatermark { get; set; }

        /// <summary>Two-way: the target's change watermark.</summary>
        public string? TargetWatermark { get; set; }

        /// <summary>The window the Graph deltaLinks were made for (a new window needs new links).</summary>
        public DateTimeOffset? WindowStart { get; set; }

        public DateTimeOffset? WindowEnd { get; set; }

        /// <summary>One entry per mirrored item, by the source item's id.</summary>
        public IDictionary<string, MirrorEntry> Items { get; set; } = new Dictionary<string, MirrorEntry>(StringComparer.Ordinal);

        /// <summary>Graph: occurrence/exception ids seen in delta, by the id of their series master (a removed occurrence names only itself).</summary>
        public IDictionary<string, string> OccurrenceMasters { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public DateTimeOffset? LastPass { get; set; }

        public SyncPassOutcome? LastOutcome { get; set; }

        public DateTimeOffset? LastSuccess { get; set; }

        public int LastCreated { get; set; }

        public int LastUpdated { get; set; }

        public int LastDeleted { get; set; }

        public string? LastErrorId { get; set; }

        public string? LastError { get; set; }

        /// <summary>Recent change-to-mirror latencies in milliseconds (-Continuous), newest last, at most 50.</summary>
        public IList<double> LatenciesMs { get; set; } = new List<double>();

        /// <summary>Filled by <see cref="ISyncStateStore.ListAsync"/>.</summary>
        public string? LeaseHolder { get; set; }

        public DateTimeOffset? LeaseExpires { get; set; }

        /// <summary>The store's concurrency token (file: none; Azure Table: the ETag). Stores own it.</summary>
        public string? StoreVersion { get; set; }
    }

    /// <summary>One source item and its copy.</summary>
    public sealed class MirrorEntry
    {
        /// <summary>The copy's id in the target.</summary>
        public string? TargetId { get; set; }

        /// <summary>The source item's version the copy was last written from.</summary>
        public string? SourceVersion { get; set; }

        /// <summary>The copy's version just after we wrote it (a different one later = edited in the target).</summary>
        public string? TargetVersion { get; set; }

        /// <summary>Two-way: which side the item was born on ("source" or "target"); the other side holds the copy.</summary>
        public string? Origin { get; set; }

        /// <summary>The target's owner deleted the copy (respected unless the profile says Recreate).</summary>
        public bool DeletedByOwner { get; set; }

        /// <summary>
        /// The copy's times, zone, recurrence and occurrences as last written (<see cref="SyncCopyPlan.TimesVersion"/>); null
        /// when unknown (then the copy is read before it is updated).
        /// </summary>
        public string? TimesVersion { get; set; }

        /// <summary>
        /// A create sent but not yet confirmed: the transaction id it carries, saved before the create goes out, so a pass
        /// killed before it saves the copy's id looks the copy up by it instead of making a second one.
        /// </summary>
        public string? PendingTransaction { get; set; }
    }
}
