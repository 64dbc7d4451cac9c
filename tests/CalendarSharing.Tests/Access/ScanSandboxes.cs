using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Routing;
using CalendarSharing.Online.Graph;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>One organisation (EWS, Graph or hybrid) with every EWS message checked against the XSDs, and its connection as Connect-CalendarSharing declares it.</summary>
    public sealed class ScanSandbox : IDisposable
    {
        private ScanSandbox(SandboxOrganization org, ConnectionServices services)
        {
            Org = org;
            Services = services;
        }

        public SandboxOrganization Org { get; }

        public ConnectionServices Services { get; }

        public static async Task<ScanSandbox> StartAsync(string kind, Action<SandboxOrganization>? prepare = null, Action<SandboxOptions>? options = null)
        {
            var topology = kind == "Ews" ? SandboxTopology.OnPremises : kind == "Graph" ? SandboxTopology.Cloud : SandboxTopology.Hybrid;
            var settings = new SandboxOptions { StrictValidation = true, SchemaDirectory = SandboxSession.SchemaDirectory, Topology = topology };
            options?.Invoke(settings);
            var org = SandboxOrganization.Create(settings);
            prepare?.Invoke(org);
            ConnectionServices services;
            switch (kind)
            {
                case "Ews":
                    services = BackendFactory.Declare(BackendFactory.CreateSandboxEws(org, new ConnectRequest()));
                    break;
                case "Graph":
                    services = GraphBackendFactory.Declare(new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler())), SandboxOrganization.TenantId);
                    break;
                default:
                    var ews = BackendFactory.Declare(BackendFactory.CreateSandboxEws(org, new ConnectRequest()));
                    var graph = GraphBackendFactory.Declare(new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler())), SandboxOrganization.TenantId);
                    services = RoutingBackend.Compose(
                        ews,
                        graph,
                        mailbox => org.HomeOf(mailbox) switch
                        {
                            MailboxHome.Cloud => MailboxLocation.Online,
                            MailboxHome.OnPremises => MailboxLocation.OnPremises,
                            _ => null,
                        },
                        null,
                        routes: null,
                        ownsBackends: true);
                    break;
            }

            await services.Backend.ConnectAsync(CancellationToken.None);
            return new ScanSandbox(org, services);
        }

        public CalendarAccessScanner Scanner() => CalendarAccessScanner.For(Services);

        public async Task<(IReadOnlyList<CalendarAccessRow> Rows, RecordingSink Sink, AccessScanStats Stats)> ScanAsync(AccessScanOptions options, Action<CalendarAccessScanner>? configure = null, CancellationToken cancellationToken = default)
        {
            var scanner = Scanner();
            configure?.Invoke(scanner);
            var sink = new RecordingSink();
            var stats = await scanner.ScanAsync(options, sink, cancellationToken);
            return (sink.OfType<CalendarAccessRow>(), sink, stats);
        }

        /// <summary>Every EWS message of the run was schema-valid.</summary>
        public void AssertWireValid() => Assert.Empty(Org.SchemaViolations);

        public void Dispose() => Services.Backend.Dispose();

        /// <summary>A row as one line a test can compare: mailbox, calendar, who, how, role, exposure (and the error id).</summary>
        public static string Line(CalendarAccessRow r) =>
            r.ErrorId != null
                ? $"{r.Mailbox}\\{r.Calendar} ! {r.ErrorId}"
                : $"{r.Mailbox}\\{r.Calendar} {r.Principal} {r.Path} {r.Role} {r.Exposure}" + (r.Domain != null ? " " + r.Domain : string.Empty) + (r.OverPolicy ? " OverPolicy" : string.Empty);
    }
}
