using System;
using System.Runtime.CompilerServices;
using System.Security;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Routing;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Sandbox;
using CalendarSharing.Core.Resources;

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
        public static ConnectionServices Create(ConnectRequest request)
        {
            var graph = request.Graph ?? throw new ArgumentException(Texts.Error_GraphConnectionNeedsSignIn, nameof(request));
            var options = new GraphConnectionOptions
            {
                SignIn = ToSignIn(graph),
                GraphRoot = graph.GraphRoot,
                Handler = graph.Handler,
                Kind = ConnectionKind.Graph,
                Trace = request.Trace,
            };
            return Declare(new GraphCalendarBackend(options), graph.TenantId);
        }

        /// <summary>
        /// -Sandbox -Backend Graph: the sandbox with its mailboxes in the cloud, and the real Graph backend over its
        /// handler, signing in as the sandbox's seeded app at the sandbox's own token endpoint (no tenant needed).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ConnectionServices CreateSandbox(ConnectRequest request)
        {
            var org = SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = request.SandboxMailboxCount, Topology = SandboxTopology.Cloud });
            return Declare(CreateSandboxGraph(org, request), SandboxOrganization.TenantId);
        }

        /// <summary>
        /// -Sandbox -Backend Hybrid: a hybrid organisation (some mailboxes on-premises, some in Exchange Online); each mailbox
        /// goes to EWS or Graph by its home, and -Verbose says which.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static ConnectionServices CreateHybridSandbox(ConnectRequest request)
        {
            var org = SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = request.SandboxMailboxCount, Topology = SandboxTopology.Hybrid });
            var ews = BackendFactory.Declare(BackendFactory.CreateSandboxEws(org, request));
            var graph = Declare(CreateSandboxGraph(org, request), SandboxOrganization.TenantId);
            return RoutingBackend.Compose(
                ews,
                graph,
                mailbox => org.HomeOf(mailbox) switch
                {
                    MailboxHome.Cloud => MailboxLocation.Online,
                    MailboxHome.OnPremises => MailboxLocation.OnPremises,
                    _ => null,
                },
                request.Verbose,
                routes: null,
                ownsBackends: true);
        }

        /// <summary>
        /// What an Exchange Online connection can do: calendar permissions and delegates through Graph, and mailbox access
        /// through the Exchange Online admin API, which needs the tenant (a bare Graph access token does not name it).
        /// </summary>
        internal static ConnectionServices Declare(GraphCalendarBackend graph, string? tenantId)
        {
            var services = new ConnectionServices(graph)
                .With<ICalendarBackend>(ConnectionCapabilities.Permissions, graph)
                .With<IDelegateBackend>(ConnectionCapabilities.Delegates, graph)
                .With<ICalendarEventBackend>(ConnectionCapabilities.Events, graph.Events)
                .With<IAvailabilityBackend>(ConnectionCapabilities.Availability, graph.Events)
                .With<CalendarSharing.Core.Access.IAccessScanBackend>(ConnectionCapabilities.AccessReport, graph)
                .With<CalendarSharing.Core.Access.IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership, graph);
            services.With<CalendarSharing.Core.Sync.IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed, graph.ChangeFeed); // calendarView delta (sync)
            return string.IsNullOrWhiteSpace(tenantId)
                ? services
                : services.With<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess, new ExchangeExecutorAccess(graph))
                    .With<CalendarSharing.Core.Sharing.ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy, new CalendarSharing.Core.Sharing.ExchangeSharingPolicyBackend(graph, graph.Info.SourceName))
                    .With<CalendarSharing.Core.Publishing.IPublishingBackend>(ConnectionCapabilities.Publishing, new CalendarSharing.Core.Publishing.ExchangeExecutorPublishing(graph));
        }

        /// <summary>The online checklist's probe for a Graph sign-in (Test-CalendarSharingConnection -TenantId …).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static CalendarSharing.Core.Diagnostics.IGraphConnectionProbe CreateProbe(ConnectRequest request)
        {
            var graph = request.Graph ?? throw new ArgumentException(Texts.Error_GraphConnectionNeedsSignIn, nameof(request));
            return new GraphConnectionProbe(new GraphConnectionOptions
            {
                SignIn = ToSignIn(graph),
                GraphRoot = graph.GraphRoot,
                Handler = graph.Handler,
                Kind = ConnectionKind.Graph,
                Trace = request.Trace,
            });
        }

        /// <summary>
        /// Test-CalendarSharingConnection -Sandbox: the seeded app against a sandbox organisation whose mailboxes are in the
        /// cloud (Graph) or split (Hybrid, so an on-premises mailbox shows what MailboxOnline says about it).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static CalendarSharing.Core.Diagnostics.IGraphConnectionProbe CreateSandboxProbe(ConnectRequest request)
        {
            var topology = string.Equals(request.SandboxBackend, "Hybrid", StringComparison.OrdinalIgnoreCase) ? SandboxTopology.Hybrid : SandboxTopology.Cloud;
            var org = SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = request.SandboxMailboxCount, Topology = topology });
            return new GraphConnectionProbe(SandboxGraphOptions(org, request));
        }

        private static GraphCalendarBackend CreateSandboxGraph(SandboxOrganization org, ConnectRequest request) =>
            new GraphCalendarBackend(SandboxGraphOptions(org, request));

        private static GraphConnectionOptions SandboxGraphOptions(SandboxOrganization org, ConnectRequest request)
        {
            var secret = new SecureString();
            foreach (var c in SandboxOrganization.SandboxAppSecret)
            {
                secret.AppendChar(c);
            }

            secret.MakeReadOnly();
            return new GraphConnectionOptions
            {
                SignIn = new GraphSignIn
                {
                    Kind = GraphSignInKind.ClientSecret,
                    TenantId = SandboxOrganization.TenantId,
                    ClientId = SandboxOrganization.SandboxAppClientId,
                    ClientSecret = secret,
                    AuthorityHost = org.LoginUrl,
                },
                GraphRoot = org.GraphBaseUrl,
                AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
                OrganizationDomain = "contoso.com",
                Trace = request.Trace,
            };
        }

        internal static GraphSignIn ToSignIn(GraphConnectRequest graph)
        {
            if (!Enum.TryParse<GraphSignInKind>(graph.SignIn, ignoreCase: true, out var kind))
            {
                throw new ArgumentException(Texts.Format(nameof(Texts.Error_UnknownGraphSignIn), graph.SignIn), nameof(graph));
            }

            if (!Enum.TryParse<GraphEnvironment>(graph.Environment, ignoreCase: true, out var environment))
            {
                throw new ArgumentException(Texts.Format(nameof(Texts.Error_UnknownGraphCloud), graph.Environment), nameof(graph));
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
