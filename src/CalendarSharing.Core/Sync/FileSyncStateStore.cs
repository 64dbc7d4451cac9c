using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// The default state store: a folder beside the profile (rooms.sync.json → rooms.sync.state/), one file per pair.
    /// <list type="bullet">
    /// <item>A state file is written to a temporary file in the same folder and renamed over the old one, so a kill at
    /// any point leaves the old state or the new, never a half.</item>
    /// <item>A pair's lease is a small file (holder, a token, the expiry) changed only while an exclusive OS lock on the
    /// pair's lock file is held (FileShare.None: LockFileEx on Windows, flock on Unix), so workers in several processes
    /// (or several jobs on one share) see one holder; a dead worker's lock goes with its process and its lease lapses at
    /// its expiry. Saves and deletes check the token under the same lock, so a worker whose lease was taken over writes
    /// nothing (<see cref="SyncLeaseLostException"/>).</item>
    /// <item>A state file that cannot be read (damaged, cut short, another pair's) is moved aside to
    /// *.corrupt-&lt;time&gt;, reported through <see cref="Warn"/>, and the pair starts again with no state: its next pass
    /// compares by stamp, which never duplicates.</item>
    /// </list>
    /// The files hold watermarks, item ids and versions: never a secret.
    /// </summary>
    public sealed class FileSyncStateStore : ISyncStateStore
    {
        private const string StateSuffix = ".state.json";
        private const string LeaseSuffix = ".lease";
        private const string LockSuffix = ".lock";

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            WriteIndented = false,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };

        private readonly TimeProvider time;

        public FileSyncStateStore(string folder, TimeProvider? time = null)
        {
            if (string.IsNullOrWhiteSpace(folder))
            {
                throw new ArgumentException("The state folder is empty.", nameof(folder));
            }

            Folder = Path.GetFullPath(folder);
            this.time = time ?? TimeProvider.System;
        }

        /// <summary>The folder holding the state.</summary>
        public string Folder { get; }

        /// <summary>Told about state files that could not be read (and where they were moved). Any thread.</summary>
        public Action<string>? Warn { get; set; }

        /// <summary>How long a lock on one pair's lease is waited for before the store gives up (IOException).</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The folder beside a profile: rooms.sync.json → rooms.sync.state.</summary>
        public static string FolderFor(string profilePath)
        {
            var full = Path.GetFullPath(profilePath);
            var name = Path.GetFileName(full);
            var stem = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 5) : name;
            return Path.Combine(Path.GetDirectoryName(full) ?? ".", stem + ".state");
        }

        public Task<PairSyncState?> LoadAsync(string profileId, string pairKey, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = PathOf(profileId, pairKey, StateSuffix);
            return Task.FromResult(ReadState(file, profileId, pairKey, moveAside: true));
        }

        public Task SaveAsync(ISyncLease lease, PairSyncState state, CancellationToken cancellationToken)
        {
            if (lease is null)
            {
                throw new ArgumentNullException(nameof(lease));
            }

            if (state is null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var held = Own(lease);
            if (!string.Equals(state.ProfileId, held.ProfileId, StringComparison.Ordinal) || !string.Equals(state.PairKey, held.PairKey, StringComparison.Ordinal))
            {
                throw new ArgumentException("The state is not the leased pair's.", nameof(state));
            }

            var bytes = Serialize(state);
            using (Lock(held.ProfileId, held.PairKey, cancellationToken))
            {
                EnsureHolder(held);
                SyncProfileFile.WriteAtomic(PathOf(held.ProfileId, held.PairKey, StateSuffix), bytes);
            }

            return Task.CompletedTask;
        }

        public Task DeleteAsync(ISyncLease lease, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var held = Own(lease);
            using (Lock(held.ProfileId, held.PairKey, cancellationToken))
            {
                EnsureHolder(held);
                var file = PathOf(held.ProfileId, held.PairKey, StateSuffix);
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }

            return Task.CompletedTask;
        }

        public Task<ISyncLease?> TryAcquireAsync(string profileId, string pairKey, string workerId, TimeSpan duration, CancellationToken cancellationToken)
        {
            if (duration <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(duration));
            }

            cancellationToken.ThrowIfCancellationRequested();
            Directory.CreateDirectory(Folder);
            using (Lock(profileId, pairKey, cancellationToken))
            {
                var now = time.GetUtcNow();
                var current = ReadLease(profileId, pairKey);

                // Another worker's lease that has not lapsed stands. The same worker id may take its own lease again (a
                // restarted job with a fixed -WorkerId need not wait for the expiry); its earlier lease object is then lost.
                if (current != null && current.Expires > now && !string.Equals(current.Worker, workerId, StringComparison.Ordinal))
                {
                    return Task.FromResult<ISyncLease?>(null);
                }

                var lease = new FileLease(this, profileId, pairKey, workerId, Guid.NewGuid().ToString("N"), duration, now + duration);
                WriteLease(lease);
                return Task.FromResult<ISyncLease?>(lease);
            }
        }

        public Task<IReadOnlyList<PairSyncState>> ListAsync(string profileId, CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, PairSyncState>(StringComparer.Ordinal);
            if (!Directory.Exists(Folder))
            {
                return Task.FromResult<IReadOnlyList<PairSyncState>>(new List<PairSyncState>());
            }

            foreach (var file in Directory.EnumerateFiles(Folder, "*" + StateSuffix))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var state = ReadState(file, profileId, null, moveAside: false);
                if (state != null && string.Equals(state.ProfileId, profileId, StringComparison.Ordinal))
                {
                    found[state.PairKey] = state;
                }
            }

            var now = time.GetUtcNow();
            foreach (var file in Directory.EnumerateFiles(Folder, "*" + LeaseSuffix))
            {
                var lease = ReadLeaseFile(file);
                if (lease is null || !string.Equals(lease.ProfileId, profileId, StringComparison.Ordinal) || lease.PairKey is null || lease.Expires <= now)
                {
                    continue;
                }

                if (!found.TryGetValue(lease.PairKey, out var state))
                {
                    state = new PairSyncState(profileId, lease.PairKey);
                    found[lease.PairKey] = state;
                }

                state.LeaseHolder = lease.Worker;
                state.LeaseExpires = lease.Expires;
            }

            return Task.FromResult<IReadOnlyList<PairSyncState>>(found.Values.OrderBy(s => s.PairKey, StringComparer.Ordinal).ToList());
        }

        public void Dispose()
        {
            // Nothing held between calls: every lock is taken and released within one call.
        }

        /// <summary>The state's JSON (what the file holds); the store's own fields (lease, version) are left out.</summary>
        internal static byte[] Serialize(PairSyncState state)
        {
            var copy = new StoredState
            {
                Format = 1,
                ProfileId = state.ProfileId,
                PairKey = state.PairKey,
                Source = state.Source,
                Target = state.Target,
                SourceWatermark = state.SourceWatermark,
                TargetWatermark = state.TargetWatermark,
                WindowStart = state.WindowStart,
                WindowEnd = state.WindowEnd,
                Items = new Dictionary<string, MirrorEntry>(state.Items, StringComparer.Ordinal),
                OccurrenceMasters = new Dictionary<string, string>(state.OccurrenceMasters, StringComparer.Ordinal),
                LastPass = state.LastPass,
                LastOutcome = state.LastOutcome,
                LastSuccess = state.LastSuccess,
                LastCreated = state.LastCreated,
                LastUpdated = state.LastUpdated,
                LastDeleted = state.LastDeleted,
                LastErrorId = state.LastErrorId,
                LastError = state.LastError,
                LatenciesMs = state.LatenciesMs.ToList(),
            };
            return JsonSerializer.SerializeToUtf8Bytes(copy, Json);
        }

        /// <summary>Reads a state's JSON; throws JsonException (or InvalidDataException) when it is not one.</summary>
        internal static PairSyncState Deserialize(byte[] bytes)
        {
            var stored = JsonSerializer.Deserialize<StoredState>(bytes, Json) ?? throw new InvalidDataException("empty");
            if (stored.Format != 1 || string.IsNullOrEmpty(stored.ProfileId) || string.IsNullOrEmpty(stored.PairKey))
            {
                throw new InvalidDataException("not a pair's sync state");
            }

            var state = new PairSyncState(stored.ProfileId!, stored.PairKey!)
            {
                Source = stored.Source,
                Target = stored.Target,
                SourceWatermark = stored.SourceWatermark,
                TargetWatermark = stored.TargetWatermark,
                WindowStart = stored.WindowStart,
                WindowEnd = stored.WindowEnd,
                LastPass = stored.LastPass,
                LastOutcome = stored.LastOutcome,
                LastSuccess = stored.LastSuccess,
                LastCreated = stored.LastCreated,
                LastUpdated = stored.LastUpdated,
                LastDeleted = stored.LastDeleted,
                LastErrorId = stored.LastErrorId,
                LastError = stored.LastError,
                LatenciesMs = stored.LatenciesMs ?? new List<double>(),
            };
            foreach (var item in stored.Items ?? new Dictionary<string, MirrorEntry>())
            {
                state.Items[item.Key] = item.Value ?? throw new InvalidDataException("an empty item entry");
            }

            foreach (var item in stored.OccurrenceMasters ?? new Dictionary<string, string>())
            {
                state.OccurrenceMasters[item.Key] = item.Value;
            }

            return state;
        }

        private static string Hash(string profileId, string pairKey)
        {
            using var sha = SHA256.Create();
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(profileId + "\n" + pairKey));
            var b = new StringBuilder(32);
            for (var i = 0; i < 16; i++)
            {
                b.Append(digest[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return b.ToString();
        }

        private string PathOf(string profileId, string pairKey, string suffix) => Path.Combine(Folder, Hash(profileId, pairKey) + suffix);

        private PairSyncState? ReadState(string file, string profileId, string? pairKey, bool moveAside)
        {
            byte[] bytes;
            try
            {
                bytes = ReadAllBytesShared(file);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return null;
            }

            try
            {
                var state = Deserialize(bytes);
                if (pairKey != null && (!string.Equals(state.ProfileId, profileId, StringComparison.Ordinal) || !string.Equals(state.PairKey, pairKey, StringComparison.Ordinal)))
                {
                    throw new InvalidDataException("the file holds the state of another pair");
                }

                return state;
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidDataException || ex is NotSupportedException || ex is InvalidOperationException)
            {
                var moved = file;
                if (moveAside)
                {
                    moved = file + ".corrupt-" + time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                    try
                    {
                        File.Move(file, moved);
                    }
                    catch (IOException)
                    {
                        moved = file;
                    }
                }

                Warn?.Invoke(Texts.Format(nameof(Texts.Warning_SyncStateCorrupt), pairKey ?? Path.GetFileName(file), file, ex.Message, moved));
                return null;
            }
        }

        /// <summary>Reads a file another process may be renaming over (Windows: a sharing violation for a moment).</summary>
        private static byte[] ReadAllBytesShared(string file)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    using var memory = new MemoryStream();
                    stream.CopyTo(memory);
                    return memory.ToArray();
                }
                catch (IOException ex) when (attempt < 20 && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException))
                {
                    Thread.Sleep(25);
                }
            }
        }

        private LeaseRecord? ReadLease(string profileId, string pairKey) => ReadLeaseFile(PathOf(profileId, pairKey, LeaseSuffix));

        private static LeaseRecord? ReadLeaseFile(string file)
        {
            try
            {
                return JsonSerializer.Deserialize<LeaseRecord>(ReadAllBytesShared(file), Json);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException || ex is JsonException)
            {
                // No lease, or one cut short by a kill mid-write of an older version: nobody holds it.
                return null;
            }
        }

        private void WriteLease(FileLease lease)
        {
            var record = new LeaseRecord
            {
                ProfileId = lease.ProfileId,
                PairKey = lease.PairKey,
                Worker = lease.WorkerId,
                Token = lease.Token,
                Expires = lease.Expires,
            };
            SyncProfileFile.WriteAtomic(PathOf(lease.ProfileId, lease.PairKey, LeaseSuffix), JsonSerializer.SerializeToUtf8Bytes(record, Json));
        }

        private FileLease Own(ISyncLease lease) =>
            lease is FileLease f && string.Equals(f.Store.Folder, Folder, StringComparison.Ordinal)
                ? f
                : throw new ArgumentException("The lease was not taken from this store.", nameof(lease));

        /// <summary>Under the pair's lock: the lease file still names this lease's token, else it was taken over.</summary>
        private void EnsureHolder(FileLease lease)
        {
            var current = ReadLease(lease.ProfileId, lease.PairKey);
            if (current is null || !string.Equals(current.Token, lease.Token, StringComparison.Ordinal))
            {
                throw new SyncLeaseLostException(lease.PairKey, Texts.Format(nameof(Texts.Error_SyncLeaseTakenOver), lease.PairKey, current?.Worker ?? "-"));
            }
        }

        /// <summary>The pair's exclusive lock, waited for (politely) up to <see cref="LockTimeout"/>.</summary>
        private IDisposable Lock(string profileId, string pairKey, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(Folder);
            var file = PathOf(profileId, pairKey, LockSuffix);
            var started = DateTime.UtcNow;
            var delay = 5;
            while (true)
            {
                try
                {
                    return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException) when (DateTime.UtcNow - started < LockTimeout)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Thread.Sleep(delay);
                    delay = Math.Min(delay * 2, 100);
                }
                catch (UnauthorizedAccessException) when (DateTime.UtcNow - started < LockTimeout)
                {
                    // Windows reports a file being deleted or locked this way now and then.
                    cancellationToken.ThrowIfCancellationRequested();
                    Thread.Sleep(delay);
                    delay = Math.Min(delay * 2, 100);
                }
            }
        }

        private sealed class FileLease : SyncLease
        {
            public FileLease(FileSyncStateStore store, string profileId, string pairKey, string workerId, string token, TimeSpan duration, DateTimeOffset expires)
                : base(profileId, pairKey, workerId, duration, expires)
            {
                Store = store;
                Token = token;
            }

            public FileSyncStateStore Store { get; }

            /// <summary>What the lease file holds while this lease is the pair's.</summary>
            public string Token { get; }

            public override Task RenewAsync(CancellationToken cancellationToken)
            {
                using (Store.Lock(ProfileId, PairKey, cancellationToken))
                {
                    Store.EnsureHolder(this);
                    Expires = Store.time.GetUtcNow() + Duration;
                    Store.WriteLease(this);
                }

                return Task.CompletedTask;
            }

            /// <summary>Deletes the lease file while it is still this lease's.</summary>
            protected override void Release()
            {
                try
                {
                    using (Store.Lock(ProfileId, PairKey, CancellationToken.None))
                    {
                        var current = Store.ReadLease(ProfileId, PairKey);
                        if (current != null && string.Equals(current.Token, Token, StringComparison.Ordinal))
                        {
                            File.Delete(Store.PathOf(ProfileId, PairKey, LeaseSuffix));
                        }
                    }
                }
                catch (IOException)
                {
                    // The lease lapses at its expiry instead.
                }
                catch (UnauthorizedAccessException)
                {
                    // Same.
                }
            }
        }

        private sealed class LeaseRecord
        {
            public string? ProfileId { get; set; }

            public string? PairKey { get; set; }

            public string? Worker { get; set; }

            public string? Token { get; set; }

            public DateTimeOffset Expires { get; set; }
        }

        private sealed class StoredState
        {
            public int Format { get; set; }

            public string? ProfileId { get; set; }

            public string? PairKey { get; set; }

            public string? Source { get; set; }

            public string? Target { get; set; }

            public string? SourceWatermark { get; set; }

            public string? TargetWatermark { get; set; }

            public DateTimeOffset? WindowStart { get; set; }

            public DateTimeOffset? WindowEnd { get; set; }

            public Dictionary<string, MirrorEntry>? Items { get; set; }

            public Dictionary<string, string>? OccurrenceMasters { get; set; }

            public DateTimeOffset? LastPass { get; set; }

            public SyncPassOutcome? LastOutcome { get; set; }

            public DateTimeOffset? LastSuccess { get; set; }

            public int LastCreated { get; set; }

            public int LastUpdated { get; set; }

            public int LastDeleted { get; set; }

            public string? LastErrorId { get; set; }

            public string? LastError { get; set; }

            public List<double>? LatenciesMs { get; set; }
        }
    }
}
