using System;
using System.Net;
using System.Net.Security;
using System.Runtime.CompilerServices;

namespace CalendarSharing.Tests.Support
{
    /// <summary>
    /// .NET's own NTLM client (System.Net.Security.NegotiateAuthentication, the managed implementation) producing real
    /// NEGOTIATE and AUTHENTICATE messages, so the sandbox's NTLMv2 check is tested against an independent client.
    /// </summary>
    internal sealed class NtlmClient : IDisposable
    {
        private readonly NegotiateAuthentication auth;

        public NtlmClient(string user, string password, string domain)
        {
            auth = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
            {
                Package = "NTLM",
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

        public void Dispose() => auth.Dispose();
    }

    internal static class ManagedNtlmSwitch
    {
        /// <summary>
        /// The switch is read once per process, at the first NTLM use: set it before any test runs, as the module's
        /// EWS client does on platforms without a native NTLM.
        /// </summary>
        [ModuleInitializer]
        internal static void Set() => AppContext.SetSwitch("System.Net.Security.UseManagedNtlm", true);
    }
}
