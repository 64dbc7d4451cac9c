using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;
using Xunit;

namespace CalendarSharing.Tests.Ews
{
    /// <summary>Our default transport (HttpClientHandler: TLS, certificate check) against the sandbox over real sockets.</summary>
    public class EwsSandboxHostTests
    {
        private static SandboxOrganization Org()
        {
            EwsWireTests.Validator();
            return SandboxOrganization.Create(new SandboxOptions { StrictValidation = true });
        }

        private static EwsConnectionOptions Options(Uri url, EwsAuthentication auth, string user, string password) =>
            new EwsConnectionOptions
            {
                Url = url,
                Credential = new NetworkCredential(user, password),
                Authentication = auth,
                Kind = ConnectionKind.Sandbox,
                Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) },
            };

        [Fact]
        public async Task Basic_over_real_tls_with_a_pinned_certificate()
        {
            var org = Org();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            var pinned = host.Certificate.GetCertHashString();
            var options = Options(host.EwsUrl, EwsAuthentication.Basic, "admin@contoso.com", "Sandbox!Admin1");
            options.ServerCertificateValidation = (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == pinned;
            using var backend = new EwsCalendarBackend(options);
            await backend.ConnectAsync(CancellationToken.None);
            Assert.Contains("V2017_07_11", backend.Info.ServerVersion);
            var read = await backend.GetPermissionsAsync(new[] { CalendarAddress.Parse("hans@contoso.com") }, CancellationToken.None);
            Assert.True(read[0].IsSuccess, read[0].ToString());
            Assert.Equal("Kalender", read[0].Value!.CalendarName);
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task An_untrusted_certificate_is_a_connection_error()
        {
            var org = Org();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            var options = Options(host.EwsUrl, EwsAuthentication.Basic, "admin@contoso.com", "Sandbox!Admin1");
            options.Retry = new RetryOptions { MaxAttempts = 8, BaseDelay = TimeSpan.FromSeconds(1) };
            var trace = new System.Collections.Concurrent.ConcurrentQueue<string>();
            options.Trace = trace.Enqueue;
            using var backend = new EwsCalendarBackend(options);
            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));
            Assert.Equal(BackendErrorCode.Connection, ex.Error.Code);
            Assert.Contains("127.0.0.1", ex.Message);
            Assert.DoesNotContain("Sandbox!Admin1", ex.ToString());
            Assert.Contains("TLS", ex.Message);
            // An untrusted certificate is not retried, however generous the retry budget: one attempt, no retry line.
            Assert.Single(trace, t => t.Contains("request attempt"));
            Assert.DoesNotContain(trace, t => t.Contains(" retry "));
        }

        // NTLM through the default handler, right and wrong password: Connect/NtlmServerTests.
    }
}
