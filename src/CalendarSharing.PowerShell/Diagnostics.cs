using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Core.Output;

namespace CalendarSharing.PowerShell
{
    /// <summary>Test-CalendarSharingConnection's engine call, kept out of the cmdlet class (whose public surface must not name Core).</summary>
    internal static class Diagnostics
    {
        public static Task Run(ConnectRequest request, IOutputSink sink, CancellationToken token)
        {
            var probe = BackendFactory.CreateProbe(request, sink.WriteVerbose);
            return new ConnectionDiagnostics(probe).RunAsync(
                new DiagnosticsRequest { EwsUrl = request.EwsUrl, Mailbox = request.Mailbox, SkipCertificateCheck = request.SkipCertificateCheck },
                sink,
                token);
        }

        /// <summary>The online checklist: a Graph sign-in (or the sandbox's seeded app) and the mailbox to probe with.</summary>
        public static async Task RunGraph(ConnectRequest request, IOutputSink sink, CancellationToken token)
        {
            var probe = request.Kind == CalendarSharing.ConnectionKind.Sandbox
                ? GraphBackendFactory.CreateSandboxProbe(request)
                : GraphBackendFactory.CreateProbe(request);
            try
            {
                await new GraphConnectionDiagnostics(probe).RunAsync(request.Mailbox, sink, token).ConfigureAwait(false);
            }
            finally
            {
                (probe as System.IDisposable)?.Dispose();
            }
        }
    }
}
