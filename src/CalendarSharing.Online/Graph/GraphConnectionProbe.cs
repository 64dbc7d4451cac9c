using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Online.Identity;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// Gathers the facts of the online checklist with the same sign-in and SDK transport a Graph connection uses. Only
    /// GET requests; the token is read for its roles claim (when it is a JWT) and then dropped, never returned or traced.
    /// </summary>
    public sealed class GraphConnectionProbe : IGraphConnectionProbe, IDisposable
    {
        private readonly GraphConnectionOptions options;
        private readonly TokenCredential credential;
        private readonly GraphGateway gateway;

        public GraphConnectionProbe(GraphConnectionOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            credential = CredentialFactory.Create(options.SignIn, options.Handler);
            gateway = new GraphGateway(options, credential);
        }

        public async Task<GraphTokenFacts> SignInAsync(CancellationToken cancellationToken)
        {
            var facts = new GraphTokenFacts { Authority = Authority(options.SignIn), Resource = options.ScopeRoot.ToString() };
            try
            {
                var token = await credential.GetTokenAsync(new TokenRequestContext(new[] { gateway.Scope }), cancellationToken).ConfigureAwait(false);
                facts.Acquired = true;
                facts.Roles = JwtRoles.Read(token.Token);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                facts.Error = GraphErrorMap.FromException(ex, "sign-in", NotFoundMeans.Mailbox).Message;
            }

            return facts;
        }

        public Task<GraphCallFacts> ReadUserAsync(string mailbox, CancellationToken cancellationToken) =>
            SendAsync(new GraphStep(gateway.Client.Users[mailbox].ToGetRequestInformation(rc => rc.QueryParameters.Select = new[] { "id", "mail" }), "GET /users/" + mailbox, NotFoundMeans.Mailbox), null, cancellationToken);

        public Task<GraphCallFacts> ReadCalendarAsync(string mailbox, CancellationToken cancellationToken) =>
            SendAsync(new GraphStep(gateway.Client.Users[mailbox].Calendar.ToGetRequestInformation(rc => rc.QueryParameters.Select = new[] { "id", "canEdit" }), "GET /users/" + mailbox + "/calendar", NotFoundMeans.Mailbox), "canEdit", cancellationToken);

        public Task<GraphCallFacts> ReadCalendarPermissionsAsync(string mailbox, CancellationToken cancellationToken) =>
            SendAsync(new GraphStep(gateway.Client.Users[mailbox].Calendar.CalendarPermissions.ToGetRequestInformation(), "GET /users/" + mailbox + "/calendar/calendarPermissions", NotFoundMeans.Mailbox), null, cancellationToken);

        private async Task<GraphCallFacts> SendAsync(GraphStep step, string? flag, CancellationToken cancellationToken)
        {
            var facts = new GraphCallFacts();
            try
            {
                await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
                facts.Status = step.Status;
                if (step.Error != null)
                {
                    facts.Code = CodeOf(step.Error);
                    facts.Detail = step.Error.Message;
                    if (facts.Status == 0 && step.Error.Code != BackendErrorCode.Connection)
                    {
                        facts.Status = 500;
                    }
                }
                else
                {
                    facts.Detail = "HTTP " + step.Status;
                    if (flag != null && step.Body != null)
                    {
                        using var document = JsonDocument.Parse(step.Body);
                        if (document.RootElement.TryGetProperty(flag, out var value) && (value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False))
                        {
                            facts.CanEdit = value.GetBoolean();
                        }
                    }
                }
            }
            catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.Authentication)
            {
                facts.Status = 401;
                facts.Code = CodeOf(ex.Error);
                facts.Detail = ex.Error.Message;
            }

            return facts;
        }

        // "ErrorAccessDenied (HTTP 403)" -> ErrorAccessDenied; "HTTP 404" -> null.
        private static string? CodeOf(BackendError error)
        {
            var server = error.ServerCode;
            if (string.IsNullOrEmpty(server) || server!.StartsWith("HTTP ", StringComparison.Ordinal))
            {
                return null;
            }

            var cut = server.IndexOf(" (HTTP", StringComparison.Ordinal);
            return cut < 0 ? server : server.Substring(0, cut);
        }

        private static string Authority(GraphSignIn signIn)
        {
            switch (signIn.Kind)
            {
                case GraphSignInKind.ManagedIdentity:
                    return "the managed identity endpoint";
                case GraphSignInKind.AccessToken:
                    return "the access token given";
                default:
                    var host = signIn.AuthorityHost ?? GraphCloud.AuthorityHost(signIn.Environment);
                    return new Uri(host, (signIn.TenantId ?? "common").Trim()).ToString() + " (" + signIn.Environment + " cloud)";
            }
        }

        public void Dispose() => gateway.Dispose();
    }

    /// <summary>The roles claim of a JWT access token; null when the token is not a JWT (opaque). Never keeps the token.</summary>
    internal static class JwtRoles
    {
        public static IReadOnlyList<string>? Read(string token)
        {
            var parts = token.Split('.');
            if (parts.Length != 3 || parts[1].Length == 0)
            {
                return null;
            }

            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                var roles = new List<string>();
                if (document.RootElement.TryGetProperty("roles", out var claim) && claim.ValueKind == JsonValueKind.Array)
                {
                    foreach (var role in claim.EnumerateArray())
                    {
                        if (role.ValueKind == JsonValueKind.String)
                        {
                            roles.Add(role.GetString()!);
                        }
                    }
                }

                // An app token without any application permission has no roles claim at all: that is "none".
                return roles;
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is ArgumentException)
            {
                return null;
            }
        }
    }
}
