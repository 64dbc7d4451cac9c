using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using CalendarSharing.Sandbox.Graph;

namespace CalendarSharing.Sandbox.Identity
{
    /// <summary>
    /// The sandbox tenant's Entra endpoints, routed by path so they work on any host (login.sandbox.contoso.com in
    /// process, 127.0.0.1:PORT on SandboxHost): the v2.0 token endpoint (client credentials with a client secret or a
    /// certificate client_assertion), MSAL's instance discovery and OpenID metadata, and the IMDS managed-identity
    /// endpoint. Errors use Entra's shape: {"error","error_description":"AADSTSnnnn: ...","error_codes":[n],...}.
    /// </summary>
    internal sealed class TokenEndpoint
    {
        private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        private static readonly Regex TokenPath = new Regex(@"^/([^/]+)/oauth2/v2\.0/token/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex DiscoveryPath = new Regex(@"^/([^/]+)/discovery/instance/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex OpenIdPath = new Regex(@"^/([^/]+)/v2\.0/\.well-known/openid-configuration/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private const string ImdsPath = "/metadata/identity/oauth2/token";

        private readonly SandboxOrganization org;

        public TokenEndpoint(SandboxOrganization org)
        {
            this.org = org;
        }

        public static bool Matches(string path) =>
            TokenPath.IsMatch(path) || DiscoveryPath.IsMatch(path) || OpenIdPath.IsMatch(path) ||
            string.Equals(path, ImdsPath, StringComparison.OrdinalIgnoreCase);

        public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request)
        {
            var uri = request.RequestUri!;
            var path = uri.AbsolutePath;
            var authority = uri.GetLeftPart(UriPartial.Authority);
            if (string.Equals(path, ImdsPath, StringComparison.OrdinalIgnoreCase))
            {
                org.CountRequest("Identity:Imds");
                return Imds(request);
            }

            var match = TokenPath.Match(path);
            if (match.Success)
            {
                org.CountRequest("Identity:Token");
                if (request.Method != HttpMethod.Post)
                {
                    return OAuthError(HttpStatusCode.BadRequest, "invalid_request", 900561, "The endpoint only accepts POST requests. Received a " + request.Method.Method + " request.");
                }

                var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync().ConfigureAwait(false);
                return Token(Uri.UnescapeDataString(match.Groups[1].Value), path, ParseForm(body));
            }

            match = DiscoveryPath.Match(path);
            if (match.Success)
            {
                org.CountRequest("Identity:Discovery");
                var host = uri.Authority;
                return Json(HttpStatusCode.OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("tenant_discovery_endpoint", authority + "/" + org.TenantSegmentOrCommon(match.Groups[1].Value) + "/v2.0/.well-known/openid-configuration");
                    w.WriteString("api-version", "1.1");
                    w.WriteStartArray("metadata");
                    w.WriteStartObject();
                    w.WriteString("preferred_network", host);
                    w.WriteString("preferred_cache", host);
                    w.WriteStartArray("aliases");
                    w.WriteStringValue(host);
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }

            match = OpenIdPath.Match(path);
            org.CountRequest("Identity:OpenIdConfiguration");
            var tenant = Uri.UnescapeDataString(match.Groups[1].Value);
            if (!org.IsTenant(tenant) && !IsCommon(tenant))
            {
                return OAuthError(HttpStatusCode.BadRequest, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found.");
            }

            var tenantId = IsCommon(tenant) ? "{tenantid}" : SandboxOrganization.TenantId;
            return Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("token_endpoint", authority + "/" + tenant + "/oauth2/v2.0/token");
                w.WriteString("authorization_endpoint", authority + "/" + tenant + "/oauth2/v2.0/authorize");
                w.WriteString("device_authorization_endpoint", authority + "/" + tenant + "/oauth2/v2.0/devicecode");
                w.WriteString("issuer", authority + "/" + tenantId + "/v2.0");
                w.WriteStartArray("token_endpoint_auth_methods_supported");
                w.WriteStringValue("client_secret_post");
                w.WriteStringValue("private_key_jwt");
                w.WriteEndArray();
                w.WriteString("tenant_region_scope", "EU");
                w.WriteEndObject();
            });
        }

        private HttpResponseMessage Token(string tenant, string path, IReadOnlyDictionary<string, string> form)
        {
            if (!org.IsTenant(tenant))
            {
                return OAuthError(HttpStatusCode.BadRequest, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
            }

            form.TryGetValue("grant_type", out var grant);
            if (!string.Equals(grant, "client_credentials", StringComparison.Ordinal))
            {
                return OAuthError(HttpStatusCode.BadRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + (grant ?? string.Empty) + "'. The sandbox supports client_credentials.");
            }

            form.TryGetValue("client_id", out var clientIdParameter);
            form.TryGetValue("client_secret", out var secret);
            form.TryGetValue("client_assertion", out var assertion);
            form.TryGetValue("client_assertion_type", out var assertionType);

            string clientId;
            if (assertion != null)
            {
                if (!string.Equals(assertionType, AssertionType, StringComparison.Ordinal))
                {
                    return OAuthError(HttpStatusCode.BadRequest, "invalid_request", 50027, "client_assertion_type must be " + AssertionType + ".");
                }

                var proven = ClientAssertion.Verify(assertion, clientIdParameter, path, org.FindApp, out var failure);
                if (proven == null)
                {
                    var status = failure!.Code == 700016 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized;
                    return OAuthError(status, failure.Code == 700016 ? "unauthorized_client" : "invalid_client", failure.Code, failure.Description);
                }

                clientId = proven;
            }
            else
            {
                if (string.IsNullOrEmpty(clientIdParameter))
                {
                    return OAuthError(HttpStatusCode.BadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
                }

                var app = org.FindApp(clientIdParameter!);
                if (app == null || app.IsManagedIdentity)
                {
                    return OAuthError(HttpStatusCode.BadRequest, "unauthorized_client", 700016, "Application with identifier '" + clientIdParameter + "' was not found in the directory '" + SandboxOrganization.TenantDomain + "'.");
                }

                if (secret == null)
                {
                    return OAuthError(HttpStatusCode.Unauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
                }

                // Never echo the secret: Entra's text names only the app.
                if (!app.HasSecret(secret))
                {
                    return OAuthError(HttpStatusCode.Unauthorized, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + app.ClientId + "'.");
                }

                clientId = app.ClientId;
            }

            form.TryGetValue("scope", out var scope);
            if (string.IsNullOrWhiteSpace(scope))
            {
                return OAuthError(HttpStatusCode.BadRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
            }

            var scopes = scope!.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (scopes.Length != 1 || !scopes[0].EndsWith("/.default", StringComparison.Ordinal))
            {
                return OAuthError(HttpStatusCode.BadRequest, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
            }

            var audience = scopes[0].Substring(0, scopes[0].Length - "/.default".Length);
            return Issued(clientId, audience, forImds: false);
        }

        // IMDS (Azure VMs, Automation, App Service's IMDS-compatible endpoint): GET with Metadata: true.
        private HttpResponseMessage Imds(HttpRequestMessage request)
        {
            if (!request.Headers.TryGetValues("Metadata", out var values) || !values.Any(v => string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase)))
            {
                return ImdsError("invalid_request", "Required metadata header not specified");
            }

            if (request.Method != HttpMethod.Get)
            {
                return ImdsError("invalid_request", "Only GET is supported.");
            }

            var query = ParseForm(request.RequestUri!.Query.TrimStart('?'));
            if (!query.TryGetValue("resource", out var resource) || string.IsNullOrWhiteSpace(resource))
            {
                return ImdsError("invalid_request", "Required query variable 'resource' is missing");
            }

            // A user-assigned identity is named by client_id (object_id / msi_res_id are not modelled).
            var clientId = SandboxOrganization.ManagedIdentityClientId;
            if (query.TryGetValue("client_id", out var requested) && requested.Length > 0)
            {
                var app = org.FindApp(requested);
                if (app == null || !app.IsManagedIdentity)
                {
                    return ImdsError("invalid_request", "Identity not found");
                }

                clientId = app.ClientId;
            }

            return Issued(clientId, resource.TrimEnd('/'), forImds: true);
        }

        private HttpResponseMessage Issued(string clientId, string audience, bool forImds)
        {
            var expires = DateTimeOffset.UtcNow + SandboxOrganization.TokenLifetime;
            var token = org.Tokens.Issue(new IssuedToken(clientId, null, audience, expires));
            var seconds = (long)SandboxOrganization.TokenLifetime.TotalSeconds;
            return Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                if (forImds)
                {
                    // IMDS writes its numbers as strings.
                    w.WriteString("access_token", token);
                    w.WriteString("client_id", clientId);
                    w.WriteString("expires_in", seconds.ToString(CultureInfo.InvariantCulture));
                    w.WriteString("expires_on", expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
                    w.WriteString("ext_expires_in", seconds.ToString(CultureInfo.InvariantCulture));
                    w.WriteString("not_before", (expires.ToUnixTimeSeconds() - seconds).ToString(CultureInfo.InvariantCulture));
                    w.WriteString("resource", audience);
                    w.WriteString("token_type", "Bearer");
                }
                else
                {
                    w.WriteString("token_type", "Bearer");
                    w.WriteNumber("expires_in", seconds);
                    w.WriteNumber("ext_expires_in", seconds);
                    w.WriteString("access_token", token);
                }

                w.WriteEndObject();
            });
        }

        private static bool IsCommon(string tenant) =>
            string.Equals(tenant, "common", StringComparison.OrdinalIgnoreCase) || string.Equals(tenant, "organizations", StringComparison.OrdinalIgnoreCase);

        private static HttpResponseMessage OAuthError(HttpStatusCode status, string error, int code, string description)
        {
            var trace = Guid.NewGuid().ToString();
            var correlation = Guid.NewGuid().ToString();
            var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var full = "AADSTS" + code.ToString(CultureInfo.InvariantCulture) + ": " + description + " Trace ID: " + trace + " Correlation ID: " + correlation + " Timestamp: " + timestamp;
            return Json(status, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", error);
                w.WriteString("error_description", full);
                w.WriteStartArray("error_codes");
                w.WriteNumberValue(code);
                w.WriteEndArray();
                w.WriteString("timestamp", timestamp);
                w.WriteString("trace_id", trace);
                w.WriteString("correlation_id", correlation);
                w.WriteEndObject();
            });
        }

        private static HttpResponseMessage ImdsError(string error, string description) =>
            Json(HttpStatusCode.BadRequest, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", error);
                w.WriteString("error_description", description);
                w.WriteEndObject();
            });

        private static HttpResponseMessage Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
        {
            var content = new ByteArrayContent(GraphJson.Write(write));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            var response = new HttpResponseMessage(status) { Content = content };
            response.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true, NoCache = true };
            return response;
        }

        internal static Dictionary<string, string> ParseForm(string body)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in body.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var name = Decode(eq < 0 ? pair : pair.Substring(0, eq));
                var value = eq < 0 ? string.Empty : Decode(pair.Substring(eq + 1));
                result[name] = value;
            }

            return result;
        }

        private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }
}
