using System;
using System.Net.Http;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Online.Identity;

namespace CalendarSharing.Online.Graph
{
    /// <summary>How to reach Microsoft Graph and sign in. Holds no Graph or Azure type, so callers need neither.</summary>
    public sealed class GraphConnectionOptions
    {
        public GraphSignIn SignIn { get; set; } = new GraphSignIn();

        /// <summary>Overrides the cloud's Graph root (https://graph.microsoft.com/); the sandbox or a test server.</summary>
        public Uri? GraphRoot { get; set; }

        /// <summary>Transport for Graph and for sign-in (the sandbox's handler). Null: the platform default.</summary>
        public HttpMessageHandler? Handler { get; set; }

        public RetryOptions Retry { get; set; } = new RetryOptions();

        /// <summary>Requests in flight at once. Outlook allows 4 concurrent requests per app and mailbox.</summary>
        public int MaxConcurrency { get; set; } = 4;

        /// <summary>Requests per JSON batch (Graph's limit is 20).</summary>
        public int MaxBatchSize { get; set; } = 20;

        /// <summary>What the connection reports as its kind (Sandbox for the in-process sandbox).</summary>
        public CalendarSharing.ConnectionKind Kind { get; set; } = CalendarSharing.ConnectionKind.Graph;

        /// <summary>Receives one line per request, batch and retry for -Debug. Never receives a secret.</summary>
        public Action<string>? Trace { get; set; }

        /// <summary>
        /// The organisation's mail domain (contoso.com): an unknown address of another domain is an external user.
        /// Null: read from /organization at connect time when the app may, otherwise Graph's isInsideOrganization decides.
        /// </summary>
        public string? OrganizationDomain { get; set; }

        /// <summary>
        /// Overrides the Exchange Online admin API base (https://outlook.office365.com/adminapi/beta/ in the global
        /// cloud); the sandbox's. Mailbox-level access (Full Access, Send As, Send on Behalf) goes there.
        /// </summary>
        public Uri? AdminApiUrl { get; set; }

        /// <summary>Overrides the resource whose .default scope the admin API token is for (the cloud's Exchange Online host).</summary>
        public Uri? ExchangeResource { get; set; }

        /// <summary>The admin API base requests go to.</summary>
        public Uri AdminApiBaseUrl => AdminApiUrl ?? new Uri(GraphCloud.ExchangeRoot(SignIn.Environment), "/adminapi/beta/");

        /// <summary>The scope of the admin API token: https://outlook.office365.com/.default in the global cloud.</summary>
        public string ExchangeScope => GraphCloud.DefaultScope(ExchangeResource ?? GraphCloud.ExchangeRoot(SignIn.Environment));

        /// <summary>The Graph base URL requests go to (root + v1.0).</summary>
        public Uri BaseUrl
        {
            get
            {
                var root = GraphRoot ?? GraphCloud.GraphRoot(SignIn.Environment);
                var text = root.ToString().TrimEnd('/');
                return new Uri(text.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase) ? text : text + "/v1.0");
            }
        }

        /// <summary>The root the token's scope names (https://graph.microsoft.com/.default).</summary>
        internal Uri ScopeRoot
        {
            get
            {
                var b = BaseUrl;
                return new Uri(b.GetLeftPart(UriPartial.Authority) + "/");
            }
        }
    }
}
