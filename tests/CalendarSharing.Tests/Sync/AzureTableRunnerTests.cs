using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Online.SyncState;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// The issue's many-workers test over real passes: four workers, each a <see cref="SyncRunner"/> over the real engine
    /// with its own Azure Table store client (Azurite), run one profile at once against the EWS sandbox through the real
    /// client. Every pair's changes are applied by exactly one worker per pass (the others find the pair leased, or already
    /// up to date), no copy is made twice; a worker killed while holding leases keeps its pairs from everyone until the
    /// leases expire, and then they are taken over.
    /// </summary>
    [Collection(AzureTableAzuriteCollection.Name)]
    public sealed class AzureTableRunnerTests
    {
        private const int PairCount = 12;
        private const int EventsPerSource = 3;
        private readonly AzureTableAzuriteFixture azurite;

        public AzureTableRunnerTests(AzureTableAzuriteFixture azurite)
        {
            this.azurite = azurite;
        }

        [Fact]
        public async Task Four_workers_on_one_profile_apply_each_pairs_changes_exactly_once_and_a_killed_workers_pairs_are_taken_over_after_the_lease_expires()
        {
            using var box = await EventSandbox.StartAsync(BackendKind.Ews, new SandboxOptions { GeneratedMailboxes = PairCount * 2 });
            var profile = new SyncProfile("four-workers");
            for (var i = 1; i <= PairCount; i++)
            {
                profile.Pairs.Add(new SyncPair(Mailbox(i), Mailbox(PairCount + i)));
            }

            foreach (var mailbox in Enumerable.Range(1, PairCount * 2).Select(Mailbox))
            {
                var items = box.Org.FindMailbox(mailbox)!.Calendar.Items;
                foreach (var item in items.Snapshot())
                {
                    items.Remove(item.Id);
                }
            }

            var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(9), TimeSpan.Zero);
            var sourceIds = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var pair in profile.Pairs)
            {
                sourceIds[pair.Source] = new List<string>();
                for (var e = 0; e < EventsPerSource; e++)
                {
                    var created = await box.Events.CreateEventAsync(CalendarAddress.Default(pair.Source), new EventDraft { Subject = "Booking " + e, Start = start.AddDays(e), End = start.AddDays(e).AddHours(1), TimeZone = "UTC", ShowAs = EventShowAs.Busy }, CancellationToken.None);
                    sourceIds[pair.Source].Add(created.Id);
                }
            }

            var table = AzureTableAzuriteFixture.NewTableName();
            var stores = Enumerable.Range(0, 4).Select(_ => azurite.Open(table)).ToList();
            try
            {
                // Pass 1: every copy made once.
                var first = await PassAsync(box, profile, stores);
                AssertEachPairOnce(profile, first, r => r.Created == EventsPerSource && r.Updated == 0 && r.Deleted == 0);
                Assert.Equal(PairCount * EventsPerSource, first.Sum(r => r.Created));
                AssertCopies(box, profile);

                // Pass 2: one event moved at every source, each move applied once.
                await MoveFirstEventsAsync(box, profile.Pairs, sourceIds);
                var second = await PassAsync(box, profile, stores);
                AssertEachPairOnce(profile, second, r => r.Updated == 1 && r.Created == 0 && r.Deleted == 0);
                Assert.Equal(PairCount, second.Sum(r => r.Updated));

                // Pass 3: worker 3 has taken the first four pairs' leases and is killed (it never saves, renews or
                // releases them); the three others run.
                var held = new List<ISyncLease>();
                foreach (var pair in profile.Pairs.Take(4))
                {
                    held.Add((await stores[3].TryAcquireAsync(profile.Id, pair.Key, "worker3", TimeSpan.FromSeconds(4), CancellationToken.None))!);
                }

                Assert.DoesNotContain(null, held);
                var alive = stores.Take(3).ToList();
                await MoveFirstEventsAsync(box, profile.Pairs, sourceIds);
                var third = await PassAsync(box, profile, alive);
                foreach (var pair in profile.Pairs.Take(4))
                {
                    Assert.All(third.Where(r => r.Source == pair.Source), r => Assert.Equal(SyncPassOutcome.Leased, r.Outcome));
                }

                AssertEachPairOnce(profile, third.Where(r => profile.Pairs.Skip(4).Any(p => p.Source == r.Source)).ToList(), r => r.Updated == 1, profile.Pairs.Skip(4));

                // After the expiry the killed worker's pairs are taken over, their pending move applied once.
                var expiry = held.Max(l => l.Expires);
                var wait = expiry - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait + TimeSpan.FromMilliseconds(200));
                }

                var fourth = await PassAsync(box, profile, alive);
                AssertEachPairOnce(profile, fourth.Where(r => profile.Pairs.Take(4).Any(p => p.Source == r.Source)).ToList(), r => r.Updated == 1, profile.Pairs.Take(4));
                Assert.Equal(0, fourth.Where(r => profile.Pairs.Skip(4).Any(p => p.Source == r.Source)).Sum(r => r.Created + r.Updated + r.Deleted));
                AssertCopies(box, profile);
                var status = await stores[0].ListAsync(profile.Id, CancellationToken.None);
                Assert.Equal(PairCount, status.Count);
                Assert.All(status, s => Assert.Equal(EventsPerSource, s.Items.Count));
                box.AssertWireValid();
            }
            finally
            {
                stores.ForEach(s => s.Dispose());
            }
        }

        private static string Mailbox(int i) => "user" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "@contoso.com";

        /// <summary>Four workers, started together, each one pass over every pair of the profile.</summary>
        private static async Task<List<SyncPairResult>> PassAsync(EventSandbox box, SyncProfile profile, IReadOnlyList<AzureTableSyncStateStore> stores)
        {
            using var go = new ManualResetEventSlim(false);
            var runs = stores.Select((store, w) => Task.Run(async () =>
            {
                var runner = new SyncRunner(new SyncEngine(store, "worker" + w, TimeProvider.System), _ => box.Services);
                go.Wait();
                return await runner.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), new RecordingSink(), CancellationToken.None);
            })).ToList();
            go.Set();
            var results = (await Task.WhenAll(runs)).SelectMany(r => r).ToList();
            Assert.DoesNotContain(results, r => r.Outcome == SyncPassOutcome.Failed || r.Outcome == SyncPassOutcome.Aborted);
            return results;
        }

        /// <summary>Per pair, exactly one result did the pass's writes; every other result of the pair wrote nothing.</summary>
        private static void AssertEachPairOnce(SyncProfile profile, IReadOnlyList<SyncPairResult> results, Func<SyncPairResult, bool> didTheWork, IEnumerable<SyncPair>? pairs = null)
        {
            foreach (var pair in pairs ?? profile.Pairs)
            {
                var mine = results.Where(r => r.Source == pair.Source && r.Target == pair.Target).ToList();
                Assert.Equal(results.Count / results.Select(r => r.Source).Distinct().Count(), mine.Count);
                var working = mine.Where(r => r.Created + r.Updated + r.Deleted > 0).ToList();
                Assert.True(working.Count == 1, $"{pair}: {working.Count} workers wrote ({string.Join(", ", mine.Select(r => r.Outcome + " " + r.Created + "/" + r.Updated + "/" + r.Deleted))})");
                Assert.True(didTheWork(working[0]), $"{pair}: {working[0].Created} created, {working[0].Updated} updated, {working[0].Deleted} deleted");
                Assert.All(mine.Except(working), r => Assert.True(r.Outcome == SyncPassOutcome.Leased || r.Outcome == SyncPassOutcome.UpToDate, r.ToString()));
            }
        }

        /// <summary>Every target holds exactly one stamped copy per source item.</summary>
        private static void AssertCopies(EventSandbox box, SyncProfile profile)
        {
            foreach (var pair in profile.Pairs)
            {
                var stamps = box.Org.FindMailbox(pair.Target)!.Calendar.Items.Snapshot()
                    .Select(e => e.Properties.Values.Select(SyncStamp.Parse).FirstOrDefault(s => s != null))
                    .Where(s => s != null && s.IsOf(profile.Id))
                    .Select(s => s!.SourceItemId)
                    .ToList();
                Assert.Equal(EventsPerSource, stamps.Count);
                Assert.Equal(EventsPerSource, stamps.Distinct(StringComparer.Ordinal).Count());
            }
        }

        private static async Task MoveFirstEventsAsync(EventSandbox box, IEnumerable<SyncPair> pairs, Dictionary<string, List<string>> sourceIds)
        {
            foreach (var pair in pairs)
            {
                var id = sourceIds[pair.Source][0];
                var current = await box.Events.GetEventAsync(CalendarAddress.Default(pair.Source), id, null, CancellationToken.None);
                var moved = await box.Events.UpdateEventAsync(CalendarAddress.Default(pair.Source), id, null, new EventDraft { Start = current!.Start.AddMinutes(30), End = current.End.AddMinutes(30) }, CancellationToken.None);
                sourceIds[pair.Source][0] = moved.Id;
            }
        }
    }
}
