using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Ews;
using CalendarSharing.Ews.Autodiscover;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;
using CalendarSharing.Tests.Support;
using Xunit;
using static CalendarSharing.Core.Diagnostics.ConnectionDiagnostics;

namespace CalendarSharing.Tests.Connect
{
    /// <summary>The checklist against sandbox hosts built to fail one check each, over real sockets.</summary>
    public class ConnectionDiagnosticsTests
    {
        private static EwsConnectionOptions Template(SandboxHost host, string user = "CONTOSO\\alice", string password = "Sandbox!Alice1", bool pin = true)
        {
            var pinned = host.Certificate.GetCertHashString();
            return new EwsConnectionOptions
            {
                Credential = new NetworkCredential(user, password),
                Authentication = EwsAuthentication.Default,
                ServerCertificateValidation = pin ? (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == pinned : null,
            };
        }

        private static async Task<Dictionary<string, ConnectionCheck>> RunAsync(IConnectionProbe probe, DiagnosticsRequest request)
        {
            var sink = new RecordingSink();
            var returned = await new ConnectionDiagnostics(probe).RunAsync(request, sink, CancellationToken.None);
            var written = sink.Objects.Cast<ConnectionCheck>().ToList();
            Assert.Equal(returned, written);
            Assert.Equal(
                new[] { Autodiscover, Reachable, Tls, Certificate, AuthenticationMethods, SignIn, EwsEnabled, ExchangeVersion, MailboxRights, GraphPermissions },
                written.Select(c => c.Name).ToArray());
            return written.ToDictionary(c => c.Name);
        }

        private static async Task<Dictionary<string, ConnectionCheck>> RunOnHostAsync(SandboxHost host, EwsConnectionOptions template, string? mailbox = "alice@contoso.com", bool skip = false) =>
            await RunAsync(new EwsConnectionProbe(template, null, null), new DiagnosticsRequest { EwsUrl = host.EwsUrl, Mailbox = mailbox, SkipCertificateCheck = skip });

        [Fact]
        public async Task A_healthy_server_found_by_autodiscover_passes_every_check()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            await lab.AddSettingsAsync("https://autodiscover.contoso.com");
            var options = lab.Options();
            var template = Template(lab.Ews); // Default: sign-in tries Negotiate, then NTLM

            var checks = await RunAsync(new EwsConnectionProbe(template, options, "alice@contoso.com"), new DiagnosticsRequest { Mailbox = "alice@contoso.com" });

            Assert.All(checks.Values.Where(c => c.Name != GraphPermissions), c => Assert.True(c.Result == ConnectionCheckResult.Pass, c.ToString()));
            Assert.Contains(lab.Ews.EwsUrl.ToString(), checks[Autodiscover].Detail);
            Assert.Contains("TLS 1.", checks[Tls].Detail);
            Assert.Equal("offered: Negotiate, NTLM, Basic", checks[AuthenticationMethods].Detail);
            Assert.Equal("Negotiate worked", checks[SignIn].Detail); // Default tries Negotiate first: NTLM inside SPNEGO, as Exchange
            Assert.StartsWith("Exchange 2019 or SE (15.2.", checks[ExchangeVersion].Detail);
            Assert.Equal(ConnectionCheckResult.Skipped, checks[GraphPermissions].Result);
            Assert.Contains("needs an online connection", checks[GraphPermissions].Detail);
        }

        [Fact]
        public async Task Ews_turned_off_fails_ews_enabled_with_advice()
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0", new SandboxEndpointOptions { EwsEnabled = false });

            var checks = await RunOnHostAsync(host, Template(host));

            Assert.Equal(ConnectionCheckResult.Pass, checks[SignIn].Result);
            Assert.Equal(ConnectionCheckResult.Fail, checks[EwsEnabled].Result);
            Assert.Contains("403", checks[EwsEnabled].Detail);
            Assert.Contains("EwsEnabled $true", checks[EwsEnabled].Advice);
            Assert.Equal(ConnectionCheckResult.Skipped, checks[ExchangeVersion].Result);
        }

        [Fact]
        public async Task An_untrusted_certificate_fails_and_nothing_is_sent_unless_skipped()
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");

            var checks = await RunOnHostAsync(host, Template(host, pin: false));
            Assert.Equal(ConnectionCheckResult.Pass, checks[Tls].Result);
            Assert.Equal(ConnectionCheckResult.Fail, checks[Certificate].Result);
            Assert.Contains("not issued by a trusted authority", checks[Certificate].Detail);
            Assert.Contains("-SkipCertificateCheck", checks[Certificate].Advice);
            Assert.Equal(ConnectionCheckResult.Skipped, checks[SignIn].Result);

