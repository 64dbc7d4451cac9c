using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CalendarSharing.Sandbox.Identity
{
    /// <summary>An access token the sandbox tenant issued: for an app (application permissions) or for a user (delegated).</summary>
    internal sealed class IssuedToken
    {
        public IssuedToken(string clientId, SandboxAccount? user, string audience, DateTimeOffset expiresOn)
        {
            ClientId = clientId;
            User = user;
            Audience = audience;
            ExpiresOn = expiresOn;
        }

        public string ClientId { get; }

        /// <summary>The signed-in user of a delegated token; null for an app-only token.</summary>
        public SandboxAccount? User { get; }

        /// <summary>The resource the token is for, e.g. https://graph.microsoft.com.</summary>
        public string Audience { get; }

        public DateTimeOffset ExpiresOn { get; }
    }

    /// <summary>Opaque bearer tokens issued by the token endpoint (or by tests), mapped to what they stand for.</summary>
    internal sealed class GraphTokenStore
    {
        private readonly ConcurrentDictionary<string, IssuedToken> tokens = new ConcurrentDictionary<string, IssuedToken>(StringComparer.Ordinal);

        public string Issue(IssuedToken token)
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            // A recognisable prefix keeps these apart from the EWS bearer tokens in logs; still opaque to clients.
            var value = "sbx." + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            tokens[value] = token;
            return value;
        }

        public IssuedToken? Find(string value) => tokens.TryGetValue(value, out var token) ? token : null;
    }
}
