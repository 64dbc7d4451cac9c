using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Routing;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// Two connections made separately (one EWS, one Graph) to one hybrid organisation: without -Connection the calendar
    /// cmdlets route each mailbox to the connection that hosts it, found by looking (no home hint), and say which.
    /// Each test has a registry of its own, as each PowerShell runspace does.
    /// </summary>
    public sealed class HybridConnectionsTests
    {
        private sealed class Hybrid : IDisposable
        {
            public Hybrid()
            {
                Org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Hybrid });
                EwsWire = new RecordingHandler(Org.CreateHandler());
                GraphWire = new RecordingHandler(Org.CreateHandler());
                Ews = new EwsCalendarBackend(new EwsConnectionOptions
                {
                    Url = Org.EwsUrl,
                    Credential = new NetworkCredential(Org.Admin.Address, Org.Admin.Password),
                    Authentication = EwsAuthentication.Basic,
                    Handler = EwsWire,
                    Kind = ConnectionKind.Sandbox,
                });
                Graph = new GraphCalendarBackend(GraphSandboxSession.Options(Org, GraphWire));
            }

            public SandboxOrganization Org { get; }

            public RecordingHandler EwsWire { get; }

            public RecordingHandler GraphWire { get; }

            public EwsCalendarBackend Ews { get; }

            public GraphCalendarBackend Graph { get; }

            public ConnectionRegistry Registry { get; } = new ConnectionRegistry();

            public ConnectionServices EwsServices => BackendFactory.Declare(Ews);

            public ConnectionServices GraphServices => GraphBackendFactory.Declare(Graph, SandboxOrganization.TenantId);

            public CalendarSharingConnection? EwsConnection { get; set; }

            public CalendarSharingConnection? GraphConnection { get; set; }

            /// <summary>How many requests of one wire named the mailbox (in the URL or the body, $batch parts included).</summary>
            public static int Mentions(RecordingHandler wire, string mailbox) =>
                wire.Requests.Count(r => Uri.UnescapeDataString(r.Uri.ToString()).Contains(mailbox, StringComparison.OrdinalIgnoreCase) || (r.Body ?? string.Empty).Contains(mailbox, StringComparison.OrdinalIgnoreCase));

            public async Task ConnectSeparatelyAsync()
            {
                await Ews.ConnectAsync(CancellationToken.None);
                EwsConnection = Registry.Add(EwsServices, makeDefault: true);
                await Graph.ConnectAsync(CancellationToken.None);
                GraphConnection = Registry.Add(GraphServices, makeDefault: true);
            }

            public void Dispose()
            {
                foreach (var c in new[] { GraphConnection, EwsConnection }.Where(c => c != null))
                {
                    Registry.Remove(c);
                }

                Ews.Dispose();
                Graph.Dispose();
            }
        }

        [Fact]
        public async Task Two_separate_connections_route_each_mailbox_to_the_side_that_hosts_it_and_say_so()
        {
            using var hybrid = new Hybrid();
            await hybrid.Ews.ConnectAsync(CancellationToken.None);
            hybrid.EwsConnection = hybrid.Registry.Add(hybrid.EwsServices, makeDefault: true);

            // One connection: exactly as before, no routing.
            Assert.Same(hybrid.Ews, hybrid.Registry.GetCalendarBackend(null, null));

            await hybrid.Graph.ConnectAsync(CancellationToken.None);
            hybrid.GraphConnection = hybrid.Registry.Add(hybrid.GraphServices, makeDefault: true);

            // -Connection still means that connection only.
            Assert.Same(hybrid.Ews, hybrid.Registry.GetCalendarBackend(hybrid.EwsConnection, null));
            Assert.Same(hybrid.Graph, hybrid.Registry.GetCalendarBackend(hybrid.GraphConnection, null));

            var verbose = new ConcurrentQueue<string>();
            var routing = Assert.IsType<RoutingBackend>(hybrid.Registry.GetCalendarBackend(null, verbose.Enqueue));
            Assert.Same(hybrid.Ews, routing.OnPremises);
            Assert.Same(hybrid.Graph, routing.Online);

            // alice is on-premises, marie in Exchange Online (the Hybrid topology's homes); neither is hinted.
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(routing).SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Reviewer", Source = "row 1" },
                    new ShareRequest { Row = 2, Mailbox = "marie@contoso.com", User = "bob@contoso.com", Role = "Reviewer", Source = "row 2" },
                },
                sink,
                CancellationToken.None);

            Assert.True(sink.Errors.Count == 0, string.Join("\n", sink.Errors.Select(e => e.Message)));
            Assert.Equal(2, sink.OfType<CalendarShareResult>().Count(r => r.Action == ShareAction.Added));
            Assert.Equal(MailboxLocation.OnPremises, routing.RouteOf("alice@contoso.com"));
            Assert.Equal(MailboxLocation.Online, routing.RouteOf("marie@contoso.com"));

            // Per protocol: one EWS write (alice's folder), and EWS never heard of marie; Graph wrote marie's grant.
            Assert.Equal(1, hybrid.Org.RequestCounts.GetValueOrDefault("UpdateFolder"));
            Assert.True(Hybrid.Mentions(hybrid.EwsWire, "alice@contoso.com") > 0);
            Assert.Equal(0, Hybrid.Mentions(hybrid.EwsWire, "marie@contoso.com"));
            Assert.Contains(hybrid.GraphWire.Requests, r => r.Method == System.Net.Http.HttpMethod.Post && Uri.UnescapeDataString(r.Uri.ToString()).Contains("marie@contoso.com", StringComparison.OrdinalIgnoreCase)
                || (r.Body ?? string.Empty).Contains("\"method\":\"POST\"", StringComparison.Ordinal) && (r.Body ?? string.Empty).Contains("marie@contoso.com", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(verbose, v => v.StartsWith("alice@contoso.com is on-premises (not hosted online, found on-premises): routed to Sandbox " + hybrid.Org.EwsUrl, StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("marie@contoso.com is in Exchange Online (found online): routed to Graph ", StringComparison.Ordinal) && v.Contains("/v1.0", StringComparison.Ordinal));

            // The next command (a new routing backend over the same pair) knows where each mailbox is: no looking again,
            // and it still says which connection served each mailbox.
            var graphAliceBefore = Hybrid.Mentions(hybrid.GraphWire, "alice@contoso.com");
            var again = new ConcurrentQueue<string>();
            var next = Assert.IsType<RoutingBackend>(hybrid.Registry.GetCalendarBackend(null, again.Enqueue));
            var read = new RecordingSink();
            await new CalendarPermissionCommands(next).GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" }, new ShareRequest { Mailbox = "marie@contoso.com" } }, read, CancellationToken.None);
            Assert.Empty(read.Errors);
            Assert.Contains(read.OfType<CalendarPermission>(), p => p.Mailbox == "alice@contoso.com" && p.User == "bob@contoso.com");
            Assert.Contains(read.OfType<CalendarPermission>(), p => p.Mailbox == "marie@contoso.com" && p.User == "bob@contoso.com");
            Assert.Equal(graphAliceBefore, Hybrid.Mentions(hybrid.GraphWire, "alice@contoso.com"));
            Assert.Equal(0, Hybrid.Mentions(hybrid.EwsWire, "marie@contoso.com"));
            Assert.Contains(again, v => v.StartsWith("alice@contoso.com is on-premises (found there earlier in this session): routed to Sandbox", StringComparison.Ordinal));
            Assert.Contains(again, v => v.StartsWith("marie@contoso.com is in Exchange Online (found there earlier in this session): routed to Graph", StringComparison.Ordinal));

            // Routing over the session's connections never closes them; closing one ends the routing.
            next.Dispose();
            routing.Dispose();
            hybrid.Registry.Remove(hybrid.EwsConnection);
            Assert.Same(hybrid.Graph, hybrid.Registry.GetCalendarBackend(null, null));
            var still = new RecordingSink();
            await new CalendarPermissionCommands(hybrid.Graph).GetAsync(new[] { new ShareRequest { Mailbox = "marie@contoso.com" } }, still, CancellationToken.None);
            Assert.Empty(still.Errors);
        }

        [Fact]
        public async Task A_mailbox_on_neither_side_is_MailboxNotFound_naming_it()
        {
            using var hybrid = new Hybrid();
            await hybrid.ConnectSeparatelyAsync();
            var verbose = new ConcurrentQueue<string>();
            var routing = Assert.IsType<RoutingBackend>(hybrid.Registry.GetCalendarBackend(null, verbose.Enqueue));

            var sink = new RecordingSink();
            await new CalendarPermissionCommands(routing).GetAsync(
                new[] { new ShareRequest { Mailbox = "nobody@contoso.com", Source = "nobody" }, new ShareRequest { Mailbox = "hans@contoso.com" } }, sink, CancellationToken.None);

            var error = Assert.Single(sink.Errors);
            Assert.Equal("MailboxNotFound", error.ErrorId);
            Assert.Contains("nobody@contoso.com", error.Message, StringComparison.Ordinal);
            Assert.Null(routing.RouteOf("nobody@contoso.com"));
            Assert.Equal(MailboxLocation.OnPremises, routing.RouteOf("hans@contoso.com"));
            Assert.True(Hybrid.Mentions(hybrid.GraphWire, "nobody@contoso.com") > 0, "Exchange Online was not asked first");
            Assert.True(Hybrid.Mentions(hybrid.EwsWire, "nobody@contoso.com") > 0, "on-premises was not asked after Exchange Online");
            Assert.DoesNotContain(verbose, v => v.Contains("nobody@contoso.com", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Delegates_route_each_mailbox_to_its_side_over_two_separate_connections_and_say_so()
        {
            using var hybrid = new Hybrid();
            await hybrid.ConnectSeparatelyAsync();
            Assert.Equal(ConnectionCapabilities.Permissions | ConnectionCapabilities.Delegates | ConnectionCapabilities.Events | ConnectionCapabilities.Availability | ConnectionCapabilities.ChangeFeed | ConnectionCapabilities.AccessReport | ConnectionCapabilities.SignInAs | ConnectionCapabilities.GroupMembership, hybrid.EwsConnection!.Capabilities);
            Assert.Equal(ConnectionCapabilities.Permissions | ConnectionCapabilities.Delegates | ConnectionCapabilities.MailboxAccess | ConnectionCapabilities.SharingPolicy | ConnectionCapabilities.Events | ConnectionCapabilities.Availability | ConnectionCapabilities.ChangeFeed | ConnectionCapabilities.Publishing | ConnectionCapabilities.AccessReport | ConnectionCapabilities.GroupMembership, hybrid.GraphConnection!.Capabilities);

            var verbose = new ConcurrentQueue<string>();
            var delegates = hybrid.Registry.Require<IDelegateBackend>(null, ConnectionCapabilities.Delegates, verbose.Enqueue);
            var routing = Assert.IsType<RoutingBackend>(delegates);
            var commands = new DelegateCommands(delegates, 4, "Hybrid");

            // alice is on-premises, marie in Exchange Online; neither is hinted.
            var added = new RecordingSink();
            await commands.AddAsync(
                new[]
                {
                    new DelegateRequest { Row = 1, Mailbox = "alice@contoso.com", Delegate = "bob@contoso.com", CalendarRole = "Editor", Source = "row 1" },
                    new DelegateRequest { Row = 2, Mailbox = "marie@contoso.com", Delegate = "bob@contoso.com", CalendarRole = "Editor", Source = "row 2" },
                },
                added,
                CancellationToken.None);

            Assert.True(added.Errors.Count == 0, added.AllText);
            Assert.Equal(new[] { "alice@contoso.com", "marie@contoso.com" }, added.OfType<MailboxDelegateResult>().Where(r => r.Action == ShareAction.Added).Select(r => r.Mailbox).OrderBy(m => m));
            Assert.Equal(MailboxLocation.OnPremises, routing.RouteOf("alice@contoso.com"));
            Assert.Equal(MailboxLocation.Online, routing.RouteOf("marie@contoso.com"));

            // EWS wrote alice's delegate and never heard of marie; Graph wrote marie's.
            Assert.Contains(hybrid.EwsWire.Requests, r => (r.Body ?? string.Empty).Contains("AddDelegate", StringComparison.Ordinal) && (r.Body ?? string.Empty).Contains("alice@contoso.com", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(0, Hybrid.Mentions(hybrid.EwsWire, "marie@contoso.com"));
            Assert.DoesNotContain(hybrid.GraphWire.Requests, r => r.Method != System.Net.Http.HttpMethod.Get && Uri.UnescapeDataString(r.Uri.ToString()).Contains("alice@contoso.com", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(verbose, v => v.StartsWith("alice@contoso.com is on-premises (not hosted online, found on-premises): routed to Sandbox " + hybrid.Org.EwsUrl, StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("marie@contoso.com is in Exchange Online (found online): routed to Graph ", StringComparison.Ordinal));

            // The next command knows both sides: it reads each mailbox's delegates from its side only.
            var again = new ConcurrentQueue<string>();
            var read = new RecordingSink();
            await new DelegateCommands(hybrid.Registry.Require<IDelegateBackend>(null, ConnectionCapabilities.Delegates, again.Enqueue)).GetAsync(
                new[] { new DelegateRequest { Mailbox = "alice@contoso.com" }, new DelegateRequest { Mailbox = "marie@contoso.com" } }, read, CancellationToken.None);
            Assert.True(read.Errors.Count == 0, read.AllText);
            Assert.Contains(read.OfType<MailboxDelegate>(), d => d.Mailbox == "alice@contoso.com" && d.Delegate == "bob@contoso.com" && d.CalendarRole == DelegateFolderRole.Editor);
            Assert.Contains(read.OfType<MailboxDelegate>(), d => d.Mailbox == "marie@contoso.com" && d.Delegate == "bob@contoso.com" && d.CalendarRole == DelegateFolderRole.Editor);
            Assert.Equal(0, Hybrid.Mentions(hybrid.EwsWire, "marie@contoso.com"));
            Assert.Contains(again, v => v.StartsWith("alice@contoso.com is on-premises (found there earlier in this session)", StringComparison.Ordinal));
            Assert.Contains(again, v => v.StartsWith("marie@contoso.com is in Exchange Online (found there earlier in this session)", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Mailbox_access_routes_each_mailbox_to_its_side_over_two_separate_connections()
        {
            using var hybrid = new Hybrid();
            await hybrid.ConnectSeparatelyAsync();
            var verbose = new ConcurrentQueue<string>();
            var services = hybrid.Registry.Resolve(null, verbose.Enqueue);
            Assert.Equal(ConnectionCapabilities.Permissions | ConnectionCapabilities.Delegates | ConnectionCapabilities.MailboxAccess | ConnectionCapabilities.Events | ConnectionCapabilities.Availability | ConnectionCapabilities.ChangeFeed | ConnectionCapabilities.SharingPolicy | ConnectionCapabilities.Publishing | ConnectionCapabilities.AccessReport | ConnectionCapabilities.SignInAs | ConnectionCapabilities.GroupMembership, services.Capabilities);
            var commands = MailboxAccessCommands.Routed(
                services.Require<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess),
                services.Require<ICalendarBackend>(ConnectionCapabilities.Permissions),
                services.Require<IDelegateBackend>(ConnectionCapabilities.Delegates),
                4);

            // Grant: marie (online) through the admin API; alice (on-premises) has no Exchange session here.
            var granted = new RecordingSink();
            await commands.GrantAsync(
                new[]
                {
                    new MailboxAccessRequest { Row = 1, Mailbox = "marie@contoso.com", User = "bob@contoso.com", AccessRights = new[] { "FullAccess" }, Source = "row 1" },
                    new MailboxAccessRequest { Row = 2, Mailbox = "alice@contoso.com", User = "bob@contoso.com", AccessRights = new[] { "FullAccess" }, Source = "row 2" },
                },
                granted,
                CancellationToken.None);
            Assert.Contains(granted.OfType<MailboxAccessResult>(), r => r.Mailbox == "marie@contoso.com" && r.Action == ShareAction.Added);
            Assert.Contains(granted.OfType<MailboxAccessResult>(), r => r.Mailbox == "alice@contoso.com" && r.Action == ShareAction.Failed);
            var error = Assert.Single(granted.Errors);
            Assert.Equal("ExchangeSessionRequired", error.ErrorId);
            Assert.Equal("row 2", error.Target);
            Assert.Contains(hybrid.GraphWire.Requests, r => Uri.UnescapeDataString(r.Uri.ToString()).Contains("InvokeCommand", StringComparison.OrdinalIgnoreCase) && (r.Body ?? string.Empty).Contains("marie@contoso.com", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(hybrid.GraphWire.Requests, r => Uri.UnescapeDataString(r.Uri.ToString()).Contains("InvokeCommand", StringComparison.OrdinalIgnoreCase) && (r.Body ?? string.Empty).Contains("alice@contoso.com", StringComparison.OrdinalIgnoreCase));

            // Get: every grant of each mailbox from its own side; the on-premises mailbox's Exchange rights are not listed.
            var read = new RecordingSink();
            await commands.GetAsync(
                new[] { new MailboxAccessRequest { Row = 1, Mailbox = "alice@contoso.com" }, new MailboxAccessRequest { Row = 2, Mailbox = "marie@contoso.com" } }, read, CancellationToken.None);
            Assert.True(read.Errors.Count == 0, read.AllText);
            var grants = read.OfType<MailboxAccessGrant>();
            Assert.Contains(grants, g => g.Mailbox == "marie@contoso.com" && g.Kind == MailboxAccessKind.FullAccess && g.User.Contains("bob", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(grants, g => g.Mailbox == "alice@contoso.com" && g.Kind == MailboxAccessKind.FolderPermission);
            Assert.Contains(grants, g => g.Mailbox == "marie@contoso.com" && g.Kind == MailboxAccessKind.FolderPermission && g.Folder == "Calendrier");
            Assert.DoesNotContain(grants, g => g.Mailbox == "alice@contoso.com" && g.Kind == MailboxAccessKind.FullAccess);
            var warning = Assert.Single(read.Warnings);
            Assert.Contains("alice@contoso.com", warning, StringComparison.Ordinal);
            Assert.DoesNotContain("marie@contoso.com", warning, StringComparison.Ordinal);
            Assert.Equal(0, Hybrid.Mentions(hybrid.EwsWire, "marie@contoso.com"));
            Assert.Contains(verbose, v => v.StartsWith("alice@contoso.com is on-premises", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("marie@contoso.com is in Exchange Online", StringComparison.Ordinal));
        }

        /// <summary>
        /// -ExchangeSession with a hybrid connection: on-premises mailboxes go to the admin's session, Exchange Online ones
        /// still to the online side's admin API. The "session" here is our admin API client to the same sandbox on a wire of
        /// its own, so each request shows which executor sent it.
        /// </summary>
        [Fact]
        public async Task An_Exchange_session_serves_the_on_premises_mailboxes_of_a_hybrid_connection_only()
        {
            using var hybrid = new Hybrid();
            await hybrid.ConnectSeparatelyAsync();
            var sessionWire = new RecordingHandler(hybrid.Org.CreateHandler());
            using var session = Delegation.MailboxAccessScenarioTests.Client(hybrid.Org, o => o.Handler = sessionWire);
            var services = hybrid.Registry.Resolve(null, null);
            var access = services.Require<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess).WithOnPremisesExecutor(session);

            var sink = new RecordingSink();
            await MailboxAccessCommands.Routed(access, null, null, 1).GrantAsync(
                new[]
                {
                    new MailboxAccessRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", AccessRights = new[] { "FullAccess" } },
                    new MailboxAccessRequest { Row = 2, Mailbox = "marie@contoso.com", User = "bob@contoso.com", AccessRights = new[] { "FullAccess" } },
                },
                sink,
                CancellationToken.None);

            Assert.True(sink.Errors.Count == 0, sink.AllText);
            Assert.All(sink.OfType<MailboxAccessResult>(), r => Assert.Equal(ShareAction.Added, r.Action));
            static bool Invokes(RecordingHandler wire, string mailbox) => wire.Requests.Any(r =>
                Uri.UnescapeDataString(r.Uri.ToString()).Contains("InvokeCommand", StringComparison.OrdinalIgnoreCase) && (r.Body ?? string.Empty).Contains(mailbox, StringComparison.OrdinalIgnoreCase));
            Assert.True(Invokes(sessionWire, "alice@contoso.com"));
            Assert.False(Invokes(sessionWire, "marie@contoso.com"));
            Assert.True(Invokes(hybrid.GraphWire, "marie@contoso.com"));
            Assert.False(Invokes(hybrid.GraphWire, "alice@contoso.com"));
        }
    }
}
