using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Sync;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Online.SyncState;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;

namespace CalendarSharing.Benchmarks.Sync
{
    /// <summary>
    /// The calendar sync benchmark (#11), over the sandbox with injected latency and the real EWS (or Graph) client:
    /// <list type="number">
    /// <item>a source with 10,000 events (10 % weekly series) into an empty target: the initial pass's requests and wall time;</item>
    /// <item>then 10 changes at the source: the incremental pass's requests and wall time (the aim: at most 5 requests);</item>
    /// <item>-Continuous: change-to-mirror latency (a source item moved, until its copy has moved);</item>
    /// <item>1,000 pairs, one pass, with 1 worker and with 4 workers on one state store (a folder, or an Azure Table);</item>
    /// <item>beside each, the naive way scripts take: read the whole window of both calendars and write each difference,
    /// one request at a time, with no change feed and no stamps.</item>
    /// </list>
    /// Requests are counted at the sandbox (token requests left out); nothing here asserts on time.
    /// </summary>
    internal static class Program
    {
        private const string Source = "user0001@contoso.com";
        private const string Target = "user0002@contoso.com";
        private const string NaiveTarget = "user0003@contoso.com";
        private const string LiveSource = "user0004@contoso.com";
        private const string LiveTarget = "user0005@contoso.com";

        private static async Task<int> Main(string[] args)
        {
            if (args.Contains("-h") || args.Contains("--help"))
            {
                Console.WriteLine("CalendarSharing.Benchmarks.Sync [--events 10000] [--recurring-percent 10] [--changes 10] [--latency-ms 20] [--protocol ews|graph]");
                Console.WriteLine("    [--pairs 1000] [--pair-events 5] [--workers 4] [--store <folder | Azure Table URL | connection string;Table=name>]");
                Console.WriteLine("    [--live-samples 5] [--naive-events N] [--skip-naive] [--skip-single] [--skip-live] [--skip-pairs]");
                return 0;
            }

            var o = new Options(args);
            SyncStateStores.Register(new AzureTableSyncStateStoreProvider());
            var failures = 0;
            if (!args.Contains("--skip-single"))
            {
                failures += await SinglePairAsync(o).ConfigureAwait(false);
            }

            if (!args.Contains("--skip-live"))
            {
                failures += await ContinuousAsync(o).ConfigureAwait(false);
            }

            if (!args.Contains("--skip-pairs"))
            {
                failures += await ManyPairsAsync(o, 1).ConfigureAwait(false);
                failures += await ManyPairsAsync(o, o.Workers).ConfigureAwait(false);
            }

            return failures == 0 ? 0 : 1;
        }

