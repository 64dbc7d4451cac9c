using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace CalendarSharing.Sandbox.Auth
{
    /// <summary>The outcome of authenticating one request: an account, or the 401 response to send.</summary>
    internal sealed class AuthResult
    {
        private AuthResult(SandboxAccount? account, HttpResponseMessage? challenge)
        {
            Account = account;
            Challenge = challenge;
        }

        public SandboxAccount? Account { get; }

        public HttpResponseMessage? Challenge { get; }

        public static AuthResult Success(SandboxAccount account) => new AuthResult(account, null);

        public static AuthResult Reject(HttpResponseMessage response) => new AuthResult(null, response);
    }

    /// <summary>
    /// IIS-style authentication for the EWS virtual directory: Basic, Bearer (tokens the organisation issued) and
    /// NTLM. NTLM is connection-based: after a successful handshake the connection stays authenticated, as IIS does.
    /// </summary>
    internal sealed class Authenticator
    {
        private readonly SandboxOrganization org;
        private readonly ConcurrentDictionary<string, NtlmConnectionState> connections = new ConcurrentDictionary<string, NtlmConnectionState>(StringComparer.Ordinal);

        public Authenticator(SandboxOrganization org)
        {
            this.org = org;
        }

        public AuthResult Authenticate(HttpRequestMessage request, string connectionId, string[]? schemes = null)
        {
            schemes = schemes ?? DefaultSchemes;
            var result = AuthenticateCore(request, connectionId, schemes);
            if (result.Challenge != null && result.Challenge.Headers.WwwAuthenticate.All(h => string.IsNullOrEmpty(h.Parameter) || h.Scheme == "Basic"))
            {
                // A plain refusal: advertise this server's schemes (an NTLM CHALLENGE keeps its token).
                return AuthResult.Reject(Unauthorized(schemes));
            }

            return result;
        }

        private static readonly string[] DefaultSchemes = { "Negotiate", "NTLM", "Basic" };

        private AuthResult AuthenticateCore(HttpRequestMessage request, string connectionId, IReadOnlyCollection<string> schemes)
        {
            var authorization = request.Headers.Authorization;
            if (authorization == null)
            {
                // A connection that finished an NTLM handshake stays authenticated (IIS authPersistSingleRequest=false).
                return connections.TryGetValue(connectionId, out var state) && state.Account != null
                    ? AuthResult.Success(state.Account)
                    : AuthResult.Reject(Unauthorized());
            }

            var scheme = authorization.Scheme;
            var parameter = authorization.Parameter ?? string.Empty;
            if (!string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && !schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase))
            {
                return AuthResult.Reject(Unauthorized()); // a scheme this server does not offer (Basic turned off)
            }

            if (string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                var account = VerifyBasic(parameter);
                return account != null ? AuthResult.Success(account) : AuthResult.Reject(Unauthorized());
            }

            if (string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                var account = org.Tokens.FindOnPremisesAccount(parameter);
                return account != null ? AuthResult.Success(account) : AuthResult.Reject(Unauthorized());
            }

            if (string.Equals(scheme, "NTLM", StringComparison.OrdinalIgnoreCase) || string.Equals(scheme, "Negotiate", StringComparison.OrdinalIgnoreCase))
            {
                return Ntlm(scheme, parameter, connectionId);
            }

            return AuthResult.Reject(Unauthorized());
        }

        /// <summary>401 with no body and the three challenges Exchange on-premises offers.</summary>
        public static HttpResponseMessage Unauthorized(IEnumerable<string>? schemes = null)
        {
            var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new ByteArrayContent(Array.Empty<byte>()) };
            foreach (var scheme in schemes ?? DefaultSchemes)
            {
                response.Headers.WwwAuthenticate.Add(string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase)
                    ? new AuthenticationHeaderValue("Basic", "realm=\"sandbox.contoso.com\"")
                    : new AuthenticationHeaderValue(scheme));
            }

            return response;
        }

        private SandboxAccount? VerifyBasic(string parameter)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            }
            catch (FormatException)
            {
                return null;
            }

            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                return null;
            }

            var account = org.FindAccount(decoded.Substring(0, colon));
            var password = decoded.Substring(colon + 1);
            return account != null && string.Equals(account.Password, password, StringComparison.Ordinal) ? account : null;
        }

        private AuthResult Ntlm(string scheme, string parameter, string connectionId)
        {
            byte[] token;
            try
            {
                token = Convert.FromBase64String(parameter);
            }
            catch (FormatException)
            {
                return AuthResult.Reject(Unauthorized());
            }

            switch (NtlmMessages.MessageType(token))
            {
                case 1:
                {
                    var challenge = NtlmMessages.BuildChallenge(NtlmMessages.NegotiateFlags(token), out var serverChallenge);
                    connections[connectionId] = new NtlmConnectionState(serverChallenge);
                    var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                    response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue(scheme, Convert.ToBase64String(challenge)));
                    return AuthResult.Reject(response);
                }

                case 3:
                {
                    if (!connections.TryGetValue(connectionId, out var state) || state.ServerChallenge == null ||
                        !NtlmMessages.TryParseAuthenticate(token, out var domain, out var user))
                    {
                        return AuthResult.Reject(Unauthorized());
                    }

                    // The NTLMv2 response is checked against the account's password: a wrong password is a 401, as IIS does.
                    var account = FindNtlmAccount(domain, user);
                    if (account == null || !NtlmMessages.VerifyNtlmV2(token, state.ServerChallenge, user, domain, account.Password))
                    {
                        connections.TryRemove(connectionId, out _);
                        return AuthResult.Reject(Unauthorized());
                    }

                    state.Account = account;
                    state.ServerChallenge = null;
                    return AuthResult.Success(account);
                }

                default:
                    // SPNEGO-wrapped Kerberos or anything else: offer the challenges again.
                    return AuthResult.Reject(Unauthorized());
            }
        }

        private SandboxAccount? FindNtlmAccount(string domain, string user)
        {
            if (user.IndexOf('@') > 0)
            {
                return org.FindAccount(user);
            }

            var isContoso = domain.Length == 0 ||
                string.Equals(domain, "CONTOSO", StringComparison.OrdinalIgnoreCase) ||
                string.Equals(domain, SandboxOrganization.Domain, StringComparison.OrdinalIgnoreCase);
            return isContoso ? org.FindAccount("CONTOSO\\" + user) : null;
        }

        private sealed class NtlmConnectionState
        {
            public NtlmConnectionState(byte[] serverChallenge)
            {
                ServerChallenge = serverChallenge;
            }

            public byte[]? ServerChallenge { get; set; }

            public SandboxAccount? Account { get; set; }
        }
    }
}
