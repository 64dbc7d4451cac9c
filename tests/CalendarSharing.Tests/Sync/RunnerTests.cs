using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Sync;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// The runner over the real engine, the real EWS and Graph clients and the sandbox, with the file state store: pairs
    /// by named connections, one result per pair in order, a failing pair that stops nobody, leases of another worker,
    /// -WhatIf's plan said action by action, status, reset without duplicates, and -Continuous ending on cancellation.
    /// </summary>
    public sealed class RunnerTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "cs-runner-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static SyncProfile TwoPairs(string secondConnection)
        {
            var profile = new SyncProfile("rooms");
            profile.Pairs.Add(new SyncPair(SyncLab.SourceMailbox, SyncLab.TargetMailbox) { SourceConnection = "src", TargetConnection = "dst" });
            profile.Pairs.Add(new SyncPair("bob@contoso.com", SyncLab.TargetMailbox) { SourceConnection = secondConnection, TargetConnection = "dst" });
            return profile;
        }

        private (SyncRunner Runner, FileSyncStateStore Store) Runner(SyncLab lab, string worker = "worker-1")
        {
            var store = new FileSyncStateStore(folder, lab.Time);
            var named = new Dictionary<string, ConnectionServices>(StringComparer.OrdinalIgnoreCase)
            {
                ["src"] = lab.SourceBox.Services,
                ["dst"] = lab.TargetBox.Services,
            };
            var runner = new SyncRunner(new SyncEngine(store, worker, lab.Time), name =>
                name != null && named.TryGetValue(name, out var s) ? s : throw new SyncConnectionNotFoundException(name ?? "(default)"));
            return (runner, store);
        }

        [Theory]
        [InlineData(BackendKind.Ews, BackendKind.Graph)]
        [InlineData(BackendKind.Graph, BackendKind.Ews)]
        public async Task Every_pair_gets_one_result_in_order_and_a_pair_whose_connection_is_missing_stops_nobody(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            await lab.AddSourceAsync(SyncLab.Draft("Board meeting", SyncLab.Berlin(3, 2, 10)));
            var profile = TwoPairs("nowhere");
            var alice = profile.Pairs[0];
            profile.Pairs.RemoveAt(0);
            profile.Pairs.Add(alice); // bob's pair (no connection) first, so a failure at the front stops nothing behind it
            var (runner, store) = Runner(lab);
            var sink = new RecordingSink();

            var results = await runner.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), sink, CancellationToken.None);

            Assert.Equal(new[] { "bob@contoso.com", SyncLab.SourceMailbox }, sink.OfType<SyncPairResult>().Select(r => r.Source));
            Assert.Equal(SyncPassOutcome.Failed, results[0].Outcome);
            Assert.Equal(ErrorIds.SyncConnectionNotFound, results[0].ErrorId);
            Assert.Equal(SyncPassOutcome.Succeeded, results[1].Outcome);
            Assert.Equal(1, results[1].Created);
            var error = Assert.Single(sink.Errors);
            Assert.Equal(ErrorIds.SyncConnectionNotFound, error.ErrorId);
            Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
            Assert.Single(await lab.TargetItemsAsync(), e => SyncLab.StampOf(e)?.IsOf("rooms") == true);
            Assert.Equal(1, SyncRunner.StatusOf("rooms", SyncLab.SourceMailbox, SyncLab.TargetMailbox, await store.LoadAsync("rooms", profile.Pairs[1].Key, CancellationToken.None)).Copies);
        }

        [Fact]
        public async Task A_worker_that_takes_a_lease_after_another_finished_the_pair_in_the_same_pass_does_not_sync_it_again()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Ews, BackendKind.Ews);
            lab.UseChangeFeed = true;
            await lab.AddSourceAsync(SyncLab.Draft("Board meeting", SyncLab.Berlin(3, 2, 10)));
            var profile = TwoPairs("src");
            var (first, _) = Runner(lab, "worker-1");
            var (second, _) = Runner(lab, "worker-2");
            var runStart = lab.Time.Now;

            // worker-1 syncs both pairs a moment after worker-2 began its run (worker-2 was busy elsewhere until now).
            lab.Time.Now = runStart.AddSeconds(5);
            var done = await first.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), new RecordingSink(), CancellationToken.None);
            Assert.All(done, r => Assert.True(r.Outcome == SyncPassOutcome.Succeeded || r.Outcome == SyncPassOutcome.UpToDate, r.ToString()));

            // worker-2's run, begun before that: each lease is free now, but the state read under it says the pass is done.
            lab.Time.Now = runStart;
            var requests = lab.SourceTrip.Sent + lab.TargetTrip.Sent;
            var late = await second.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), new RecordingSink(), CancellationToken.None);
            Assert.All(late, r => Assert.Equal(SyncPassOutcome.Leased, r.Outcome));
            Assert.Equal(requests, lab.SourceTrip.Sent + lab.TargetTrip.Sent);

            // Its next run (a new logical pass) syncs them again.
            lab.Time.Now = runStart.AddMinutes(1);
            var next = await second.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), new RecordingSink(), CancellationToken.None);
            Assert.All(next, r => Assert.NotEqual(SyncPassOutcome.Leased, r.Outcome));
            Assert.Single(await lab.TargetItemsAsync(), e => SyncLab.StampOf(e)?.SourceMailbox == SyncLab.SourceMailbox);
        }

        [Fact]
        public async Task A_pair_another_worker_holds_is_Leased_and_untouched_while_the_others_run()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Ews, BackendKind.Ews);
            await lab.AddSourceAsync(SyncLab.Draft("Board meeting", SyncLab.Berlin(3, 2, 10)));
            var profile = TwoPairs("src");
            var (runner, store) = Runner(lab);
            using var held = await new FileSyncStateStore(folder, lab.Time).TryAcquireAsync("rooms", profile.Pairs[0].Key, "worker-2", TimeSpan.FromMinutes(5), CancellationToken.None);
            Assert.NotNull(held);

            var results = await runner.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), new RecordingSink(), CancellationToken.None);

            Assert.Equal(SyncPassOutcome.Leased, results[0].Outcome);
            Assert.NotEqual(SyncPassOutcome.Leased, results[1].Outcome);
            Assert.DoesNotContain(await lab.TargetItemsAsync(), e => SyncLab.StampOf(e)?.SourceMailbox == SyncLab.SourceMailbox);
            var status = await SyncRunner.StatusAsync(store, profile, profile.Pairs.ToList(), includeOrphans: false, CancellationToken.None);
            Assert.Equal("worker-2", status[0].LeaseHolder);
        }

        [Fact]
        public async Task WhatIf_says_every_planned_action_and_writes_nothing()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Ews, BackendKind.Graph);
            await lab.AddSourceAsync(SyncLab.Draft("Board meeting", SyncLab.Berlin(3, 2, 10)));
            await lab.AddSourceAsync(SyncLab.Draft("Budget review", SyncLab.Berlin(3, 3, 14)));
            var profile = TwoPairs("src");
            profile.Pairs.RemoveAt(1);
            var (runner, store) = Runner(lab);
            var sink = new RecordingSink(shouldProcess: (_, _) => false);

            var results = await runner.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()) { WhatIf = true }, sink, CancellationToken.None);

            var result = Assert.Single(results);
            Assert.Equal(SyncPassOutcome.Planned, result.Outcome);
            Assert.Equal(2, sink.ShouldProcessCalls.Count);
            Assert.All(sink.ShouldProcessCalls, c => Assert.Equal(SyncLab.TargetMailbox, c.Target));
            Assert.All(sink.ShouldProcessCalls, c => Assert.StartsWith("Create copy 'Busy'", c.Action, StringComparison.Ordinal));
            Assert.Empty(await lab.TargetItemsAsync());
            Assert.Null(await store.LoadAsync("rooms", profile.Pairs[0].Key, CancellationToken.None));
        }

        [Fact]
        public async Task Reset_forgets_the_state_and_the_full_comparison_finds_the_copies_there()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Graph, BackendKind.Graph);
            await lab.AddSourceAsync(SyncLab.Draft("Board meeting", SyncLab.Berlin(3, 2, 10)));
            var profile = TwoPairs("src");
            profile.Pairs.RemoveAt(1);
            var (runner, store) = Runner(lab);
            var request = new SyncRunRequest(profile, profile.Pairs.ToList());
            await runner.RunOnceAsync(request, new RecordingSink(), CancellationToken.None);

            var sink = new RecordingSink();
            var reset = Assert.Single(await runner.ResetAsync(request, sink, CancellationToken.None));

            Assert.True(reset.FullComparison);
            Assert.Equal(0, reset.Created);
            Assert.Contains(sink.ShouldProcessCalls, c => c.Action.Contains("Forget the sync state", StringComparison.Ordinal));
            Assert.Single(await lab.TargetItemsAsync(), e => SyncLab.StampOf(e) != null);
            Assert.NotNull(await store.LoadAsync("rooms", profile.Pairs[0].Key, CancellationToken.None));
        }

        [Fact]
        public async Task Continuous_mirrors_a_change_made_after_it_started_and_ends_quietly_on_cancellation()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Ews, BackendKind.Ews);
            var profile = TwoPairs("src");
            profile.Pairs.RemoveAt(1);
            var (runner, _) = Runner(lab);
            var sink = new RecordingSink();
            using var stop = new CancellationTokenSource();

            var running = runner.RunContinuousAsync(new SyncRunRequest(profile, profile.Pairs.ToList()) { PollInterval = TimeSpan.FromMilliseconds(100) }, sink, stop.Token);
            await WaitUntil(() => sink.OfType<SyncPairResult>().Count >= 1);
            var added = await lab.AddSourceAsync(SyncLab.Draft("Walk-in booking", SyncLab.Berlin(3, 5, 9)));
            await WaitUntil(() => lab.TargetItemsAsync().Result.Any(e => SyncLab.StampOf(e)?.SourceItemId == added.Id));
            stop.Cancel();

            var finished = await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.Same(running, finished);
            await running; // no exception: Ctrl+C is how -Continuous ends
            Assert.Empty(sink.Errors);
        }

        private static async Task WaitUntil(Func<bool> condition)
        {
            for (var i = 0; i < 300 && !condition(); i++)
            {
                await Task.Delay(50);
            }

            Assert.True(condition());
        }
    }
}
