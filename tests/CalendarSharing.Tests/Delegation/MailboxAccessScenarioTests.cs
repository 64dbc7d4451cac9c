using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Online.AdminRest;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Delegation
{
    /// <summary>
    /// Grant-, Revoke- and Get-MailboxAccess end to end: MailboxAccessCommands, our admin REST client on real
    /// HTTP messages, the sandbox's admin API (and its EWS endpoint for delegates and calendar permissions).
    /// </summary>
    public class MailboxAccessScenarioTests
    {
        private const string Shared = "alice@contoso.com";
        private const string Carol = "carol@contoso.com";

        internal static AdminRestClient Client(SandboxOrganization org, Action<AdminRestOptions>? configure = null, string? account = null)
        {
            var token = org.IssueAccessToken(account ?? org.Admin.Address);
            var options = new AdminRestOptions
            {
                BaseUrl = SandboxOrganization.DefaultAdminApiUrl,
                Tenant = SandboxOrganization.TenantId,
                AccessTokenProvider = _ => Task.FromResult(token),
                Handler = org.CreateHandler(),
            };
            configure?.Invoke(options);
            return new AdminRestClient(options);
        }

        private static MailboxAccessRequest Row(int n, string mailbox, string user, params string[] rights) =>
            new MailboxAccessRequest { Row = n, Mailbox = mailbox, User = user, AccessRights = rights, Source = $"row {n}" };

        private static async Task<RecordingSink> Grant(MailboxAccessCommands c, params MailboxAccessRequest[] rows)
        {
            var sink = new RecordingSink();
            await c.GrantAsync(rows, sink, CancellationToken.None);
            return sink;
        }

        private static async Task<RecordingSink> Revoke(MailboxAccessCommands c, params MailboxAccessRequest[] rows)
        {
            var sink = new RecordingSink();
            await c.RevokeAsync(rows, sink, CancellationToken.None);
            return sink;
        }

        [Fact]
        public async Task Grant_is_an_upsert_and_revoke_of_a_missing_right_is_Unchanged_in_Exchange_Online()
        {
            using var s = await SandboxSession.StartAsync();
            using var client = Client(s.Org);
            var commands = new MailboxAccessCommands(client);

            var first = await Grant(commands, Row(1, Shared, Carol, "FullAccess,SendOnBehalf", "SendAs"));
            Assert.Empty(first.Errors);
            Assert.Equal(
                new[] { (MailboxAccessRight.FullAccess, ShareAction.Added), (MailboxAccessRight.SendOnBehalf, ShareAction.Added), (MailboxAccessRight.SendAs, ShareAction.Added) },
                first.OfType<MailboxAccessResult>().Select(r => (r.AccessRight, r.Action)).ToArray());
            Assert.Equal(new[] { Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.FullAccess));
            Assert.Equal(new[] { Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendAs));
            Assert.Equal(new[] { Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendOnBehalf));

            var again = await Grant(commands, Row(1, Shared, Carol, "FullAccess", "SendOnBehalf", "SendAs"));
            Assert.Empty(again.Errors);
            Assert.All(again.OfType<MailboxAccessResult>(), r => Assert.Equal(ShareAction.Unchanged, r.Action));

            var revoked = await Revoke(commands, Row(1, Shared, Carol, "SendAs"));
            Assert.Empty(revoked.Errors);
            Assert.Equal(ShareAction.Removed, Assert.Single(revoked.OfType<MailboxAccessResult>()).Action);

            var missing = await Revoke(commands, Row(1, Shared, Carol, "SendAs"), Row(2, "bob@contoso.com", Carol, "FullAccess", "SendOnBehalf"));
            Assert.Empty(missing.Errors);
            Assert.All(missing.OfType<MailboxAccessResult>(), r => Assert.Equal(ShareAction.Unchanged, r.Action));
            Assert.Equal(3, missing.OfType<MailboxAccessResult>().Count);
            Assert.Empty(s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendAs));
            Assert.Equal(new[] { Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.FullAccess));
        }

        [Fact]
        public async Task Granting_Send_on_Behalf_to_one_user_keeps_every_other_grantee_and_revoking_removes_only_that_user()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.GrantMailboxRight(Shared, "bob@contoso.com", SandboxMailboxRight.SendOnBehalf);
            s.Org.GrantMailboxRight(Shared, "marie@contoso.com", SandboxMailboxRight.SendOnBehalf);
            using var client = Client(s.Org);
            var commands = new MailboxAccessCommands(client);

            var granted = await Grant(commands, Row(1, Shared, Carol, "SendOnBehalf"));

            Assert.Empty(granted.Errors);
            Assert.Equal(new[] { "bob@contoso.com", "marie@contoso.com", Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendOnBehalf));
            var set = s.Org.AdminCommands.Single(c => c.Name == "Set-Mailbox");
            Assert.Equal(
                new[] { "Identity=\"alice@contoso.com\"", "GrantSendOnBehalfTo={\"@odata.type\":\"#Exchange.GenericHashTable\",\"Add\":[\"carol@contoso.com\"]}", "Confirm=false" },
                set.Parameters.Select(p => p.Key + "=" + p.Value).ToArray());

            var revoked = await Revoke(commands, Row(1, Shared, "bob@contoso.com", "SendOnBehalf"));
            Assert.Equal(ShareAction.Removed, Assert.Single(revoked.OfType<MailboxAccessResult>()).Action);
            Assert.Equal(new[] { "marie@contoso.com", Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendOnBehalf));
        }

        [Fact]
        public async Task Get_for_a_mailbox_lists_every_grant_once_delegates_folder_permissions_and_mailbox_rights()
        {
            using var s = await SandboxSession.StartAsync();
            await new DelegateCommands(s.Backend).AddAsync(
                new[] { new DelegateRequest { Row = 1, Mailbox = Shared, Delegate = "bob@contoso.com", CalendarRole = "Editor", InboxRole = "Reviewer" } }, new RecordingSink(), CancellationToken.None);
            s.Org.GrantMailboxRight(Shared, Carol, SandboxMailboxRight.FullAccess);
            s.Org.GrantMailboxRight(Shared, "hans@contoso.com", SandboxMailboxRight.SendAs);
            using var client = Client(s.Org);
            var commands = new MailboxAccessCommands(client, s.Backend, s.Backend);

            var sink = new RecordingSink();
            await commands.GetAsync(new[] { new MailboxAccessRequest { Mailbox = Shared } }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            var grants = sink.OfType<MailboxAccessGrant>().Select(g => (g.User, g.Kind, g.Rights)).ToList();
            Assert.Contains(("bob@contoso.com", MailboxAccessKind.Delegate, "Calendar:Editor, Inbox:Reviewer"), grants);
            Assert.Contains(("bob@contoso.com", MailboxAccessKind.FolderPermission, "Delegate"), grants); // Editor + delegate record
            Assert.Contains(("bob@contoso.com", MailboxAccessKind.SendOnBehalf, "SendOnBehalf"), grants);
            Assert.Contains((Carol, MailboxAccessKind.FolderPermission, "Reviewer"), grants);
            Assert.Contains((Carol, MailboxAccessKind.FullAccess, "FullAccess"), grants);
            Assert.Contains(("hans@contoso.com", MailboxAccessKind.SendAs, "SendAs"), grants);
            Assert.Contains(("Default", MailboxAccessKind.FolderPermission, "AvailabilityOnly"), grants);
            Assert.DoesNotContain(grants, g => g.User.StartsWith("NT AUTHORITY", StringComparison.Ordinal));
            Assert.Equal(grants.Count, grants.Distinct().Count());
            Assert.All(sink.OfType<MailboxAccessGrant>(), g => Assert.Equal(Shared, g.Mailbox));
            s.AssertWireValid();
        }

        [Fact]
        public async Task Get_with_a_user_finds_what_that_user_can_reach_across_the_given_mailboxes()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.GrantMailboxRight("bob@contoso.com", Carol, SandboxMailboxRight.SendAs);
            s.Org.GrantMailboxRight("hans@contoso.com", Carol, SandboxMailboxRight.FullAccess);
            using var client = Client(s.Org);
            var commands = new MailboxAccessCommands(client, s.Backend, s.Backend, maxConcurrency: 2);
            var mailboxes = new[] { Shared, "bob@contoso.com", "hans@contoso.com", "marie@contoso.com" };

            var sink = new RecordingSink();
            await commands.GetAsync(mailboxes.Select(m => new MailboxAccessRequest { Mailbox = m, User = Carol }).ToList(), sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(
                new[] { (Shared, MailboxAccessKind.FolderPermission), ("bob@contoso.com", MailboxAccessKind.SendAs), ("hans@contoso.com", MailboxAccessKind.FullAccess) },
                sink.OfType<MailboxAccessGrant>().Select(g => (g.Mailbox, g.Kind)).ToArray());
            Assert.All(sink.OfType<MailboxAccessGrant>(), g => Assert.Equal(Carol, g.User));
        }

        [Fact]
        public async Task Bad_rows_and_server_errors_name_the_row_and_the_good_rows_still_run()
        {
            using var s = await SandboxSession.StartAsync();
            using var client = Client(s.Org);
            var commands = new MailboxAccessCommands(client);

            var sink = await Grant(
                commands,
                Row(1, "ghost@contoso.com", Carol, "FullAccess"),
                Row(2, Shared, "nobody@contoso.com", "SendAs"),
                Row(3, Shared, Carol, "ReadPermission"),
                Row(4, Shared, Carol, "SendOnBehalf"));

            var errors = sink.Errors.ToDictionary(e => (string)e.Target!);
            Assert.Equal("MailboxNotFound", errors["row 1"].ErrorId);
            Assert.StartsWith("Row 1: ghost@contoso.com, user carol@contoso.com: Get-MailboxPermission: The operation couldn't be performed because object 'ghost@contoso.com' couldn't be found", errors["row 1"].Message);
            Assert.Equal("UserNotFound", errors["row 2"].ErrorId);
            Assert.Equal("InvalidAccessRight", errors["row 3"].ErrorId);
            Assert.False(errors.ContainsKey("row 4"));
            Assert.Equal(ShareAction.Added, sink.OfType<MailboxAccessResult>().Single(r => r.Row == 4).Action);
            Assert.Equal(new[] { Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendOnBehalf));
        }

        [Fact]
        public async Task Without_an_Exchange_session_grants_are_clear_errors_and_Get_warns_and_still_lists_what_EWS_shows()
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new MailboxAccessCommands(null, s.Backend, s.Backend);

            var grant = await Grant(commands, Row(1, Shared, Carol, "FullAccess"));
            var error = Assert.Single(grant.Errors);
            Assert.Equal("ExchangeSessionRequired", error.ErrorId);
            Assert.Contains("-ExchangeSession", error.RecommendedAction);

            var sink = new RecordingSink();
            await commands.GetAsync(new[] { new MailboxAccessRequest { Mailbox = Shared } }, sink, CancellationToken.None);
            Assert.Contains("-ExchangeSession", Assert.Single(sink.Warnings));
            Assert.Contains(sink.OfType<MailboxAccessGrant>(), g => g.User == Carol && g.Kind == MailboxAccessKind.FolderPermission);
        }

        [Fact]
        public async Task WhatIf_asks_per_right_with_a_readable_action_and_sends_nothing()
        {
            using var s = await SandboxSession.StartAsync();
            using var client = Client(s.Org);
            var sink = new RecordingSink((_, _) => false);

            await new MailboxAccessCommands(client).GrantAsync(new[] { Row(1, Shared, Carol, "FullAccess", "SendOnBehalf") }, sink, CancellationToken.None);

            Assert.Empty(sink.Objects);
            Assert.Equal(new[] { (Shared, "Grant FullAccess to carol@contoso.com"), (Shared, "Grant SendOnBehalf to carol@contoso.com") }, sink.ShouldProcessCalls.ToArray());
            Assert.Empty(s.Org.AdminCommands);
        }
    }
}
