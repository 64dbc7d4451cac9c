using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Azure.Identity;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Identity
{
    /// <summary>
    /// Why a sign-in failed, in words that name the real cause: a name that did not resolve, an authority or managed
    /// identity endpoint that refused or did not answer, a secret the tenant refused (the AADSTS code), and so on.
    /// Azure.Identity puts that cause in inner exceptions only; this walks them. The texts are ours (Texts.resx) and
    /// hold host names and AADSTS codes only: never a secret, a password, a token or an assertion.
    /// </summary>
    internal static class SignInFailure
    {
        // .NET puts the endpoint at the end of an HttpRequestException's message: "Connection refused (127.0.0.1:1)".
        private static readonly Regex Endpoint = new Regex(@"\((?<endpoint>[^()\s]+:\d+)\)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex AadCode = new Regex(@"AADSTS(?<n>\d+)", RegexOptions.CultureInvariant);

        /// <summary>The error for a failed sign-in (<paramref name="ex"/> from a TokenCredential), prefixed with <paramref name="what"/>.</summary>
        public static BackendError Explain(Exception ex, string what)
        {
            // Azure.Identity names the credential first in its messages ("ManagedIdentityCredential authentication
            // unavailable…"), which is how a managed identity's endpoint is told from an authority.
            var managedIdentity = ex.Message.IndexOf("ManagedIdentityCredential", StringComparison.Ordinal) >= 0;
            var chain = ExceptionChain.Flatten(ex);

            foreach (var e in chain)
            {
                if (e is SocketException socket)
                {
                    var endpoint = EndpointOf(chain) ?? Texts.Target_Graph;
                    if (managedIdentity)
                    {
                        return new BackendError(BackendErrorCode.Connection, what + ": " + Texts.Format(nameof(Texts.SignIn_ImdsUnreachable), endpoint), "ManagedIdentityUnreachable");
                    }

                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.HostNotFound:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                            return new BackendError(BackendErrorCode.Connection, what + ": " + Texts.Format(nameof(Texts.SignIn_NameNotResolved), HostOf(endpoint)), "NameNotResolved");
                        case SocketError.ConnectionRefused:
                            return new BackendError(BackendErrorCode.Connection, what + ": " + Texts.Format(nameof(Texts.SignIn_Refused), endpoint), "ConnectionRefused");
                        case SocketError.TimedOut:
                            return new BackendError(BackendErrorCode.Connection, what + ": " + Texts.Format(nameof(Texts.SignIn_TimedOut), endpoint), "TimedOut");
                        default:
                            return new BackendError(BackendErrorCode.Connection, what + ": " + Texts.Format(nameof(Texts.SignIn_Unreachable), endpoint, socket.SocketErrorCode), socket.SocketErrorCode.ToString());
                    }
                }

                if (e is System.Security.Authentication.AuthenticationException)
                {
                    return new BackendError(BackendErrorCode.Connection, what + ": " + Texts.Format(nameof(Texts.SignIn_Tls), EndpointOf(chain) ?? Texts.Target_Graph), "Tls");
                }
            }

            foreach (var e in chain)
            {
                var code = AadCode.Match(e.Message);
                if (code.Success)
                {
                    return new BackendError(BackendErrorCode.Authentication, what + ": " + ForAadCode(code.Value), code.Value);
                }
            }

            if (managedIdentity && ex is CredentialUnavailableException)
            {
                return new BackendError(BackendErrorCode.Authentication, what + ": " + Texts.SignIn_NoManagedIdentity, "CredentialUnavailable");
            }

            // A network failure without a socket error (a proxy that answered 5xx, say): name the endpoint when known.
            foreach (var e in chain)
            {
                if (e is HttpRequestException)
                {
                    var endpoint = EndpointOf(chain) ?? Texts.Target_Graph;
                    return new BackendError(BackendErrorCode.Connection, what + ": " + Texts.Format(nameof(Texts.SignIn_Unreachable), endpoint, e.GetType().Name), "Connection");
                }
            }

            return new BackendError(BackendErrorCode.Authentication, what + ": " + Texts.SignIn_FailedNoCode, ex is CredentialUnavailableException ? "CredentialUnavailable" : "AuthenticationFailed");
        }

        private static string ForAadCode(string code)
        {
            switch (code)
            {
                case "AADSTS7000215": return Texts.SignIn_WrongSecret;
                case "AADSTS7000222": return Texts.SignIn_ExpiredSecret;
                case "AADSTS700016": return Texts.SignIn_AppNotFound;
                case "AADSTS90002":
                case "AADSTS900023":
                    return Texts.Format(nameof(Texts.SignIn_TenantNotFound), code);
                case "AADSTS700027":
                case "AADSTS700024":
                case "AADSTS7000274":
                case "AADSTS50012":
                    return Texts.Format(nameof(Texts.SignIn_CertificateRefused), code);
                default:
                    return Texts.Format(nameof(Texts.SignIn_Refused_Aad), code);
            }
        }

        private static string? EndpointOf(IReadOnlyList<Exception> chain)
        {
            foreach (var e in chain)
            {
                if (e is HttpRequestException)
                {
                    var m = Endpoint.Match(e.Message);
                    if (m.Success)
                    {
                        return m.Groups["endpoint"].Value;
                    }
                }
            }

            return null;
        }

        private static string HostOf(string endpoint)
        {
            var colon = endpoint.LastIndexOf(':');
            return colon > 0 ? endpoint.Substring(0, colon) : endpoint;
        }
    }
}
