using System;
using System.Net;
using System.Net.Security;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Credentials;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Ews;
using CalendarSharing.Ews.Autodiscover;
using CalendarSharing.Sandbox;
using CalendarSharing.Core.Resources;

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

        /// <summary>-Mailbox: the SMTP address autodiscover starts from (-EwsUrl, when also given, is the fallback).</summary>
        public string? Mailbox { get; set; }

        /// <summary>-AllowRedirectTo: hosts outside the mailbox's domain that autodiscover may send credentials to.</summary>
        public string[] AllowRedirectTo { get; set; } = Array.Empty<string>();

        /// <summary>-SkipCertificateCheck.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>Tests only: a named autodiscover candidate URL to the sandbox host serving it. Null in production (real names).</summary>
        public Func<Uri, Uri>? MapEndpoint { get; set; }

        /// <summary>Tests only: pin the sandbox's certificate. Null in production (the platform's check).</summary>
        public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

        /// <summary>Tests only: a private autodiscover cache and SRV answers. Null: the process-wide cache, the machine's DNS.</summary>
        public AutodiscoverCache? AutodiscoverCache { get; set; }

        public ISrvResolver? SrvResolver { get; set; }

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
        /// <summary>The backend for the request (what <see cref="CreateConnection"/> declares its capabilities for).</summary>
        public static ICalendarBackend Create(ConnectRequest request) => CreateConnection(request).Backend;

        /// <summary>The backend for the request with the capabilities it serves declared.</summary>
        public static ConnectionServices CreateConnection(ConnectRequest request)
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
                    return Declare(CreateSandbox(request));
                case ConnectionKind.Graph:
                    return GraphBackendFactory.Create(request);
                case ConnectionKind.Ews:
                    return Declare(CreateEws(request));
                default:
                    throw new NotSupportedException(Texts.Format(nameof(Texts.Error_ConnectionKindNotAvailable), request.Kind));
            }
        }

        /// <summary>
        /// What an EWS connection (a server's or the sandbox's) can do: calendar permissions (GetFolder/UpdateFolder) and
        /// delegates (Get/Add/Update/RemoveDelegate). Not mailbox access: Full Access, Send As and Send on Behalf live in the
        /// Exchange Management Shell, which the mailbox-access cmdlets reach through -ExchangeSession.
        /// </summary>
        internal static ConnectionServices Declare(EwsCalendarBackend ews) =>
            new ConnectionServices(ews)
                .With<ICalendarBackend>(ConnectionCapabilities.Permissions, ews)
                .With<IDelegateBackend>(ConnectionCapabilities.Delegates, ews)
                .With<Core.Events.ICalendarEventBackend>(ConnectionCapabilities.Events, ews.EventBackend)
                .With<Core.Availability.IAvailabilityBackend>(ConnectionCapabilities.Availability, ews.EventBackend)
                .With<Core.Sync.IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed, ews.ChangeFeedBackend)
                .With<Core.Access.IAccessScanBackend>(ConnectionCapabilities.AccessReport, ews)
                .With<IAccountSignIn>(ConnectionCapabilities.SignInAs, new EwsAccountSignIn(ews)) // a sync profile's stored credential
                .With<Core.Access.IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership, ews);

        internal static EwsCalendarBackend CreateSandboxEws(SandboxOrganization org, ConnectRequest request) =>
            new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
                Trace = request.Trace,
            });

        private static EwsCalendarBackend CreateSandbox(ConnectRequest request) =>
            CreateSandboxEws(SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = request.SandboxMailboxCount }), request);

        private static EwsCalendarBackend CreateEws(ConnectRequest request)
        {
            var url = request.EwsUrl ?? throw new ArgumentException(Texts.Error_EwsConnectionNeedsUrl, nameof(request));
            return new EwsCalendarBackend(EwsOptions(request, url));
        }

        /// <summary>
        /// -Mailbox: autodiscover first (each step to <paramref name="verbose"/>), then the backend for the URL found;
        /// when autodiscover finds nothing and -EwsUrl was given, that URL. Without -Mailbox, as <see cref="Create"/>.
        /// </summary>
        public static async Task<ICalendarBackend> CreateAsync(ConnectRequest request, Action<string>? verbose, CancellationToken cancellationToken) =>
            (await CreateConnectionAsync(request, verbose, cancellationToken).ConfigureAwait(false)).Backend;

        /// <summary>As <see cref="CreateAsync"/>, with the capabilities declared.</summary>
        public static async Task<ConnectionServices> CreateConnectionAsync(ConnectRequest request, Action<string>? verbose, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.Kind != ConnectionKind.Ews || string.IsNullOrWhiteSpace(request.Mailbox))
            {
                return CreateConnection(request);
            }

            Uri url;
            try
            {
                var found = await new AutodiscoverClient(AutodiscoverOptions(request, verbose)).DiscoverAsync(request.Mailbox!, cancellationToken).ConfigureAwait(false);
                url = found.EwsUrl;
            }
            catch (AutodiscoverException) when (request.EwsUrl != null)
            {
                verbose?.Invoke(Texts.Format(nameof(Texts.Verbose_AutodiscoverFallback), request.EwsUrl));
                url = request.EwsUrl;
            }

            return Declare(new EwsCalendarBackend(EwsOptions(request, url)));
        }

        /// <summary>The Test-CalendarSharingConnection probe for this request (autodiscover only with -Mailbox and no -EwsUrl).</summary>
        public static IConnectionProbe CreateProbe(ConnectRequest request, Action<string>? verbose)
        {
            var template = EwsOptions(request, request.EwsUrl ?? new Uri("https://localhost/EWS/Exchange.asmx"));
            var discover = request.EwsUrl == null && !string.IsNullOrWhiteSpace(request.Mailbox);
            return new EwsConnectionProbe(template, discover ? AutodiscoverOptions(request, verbose) : null, discover ? request.Mailbox : null);
        }

        internal static AutodiscoverOptions AutodiscoverOptions(ConnectRequest request, Action<string>? verbose) => new AutodiscoverOptions
        {
            Connection = EwsOptions(request, new Uri("https://localhost/")),
            AllowRedirectTo = request.AllowRedirectTo ?? Array.Empty<string>(),
            MapEndpoint = request.MapEndpoint,
            Cache = request.AutodiscoverCache ?? CalendarSharing.Ews.Autodiscover.AutodiscoverCache.Shared,
            SrvResolver = request.SrvResolver ?? new DnsSrvResolver(),
            Trace = verbose,
        };

        private static EwsConnectionOptions EwsOptions(ConnectRequest request, Uri url)
        {
            var options = new EwsConnectionOptions
            {
                Url = url, // EWS URLs are used as given or found; MapEndpoint is for autodiscover candidates
                UseImpersonation = request.Impersonation,
                Kind = ConnectionKind.Ews,
                Trace = request.Trace,
                SkipCertificateCheck = request.SkipCertificateCheck,
                ServerCertificateValidation = request.ServerCertificateValidation,
            };

            if (request.AccessToken != null)
            {
                var token = request.AccessToken.Copy();
                token.MakeReadOnly();
                options.Authentication = EwsAuthentication.OAuth;
                options.AccessTokenProvider = _ => Task.FromResult(SecureStringText.Reveal(token));
            }
            else
            {
                options.Authentication = request.Authentication;
                options.Credential = ToNetworkCredential(request.UserName, request.Password);
            }

            return options;
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
    }
}
