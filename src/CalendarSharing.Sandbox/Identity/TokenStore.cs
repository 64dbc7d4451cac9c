using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CalendarSharing.Sandbox.Identity
{
    /// <summary>An access token the organisation issued: for an app (application permissions) or for a user (delegated).</summary>
    internal sealed class IssuedToken
    {
        /// <summary>
        /// The audience of the organisation's own user tokens (<see cref="SandboxOrganization.IssueAccessToken"/>): EWS
        /// Bearer and the admin API accept them; Graph does not (no Graph resource, and never the host of a request).
        /// </summary>
        public const string OnPremisesAudience = "urn:contoso:sandbox:on-premises";

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

        public bool IsOnPremises => Audience == OnPremisesAudience;
    }

    /// <summary>
    /// The organisation's one store of opaque bearer tokens: those the Entra-style token endpoint issues (Graph, the
    /// admin API) and the user tokens EWS accepts as Bearer. Each protocol decides by audience what it accepts.
    /// </summary>
    internal sealed class TokenStore
    {
        private readonly ConcurrentDictionary<string, IssuedToken> tokens = new ConcurrentDictionary<string, IssuedToken>(StringComparer.Ordinal);

        public string Issue(IssuedToken token)
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            // A recognisable prefix keeps Entra-style tokens apart from the on-premises ones in logs; both stay opaque.
            var value = (token.IsOnPremises ? string.Empty : "sbx.") + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            tokens[value] = token;
            return value;
        }

        public IssuedToken? Find(string value) => tokens.TryGetValue(value, out var token) ? token : null;

        /// <summary>The account an on-premises user token stands for (EWS Bearer), or null.</summary>
        public SandboxAccount? FindOnPremisesAccount(string value)
        {
            var token = Find(value);
            return token != null && token.IsOnPremises ? token.User : null;
        }
    }
}
