using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Output;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Sandbox;

namespace CalendarSharing.Benchmarks.Availability
{
    /// <summary>
    /// The free/busy benchmark: N attendees over D days against the sandbox with injected latency, over EWS
    /// (GetUserAvailability) and over Graph (getSchedule) through the real clients, once the engine's way (the fewest
    /// requests the protocol's limits allow, in parallel, merged per mailbox) and once the naive way (one request per
    /// attendee, one at a time, as scripts that loop over Get-MailboxCalendarFolder-style calls do). Prints requests made
    /// (counted at the sandbox), wall time and time spent merging; asserts nothing about time.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            if (args.Contains("-h") || args.Contains("--help"))
            {
                Console.WriteLine("CalendarSharing.Benchmarks.Availability [--attendees 500] [--days 14] [--interval 30] [--latency-ms 20] [--protocol ews|graph|both] [--skip-naive]");
                return 0;
            }

            var attendees = IntArg(args, "--attendees", 500);
            var days = IntArg(args, "--days", 14);
            var interval = IntArg(args, "--interval", 30);
            var latency = IntArg(args, "--latency-ms", 20);
            var protocol = StringArg(args, "--protocol", "both");
            var skipNaive = args.Contains("--skip-naive");
            var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
            var end = start.AddDays(days);
            var mailboxes = Enumerable.Range(1, attendees).Select(i => $"user{i:D4}@contoso.com").ToList();
            var failures = 0;

            foreach (var kind in new[] { "EWS", "Graph" }.Where(k => protocol == "both" || string.Equals(protocol, k, StringComparison.OrdinalIgnoreCase)))
            {
                Console.WriteLine();
                Console.WriteLine($"Free/busy benchmark ({kind}): {attendees} attendees over {days} days, {interval}-minute grid, sandbox latency {latency} ms.");
                var engine = await RunAsync(kind, "engine", mailboxes, start, end, interval, latency).ConfigureAwait(false);
                Print(engine);
                failures += engine.NoData;
                if (!skipNaive)
                {
                    var naive = await RunAsync(kind, "naive", mailboxes, start, end, interval, latency).ConfigureAwait(false);
                    Print(naive);
                    failures += naive.NoData;
                    Console.WriteLine(string.Format(
                        CultureInfo.InvariantCulture,
                        "ratio (naive wall time over engine wall time): {0:F1}x; requests {1} vs {2}; grids equal: {3}",
                        naive.Wall.TotalSeconds / Math.Max(engine.Wall.TotalSeconds, 1e-9),
                        engine.Requests,
                        naive.Requests,
                        engine.Grids.SequenceEqual(naive.Grids)));
                }
            }

