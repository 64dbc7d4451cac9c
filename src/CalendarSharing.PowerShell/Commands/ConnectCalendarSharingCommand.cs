using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Connects to an Exchange server over EWS, or to the in-process sandbox organisation, and makes the
    /// connection the default for the other cmdlets.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CalendarSharing", DefaultParameterSetName = EwsSet)]
    [OutputType(typeof(CalendarSharingConnection))]
    public sealed class ConnectCalendarSharingCommand : CalendarSharingCmdletBase
    {
        public const string SandboxSet = "Sandbox";
        public const string EwsSet = "Ews";
        public const string AccessTokenSet = "AccessToken";
        public const string GraphThumbprintSet = "GraphCertificateThumbprint";
        public const string GraphCertificatePathSet = "GraphCertificatePath";
        public const string GraphCertificateSet = "GraphCertificate";
        public const string GraphSecretSet = "GraphClientSecret";
        public const string GraphManagedIdentitySet = "GraphManagedIdentity";
        public const string GraphDeviceCodeSet = "GraphDeviceCode";
        public const string GraphAccessTokenSet = "GraphAccessToken";

        /// <summary>Connect to a simulated organisation (contoso.com) in this process; no server needed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        public SwitchParameter Sandbox { get; set; }

        /// <summary>Extra generated mailboxes user0001@contoso.com … for bulk tests.</summary>
        [Parameter(ParameterSetName = SandboxSet)]
        [ValidateRange(0, 100000)]
        public int SandboxMailboxCount { get; set; }

        /// <summary>The EWS endpoint, for example https://mail.contoso.com/EWS/Exchange.asmx.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EwsSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AccessTokenSet)]
        [Alias("Url")]
        [ValidateNotNull]
        public Uri? EwsUrl { get; set; }

        /// <summary>The account to sign in with (UPN, SMTP address or DOMAIN\user).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = EwsSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>How to authenticate with -Credential.</summary>
        [Parameter(ParameterSetName = EwsSet)]
        [ValidateSet("Default", "Ntlm", "Negotiate", "Basic")]
        public EwsAuthentication Authentication { get; set; } = EwsAuthentication.Default;

        /// <summary>An OAuth access token for EWS (from MSAL, Get-AzAccessToken …).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        /// <summary>Act as each target mailbox with ApplicationImpersonation instead of explicit access.</summary>
        [Parameter(ParameterSetName = EwsSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
        public SwitchParameter Impersonation { get; set; }

        /// <summary>Which protocol the sandbox speaks: Ews (on-premises mailboxes), Graph (Exchange Online mailboxes) or Hybrid (both, routed by home).</summary>
        [Parameter(ParameterSetName = SandboxSet)]
        [ValidateSet("Ews", "Graph", "Hybrid")]
        public string Backend { get; set; } = "Ews";

        /// <summary>The Entra tenant: its id or a verified domain such as contoso.onmicrosoft.com.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphCertificatePathSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphCertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphDeviceCodeSet)]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>The application (client) id of the app registration.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphCertificatePathSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphCertificateSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphSecretSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphDeviceCodeSet)]
        [Alias("AppId", "ApplicationId")]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>Thumbprint of the app's certificate in Cert:\CurrentUser\My or Cert:\LocalMachine\My.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphThumbprintSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        /// <summary>A .pfx file holding the app's certificate and private key.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphCertificatePathSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificatePath { get; set; }

        /// <summary>The password of the .pfx file.</summary>
        [Parameter(ParameterSetName = GraphCertificatePathSet)]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>The app's certificate, with its private key (Get-PfxCertificate, Get-Item Cert:\...).</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphCertificateSet)]
        [ValidateNotNull]
        public X509Certificate2? Certificate { get; set; }

        /// <summary>A client secret of the app registration.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphSecretSet)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Sign in as the Azure managed identity of this host (Automation account, VM, Function).</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphManagedIdentitySet)]
        public SwitchParameter ManagedIdentity { get; set; }

        /// <summary>The client id of a user-assigned managed identity; omit for the system-assigned one.</summary>
        [Parameter(ParameterSetName = GraphManagedIdentitySet)]
        [ValidateNotNullOrEmpty]
        public string? ManagedIdentityClientId { get; set; }

        /// <summary>Sign in as a user on another device with a code shown here.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphDeviceCodeSet)]
        public SwitchParameter DeviceCode { get; set; }

        /// <summary>A Microsoft Graph access token acquired elsewhere (Get-AzAccessToken, Get-MgContext …).</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphAccessTokenSet)]
        [ValidateNotNull]
        public SecureString? GraphAccessToken { get; set; }

        /// <summary>The Microsoft cloud of the tenant.</summary>
        [Parameter(ParameterSetName = GraphThumbprintSet)]
        [Parameter(ParameterSetName = GraphCertificatePathSet)]
        [Parameter(ParameterSetName = GraphCertificateSet)]
        [Parameter(ParameterSetName = GraphSecretSet)]
        [Parameter(ParameterSetName = GraphManagedIdentitySet)]
        [Parameter(ParameterSetName = GraphDeviceCodeSet)]
        [Parameter(ParameterSetName = GraphAccessTokenSet)]
        [ValidateSet("Global", "USGov", "USGovDoD", "China")]
        public string Environment { get; set; } = "Global";

        protected override void EndProcessing()
        {
            var request = BuildRequest();
            var backend = CreateBackend(request);
            var target = request.EwsUrl?.ToString() ?? (request.Kind == ConnectionKind.Graph ? "Microsoft Graph" : "sandbox");

            try
            {
                RunEngine((sink, token) => backend.ConnectAsync(token));
            }
            catch (BackendException ex)
            {
                backend.Dispose();
                ThrowTerminatingError(ErrorRecords.From(
                    ex,
                    target,
                    Messages.ConnectFailedAction,
                    string.Format(CultureInfo.CurrentCulture, Messages.ConnectFailed, target, ex.Error.Message)));
                return;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                backend.Dispose();
                ThrowTerminatingError(ErrorRecords.Create(
                    "ConnectFailed",
                    ErrorCategory.ConnectionError,
                    string.Format(CultureInfo.CurrentCulture, Messages.ConnectFailed, target, ex.Message),
                    target,
                    Messages.ConnectFailedAction,
                    ex));
                return;
            }

            if (CancellationToken.IsCancellationRequested)
            {
                backend.Dispose();
                return;
            }

            var connection = ConnectionRegistry.Add(backend, makeDefault: true);
            WriteVerbose(string.Format(
                CultureInfo.CurrentCulture,
                Messages.Connected,
                connection.Endpoint,
                connection.UserName,
                connection.Kind,
                connection.ServerVersion ?? "unknown"));
            WriteObject(connection);
        }

        private ConnectRequest BuildRequest()
        {
            var request = new ConnectRequest { Trace = DebugTrace.Write, Verbose = line => DebugTrace.Current?.WriteVerbose(line) };
            switch (ParameterSetName)
            {
                case SandboxSet:
                    request.Kind = ConnectionKind.Sandbox;
                    request.SandboxMailboxCount = SandboxMailboxCount;
                    request.SandboxBackend = Backend;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.SandboxCreating, SandboxMailboxCount));
                    break;
                case GraphThumbprintSet:
                case GraphCertificatePathSet:
                case GraphCertificateSet:
                case GraphSecretSet:
                case GraphManagedIdentitySet:
                case GraphDeviceCodeSet:
                case GraphAccessTokenSet:
                    request.Kind = ConnectionKind.Graph;
                    request.Graph = BuildGraphRequest();
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, "Microsoft Graph (" + Environment + ")", request.Graph.ClientId ?? request.Graph.ManagedIdentityClientId ?? request.Graph.SignIn, "Graph", request.Graph.SignIn));
                    break;
                case AccessTokenSet:
                    request.Kind = ConnectionKind.Ews;
                    request.EwsUrl = EwsUrl;
                    request.AccessToken = AccessToken;
                    request.Impersonation = Impersonation;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, EwsUrl, "the access token's account", "Ews", "OAuth"));
                    break;
                default:
                    request.Kind = ConnectionKind.Ews;
                    request.EwsUrl = EwsUrl;
                    request.UserName = Credential!.UserName;
                    request.Password = Credential.Password;
                    request.Authentication = Authentication;
                    request.Impersonation = Impersonation;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, EwsUrl, Credential.UserName, "Ews", Authentication));
                    break;
            }

            return request;
        }

        private GraphConnectRequest BuildGraphRequest()
        {
            var graph = new GraphConnectRequest
            {
                TenantId = TenantId,
                ClientId = ClientId,
                Environment = Environment,

                // The prompt comes from Azure.Identity on the engine's worker: it goes through the sink to the pipeline thread.
                DeviceCodePrompt = message => DebugTrace.Current?.WriteWarning(message),
            };
            switch (ParameterSetName)
            {
                case GraphThumbprintSet:
                    graph.SignIn = "ClientCertificate";
                    graph.CertificateThumbprint = CertificateThumbprint;
                    break;
                case GraphCertificatePathSet:
                    graph.SignIn = "ClientCertificate";
                    graph.CertificatePath = GetUnresolvedProviderPathFromPSPath(CertificatePath);
                    graph.CertificatePassword = CertificatePassword;
                    break;
                case GraphCertificateSet:
                    graph.SignIn = "ClientCertificate";
                    graph.Certificate = Certificate;
                    break;
                case GraphSecretSet:
                    graph.SignIn = "ClientSecret";
                    graph.ClientSecret = ClientSecret;
                    break;
                case GraphManagedIdentitySet:
                    graph.SignIn = "ManagedIdentity";
                    graph.ManagedIdentityClientId = ManagedIdentityClientId;
                    break;
                case GraphDeviceCodeSet:
                    graph.SignIn = "DeviceCode";
                    break;
                default:
                    graph.SignIn = "AccessToken";
                    graph.AccessToken = GraphAccessToken;
                    break;
            }

            return graph;
        }

        private ICalendarBackend CreateBackend(ConnectRequest request)
        {
            try
            {
                return BackendFactory.Create(request);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "ConnectFailed",
                    ErrorCategory.ConnectionError,
                    string.Format(CultureInfo.CurrentCulture, Messages.ConnectFailed, request.EwsUrl?.ToString() ?? "sandbox", ex.Message),
                    request.EwsUrl?.ToString() ?? "sandbox",
                    Messages.ConnectFailedAction,
                    ex));
                throw; // not reached
            }
        }
    }
}