        /// <summary>Initial and incremental pass of one big pair, ours and the naive way.</summary>
        private static async Task<int> SinglePairAsync(Options o)
        {
            Console.WriteLine();
            Console.WriteLine($"One pair ({o.Protocol}): {o.Events} source events ({o.RecurringPercent} % weekly series of 4), empty target, sandbox latency {o.LatencyMs} ms.");
            var org = Organization(o, 8);
            var random = new Random(11);
            var seeded = Seed(org, Source, o.Events, o.RecurringPercent, random);
            Clear(org, Target);
            Clear(org, NaiveTarget);
            org.Options.Latency = TimeSpan.FromMilliseconds(o.LatencyMs);
            using var services = Connect(org, o.Protocol);
            using var store = OpenStore(o, "single");
            var profile = Profile("bench-single", (Source, Target));
            var engine = new SyncEngine(store, "bench-1", TimeProvider.System);
            var failures = 0;

            var initial = await Measure(org, () => engine.RunPassAsync(Request(profile, profile.Pairs[0], services.Value), CancellationToken.None)).ConfigureAwait(false);
            failures += Report("ours   initial", initial, o.Events, Copies(org, Target, profile.Id));

            var changed = Change(org, Source, seeded, o.Changes, random);
            var incremental = await Measure(org, () => engine.RunPassAsync(Request(profile, profile.Pairs[0], services.Value), CancellationToken.None)).ConfigureAwait(false);
            failures += Report($"ours   {changed} changes", incremental, o.Events, Copies(org, Target, profile.Id));

            if (!o.SkipNaive)
            {
                var events = services.Value.Require<ICalendarEventBackend>(ConnectionCapabilities.Events);
                var start = DateTimeOffset.UtcNow.Date;
                var window = (start: new DateTimeOffset(start, TimeSpan.Zero), end: new DateTimeOffset(start, TimeSpan.Zero).AddDays(90));
                Clear(org, NaiveTarget);
                var naiveInitial = await MeasureNaive(org, () => NaivePassAsync(events, Source, NaiveTarget, window.start, window.end, o.NaiveEvents)).ConfigureAwait(false);
                Console.WriteLine(Line("naive  initial", naiveInitial.Requests, naiveInitial.Wall, $"{naiveInitial.Written} written, {RawCount(org, NaiveTarget)} items in the target"));
                Change(org, Source, seeded, o.Changes, random);
                var naiveIncremental = await MeasureNaive(org, () => NaivePassAsync(events, Source, NaiveTarget, window.start, window.end, o.NaiveEvents)).ConfigureAwait(false);
                Console.WriteLine(Line($"naive  {changed} changes", naiveIncremental.Requests, naiveIncremental.Wall, $"{naiveIncremental.Written} written"));
            }

            return failures;
        }

