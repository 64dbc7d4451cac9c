using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CalendarSharing.Sandbox.Auth
{
    /// <summary>Opaque bearer tokens the organisation issued, mapped to the account they stand for.</summary>
    internal sealed class AccessTokenStore
    {
        private readonly ConcurrentDictionary<string, SandboxAccount> tokens = new ConcurrentDictionary<string, SandboxAccount>(StringComparer.Ordinal);

        public string Issue(SandboxAccount account)
        {
            var bytes = new byte[32];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            var token = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            tokens[token] = account;
            return token;
        }

        public SandboxAccount? Find(string token) => tokens.TryGetValue(token, out var account) ? account : null;
    }
}
