using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    public sealed class TokenEndpointTests
    {
        private const string ClientId = "0b6f6c1d-2a7e-4a53-8d8e-6f1c2b3a4d5e";

        [Fact]
        public async Task Client_secret_grant_issues_a_token_Graph_accepts()
        {
            var org = CloudOrg();
            using var http = new HttpClient(org.CreateHandler());

            var (response, json) = await PostFormAsync(http, org.TokenEndpoint, new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = SandboxOrganization.SandboxAppClientId,
                ["client_secret"] = SandboxOrganization.SandboxAppSecret,
                ["scope"] = "https://graph.microsoft.com/.default",
            });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
            Assert.InRange(json.GetProperty("expires_in").GetInt32(), 60, 3600);
            using var graph = Client(org, json.GetProperty("access_token").GetString());
            Assert.Equal("Calendar", (await GetOkAsync(graph, Url("users", "alice@contoso.com", "calendar"))).GetProperty("name").GetString());
        }

        [Fact]
        public async Task A_wrong_secret_is_refused_without_echoing_it_and_an_unknown_tenant_or_scope_is_refused()
        {
            var org = CloudOrg();
            org.RegisterApp(ClientId, "the-right-secret");
            using var http = new HttpClient(org.CreateHandler());
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = ClientId,
                ["client_secret"] = "Wrong!Secret-42",
                ["scope"] = "https://graph.microsoft.com/.default",
            };

            var (wrong, wrongJson) = await PostFormAsync(http, org.TokenEndpoint, form);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("invalid_client", wrongJson.GetProperty("error").GetString());
            Assert.StartsWith("AADSTS7000215:", wrongJson.GetProperty("error_description").GetString());
            Assert.Equal(7000215, wrongJson.GetProperty("error_codes")[0].GetInt32());
            Assert.DoesNotContain("Wrong!Secret-42", wrongJson.GetRawText());
            Assert.DoesNotContain("the-right-secret", wrongJson.GetRawText());

            form["client_secret"] = "the-right-secret";
            var (tenant, tenantJson) = await PostFormAsync(http, new Uri(org.LoginUrl, "fabrikam.onmicrosoft.com/oauth2/v2.0/token"), form);
            Assert.Equal(HttpStatusCode.BadRequest, tenant.StatusCode);
            Assert.StartsWith("AADSTS90002:", tenantJson.GetProperty("error_description").GetString());

            form["scope"] = "Calendars.ReadWrite";
            var (scope, scopeJson) = await PostFormAsync(http, org.TokenEndpoint, form);
            Assert.Equal(HttpStatusCode.BadRequest, scope.StatusCode);
            Assert.Equal("invalid_scope", scopeJson.GetProperty("error").GetString());

            // The tenant may be named by its domain too; a token for another resource is not a Graph token.
            form["scope"] = "https://outlook.office365.com/.default";
            var (outlook, outlookJson) = await PostFormAsync(http, new Uri(org.LoginUrl, SandboxOrganization.TenantDomain + "/oauth2/v2.0/token"), form);
            Assert.Equal(HttpStatusCode.OK, outlook.StatusCode);
            using var graph = Client(org, outlookJson.GetProperty("access_token").GetString());
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(graph, HttpMethod.Get, Url("users", "alice@contoso.com", "calendar"))).Response.StatusCode);
        }

        [Fact]
        public async Task An_app_registered_with_some_permissions_is_refused_the_rest_with_403_in_Graphs_shape()
        {
            var org = CloudOrg();
            org.RegisterApp(ClientId, "read-only-secret", "Calendars.Read");
            org.RegisterApp("7c2d9e1f-3b4a-4c5d-8e6f-0a1b2c3d4e5f", "no-permission-secret", Array.Empty<string>());
            using var http = new HttpClient(org.CreateHandler());
            async Task<HttpClient> SignInAsync(string clientId, string secret)
            {
                var (_, json) = await PostFormAsync(http, org.TokenEndpoint, new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = clientId,
                    ["client_secret"] = secret,
                    ["scope"] = "https://graph.microsoft.com/.default",
                });
                return Client(org, json.GetProperty("access_token").GetString());
            }

            var before = org.GetCalendarAcl("carol@contoso.com").Count;
            using var reader = await SignInAsync(ClientId, "read-only-secret");
            var calendar = await GetOkAsync(reader, Url("users", "carol@contoso.com", "calendar"));
            Assert.False(calendar.GetProperty("canEdit").GetBoolean());
            Assert.True(calendar.GetProperty("canViewPrivateItems").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(reader, HttpMethod.Get, PermissionsUrl("carol@contoso.com"))).Response.StatusCode);
            var (user, userJson) = await SendAsync(reader, HttpMethod.Get, Url("users", "carol@contoso.com"));
            Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
            Assert.Equal("Authorization_RequestDenied", ErrorCode(userJson));
            var (write, writeJson) = await SendAsync(reader, HttpMethod.Post, PermissionsUrl("carol@contoso.com"), "{\"emailAddress\":{\"address\":\"bob@contoso.com\"},\"role\":\"read\"}");
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
            Assert.Equal("ErrorAccessDenied", ErrorCode(writeJson));
            Assert.Equal(before, org.GetCalendarAcl("carol@contoso.com").Count);

            using var nothing = await SignInAsync("7c2d9e1f-3b4a-4c5d-8e6f-0a1b2c3d4e5f", "no-permission-secret");
            var (read, readJson) = await SendAsync(nothing, HttpMethod.Get, Url("users", "carol@contoso.com", "calendar"));
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
            Assert.Equal("ErrorAccessDenied", ErrorCode(readJson));

            // The seeded app and delegated tokens keep every right.
            using var app = AppClient(org);
            Assert.True((await GetOkAsync(app, Url("users", "carol@contoso.com", "calendar"))).GetProperty("canEdit").GetBoolean());
        }

        [Theory]
        [InlineData("RS256")]
        [InlineData("PS256")]
        public async Task A_certificate_client_assertion_signed_with_the_registered_key_issues_a_token(string algorithm)
        {
            var org = CloudOrg();
            using var certificate = CreateCertificate();
            org.RegisterApp(ClientId, X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)));
            using var http = new HttpClient(org.CreateHandler());

            var (response, json) = await PostFormAsync(http, org.TokenEndpoint, AssertionForm(Assertion(certificate, algorithm, org.TokenEndpoint.AbsoluteUri, DateTimeOffset.UtcNow.AddMinutes(10))));

            Assert.True(response.StatusCode == HttpStatusCode.OK, json.GetRawText());
            using var graph = Client(org, json.GetProperty("access_token").GetString());
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(graph, HttpMethod.Get, PermissionsUrl("carol@contoso.com"))).Response.StatusCode);
        }

        [Fact]
        public async Task An_assertion_shaped_as_MSAL_sends_it_is_accepted()
        {
            // As captured from Azure.Identity 1.21 / MSAL.NET 4.83: PS256, x5t#S256, nbf and exp as JSON strings,
            // the tenant named by its domain in the URL and in aud.
            var org = CloudOrg();
            using var certificate = CreateCertificate();
            org.RegisterApp(ClientId, X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)));
            using var http = new HttpClient(org.CreateHandler());
            var endpoint = new Uri(org.LoginUrl, SandboxOrganization.TenantDomain + "/oauth2/v2.0/token");

            var (response, json) = await PostFormAsync(http, endpoint, AssertionForm(Assertion(certificate, "PS256", endpoint.AbsoluteUri, DateTimeOffset.UtcNow.AddMinutes(10), msalShape: true)));

            Assert.True(response.StatusCode == HttpStatusCode.OK, json.GetRawText());
        }

        [Fact]
        public async Task Assertions_signed_by_another_key_expired_or_for_another_audience_are_refused()
        {
            var org = CloudOrg();
            using var registered = CreateCertificate();
            using var stranger = CreateCertificate();
            org.RegisterApp(ClientId, X509CertificateLoader.LoadCertificate(registered.Export(X509ContentType.Cert)));
            using var http = new HttpClient(org.CreateHandler());
            var later = DateTimeOffset.UtcNow.AddMinutes(10);

            var (signature, signatureJson) = await PostFormAsync(http, org.TokenEndpoint, AssertionForm(Assertion(stranger, "RS256", org.TokenEndpoint.AbsoluteUri, later, withThumbprint: false)));
            Assert.Equal(HttpStatusCode.Unauthorized, signature.StatusCode);
            Assert.StartsWith("AADSTS700027:", signatureJson.GetProperty("error_description").GetString());

            var (expired, expiredJson) = await PostFormAsync(http, org.TokenEndpoint, AssertionForm(Assertion(registered, "RS256", org.TokenEndpoint.AbsoluteUri, DateTimeOffset.UtcNow.AddMinutes(-30))));
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.StartsWith("AADSTS700024:", expiredJson.GetProperty("error_description").GetString());

            var (audience, _) = await PostFormAsync(http, org.TokenEndpoint, AssertionForm(Assertion(registered, "RS256", "https://login.microsoftonline.com/common/oauth2/v2.0/token", later)));
            Assert.Equal(HttpStatusCode.Unauthorized, audience.StatusCode);

            var tampered = Assertion(registered, "RS256", org.TokenEndpoint.AbsoluteUri, later);
            var parts = tampered.Split('.');
            var claims = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace(ClientId, SandboxOrganization.SandboxAppClientId);
            var (forged, _) = await PostFormAsync(http, org.TokenEndpoint, AssertionForm(parts[0] + "." + Base64Url(Encoding.UTF8.GetBytes(claims)) + "." + parts[2]));
            Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        }

        [Fact]
        public async Task The_managed_identity_endpoint_wants_the_Metadata_header()
        {
            var org = CloudOrg();
            using var http = new HttpClient(org.CreateHandler());
            var url = "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + Uri.EscapeDataString("https://graph.microsoft.com");

            var refused = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Metadata", "true");
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(SandboxOrganization.ManagedIdentityClientId, json.GetProperty("client_id").GetString());
            Assert.Equal("3599", json.GetProperty("expires_in").GetString());
            using var graph = Client(org, json.GetProperty("access_token").GetString());
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(graph, HttpMethod.Get, Url("users", "marie@contoso.com", "calendar"))).Response.StatusCode);
        }

        internal static X509Certificate2 CreateCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=CalendarSharing test app", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }

        /// <summary>A client assertion as MSAL builds it (RFC 7523): x5t header, aud = token endpoint, iss = sub = client id.</summary>
        internal static string Assertion(X509Certificate2 certificate, string algorithm, string audience, DateTimeOffset expires, bool withThumbprint = true, string clientId = ClientId, bool msalShape = false)
        {
            var thumbprint = msalShape
                ? ",\"x5t#S256\":\"" + Base64Url(SHA256.HashData(certificate.RawData)) + "\""
                : ",\"x5t\":\"" + Base64Url(certificate.GetCertHash()) + "\"";
            var header = "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"" + (withThumbprint ? thumbprint : string.Empty) + "}";
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var quote = msalShape ? "\"" : string.Empty; // MSAL.NET 4.83 writes nbf and exp as strings
            var payload = "{\"aud\":\"" + audience + "\",\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId + "\",\"jti\":\"" + Guid.NewGuid() +
                "\",\"nbf\":" + quote + (now - 60) + quote + ",\"exp\":" + quote + expires.ToUnixTimeSeconds() + quote + "}";
            var signed = Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(payload));
            using var key = certificate.GetRSAPrivateKey()!;
            var padding = algorithm == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            return signed + "." + Base64Url(key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, padding));
        }

        internal static Dictionary<string, string> AssertionForm(string assertion) => new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
            ["scope"] = "https://graph.microsoft.com/.default",
        };

        internal static async Task<(HttpResponseMessage Response, JsonElement Json)> PostFormAsync(HttpClient http, Uri url, Dictionary<string, string> form)
        {
            var response = await http.PostAsync(url, new FormUrlEncodedContent(form));
            var text = await response.Content.ReadAsStringAsync();
            return (response, JsonDocument.Parse(text).RootElement.Clone());
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static byte[] Base64UrlDecode(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
        }
    }
}
