using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using CalendarSharing.Core.Credentials;

namespace CalendarSharing.Online.Identity
{
    /// <summary>
    /// A token acquired elsewhere (Get-AzAccessToken, MSAL). It becomes a string only when a request needs it and
    /// is never kept in a field as a string. Its expiry is unknown, so it is reported as valid for an hour; the
    /// server's 401 says when it is not.
    /// </summary>
    internal sealed class StaticTokenCredential : TokenCredential
    {
        private readonly SecureString token;

        public StaticTokenCredential(SecureString token)
        {
            this.token = (token ?? throw new ArgumentNullException(nameof(token))).Copy();
            this.token.MakeReadOnly();
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new AccessToken(SecureStringText.Reveal(token), DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(requestContext, cancellationToken));

        public override string ToString() => "access token (hidden)";
    }
}
