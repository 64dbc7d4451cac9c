using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Routing;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;

namespace CalendarSharing.Benchmarks.AccessReport
{
    /// <summary>
    /// The access report benchmark (#13): a large organisation in the sandbox (SandboxOptions.GeneratedSharing: a
    /// realistic, seeded spread of shares) with injected latency, the EWS concurrency limit and Graph's per-mailbox limit,
    /// scanned over EWS, Graph and hybrid in one run, each through the real clients and the capabilities its connection
    /// declares: once our way (CalendarAccessScanner as Get-CalendarAccessReport runs it) and once the naive way the common
    /// report scripts take (one folder-permission read per mailbox, one mailbox after another), over the whole
    /// organisation on EWS and over a sample on Graph and hybrid, extrapolated and said so. Requests are HTTP requests on
    /// the wire (a Graph $batch counts once; token requests left out); nothing here asserts on time.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            if (args.Contains("-h") || args.Contains("--help"))
            {
                Console.WriteLine("CalendarSharing.Benchmarks.AccessReport [--mailboxes 10000] [--latency-ms 20] [--concurrency-limit 27] [--graph-limit 4] [--protocols ews,graph,hybrid] [--naive-sample N (EWS; default: every mailbox)] [--naive-sample-online 1000 (Graph, hybrid)] [--graph-concurrency N (default: the connection's 4)] [--secondary] [--skip-naive]");
                return 0;
            }