            return failures == 0 ? 0 : 1;
        }

        private static async Task<Figures> RunAsync(string kind, string mode, IReadOnlyList<string> mailboxes, DateTimeOffset start, DateTimeOffset end, int interval, int latency)
        {
            var options = new SandboxOptions { GeneratedMailboxes = mailboxes.Count, Latency = TimeSpan.FromMilliseconds(latency) };
            if (kind == "Graph")
            {
                options.Topology = SandboxTopology.Cloud;
            }

            var org = SandboxOrganization.Create(options);
            using var backend = kind == "Graph" ? GraphBackend(org) : EwsBackend(org);
            await backend.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            IAvailabilityBackend availability = backend is GraphCalendarBackend graph ? graph.Events : ((EwsCalendarBackend)backend).EventBackend;
            var before = org.RequestCounts;
            var watch = Stopwatch.StartNew();
            List<string> grids;
            TimeSpan merge;
            int noData;
            if (mode == "engine")
            {
                var sink = new GridSink();
                var stats = await new AvailabilityCommands(availability).GetAsync(
                    mailboxes.Select((m, i) => new AvailabilityRequest { Row = i + 1, Mailbox = m }).ToList(),
                    new AvailabilityQuery { Start = start, End = end, IntervalMinutes = interval, TimeZone = "UTC" },
                    sink,
                    CancellationToken.None).ConfigureAwait(false);
                merge = stats.MergeTime;
                grids = sink.Grids;
                noData = sink.NoData + sink.Errors;
            }
            else
            {
                // One request per attendee, one at a time; the grid computed the same way, timed the same way.
                grids = new List<string>();
                merge = TimeSpan.Zero;
                noData = 0;
                foreach (var m in mailboxes)
                {
                    var answer = await availability.GetSchedulesAsync(new ScheduleRequest(new[] { m }, start, end, interval) { TimeZone = "UTC" }, CancellationToken.None).ConfigureAwait(false);
                    var clock = Stopwatch.StartNew();
                    var schedule = answer[0];
                    if (schedule.Error != null)
                    {
                        noData++;
                        grids.Add(AvailabilityGrid.Render(AvailabilityGrid.NoData(start, end, interval)));
                    }
                    else
                    {
                        grids.Add(AvailabilityGrid.Render(AvailabilityGrid.Compute(schedule.Blocks, start, end, interval, WorkingElsewhereTreatment.Free)));
                    }

                    merge += clock.Elapsed;
                }
            }

            watch.Stop();
            var after = org.RequestCounts;
            var made = Delta(after, before).Where(kv => !kv.Key.StartsWith("Identity:", StringComparison.Ordinal)).ToList();
            Console.Error.WriteLine($"  {mode} requests by operation: {string.Join(", ", made.Select(kv => $"{kv.Key} {kv.Value}"))}");
            return new Figures(mode, mailboxes.Count, made.Sum(kv => kv.Value), watch.Elapsed, merge, noData, grids);
        }

        private static IEnumerable<KeyValuePair<string, int>> Delta(IReadOnlyDictionary<string, int> after, IReadOnlyDictionary<string, int> before) =>
            after.Select(kv => new KeyValuePair<string, int>(kv.Key, kv.Value - (before.TryGetValue(kv.Key, out var b) ? b : 0)))
                .Where(kv => kv.Value > 0)
                .OrderByDescending(kv => kv.Value);

        private static void Print(Figures f) =>
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-7} {1} attendees: {2} request(s), wall {3:F2} s, merging {4:F1} ms, {5} without free/busy",
                f.Mode,
                f.Attendees,
                f.Requests,
                f.Wall.TotalSeconds,
                f.Merge.TotalMilliseconds,
                f.NoData));

        private static ICalendarBackend EwsBackend(SandboxOrganization org) =>
            new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            });

        /// <summary>The real Graph SDK over the sandbox, signed in at its token endpoint as the seeded app.</summary>
        private static ICalendarBackend GraphBackend(SandboxOrganization org)
        {
            return new GraphCalendarBackend(SandboxGraph.Options(org));
        }

        private static int IntArg(string[] args, string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
        }

        private static string StringArg(string[] args, string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        private sealed class Figures
        {
            public Figures(string mode, int attendees, int requests, TimeSpan wall, TimeSpan merge, int noData, List<string> grids)
            {
                Mode = mode;
                Attendees = attendees;
                Requests = requests;
                Wall = wall;
                Merge = merge;
                NoData = noData;
                Grids = grids;
            }

            public string Mode { get; }

            public int Attendees { get; }

            public int Requests { get; }

            public TimeSpan Wall { get; }

            public TimeSpan Merge { get; }

            public int NoData { get; }

            public List<string> Grids { get; }
        }

        /// <summary>Keeps each mailbox's grid in output order.</summary>
        private sealed class GridSink : IOutputSink
        {
            private readonly object gate = new object();

            public List<string> Grids { get; } = new List<string>();

            public int NoData { get; private set; }

            public int Errors { get; private set; }

            public void WriteObject(object item)
            {
                if (item is MailboxAvailability a)
                {
                    lock (gate)
                    {
                        Grids.Add(a.Grid);
                        if (a.Status == AvailabilityStatus.NoData)
                        {
                            NoData++;
                        }
                    }
                }
            }

            public void WriteError(OperationError error)
            {
                lock (gate)
                {
                    if (++Errors <= 5)
                    {
                        Console.Error.WriteLine("  error: " + error.Message);
                    }
                }
            }

            public void WriteWarning(string message)
            {
            }

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
