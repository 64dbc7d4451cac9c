using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Engine
{
    /// <summary>The same scenarios over real sockets: the sandbox on Kestrel with TLS, our client with real credentials.</summary>
    public class KestrelTlsTests
    {
        private static async Task<(SandboxOrganization Org, SandboxHost Host)> StartAsync()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { StrictValidation = true, SchemaDirectory = SandboxSession.SchemaDirectory });
            var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            return (org, host);
        }

        private static EwsCalendarBackend Client(SandboxHost host, string user, string password, EwsAuthentication auth) =>
            new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = host.EwsUrl,
                Credential = new NetworkCredential(user, password),
                Authentication = auth,
                // Pin the sandbox's self-signed certificate: validation stays on, only this certificate is trusted.
                ServerCertificateValidation = (_, cert, _, _) => cert != null && cert.GetCertHashString() == host.Certificate.GetCertHashString(),
            });

        [Fact]
        public async Task Owner_manages_her_own_calendar_over_tls_with_basic()
        {
            var (org, host) = await StartAsync();
            await using var _ = host;
            using var backend = Client(host, "alice@contoso.com", "Sandbox!Alice1", EwsAuthentication.Basic);
            await backend.ConnectAsync(CancellationToken.None);
            Assert.Equal(ConnectionKind.Ews, backend.Info.Kind);
            Assert.False(string.IsNullOrEmpty(backend.Info.ServerVersion));
            var commands = new CalendarPermissionCommands(backend);

            var set = new RecordingSink();
            await commands.SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "LimitedDetails" } }, set, CancellationToken.None);
            Assert.Empty(set.Errors);
            Assert.Equal(ShareAction.Added, Assert.Single(set.OfType<CalendarShareResult>()).Action);

            var get = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" } }, get, CancellationToken.None);
            Assert.Contains(get.OfType<CalendarPermission>(), p => p.User == "bob@contoso.com" && p.Role == CalendarRole.LimitedDetails);

            var remove = new RecordingSink();
            await commands.RemoveAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com" } }, remove, CancellationToken.None);
            Assert.Equal(ShareAction.Removed, Assert.Single(remove.OfType<CalendarShareResult>()).Action);

            // Alice is no admin: bob's calendar is refused, with advice.
            var denied = new RecordingSink();
            await commands.SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "bob@contoso.com", User = "carol@contoso.com", Role = "Reviewer" } }, denied, CancellationToken.None);
            Assert.Equal("AccessDenied", Assert.Single(denied.Errors).ErrorId);
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task Admin_with_ntlm_over_tls_reads_the_german_mailbox()
        {
            var (org, host) = await StartAsync();
            await using var _ = host;
            using var backend = Client(host, "CONTOSO\\admin", "Sandbox!Admin1", EwsAuthentication.Ntlm);
            await backend.ConnectAsync(CancellationToken.None);

            var get = new RecordingSink();
            await new CalendarPermissionCommands(backend).GetAsync(new[] { new ShareRequest { Mailbox = "hans@contoso.com:\\Kalender" } }, get, CancellationToken.None);

            Assert.Empty(get.Errors);
            Assert.Contains(get.OfType<CalendarPermission>(), p => p.User == "marie@contoso.com" && p.Calendar == "Kalender");
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task A_wrong_password_names_the_user_and_server_but_never_the_password()
        {
            var (_, host) = await StartAsync();
            await using var __ = host;
            using var backend = Client(host, "alice@contoso.com", "Wrong-Secret-42", EwsAuthentication.Basic);

            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));

            Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
            Assert.Contains("alice@contoso.com", ex.Message);
            Assert.Contains("127.0.0.1", ex.Message);
            Assert.DoesNotContain("Wrong-Secret-42", ex.ToString());
        }

        [Fact]
        public async Task An_untrusted_certificate_is_refused()
        {
            var (_, host) = await StartAsync();
            await using var __ = host;
            using var backend = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = host.EwsUrl,
                Credential = new NetworkCredential("alice@contoso.com", "Sandbox!Alice1"),
                Authentication = EwsAuthentication.Basic,
            });

            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));
            Assert.Equal(BackendErrorCode.Connection, ex.Error.Code);
        }
    }
}
