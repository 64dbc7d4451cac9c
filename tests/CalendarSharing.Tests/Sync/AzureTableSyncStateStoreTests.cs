using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Sync;
using CalendarSharing.Online.SyncState;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>The Azure Table state store against Azurite through the real Azure.Data.Tables SDK.</summary>
    [Collection(AzureTableAzuriteCollection.Name)]
    public sealed class AzureTableSyncStateStoreTests
    {
        private const string Profile = "rooms";
        private const string Pair = "room1@contoso.com||room1-mirror@contoso.com|";
        private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

        private readonly AzureTableAzuriteFixture azurite;

        public AzureTableSyncStateStoreTests(AzureTableAzuriteFixture azurite)
        {
            this.azurite = azurite;
        }

        [Fact]
        public async Task Of_sixteen_workers_racing_for_a_new_pair_exactly_one_gets_the_lease()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            using (var setup = azurite.Open(table))
            {
                Assert.Empty(await setup.ListAsync(Profile, CancellationToken.None));
            }

            // Each worker its own store and client, as separate jobs are; all start together.
            var stores = Enumerable.Range(0, 16).Select(_ => azurite.Open(table)).ToList();
            try
            {
                for (var round = 0; round < 5; round++)
                {
                    var pair = Pair + round;
                    using var go = new ManualResetEventSlim(false);
                    var racers = stores.Select((s, i) => Task.Run(async () =>
                    {
                        go.Wait();
                        return await s.TryAcquireAsync(Profile, pair, "worker" + i, Minute, CancellationToken.None);
                    })).ToList();
                    go.Set();
                    var leases = await Task.WhenAll(racers);
                    var winners = leases.Where(l => l != null).ToList();
                    Assert.Single(winners);
                    Assert.Equal(pair, winners[0]!.PairKey);
                    var listed = (await stores[0].ListAsync(Profile, CancellationToken.None)).Single(s => s.PairKey == pair);
                    Assert.Equal(winners[0]!.WorkerId, listed.LeaseHolder);
                }
            }
            finally
            {
                stores.ForEach(s => s.Dispose());
            }
        }

        [Fact]
        public async Task Of_workers_racing_for_a_lapsed_lease_exactly_one_takes_it_and_the_old_holder_can_no_longer_save()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            using var first = azurite.Open(table, clock);
            var old = await first.TryAcquireAsync(Profile, Pair, "old", Minute, CancellationToken.None);
            Assert.NotNull(old);
            await first.SaveAsync(old!, State("v1"), CancellationToken.None);

            var stores = Enumerable.Range(0, 8).Select(_ => azurite.Open(table, clock)).ToList();
            try
            {
                // Not lapsed yet: nobody gets it.
                var early = await Task.WhenAll(stores.Select((s, i) => s.TryAcquireAsync(Profile, Pair, "w" + i, Minute, CancellationToken.None)));
                Assert.All(early, Assert.Null);

                clock.Advance(Minute + TimeSpan.FromSeconds(1));
                using var go = new ManualResetEventSlim(false);
                var racers = stores.Select((s, i) => Task.Run(async () =>
                {
                    go.Wait();
                    return await s.TryAcquireAsync(Profile, Pair, "w" + i, Minute, CancellationToken.None);
                })).ToList();
                go.Set();
                var winner = Assert.Single(await Task.WhenAll(racers), l => l != null);

                // The lapsed holder is refused, and what it tried to write is not there.
                var lost = await Assert.ThrowsAsync<SyncLeaseLostException>(() => first.SaveAsync(old!, State("v2 from the lost worker"), CancellationToken.None));
                Assert.Equal(Pair, lost.PairKey);
                await Assert.ThrowsAsync<SyncLeaseLostException>(() => old!.RenewAsync(CancellationToken.None));
                await Assert.ThrowsAsync<SyncLeaseLostException>(() => first.DeleteAsync(old!, CancellationToken.None));
                var seen = await first.LoadAsync(Profile, Pair, CancellationToken.None);
                Assert.Equal("v1", seen!.SourceWatermark);
                Assert.Equal(winner!.WorkerId, seen.LeaseHolder);

                // The new holder saves; the old one's release does not free the new holder's lease.
                await stores[int.Parse(winner!.WorkerId.Substring(1), System.Globalization.CultureInfo.InvariantCulture)].SaveAsync(winner, State("v3"), CancellationToken.None);
                old!.Dispose();
                Assert.All(await Task.WhenAll(stores.Select(s => s.TryAcquireAsync(Profile, Pair, "latecomer", Minute, CancellationToken.None))), Assert.Null);
                Assert.Equal("v3", (await first.LoadAsync(Profile, Pair, CancellationToken.None))!.SourceWatermark);
            }
            finally
            {
                stores.ForEach(s => s.Dispose());
            }
        }

        [Fact]
        public async Task A_renewed_lease_outlives_its_first_expiry_and_a_released_one_is_free_at_once()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            using var a = azurite.Open(table, clock);
            using var b = azurite.Open(table, clock);
            var lease = await a.TryAcquireAsync(Profile, Pair, "a", Minute, CancellationToken.None);
            Assert.NotNull(lease);
            var firstExpiry = lease!.Expires;

            clock.Advance(TimeSpan.FromSeconds(50));
            await lease.RenewAsync(CancellationToken.None);
            Assert.True(lease.Expires > firstExpiry);

            // The holder's own writes of the lease row never lose to each other (renewals beside a save).
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 4 == 0 ? a.SaveAsync(lease, State("concurrent"), CancellationToken.None) : lease.RenewAsync(CancellationToken.None)));
            clock.Advance(TimeSpan.FromSeconds(50));
            Assert.Null(await b.TryAcquireAsync(Profile, Pair, "b", Minute, CancellationToken.None));

            // A save extends the lease too (it is the lease update of the same transaction).
            clock.Advance(TimeSpan.FromSeconds(50));
            await a.SaveAsync(lease, State("kept"), CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(50));
            Assert.Null(await b.TryAcquireAsync(Profile, Pair, "b", Minute, CancellationToken.None));

            lease.Dispose();
            var next = await b.TryAcquireAsync(Profile, Pair, "b", Minute, CancellationToken.None);
            Assert.NotNull(next);
            Assert.Equal("kept", (await b.LoadAsync(Profile, Pair, CancellationToken.None))!.SourceWatermark);
        }

        [Fact]
        public async Task A_state_round_trips_whole_and_a_large_one_spans_rows_that_the_next_save_cleans_up()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            using var store = azurite.Open(table);
            var lease = await store.TryAcquireAsync(Profile, Pair, "w", Minute, CancellationToken.None);
            Assert.NotNull(lease);
            Assert.Null(await store.LoadAsync(Profile, Pair, CancellationToken.None));

            // 20,000 mirrored items with random ids (they compress poorly, as real EWS/Graph ids do): over a megabyte
            // gzipped, so more than one entity.
            var random = new Random(11);
            var large = State("large");
            large.WindowStart = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1));
            large.WindowEnd = large.WindowStart.Value.AddDays(90);
            large.LastOutcome = SyncPassOutcome.Succeeded;
            large.LastCreated = 20000;
            large.LatenciesMs.Add(812.5);
            large.OccurrenceMasters["occ-1"] = "master-1";
            for (var i = 0; i < 20000; i++)
            {
                large.Items["AAMk" + RandomText(random, 100)] = new MirrorEntry
                {
                    TargetId = "AAMk" + RandomText(random, 100),
                    SourceVersion = RandomText(random, 40),
                    TargetVersion = RandomText(random, 40),
                    Origin = i % 2 == 0 ? "source" : null,
                    DeletedByOwner = i % 1000 == 0,
                };
            }

            await store.SaveAsync(lease!, large, CancellationToken.None);
            var rows = await RowsAsync(table);
            Assert.True(rows.Count(r => r.StartsWith("chunk~", StringComparison.Ordinal)) >= 2, string.Join(", ", rows));

            using (var other = azurite.Open(table))
            {
                var back = await other.LoadAsync(Profile, Pair, CancellationToken.None);
                Assert.NotNull(back);
                Assert.Equal(large.Items.Count, back!.Items.Count);
                foreach (var item in large.Items.Take(500).Concat(large.Items.Skip(19500)))
                {
                    var copy = back.Items[item.Key];
                    Assert.Equal(item.Value.TargetId, copy.TargetId);
                    Assert.Equal(item.Value.SourceVersion, copy.SourceVersion);
                    Assert.Equal(item.Value.TargetVersion, copy.TargetVersion);
                    Assert.Equal(item.Value.Origin, copy.Origin);
                    Assert.Equal(item.Value.DeletedByOwner, copy.DeletedByOwner);
                }

                Assert.Equal(large.WindowStart, back.WindowStart);
                Assert.Equal(large.WindowEnd, back.WindowEnd);
                Assert.Equal(SyncPassOutcome.Succeeded, back.LastOutcome);
                Assert.Equal(20000, back.LastCreated);
                Assert.Equal(new[] { 812.5 }, back.LatenciesMs);
                Assert.Equal("master-1", back.OccurrenceMasters["occ-1"]);
                Assert.Equal("w", back.LeaseHolder);
                Assert.NotNull(back.StoreVersion);
            }

            // A small state again: one row, and the large state's chunks are gone.
            var small = State("small");
            small.Items["a"] = new MirrorEntry { TargetId = "b" };
            await store.LoadAsync(Profile, Pair, CancellationToken.None);
            await store.SaveAsync(lease!, small, CancellationToken.None);
            Assert.Equal(new[] { "lease", "state" }, (await RowsAsync(table)).OrderBy(r => r, StringComparer.Ordinal));
            var loaded = await store.LoadAsync(Profile, Pair, CancellationToken.None);
            Assert.Equal("small", loaded!.SourceWatermark);
            Assert.Equal("b", loaded.Items["a"].TargetId);

            // Forgetting it (Reset-CalendarSync) leaves the lease and no state.
            await store.DeleteAsync(lease!, CancellationToken.None);
            Assert.Null((await store.LoadAsync(Profile, Pair, CancellationToken.None))?.SourceWatermark);
            Assert.Equal(new[] { "lease" }, await RowsAsync(table));
        }

        [Fact]
        public async Task A_kill_between_the_chunks_and_the_commit_leaves_the_old_state_whole()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            using var store = azurite.Open(table, clock);
            store.PropertiesPerRow = 1;
            var lease = await store.TryAcquireAsync(Profile, Pair, "w", Minute, CancellationToken.None);
            var v1 = State("v1");
            var random = new Random(5);
            for (var i = 0; i < 3000; i++)
            {
                v1.Items[RandomText(random, 60)] = new MirrorEntry { TargetId = RandomText(random, 60) };
            }

            await store.SaveAsync(lease!, v1, CancellationToken.None);

            // The worker lapses and another takes over; the lost worker's next save writes its chunks, then is refused
            // at the commit, as a kill at that point would leave it: the state read is still v1, whole.
            clock.Advance(Minute * 2);
            using var other = azurite.Open(table, clock);
            var taken = await other.TryAcquireAsync(Profile, Pair, "other", Minute, CancellationToken.None);
            Assert.NotNull(taken);
            var v2 = State("v2");
            foreach (var item in v1.Items)
            {
                v2.Items[item.Key + "x"] = item.Value;
            }

            await Assert.ThrowsAsync<SyncLeaseLostException>(() => store.SaveAsync(lease!, v2, CancellationToken.None));
            var seen = await other.LoadAsync(Profile, Pair, CancellationToken.None);
            Assert.Equal("v1", seen!.SourceWatermark);
            Assert.Equal(v1.Items.Keys.OrderBy(k => k, StringComparer.Ordinal), seen.Items.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public async Task Listing_a_profile_shows_its_pairs_with_their_holders_and_no_other_profiles()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            using var store = azurite.Open(table);
            var pairs = new[] { "a@contoso.com||b@contoso.com|", "c@contoso.com|Kalender/Räume #1?|d@contoso.com|", "e@contoso.com||f@contoso.com|" };
            foreach (var profile in new[] { "rooms", "rooms|x", "rooms2" })
            {
                foreach (var pair in pairs)
                {
                    var lease = await store.TryAcquireAsync(profile, pair, "w-" + profile, Minute, CancellationToken.None);
                    var state = new PairSyncState(profile, pair) { Source = pair.Split('|')[0], SourceWatermark = profile + pair };
                    await store.SaveAsync(lease!, state, CancellationToken.None);
                }
            }

            // A pair leased right now but never saved shows too, with its holder.
            var fresh = await store.TryAcquireAsync("rooms", "g@contoso.com||h@contoso.com|", "w-new", Minute, CancellationToken.None);
            Assert.NotNull(fresh);

            var listed = await store.ListAsync("rooms", CancellationToken.None);
            Assert.Equal(pairs.Append("g@contoso.com||h@contoso.com|").OrderBy(p => p, StringComparer.Ordinal), listed.Select(s => s.PairKey).OrderBy(p => p, StringComparer.Ordinal));
            Assert.All(listed.Where(s => s.PairKey != "g@contoso.com||h@contoso.com|"), s =>
            {
                Assert.Equal("rooms", s.ProfileId);
                Assert.Equal("rooms" + s.PairKey, s.SourceWatermark);
                Assert.Equal("w-rooms", s.LeaseHolder);
                Assert.NotNull(s.LeaseExpires);
            });
            Assert.Equal("w-new", listed.Single(s => s.PairKey == "g@contoso.com||h@contoso.com|").LeaseHolder);
            Assert.Equal(3, (await store.ListAsync("rooms|x", CancellationToken.None)).Count);
        }

        [Fact]
        public async Task A_lease_from_another_store_or_for_another_pair_is_refused()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            using var a = azurite.Open(table);
            using var b = azurite.Open(table);
            var lease = await a.TryAcquireAsync(Profile, Pair, "w", Minute, CancellationToken.None);
            await Assert.ThrowsAsync<ArgumentException>(() => b.SaveAsync(lease!, State("x"), CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => a.SaveAsync(lease!, new PairSyncState(Profile, "other||pair|"), CancellationToken.None));
            Assert.Null(await a.LoadAsync(Profile, Pair, CancellationToken.None));
        }

        [Fact]
        public async Task A_SAS_url_opens_the_store_and_no_key_or_signature_is_ever_shown()
        {
            var table = AzureTableAzuriteFixture.NewTableName();
            // An account SAS for the table service: Azurite 3.37 refuses a table-scoped SAS (tn=) on $batch, which Azure
            // accepts (https://learn.microsoft.com/rest/api/storageservices/create-service-sas#service-sas-example-for-table-service).
            var sas = azurite.AccountSasFor(table);
            var signature = System.Web.HttpUtility.ParseQueryString(sas.Query)["sig"];
            Assert.False(string.IsNullOrEmpty(signature));

            var spec = AzureTableStateStoreSpec.Parse(sas.ToString());
            Assert.Equal(AzureTableAuthentication.SharedAccessSignature, spec.Authentication);
            Assert.True(spec.ContainsSecret);
            Assert.Equal(table, spec.TableName);
            using var store = spec.Open();
            var lease = await store.TryAcquireAsync(Profile, Pair, "sas-worker", Minute, CancellationToken.None);
            await store.SaveAsync(lease!, State("through a SAS"), CancellationToken.None);
            Assert.Equal("through a SAS", (await store.LoadAsync(Profile, Pair, CancellationToken.None))!.SourceWatermark);

            var key = azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal)).Substring("AccountKey=".Length);
            var withKey = AzureTableStateStoreSpec.Parse(azurite.Spec(table));
            Assert.Equal(AzureTableAuthentication.ConnectionString, withKey.Authentication);
            Assert.True(withKey.ContainsSecret);
            Assert.Equal($"{azurite.Endpoint}/{table}", withKey.Description);
            var token = AzureTableStateStoreSpec.Parse("https://contoso.table.core.windows.net/calendarsync");
            Assert.Equal(AzureTableAuthentication.Token, token.Authentication);
            Assert.False(token.ContainsSecret);
            Assert.Equal("calendarsync", token.TableName);
            var development = AzureTableStateStoreSpec.Parse("UseDevelopmentStorage=true;Table=sync");
            Assert.False(development.ContainsSecret);

            var shown = new List<string> { spec.Description, spec.ToString(), store.ToString(), withKey.Description, withKey.ToString() };
            shown.AddRange(Messages(() => AzureTableStateStoreSpec.Parse(sas.GetLeftPart(UriPartial.Authority) + "/?sv=1&sig=" + Uri.EscapeDataString(signature!))));
            shown.AddRange(Messages(() => AzureTableStateStoreSpec.Parse(azurite.ConnectionString)));
            shown.AddRange(Messages(() => AzureTableStateStoreSpec.Parse("AccountName=x;AccountKey=" + key + ";Table=t;TableEndpoint=not a uri").Open()));

            // A refused request (a SAS without write permission) says where and why, not how it signed in.
            var readOnly = azurite.ReadOnlySasFor(table);
            using var weak = AzureTableStateStoreSpec.Parse(readOnly.ToString()).Open();
            var refused = await Assert.ThrowsAsync<CalendarSharing.Core.Backends.BackendException>(() => weak.TryAcquireAsync(Profile, "p2", "w", Minute, CancellationToken.None));
            Assert.Equal(CalendarSharing.Core.Backends.BackendErrorCode.AccessDenied, refused.Error.Code);
            Assert.Contains("403", refused.Message, StringComparison.Ordinal);
            Assert.Contains(table, refused.Message, StringComparison.Ordinal);
            shown.Add(refused.ToString());

            Assert.All(shown, text =>
            {
                Assert.DoesNotContain(signature!, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Uri.EscapeDataString(signature!), text, StringComparison.Ordinal);
                Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            });
        }

        [Fact]
        public async Task The_store_factory_opens_an_Azure_Table_spec_with_this_store()
        {
            // The provider as SyncStateStores opens it (registered by the cmdlet layer's discovery, which
            // AzureTableModuleLoadTests covers; registering here would change every other test's factory, process-wide).
            var table = AzureTableAzuriteFixture.NewTableName();
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            using var store = new AzureTableSyncStateStoreProvider().Open(azurite.Spec(table), new SyncStateStoreContext { Time = clock });
            var azure = Assert.IsType<AzureTableSyncStateStore>(store);
            Assert.Equal(table, azure.TableName);
            var lease = await store.TryAcquireAsync(Profile, Pair, "w", Minute, CancellationToken.None);
            Assert.Equal(clock.GetUtcNow() + Minute, lease!.Expires);
            Assert.True(new AzureTableSyncStateStoreProvider().CanOpen("https://contoso.table.core.windows.net/sync"));
            Assert.False(new AzureTableSyncStateStoreProvider().CanOpen("./state"));
            Assert.False(new AzureTableSyncStateStoreProvider().CanOpen("https://contoso.blob.core.windows.net/sync"));
        }

        internal static PairSyncState State(string watermark) =>
            new PairSyncState(Profile, Pair) { Source = "room1@contoso.com", Target = "room1-mirror@contoso.com", SourceWatermark = watermark, LastPass = DateTimeOffset.UtcNow };

        private static IEnumerable<string> Messages(Action action)
        {
            var error = Record.Exception(action);
            Assert.NotNull(error);
            yield return error!.ToString();
        }

        private static string RandomText(Random random, int length)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            return new string(chars);
        }

        private Task<List<string>> RowsAsync(string table) => Task.FromResult(azurite.RowKeys(table));
    }
}
