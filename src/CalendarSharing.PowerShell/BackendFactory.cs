using System;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;

namespace CalendarSharing.PowerShell
{
    /// <summary>What Connect-CalendarSharing was asked for, free of PowerShell types.</summary>
    internal sealed class ConnectRequest
    {
        public ConnectionKind Kind { get; set; }

        public Uri? EwsUrl { get; set; }

        /// <summary>Logon name as typed: alice@contoso.com, CONTOSO\alice.</summary>
        public string? UserName { get; set; }

        /// <summary>Stays a SecureString all the way to the EWS transport.</summary>
        public SecureString? Password { get; set; }

        public SecureString? AccessToken { get; set; }

        public EwsAuthentication Authentication { get; set; } = EwsAuthentication.Default;

        public bool Impersonation { get; set; }

        public int SandboxMailboxCount { get; set; }

        /// <summary>Which protocol the sandbox speaks to the module: Ews (on-premises mailboxes) or Graph (cloud mailboxes).</summary>
        public string SandboxBackend { get; set; } = "Ews";

        /// <summary>The Graph sign-in, for Kind = Graph. Plain values only, so EWS paths never load the Online assembly.</summary>
        public GraphConnectRequest? Graph { get; set; }

        /// <summary>Receives -Verbose lines (hybrid routing decisions).</summary>
        public Action<string>? Verbose { get; set; }

        /// <summary>Receives -Debug lines from the transport (never a secret).</summary>
        public Action<string>? Trace { get; set; }
    }

    /// <summary>
    /// The composition root (STYLE.md item 4): the only place that knows which backend class serves which
    /// kind of connection. The sandbox is a backend like the others: the real EWS client over the sandbox's
    /// in-process HttpMessageHandler.
    /// </summary>
    internal static class BackendFactory
    {
        public static ICalendarBackend Create(ConnectRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            switch (request.Kind)
            {
                case ConnectionKind.Sandbox when string.Equals(request.SandboxBackend, "Hybrid", StringComparison.OrdinalIgnoreCase):
                    return GraphBackendFactory.CreateHybridSandbox(request);
                case ConnectionKind.Sandbox when string.Equals(request.SandboxBackend, "Graph", StringComparison.OrdinalIgnoreCase):
                    return GraphBackendFactory.CreateSandbox(request);
                case ConnectionKind.Sandbox:
                    return CreateSandbox(request);
                case ConnectionKind.Graph:
                    return GraphBackendFactory.Create(request);
                case ConnectionKind.Ews:
                    return CreateEws(request);
                default:
                    throw new NotSupportedException($"{request.Kind} connections are not available yet.");
            }
        }

        private static ICalendarBackend CreateSandbox(ConnectRequest request)
        {
            var org = SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = request.SandboxMailboxCount });
            return new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
                Trace = request.Trace,
            });
        }

        private static ICalendarBackend CreateEws(ConnectRequest request)
        {
            var url = request.EwsUrl ?? throw new ArgumentException("An EWS connection needs -EwsUrl.", nameof(request));
            var options = new EwsConnectionOptions
            {
                Url = url,
                UseImpersonation = request.Impersonation,
                Kind = ConnectionKind.Ews,
                Trace = request.Trace,
            };

            if (request.AccessToken != null)
            {
                var token = request.AccessToken.Copy();
                token.MakeReadOnly();
                options.Authentication = EwsAuthentication.OAuth;
                options.AccessTokenProvider = _ => Task.FromResult(Reveal(token));
            }
            else
            {
                options.Authentication = request.Authentication;
                options.Credential = ToNetworkCredential(request.UserName, request.Password);
            }

            return new EwsCalendarBackend(options);
        }

        /// <summary>
        /// DOMAIN\user is split as PSCredential.GetNetworkCredential() splits it; the password stays a SecureString.
        /// </summary>
        internal static NetworkCredential ToNetworkCredential(string? userName, SecureString? password)
        {
            var name = userName ?? string.Empty;
            var secret = password ?? new SecureString();
            var slash = name.IndexOf('\\');
            return slash > 0
                ? new NetworkCredential(name.Substring(slash + 1), secret, name.Substring(0, slash))
                : new NetworkCredential(name, secret);
        }

        /// <summary>
        /// The bearer token must become a string at the moment it goes into the Authorization header; this is
        /// the only place that happens, on each request, and the result is never kept or logged.
        /// </summary>
        internal static string Reveal(SecureString secret)
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                if (ptr != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(ptr);
                }
            }
        }
    }
}
