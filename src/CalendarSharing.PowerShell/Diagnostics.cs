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
    }
}
