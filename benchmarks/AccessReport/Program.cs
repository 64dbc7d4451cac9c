using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;

namespace CalendarSharing.Benchmarks.AccessReport
{
    /// <summary>
    /// The access report benchmark (#13): a large organisation in the sandbox (SandboxOptions.GeneratedSharing: a
    /// realistic, seeded spread of shares) with injected latency and the EWS concurrency limit, scanned through the real
    /// EWS client once our way (CalendarAccessScanner: the address list in pages, GetFolder for a batch of mailboxes per
    /// request, batches side by side within the connection's budget, delegates read only where an entry can be one) and
    /// once the naive way the common report scripts take (one folder-permission read per mailbox, one at a time, as a
    /// loop over Get-MailboxFolderPermission or EWS GetFolder does), on a sample that is then extrapolated when the whole
    /// organisation would take too long. Requests are counted at the sandbox (token requests left out); nothing here
    /// asserts on time.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            if (args.Contains("-h") || args.Contains("--help"))
            {
                Console.WriteLine("CalendarSharing.Benchmarks.AccessReport [--mailboxes 10000] [--latency-ms 20] [--concurrency-limit 27] [--naive-sample 1000] [--secondary] [--skip-naive]");
                return 0;
            }

            var total = IntArg(args, "--mailboxes", 10000);
            var latency = IntArg(args, "--latency-ms", 20);
            var limit = IntArg(args, "--concurrency-limit", 27); // Exchange's default EWSMaxConcurrency
            var sample = Math.Min(total, IntArg(args, "--naive-sample", 1000));
            var secondary = args.Contains("--secondary");
            var seeded = SandboxSeed.Grants.Select(g => g.Mailbox).Distinct().Count();

            // 1. The organisation: built without latency, then the latency switched on for the runs. A small organisation
            //    first, so the build time counted is the large one's, not the process's start-up (JIT, time-zone data).
            SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = 10, GeneratedSharing = true });
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            var build = Stopwatch.StartNew();
            var org = SandboxOrganization.Create(new SandboxOptions
            {
                GeneratedMailboxes = Math.Max(0, total - seeded),
                GeneratedSharing = true,
                EwsConcurrencyLimit = limit,
            });
            build.Stop();
            var memory = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
            Console.WriteLine($"Access report benchmark (EWS): {org.Accounts.Count} mailboxes, sandbox latency {latency} ms, EWS concurrency limit {limit}{(secondary ? ", secondary calendars included" : string.Empty)}.");
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "organisation built in {0:F2} s (after a warm-up one), {1:F0} MB held; generated spread: {2}", build.Elapsed.TotalSeconds, memory / 1048576.0, org.GeneratedSharingSpread));
            org.Options.Latency = TimeSpan.FromMilliseconds(latency);

            var ews = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            });
            using var _ = ews;
            // What an EWS connection declares for the scan (BackendFactory.Declare): permissions, delegates, the address list.
            var services = new ConnectionServices(ews)
                .With<ICalendarBackend>(ConnectionCapabilities.Permissions, ews)
                .With<IDelegateBackend>(ConnectionCapabilities.Delegates, ews)
                .With<IAccessScanBackend>(ConnectionCapabilities.AccessReport, ews);
            await ews.ConnectAsync(CancellationToken.None).ConfigureAwait(false);

            // 2. Ours: the whole organisation.
            var sink = new CountingSink();
            var scanner = CalendarAccessScanner.For(services);
            var before = org.RequestCounts;
            var throttledBefore = org.ThrottledResponses;
            var clock = Stopwatch.StartNew();
            var stats = await scanner.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = secondary }, sink, CancellationToken.None).ConfigureAwait(false);
            clock.Stop();
            var ours = Requests(org, before);
            var oursWall = clock.Elapsed;
            var oursRequests = ours.Sum(kv => kv.Value);
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "ours   {0} mailboxes: {1} request(s) ({2:F3} per mailbox), wall {3:F2} s, {4} rows ({5}), {6} mailbox(es) failed, {7} ErrorServerBusy, {8} back-off(s), scanner: {9} per batch, {10} batches at a time",
                stats.Mailboxes,
                oursRequests,
                oursRequests / (double)Math.Max(1, stats.Mailboxes),
                oursWall.TotalSeconds,
                stats.Rows,
                sink.Summary(),
                stats.Failed,
                org.ThrottledResponses - throttledBefore,
                stats.BackOffs,
                scanner.BatchSize,
                scanner.MaxConcurrency));
            Console.WriteLine("       requests by operation: " + string.Join(", ", ours.Select(kv => $"{kv.Key} {kv.Value}")));

            if (args.Contains("--skip-naive"))
            {
                return stats.Failed == 0 ? 0 : 1;
            }

            // 3. Naive: one folder-permission read per mailbox, sequential (a foreach over the mailbox list, as the
            //    scripts do), through the same EWS client: GetFolder with its PermissionSet for one mailbox at a time.
            var mailboxes = org.Accounts.Select(a => a.Address).Take(sample).ToList();
            before = org.RequestCounts;
            var failed = 0;
            clock = Stopwatch.StartNew();
            foreach (var mailbox in mailboxes)
            {
                var read = await ews.GetPermissionsAsync(new[] { CalendarAddress.Default(mailbox) }, CancellationToken.None).ConfigureAwait(false);
                if (!read[0].IsSuccess)
                {
                    failed++;
                }
            }

            clock.Stop();
            var naive = Requests(org, before);
            var naiveRequests = naive.Sum(kv => kv.Value);
            var scale = stats.Mailboxes / (double)mailboxes.Count;
            var naiveWall = TimeSpan.FromTicks((long)(clock.Elapsed.Ticks * scale));
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "naive  {0} mailboxes{1}: {2} request(s) ({3:F3} per mailbox), wall {4:F2} s{5}, {6} failed; default calendars only, no delegates",
                mailboxes.Count,
                mailboxes.Count < stats.Mailboxes ? " (a sample, the first in the address list)" : string.Empty,
                naiveRequests,
                naiveRequests / (double)mailboxes.Count,
                clock.Elapsed.TotalSeconds,
                mailboxes.Count < stats.Mailboxes ? string.Format(CultureInfo.InvariantCulture, "; extrapolated to {0} mailboxes: {1:F0} s ({2:F1} min)", stats.Mailboxes, naiveWall.TotalSeconds, naiveWall.TotalMinutes) : string.Empty,
                failed));
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "ratio (naive wall time over ours{0}): {1:F1}x; requests per mailbox {2:F3} vs {3:F3}",
                mailboxes.Count < stats.Mailboxes ? ", the naive one extrapolated" : string.Empty,
                naiveWall.TotalSeconds / Math.Max(oursWall.TotalSeconds, 1e-9),
                oursRequests / (double)Math.Max(1, stats.Mailboxes),
                naiveRequests / (double)mailboxes.Count));
            Console.WriteLine("       requests by operation: " + string.Join(", ", naive.Select(kv => $"{kv.Key} {kv.Value}")));
            return stats.Failed == 0 && failed == 0 ? 0 : 1;
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
