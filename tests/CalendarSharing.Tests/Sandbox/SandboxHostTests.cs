using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Threading.Tasks;
using CalendarSharing.SandboxServer;
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
    }
}
