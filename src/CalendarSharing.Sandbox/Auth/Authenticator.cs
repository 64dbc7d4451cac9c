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
    /// IIS-style authentication for the EWS virtual directory: Basic, Bearer (tokens the organisation issued), NTLM,
    /// and Negotiate carrying either NTLM inside SPNEGO (RFC 4178 / RFC 4559, what Windows, GSSAPI with gss-ntlmssp and
    /// .NET's managed Negotiate send) or raw NTLM (what some clients send under the Negotiate scheme, and IIS accepts).
    /// NTLM is connection-based: after a successful handshake the connection stays authenticated, as IIS does.
    /// A host that authenticated the user itself (a trusted front end, see <see cref="FrontEndUserProperty"/>) hands
    /// the account name over in a request property, which no client can set.
    /// </summary>
    internal sealed class Authenticator
    {
        private readonly SandboxOrganization org;
        private readonly ConcurrentDictionary<string, NtlmConnectionState> connections = new ConcurrentDictionary<string, NtlmConnectionState>(StringComparer.Ordinal);

        public Authenticator(SandboxOrganization org)
        {
            this.org = org;
        }

        /// <summary>
        /// Request property (HttpRequestMessage.Properties / Options) with the logon name a trusted front end has
        /// already authenticated (SandboxServer's --front-end-auth, behind Apache httpd). Only the hosting process can set
        /// it; a client's headers never reach it.
        /// </summary>
        public const string FrontEndUserProperty = SandboxAuthProperties.FrontEndUser;

        /// <summary>Request property with the final SPNEGO token to send back with the authenticated response.</summary>
        private const string FinalTokenProperty = "CalendarSharing.NegotiateFinalToken";

        /// <summary>
        /// Adds the server's last SPNEGO token (accept-completed with its mechListMIC) to the response of the request that
        /// completed the handshake, as IIS does on the 200: RFC 4559 section 5 lets the final token ride on a success,
        /// and .NET's Negotiate client checks it there.
        /// </summary>
        public static void AddFinalToken(HttpRequestMessage request, HttpResponseMessage response)
        {
#pragma warning disable CS0618 // Properties is the netstandard2.0 name of what .NET 5+ calls Options (same dictionary).
            if (request.Properties.TryGetValue(FinalTokenProperty, out var value) && value is string token && response.StatusCode != HttpStatusCode.Unauthorized)
#pragma warning restore CS0618
            {
                response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Negotiate", token));
            }
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
#pragma warning disable CS0618 // Properties: see AddFinalToken.
            if (request.Properties.TryGetValue(FrontEndUserProperty, out var frontEnd) && frontEnd is string frontEndUser)
#pragma warning restore CS0618
            {
                var account = FindFrontEndAccount(frontEndUser);
                return account != null ? AuthResult.Success(account) : AuthResult.Reject(Unauthorized());
            }

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
                return Ntlm(request, scheme, parameter, connectionId);
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

        private AuthResult Ntlm(HttpRequestMessage request, string scheme, string parameter, string connectionId)
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

            if (string.Equals(scheme, "Negotiate", StringComparison.OrdinalIgnoreCase) && Spnego.LooksLikeSpnego(token))
            {
                return token[0] == 0x60 ? SpnegoInit(token, connectionId) : SpnegoContinue(request, token, connectionId);
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

        /// <summary>
        /// The first SPNEGO leg. NTLM must be among the offered mechanisms (a Kerberos-only client gets the plain
        /// challenges again, as a server without a keytab answers). NTLM first with its NEGOTIATE_MESSAGE as the optimistic
        /// token: answer accept-incomplete with the CHALLENGE_MESSAGE. NTLM offered but not first (Kerberos preferred):
        /// select NTLM without a token, the client sends its NEGOTIATE_MESSAGE next, and the mechListMIC becomes
        /// mandatory (RFC 4178 section 5, the selected mechanism was not the client's preferred one).
        /// </summary>
        private AuthResult SpnegoInit(byte[] token, string connectionId)
        {
            if (!Spnego.TryReadInit(token, out var init) || !init!.MechTypes.Contains(Spnego.NtlmOid))
            {
                connections.TryRemove(connectionId, out _);
                return AuthResult.Reject(Unauthorized());
            }

            var preferred = init.MechTypes[0] == Spnego.NtlmOid;
            byte[]? responseToken = null;
            byte[]? serverChallenge = null;
            if (preferred && init.MechToken != null)
            {
                if (NtlmMessages.MessageType(init.MechToken) != 1)
                {
                    return AuthResult.Reject(Unauthorized());
                }

                responseToken = NtlmMessages.BuildChallenge(NtlmMessages.NegotiateFlags(init.MechToken), out var challenge);
                serverChallenge = challenge;
            }

            connections[connectionId] = new NtlmConnectionState(serverChallenge) { MechTypesDer = init.MechTypesDer, MicRequired = !preferred };
            return AuthResult.Reject(NegotiateChallenge(Spnego.BuildResp(Spnego.AcceptIncomplete, Spnego.NtlmOid, responseToken, null)));
        }

        /// <summary>
        /// A later SPNEGO leg (NegTokenResp): the NEGOTIATE_MESSAGE when NTLM was not the optimistic mechanism, else the
        /// AUTHENTICATE_MESSAGE with the client's mechListMIC, which is checked with the NTLM session keys; the answer is
        /// accept-completed with the server's mechListMIC ([MS-SPNG] 3.2.5.1), sent with the authenticated response.
        /// </summary>
        private AuthResult SpnegoContinue(HttpRequestMessage request, byte[] token, string connectionId)
        {
            if (!Spnego.TryReadResp(token, out var resp) || resp!.ResponseToken == null ||
                !connections.TryGetValue(connectionId, out var state) || state.MechTypesDer == null)
            {
                connections.TryRemove(connectionId, out _);
                return AuthResult.Reject(Unauthorized());
            }

            var ntlm = resp.ResponseToken;
            var type = NtlmMessages.MessageType(ntlm);
            if (type == 1 && state.ServerChallenge == null && state.Account == null)
            {
                var challenge = NtlmMessages.BuildChallenge(NtlmMessages.NegotiateFlags(ntlm), out var serverChallenge);
                state.ServerChallenge = serverChallenge;
                return AuthResult.Reject(NegotiateChallenge(Spnego.BuildResp(Spnego.AcceptIncomplete, null, challenge, null)));
            }

            if (type != 3 || state.ServerChallenge == null || !NtlmMessages.TryParseAuthenticate(ntlm, out var domain, out var user))
            {
                connections.TryRemove(connectionId, out _);
                return AuthResult.Reject(Unauthorized());
            }

            var account = FindNtlmAccount(domain, user);
            if (account == null || !NtlmMessages.VerifyNtlmV2(ntlm, state.ServerChallenge, user, domain, account.Password, out var sessionBaseKey))
            {
                connections.TryRemove(connectionId, out _);
                return AuthResult.Reject(Unauthorized());
            }

            byte[]? serverMic = null;
            if (resp.MechListMic != null)
            {
                var security = NtlmSessionSecurity.Create(ntlm, sessionBaseKey);
                if (security == null || !security.VerifyClientSignature(state.MechTypesDer, resp.MechListMic))
                {
                    connections.TryRemove(connectionId, out _);
                    return AuthResult.Reject(Unauthorized()); // a downgraded or tampered mechanism list
                }

                serverMic = security.ServerSignature(state.MechTypesDer);
            }
            else if (state.MicRequired)
            {
                connections.TryRemove(connectionId, out _);
                return AuthResult.Reject(Unauthorized());
            }

            state.Account = account;
            state.ServerChallenge = null;
            state.MechTypesDer = null;
#pragma warning disable CS0618 // Properties: see AddFinalToken.
            request.Properties[FinalTokenProperty] = Convert.ToBase64String(Spnego.BuildResp(Spnego.AcceptCompleted, null, null, serverMic));
#pragma warning restore CS0618
            return AuthResult.Success(account);
        }

        private static HttpResponseMessage NegotiateChallenge(byte[] token)
        {
            var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new ByteArrayContent(Array.Empty<byte>()) };
            response.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Negotiate", Convert.ToBase64String(token)));
            return response;
        }

        /// <summary>A front end's user name: DOMAIN\user (as gss-ntlmssp names it), user@domain, or a bare CONTOSO user.</summary>
        private SandboxAccount? FindFrontEndAccount(string name)
        {
            var slash = name.IndexOf('\\');
            return slash > 0 ? FindNtlmAccount(name.Substring(0, slash), name.Substring(slash + 1)) : FindNtlmAccount(string.Empty, name);
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
            public NtlmConnectionState(byte[]? serverChallenge)
            {
                ServerChallenge = serverChallenge;
            }

            public byte[]? ServerChallenge { get; set; }

            public SandboxAccount? Account { get; set; }

            /// <summary>SPNEGO only: the client's DER MechTypeList, which both mechListMICs sign.</summary>
            public byte[]? MechTypesDer { get; set; }

            /// <summary>SPNEGO only: NTLM was not the client's first choice, so the mechListMIC must come.</summary>
            public bool MicRequired { get; set; }
        }
    }
}