            var template = Template(host, pin: false);
            template.SkipCertificateCheck = true;
            var skipped = await RunOnHostAsync(host, template, skip: true);
            Assert.Equal(ConnectionCheckResult.Warn, skipped[Certificate].Result);
            Assert.Equal(ConnectionCheckResult.Pass, skipped[SignIn].Result);
        }

        [Fact]
        public async Task An_old_server_version_is_a_warning()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { ServerVersion = SandboxServerVersion.Exchange2013 });
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");

            var checks = await RunOnHostAsync(host, Template(host));

            Assert.Equal(ConnectionCheckResult.Warn, checks[ExchangeVersion].Result);
            Assert.Contains("Exchange 2013 (15.0.1497.2", checks[ExchangeVersion].Detail);
            Assert.Contains("older than Exchange 2016", checks[ExchangeVersion].Detail);
        }

        [Fact]
        public async Task No_rights_on_the_mailbox_fail_with_both_ways_named()
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");

            var checks = await RunOnHostAsync(host, Template(host, "CONTOSO\\bob", "Sandbox!Bob1"), mailbox: "alice@contoso.com");

            Assert.Equal(ConnectionCheckResult.Fail, checks[MailboxRights].Result);
            Assert.True(checks[MailboxRights].Detail.Contains("impersonating refused (ErrorImpersonateUserDenied)", StringComparison.Ordinal), checks[MailboxRights].Detail);
            Assert.Contains("impersonating refused (ErrorImpersonateUserDenied)", checks[MailboxRights].Detail);
            Assert.Contains("ApplicationImpersonation", checks[MailboxRights].Advice);

            var admin = await RunOnHostAsync(host, Template(host, "CONTOSO\\admin", "Sandbox!Admin1"), mailbox: "alice@contoso.com");
            Assert.Equal(ConnectionCheckResult.Pass, admin[MailboxRights].Result);
        }

        [Fact]
        public async Task A_wrong_password_fails_sign_in_naming_user_and_server_never_the_password()
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");

            var checks = await RunOnHostAsync(host, Template(host, password: "Wrong-Secret-42"));

            Assert.Equal(ConnectionCheckResult.Fail, checks[SignIn].Result);
            Assert.Contains("CONTOSO\\alice", checks[SignIn].Detail);
            Assert.Contains("127.0.0.1:" + host.BaseAddress.Port, checks[SignIn].Detail);
            Assert.DoesNotContain(checks.Values, c => (c.Detail + c.Advice).Contains("Wrong-Secret-42", StringComparison.Ordinal));
            Assert.Equal(ConnectionCheckResult.Skipped, checks[EwsEnabled].Result);
        }

        [Fact]
        public async Task Basic_only_servers_are_a_warning_and_refuse_ntlm()
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0", new SandboxEndpointOptions { AuthenticationSchemes = new[] { "Basic" } });

            var checks = await RunOnHostAsync(host, Template(host));

            Assert.Equal(ConnectionCheckResult.Warn, checks[AuthenticationMethods].Result);
            Assert.Equal(ConnectionCheckResult.Fail, checks[SignIn].Result); // Basic is never tried unless asked for
        }

        [Fact]
        public async Task An_unreachable_server_fails_reachable()
        {
            var checks = await RunAsync(
                new EwsConnectionProbe(new EwsConnectionOptions { Credential = new NetworkCredential("CONTOSO\\alice", "x") }, null, null),
                new DiagnosticsRequest { EwsUrl = new Uri("https://127.0.0.1:1/EWS/Exchange.asmx") });

            Assert.Equal(ConnectionCheckResult.Fail, checks[Reachable].Result);
            Assert.Equal(ConnectionCheckResult.Skipped, checks[Tls].Result);
        }

        [Fact]
        public async Task Failed_autodiscover_without_a_url_fails_and_skips_the_rest()
        {
            await using var lab = await AutodiscoverLab.StartAsync();
            var options = lab.Options();

            var checks = await RunAsync(new EwsConnectionProbe(options.Connection, options, "alice@contoso.com"), new DiagnosticsRequest { Mailbox = "alice@contoso.com" });

            Assert.Equal(ConnectionCheckResult.Fail, checks[Autodiscover].Result);
            Assert.Contains("-EwsUrl", checks[Autodiscover].Advice);
            Assert.All(checks.Values.Skip(1), c => Assert.Equal(ConnectionCheckResult.Skipped, c.Result));
        }

        /// <summary>
        /// A server offering only TLS 1.1. On Linux, OpenSSL's default security level usually refuses to speak TLS 1.0/1.1
        /// on either side, so the host may not even complete such a handshake; what is asserted holds either way: our
        /// client offers TLS 1.2+ only, the check fails naming TLS, and no credentials are sent.
        /// </summary>
        [Fact]
        public async Task A_tls_1_1_only_server_fails_the_tls_check_and_our_client_refuses_it()
        {
            var org = SandboxOrganization.Create();
#pragma warning disable SYSLIB0039
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0", new SandboxEndpointOptions { TlsProtocols = SslProtocols.Tls11 });
#pragma warning restore SYSLIB0039

            var checks = await RunOnHostAsync(host, Template(host));
            Assert.Equal(ConnectionCheckResult.Pass, checks[Reachable].Result);
            Assert.Equal(ConnectionCheckResult.Fail, checks[Tls].Result);
            Assert.Contains("TLS 1.2", checks[Tls].Detail);
            Assert.Equal(ConnectionCheckResult.Skipped, checks[SignIn].Result);

            var options = Template(host);
            options.Url = host.EwsUrl;
            options.Authentication = EwsAuthentication.Basic;
            using var backend = new EwsCalendarBackend(options);
            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));
            Assert.Equal(BackendErrorCode.Connection, ex.Error.Code);
            Assert.Contains("TLS", ex.Message);
            Assert.Equal(0, org.RequestCounts.Values.Sum());
        }
    }
}
