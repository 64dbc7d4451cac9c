using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Data.Tables;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Sync;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.SyncState
{
    /// <summary>
    /// Sync state in Azure Table Storage, for many workers running one profile (Azure Automation jobs, hybrid workers,
    /// scheduled containers). Every pair is one partition (<see cref="AzureTableKeys"/>):
    /// <list type="bullet">
    /// <item>the <c>lease</c> row names the holder and the expiry; it is taken, renewed and released with ETag optimistic
    /// concurrency (If-Match: a 412 means another worker wrote it first; an insert's 409 means another worker created it
    /// first), so of any number of workers racing for a pair exactly one wins, and a lease not renewed lapses at its
    /// expiry for the next worker to take (https://learn.microsoft.com/rest/api/storageservices/update-entity2);</item>
    /// <item>the <c>state</c> row holds the pair's state, gzipped JSON, in binary properties of at most 64 KiB each
    /// (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types);
    /// a state larger than one entity goes to <c>chunk~{generation}~{n}</c> rows written first, which the state row then
    /// points to;</item>
    /// <item>a save is one entity group transaction (https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions)
    /// of "update the lease row If-Match the holder's ETag (extending it)" and "write the state row": both or neither,
    /// so a worker whose lease was taken over cannot write, and a kill leaves the old state or the new.</item>
    /// </list>
    /// Expiry times are the workers' clocks (UTC): keep leases much longer than the clocks' skew (minutes, not seconds).
    /// The store never holds or prints a secret: its <see cref="ToString"/> is the table's endpoint without any query.
    /// </summary>
    public sealed class AzureTableSyncStateStore : ISyncStateStore
    {
        // Binary property values are at most 64 KiB and an entity at most 1 MiB with 255 properties (of which 3 are the
        // system's), and the service (Azurite too) measures the JSON, where binary is base64: 10 x 64 KiB is ~850 KiB
        // on the wire. The batch that carries the state row stays well under its 4 MiB.
        internal const int PropertyBytes = 64 * 1024;
        private const int DefaultPropertiesPerRow = 10;

        private const string HolderProperty = "Holder";
        private const string ExpiresProperty = "Expires";
        private const string LeaseIdProperty = "LeaseId";
        private const string FormatProperty = "Format";
        private const string LengthProperty = "Length";
        private const string ChunksProperty = "Chunks";
        private const string GenerationProperty = "Generation";
        private const string PartsProperty = "Parts";
        private const string DataPrefix = "D";

        private readonly TableClient table;
        private readonly string description;
        private readonly TimeProvider time;
        private readonly SemaphoreSlim createGate = new SemaphoreSlim(1, 1);

        // What each pair's partition held when last read or written here: chunk rows a later save must clean up.
        private readonly ConcurrentDictionary<string, IReadOnlyList<string>> staleChunks = new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        private volatile bool tableReady;

        internal AzureTableSyncStateStore(TableClient table, string description, TimeProvider? time, bool createTable)
        {
            this.table = table ?? throw new ArgumentNullException(nameof(table));
            this.description = description ?? throw new ArgumentNullException(nameof(description));
            this.time = time ?? TimeProvider.System;
            tableReady = !createTable;
        }

        /// <summary>How many 64 KiB properties one row carries (tests lower it to make a state span rows).</summary>
        internal int PropertiesPerRow { get; set; } = DefaultPropertiesPerRow;

        /// <summary>The table's name.</summary>
        public string TableName => table.Name;

        /// <inheritdoc />
        public async Task<ISyncLease?> TryAcquireAsync(string profileId, string pairKey, string workerId, TimeSpan duration, CancellationToken cancellationToken)
        {
            Require(profileId, nameof(profileId));
            Require(pairKey, nameof(pairKey));
            Require(workerId, nameof(workerId));
            if (duration <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(duration), "A lease lasts longer than zero.");
            }

            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var partition = AzureTableKeys.Partition(profileId, pairKey);
            var leaseId = Guid.NewGuid().ToString("N");
            var expires = time.GetUtcNow() + duration;
            var row = LeaseEntity(partition, workerId, leaseId, expires);
            try
            {
                var current = await Call(() => table.GetEntityIfExistsAsync<TableEntity>(partition, AzureTableKeys.LeaseRow, null, cancellationToken)).ConfigureAwait(false);
                Response written;
                if (!current.HasValue || current.Value is null)
                {
                    // Nobody ever leased the pair (or the last holder released it): the first insert wins, the others get 409.
                    written = await Call(() => table.AddEntityAsync(row, cancellationToken)).ConfigureAwait(false);
                }
                else
                {
                    var holder = current.Value.GetString(HolderProperty);
                    var until = current.Value.GetDateTimeOffset(ExpiresProperty);
                    var free = until is null || until.Value <= time.GetUtcNow() || string.Equals(holder, workerId, StringComparison.Ordinal);
                    if (!free)
                    {
                        return null;
                    }

                    // Lapsed (or this worker's own): the first update against the ETag read wins, the others get 412.
                    written = await Call(() => table.UpdateEntityAsync(row, current.Value.ETag, TableUpdateMode.Replace, cancellationToken)).ConfigureAwait(false);
                }

                return new Lease(this, profileId, pairKey, partition, workerId, leaseId, duration, expires, written.Headers.ETag ?? default);
            }
            catch (RequestFailedException e) when (e.Status == 409 || e.Status == 412)
            {
                // Someone else was first, unless our own request went through and a retry of it is what conflicted.
                return await OursAfterConflictAsync(profileId, pairKey, partition, workerId, leaseId, duration, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <inheritdoc />
        public async Task<PairSyncState?> LoadAsync(string profileId, string pairKey, CancellationToken cancellationToken)
        {
            Require(profileId, nameof(profileId));
            Require(pairKey, nameof(pairKey));
            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var partition = AzureTableKeys.Partition(profileId, pairKey);

            // A reader that is not the lease holder can see a save half-way (the chunks of the state it read already
            // cleaned up by the next save): read again.
            for (var attempt = 1; ; attempt++)
            {
                var rows = await ReadPartitionAsync(partition, cancellationToken).ConfigureAwait(false);
                try
                {
                    return Assemble(profileId, pairKey, partition, rows);
                }
                catch (TornStateException) when (attempt < 5)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <inheritdoc />
        public async Task SaveAsync(ISyncLease lease, PairSyncState state, CancellationToken cancellationToken)
        {
            var held = Own(lease);
            if (state is null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            if (!string.Equals(state.ProfileId, held.ProfileId, StringComparison.Ordinal) || !string.Equals(state.PairKey, held.PairKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The state is pair '{state.PairKey}' of profile '{state.ProfileId}', the lease pair '{held.PairKey}' of '{held.ProfileId}'.", nameof(state));
            }

            var data = PairStateCodec.Encode(state);
            var perRow = Math.Max(1, PropertiesPerRow) * PropertyBytes;
            var header = new TableEntity(held.Partition, AzureTableKeys.StateRow)
            {
                [FormatProperty] = PairStateCodec.Format,
                [LengthProperty] = data.Length,
                ["Source"] = state.Source,
                ["Target"] = state.Target,
                ["Items"] = state.Items?.Count ?? 0,
                ["LastPass"] = state.LastPass,
                ["LastOutcome"] = state.LastOutcome?.ToString(),
            };

            var written = new List<string>();
            if (data.Length <= perRow)
            {
                header[ChunksProperty] = 0;
                PutParts(header, data, 0, data.Length);
            }
            else
            {
                // Too large for one row: the chunks first, under a generation no state row names yet, so a kill here
                // leaves the old state whole; the state row that names them is written with the lease check below.
                var generation = Guid.NewGuid().ToString("N");
                var chunks = (data.Length + perRow - 1) / perRow;
                for (var i = 0; i < chunks; i++)
                {
                    var offset = i * perRow;
                    var chunk = new TableEntity(held.Partition, AzureTableKeys.ChunkRow(generation, i)) { [GenerationProperty] = generation };
                    PutParts(chunk, data, offset, Math.Min(perRow, data.Length - offset));
                    await Call(() => table.UpsertEntityAsync(chunk, TableUpdateMode.Replace, cancellationToken)).ConfigureAwait(false);
                    written.Add(chunk.RowKey);
                }

                header[ChunksProperty] = chunks;
                header[GenerationProperty] = generation;
            }

            DateTimeOffset expires;
            Response<IReadOnlyList<Response>> result;
            await held.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                expires = time.GetUtcNow() + held.Duration;
                var leaseRow = LeaseEntity(held.Partition, held.WorkerId, held.LeaseId, expires);
                var actions = new[]
                {
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, leaseRow, held.ETag),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, header),
                };
                try
                {
                    result = await Call(() => table.SubmitTransactionAsync(actions, cancellationToken)).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 412 || e.Status == 404)
                {
                    await DeleteRowsAsync(held.Partition, written, CancellationToken.None).ConfigureAwait(false);
                    throw held.Lost();
                }

                held.Extended(result.Value[0].Headers.ETag ?? default, expires);
            }
            finally
            {
                held.Gate.Release();
            }

            state.StoreVersion = result.Value[1].Headers.ETag?.ToString();
            state.LeaseHolder = held.WorkerId;
            state.LeaseExpires = expires;

            // The previous state's chunks (and any a lost worker left behind) are no longer named by anything.
            if (staleChunks.TryRemove(held.Partition, out var stale))
            {
                await DeleteRowsAsync(held.Partition, stale.Except(written, StringComparer.Ordinal).ToList(), cancellationToken).ConfigureAwait(false);
            }

            if (written.Count > 0)
            {
                staleChunks[held.Partition] = written;
            }
        }

        /// <inheritdoc />
        public async Task DeleteAsync(ISyncLease lease, CancellationToken cancellationToken)
        {
            var held = Own(lease);
            var rows = await ReadPartitionAsync(held.Partition, cancellationToken).ConfigureAwait(false);
            await held.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var expires = time.GetUtcNow() + held.Duration;
                var actions = new List<TableTransactionAction>
                {
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, LeaseEntity(held.Partition, held.WorkerId, held.LeaseId, expires), held.ETag),
                };
                var state = rows.FirstOrDefault(r => r.RowKey == AzureTableKeys.StateRow);
                if (state != null)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, state, ETag.All));
                }

                Response<IReadOnlyList<Response>> result;
                try
                {
                    result = await Call(() => table.SubmitTransactionAsync(actions, cancellationToken)).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 412 || (e.Status == 404 && IsLeaseAction(e)))
                {
                    throw held.Lost();
                }

                held.Extended(result.Value[0].Headers.ETag ?? default, expires);
            }
            finally
            {
                held.Gate.Release();
            }

            staleChunks.TryRemove(held.Partition, out _);
            await DeleteRowsAsync(held.Partition, rows.Where(r => r.RowKey.StartsWith(AzureTableKeys.ChunkPrefix, StringComparison.Ordinal)).Select(r => r.RowKey).ToList(), cancellationToken).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public async Task<IReadOnlyList<PairSyncState>> ListAsync(string profileId, CancellationToken cancellationToken)
        {
            Require(profileId, nameof(profileId));
            await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var prefix = AzureTableKeys.ProfilePrefix(profileId);
            var end = prefix.Substring(0, prefix.Length - 1) + (char)(AzureTableKeys.Separator + 1);
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {end}");
            var partitions = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!partitions.TryGetValue(row.PartitionKey, out var list))
                {
                    partitions[row.PartitionKey] = list = new List<TableEntity>();
                }

                list.Add(row);
            }

            var states = new List<PairSyncState>();
            foreach (var part in partitions)
            {
                PairSyncState? state;
                try
                {
                    state = Assemble(profileId, null, part.Key, part.Value);
                }
                catch (TornStateException)
                {
                    // Being saved right now; read that one pair again.
                    var rows = await ReadPartitionAsync(part.Key, cancellationToken).ConfigureAwait(false);
                    state = Assemble(profileId, null, part.Key, rows);
                }

                if (state != null)
                {
                    states.Add(state);
                }
            }

            return states;
        }

        public void Dispose() => createGate.Dispose();

        /// <summary>The table's endpoint and name: never a key, a SAS or a connection string.</summary>
        public override string ToString() => description;

        private static void Require(string value, string name)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("A value is required.", name);
            }
        }

        private static TableEntity LeaseEntity(string partition, string workerId, string leaseId, DateTimeOffset expires) =>
            new TableEntity(partition, AzureTableKeys.LeaseRow)
            {
                [HolderProperty] = workerId,
                [LeaseIdProperty] = leaseId,
                [ExpiresProperty] = expires.ToUniversalTime(),
            };

        private static void PutParts(TableEntity row, byte[] data, int offset, int count)
        {
            var parts = 0;
            for (var at = 0; at < count; at += PropertyBytes, parts++)
            {
                var length = Math.Min(PropertyBytes, count - at);
                var part = new byte[length];
                Buffer.BlockCopy(data, offset + at, part, 0, length);
                row[DataPrefix + parts.ToString(CultureInfo.InvariantCulture)] = part;
            }

            row[PartsProperty] = parts;
        }

        private static void ReadParts(TableEntity row, MemoryStream into)
        {
            var parts = row.GetInt32(PartsProperty) ?? 0;
            for (var i = 0; i < parts; i++)
            {
                var part = row.GetBinary(DataPrefix + i.ToString(CultureInfo.InvariantCulture)) ?? throw new TornStateException();
                into.Write(part, 0, part.Length);
            }
        }

        private static bool IsLeaseAction(RequestFailedException e) => e is TableTransactionFailedException t && t.FailedTransactionActionIndex == 0;

        private PairSyncState? Assemble(string profileId, string? pairKey, string partition, IReadOnlyList<TableEntity> rows)
        {
            var lease = rows.FirstOrDefault(r => r.RowKey == AzureTableKeys.LeaseRow);
            var header = rows.FirstOrDefault(r => r.RowKey == AzureTableKeys.StateRow);
            var chunkRows = rows.Where(r => r.RowKey.StartsWith(AzureTableKeys.ChunkPrefix, StringComparison.Ordinal)).ToList();
            PairSyncState? state = null;
            if (header != null)
            {
                var format = header.GetString(FormatProperty);
                if (!string.Equals(format, PairStateCodec.Format, StringComparison.Ordinal))
                {
                    throw new InvalidDataException(Texts.Format(nameof(Texts.Error_SyncStateFormatUnknown), partition, description, format));
                }

                var length = header.GetInt32(LengthProperty) ?? 0;
                using var data = new MemoryStream(length);
                var chunks = header.GetInt32(ChunksProperty) ?? 0;
                if (chunks == 0)
                {
                    ReadParts(header, data);
                }
                else
                {
                    var generation = header.GetString(GenerationProperty) ?? throw new TornStateException();
                    for (var i = 0; i < chunks; i++)
                    {
                        var key = AzureTableKeys.ChunkRow(generation, i);
                        var chunk = chunkRows.FirstOrDefault(r => r.RowKey == key) ?? throw new TornStateException();
                        ReadParts(chunk, data);
                    }
                }

                if (data.Length != length)
                {
                    throw new TornStateException();
                }

                state = PairStateCodec.Decode(data.ToArray());
                state.StoreVersion = header.ETag.ToString();
            }

            // Every chunk row there now is unnamed once the next save commits (a save never reuses a generation).
            if (chunkRows.Count > 0)
            {
                staleChunks[partition] = chunkRows.Select(r => r.RowKey).ToList();
            }

            if (lease != null)
            {
                var expires = lease.GetDateTimeOffset(ExpiresProperty);
                if (state is null && (pairKey != null || expires is null || expires <= time.GetUtcNow()))
                {
                    // LoadAsync: no state is null, whoever holds the lease. ListAsync: a pair being synced for the first
                    // time shows with its holder; a lapsed lease on a pair with no state is nothing to show.
                    return null;
                }

                state ??= new PairSyncState(profileId, pairKey ?? Unescape(partition.Substring(AzureTableKeys.ProfilePrefix(profileId).Length)));
                state.LeaseHolder = lease.GetString(HolderProperty);
                state.LeaseExpires = expires;
            }

            return state;
        }

        private static string Unescape(string escaped)
        {
            var builder = new System.Text.StringBuilder(escaped.Length);
            for (var i = 0; i < escaped.Length; i++)
            {
                if (escaped[i] == '%' && i + 2 < escaped.Length && int.TryParse(escaped.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    builder.Append((char)code);
                    i += 2;
                }
                else
                {
                    builder.Append(escaped[i]);
                }
            }

            return builder.ToString();
        }

        private async Task<List<TableEntity>> ReadPartitionAsync(string partition, CancellationToken cancellationToken)
        {
            var rows = new List<TableEntity>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            try
            {
                await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(row);
                }
            }
            catch (RequestFailedException e)
            {
                throw Failure(e);
            }

            return rows;
        }

        private async Task DeleteRowsAsync(string partition, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
        {
            foreach (var key in rowKeys)
            {
                try
                {
                    await table.DeleteEntityAsync(partition, key, ETag.All, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException)
                {
                    // Cleanup only: an orphaned chunk costs storage, never correctness (no state row names it).
                }
            }
        }

        private async Task<ISyncLease?> OursAfterConflictAsync(string profileId, string pairKey, string partition, string workerId, string leaseId, TimeSpan duration, CancellationToken cancellationToken)
        {
            var now = await Call(() => table.GetEntityIfExistsAsync<TableEntity>(partition, AzureTableKeys.LeaseRow, null, cancellationToken)).ConfigureAwait(false);
            if (now.HasValue && now.Value != null && string.Equals(now.Value.GetString(LeaseIdProperty), leaseId, StringComparison.Ordinal))
            {
                return new Lease(this, profileId, pairKey, partition, workerId, leaseId, duration, now.Value.GetDateTimeOffset(ExpiresProperty) ?? time.GetUtcNow(), now.Value.ETag);
            }

            return null;
        }

        private async Task EnsureTableAsync(CancellationToken cancellationToken)
        {
            if (tableReady)
            {
                return;
            }

            await createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!tableReady)
                {
                    try
                    {
                        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException e) when (e.Status == 403)
                    {
                        // A SAS or role scoped to the table's rows may not create tables; the table then has to exist,
                        // and the first real request says so if it does not.
                    }

                    tableReady = true;
                }
            }
            finally
            {
                createGate.Release();
            }
        }

        private Lease Own(ISyncLease lease)
        {
            if (lease is Lease own && ReferenceEquals(own.Store, this))
            {
                return own;
            }

            throw new ArgumentException("The lease was not taken from this state store.", nameof(lease));
        }

        /// <summary>
        /// Runs a table request; failures other than the concurrency answers become a <see cref="BackendException"/> (as
        /// every backend's do), so the runner reports them as the pair's failure and goes on with the other pairs.
        /// </summary>
        private async Task<T> Call<T>(Func<Task<T>> request)
        {
            try
            {
                return await request().ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status != 409 && e.Status != 412 && e.Status != 404)
            {
                throw Failure(e);
            }
            catch (Azure.Identity.AuthenticationFailedException e)
            {
                throw new BackendException(new BackendError(BackendErrorCode.Authentication, Texts.Format(nameof(Texts.Error_AzureTableNoToken), description, e.Message)), e);
            }
        }

        private BackendException Failure(RequestFailedException e)
        {
            // The SDK's message names status, error code and (sanitised) headers; we say where and what, never how we
            // signed in (no key, no SAS).
            var (code, what) = e.Status switch
            {
                401 => (BackendErrorCode.Authentication, "was refused (check the key, the SAS or the identity)"),
                403 => (BackendErrorCode.AccessDenied, "was refused (check the identity's role on the table, e.g. Storage Table Data Contributor, or the SAS's permissions and expiry)"),
                0 => (BackendErrorCode.Connection, "could not be reached"),
                408 => (BackendErrorCode.Transient, "timed out"),
                429 => (BackendErrorCode.Throttled, "is busy"),
                503 => (BackendErrorCode.Throttled, "is busy"),
                _ when e.Status >= 500 => (BackendErrorCode.ServerFault, "failed"),
                _ => (BackendErrorCode.InvalidInput, "refused the request"),
            };
            var message = string.Format(CultureInfo.InvariantCulture, "The sync state store {0} {1}: HTTP {2} {3}", description, what, e.Status, e.ErrorCode ?? string.Empty).Trim() + ".";
            return new BackendException(new BackendError(code, message, e.ErrorCode), e);
        }

        /// <summary>A state read while another worker's save replaced its chunks.</summary>
        private sealed class TornStateException : Exception
        {
        }

        private sealed class Lease : SyncLease
        {
            public Lease(AzureTableSyncStateStore store, string profileId, string pairKey, string partition, string workerId, string leaseId, TimeSpan duration, DateTimeOffset expires, ETag etag)
                : base(profileId, pairKey, workerId, duration, expires)
            {
                Store = store;
                Partition = partition;
                LeaseId = leaseId;
                ETag = etag;
            }

            public AzureTableSyncStateStore Store { get; }

            public string Partition { get; }

            public string LeaseId { get; }

            public ETag ETag { get; private set; }

            /// <summary>Serialises this lease's own writes of the lease row (renew, save, delete, release).</summary>
            public SemaphoreSlim Gate { get; } = new SemaphoreSlim(1, 1);

            public override async Task RenewAsync(CancellationToken cancellationToken)
            {
                if (IsReleased)
                {
                    throw new ObjectDisposedException(nameof(ISyncLease));
                }

                // One lease write at a time (a renewal beside a save would otherwise send the same ETag twice and lose to itself).
                await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var expires = Store.time.GetUtcNow() + Duration;
                    var response = await Store.Call(() => Store.table.UpdateEntityAsync(LeaseEntity(Partition, WorkerId, LeaseId, expires), ETag, TableUpdateMode.Replace, cancellationToken)).ConfigureAwait(false);
                    Extended(response.Headers.ETag ?? default, expires);
                }
                catch (RequestFailedException e) when (e.Status == 412 || e.Status == 404)
                {
                    throw Lost();
                }
                finally
                {
                    Gate.Release();
                }
            }

            public void Extended(ETag etag, DateTimeOffset expires)
            {
                ETag = etag;
                Expires = expires;
            }

            public SyncLeaseLostException Lost() =>
                new SyncLeaseLostException(PairKey, Texts.Format(nameof(Texts.Error_SyncLeaseLapsed), WorkerId, PairKey, ProfileId));

            /// <summary>Deletes the lease row if it is still ours (If-Match).</summary>
            protected override void Release()
            {
                var gated = Gate.Wait(TimeSpan.FromSeconds(30));
                try
                {
                    Store.table.DeleteEntity(Partition, AzureTableKeys.LeaseRow, ETag, CancellationToken.None);
                }
                catch (RequestFailedException)
                {
                    // Taken over already (412) or gone (404): nothing of ours to release.
                }
                catch (Exception e) when (e is System.Net.Http.HttpRequestException || e is IOException || e is OperationCanceledException || e is AggregateException || e is Azure.Identity.AuthenticationFailedException)
                {
                    // Unreachable: the lease lapses at its expiry.
                }
                finally
                {
                    if (gated)
                    {
                        Gate.Release();
                    }
                }
            }
        }
    }
}