            var total = IntArg(args, "--mailboxes", 10000);
            var latency = IntArg(args, "--latency-ms", 20);
            var limit = IntArg(args, "--concurrency-limit", 27); // Exchange's default EWSMaxConcurrency
            var graphLimit = IntArg(args, "--graph-limit", 4); // Outlook's concurrent requests per app and mailbox
            var sample = IntArg(args, "--naive-sample", int.MaxValue);
            var onlineSample = IntArg(args, "--naive-sample-online", 1000); // the whole organisation one mailbox at a time over Graph takes about 5 minutes more per protocol
            var graphConcurrency = IntArg(args, "--graph-concurrency", 0);
            var secondary = args.Contains("--secondary");
            var protocols = TextArg(args, "--protocols", "ews,graph,hybrid").Split(',').Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).ToList();
            var seeded = SandboxSeed.Grants.Select(g => g.Mailbox).Distinct().Count();

            // A small organisation first, so the build time counted is the large one's, not the process's start-up (JIT, time-zone data).
            SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = 10, GeneratedSharing = true });
            Console.WriteLine($"Access report benchmark: {total} mailboxes, sandbox latency {latency} ms, EWS concurrency limit {limit}, Graph {graphLimit} per mailbox, Graph connection {(graphConcurrency > 0 ? graphConcurrency.ToString(CultureInfo.InvariantCulture) : "default")} in flight{(secondary ? ", secondary calendars included" : string.Empty)}; protocols {string.Join(", ", protocols)}.");
            var summary = new List<string>();
            var ok = true;
            foreach (var protocol in protocols)
            {
                // 1. The organisation: built without latency, then the latency switched on for the runs.
                var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
                var build = Stopwatch.StartNew();
                var org = SandboxOrganization.Create(new SandboxOptions
                {
                    GeneratedMailboxes = Math.Max(0, total - seeded),
                    GeneratedSharing = true,
                    EwsConcurrencyLimit = limit,
                    GraphConcurrencyLimit = graphLimit,
                    GraphRetryAfterSeconds = 1,
                    Topology = protocol == "ews" ? SandboxTopology.OnPremises : protocol == "graph" ? SandboxTopology.Cloud : SandboxTopology.Hybrid,
                });
                build.Stop();
                var memory = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
                Console.WriteLine();
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "[{0}] organisation built in {1:F2} s, {2:F0} MB held; generated spread: {3}", protocol, build.Elapsed.TotalSeconds, memory / 1048576.0, org.GeneratedSharingSpread));
                org.Options.Latency = TimeSpan.FromMilliseconds(latency);

                var wire = new WireCounter(org.CreateHandler(), org.LoginUrl);
                using var services = new Disposing(await ConnectAsync(org, protocol, wire, graphConcurrency).ConfigureAwait(false));

                // 2. Ours: the whole organisation, as Get-CalendarAccessReport runs it on this connection.
                var sink = new CountingSink();
                var scanner = CalendarAccessScanner.For(services.Value);
                var before = org.RequestCounts;
                var sentBefore = wire.Sent;
                var throttledBefore = org.ThrottledResponses + org.GraphThrottledResponses;
                var clock = Stopwatch.StartNew();
                var stats = await scanner.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = secondary }, sink, CancellationToken.None).ConfigureAwait(false);
                clock.Stop();
                var ours = Requests(org, before);
                var oursWall = clock.Elapsed;
                var oursRequests = wire.Sent - sentBefore;
                var oursPer = oursRequests / (double)Math.Max(1, stats.Mailboxes);
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "ours   {0} mailboxes: {1} request(s) ({2:F3} per mailbox), wall {3:F2} s, {4} rows ({5}), {6} mailbox(es) failed, {7} throttled answer(s), {8} back-off(s), scanner: {9} per batch, {10} batches at a time; reads {11}",
                    stats.Mailboxes,
                    oursRequests,
                    oursPer,
                    oursWall.TotalSeconds,
                    stats.Rows,
                    sink.Summary(),
                    stats.Failed,
                    org.ThrottledResponses + org.GraphThrottledResponses - throttledBefore,
                    stats.BackOffs,
                    scanner.BatchSize,
                    scanner.MaxConcurrency,
                    services.Value.Capabilities));
                Console.WriteLine("       by operation at the sandbox (a $batch's inner requests counted each): " + string.Join(", ", ours.Select(kv => $"{kv.Key} {kv.Value}")));
                ok &= stats.Failed == 0;
                var line = string.Format(CultureInfo.InvariantCulture, "{0,-7} ours {1,6:F3} req/mailbox {2,7:F1} s", protocol, oursPer, oursWall.TotalSeconds);

                if (!args.Contains("--skip-naive"))
                {
                    // 3. Naive: one folder-permission read per mailbox, one mailbox after another (a foreach over the mailbox
                    //    list, as the scripts do), through the same client: EWS GetFolder with its PermissionSet, Graph
                    //    GET /users/{id}/calendar/calendarPermissions, each mailbox on its own side in a hybrid one.
                    var permissions = services.Value.Require<ICalendarBackend>(ConnectionCapabilities.Permissions);
                    var mailboxes = org.Accounts.Select(a => a.Address).Take(protocol == "ews" ? sample : onlineSample).ToList();
                    before = org.RequestCounts;
                    sentBefore = wire.Sent;
                    var failed = 0;
                    clock = Stopwatch.StartNew();
                    foreach (var mailbox in mailboxes)
                    {
                        var read = await permissions.GetPermissionsAsync(new[] { CalendarAddress.Default(mailbox) }, CancellationToken.None).ConfigureAwait(false);
                        if (!read[0].IsSuccess)
                        {
                            failed++;
                        }
                    }

                    clock.Stop();
                    var naive = Requests(org, before);
                    var naiveRequests = wire.Sent - sentBefore;
                    var whole = mailboxes.Count >= stats.Mailboxes;
                    var naiveWall = TimeSpan.FromTicks((long)(clock.Elapsed.Ticks * (stats.Mailboxes / (double)Math.Max(1, mailboxes.Count))));
                    var naivePer = naiveRequests / (double)Math.Max(1, mailboxes.Count);
                    Console.WriteLine(string.Format(
                        CultureInfo.InvariantCulture,
                        "naive  {0} mailboxes{1}: {2} request(s) ({3:F3} per mailbox), wall {4:F2} s{5}, {6} failed; default calendars only, no delegates, publishing or Full Access",
                        mailboxes.Count,
                        whole ? " (the whole organisation)" : " (a SAMPLE: the first in the address list)",
                        naiveRequests,
                        naivePer,
                        clock.Elapsed.TotalSeconds,
                        whole ? string.Empty : string.Format(CultureInfo.InvariantCulture, "; EXTRAPOLATED to {0} mailboxes: {1:F0} s ({2:F1} min)", stats.Mailboxes, naiveWall.TotalSeconds, naiveWall.TotalMinutes),
                        failed));
                    Console.WriteLine("       by operation at the sandbox (a $batch's inner requests counted each): " + string.Join(", ", naive.Select(kv => $"{kv.Key} {kv.Value}")));
                    var ratio = naiveWall.TotalSeconds / Math.Max(oursWall.TotalSeconds, 1e-9);
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ratio (naive wall time over ours{0}): {1:F1}x", whole ? string.Empty : ", the naive one extrapolated", ratio));
                    line += string.Format(CultureInfo.InvariantCulture, " | naive {0,6:F3} req/mailbox {1,7:F1} s{2} | ratio {3,5:F1}x", naivePer, naiveWall.TotalSeconds, whole ? " measured    " : " extrapolated", ratio);
                    ok &= failed == 0;
                }

                summary.Add(line);
            }

            Console.WriteLine();
            Console.WriteLine($"Summary ({total} mailboxes, {latency} ms):");
            foreach (var line in summary)
            {
                Console.WriteLine("  " + line);
            }

            return ok ? 0 : 1;
        }

        /// <summary>The connection Connect-CalendarSharing opens for the protocol, with the capabilities it declares.</summary>
        private static async Task<ConnectionServices> ConnectAsync(SandboxOrganization org, string protocol, HttpMessageHandler wire, int graphConcurrency)
        {
            ConnectionServices Ews() => BackendFactory.Declare(new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = wire,
                Kind = ConnectionKind.Sandbox,
            }));
            ConnectionServices Graph()
            {
                var options = SandboxGraph.Options(org);
                options.Handler = wire;
                if (graphConcurrency > 0)
                {
                    options.MaxConcurrency = graphConcurrency;
                }

                return GraphBackendFactory.Declare(new GraphCalendarBackend(options), SandboxOrganization.TenantId);
            }

            ConnectionServices services;
            switch (protocol)
            {
                case "ews":
                    services = Ews();
                    break;
                case "graph":
                    services = Graph();
                    break;
                case "hybrid":
                    services = RoutingBackend.Compose(
                        Ews(),
                        Graph(),
                        mailbox => org.HomeOf(mailbox) switch
                        {
                            MailboxHome.Cloud => MailboxLocation.Online,
                            MailboxHome.OnPremises => MailboxLocation.OnPremises,
                            _ => null,
                        },
                        null,
                        routes: null,
                        ownsBackends: true);
                    break;
                default:
                    throw new ArgumentException($"Unknown protocol '{protocol}': ews, graph or hybrid.");
            }

            await services.Backend.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            return services;
        }

        /// <summary>HTTP requests on the wire (EWS, Graph, a $batch as one, the admin API), token requests left out.</summary>
        private sealed class WireCounter : DelegatingHandler
        {
            private readonly Uri login;
            private int sent;

            public WireCounter(HttpMessageHandler inner, Uri login)
                : base(inner)
            {
                this.login = login;
            }

            public int Sent => Volatile.Read(ref sent);

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri != null && !string.Equals(request.RequestUri.Host, login.Host, StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref sent);
                }

                return base.SendAsync(request, cancellationToken);
            }
        }

        private sealed class Disposing : IDisposable
        {
            public Disposing(ConnectionServices value)
            {
                Value = value;
            }

            public ConnectionServices Value { get; }

            public void Dispose() => Value.Backend.Dispose();
        }

        private static string TextArg(string[] args, string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        private static List<KeyValuePair<string, int>> Requests(SandboxOrganization org, IReadOnlyDictionary<string, int> before) =>
            org.RequestCounts
                .Select(kv => new KeyValuePair<string, int>(kv.Key, kv.Value - (before.TryGetValue(kv.Key, out var b) ? b : 0)))
                .Where(kv => kv.Value > 0 && !kv.Key.StartsWith("Identity:", StringComparison.Ordinal))
                .OrderByDescending(kv => kv.Value)
                .ToList();

        private static int IntArg(string[] args, string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
        }

        /// <summary>Counts rows per exposure class and over-policy; prints the first few errors.</summary>
        private sealed class CountingSink : IOutputSink
        {
            private readonly object gate = new object();
            private readonly Dictionary<string, int> counts = new Dictionary<string, int>(StringComparer.Ordinal);
            private int errors;

            public string Summary()
            {
                lock (gate)
                {
                    return string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
                }
            }

            public void WriteObject(object item)
            {
                if (item is CalendarAccessRow r)
                {
                    lock (gate)
                    {
                        var key = r.ErrorId != null ? "errors" : r.Path == AccessPath.Delegate ? "Delegate" : r.Exposure.ToString();
                        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
                    }
                }
            }

            public void WriteError(OperationError error)
            {
                lock (gate)
                {
                    if (++errors <= 5)
                    {
                        Console.Error.WriteLine("  error: " + error.Message);
                    }
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
