using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>Sign-in flows exercised against the sandbox's token endpoint, and the composition root's Graph paths.</summary>
    public sealed class GraphConnectTests
    {
        [Fact]
        public async Task Sandbox_with_the_Graph_backend_needs_no_tenant_and_reads_alice()
        {
            using var backend = BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Graph" });
            await backend.ConnectAsync(CancellationToken.None);
            Assert.IsType<GraphCalendarBackend>(backend);
            Assert.Equal(ConnectionKind.Sandbox, backend.Info.Kind);
            Assert.Equal("Graph", backend.Info.SourceName);
            Assert.StartsWith("https://graph.sandbox.contoso.com/v1.0", backend.Info.Endpoint);

            var sink = new RecordingSink();
            await new CalendarPermissionCommands(backend).GetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com" } }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.Contains(sink.OfType<CalendarPermission>(), p => p.User == "carol@contoso.com" && p.Role == CalendarRole.Reviewer && p.Source == "Graph");
        }

        [Fact]
        public async Task A_certificate_sign_in_sends_a_client_assertion_signed_by_that_certificate_to_the_token_endpoint()
        {
            using var cert = SignInTests.SelfSigned("CN=calendar-app");
            const string app = "11111111-2222-3333-4444-555555555555";
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud });
            org.RegisterApp(app, X509CertificateLoader.LoadCertificate(cert.Export(X509ContentType.Cert)));
            var recorder = new RecordingHandler(org.CreateHandler());
            var options = GraphSandboxSession.Options(org, recorder, new GraphSignIn { Kind = GraphSignInKind.ClientCertificate, TenantId = SandboxOrganization.TenantDomain, ClientId = app, Certificate = cert });
            using var backend = new GraphCalendarBackend(options);
            // The sandbox verifies the assertion's signature with the registered certificate: the sign-in must work.
            await backend.ConnectAsync(CancellationToken.None);
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(backend).GetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com" } }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.NotEmpty(sink.OfType<CalendarPermission>());

            var token = Assert.Single(recorder.Requests, r => r.Uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
            Assert.Equal("https://login.sandbox.contoso.com/contoso.onmicrosoft.com/oauth2/v2.0/token", token.Uri.ToString());
            var form = token.Body!.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
            Assert.Equal("client_credentials", form["grant_type"]);
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
            Assert.Equal("https://graph.sandbox.contoso.com/.default", form["scope"]);
            Assert.False(form.ContainsKey("client_secret"));

            var parts = form["client_assertion"].Split('.');
            using var header = System.Text.Json.JsonDocument.Parse(Base64Url(parts[0]));
            using var claims = System.Text.Json.JsonDocument.Parse(Base64Url(parts[1]));
            Assert.Equal("PS256", header.RootElement.GetProperty("alg").GetString()); // MSAL signs assertions with RSA-PSS
            Assert.Equal(token.Uri.ToString(), claims.RootElement.GetProperty("aud").GetString());
            Assert.Equal(app, claims.RootElement.GetProperty("iss").GetString());
            Assert.Equal(app, claims.RootElement.GetProperty("sub").GetString());
            using var rsa = cert.GetRSAPublicKey()!;
            Assert.True(rsa.VerifyData(
                System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
                Base64Url(parts[2]),
                System.Security.Cryptography.HashAlgorithmName.SHA256,
                System.Security.Cryptography.RSASignaturePadding.Pss));
        }

        private static byte[] Base64Url(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
        }

        [Fact]
        public async Task A_wrong_client_secret_is_an_authentication_error_that_does_not_contain_it()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud });
            var options = GraphSandboxSession.Options(org, org.CreateHandler(), new GraphSignIn
            {
                Kind = GraphSignInKind.ClientSecret,
                TenantId = SandboxOrganization.TenantId,
                ClientId = SandboxOrganization.SandboxAppClientId,
                ClientSecret = GraphSandboxSession.Secure("Wrong!Secret99"),
            });
            using var backend = new GraphCalendarBackend(options);
            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));
            Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
            Assert.DoesNotContain("Wrong!Secret99", ex.ToString());
            Assert.DoesNotContain(SandboxOrganization.SandboxAppSecret, ex.ToString());
        }

        [Fact]
        public async Task A_pre_acquired_token_is_sent_as_is_and_an_expired_one_is_an_authentication_error()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud });
            var recorder = new RecordingHandler(org.CreateHandler());
            using (var backend = new GraphCalendarBackend(GraphSandboxSession.Options(org, recorder, new GraphSignIn { Kind = GraphSignInKind.AccessToken, AccessToken = GraphSandboxSession.Secure(org.IssueGraphToken()) })))
            {
                await backend.ConnectAsync(CancellationToken.None);
                var read = await backend.GetPermissionsAsync(new[] { global::CalendarSharing.Core.Addressing.CalendarAddress.Default("alice@contoso.com") }, CancellationToken.None);
                Assert.True(read[0].IsSuccess, read[0].ToString());
                Assert.DoesNotContain(recorder.Requests, r => r.Uri.AbsolutePath.Contains("/oauth2/", StringComparison.Ordinal));
            }

            var expired = org.IssueGraphToken(lifetime: TimeSpan.FromMinutes(-5));
            using var stale = new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler(), new GraphSignIn { Kind = GraphSignInKind.AccessToken, AccessToken = GraphSandboxSession.Secure(expired) }));
            var ex = await Assert.ThrowsAsync<BackendException>(async () =>
            {
                await stale.ConnectAsync(CancellationToken.None);
                await stale.GetPermissionsAsync(new[] { global::CalendarSharing.Core.Addressing.CalendarAddress.Default("alice@contoso.com") }, CancellationToken.None);
            });
            Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
            Assert.DoesNotContain(expired, ex.ToString());
        }

        [Fact]
        public async Task A_managed_identity_gets_its_token_from_the_sandbox_IMDS_endpoint()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud });
            var recorder = new RecordingHandler(org.CreateHandler());
            using var backend = new GraphCalendarBackend(GraphSandboxSession.Options(org, recorder, new GraphSignIn { Kind = GraphSignInKind.ManagedIdentity }));
            await backend.ConnectAsync(CancellationToken.None);
            var read = await backend.GetPermissionsAsync(new[] { global::CalendarSharing.Core.Addressing.CalendarAddress.Default("alice@contoso.com") }, CancellationToken.None);
            Assert.True(read[0].IsSuccess, read[0].ToString());
            Assert.Contains(recorder.Requests, r => r.Uri.AbsolutePath == "/metadata/identity/oauth2/token");
        }

        [Fact]
        public void Connect_parameters_map_to_the_sign_in_kinds()
        {
            Assert.Equal(GraphSignInKind.ClientSecret, GraphBackendFactory.ToSignIn(new GraphConnectRequest { SignIn = "ClientSecret" }).Kind);
            Assert.Equal(GraphEnvironment.USGovDoD, GraphBackendFactory.ToSignIn(new GraphConnectRequest { SignIn = "ManagedIdentity", Environment = "usgovdod" }).Environment);
            Assert.Throws<ArgumentException>(() => GraphBackendFactory.ToSignIn(new GraphConnectRequest { SignIn = "ClientSecret", Environment = "Germany" }));
        }
    }
}
