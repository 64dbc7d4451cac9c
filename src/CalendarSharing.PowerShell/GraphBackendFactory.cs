using System;
using System.Runtime.CompilerServices;
using CalendarSharing.Core.Backends;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// The Graph half of the composition root. A class of its own so that nothing on the EWS or import path is
    /// compiled against CalendarSharing.Online: the Online assembly (and Microsoft.Graph behind it) loads only when
    /// one of these methods runs, i.e. when a Graph connection is made.
    /// </summary>
    internal static class GraphBackendFactory
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ICalendarBackend Create(ConnectRequest request)
        {
            var graph = request.Graph ?? throw new ArgumentException("A Graph connection needs a sign-in.", nameof(request));
            var options = new GraphConnectionOptions
            {
                SignIn = ToSignIn(graph),
                GraphRoot = graph.GraphRoot,
                Handler = graph.Handler,
                Kind = ConnectionKind.Graph,
                Trace = request.Trace,
            };
            return new GraphCalendarBackend(options);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ICalendarBackend CreateSandbox(ConnectRequest request) =>
            throw new NotSupportedException("The Graph sandbox is not available in this build yet.");

        internal static GraphSignIn ToSignIn(GraphConnectRequest graph)
        {
            if (!Enum.TryParse<GraphSignInKind>(graph.SignIn, ignoreCase: true, out var kind))
            {
                throw new ArgumentException($"Unknown Graph sign-in '{graph.SignIn}'.", nameof(graph));
            }

            if (!Enum.TryParse<GraphEnvironment>(graph.Environment, ignoreCase: true, out var environment))
            {
                throw new ArgumentException($"Unknown cloud '{graph.Environment}'. Use Global, USGov, USGovDoD or China.", nameof(graph));
            }

            return new GraphSignIn
            {
                Kind = kind,
                TenantId = graph.TenantId,
                ClientId = graph.ClientId,
                CertificateThumbprint = graph.CertificateThumbprint,
                CertificatePath = graph.CertificatePath,
                CertificatePassword = graph.CertificatePassword,
                Certificate = graph.Certificate,
                ClientSecret = graph.ClientSecret,
                ManagedIdentityClientId = graph.ManagedIdentityClientId,
                AccessToken = graph.AccessToken,
                DeviceCodePrompt = graph.DeviceCodePrompt,
                Environment = environment,
                AuthorityHost = graph.AuthorityHost,
            };
        }
    }
}
