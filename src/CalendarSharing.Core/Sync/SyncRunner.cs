using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sync
{
    /// <summary>A pair names a connection this session has not made (Connect-CalendarSharing -Name).</summary>
    public sealed class SyncConnectionNotFoundException : Exception
    {
        public SyncConnectionNotFoundException(string name)
            : base(Texts.Format(nameof(Texts.Error_SyncConnectionNotFound), name))
        {
            Name = name;
        }

        /// <summary>The name is a stored credential that could not open a connection: <paramref name="message"/> says why.</summary>
        public SyncConnectionNotFoundException(string name, string message)
            : base(message)
        {
            Name = name;
        }

        public string Name { get; }
    }

    /// <summary>What Start-, Reset-CalendarSync and Remove-CalendarSyncCopy run over.</summary>
    public sealed class SyncRunRequest
    {
        public SyncRunRequest(SyncProfile profile, IReadOnlyList<SyncPair> pairs)
        {
            Profile = profile ?? throw new ArgumentNullException(nameof(profile));
            Pairs = pairs ?? throw new ArgumentNullException(nameof(pairs));
        }

        public SyncProfile Profile { get; }

        /// <summary>The pairs to run (all of the profile's, or the ones -Source/-Target picked), in the profile's order.</summary>
        public IReadOnlyList<SyncPair> Pairs { get; }

        /// <summary>-WhatIf: every pair is planned, every action of the plan is said, nothing is written.</summary>
        public bool WhatIf { get; set; }

        public bool Force { get; set; }

        public bool FullComparison { get; set; }

        /// <summary>-Continuous: how often connections without a change feed (and Graph delta) are polled.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
    }

    /// <summary>
    /// Runs a profile: every pair (or the ones picked, or an ad hoc pair) through <see cref="SyncEngine.RunPassAsync"/>
    /// with bounded concurrency, one <see cref="SyncPairResult"/> per pair in the profile's order. A pair's failure (a
    /// connection it names is missing, the engine failing on it) is that pair's Failed result and error; the other pairs
    /// run. A pair another worker holds is the engine's Leased result. -Continuous subscribes to every source (and, two-way,
    /// target) calendar's change feed, runs a pass for the pairs a wake-up names (every pair after a reconnect: missed
    /// events are not replayed), polls the pairs without a feed, records change-to-mirror latency in the pair's state, and
    /// ends quietly on cancellation.
    /// </summary>
    public sealed class SyncRunner
    {
        private readonly SyncEngine engine;
        private readonly Func<string?, ConnectionServices> connections;
        private readonly int maxConcurrency;

        /// <param name="engine">The engine, over the state store the run uses.</param>
        /// <param name="connections">A connection by name (null = the session's default); throws NotConnectedException or <see cref="SyncConnectionNotFoundException"/>.</param>
        /// <param name="maxConcurrency">Pairs in flight at once.</param>
        public SyncRunner(SyncEngine engine, Func<string?, ConnectionServices> connections, int maxConcurrency = 4)
        {
            this.engine = engine ?? throw new ArgumentNullException(nameof(engine));
            this.connections = connections ?? throw new ArgumentNullException(nameof(connections));
            this.maxConcurrency = Math.Max(1, maxConcurrency);
        }

        public ISyncStateStore Store => engine.Store;

        /// <summary>
        /// A runner over a new engine on the system clock (the cmdlets use this: the cmdlet assembly, loaded in PowerShell's
        /// own context, never names TimeProvider, whose polyfill lives with the other dependencies).
        /// </summary>
        public static SyncRunner Create(ISyncStateStore store, string workerId, Func<string?, ConnectionServices> connections, int maxConcurrency = 4) =>
            new SyncRunner(new SyncEngine(store, workerId, TimeProvider.System), connections, maxConcurrency);

        /// <summary>The default worker id: this machine and process, so two jobs never take each other's leases for their own.</summary>
        public static string DefaultWorkerId() =>
            Environment.MachineName + "/" + System.Diagnostics.Process.GetCurrentProcess().Id.ToString(CultureInfo.InvariantCulture);

        /// <summary>The pair's effective options as a short text (-Verbose, -Confirm).</summary>
        public static string Describe(SyncProfile profile, SyncPair pair)
        {
            var o = profile.OptionsFor(pair);
            return Texts.Format(nameof(Texts.Sync_PairDescription), o.Direction, o.Copy, o.Private, SyncProfileFile.Duration(o.Window ?? TimeSpan.Zero));
        }

        /// <summary>One pass over the request's pairs; every pair's result is written (in order), failures also as errors.</summary>
        public async Task<IReadOnlyList<SyncPairResult>> RunOnceAsync(SyncRunRequest request, IOutputSink sink, CancellationToken cancellationToken)
        {
            var pairs = request.Pairs;
            var results = new SyncPairResult?[pairs.Count];
            var progress = new ProgressReporter(sink, Texts.Sync_ProgressActivity, pairs.Count);
            var emitter = new OrderedEmitter(pairs.Count);
            var approved = new List<int>();
            for (var i = 0; i < pairs.Count; i++)
            {
                // -WhatIf plans every pair (and says each action); otherwise -Confirm asks per pair, on the pipeline thread.
                if (request.WhatIf || sink.ShouldProcess(pairs[i].Target + (pairs[i].TargetCalendar is null ? string.Empty : "\\" + pairs[i].TargetCalendar), Texts.Format(nameof(Texts.ShouldProcess_SyncPair), pairs[i].Source, Describe(request.Profile, pairs[i]))))
                {
                    approved.Add(i);
                }
                else
                {
                    emitter.Complete(i, new List<Action>());
                    progress.Advance(1);
                }
            }

            await BulkRunner.RunAsync(
                approved,
                maxConcurrency,
                async (i, token) =>
                {
                    var result = await PassAsync(request, pairs[i], request.FullComparison, token).ConfigureAwait(false);
                    results[i] = result;
                    emitter.Complete(i, Writes(result, request.WhatIf, sink));
                    progress.Advance(1);
                },
                (i, ex) =>
                {
                    var result = Failed(request.Profile, pairs[i], ex);
                    results[i] = result;
                    emitter.Complete(i, Writes(result, request.WhatIf, sink));
                    progress.Advance(1);
                },
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
            return results.Where(r => r != null).Select(r => r!).ToList();
        }

        /// <summary>
        /// -Continuous: a first pass over every pair, then passes as the change feeds wake up (a catch-up of every pair
        /// after a reconnect) and polls of the pairs without a feed, until <paramref name="cancellationToken"/> fires;
        /// then it returns (no exception: Ctrl+C is how this ends).
        /// </summary>
        public async Task RunContinuousAsync(SyncRunRequest request, IOutputSink sink, CancellationToken cancellationToken)
        {
            var pairs = request.Pairs;
            var dirty = new bool[pairs.Count];
            var running = new bool[pairs.Count];
            var gate = new object();
            var changedAt = new DateTimeOffset?[pairs.Count];
            var subscriptions = new List<(IChangeSubscription Subscription, List<(int Pair, CalendarAddress Calendar)> Watched)>();
            var polled = new List<int>();
            using var throttle = new SemaphoreSlim(maxConcurrency);
            var inFlight = new List<Task>();

            try
            {
                // Which feed watches which pair's calendars (source; two-way also the target).
                var byFeed = new Dictionary<IChangeFeedBackend, List<(int Pair, CalendarAddress Calendar)>>();
                for (var i = 0; i < pairs.Count; i++)
                {
                    var watched = false;
                    try
                    {
                        var source = Endpoint(pairs[i].Source, pairs[i].SourceCalendar, pairs[i].SourceConnection);
                        var target = Endpoint(pairs[i].Target, pairs[i].TargetCalendar, pairs[i].TargetConnection);
                        var sides = request.Profile.OptionsFor(pairs[i]).Direction == SyncDirection.TwoWay ? new[] { source, target } : new[] { source };
                        foreach (var side in sides)
                        {
                            if (side.Changes != null)
                            {
                                if (!byFeed.TryGetValue(side.Changes, out var list))
                                {
                                    byFeed[side.Changes] = list = new List<(int, CalendarAddress)>();
                                }

                                list.Add((i, side.Calendar));
                                watched = true;
                            }
                        }
                    }
                    catch (Exception ex) when (IsPairFailure(ex))
                    {
                        // The first pass reports it; the pair is polled, so it starts once the connection is there.
                    }

                    if (!watched)
                    {
                        polled.Add(i);
                    }
                }

                foreach (var feed in byFeed)
                {
                    var calendars = feed.Value.Select(w => w.Calendar).Distinct().ToList();
                    var subscription = await feed.Key.SubscribeAsync(calendars, new ChangeSubscriptionOptions { PollInterval = request.PollInterval }, cancellationToken).ConfigureAwait(false);
                    subscriptions.Add((subscription, feed.Value));
                }

                sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_SyncContinuous), pairs.Count, subscriptions.Count, polled.Count, request.PollInterval.TotalSeconds));

                // The catch-up pass.
                await RunOnceAsync(request, sink, cancellationToken).ConfigureAwait(false);

                var waits = subscriptions.Select(s => s.Subscription.WaitAsync(cancellationToken)).ToList();
                var nextPoll = engine.Time.GetUtcNow() + request.PollInterval;
                while (!cancellationToken.IsCancellationRequested)
                {
                    var delay = nextPoll - engine.Time.GetUtcNow();
                    var timer = polled.Count > 0 ? Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, cancellationToken) : Task.Delay(Timeout.Infinite, cancellationToken);
                    var done = await Task.WhenAny(waits.Cast<Task>().Concat(new[] { timer })).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    var woken = new List<int>();
                    if (done == timer)
                    {
                        woken.AddRange(polled);
                        nextPoll = engine.Time.GetUtcNow() + request.PollInterval;
                    }
                    else
                    {
                        var index = waits.IndexOf((Task<ChangeWakeUp>)done);
                        var wake = await waits[index].ConfigureAwait(false);
                        waits[index] = subscriptions[index].Subscription.WaitAsync(cancellationToken);
                        var at = wake.ChangedAt ?? engine.Time.GetUtcNow();
                        var named = new HashSet<CalendarAddress>(wake.Calendars ?? Array.Empty<CalendarAddress>());
                        foreach (var (pair, calendar) in subscriptions[index].Watched)
                        {
                            if (wake.Reconnected || named.Contains(calendar))
                            {
                                woken.Add(pair);
                                lock (gate)
                                {
                                    changedAt[pair] = changedAt[pair] is DateTimeOffset earlier && earlier < at ? earlier : at;
                                }
                            }
                        }

                        if (wake.Reconnected)
                        {
                            sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_SyncReconnected), subscriptions[index].Watched.Count));
                        }
                    }

                    foreach (var i in woken.Distinct())
                    {
                        lock (gate)
                        {
                            if (running[i])
                            {
                                // A pass is on its way: one more after it, for what it may have missed.
                                dirty[i] = true;
                                continue;
                            }

                            running[i] = true;
                        }

                        inFlight.RemoveAll(t => t.IsCompleted);
                        inFlight.Add(RunWokenAsync(i));
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the quiet end of -Continuous.
            }
            finally
            {
                try
                {
                    await Task.WhenAll(inFlight).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Passes stopped by the same Ctrl+C.
                }

                foreach (var s in subscriptions)
                {
                    s.Subscription.Dispose();
                }
            }

            async Task RunWokenAsync(int i)
            {
                try
                {
                    while (true)
                    {
                        DateTimeOffset? since;
                        lock (gate)
                        {
                            since = changedAt[i];
                            changedAt[i] = null;
                            dirty[i] = false;
                        }

                        await throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                        SyncPairResult result;
                        try
                        {
                            result = await PassAsync(request, pairs[i], false, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (!(ex is OperationCanceledException))
                        {
                            result = Failed(request.Profile, pairs[i], ex);
                        }
                        finally
                        {
                            throttle.Release();
                        }

                        var wrote = result.Created + result.Updated + result.Deleted;
                        if (since is DateTimeOffset t && wrote > 0 && result.Outcome == SyncPassOutcome.Succeeded)
                        {
                            await RecordLatencyAsync(request.Profile, pairs[i], (engine.Time.GetUtcNow() - t).TotalMilliseconds, cancellationToken).ConfigureAwait(false);
                        }

                        if (result.Outcome == SyncPassOutcome.UpToDate)
                        {
                            sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_SyncUpToDate), pairs[i]));
                        }
                        else
                        {
                            foreach (var write in Writes(result, request.WhatIf, sink))
                            {
                                write();
                            }
                        }

                        lock (gate)
                        {
                            if (!dirty[i])
                            {
                                running[i] = false;
                                return;
                            }
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    lock (gate)
                    {
                        running[i] = false;
                    }
                }
            }
        }

        /// <summary>
        /// Reset-CalendarSync: forgets each pair's state (under its lease), then runs a full comparison by stamp, which finds
        /// the copies already there (no duplicates) and makes the missing ones.
        /// </summary>
        public async Task<IReadOnlyList<SyncPairResult>> ResetAsync(SyncRunRequest request, IOutputSink sink, CancellationToken cancellationToken)
        {
            var results = new List<SyncPairResult>();
            foreach (var pair in request.Pairs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ISyncLease? held = null;
                if (request.WhatIf)
                {
                    // Says "What if: ... Forget the sync state"; the pass below only plans.
                    sink.ShouldProcess(pair.ToString(), Texts.Sync_ShouldProcessReset);
                }
                else
                {
                    if (!sink.ShouldProcess(pair.ToString(), Texts.Sync_ShouldProcessReset))
                    {
                        continue;
                    }

                    held = await engine.Store.TryAcquireAsync(request.Profile.Id, pair.Key, engine.WorkerId, engine.LeaseDuration, cancellationToken).ConfigureAwait(false);
                    if (held is null)
                    {
                        var leased = Result(request.Profile, pair, SyncPassOutcome.Leased);
                        leased.Message = Texts.Format(nameof(Texts.Sync_PairLeased), pair);
                        results.Add(leased);
                        foreach (var write in Writes(leased, false, sink))
                        {
                            write();
                        }

                        continue;
                    }

                    await engine.Store.DeleteAsync(held, cancellationToken).ConfigureAwait(false);
                    sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_SyncStateForgotten), pair));
                }

                // The pass runs under the same lease: no other worker slips in between the reset and the full comparison.
                SyncPairResult result;
                try
                {
                    result = await PassAsync(request, pair, fullComparison: true, cancellationToken, held).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    result = Failed(request.Profile, pair, ex);
                }
                finally
                {
                    held?.Dispose();
                }

                results.Add(result);
                foreach (var write in Writes(result, request.WhatIf, sink))
                {
                    write();
                }
            }

            return results;
        }

        /// <summary>
        /// Remove-CalendarSyncCopy: each pair's copies made by this profile, found by stamp in the target (and, two-way, in
        /// the source), removed without a cancellation; the pair's state is forgotten by the engine.
        /// </summary>
        public async Task<IReadOnlyList<SyncPairResult>> RemoveCopiesAsync(SyncRunRequest request, IOutputSink sink, CancellationToken cancellationToken)
        {
            var results = new List<SyncPairResult>();
            foreach (var pair in request.Pairs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var twoWay = request.Profile.OptionsFor(pair).Direction == SyncDirection.TwoWay;
                var sides = new List<(string Mailbox, string? Calendar, string? Connection)> { (pair.Target, pair.TargetCalendar, pair.TargetConnection) };
                if (twoWay)
                {
                    sides.Add((pair.Source, pair.SourceCalendar, pair.SourceConnection));
                }

                foreach (var side in sides)
                {
                    var where = side.Mailbox + (side.Calendar is null ? string.Empty : "\\" + side.Calendar);
                    var whatIf = request.WhatIf;
                    if (!whatIf && !sink.ShouldProcess(where, Texts.Format(nameof(Texts.ShouldProcess_RemoveSyncCopies), request.Profile.Id)))
                    {
                        continue;
                    }

                    SyncPairResult result;
                    try
                    {
                        var endpoint = Endpoint(side.Mailbox, side.Calendar, side.Connection);
                        result = await engine.RemoveCopiesAsync(request.Profile, pair, endpoint, whatIf, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        result = Failed(request.Profile, pair, ex);
                    }

                    results.Add(result);
                    foreach (var write in Writes(result, whatIf, sink))
                    {
                        write();
                    }
                }
            }

            return results;
        }

        /// <summary>Get-CalendarSyncStatus: one status per pair of the profile (and per pair the store knows that the profile no longer has).</summary>
        public static async Task<IReadOnlyList<SyncPairStatus>> StatusAsync(ISyncStateStore store, SyncProfile profile, IReadOnlyList<SyncPair> pairs, bool includeOrphans, CancellationToken cancellationToken)
        {
            var states = (await store.ListAsync(profile.Id, cancellationToken).ConfigureAwait(false))
                .GroupBy(s => s.PairKey, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var statuses = new List<SyncPairStatus>();
            foreach (var pair in pairs)
            {
                states.TryGetValue(pair.Key, out var state);
                states.Remove(pair.Key);
                statuses.Add(StatusOf(profile.Id, pair.Source, pair.Target, state));
            }

            if (includeOrphans)
            {
                foreach (var state in states.Values)
                {
                    var parts = state.PairKey.Split('|');
                    statuses.Add(StatusOf(profile.Id, state.Source ?? parts[0], state.Target ?? (parts.Length > 2 ? parts[2] : "?"), state));
                }
            }

            return statuses;
        }

        /// <summary>A state as the status shows it (median latency of the recent ones).</summary>
        public static SyncPairStatus StatusOf(string profileId, string source, string target, PairSyncState? state)
        {
            var status = new SyncPairStatus(profileId, source, target);
            if (state is null)
            {
                return status;
            }

            status.LastPass = state.LastPass;
            status.LastOutcome = state.LastOutcome;
            status.LastSuccess = state.LastSuccess;
            status.Copies = state.Items.Values.Count(e => e.TargetId != null && !e.DeletedByOwner);
            status.HasWatermark = state.SourceWatermark != null;
            status.LastCreated = state.LastCreated;
            status.LastUpdated = state.LastUpdated;
            status.LastDeleted = state.LastDeleted;
            status.LastErrorId = state.LastErrorId;
            status.LastError = state.LastError;
            status.LeaseHolder = state.LeaseHolder;
            status.LeaseExpires = state.LeaseExpires;
            if (state.LatenciesMs.Count > 0)
            {
                var sorted = state.LatenciesMs.OrderBy(x => x).ToList();
                var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
                status.MirrorLatency = TimeSpan.FromMilliseconds(median);
            }

            return status;
        }

        /// <summary>Adds a change-to-mirror latency to the pair's state (newest last, at most 50), under the pair's lease.</summary>
        public async Task RecordLatencyAsync(SyncProfile profile, SyncPair pair, double milliseconds, CancellationToken cancellationToken)
        {
            using var lease = await engine.Store.TryAcquireAsync(profile.Id, pair.Key, engine.WorkerId, engine.LeaseDuration, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                return; // Another worker is on the pair now; this figure is dropped.
            }

            var state = await engine.Store.LoadAsync(profile.Id, pair.Key, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                return;
            }

            state.LatenciesMs.Add(Math.Max(0, Math.Round(milliseconds, 1)));
            while (state.LatenciesMs.Count > 50)
            {
                state.LatenciesMs.RemoveAt(0);
            }

            await engine.Store.SaveAsync(lease, state, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>One side's calendar and capabilities, through the connection the pair names.</summary>
        internal SyncEndpoint Endpoint(string mailbox, string? calendar, string? connection)
        {
            var services = connections(connection);
            var events = services.Require<ICalendarEventBackend>(ConnectionCapabilities.Events);
            var changes = services.Find<IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed);
            return new SyncEndpoint(CalendarAddress.Parse(mailbox, calendar), events, changes);
        }

        private async Task<SyncPairResult> PassAsync(SyncRunRequest request, SyncPair pair, bool fullComparison, CancellationToken cancellationToken, ISyncLease? lease = null)
        {
            SyncEndpoint source, target;
            try
            {
                source = Endpoint(pair.Source, pair.SourceCalendar, pair.SourceConnection);
                target = Endpoint(pair.Target, pair.TargetCalendar, pair.TargetConnection);
            }
            catch (Exception ex) when (IsPairFailure(ex))
            {
                return Failed(request.Profile, pair, ex);
            }

            var pass = new SyncPassRequest(request.Profile, pair, source, target)
            {
                WhatIf = request.WhatIf,
                Force = request.Force,
                FullComparison = fullComparison,
                Lease = lease,
            };
            return await engine.RunPassAsync(pass, cancellationToken).ConfigureAwait(false);
        }

        private static bool IsPairFailure(Exception ex) =>
            ex is SyncConnectionNotFoundException || ex is NotConnectedException || ex is CapabilityNotAvailableException
            || ex is BackendException || ex is ArgumentException || ex is SyncLeaseLostException;

        private static SyncPairResult Result(SyncProfile profile, SyncPair pair, SyncPassOutcome outcome) =>
            new SyncPairResult(profile.Id, pair.Source, pair.Target) { Outcome = outcome };

        /// <summary>A pair that failed outside the engine's own handling: the id says why, the message names the pair.</summary>
        internal static SyncPairResult Failed(SyncProfile profile, SyncPair pair, Exception ex)
        {
            var result = Result(profile, pair, SyncPassOutcome.Failed);
            switch (ex)
            {
                case SyncConnectionNotFoundException _:
                    result.ErrorId = ErrorIds.SyncConnectionNotFound;
                    break;
                case NotConnectedException n:
                    result.ErrorId = n.Closed ? ErrorIds.ConnectionClosed : ErrorIds.NotConnected;
                    break;
                case CapabilityNotAvailableException _:
                    result.ErrorId = ErrorIds.CapabilityNotAvailable;
                    break;
                case BackendException b:
                    result.ErrorId = ErrorCatalog.IdOf(b.Error.Code).ErrorId;
                    break;
                case ArgumentException _:
                    result.ErrorId = ErrorIds.InvalidMailbox;
                    break;
                case SyncLeaseLostException _:
                    result.Outcome = SyncPassOutcome.Leased;
                    break;
                default:
                    result.ErrorId = ErrorIds.UnexpectedError;
                    break;
            }

            result.Message = ex.Message;
            return result;
        }

        /// <summary>What a pair's result writes: -WhatIf's "What if:" line per planned action, the result, and an error when it failed.</summary>
        private static List<Action> Writes(SyncPairResult result, bool whatIf, IOutputSink sink)
        {
            var writes = new List<Action>();
            if (whatIf)
            {
                foreach (var action in result.Actions.Where(a => a.Kind != SyncActionKind.Skip))
                {
                    var text = ActionText(action);
                    writes.Add(() => sink.ShouldProcess(action.Mailbox, text));
                }
            }

            writes.Add(() => sink.WriteObject(result));
            if (result.Outcome == SyncPassOutcome.Failed || result.Outcome == SyncPassOutcome.Aborted)
            {
                var id = result.ErrorId ?? ErrorIds.UnexpectedError;
                var kind = ErrorCatalog.KnownIds.TryGetValue(id, out var k) ? k : ErrorKind.NotSpecified;
                string advice;
                try
                {
                    advice = ErrorCatalog.Advice(id, ErrorFamily.Events);
                }
                catch (System.Resources.MissingManifestResourceException)
                {
                    advice = Texts.Advice_SyncPassFailed;
                }

                var error = new OperationError(id, kind, Texts.Format(nameof(Texts.Error_SyncPairFailed), result.Source, result.Target, result.Message ?? result.Outcome.ToString()), result, advice);
                writes.Add(() => sink.WriteError(error));
            }

            return writes;
        }

        /// <summary>"Create copy 'Busy' (2026-12-08 10:00 +01:00) of source item AAMk…" for -WhatIf.</summary>
        public static string ActionText(SyncAction action)
        {
            var when = action.Start is DateTimeOffset s ? " (" + s.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) + ")" : string.Empty;
            var subject = action.Subject is null ? string.Empty : " '" + action.Subject + "'";
            var of = action.SourceItemId is null ? string.Empty : Texts.Format(nameof(Texts.Sync_ActionOf), Short(action.SourceItemId));
            var kind = action.Kind switch
            {
                SyncActionKind.Create => Texts.Sync_ActionCreate,
                SyncActionKind.Update => Texts.Sync_ActionUpdate,
                SyncActionKind.Delete => Texts.Sync_ActionDelete,
                _ => Texts.Sync_ActionSkip,
            };
            var conflict = action.IsConflict ? " [" + Texts.Sync_ActionConflict + "]" : string.Empty;
            var reason = action.Reason is null ? string.Empty : " (" + action.Reason + ")";
            return kind + subject + when + of + conflict + reason;
        }

        private static string Short(string id) => id.Length <= 24 ? id : id.Substring(0, 12) + "…" + id.Substring(id.Length - 8);
    }
}
