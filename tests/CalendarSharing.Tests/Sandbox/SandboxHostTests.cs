using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Threading.Tasks;
using CalendarSharing.SandboxServer;
using CalendarSharing.Tests.Support;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class SandboxHostTests
    {
        [Fact]
        public async Task GetFolder_with_Basic_over_real_TLS_pinned_to_the_host_certificate()
        {
            var org = CreateOrg();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            Assert.NotEqual(0, host.BaseAddress.Port);
            var pinned = host.Certificate.GetCertHashString();
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == pinned,
                },
            };
            using var client = new HttpClient(handler) { BaseAddress = host.EwsUrl };

            client.DefaultRequestHeaders.Authorization = null;
            var (unauthorized, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            Assert.Equal(3, unauthorized.Headers.WwwAuthenticate.Count);

            client.DefaultRequestHeaders.Authorization = Basic("hans@contoso.com", "Sandbox!Hans1");
            var message = Messages(await CallAsync(client, GetCalendarBody(null))).Single();

            Assert.Equal("Success", Class(message));
            Assert.Equal("Kalender", FolderName(message));
            Assert.Contains("marie@contoso.com=FreeBusyTimeAndSubjectAndLocation", Levels(message));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Ntlm_authenticates_the_tcp_connection_not_the_client()
        {
            var org = CreateOrg();
            await using var host = await SandboxHost.StartAsync(org, "http://127.0.0.1:0");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = host.EwsUrl };

            using var ntlm = new NtlmClient("marie", "Sandbox!Marie1", "CONTOSO");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", ntlm.Negotiate());
            var (challenge, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));
            Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
            Assert.StartsWith("TlRMTVNTUA", challenge.Headers.WwwAuthenticate.Single().Parameter); // base64 of "NTLMSSP"

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("NTLM", ntlm.Authenticate(challenge.Headers.WwwAuthenticate.Single().Parameter!));
            Assert.Equal("Calendrier", FolderName(Messages(await CallAsync(client, GetCalendarBody(null))).Single()));

            // Same keep-alive connection: still marie without a header. A new connection is anonymous again.
            client.DefaultRequestHeaders.Authorization = null;
            Assert.Equal("Calendrier", FolderName(Messages(await CallAsync(client, GetCalendarBody(null))).Single()));
            using var other = new HttpClient() { BaseAddress = host.EwsUrl };
            var (anonymous, _) = await PostAsync(other, Envelope(GetCalendarBody(null)));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            AssertNoViolations(org);
        }
    }
}
