using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Sandbox.Auth;
using CalendarSharing.Sandbox.Behaviour;

namespace CalendarSharing.Sandbox.AdminRest
{
    /// <summary>
    /// The Exchange Online admin API as the sandbox serves it (the REST endpoint the ExchangeOnlineManagement module v3
    /// uses, as observed from that module; Microsoft does not document its wire format): POST
    /// /adminapi/{beta|v1.0}/{tenant}/InvokeCommand with {"CmdletInput":{"CmdletName":…,"Parameters":{…}}}, bearer
    /// tokens the organisation issued (only the admin account may run cmdlets; anyone else gets the observed 403 with a
    /// non-JSON body), the json response envelope with @adminapi.warnings and @odata.type annotations, paging by
    /// Prefer: odata.maxpagesize with @odata.nextLink ($skiptoken), 429 with Retry-After past the concurrency limit,
    /// injected 503s, and the error envelope with details[0].message = "StringId|ExceptionType|Message".
    /// </summary>
    internal sealed class AdminRestEndpoint
    {
        public const string PathPrefix = "/adminapi/";
        private const string MoreResults = "There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.";
        private static readonly Regex Route = new Regex(@"^/adminapi/(beta|v1\.0)/([^/]+)/InvokeCommand$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>
        /// The Exchange Online resource per cloud (Connect-ExchangeOnline's environments:
        /// https://learn.microsoft.com/powershell/module/exchangepowershell/connect-exchangeonline).
        /// </summary>
        private static readonly HashSet<string> ExchangeAudiences = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "https://outlook.office365.com", "https://outlook.office365.us", "https://webmail.apps.mil", "https://partner.outlook.cn",
            "00000002-0000-0ff1-ce00-000000000000",
        };

        private readonly SandboxOrganization org;
        private readonly ExchangeCmdlets cmdlets;

        public AdminRestEndpoint(SandboxOrganization org)
        {
            this.org = org;
            cmdlets = new ExchangeCmdlets(org);
        }

        public static bool Matches(Uri? uri) => uri != null && uri.AbsolutePath.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase);

