using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Routing;
using CalendarSharing.PowerShell;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// The permission applier over a hybrid connection: reads, writes, refusals and delegate records each go to the
    /// mailbox's side, so one run mixes EWS and Graph and each row ends as that side can make it.
    /// </summary>
    public sealed class HybridApplierTests
    {
        [Fact]
        public async Task One_run_grants_delegates_and_invitations_on_each_side_as_that_side_can()
        {
            using var backend = BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Hybrid" });
            await backend.ConnectAsync(CancellationToken.None);
            var routing = Assert.IsType<RoutingBackend>(backend);
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(backend).SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "hans@contoso.com", Role = "Delegate" },                       // on-premises
                    new ShareRequest { Row = 2, Mailbox = "carol@contoso.com", User = "hans@contoso.com", Role = "Delegate" },                       // online
                    new ShareRequest { Row = 3, Mailbox = "alice@contoso.com", User = "marie@contoso.com", Role = "Reviewer", SendInvitation = true },
                    new ShareRequest { Row = 4, Mailbox = "carol@contoso.com", User = "marie@contoso.com", Role = "Reviewer", SendInvitation = true },
                },
                sink,
                CancellationToken.None);

            Assert.Equal(MailboxLocation.OnPremises, routing.RouteOf("alice@contoso.com"));
            Assert.Equal(MailboxLocation.Online, routing.RouteOf("carol@contoso.com"));
            var results = sink.OfType<CalendarShareResult>().ToDictionary(r => r.Row!.Value);
            Assert.Equal(ShareAction.Added, results[1].Action);
            Assert.Equal(CalendarRole.Delegate, results[1].Role);
            Assert.Equal(ShareAction.Added, results[2].Action);
            Assert.Equal(CalendarRole.Delegate, results[2].Role);

            // EWS cannot send an invitation: that row alone fails; Graph creates the share with its invitation.
            Assert.Equal(ShareAction.Failed, results[3].Action);
            Assert.Equal(ErrorIds.SharingInvitationNotAvailable, Assert.Single(sink.Errors).ErrorId);
            Assert.Equal(ShareAction.Added, results[4].Action);
            Assert.True(results[4].InvitationSent);

            // Both delegates came from the delegate capability of their side, with the one set of defaults.
            var delegates = new RecordingSink();
            await new DelegateCommands(routing, 4, routing.Info.SourceName).GetAsync(
                new[] { new DelegateRequest { Mailbox = "alice@contoso.com", Delegate = "hans@contoso.com" }, new DelegateRequest { Mailbox = "carol@contoso.com", Delegate = "hans@contoso.com" } },
                delegates,
                CancellationToken.None);
            var both = delegates.OfType<MailboxDelegate>().ToList();
            Assert.Equal(2, both.Count);
            Assert.All(both, d =>
            {
                Assert.Equal(DelegateFolderRole.Editor, d.CalendarRole);
                Assert.Equal(DelegateDefaults.ViewPrivateItems, d.ViewPrivateItems);
            });
        }
    }
}
