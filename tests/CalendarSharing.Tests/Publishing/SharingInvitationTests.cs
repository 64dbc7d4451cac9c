using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Publishing
{
    /// <summary>
    /// Set-CalendarShare -SendInvitation: in Exchange Online a new share is created through Graph (which sends the
    /// invitation with it) and a changed one through the admin API's Set-MailboxFolderPermission -SendNotificationToUser
    /// with its delegate flags spelled out; on premises (EWS) the row fails with SharingInvitationNotAvailable and nothing
    /// is written for it, while the other rows still run.
    /// </summary>
    public sealed class SharingInvitationTests
    {
        private const string Alice = "alice@contoso.com";

        private static ShareRequest Row(int n, string user, string role, bool invite = true) =>
            new ShareRequest { Row = n, Mailbox = Alice, User = user, Role = role, SendInvitation = invite, Source = $"row {n}" };

        private static async Task<RecordingSink> Set(CalendarPermissionCommands commands, params ShareRequest[] rows)
        {
            var sink = new RecordingSink();
            await commands.SetAsync(rows, sink, CancellationToken.None);
            return sink;
        }

        [Fact]
        public async Task In_Exchange_Online_a_new_share_goes_through_Graph_with_its_invitation_and_a_changed_one_through_the_admin_API()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            var commands = new CalendarPermissionCommands(s.Backend);

            var added = await Set(commands, Row(1, "partner@fabrikam.com", "LimitedDetails"), Row(2, "bob@contoso.com", "Reviewer"));
            Assert.Empty(added.Errors);
            Assert.All(added.OfType<CalendarShareResult>(), r =>
            {
                Assert.Equal(ShareAction.Added, r.Action);
                Assert.True(r.InvitationSent);
            });
            Assert.Contains(s.Org.SentInvitations, i => i.To == "partner@fabrikam.com" && i.Role == "limitedRead");
            Assert.DoesNotContain(s.Org.AdminCommands, c => c.Name == "Set-MailboxFolderPermission");

            // bob: Reviewer -> DelegateCanViewPrivate with an invitation: the admin API, delegate flags spelled out.
            var before = s.Org.SentInvitations.Count;
            var changed = await Set(commands, Row(1, "bob@contoso.com", "DelegateCanViewPrivate"));
            Assert.Empty(changed.Errors);
            var result = Assert.Single(changed.OfType<CalendarShareResult>());
            Assert.Equal(ShareAction.Updated, result.Action);
            Assert.True(result.InvitationSent);
            var set = Assert.Single(s.Org.AdminCommands, c => c.Name == "Set-MailboxFolderPermission");
            Assert.Equal(
                new[] { "Identity=\"alice@contoso.com:\\\\Calendar\"", "User=\"bob@contoso.com\"", "AccessRights=[\"Editor\"]", "SharingPermissionFlags=\"Delegate,CanViewPrivateItems\"", "SendNotificationToUser=true", "Confirm=false" },
                set.Parameters.Select(p => p.Key + "=" + p.Value).ToArray());
            Assert.Equal(before + 1, s.Org.SentInvitations.Count);
            Assert.Equal("delegateWithPrivateEventAccess", s.Org.SentInvitations.Last().Role);

            // What Graph reads back: the delegate with private access, as written.
            var read = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = Alice, User = "bob@contoso.com" } }, read, CancellationToken.None);
            Assert.Equal(CalendarRole.DelegateCanViewPrivate, Assert.Single(read.OfType<CalendarPermission>()).Role);

            // The same again is Unchanged: nothing written, no second invitation.
            var again = await Set(commands, Row(1, "bob@contoso.com", "DelegateCanViewPrivate"));
            Assert.Equal(ShareAction.Unchanged, Assert.Single(again.OfType<CalendarShareResult>()).Action);
            Assert.False(Assert.Single(again.OfType<CalendarShareResult>()).InvitationSent);
            Assert.Equal(before + 1, s.Org.SentInvitations.Count);
        }

        [Fact]
        public async Task On_premises_a_row_asking_for_an_invitation_fails_with_its_own_id_and_nothing_is_written_for_it()
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);

            var sink = await Set(commands, Row(1, "bob@contoso.com", "Reviewer"), Row(2, "marie@contoso.com", "AvailabilityOnly", invite: false), Row(3, "hans@contoso.com", "Reviewer"));

            var error = sink.Errors.First(e => e.ErrorId == "SharingInvitationNotAvailable");
            Assert.Equal(2, sink.Errors.Count(e => e.ErrorId == "SharingInvitationNotAvailable"));
            Assert.Equal(ErrorKindOf("SharingInvitationNotAvailable"), error.Kind);
            Assert.Contains("Row 1", error.Message, System.StringComparison.Ordinal);
            Assert.Contains("on premises", error.Message, System.StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            var results = sink.OfType<CalendarShareResult>().OrderBy(r => r.Row).ToList();
            Assert.Equal(new[] { ShareAction.Failed, ShareAction.Added, ShareAction.Failed }, results.Select(r => r.Action).ToArray());

            var read = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = Alice } }, read, CancellationToken.None);
            var users = read.OfType<CalendarPermission>().Select(p => p.User).ToList();
            Assert.DoesNotContain("bob@contoso.com", users);
            Assert.DoesNotContain("hans@contoso.com", users);
            Assert.Contains("marie@contoso.com", users);
        }

        [Fact]
        public async Task WhatIf_says_the_invitation_goes_with_the_grant_and_sends_nothing()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            var sink = new RecordingSink((target, action) => false);
            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { Row(1, "partner@fabrikam.com", "Reviewer") }, sink, CancellationToken.None);
            var (target, action) = Assert.Single(sink.ShouldProcessCalls);
            Assert.Equal("alice@contoso.com\\Calendar", target);
            Assert.EndsWith("and send a sharing invitation", action, System.StringComparison.Ordinal);
            Assert.Empty(s.Org.SentInvitations);
        }

        private static CalendarSharing.Core.Output.ErrorKind ErrorKindOf(string id) => ErrorCatalog.KnownIds[id];
    }
}