        public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var auth = request.Headers.Authorization;
            var caller = auth != null && string.Equals(auth.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && auth.Parameter != null
                ? Caller(auth.Parameter, request.RequestUri!)
                : null;
            if (caller == null)
            {
                var unauthorized = Empty(HttpStatusCode.Unauthorized);
                unauthorized.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer", "authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\""));
                return unauthorized;
            }

            var match = Route.Match(request.RequestUri!.AbsolutePath);
            if (!match.Success || !IsTenant(match.Groups[2].Value))
            {
                return Error(HttpStatusCode.NotFound, "NotFound", "The resource was not found.", null);
            }

            if (request.Method != HttpMethod.Post)
            {
                var notAllowed = Empty(HttpStatusCode.MethodNotAllowed);
                notAllowed.Content.Headers.Allow.Add("POST");
                return notAllowed;
            }

            if (!caller.MayRunCmdlets)
            {
                // Observed: the app role is there but no directory role: 403 and a body that is not JSON.
                return new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new ByteArrayContent(new byte[] { 0, 0, 0, 0 }) };
            }

            var body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return await org.Behaviour.RunAsync(
                SandboxProtocol.AdminApi,
                caller.Name,
                applyLatency: true,
                operation: "Admin:InvokeCommand",
                refusal =>
                {
                    if (refusal == Refusal.Throttled)
                    {
                        var throttled = Error((HttpStatusCode)429, "TooManyRequests", "Too many concurrent requests.", null);
                        throttled.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                        return throttled;
                    }

                    // Every injected fault is a 503 here, as the front door answers when the backend is unavailable.
                    var unavailable = Empty(HttpStatusCode.ServiceUnavailable);
                    unavailable.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                    return unavailable;
                },
                () => Task.FromResult(Invoke(request, body, match.Groups[1].Value, match.Groups[2].Value)),
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Who the bearer token stands for. Two kinds are accepted: the organisation's delegated tokens
        /// (<see cref="SandboxOrganization.IssueAccessToken"/>; only the admin account may run cmdlets), and tokens
        /// from the sandbox's token endpoint whose audience is the Exchange Online resource
        /// (https://outlook.office365.com and the national clouds' hosts, or the host the request came to), as
        /// Connect-ExchangeOnline -AppId gets them. An app token may run cmdlets when the app holds
        /// Exchange.ManageAsApp and an Exchange role (<see cref="SandboxOrganization.SetExchangeAdminRole"/>); else the
        /// observed 403. A Graph token, an expired one or an unknown one is 401.
        /// </summary>
        private AdminCaller? Caller(string token, Uri uri)
        {
            var account = org.Tokens.FindOnPremisesAccount(token);
            if (account != null)
            {
                return new AdminCaller(account.Address, string.Equals(account.Address, org.Admin.Address, StringComparison.OrdinalIgnoreCase));
            }

            var issued = org.Tokens.Find(token);
            if (issued == null || issued.ExpiresOn <= DateTimeOffset.UtcNow)
            {
                return null;
            }

            var audience = issued.Audience.TrimEnd('/');
            if (!ExchangeAudiences.Contains(audience) && !string.Equals(audience, uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return issued.User != null
                ? new AdminCaller(issued.User.Address, string.Equals(issued.User.Address, org.Admin.Address, StringComparison.OrdinalIgnoreCase))
                : new AdminCaller("app:" + issued.ClientId, org.ExchangeAdminAppSet.ContainsKey(issued.ClientId));
        }

        private sealed class AdminCaller
        {
            public AdminCaller(string name, bool mayRunCmdlets)
            {
                Name = name;
                MayRunCmdlets = mayRunCmdlets;
            }

            /// <summary>The throttling key: the user's address, or app:{client id}.</summary>
            public string Name { get; }

            public bool MayRunCmdlets { get; }
        }

        private HttpResponseMessage Invoke(HttpRequestMessage request, byte[] body, string version, string tenant)
        {
            string name;
            JsonElement parameters;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                return Error(HttpStatusCode.BadRequest, "BadRequest", "The request body is not valid JSON: " + ex.Message, null);
            }

            using (document)
            {
                if (!TryMember(document.RootElement, "CmdletInput", out var input) || !TryMember(input, "CmdletName", out var cmdletName) || cmdletName.ValueKind != JsonValueKind.String)
                {
                    return Error(HttpStatusCode.BadRequest, "BadRequest", "Invalid Operation", "|System.ArgumentException|The request has no CmdletInput.CmdletName.");
                }

                name = cmdletName.GetString()!;
                if (!TryMember(input, "Parameters", out parameters) || parameters.ValueKind != JsonValueKind.Object)
                {
                    // A nil Parameters must be sent as {} (graph2otel).
                    return Error(HttpStatusCode.BadRequest, "BadRequest", "Invalid Operation", "|System.ArgumentException|CmdletInput.Parameters must be an object ({} when there are none).");
                }

                org.RecordAdminCommand(name, parameters);
                org.CountRequest("InvokeCommand " + name);
                AdminCmdletResult result;
                try
                {
                    result = cmdlets.Invoke(name, parameters);
                }
                catch (AdminCmdletException ex)
                {
                    return Error(HttpStatusCode.BadRequest, "BadRequest", "Invalid Operation", $"{ex.StringId}|{ex.ExceptionType}|{ex.Message}", ex.ExceptionType);
                }

                return Success(request, result, version, tenant);
            }
        }

        private static HttpResponseMessage Success(HttpRequestMessage request, AdminCmdletResult result, string version, string tenant)
        {
            var objects = result.Objects;
            string? nextLink = null;
            var warnings = result.Warnings.ToList();
            if (result.Pageable)
            {
                var skip = SkipToken(request.RequestUri!);
                var size = PageSize(request);
                var page = objects.Skip(skip).Take(size).ToList();
                if (skip + size < objects.Count)
                {
                    var uri = request.RequestUri!;
                    nextLink = $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}?$skiptoken={skip + size}";
                    warnings.Add(MoreResults);
                }

                objects = page;
            }

            var uriBase = request.RequestUri!;
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", $"{uriBase.Scheme}://{uriBase.Authority}/adminapi/{version}/{tenant}/$metadata#Collection(Exchange.GenericHashTable)");
                w.WriteString("adminapi.warnings@odata.type", "#Collection(String)");
                w.WriteStartArray("@adminapi.warnings");
                foreach (var warning in warnings)
                {
                    w.WriteStringValue(warning);
                }

                w.WriteEndArray();
                if (nextLink != null)
                {
                    w.WriteString("@odata.nextLink", nextLink);
                }

                w.WriteStartArray("value");
                foreach (var o in objects)
                {
                    w.WriteStartObject();
                    foreach (var p in o)
                    {
                        switch (p.Value)
                        {
                            case null:
                                w.WriteNull(p.Key);
                                break;
                            case bool b:
                                w.WriteBoolean(p.Key, b);
                                break;
                            case List<string> list:
                                w.WriteString(p.Key + "@odata.type", "#Collection(String)");
                                w.WriteStartArray(p.Key);
                                foreach (var v in list)
                                {
                                    w.WriteStringValue(v);
                                }

                                w.WriteEndArray();
                                break;
                            default:
                                w.WriteString(p.Key, Convert.ToString(p.Value, CultureInfo.InvariantCulture));
                                break;
                        }
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Json(HttpStatusCode.OK, stream.ToArray());
        }

        private static HttpResponseMessage Error(HttpStatusCode status, string code, string message, string? detail, string? exceptionType = null)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteString("code", code);
                w.WriteString("message", message);
                w.WriteStartArray("details");
                if (detail != null)
                {
                    w.WriteStartObject();
                    w.WriteString("code", "Client");
                    w.WriteString("target", string.Empty);
                    w.WriteString("message", detail);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartObject("innererror");
                w.WriteString("message", message);
                w.WriteString("type", "Microsoft.Exchange.Admin.OData.Core.ODataServiceException");
                w.WriteString("stacktrace", string.Empty);
                if (detail != null)
                {
                    w.WriteStartObject("internalexception");
                    w.WriteString("message", detail.Substring(detail.LastIndexOf('|') + 1));
                    w.WriteString("type", exceptionType ?? string.Empty);
                    w.WriteString("stacktrace", string.Empty);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            var response = Json(status, stream.ToArray());
            if (exceptionType != null)
            {
                response.Headers.TryAddWithoutValidation("x-ExceptionType", exceptionType.Substring(exceptionType.LastIndexOf('.') + 1));
            }

            return response;
        }

        private static HttpResponseMessage Json(HttpStatusCode status, byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
            return new HttpResponseMessage(status) { Content = content };
        }

        private static HttpResponseMessage Empty(HttpStatusCode status) => new HttpResponseMessage(status) { Content = new ByteArrayContent(Array.Empty<byte>()) };

        private static bool IsTenant(string tenant) =>
            string.Equals(tenant, SandboxOrganization.Domain, StringComparison.OrdinalIgnoreCase)
            || string.Equals(tenant, "contoso.onmicrosoft.com", StringComparison.OrdinalIgnoreCase)
            || string.Equals(tenant, SandboxOrganization.TenantId, StringComparison.OrdinalIgnoreCase);

        private static int PageSize(HttpRequestMessage request)
        {
            if (request.Headers.TryGetValues("Prefer", out var values))
            {
                foreach (var v in values.SelectMany(v => v.Split(',')))
                {
                    var t = v.Trim();
                    if (t.StartsWith("odata.maxpagesize=", StringComparison.OrdinalIgnoreCase) && int.TryParse(t.Substring(18), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
                    {
                        return Math.Min(n, 1000);
                    }
                }
            }

            return 1000;
        }

        private static int SkipToken(Uri uri)
        {
            var query = uri.Query.TrimStart('?');
            foreach (var part in query.Split('&'))
            {
                var kv = part.Split(new[] { '=' }, 2);
                if (kv.Length == 2 && Uri.UnescapeDataString(kv[0]) == "$skiptoken" && int.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0)
                {
                    return n;
                }
            }

            return 0;
        }

        private static bool TryMember(JsonElement obj, string name, out JsonElement value)
        {
            value = default;
            if (obj.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var p in obj.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = p.Value;
                    return true;
                }
            }

            return false;
        }
    }
}
