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
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Roles;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Sandbox;

namespace CalendarSharing.Benchmarks
{
    /// <summary>
    /// The grant benchmark: N grants from a generated CSV against the sandbox with injected latency and an
    /// EWS concurrency limit, once the engine's way and once the naive way (one GetFolder + UpdateFolder per
    /// grant, sequential, as EWS Managed API scripts do). Prints figures; asserts nothing about time.
    /// </summary>
    internal static class Program
    {
        private static readonly string[] Roles = { "Reviewer", "LimitedDetails", "AvailabilityOnly", "Editor" };

        private static async Task<int> Main(string[] args)
        {
            var grants = IntArg(args, "--grants", 2000);
            var mailboxes = IntArg(args, "--mailboxes", 1000);
            var latency = IntArg(args, "--latency-ms", 20);
            var limit = IntArg(args, "--concurrency-limit", 27);
            var skipNaive = args.Contains("--skip-naive");
            var protocol = StringArg(args, "--protocol", "both");
            var throttledLimit = IntArg(args, "--throttled-concurrency-limit", 4);
            var extra = StringArg(args, "--extra-runs", "throttled,impersonation").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
            if (args.Contains("-h") || args.Contains("--help"))
            {
                Console.WriteLine("CalendarSharing.Benchmarks [--grants 2000] [--mailboxes 1000] [--latency-ms 20] [--concurrency-limit 27] [--throttled-concurrency-limit 4] [--extra-runs throttled,impersonation|none] [--graph-concurrency-limit 4] [--protocol ews|graph|both] [--skip-naive]");
                return 0;
            }

            var graphLimit = IntArg(args, "--graph-concurrency-limit", 4);

            var csv = Path.Combine(Path.GetTempPath(), $"calendarsharing-bench-{Environment.ProcessId}.csv");
            WriteCsv(csv, grants, mailboxes);
            var rows = ReadCsv(csv);
            File.Delete(csv);

            var failures = 0;
            if (protocol != "graph")
            {
                Console.WriteLine($"Grant benchmark (EWS): {grants} grants over {mailboxes} mailboxes, sandbox latency {latency} ms, EWS concurrency limit {limit}.");
                failures += await CompareAsync(rows, skipNaive, mode => RunAsync(mode, rows, new SandboxOptions
                {
                    GeneratedMailboxes = mailboxes,
                    Latency = TimeSpan.FromMilliseconds(latency),
                    EwsConcurrencyLimit = limit,
                }, org => EwsBackend(org, mode == "naive", impersonation: false), mode == "naive" ? NaiveAsync : EngineAsync, org => org.ThrottledResponses)).ConfigureAwait(false);

                // The engine alone against a server that accepts few requests at once: in-flight requests must follow
                // the server's back-off, so the requests per grant stay near the unthrottled run's.
                if (extra.Contains("throttled"))
                {
                    Console.WriteLine();
                    Console.WriteLine($"Grant benchmark (EWS): {grants} grants over {mailboxes} mailboxes, sandbox latency {latency} ms, EWS concurrency limit {throttledLimit}.");
                    failures += await CompareAsync(rows, skipNaive: true, mode => RunAsync(mode, rows, new SandboxOptions
                    {
                        GeneratedMailboxes = mailboxes,
                        Latency = TimeSpan.FromMilliseconds(latency),
                        EwsConcurrencyLimit = throttledLimit,
                    }, org => EwsBackend(org, naive: false, impersonation: false), EngineAsync, org => org.ThrottledResponses)).ConfigureAwait(false);
                }

                // Impersonation: one mailbox per request (the ExchangeImpersonation header names one mailbox).
                if (extra.Contains("impersonation"))
                {
                    Console.WriteLine();
                    Console.WriteLine($"Grant benchmark (EWS, impersonation): {grants} grants over {mailboxes} mailboxes, sandbox latency {latency} ms, EWS concurrency limit {limit}.");
                    failures += await CompareAsync(rows, skipNaive: true, mode => RunAsync(mode, rows, new SandboxOptions
                    {
                        GeneratedMailboxes = mailboxes,
                        Latency = TimeSpan.FromMilliseconds(latency),
                        EwsConcurrencyLimit = limit,
                    }, org => EwsBackend(org, naive: false, impersonation: true), EngineAsync, org => org.ThrottledResponses)).ConfigureAwait(false);
                }
            }

            if (protocol != "ews")
            {
                Console.WriteLine();
                Console.WriteLine($"Grant benchmark (Graph): {grants} grants over {mailboxes} mailboxes, sandbox latency {latency} ms, {graphLimit} concurrent Graph requests per mailbox (429 past that).");
                failures += await CompareAsync(rows, skipNaive, mode => RunAsync(mode, rows, new SandboxOptions
                {
                    GeneratedMailboxes = mailboxes,
                    Latency = TimeSpan.FromMilliseconds(latency),
                    Topology = SandboxTopology.Cloud,
                    GraphConcurrencyLimit = graphLimit,
                }, org => GraphBackend(org, mode == "naive"), mode == "naive" ? NaiveAsync : EngineAsync, org => org.GraphThrottledResponses)).ConfigureAwait(false);
            }

            return failures == 0 ? 0 : 1;
        }

