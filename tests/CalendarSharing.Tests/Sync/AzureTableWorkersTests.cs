using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Sync;
using CalendarSharing.Online.SyncState;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// Four workers on one profile in Azurite, each with its own store (its own client, as separate jobs), racing over the
    /// same pairs with the store's protocol: take the pair's lease, read its state, do the pass unless the state says this
    /// pass was done, save, release. Every pair is synced exactly once per pass; a worker killed while holding leases
    /// loses them at their expiry, and the others take its pairs over then, not before.
    /// </summary>
    [Collection(AzureTableAzuriteCollection.Name)]
    public sealed class AzureTableWorkersTests
    {
        private const string Profile = "four-workers";
        private readonly AzureTableAzuriteFixture azurite;

        public AzureTableWorkersTests(AzureTableAzuriteFixture azurite)
        {
            this.azurite = azurite;
        }

        [Fact]
        public async Task Four_workers_sync_every_pair_exactly_once_per_pass_and_a_killed_workers_pairs_are_taken_over_after_the_lease_expires()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            var pairs = Enumerable.Range(1, 40).Select(i => $"room{i:D2}@contoso.com||mirror{i:D2}@fabrikam.com|").ToList();
            var stores = Enumerable.Range(0, 4).Select(_ => azurite.Open(table)).ToList();
            var lease = TimeSpan.FromSeconds(3);
            try
            {
                for (var pass = 1; pass <= 2; pass++)
                {
                    var synced = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
                    await Task.WhenAll(stores.Select((s, w) => Task.Run(() => WorkAsync(s, "worker" + w, pass, pairs, w, lease, synced, null))));
                    AssertExactlyOnce(pairs, synced, pass);
                    Assert.True(synced.Values.SelectMany(b => b).Distinct().Count() > 1, "one worker did every pair: the race was not run");
                }

                // Pass 3: worker 3 takes five pairs and dies holding their leases (no save, no release, no renewal).
                var dead = new List<ISyncLease>();
                foreach (var pair in pairs.Take(5))
                {
                    dead.Add((await stores[3].TryAcquireAsync(Profile, pair, "worker3", lease, CancellationToken.None))!);
                }

                Assert.DoesNotContain(null, dead);
                var deadUntil = dead.ToDictionary(l => l.PairKey, l => l.Expires, StringComparer.Ordinal);
                var takenAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
                var synced3 = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
                await Task.WhenAll(stores.Take(3).Select((s, w) => Task.Run(() => WorkAsync(s, "worker" + w, 3, pairs, w, lease, synced3, takenAt))));
                AssertExactlyOnce(pairs, synced3, 3);
                foreach (var pair in pairs.Take(5))
                {
                    Assert.DoesNotContain("worker3", synced3[pair]);
                    Assert.True(takenAt[pair] >= deadUntil[pair], $"{pair} was taken at {takenAt[pair]:O}, before the dead worker's lease on it expired at {deadUntil[pair]:O}");
                }

                var status = await stores[0].ListAsync(Profile, CancellationToken.None);
                Assert.Equal(pairs.Count, status.Count);
                Assert.All(status, s => Assert.Equal("pass-3", s.SourceWatermark));
            }
            finally
            {
                stores.ForEach(s => s.Dispose());
            }
        }

        /// <summary>One worker's pass: every pair not yet done this pass, retrying the leased ones until they are.</summary>
        private static async Task WorkAsync(AzureTableSyncStateStore store, string worker, int pass, IReadOnlyList<string> pairs, int seed, TimeSpan duration, ConcurrentDictionary<string, ConcurrentBag<string>> synced, ConcurrentDictionary<string, DateTimeOffset>? takenAt)
        {
            var mark = "pass-" + pass.ToString(CultureInfo.InvariantCulture);
            var random = new Random(seed * 7919 + pass);
            var left = pairs.OrderBy(_ => random.Next()).ToList();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (left.Count > 0)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"{worker} still had {left.Count} pair(s) after a minute");
                var next = new List<string>();
                foreach (var pair in left)
                {
                    using var held = await store.TryAcquireAsync(Profile, pair, worker, duration, CancellationToken.None);
                    if (held is null)
                    {
                        // Another worker has it: it may be syncing it now, or it may have died; look again later.
                        next.Add(pair);
                        continue;
                    }

                    takenAt?.TryAdd(pair, DateTimeOffset.UtcNow);
                    var state = await store.LoadAsync(Profile, pair, CancellationToken.None) ?? new PairSyncState(Profile, pair);
                    if (state.SourceWatermark == mark)
                    {
                        continue;
                    }

                    synced.GetOrAdd(pair, _ => new ConcurrentBag<string>()).Add(worker);
                    state.SourceWatermark = mark;
                    state.LastPass = DateTimeOffset.UtcNow;
                    state.LastCreated++;
                    await store.SaveAsync(held, state, CancellationToken.None);
                }

                left = next;
                if (left.Count > 0)
                {
                    await Task.Delay(100);
                }
            }
        }

        private static void AssertExactlyOnce(IReadOnlyList<string> pairs, ConcurrentDictionary<string, ConcurrentBag<string>> synced, int pass)
        {
            Assert.All(pairs, pair =>
            {
                Assert.True(synced.TryGetValue(pair, out var by), $"pass {pass}: {pair} was not synced");
                Assert.True(by!.Count == 1, $"pass {pass}: {pair} was synced {by.Count} times ({string.Join(", ", by)})");
            });
        }
    }
}
