using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Routing;
using CalendarSharing.Core.Sharing;
using CalendarSharing.Online.Graph;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Delegation;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sharing
{
    /// <summary>
    /// Set-CalendarSharingPolicy -Mailbox in a hybrid organisation: each mailbox's Set-Mailbox -SharingPolicy runs on the side
    /// that hosts it (Exchange Online's admin API, or the admin's Exchange session for on-premises mailboxes), -Verbose says
    /// which, and an on-premises mailbox without a session is that row's ExchangeSessionRequired error. The "session" is our
    /// admin API client to the same sandbox on a wire of its own, so each request shows which side sent it.
    /// </summary>
    public sealed class HybridSharingPolicyAssignTests
    {
        private const string OnPremises = "alice@contoso.com";
        private const string Online = "marie@contoso.com";

        private static bool SetsPolicy(RecordingHandler wire, string mailbox) => wire.Requests.Any(r =>
            Uri.UnescapeDataString(r.Uri.ToString()).Contains("InvokeCommand", StringComparison.OrdinalIgnoreCase)
            && (r.Body ?? string.Empty).Contains("Set-Mailbox", StringComparison.OrdinalIgnoreCase)
            && (r.Body ?? string.Empty).Contains(mailbox, StringComparison.OrdinalIgnoreCase));

        [Fact]
        public async Task Each_mailbox_gets_its_policy_on_the_side_that_hosts_it_and_verbose_says_which()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Hybrid });
            org.SetSharingPolicy("Partners", true, false, "fabrikam.com:CalendarSharingFreeBusyReviewer");
            var graphWire = new RecordingHandler(org.CreateHandler());
            var ews = BackendFactory.CreateSandboxEws(org, new ConnectRequest());
            var graph = new GraphCalendarBackend(GraphSandboxSession.Options(org, graphWire));
            await ews.ConnectAsync(CancellationToken.None);
            await graph.ConnectAsync(CancellationToken.None);
            var verbose = new ConcurrentQueue<string>();
            var hybrid = RoutingBackend.Compose(BackendFactory.Declare(ews), GraphBackendFactory.Declare(graph, SandboxOrganization.TenantId), null, verbose.Enqueue, null, ownsBackends: true);
            using var _ = hybrid.Backend;
            var policies = hybrid.Require<ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy);
            var rows = new[]
            {
                new SharingPolicyAssignmentRequest { Row = 1, Mailbox = OnPremises, Source = "row 1" },
                new SharingPolicyAssignmentRequest { Row = 2, Mailbox = Online, Source = "row 2" },
            };

            // Without an Exchange session: the online mailbox through the admin API, the on-premises one is refused.
            var sink = new RecordingSink();
            await new SharingPolicyCommands(policies).AssignAsync("Partners", rows, sink, CancellationToken.None);
            Assert.Equal(new[] { (2, ShareAction.Updated) }, sink.OfType<SharingPolicyAssignment>().Select(a => (a.Row!.Value, a.Action)).ToArray());
            var refused = Assert.Single(sink.Errors);
            Assert.Equal(("ExchangeSessionRequired", "row 1"), (refused.ErrorId, (string)refused.Target!));
            Assert.StartsWith("Row 1: " + OnPremises + ": ", refused.Message, StringComparison.Ordinal);
            Assert.Contains("-ExchangeSession", refused.RecommendedAction, StringComparison.Ordinal);
            Assert.Equal("Partners", org.AssignedSharingPolicy(Online));
            Assert.Null(org.AssignedSharingPolicy(OnPremises));
            Assert.True(SetsPolicy(graphWire, Online));
            Assert.False(SetsPolicy(graphWire, OnPremises));
            Assert.Contains(sink.Verbose, v => v.StartsWith(Online + ": its sharing policy is set through " + policies.SourceName, StringComparison.Ordinal));

            // With the session: the on-premises mailbox there (its own side's policy list), the online one still online.
            var sessionWire = new RecordingHandler(org.CreateHandler());
            using var session = MailboxAccessScenarioTests.Client(org, o => o.Handler = sessionWire);
            var withSession = new RecordingSink();
            await new SharingPolicyCommands(policies.WithOnPremisesExecutor(session)).AssignAsync("Partners", rows, withSession, CancellationToken.None);
            Assert.True(withSession.Errors.Count == 0, withSession.AllText);
            Assert.Equal(new[] { (1, ShareAction.Updated), (2, ShareAction.Unchanged) }, withSession.OfType<SharingPolicyAssignment>().Select(a => (a.Row!.Value, a.Action)).ToArray());
            Assert.Equal("Partners", org.AssignedSharingPolicy(OnPremises));
            Assert.True(SetsPolicy(sessionWire, OnPremises));
            Assert.False(SetsPolicy(sessionWire, Online));
            Assert.False(SetsPolicy(graphWire, OnPremises));
            Assert.Contains(withSession.Verbose, v => v == OnPremises + ": its sharing policy is set through Exchange session.");
            Assert.Contains(verbose, v => v.StartsWith(OnPremises + " is on-premises", StringComparison.Ordinal));
            Assert.Contains(verbose, v => v.StartsWith(Online + " is in Exchange Online", StringComparison.Ordinal));
        }
    }
}
