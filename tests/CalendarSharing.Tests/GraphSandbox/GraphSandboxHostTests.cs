using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text.Json;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    public sealed class GraphSandboxHostTests
    {
        [Fact]
        public async Task Graph_and_the_token_endpoint_are_served_by_path_over_real_TLS()
        {
            var org = CloudOrg();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            var pinned = host.Certificate.GetCertHashString();
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == pinned,
                },
            };
            using var login = new HttpClient(handler, disposeHandler: false);
            Assert.Equal(new Uri(host.BaseAddress, "/v1.0/"), host.GraphBaseUrl);

            var (tokenResponse, token) = await TokenEndpointTests.PostFormAsync(login, host.TokenEndpoint, new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = SandboxOrganization.SandboxAppClientId,
                ["client_secret"] = SandboxOrganization.SandboxAppSecret,
                ["scope"] = "https://graph.microsoft.com/.default",
            });
            Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);

            using var http = new HttpClient(handler) { BaseAddress = host.GraphBaseUrl };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
            var list = await GetOkAsync(http, PermissionsUrl("alice@contoso.com"));
            Assert.StartsWith(host.GraphBaseUrl.AbsoluteUri + "$metadata#", list.GetProperty("@odata.context").GetString());

            // A permission id holds '/', '+' and '=': percent-encoded in the path, it must survive Kestrel.
            var carol = Find(list, "carol@contoso.com").GetProperty("id").GetString()!;
            Assert.True(carol.IndexOfAny(new[] { '/', '+', '=' }) >= 0, carol);
            var (patched, json) = await SendAsync(http, HttpMethod.Patch, PermissionUrl("alice@contoso.com", carol), "{\"role\":\"limitedRead\"}");
            Assert.True(patched.StatusCode == HttpStatusCode.OK, json.ToString());
            Assert.Contains("carol@contoso.com=FreeBusyTimeAndSubjectAndLocation", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));
        }
    }
}
