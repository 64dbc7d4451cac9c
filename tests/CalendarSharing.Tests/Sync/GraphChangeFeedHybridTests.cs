using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Routing;
using CalendarSharing.Core.Sync;
using CalendarSharing.Online.Graph;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

using static CalendarSharing.Tests.Sync.GraphChangeFeedTests;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>The hybrid connection's ChangeFeed: each calendar's changes are read on the side that hosts its mailbox.</summary>
    public sealed class GraphChangeFeedHybridTests
    {
        private static int GraphDeltaRequests(SandboxOrganization org) =>
            org.RequestCounts.TryGetValue("Graph:CalendarViewDelta", out var n) ? n : 0;

        [Fact]
        public async Task The_hybrid_sandbox_reads_a_cloud_calendar_with_Graph_delta_and_sends_an_on_premises_one_to_its_own_side()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Hybrid });
            var request = new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Hybrid" };
            var ews = BackendFactory.Declare(BackendFactory.CreateSandboxEws(org, request));
            var graph = GraphBackendFactory.Declare(new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler())), SandboxOrganization.TenantId);
            var verbose = new ConcurrentQueue<string>();
            var services = RoutingBackend.Compose(ews, graph, m => org.HomeOf(m) == MailboxHome.Cloud ? MailboxLocation.Online : org.HomeOf(m) == MailboxHome.OnPremises ? MailboxLocation.OnPremises : (MailboxLocation?)null, verbose.Enqueue, routes: null, ownsBackends: true);
            using var backend = services.Backend;
            await backend.ConnectAsync(CancellationToken.None);
            Assert.True(services.Has(ConnectionCapabilities.ChangeFeed));
            var feed = services.Find<IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed)!;
            Assert.IsType<RoutingBackend>(feed);

            var carol = CalendarAddress.Default("carol@contoso.com"); // online
            var first = await DrainAsync(feed, carol, null);
            Assert.True(GraphDeltaRequests(org) > 0);
            Assert.Contains(verbose, v => v.StartsWith("carol@contoso.com is in Exchange Online", StringComparison.Ordinal));
            var events = services.Find<ICalendarEventBackend>(ConnectionCapabilities.Events)!;
            var made = await events.CreateEventAsync(carol, Single("Hybrid", 9), CancellationToken.None);
            var next = await DrainAsync(feed, carol, first.Watermark);
            Assert.Equal(made.Id, Assert.Single(next.Changes).ItemId);

            var alice = CalendarAddress.Default("alice@contoso.com"); // on-premises
            var before = GraphDeltaRequests(org);
            if (ews.Has(ConnectionCapabilities.ChangeFeed))
            {
                // The EWS part of the capability (SyncFolderItems) answers for on-premises mailboxes.
                var onPremises = await DrainAsync(feed, alice, null);
                Assert.NotNull(onPremises.Watermark);
            }
            else
            {
                var refused = await Assert.ThrowsAsync<BackendException>(() => feed.ReadChangesAsync(Query(alice, null), CancellationToken.None));
                Assert.Equal(BackendErrorCode.NotSupported, refused.Error.Code);
                Assert.StartsWith("alice@contoso.com is on-premises", refused.Error.Message, StringComparison.Ordinal);
            }

            Assert.Equal(before, GraphDeltaRequests(org));
        }

        /// <summary>
        /// Two real Graph connections stand for the two sides (the routing does not care which protocol a side speaks): a
        /// subscription over calendars on both is one per side, and a change on either wakes the combined one.
        /// </summary>
        [Fact]
        public async Task A_subscription_over_both_sides_wakes_up_for_a_change_on_either()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud, GraphStrictValidation = true });
            var left = GraphBackendFactory.Declare(new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler())), SandboxOrganization.TenantId);
            var right = GraphBackendFactory.Declare(new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler())), SandboxOrganization.TenantId);
            var services = RoutingBackend.Compose(left, right, m => m.StartsWith("alice", StringComparison.OrdinalIgnoreCase) ? MailboxLocation.OnPremises : MailboxLocation.Online, null, routes: null, ownsBackends: true);
            using var backend = services.Backend;
            await backend.ConnectAsync(CancellationToken.None);
            var feed = services.Find<IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed)!;
            var events = services.Find<ICalendarEventBackend>(ConnectionCapabilities.Events)!;
            var alice = CalendarAddress.Default("alice@contoso.com");
            var bob = CalendarAddress.Default("bob@contoso.com");

            using var subscription = await feed.SubscribeAsync(new[] { alice, bob }, new ChangeSubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);
            var day = DateTimeOffset.UtcNow.Date.AddDays(4);
            await events.CreateEventAsync(bob, new EventDraft { Subject = "B", Start = day.AddHours(9), End = day.AddHours(10), TimeZone = "UTC" }, CancellationToken.None);
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                var wake = await subscription.WaitAsync(timeout.Token);
                Assert.Equal("bob@contoso.com", Assert.Single(wake.Calendars).Mailbox);
            }

            await events.CreateEventAsync(alice, new EventDraft { Subject = "A", Start = day.AddHours(11), End = day.AddHours(12), TimeZone = "UTC" }, CancellationToken.None);
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                var wake = await subscription.WaitAsync(timeout.Token);
                Assert.Equal("alice@contoso.com", Assert.Single(wake.Calendars).Mailbox);
            }

            Assert.Empty(org.SchemaViolations);
        }
    }
}