        private static async Task<int> CompareAsync(IReadOnlyList<ShareRequest> rows, bool skipNaive, Func<string, Task<Figures>> run)
        {
            Console.WriteLine();
            var engine = await run("engine").ConfigureAwait(false);
            Print(engine);
            if (skipNaive)
            {
                return engine.Failed;
            }

            var naive = await run("naive").ConfigureAwait(false);
            Print(naive);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ratio (engine grants/s over naive grants/s): {0:F1}x; requests per grant {1:F3} vs {2:F3}",
                engine.GrantsPerSecond / naive.GrantsPerSecond, engine.RequestsPerGrant, naive.RequestsPerGrant));
            return engine.Failed + naive.Failed;
        }

        private static ICalendarBackend EwsBackend(SandboxOrganization org, bool naive, bool impersonation) =>
            new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
                MaxConcurrency = naive ? 1 : 24,
                MaxBatchSize = naive ? 1 : 10,
                UseImpersonation = impersonation,
            });

        /// <summary>The real Graph SDK over the sandbox, signed in at its token endpoint as the seeded app.</summary>
        private static ICalendarBackend GraphBackend(SandboxOrganization org, bool naive)
        {
            // Engine: $batch of 20 and 16 calls in flight (over many mailboxes; the sandbox allows 4 per mailbox).
            // Naive: one request at a time, no batch.
            var options = SandboxGraph.Options(org);
            options.MaxConcurrency = naive ? 1 : 16;
            options.MaxBatchSize = naive ? 1 : 20;
            return new GraphCalendarBackend(options);
        }

        /// <summary>The engine's way: one Set-CalendarShare over every row (grouped per calendar, batched, concurrent).</summary>
        private static async Task<(int Ok, int Failed)> EngineAsync(ICalendarBackend backend, IReadOnlyList<ShareRequest> rows)
        {
            var sink = new CountingSink();
            await new CalendarPermissionCommands(backend).SetAsync(rows, sink, CancellationToken.None).ConfigureAwait(false);
            return (sink.Ok, sink.Failed);
        }

        /// <summary>The naive way: for each row, read the folder and write it back, one at a time.</summary>
        private static async Task<(int Ok, int Failed)> NaiveAsync(ICalendarBackend backend, IReadOnlyList<ShareRequest> rows)
        {
            int ok = 0, failed = 0;
            foreach (var row in rows)
            {
                var change = new CalendarChangeSet(
                    CalendarAddress.Parse(row.Mailbox!),
                    new[] { new PermissionChange(Principal.User(row.User!), RoleVocabulary.Parse(row.Role)) });
                var result = await backend.ApplyAsync(new[] { change }, CancellationToken.None).ConfigureAwait(false);
                if (result[0].IsSuccess && result[0].Value!.Outcomes[0].Action != ShareAction.Failed)
                {
                    ok++;
                }
                else
                {
                    failed++;
                }
            }

            return (ok, failed);
        }

        private static async Task<Figures> RunAsync(
            string mode,
            IReadOnlyList<ShareRequest> rows,
            SandboxOptions options,
            Func<SandboxOrganization, ICalendarBackend> create,
            Func<ICalendarBackend, IReadOnlyList<ShareRequest>, Task<(int Ok, int Failed)>> body,
            Func<SandboxOrganization, int> throttled)
        {
            var org = SandboxOrganization.Create(options);
            using var backend = create(org);
            await backend.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            var counts = org.RequestCounts;
            var before = counts.Values.Sum();
            var throttledBefore = throttled(org);
            var watch = Stopwatch.StartNew();
            var (ok, failed) = await body(backend, rows).ConfigureAwait(false);
            watch.Stop();
            var requests = org.RequestCounts.Values.Sum() - before;
            Console.Error.WriteLine($"  {mode} requests by operation: {ByOperation(org.RequestCounts, counts)}");
            return new Figures(mode, rows.Count, ok, failed, watch.Elapsed, requests, throttled(org) - throttledBefore);
        }

        private static void WriteCsv(string path, int grants, int mailboxes)
        {
            using var writer = new StreamWriter(path);
            writer.WriteLine("Mailbox,User,AccessRights");
            for (var i = 0; i < grants; i++)
            {
                var owner = (i % mailboxes) + 1;
                var grantee = ((owner + 1 + (i / mailboxes)) % mailboxes) + 1;
                if (grantee == owner)
                {
                    grantee = (grantee % mailboxes) + 1;
                }

                writer.WriteLine($"user{owner:D4}@contoso.com,user{grantee:D4}@contoso.com,{Roles[i % Roles.Length]}");
            }
        }

        private static List<ShareRequest> ReadCsv(string path)
        {
            var lines = File.ReadAllLines(path);
            var header = lines[0].Split(',');
            var rows = new List<ShareRequest>(lines.Length - 1);
            for (var i = 1; i < lines.Length; i++)
            {
                var cells = lines[i].Split(',');
                rows.Add(new ShareRequest
                {
                    Row = i,
                    Mailbox = cells[Array.IndexOf(header, "Mailbox")],
                    User = cells[Array.IndexOf(header, "User")],
                    Role = cells[Array.IndexOf(header, "AccessRights")],
                    Source = lines[i],
                });
            }

            return rows;
        }

        private static void Print(Figures f) =>
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-7} grants {1,5}  ok {2,5}  failed {3,3}  wall {4,8:F2} s  {5,8:F1} grants/s  {6,6} requests  {7,6:F3} requests/grant  {8,5} throttled",
                f.Mode, f.Grants, f.Ok, f.Failed, f.Wall.TotalSeconds, f.GrantsPerSecond, f.Requests, f.RequestsPerGrant, f.Throttled));

        private static string StringArg(string[] args, string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1].ToLowerInvariant() : fallback;
        }

        private static int IntArg(string[] args, string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
        }

        private sealed class Figures
        {
            public Figures(string mode, int grants, int ok, int failed, TimeSpan wall, int requests, int throttled)
            {
                Throttled = throttled;
                Mode = mode;
                Grants = grants;
                Ok = ok;
                Failed = failed;
                Wall = wall;
                Requests = requests;
            }

            public string Mode { get; }

            public int Grants { get; }

            public int Ok { get; }

            public int Failed { get; }

            public TimeSpan Wall { get; }

            public int Requests { get; }

            /// <summary>ErrorServerBusy answers the sandbox gave (each one retried by the client).</summary>
            public int Throttled { get; }

            public double GrantsPerSecond => Grants / Math.Max(Wall.TotalSeconds, 1e-9);

            public double RequestsPerGrant => (double)Requests / Math.Max(Grants, 1);
        }

        /// <summary>Every request the sandbox answered, by operation (resolution, delegate reads and throttled answers included).</summary>
        private static string ByOperation(IReadOnlyDictionary<string, int> after, IReadOnlyDictionary<string, int> before) =>
            string.Join(", ", after
                .Select(kv => (kv.Key, Count: kv.Value - (before.TryGetValue(kv.Key, out var b) ? b : 0)))
                .Where(x => x.Count > 0)
                .OrderByDescending(x => x.Count)
                .Select(x => $"{x.Key} {x.Count}"));

        /// <summary>Counts results; keeps the first few errors for the console.</summary>
        private sealed class CountingSink : IOutputSink
        {
            private int ok;
            private int failed;
            private int shown;

            public int Ok => ok;

            public int Failed => failed;

            public void WriteObject(object item)
            {
                if (item is CalendarShareResult r)
                {
                    if (r.Action == ShareAction.Failed)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    else
                    {
                        Interlocked.Increment(ref ok);
                    }
                }
            }

            public void WriteError(OperationError error)
            {
                if (Interlocked.Increment(ref shown) <= 5)
                {
                    Console.Error.WriteLine("  error: " + error.Message);
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
