using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Sync;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>The file state store: atomic saves, leases shared by store instances (as by processes), damaged files survived.</summary>
    public sealed class FileStoreTests : IDisposable
    {
        private const string Profile = "profile-1";
        private const string Pair = "room1@contoso.com||room1-mirror@contoso.com|";

        private readonly string folder = Path.Combine(Path.GetTempPath(), "cs-store-" + Guid.NewGuid().ToString("N"));
        private readonly FakeTimeProvider time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));

        public void Dispose()
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private FileSyncStateStore Store() => new FileSyncStateStore(folder, time);

        private static PairSyncState State(string watermark, int items)
        {
            var state = new PairSyncState(Profile, Pair) { Source = "room1@contoso.com", Target = "room1-mirror@contoso.com", SourceWatermark = watermark, LastOutcome = SyncPassOutcome.Succeeded };
            for (var i = 0; i < items; i++)
            {
                state.Items["src-" + i] = new MirrorEntry { TargetId = "tgt-" + i, SourceVersion = "v" + i, TargetVersion = "t" + i, Origin = "source" };
            }

            state.LatenciesMs.Add(120.5);
            return state;
        }

        [Fact]
        public async Task A_saved_state_loads_back_whole()
        {
            using var store = Store();
            using var lease = await store.TryAcquireAsync(Profile, Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None);
            Assert.NotNull(lease);

            await store.SaveAsync(lease!, State("wm-1", 3), CancellationToken.None);
            var back = await Store().LoadAsync(Profile, Pair, CancellationToken.None);

            Assert.NotNull(back);
            Assert.Equal("wm-1", back!.SourceWatermark);
            Assert.Equal(3, back.Items.Count);
            Assert.Equal("tgt-2", back.Items["src-2"].TargetId);
            Assert.Equal("source", back.Items["src-2"].Origin);
            Assert.Equal(SyncPassOutcome.Succeeded, back.LastOutcome);
            Assert.Equal(new[] { 120.5 }, back.LatenciesMs);
            Assert.Null(await store.LoadAsync(Profile, "another|pair||", CancellationToken.None));
        }

        [Fact]
        public async Task A_lease_held_by_one_worker_is_refused_to_another_until_it_lapses()
        {
            using var a = Store();
            using var b = Store();
            var first = await a.TryAcquireAsync(Profile, Pair, "worker-a", TimeSpan.FromMinutes(2), CancellationToken.None);
            Assert.NotNull(first);

            Assert.Null(await b.TryAcquireAsync(Profile, Pair, "worker-b", TimeSpan.FromMinutes(2), CancellationToken.None));
            var listed = Assert.Single(await b.ListAsync(Profile, CancellationToken.None));
            Assert.Equal("worker-a", listed.LeaseHolder);

            time.Advance(TimeSpan.FromMinutes(3));
            var second = await b.TryAcquireAsync(Profile, Pair, "worker-b", TimeSpan.FromMinutes(2), CancellationToken.None);
            Assert.NotNull(second);

            // The lapsed holder writes nothing once the pair is taken over.
            await Assert.ThrowsAsync<SyncLeaseLostException>(() => a.SaveAsync(first!, State("stale", 1), CancellationToken.None));
            await Assert.ThrowsAsync<SyncLeaseLostException>(() => first!.RenewAsync(CancellationToken.None));
            Assert.Null(await b.LoadAsync(Profile, Pair, CancellationToken.None));

            // Its Dispose does not release the new holder's lease.
            first!.Dispose();
            Assert.Null(await a.TryAcquireAsync(Profile, Pair, "worker-c", TimeSpan.FromMinutes(2), CancellationToken.None));
            second!.Dispose();
            Assert.NotNull(await a.TryAcquireAsync(Profile, Pair, "worker-c", TimeSpan.FromMinutes(2), CancellationToken.None));
        }

        [Fact]
        public async Task Renewing_keeps_the_lease_past_its_first_expiry()
        {
            using var store = Store();
            using var lease = await store.TryAcquireAsync(Profile, Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1.5));
            await lease!.RenewAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1.5));

            Assert.Null(await Store().TryAcquireAsync(Profile, Pair, "w2", TimeSpan.FromMinutes(2), CancellationToken.None));
            Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(0.5), lease.Expires);
        }

        [Fact]
        public async Task Workers_racing_for_many_pairs_each_get_every_pair_exactly_once()
        {
            var pairs = Enumerable.Range(0, 40).Select(i => "src" + i + "@contoso.com||dst" + i + "@contoso.com|").ToList();
            var winners = new ConcurrentDictionary<string, ConcurrentBag<string>>();
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                using var store = Store();
                foreach (var pair in pairs)
                {
                    var lease = await store.TryAcquireAsync(Profile, pair, "worker-" + w, TimeSpan.FromMinutes(5), CancellationToken.None);
                    if (lease != null)
                    {
                        winners.GetOrAdd(pair, _ => new ConcurrentBag<string>()).Add("worker-" + w);
                    }
                }
            })).ToArray();

            await Task.WhenAll(workers);

            Assert.Equal(pairs.Count, winners.Count);
            Assert.All(winners.Values, w => Assert.Single(w));
        }

        [Fact]
        public async Task A_damaged_state_file_is_reported_kept_aside_and_the_pair_starts_over()
        {
            var warnings = new List<string>();
            using var store = Store();
            store.Warn = warnings.Add;
            using (var lease = await store.TryAcquireAsync(Profile, Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None))
            {
                await store.SaveAsync(lease!, State("wm-1", 2), CancellationToken.None);
            }

            var file = Directory.GetFiles(folder, "*.state.json").Single();
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes.Take(bytes.Length / 2).ToArray()); // as a disk that lost the tail would leave it

            var back = await store.LoadAsync(Profile, Pair, CancellationToken.None);

            Assert.Null(back);
            var warning = Assert.Single(warnings);
            Assert.Contains("compares by stamp", warning, StringComparison.Ordinal);
            Assert.False(File.Exists(file));
            Assert.Single(Directory.GetFiles(folder, "*.corrupt-*"));

            // The next pass's save works as on a first pass.
            using var again = await store.TryAcquireAsync(Profile, Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None);
            await store.SaveAsync(again!, State("wm-2", 1), CancellationToken.None);
            Assert.Equal("wm-2", (await store.LoadAsync(Profile, Pair, CancellationToken.None))!.SourceWatermark);
        }

        [Fact]
        public async Task A_state_file_of_another_pair_copied_over_is_not_taken_for_this_pair()
        {
            var warnings = new List<string>();
            using var store = Store();
            store.Warn = warnings.Add;
            using (var lease = await store.TryAcquireAsync(Profile, Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None))
            {
                await store.SaveAsync(lease!, State("wm-1", 2), CancellationToken.None);
            }

            const string other = "b@contoso.com||c@contoso.com|";
            using (var lease = await store.TryAcquireAsync(Profile, other, "w1", TimeSpan.FromMinutes(2), CancellationToken.None))
            {
                var s = new PairSyncState(Profile, other) { SourceWatermark = "other" };
                await store.SaveAsync(lease!, s, CancellationToken.None);
            }

            var files = Directory.GetFiles(folder, "*.state.json");
            var mine = files.Single(f => File.ReadAllText(f).Contains("wm-1", StringComparison.Ordinal));
            File.Copy(files.Single(f => f != mine), mine, overwrite: true);

            Assert.Null(await store.LoadAsync(Profile, Pair, CancellationToken.None));
            Assert.Single(warnings);
        }

        [Fact]
        public async Task Delete_forgets_the_state_and_the_list_shows_each_pair_of_the_profile_only()
        {
            using var store = Store();
            using (var lease = await store.TryAcquireAsync(Profile, Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None))
            {
                await store.SaveAsync(lease!, State("wm-1", 2), CancellationToken.None);
            }

            using (var lease = await store.TryAcquireAsync("profile-2", Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None))
            {
                await store.SaveAsync(lease!, new PairSyncState("profile-2", Pair), CancellationToken.None);
            }

            Assert.Single(await store.ListAsync(Profile, CancellationToken.None));
            using (var lease = await store.TryAcquireAsync(Profile, Pair, "w1", TimeSpan.FromMinutes(2), CancellationToken.None))
            {
                await store.DeleteAsync(lease!, CancellationToken.None);
            }

            Assert.Null(await store.LoadAsync(Profile, Pair, CancellationToken.None));
            Assert.Empty(await store.ListAsync(Profile, CancellationToken.None));
            Assert.Single(await store.ListAsync("profile-2", CancellationToken.None));
        }

        [Fact]
        public void The_state_folder_sits_beside_the_profile_and_a_remote_name_is_not_taken_for_a_folder()
        {
            var profile = Path.Combine(folder, "rooms.sync.json");

            Assert.Equal(Path.Combine(folder, "rooms.sync.state"), FileSyncStateStore.FolderFor(profile));
            using (var opened = SyncStateStores.Open(null, new SyncStateStoreContext { ProfilePath = profile }))
            {
                Assert.Equal(Path.Combine(folder, "rooms.sync.state"), Assert.IsType<FileSyncStateStore>(opened).Folder);
            }

            using (var relative = SyncStateStores.Open("shared-state", new SyncStateStoreContext { ProfilePath = profile }))
            {
                Assert.Equal(Path.Combine(folder, "shared-state"), Assert.IsType<FileSyncStateStore>(relative).Folder);
            }

            var ex = Assert.Throws<SyncStateStoreException>(() => SyncStateStores.Open("https://acct.table.core.windows.net/syncstate?sv=2024&sig=SECRET", new SyncStateStoreContext { ProfilePath = profile }));
            Assert.DoesNotContain("SECRET", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("KEY", SyncStateStores.Redact("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=KEY"), StringComparison.Ordinal);
        }
    }
}