        /// <summary>-Continuous: a running runner, an item moved at the source, the time until its copy has moved.</summary>
        private static async Task<int> ContinuousAsync(Options o)
        {
            Console.WriteLine();
            Console.WriteLine($"-Continuous ({o.Protocol}): change-to-mirror latency over {o.LiveSamples} moves, 100-event source, sandbox latency {o.LatencyMs} ms.");
            var org = Organization(o, 8);
            var random = new Random(5);
            var seeded = Seed(org, LiveSource, 100, o.RecurringPercent, random);
            Clear(org, LiveTarget);
            org.Options.Latency = TimeSpan.FromMilliseconds(o.LatencyMs);
            using var services = Connect(org, o.Protocol);
            using var store = OpenStore(o, "live");
            var profile = Profile("bench-live", (LiveSource, LiveTarget));
            var engine = new SyncEngine(store, "bench-live", TimeProvider.System);
            var runner = new SyncRunner(engine, _ => services.Value, 4);
            using var stop = new CancellationTokenSource();
            var sink = new CountingSink();
            var run = Task.Run(() => runner.RunContinuousAsync(new SyncRunRequest(profile, profile.Pairs.ToList()) { PollInterval = TimeSpan.FromSeconds(2) }, sink, stop.Token));
            var samples = new List<double>();
            try
            {
                if (!await WaitAsync(() => Copies(org, LiveTarget, profile.Id) >= seeded.Count, TimeSpan.FromMinutes(2), run).ConfigureAwait(false))
                {
                    Console.WriteLine($"  the first pass did not mirror the source within 2 minutes ({Copies(org, LiveTarget, profile.Id)} of {seeded.Count} copies; {sink.Errors} errors)");
                    return 1;
                }

                var singles = seeded.Where(id => org.FindMailbox(LiveSource)!.Calendar.Items.Find(id)?.Recurrence is null).ToList();
                for (var i = 0; i < o.LiveSamples; i++)
                {
                    var id = singles[i % singles.Count];
                    var folder = org.FindMailbox(LiveSource)!.Calendar;
                    DateTime moved = default;
                    var clock = Stopwatch.StartNew();
                    org.UpdateEvent(folder, id, null, e =>
                    {
                        e.StartUtc = e.StartUtc.AddMinutes(30);
                        e.EndUtc = e.EndUtc.AddMinutes(30);
                        moved = e.StartUtc;
                    });
                    var ok = await WaitAsync(() => CopyOf(org, LiveTarget, profile.Id, id)?.StartUtc == moved, TimeSpan.FromSeconds(60), run).ConfigureAwait(false);
                    clock.Stop();
                    if (!ok)
                    {
                        Console.WriteLine($"  move {i + 1}: not mirrored within 60 s");
                        return 1;
                    }

                    samples.Add(clock.Elapsed.TotalMilliseconds);
                    await Task.Delay(200).ConfigureAwait(false);
                }
            }
            finally
            {
                stop.Cancel();
                try
                {
                    await run.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            samples.Sort();
            var state = await store.LoadAsync(profile.Id, profile.Pairs[0].Key, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "ours   change-to-mirror: median {0:F0} ms, min {1:F0} ms, max {2:F0} ms (as the state records it: {3})",
                samples[samples.Count / 2],
                samples[0],
                samples[samples.Count - 1],
                state?.LatenciesMs.Count > 0 ? string.Join(", ", state.LatenciesMs.Select(l => l.ToString("F0", CultureInfo.InvariantCulture) + " ms")) : "none"));
            if (!o.SkipNaive)
            {
                Console.WriteLine("naive  change-to-mirror: a scheduled full re-read; its latency is the schedule's interval plus one naive pass (see above).");
            }

            return 0;
        }

        /// <summary>1,000 pairs of small calendars, one pass, by <paramref name="workers"/> workers on one state store.</summary>
        private static async Task<int> ManyPairsAsync(Options o, int workers)
        {
            Console.WriteLine();
            Console.WriteLine($"{o.Pairs} pairs ({o.Protocol}), {o.PairEvents} events each, one pass, {workers} worker(s) on one {(o.Store is null ? "state folder" : "state store")}, sandbox latency {o.LatencyMs} ms.");
            var org = Organization(o, o.Pairs * 2);
            var random = new Random(3);
            var pairs = new List<(string, string)>();
            for (var i = 1; i <= o.Pairs; i++)
            {
                var source = "user" + i.ToString("D4", CultureInfo.InvariantCulture) + "@contoso.com";
                var target = "user" + (o.Pairs + i).ToString("D4", CultureInfo.InvariantCulture) + "@contoso.com";
                Seed(org, source, o.PairEvents, o.RecurringPercent, random);
                Clear(org, target);
                pairs.Add((source, target));
            }

            org.Options.Latency = TimeSpan.FromMilliseconds(o.LatencyMs);
            var profile = Profile("bench-pairs-" + workers.ToString(CultureInfo.InvariantCulture), pairs.ToArray());
            var connections = Enumerable.Range(0, workers).Select(_ => Connect(org, o.Protocol)).ToList();
            var stores = Enumerable.Range(0, workers).Select(_ => OpenStore(o, "pairs-" + workers.ToString(CultureInfo.InvariantCulture))).ToList();
            try
            {
                var before = org.RequestCounts;
                var clock = Stopwatch.StartNew();
                var runs = Enumerable.Range(0, workers).Select(w =>
                {
                    var engine = new SyncEngine(stores[w], "worker" + w.ToString(CultureInfo.InvariantCulture), TimeProvider.System);
                    var runner = new SyncRunner(engine, _ => connections[w].Value, 4);
                    return Task.Run(() => runner.RunOnceAsync(new SyncRunRequest(profile, profile.Pairs.ToList()), new CountingSink(), CancellationToken.None));
                }).ToList();
                var results = (await Task.WhenAll(runs).ConfigureAwait(false)).SelectMany(r => r).ToList();
                clock.Stop();
                var requests = Requests(org, before);
                var worked = results.Where(r => r.Outcome == SyncPassOutcome.Succeeded || r.Outcome == SyncPassOutcome.UpToDate).GroupBy(r => r.Source + ">" + r.Target).ToList();
                var missing = o.Pairs - worked.Count;
                var twice = worked.Count(g => g.Count() > 1);
                var failed = results.Count(r => r.Outcome == SyncPassOutcome.Failed || r.Outcome == SyncPassOutcome.Aborted);
                var copies = pairs.Sum(p => Copies(org, p.Item2, profile.Id));
                Console.WriteLine(Line(
                    $"ours   {workers} worker(s)",
                    requests.Sum(kv => kv.Value),
                    clock.Elapsed,
                    $"{worked.Count} pairs synced ({twice} by more than one worker, {missing} by none), {results.Count(r => r.Outcome == SyncPassOutcome.Leased)} leased results, {failed} failed, {copies} copies"));
                Console.Error.WriteLine("  requests by operation: " + string.Join(", ", requests.Select(kv => $"{kv.Key} {kv.Value}")));
                return failed + missing == 0 ? 0 : 1;
            }
            finally
            {
                connections.ForEach(c => c.Dispose());
                stores.ForEach(s => s.Dispose());
            }
        }

        /// <summary>
        /// The naive way: read both windows whole (occurrences, as Get-CalendarEvent lists them), then create each source
        /// occurrence the target lacks and delete each target item the source lacks, matched by start, end and subject,
        /// one request at a time. No change feed, no stamps: the owner's own items in the target would be deleted too.
        /// </summary>
        private static async Task<int> NaivePassAsync(ICalendarEventBackend events, string source, string target, DateTimeOffset start, DateTimeOffset end, int limit)
        {
            var from = await ReadAllAsync(events, CalendarAddress.Default(source), start, end).ConfigureAwait(false);
            var to = await ReadAllAsync(events, CalendarAddress.Default(target), start, end).ConfigureAwait(false);
            static string Key(CalendarEvent e) => e.Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "|" + e.End.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "|" + e.Subject;
            var have = to.GroupBy(Key).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var want = new HashSet<string>(from.Select(Key), StringComparer.Ordinal);
            var written = 0;
            foreach (var e in from.Take(limit))
            {
                if (!have.ContainsKey(Key(e)))
                {
                    await events.CreateEventAsync(CalendarAddress.Default(target), new EventDraft { Subject = e.Subject, Start = e.Start, End = e.End, TimeZone = e.TimeZone, ShowAs = EventShowAs.Busy }, CancellationToken.None).ConfigureAwait(false);
                    written++;
                }
            }

            foreach (var e in to.Where(e => !want.Contains(Key(e))))
            {
                await events.DeleteEventAsync(CalendarAddress.Default(target), e.Id, CancellationToken.None).ConfigureAwait(false);
                written++;
            }

            return written;
        }

        /// <summary>
        /// A window read whole, a day at a time, a truncated day read again in halves (EWS CalendarView returns at most
        /// 1,000 items per call; a script that ignores that silently mirrors part of the calendar).
        /// </summary>
        private static async Task<List<CalendarEvent>> ReadAllAsync(ICalendarEventBackend events, CalendarAddress calendar, DateTimeOffset start, DateTimeOffset end)
        {
            var all = new List<CalendarEvent>();
            var windows = new Stack<(DateTimeOffset From, DateTimeOffset To)>();
            for (var at = end; at > start; at = at.AddDays(-1))
            {
                windows.Push((at.AddDays(-1) > start ? at.AddDays(-1) : start, at));
            }

            while (windows.Count > 0)
            {
                var (from, to) = windows.Pop();
                var read = await events.ReadWindowAsync(new EventWindowQuery(calendar, from, to), CancellationToken.None).ConfigureAwait(false);
                if (read.IsTruncated && to - from > TimeSpan.FromMinutes(30))
                {
                    var middle = from + TimeSpan.FromTicks((to - from).Ticks / 2);
                    windows.Push((middle, to));
                    windows.Push((from, middle));
                    continue;
                }

                all.AddRange(read.Events.Where(e => e.Start >= from));
            }

            return all;
        }

        private static SandboxOrganization Organization(Options o, int mailboxes)
        {
            var options = new SandboxOptions { GeneratedMailboxes = mailboxes };
            if (o.Protocol == "graph")
            {
                options.Topology = SandboxTopology.Cloud;
            }

            return SandboxOrganization.Create(options);
        }

        /// <summary>Fills a calendar (emptied first) straight in the sandbox's store: singles and weekly series of four in the next 80 days.</summary>
        private static List<string> Seed(SandboxOrganization org, string mailbox, int count, int recurringPercent, Random random)
        {
            Clear(org, mailbox);
            var folder = org.FindMailbox(mailbox)!.Calendar;
            var ids = new List<string>(count);
            var today = DateTime.UtcNow.Date;
            var everyNth = recurringPercent <= 0 ? int.MaxValue : Math.Max(1, 100 / recurringPercent);
            for (var i = 0; i < count; i++)
            {
                var day = today.AddDays(1 + random.Next(50));
                var startUtc = day.AddHours(6 + random.Next(10)).AddMinutes(15 * random.Next(4));
                var draft = new SandboxEvent
                {
                    Subject = "Event " + i.ToString(CultureInfo.InvariantCulture),
                    Location = "Room " + random.Next(100).ToString(CultureInfo.InvariantCulture),
                    StartUtc = startUtc,
                    EndUtc = startUtc.AddMinutes(30 * (1 + random.Next(3))),
                    TimeZone = "UTC",
                    ShowAs = EventShowAs.Busy,
                };
                if (i % everyNth == 0)
                {
                    draft.Recurrence = new EventRecurrence
                    {
                        Pattern = RecurrencePatternKind.Weekly,
                        DaysOfWeek = new List<DayOfWeek> { startUtc.DayOfWeek },
                        StartDate = startUtc.Date,
                        RangeType = RecurrenceRangeKind.Numbered,
                        NumberOfOccurrences = 4,
                        TimeZone = "UTC",
                    };
                }

                var problem = org.CheckEvent(draft);
                if (problem != null)
                {
                    throw new InvalidOperationException($"The seeded event {i} is refused by the sandbox: {problem}.");
                }

                ids.Add(org.CreateEvent(folder, draft).Id);
            }

            return ids;
        }

        /// <summary>
        /// <paramref name="count"/> changes straight in the sandbox's store: of each ten, six moved or renamed items (one
        /// series), two deletions, two new items.
        /// </summary>
        private static int Change(SandboxOrganization org, string mailbox, List<string> ids, int count, Random random)
        {
            var folder = org.FindMailbox(mailbox)!.Calendar;
            for (var i = 0; i < count; i++)
            {
                var kind = i % 10;
                if (kind < 6)
                {
                    var id = ids[random.Next(ids.Count)];
                    org.UpdateEvent(folder, id, null, e =>
                    {
                        if (kind % 2 == 0 && e.Recurrence is null)
                        {
                            e.StartUtc = e.StartUtc.AddHours(1);
                            e.EndUtc = e.EndUtc.AddHours(1);
                        }
                        else
                        {
                            e.Subject += " (renamed)";
                        }
                    });
                }
                else if (kind < 8)
                {
                    var at = random.Next(ids.Count);
                    org.DeleteEvent(folder, ids[at]);
                    ids.RemoveAt(at);
                }
                else
                {
                    var startUtc = DateTime.UtcNow.Date.AddDays(2 + random.Next(40)).AddHours(7);
                    ids.Add(org.CreateEvent(folder, new SandboxEvent { Subject = "New " + i.ToString(CultureInfo.InvariantCulture), StartUtc = startUtc, EndUtc = startUtc.AddHours(1), TimeZone = "UTC" }).Id);
                }
            }

            return count;
        }

        private static void Clear(SandboxOrganization org, string mailbox)
        {
            var store = org.FindMailbox(mailbox)!.Calendar.Items;
            foreach (var item in store.Snapshot())
            {
                store.Remove(item.Id);
            }
        }

        private static int RawCount(SandboxOrganization org, string mailbox) => org.FindMailbox(mailbox)!.Calendar.Items.Snapshot().Count;

        /// <summary>The target's items that carry this profile's stamp (a series counts once).</summary>
        private static int Copies(SandboxOrganization org, string mailbox, string profileId) =>
            org.FindMailbox(mailbox)!.Calendar.Items.Snapshot().Count(e => StampOf(e)?.IsOf(profileId) == true);

        private static SandboxEvent? CopyOf(SandboxOrganization org, string mailbox, string profileId, string sourceId) =>
            org.FindMailbox(mailbox)!.Calendar.Items.Snapshot().FirstOrDefault(e => StampOf(e) is { } s && s.IsOf(profileId) && s.SourceItemId == sourceId);

        /// <summary>The copy's stamp, whatever name the protocol stored the extended property under.</summary>
        private static SyncStamp? StampOf(SandboxEvent e) =>
            e.Properties.Values.Select(SyncStamp.Parse).FirstOrDefault(s => s != null);

        private static SyncProfile Profile(string id, params (string Source, string Target)[] pairs)
        {
            var profile = new SyncProfile(id);
            foreach (var (source, target) in pairs)
            {
                profile.Pairs.Add(new SyncPair(source, target));
            }

            return profile;
        }

        private static SyncPassRequest Request(SyncProfile profile, SyncPair pair, ConnectionServices services)
        {
            var events = services.Require<ICalendarEventBackend>(ConnectionCapabilities.Events);
            var changes = services.Find<IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed);
            return new SyncPassRequest(profile, pair, new SyncEndpoint(CalendarAddress.Default(pair.Source), events, changes), new SyncEndpoint(CalendarAddress.Default(pair.Target), events, changes));
        }

