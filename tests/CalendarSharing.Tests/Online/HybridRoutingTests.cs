using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Routing;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>A hybrid organisation: each mailbox goes to the connection that hosts it, and the decision is reported.</summary>
    public sealed class HybridRoutingTests
    {
        [Fact]
        public async Task The_hybrid_sandbox_routes_by_home_and_says_so()
        {
            var verbose = new ConcurrentQueue<string>();
            using var backend = BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Hybrid", Verbose = verbose.Enqueue });
            await backend.ConnectAsync(CancellationToken.None);
            var routing = Assert.IsType<RoutingBackend>(backend);
            var commands = new CalendarPermissionCommands(backend);

            var sink = new RecordingSink();
            await commands.SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Reviewer", Source = "row 1" },   // on-premises
                    new ShareRequest { Row = 2, Mailbox = "carol@contoso.com", User = "bob@contoso.com", Role = "Reviewer", Source = "row 2" },   // online
                },
                sink,
                CancellationToken.None);

            Assert.True(sink.Errors.Count == 0, string.Join("\n", sink.Errors.Select(e => e.Message)));
            Assert.All(sink.OfType<CalendarShareResult>(), r => Assert.Equal(ShareAction.Added, r.Action));
            Assert.Equal(MailboxLocation.OnPremises, routing.RouteOf("alice@contoso.com"));
            Assert.Equal(MailboxLocation.Online, routing.RouteOf("carol@contoso.com"));
            Assert.Contains(verbose, v => v.StartsWith("alice@contoso.com is on-premises", StringComparison.Ordinal) && v.Contains("/EWS/", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith("carol@contoso.com is in Exchange Online", StringComparison.Ordinal) && v.Contains("/v1.0", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Without_a_home_hint_a_mailbox_Graph_does_not_host_is_found_on_premises()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Hybrid });
            var ews = new CalendarSharing.Ews.EwsCalendarBackend(new CalendarSharing.Ews.EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new System.Net.NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            });
            var graph = new CalendarSharing.Online.Graph.GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler()));
            var verbose = new ConcurrentQueue<string>();
            using var routing = new RoutingBackend(ews, graph, homeHint: null, trace: verbose.Enqueue);
            await routing.ConnectAsync(CancellationToken.None);

            var sink = new RecordingSink();
            await new CalendarPermissionCommands(routing).GetAsync(
                new[] { new ShareRequest { Mailbox = "hans@contoso.com" }, new ShareRequest { Mailbox = "marie@contoso.com" }, new ShareRequest { Mailbox = "nobody@contoso.com" } }, sink, CancellationToken.None);

            Assert.Equal("MailboxNotFound", Assert.Single(sink.Errors).ErrorId);
            Assert.Equal(MailboxLocation.OnPremises, routing.RouteOf("hans@contoso.com"));
            Assert.Equal(MailboxLocation.Online, routing.RouteOf("marie@contoso.com"));
            Assert.Null(routing.RouteOf("nobody@contoso.com"));
            Assert.Contains(sink.OfType<CalendarPermission>(), p => p.Mailbox == "hans@contoso.com" && p.Calendar == "Kalender");
            Assert.Contains(sink.OfType<CalendarPermission>(), p => p.Mailbox == "marie@contoso.com" && p.Calendar == "Calendrier");
            Assert.Contains(verbose, v => v.StartsWith("hans@contoso.com is on-premises (not hosted online", StringComparison.Ordinal));
        }
    }
}
