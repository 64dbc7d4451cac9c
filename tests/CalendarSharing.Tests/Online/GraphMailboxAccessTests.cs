using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// Grant-, Revoke- and Get-MailboxAccess on an Exchange Online (Graph) connection: the connection runs the Exchange
    /// cmdlets itself, through the sandbox's admin API, with an app token for the Exchange Online resource from the
    /// sandbox's token endpoint (no -ExchangeSession).
    /// </summary>
    public sealed class GraphMailboxAccessTests
    {
        private const string Shared = "alice@contoso.com";
        private const string Carol = "carol@contoso.com";

        private static MailboxAccessRequest Row(int n, string mailbox, string user, params string[] rights) =>
            new MailboxAccessRequest { Row = n, Mailbox = mailbox, User = user, AccessRights = rights, Source = $"row {n}" };

        private static Task<GraphSandboxSession> StartAsync() =>
            GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);

        private static async Task<RecordingSink> Run(Func<MailboxAccessRequest[], RecordingSink, Task> run, params MailboxAccessRequest[] rows)
        {
            var sink = new RecordingSink();
            await run(rows, sink);
            return sink;
        }

        [Fact]
        public async Task Sandbox_Graph_connection_grants_lists_and_revokes_mailbox_access_without_an_Exchange_session()
        {
            using var backend = BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Graph" });
            await backend.ConnectAsync(CancellationToken.None);
            var executor = Assert.IsAssignableFrom<IExchangeCommandExecutor>(backend);
            Assert.Equal(ExchangeFlavor.Online, executor.Flavor);
            var commands = new MailboxAccessCommands(executor, backend, backend as IDelegateBackend);

            var granted = await Run((r, s) => commands.GrantAsync(r, s, CancellationToken.None), Row(1, Shared, Carol, "FullAccess", "SendAs", "SendOnBehalf"));
            Assert.Empty(granted.Errors);
            Assert.All(granted.OfType<MailboxAccessResult>(), r => Assert.Equal(ShareAction.Added, r.Action));
            Assert.Equal(3, granted.OfType<MailboxAccessResult>().Count());

            var listed = await Run((r, s) => commands.GetAsync(r, s, CancellationToken.None), new MailboxAccessRequest { Mailbox = Shared, User = Carol });
            Assert.Empty(listed.Errors);
            var kinds = listed.OfType<MailboxAccessGrant>().Select(g => g.Kind).ToList();
            Assert.Contains(MailboxAccessKind.FullAccess, kinds);
            Assert.Contains(MailboxAccessKind.SendAs, kinds);
            Assert.Contains(MailboxAccessKind.SendOnBehalf, kinds);
            Assert.Contains(MailboxAccessKind.FolderPermission, kinds); // carol's Reviewer, read through Graph

            var revoked = await Run((r, s) => commands.RevokeAsync(r, s, CancellationToken.None), Row(1, Shared, Carol, "FullAccess", "SendAs", "SendOnBehalf"));
            Assert.Empty(revoked.Errors);
            Assert.All(revoked.OfType<MailboxAccessResult>(), r => Assert.Equal(ShareAction.Removed, r.Action));

            var again = await Run((r, s) => commands.RevokeAsync(r, s, CancellationToken.None), Row(1, Shared, Carol, "FullAccess", "SendAs", "SendOnBehalf"));
            Assert.Empty(again.Errors);
            Assert.Equal(3, again.OfType<MailboxAccessResult>().Count());
            Assert.All(again.OfType<MailboxAccessResult>(), r => Assert.Equal(ShareAction.Unchanged, r.Action));
        }

        [Fact]
        public async Task Send_on_Behalf_keeps_other_grantees_and_the_token_is_for_the_Exchange_Online_resource()
        {
            using var s = await StartAsync();
            s.Org.GrantMailboxRight(Shared, "bob@contoso.com", SandboxMailboxRight.SendOnBehalf);
            s.Org.GrantMailboxRight(Shared, "marie@contoso.com", SandboxMailboxRight.SendOnBehalf);
            var commands = new MailboxAccessCommands(s.Backend, s.Backend);

            var granted = await Run((r, k) => commands.GrantAsync(r, k, CancellationToken.None), Row(1, Shared, Carol, "SendOnBehalf"));
            Assert.Empty(granted.Errors);
            Assert.Equal(new[] { "bob@contoso.com", "marie@contoso.com", Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendOnBehalf));

            var revoked = await Run((r, k) => commands.RevokeAsync(r, k, CancellationToken.None), Row(1, Shared, "bob@contoso.com", "SendOnBehalf"));
            Assert.Equal(ShareAction.Removed, Assert.Single(revoked.OfType<MailboxAccessResult>()).Action);
            Assert.Equal(new[] { "marie@contoso.com", Carol }, s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.SendOnBehalf));

            Assert.Equal(new[] { "Set-Mailbox", "Set-Mailbox" }, s.Org.AdminCommands.Select(c => c.Name).ToArray());
            var tokenRequests = s.Recorder.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal)).Select(r => r.Body ?? string.Empty).ToList();
            Assert.Contains(tokenRequests, b => b.Contains("scope=https%3A%2F%2Foutlook.office365.com%2F.default", StringComparison.Ordinal));
            Assert.Contains(s.Recorder.Requests, r => r.Method == HttpMethod.Post && r.Uri.AbsoluteUri == "https://sandbox.contoso.com/adminapi/beta/" + SandboxOrganization.TenantId + "/InvokeCommand");
        }

        [Fact]
        public async Task An_app_without_an_Exchange_role_is_AccessDenied_and_a_token_for_Graph_is_refused()
        {
            using (var s = await StartAsync())
            {
                s.Org.SetExchangeAdminRole(SandboxOrganization.SandboxAppClientId, false);
                var sink = await Run((r, k) => new MailboxAccessCommands(s.Backend).GrantAsync(r, k, CancellationToken.None), Row(1, Shared, Carol, "FullAccess"));
                Assert.Contains(sink.Errors, e => e.Kind == ErrorKind.PermissionDenied);
                Assert.Empty(s.Org.GetMailboxRightHolders(Shared, SandboxMailboxRight.FullAccess));
            }

            using (var s = await GraphSandboxSession.StartAsync(configure: o =>
            {
                o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl;
                o.ExchangeResource = new Uri("https://graph.microsoft.com/");
            }))
            {
                var sink = await Run((r, k) => new MailboxAccessCommands(s.Backend).GrantAsync(r, k, CancellationToken.None), Row(1, Shared, Carol, "FullAccess"));
                Assert.Contains(sink.Errors, e => e.Kind == ErrorKind.AuthenticationError);
                Assert.Empty(s.Org.AdminCommands);
            }
        }

        [Theory]
        [InlineData(GraphEnvironment.Global, "https://outlook.office365.com/.default", "https://outlook.office365.com/adminapi/beta/")]
        [InlineData(GraphEnvironment.USGov, "https://outlook.office365.us/.default", "https://outlook.office365.us/adminapi/beta/")]
        [InlineData(GraphEnvironment.USGovDoD, "https://webmail.apps.mil/.default", "https://webmail.apps.mil/adminapi/beta/")]
        [InlineData(GraphEnvironment.China, "https://partner.outlook.cn/.default", "https://partner.outlook.cn/adminapi/beta/")]
        public void The_admin_API_and_its_token_scope_follow_the_cloud(GraphEnvironment environment, string scope, string adminApi)
        {
            var options = new GraphConnectionOptions { SignIn = new GraphSignIn { Environment = environment } };
            Assert.Equal(scope, options.ExchangeScope);
            Assert.Equal(adminApi, options.AdminApiBaseUrl.AbsoluteUri);
        }
    }
}