        /// <summary>The connection's capabilities as Connect-CalendarSharing declares them, over the sandbox's handler.</summary>
        private static Connection Connect(SandboxOrganization org, string protocol)
        {
            if (protocol == "graph")
            {
                var graph = new GraphCalendarBackend(SandboxGraph.Options(org));
                return new Connection(GraphBackendFactory.Declare(graph, SandboxOrganization.TenantId), graph);
            }

            var ews = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            });
            return new Connection(BackendFactory.Declare(ews), ews);
        }

        private static ISyncStateStore OpenStore(Options o, string name)
        {
            var spec = o.Store ?? Path.Combine(Path.GetTempPath(), "calendarsharing-sync-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), name);
            return SyncStateStores.Open(spec, new SyncStateStoreContext());
        }

        private static async Task<(SyncPairResult Result, int Requests, TimeSpan Wall, string Detail)> Measure(SandboxOrganization org, Func<Task<SyncPairResult>> pass)
        {
            var before = org.RequestCounts;
            var clock = Stopwatch.StartNew();
            var result = await pass().ConfigureAwait(false);
            clock.Stop();
            var made = Requests(org, before);
            return (result, made.Sum(kv => kv.Value), clock.Elapsed, string.Join(", ", made.Select(kv => $"{kv.Key} {kv.Value}")));
        }

        private static async Task<(int Written, int Requests, TimeSpan Wall)> MeasureNaive(SandboxOrganization org, Func<Task<int>> pass)
        {
            var before = org.RequestCounts;
            var clock = Stopwatch.StartNew();
            var written = await pass().ConfigureAwait(false);
            clock.Stop();
            return (written, Requests(org, before).Sum(kv => kv.Value), clock.Elapsed);
        }

        private static int Report(string label, (SyncPairResult Result, int Requests, TimeSpan Wall, string Detail) m, int events, int copies)
        {
            var r = m.Result;
            Console.WriteLine(Line(label, m.Requests, m.Wall, $"{r.Outcome}: {r.Created} created, {r.Updated} updated, {r.Deleted} deleted; {copies} copies for {events} source items"));
            Console.Error.WriteLine("  requests by operation: " + m.Detail);
            if (r.Message != null && r.Outcome != SyncPassOutcome.Succeeded && r.Outcome != SyncPassOutcome.UpToDate)
            {
                Console.WriteLine("  " + r.ErrorId + ": " + r.Message);
            }

            return r.Outcome == SyncPassOutcome.Succeeded || r.Outcome == SyncPassOutcome.UpToDate ? 0 : 1;
        }

        private static string Line(string label, int requests, TimeSpan wall, string detail) =>
            string.Format(CultureInfo.InvariantCulture, "{0,-22} {1,7} request(s), wall {2,7:F2} s  {3}", label, requests, wall.TotalSeconds, detail);

        private static List<KeyValuePair<string, int>> Requests(SandboxOrganization org, IReadOnlyDictionary<string, int> before) =>
            org.RequestCounts
                .Select(kv => new KeyValuePair<string, int>(kv.Key, kv.Value - (before.TryGetValue(kv.Key, out var b) ? b : 0)))
                .Where(kv => kv.Value > 0 && !kv.Key.StartsWith("Identity:", StringComparison.Ordinal))
                .OrderByDescending(kv => kv.Value)
                .ToList();

        private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, Task running)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > timeout || running.IsCompleted)
                {
                    return condition();
                }

                await Task.Delay(10).ConfigureAwait(false);
            }

            return true;
        }

        private sealed class Connection : IDisposable
        {
            private readonly IDisposable owner;

            public Connection(ConnectionServices value, IDisposable owner)
            {
                Value = value;
                this.owner = owner;
            }

            public ConnectionServices Value { get; }

            public void Dispose() => owner.Dispose();
        }

        private sealed class Options
        {
            public Options(string[] args)
            {
                Events = Int(args, "--events", 10000);
                RecurringPercent = Int(args, "--recurring-percent", 10);
                Changes = Int(args, "--changes", 10);
                LatencyMs = Int(args, "--latency-ms", 20);
                Pairs = Int(args, "--pairs", 1000);
                PairEvents = Int(args, "--pair-events", 5);
                Workers = Int(args, "--workers", 4);
                LiveSamples = Math.Max(1, Int(args, "--live-samples", 5));
                NaiveEvents = Int(args, "--naive-events", int.MaxValue);
                Protocol = Text(args, "--protocol") ?? "ews";
                Store = Text(args, "--store");
                SkipNaive = args.Contains("--skip-naive");
            }

            public int Events { get; }

            public int RecurringPercent { get; }

            public int Changes { get; }

            public int LatencyMs { get; }

            public int Pairs { get; }

            public int PairEvents { get; }

            public int Workers { get; }

            public int LiveSamples { get; }

            public int NaiveEvents { get; }

            public string Protocol { get; }

            public string? Store { get; }

            public bool SkipNaive { get; }

            private static int Int(string[] args, string name, int fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
            }

            private static string? Text(string[] args, string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }
        }

        /// <summary>Counts what the runner writes; prints the first few errors.</summary>
        private sealed class CountingSink : IOutputSink
        {
            private int errors;

            public int Errors => Volatile.Read(ref errors);

            public void WriteObject(object item)
            {
            }

            public void WriteError(OperationError error)
            {
                if (Interlocked.Increment(ref errors) <= 5)
                {
                    Console.Error.WriteLine("  error: " + error);
                }
            }

            public void WriteWarning(string message) => Console.Error.WriteLine("  warning: " + message);

            public void WriteVerbose(string message)
            {
            }

            public void WriteDebug(string message)
            {
            }

            public void WriteProgress(ProgressInfo progress)
            {
            }

            public bool ShouldProcess(string target, string action) => true;
        }
    }
}
