using System;
using CalendarSharing.Core.Resources;
using CalendarSharing.Core.Commands;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Credentials;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Connects to an Exchange server over EWS, or to the in-process sandbox organisation, and makes the
    /// connection the default for the other cmdlets.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CalendarSharing", DefaultParameterSetName = EwsSet)]
    [OutputType(typeof(CalendarSharingConnection))]
    public sealed class ConnectCalendarSharingCommand : CalendarSharingCmdletBase, IConnectParameters
    {
        public const string SandboxSet = ConnectionSpec.SandboxSet;
        public const string EwsSet = ConnectionSpec.EwsSet;
        public const string AccessTokenSet = ConnectionSpec.AccessTokenSet;
        public const string EwsStoredCredentialSet = ConnectionSpec.EwsStoredCredentialSet;
        public const string AutodiscoverSet = ConnectionSpec.AutodiscoverSet;
        public const string GraphThumbprintSet = ConnectionSpec.GraphThumbprintSet;
        public const string GraphCertificatePathSet = ConnectionSpec.GraphCertificatePathSet;
        public const string GraphCertificateSet = ConnectionSpec.GraphCertificateSet;
        public const string GraphSecretSet = ConnectionSpec.GraphSecretSet;
        public const string GraphManagedIdentitySet = ConnectionSpec.GraphManagedIdentitySet;
        public const string GraphDeviceCodeSet = ConnectionSpec.GraphDeviceCodeSet;
        public const string GraphAccessTokenSet = ConnectionSpec.GraphAccessTokenSet;

        /// <summary>Connect to a simulated organisation (contoso.com) in this process; no server needed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        public SwitchParameter Sandbox { get; set; }

        /// <summary>Extra generated mailboxes user0001@contoso.com … for bulk tests.</summary>
        [Parameter(ParameterSetName = SandboxSet)]
        [ValidateRange(0, 100000)]
        public int SandboxMailboxCount { get; set; }

        /// <summary>The mailbox's SMTP address: autodiscover finds its EWS URL.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AutodiscoverSet)]
        [ValidateNotNullOrEmpty]
        public string? Mailbox { get; set; }

        /// <summary>The EWS endpoint, for example https://mail.contoso.com/EWS/Exchange.asmx (with -Mailbox: the fallback).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EwsSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AccessTokenSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EwsStoredCredentialSet)]
        [Parameter(ParameterSetName = AutodiscoverSet)]
        [Alias("Url")]
        [ValidateNotNull]
        public Uri? EwsUrl { get; set; }

        /// <summary>The account to sign in with (UPN, SMTP address or DOMAIN\user).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = EwsSet)]
        [Parameter(Mandatory = true, ParameterSetName = AutodiscoverSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>
        /// The name of a credential saved with Save-CalendarSharingCredential (in $env:CALENDARSHARING_CREDENTIAL_PATH
        /// or the per-user folder), used instead of -Credential.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = EwsStoredCredentialSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.CredentialNameCompleter))]
        public string? CredentialName { get; set; }

        /// <summary>How to authenticate with -Credential.</summary>
        [Parameter(ParameterSetName = EwsSet)]
        [Parameter(ParameterSetName = EwsStoredCredentialSet)]
        [Parameter(ParameterSetName = AutodiscoverSet)]
        [ValidateSet("Default", "Ntlm", "Negotiate", "Basic")]
        public EwsAuthentication Authentication { get; set; } = EwsAuthentication.Default;

        /// <summary>An OAuth access token for EWS (from MSAL, Get-AzAccessToken …).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        /// <summary>Act as each target mailbox with ApplicationImpersonation instead of explicit access.</summary>
        [Parameter(ParameterSetName = EwsSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
        [Parameter(ParameterSetName = EwsStoredCredentialSet)]
        [Parameter(ParameterSetName = AutodiscoverSet)]
        public SwitchParameter Impersonation { get; set; }

        /// <summary>Hosts outside the mailbox's domain that autodiscover may send the credentials to (redirects, SRV).</summary>
        [Parameter(ParameterSetName = AutodiscoverSet)]
        [ValidateNotNull]
        public string[] AllowRedirectTo { get; set; } = Array.Empty<string>();

        /// <summary>Accept any server certificate (labs only); writes a warning.</summary>
        [Parameter(ParameterSetName = EwsSet)]
        [Parameter(ParameterSetName = EwsStoredCredentialSet)]
        [Parameter(ParameterSetName = AccessTokenSet)]
        [Parameter(ParameterSetName = AutodiscoverSet)]
        public SwitchParameter SkipCertificateCheck { get; set; }

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

        /// <summary>A name for the connection: how sync profiles name it (SourceConnection, TargetConnection). Never a secret.</summary>
        [Parameter]
        [ValidatePattern("^[A-Za-z0-9](?:[A-Za-z0-9._@-]*[A-Za-z0-9_@-])?$")]
        [ValidateLength(1, 64)]
        public string? Name { get; set; }

        protected override void EndProcessing()
        {
            var request = BuildRequest();
            if (SkipCertificateCheck)
            {
                WriteWarning(Messages.SkipCertificateCheckWarning);
            }

            ConnectionServices? connected = ParameterSetName == AutodiscoverSet ? null : CreateBackend(request);
            var target = TargetOf(request);

            try
            {
                RunEngine(async (sink, token) =>
                {
                    if (connected == null)
                    {
                        // -Mailbox: autodiscover on the worker, each step to -Verbose.
                        connected = await BackendFactory.CreateConnectionAsync(request, sink.WriteVerbose, token).ConfigureAwait(false);
                        sink.WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, connected.Info.Endpoint, Credential!.UserName, "Ews", Authentication));
                    }

                    await connected.Backend.ConnectAsync(token).ConfigureAwait(false);
                });
            }
            catch (CalendarSharing.Ews.Autodiscover.AutodiscoverException ex)
            {
                connected?.Backend.Dispose();
                ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.AutodiscoverFailed(target, ex.Message, ex)));
                return;
            }
            catch (BackendException ex)
            {
                connected?.Backend.Dispose();
                WriteCauses(ex);
                ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.ForRequest(
                    ex,
                    ErrorFamily.Connections,
                    target,
                    string.Format(CultureInfo.CurrentCulture, Messages.ConnectFailed, target, ex.Error.Message))));
                return;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                connected?.Backend.Dispose();
                ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.ConnectFailed(target, ex.Message, ex)));
                return;
            }

            if (CancellationToken.IsCancellationRequested || connected == null)
            {
                connected?.Backend.Dispose();
                return;
            }

            var connection = RunspaceConnections.Current.Add(connected, makeDefault: true);
            connection.Name = string.IsNullOrWhiteSpace(Name) ? null : Name;
            WriteVerbose(string.Format(
                CultureInfo.CurrentCulture,
                Messages.Connected,
                connection.Endpoint,
                connection.UserName,
                connection.Kind,
                connection.ServerVersion ?? "unknown"));
            WriteObject(connection);
        }

        /// <summary>The connection spec for the bound parameter set (the mapping Test-CalendarSharingConnection shares), said on -Verbose.</summary>
        private ConnectRequest BuildRequest()
        {
            var request = ConnectionSpec.From(this, path => GetUnresolvedProviderPathFromPSPath(path), ReadStoredCredential);
            switch (request.Kind)
            {
                case ConnectionKind.Sandbox:
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.SandboxCreating, SandboxMailboxCount));
                    break;
                case ConnectionKind.Graph:
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, "Microsoft Graph (" + Environment + ")", request.Graph!.ClientId ?? request.Graph.ManagedIdentityClientId ?? request.Graph.SignIn, "Graph", request.Graph.SignIn));
                    break;
                case ConnectionKind.Ews when ParameterSetName == AutodiscoverSet:
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Discovering, Mailbox));
                    break;
                case ConnectionKind.Ews when ParameterSetName == AccessTokenSet:
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, EwsUrl, "the access token's account", "Ews", "OAuth"));
                    break;
                default:
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, EwsUrl, request.UserName, "Ews", Authentication));
                    break;
            }

            return request;
        }

        /// <summary>Decrypts -CredentialName from the default store; any failure ends the command with the store's error.</summary>
        private StoredCredential ReadStoredCredential(string name)
        {
            try
            {
                var stored = new CredentialStore().Read(name);
                WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.UsingStoredCredential, stored.Info.Name, stored.UserName, stored.Info.Path));
                return stored;
            }
            catch (CredentialStoreException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex.ToOperationError(name)));
                throw; // not reached
            }
        }

        private ConnectionServices CreateBackend(ConnectRequest request)
        {
            try
            {
                return BackendFactory.CreateConnection(request);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                WriteCauses(ex);
                ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.ConnectFailed(TargetOf(request), ex.Message, ex)));
                throw; // not reached
            }
        }

        /// <summary>-Verbose: the exceptions under a failed connect, type and first line each (they never hold a secret).</summary>
        private void WriteCauses(Exception ex)
        {
            if (ex.InnerException is null)
            {
                return;
            }

            foreach (var line in CalendarSharing.Core.Diagnostics.ExceptionChain.VerboseLines(ex.InnerException))
            {
                WriteVerbose(line);
            }
        }

        /// <summary>
        /// What the connection is to, as errors name it: the mailbox, the EWS URL, the tenant, or the sandbox, and only
        /// the sandbox when it is one.
        /// </summary>
        private static string TargetOf(ConnectRequest request)
        {
            if (request.Mailbox != null)
            {
                return request.Mailbox;
            }

            if (request.EwsUrl != null)
            {
                return request.EwsUrl.ToString();
            }

            switch (request.Kind)
            {
                case ConnectionKind.Graph:
                    return string.IsNullOrEmpty(request.Graph?.TenantId) ? Texts.Target_Graph : Texts.Format(nameof(Texts.Target_GraphTenant), request.Graph!.TenantId);
                case ConnectionKind.Sandbox:
                    return Texts.Target_Sandbox;
                default:
                    return request.Kind.ToString();
            }
        }
    }
}
