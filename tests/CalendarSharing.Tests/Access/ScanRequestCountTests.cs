using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Connections;
using CalendarSharing.Ews;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// What an EWS scan costs, counted on the wire at the sandbox: one FindPeople per page of the address list, one GetFolder
    /// per batch of ten mailboxes, and GetDelegate only for mailboxes whose default calendar has an entry a delegate can hold
    /// (a colleague's Reviewer, Author or Editor entry; never an outsider's, who cannot be a delegate). The GetDelegate reads
    /// of a batch go side by side, and never more requests are in flight than the connection allows. No time is asserted.
    /// </summary>
    public sealed class ScanRequestCountTests
    {
        /// <summary>Counts EWS requests per operation and per mailbox, and the most in flight at once, as the server sees them.</summary>
        private sealed class WireCounter : DelegatingHandler
        {
            private static readonly Regex Operation = new Regex(@"<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)", RegexOptions.Compiled);
            private static readonly Regex DelegateMailbox = new Regex(@"<(?:\w+:)?Mailbox>\s*<(?:\w+:)?EmailAddress>([^<]+)<", RegexOptions.Compiled);
            private readonly object gate = new object();
            private readonly Dictionary<string, int> inFlight = new Dictionary<string, int>(StringComparer.Ordinal);
            private int all;

            public WireCounter(HttpMessageHandler inner)
                : base(inner)
            {
            }

            public Dictionary<string, int> Peak { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

            public int PeakAll { get; private set; }

            /// <summary>GetDelegate requests per mailbox named in them.</summary>
            public Dictionary<string, int> DelegateReads { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync().ConfigureAwait(false);
                var match = Operation.Match(body);
                var operation = match.Success ? match.Groups[1].Value : "other";
                lock (gate)
                {
                    inFlight[operation] = (inFlight.TryGetValue(operation, out var n) ? n : 0) + 1;
                    Peak[operation] = Math.Max(Peak.TryGetValue(operation, out var p) ? p : 0, inFlight[operation]);
                    PeakAll = Math.Max(PeakAll, ++all);
                    if (operation == "GetDelegate")
                    {
                        var mailbox = DelegateMailbox.Match(body).Groups[1].Value;
                        DelegateReads[mailbox] = (DelegateReads.TryGetValue(mailbox, out var d) ? d : 0) + 1;
                    }
                }

                try
                {
                    return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    lock (gate)
                    {
                        inFlight[operation]--;
                        all--;
                    }
                }
            }
        }

        private static async Task<(SandboxOrganization Org, WireCounter Wire, ConnectionServices Services)> StartAsync(Action<SandboxOptions> options, Action<SandboxOrganization>? prepare = null)
        {
            var settings = new SandboxOptions { StrictValidation = true, SchemaDirectory = SandboxSession.SchemaDirectory, Topology = SandboxTopology.OnPremises };
            options(settings);
            var org = SandboxOrganization.Create(settings);
            prepare?.Invoke(org);
            var wire = new WireCounter(org.CreateHandler());
            var ews = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = wire,
                Kind = ConnectionKind.Sandbox,
            });
            var services = BackendFactory.Declare(ews);
            await services.Backend.ConnectAsync(CancellationToken.None);
            return (org, wire, services);
        }

        private static bool DelegateLevel(CalendarRole? role) =>
            role == CalendarRole.Reviewer || role == CalendarRole.Author || role == CalendarRole.Editor || role == CalendarRole.Delegate || role == CalendarRole.DelegateCanViewPrivate;

        [Fact]
        public async Task An_EWS_scan_sends_one_FindPeople_per_page_one_GetFolder_per_ten_mailboxes_and_GetDelegate_only_where_an_entry_can_be_a_delegate()
        {
            var (org, wire, services) = await StartAsync(o =>
            {
                o.GeneratedMailboxes = 250;
                o.GeneratedSharing = true;
            });
            using var _ = services.Backend;
            var before = org.RequestCounts;
            var sink = new RecordingSink();
            var stats = await CalendarAccessScanner.For(services).ScanAsync(new AccessScanOptions(), sink, CancellationToken.None);
            var rows = sink.OfType<CalendarAccessRow>();
            int Sent(string operation) => org.RequestCount(operation) - (before.TryGetValue(operation, out var b) ? b : 0);

            Assert.Empty(sink.Errors);
            Assert.Equal(0, stats.Failed);
            var mailboxes = stats.Mailboxes;
            Assert.True(mailboxes > 250, $"{mailboxes} mailboxes");
            Assert.Equal((mailboxes + 99) / 100, Sent("FindPeople"));
            Assert.Equal((mailboxes / 100 * 10) + (((mailboxes % 100) + 9) / 10), Sent("GetFolder"));

            // GetDelegate: once for each mailbox whose default calendar has a colleague at a level a delegate can hold, and for
            // no other; the spread makes both kinds common, so the test sees the rule, not an accident. (The permission
            // reader asks once more where a default calendar has an Editor entry, to tell a delegate's from a plain one.)
            var entries = rows.Where(r => r.ErrorId == null && r.IsDefaultCalendar && (r.Path == AccessPath.FolderEntry || r.Path == AccessPath.Delegate)).ToList();
            var needing = entries.Where(r => r.PrincipalKind == PrincipalKind.Internal && DelegateLevel(r.Role)).Select(r => r.Mailbox).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var editors = entries.Where(r => r.Role == CalendarRole.Editor || r.Role == CalendarRole.Delegate || r.Role == CalendarRole.DelegateCanViewPrivate).Select(r => r.Mailbox).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.InRange(needing.Count, 20, mailboxes - 100);
            Assert.Contains(entries, r => r.PrincipalKind == PrincipalKind.External && DelegateLevel(r.Role) && !needing.Contains(r.Mailbox)); // an outsider's Reviewer: no read
            var expected = needing.Union(editors, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(m => m, m => (needing.Contains(m) ? 1 : 0) + (editors.Contains(m) ? 1 : 0), StringComparer.OrdinalIgnoreCase);
            Assert.Equal(
                expected.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => kv.Key + " " + kv.Value),
                wire.DelegateReads.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => kv.Key + " " + kv.Value));
            Assert.Equal(expected.Values.Sum(), Sent("GetDelegate"));

            // Every delegate the organisation holds is a Delegate row.
            Assert.Equal(org.GeneratedSharingSpread.Delegates + 1, rows.Count(r => r.Path == AccessPath.Delegate)); // + hans, the seeded one
            Assert.True(wire.PeakAll <= services.Info.MaxConcurrency, $"{wire.PeakAll} requests in flight, more than the connection's {services.Info.MaxConcurrency}");
            Assert.Equal(0, org.ThrottledResponses);
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task The_GetDelegate_reads_of_one_batch_go_side_by_side_within_the_connection_s_limit()
        {
            // Ten mailboxes, each with one colleague as Reviewer: one batch, one GetFolder, ten GetDelegate reads. Latency
            // keeps each request open long enough that reads sent together are seen together.
            var owners = Enumerable.Range(1, 10).Select(i => "user" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "@contoso.com").ToList();
            var (org, wire, services) = await StartAsync(
                o =>
                {
                    o.GeneratedMailboxes = 20;
                    o.Latency = TimeSpan.FromMilliseconds(50);
                },
                org =>
                {
                    foreach (var owner in owners)
                    {
                        org.ModifyCalendarAcl(owner, acl => acl["user0020@contoso.com"] = "Reviewer");
                    }
                });
            using var _ = services.Backend;
            var sink = new RecordingSink();
            var before = org.RequestCounts;
            var stats = await CalendarAccessScanner.For(services).ScanAsync(new AccessScanOptions { Mailboxes = owners }, sink, CancellationToken.None);
            Assert.Equal(0, stats.Failed);
            Assert.Equal(10, org.RequestCount("GetDelegate") - (before.TryGetValue("GetDelegate", out var d) ? d : 0));
            Assert.Equal(owners.OrderBy(o => o), wire.DelegateReads.Keys.OrderBy(o => o));
            Assert.True(wire.Peak["GetDelegate"] > 1, "the batch's GetDelegate reads went one after another");
            Assert.True(wire.PeakAll <= services.Info.MaxConcurrency, $"{wire.PeakAll} requests in flight, more than the connection's {services.Info.MaxConcurrency}");
            Assert.Equal(10, sink.OfType<CalendarAccessRow>().Count(r => r.Principal == "user0020@contoso.com" && r.Role == CalendarRole.Reviewer));
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task A_Graph_scan_follows_the_user_list_s_skiptoken_pages_to_the_last_mailbox()
        {
            // GET /users pages with the service's $skiptoken, never $skip (https://learn.microsoft.com/graph/api/user-list);
            // with more mailboxes than one page the scan follows every nextLink as the service wrote it.
            using var sandbox = await ScanSandbox.StartAsync("Graph", options: o => o.GeneratedMailboxes = 120);
            var before = sandbox.Org.RequestCount("Graph:ListUsers");
            var (rows, sink, stats) = await sandbox.ScanAsync(new AccessScanOptions { PageSize = 50 });
            Assert.Empty(sink.Errors);
            Assert.Equal(0, stats.Failed);
            Assert.Equal(sandbox.Org.Accounts.Count, stats.Mailboxes);
            Assert.True(stats.Mailboxes > 100, $"{stats.Mailboxes} mailboxes");
            Assert.Contains(rows, r => r.Mailbox == "user0120@contoso.com" && r.Path == AccessPath.Default);
            Assert.Equal((stats.Mailboxes + 49) / 50, sandbox.Org.RequestCount("Graph:ListUsers") - before);
        }
    }
}
