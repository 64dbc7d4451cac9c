using System;
using System.Net;
using System.Net.Security;
using System.Runtime.CompilerServices;

namespace CalendarSharing.Tests.Support
{
    /// <summary>
    /// .NET's own NTLM or Negotiate client (System.Net.Security.NegotiateAuthentication: the managed implementation, or
    /// GSSAPI with gss-ntlmssp where that is registered, as ManagedNtlmSwitch decided) producing real NEGOTIATE and
    /// AUTHENTICATE messages (inside SPNEGO for "Negotiate"), so the sandbox's server side is tested against an
    /// independent client.
    /// </summary>
    internal sealed class NtlmClient : IDisposable
    {
        private readonly NegotiateAuthentication auth;

        public NtlmClient(string user, string password, string domain, string package = "NTLM")
        {
            auth = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
            {
                Package = package,
                Credential = new NetworkCredential(user, password, domain),
                TargetName = "HTTP/sandbox.contoso.com",
            });
        }

        public string Negotiate() => Next(null);

        public string Authenticate(string challenge) => Next(challenge);

        private string Next(string? incoming)
        {
            var blob = auth.GetOutgoingBlob(incoming, out var status);
            if (blob == null || (status != NegotiateAuthenticationStatusCode.ContinueNeeded && status != NegotiateAuthenticationStatusCode.Completed))
            {
                throw new InvalidOperationException("NTLM client: " + status);
            }

            return blob;
        }

        /// <summary>One step on raw tokens; the status tells whether the client accepted the server's token.</summary>
        public byte[]? Step(byte[]? incoming, out NegotiateAuthenticationStatusCode status) => auth.GetOutgoingBlob(incoming, out status);

        public bool IsAuthenticated => auth.IsAuthenticated;

        public void Dispose() => auth.Dispose();
    }

    internal static class ManagedNtlmSwitch
    {
        /// <summary>
        /// The switch is read once per process, at the first NTLM use: decide it before any test runs, exactly as the
        /// module's EWS client does (managed NTLM where gss-ntlmssp is not registered, GSSAPI + gss-ntlmssp where it is),
        /// so in-process tests see what a user's pwsh sees. The other combination is tested in child processes
        /// (tests/Pester/NegotiateInterop.Tests.ps1).
        /// </summary>
        [ModuleInitializer]
        internal static void Set() => CalendarSharing.Ews.ManagedNtlm.EnsureWhereNeeded();
    }
}
