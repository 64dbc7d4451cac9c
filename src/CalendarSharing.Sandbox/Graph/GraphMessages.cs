using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Identity;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>One Graph request, top-level or inside a $batch: method, path segments (decoded), headers, body.</summary>
    internal sealed class GraphRequest
    {
        public GraphRequest(string method, IReadOnlyList<string> segments, IDictionary<string, string> headers, byte[]? body, string serviceRoot, string? rawQuery = null)
        {
            RawQuery = rawQuery;
            Method = method.ToUpperInvariant();
            Segments = segments;
            Headers = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
            Body = body;
            ServiceRoot = serviceRoot;
        }

        public string Method { get; }

        /// <summary>
        /// The path after /v1.0, split on '/' and then percent-decoded (Outlook ids are opaque base64 and may contain
        /// '/', observed behaviour).
        /// </summary>
        public IReadOnlyList<string> Segments { get; }

        public Dictionary<string, string> Headers { get; }

        public byte[]? Body { get; }

        /// <summary>scheme://host/v1.0 as the client reached us, for @odata.context.</summary>
        public string ServiceRoot { get; }

        /// <summary>The query string as sent (still percent-encoded), without the "?"; null when there is none.</summary>
        public string? RawQuery { get; }

        /// <summary>The OData query options, parsed when the request is executed (a bad one is a 400 of that request).</summary>
        public ODataQuery Query { get; set; } = ODataQuery.Empty;

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        /// <summary>Splits a raw (still percent-encoded) path and decodes each segment.</summary>
        public static List<string> Split(string rawPath) =>
            rawPath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
    }

    internal sealed class GraphResponse
    {
        public const string JsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

        public GraphResponse(int status, byte[]? body)
        {
            Status = status;
            Body = body;
            if (body != null)
            {
                Headers["Content-Type"] = JsonContentType;
            }
        }

        public int Status { get; }

        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public byte[]? Body { get; }

        public static GraphResponse Error(GraphException error, string requestId, string? clientRequestId) =>
            new GraphResponse(error.Status, GraphJson.Error(error.Code, error.Message, requestId, clientRequestId));
    }

    /// <summary>Who calls: an app (application permissions, every cloud mailbox) or a signed-in user (delegated).</summary>
    internal sealed class GraphCaller
    {
        public GraphCaller(IssuedToken token, IReadOnlyList<string>? roles = null)
        {
            ClientId = token.ClientId;
            User = token.User;
            Roles = token.User == null ? roles : null;
        }

        /// <summary>The app's application permissions; null when unrestricted (and always for delegated tokens).</summary>
        public IReadOnlyList<string>? Roles { get; }

        /// <summary>The app holds one of these application permissions (or is unrestricted).</summary>
        public bool Has(params string[] permissions) =>
            Roles == null || Roles.Any(r => permissions.Any(p => string.Equals(p, r, StringComparison.OrdinalIgnoreCase)));

        public string ClientId { get; }

        public SandboxAccount? User { get; }

        public bool IsApp => User == null;

        /// <summary>
        /// Outlook throttles per app per mailbox
        /// (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits); a delegated caller counts as
        /// app + user.
        /// </summary>
        public string ThrottleKey => User == null ? ClientId : ClientId + "/" + User.Address;

        /// <summary>Owner context: app permissions, or the signed-in user on her own mailbox.</summary>
        public bool IsOwner(SandboxAccount mailbox) =>
            User == null || string.Equals(User.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase);
    }
}
