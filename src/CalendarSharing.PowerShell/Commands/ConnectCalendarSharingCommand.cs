using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
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
    public sealed class ConnectCalendarSharingCommand : CalendarSharingCmdletBase
    {
        public const string SandboxSet = "Sandbox";
        public const string EwsSet = "Ews";
        public const string AccessTokenSet = "AccessToken";
        public const string EwsStoredCredentialSet = "EwsStoredCredential";
        public const string AutodiscoverSet = "Autodiscover";

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

        protected override void EndProcessing()
        {
            var request = BuildRequest();
            if (SkipCertificateCheck)
            {
                WriteWarning(Messages.SkipCertificateCheckWarning);
            }

            ICalendarBackend? backend = ParameterSetName == AutodiscoverSet ? null : CreateBackend(request);
            var target = request.Mailbox ?? request.EwsUrl?.ToString() ?? "sandbox";

            try
            {
                RunEngine(async (sink, token) =>
                {
                    if (backend == null)
                    {
                        // -Mailbox: autodiscover on the worker, each step to -Verbose.
                        backend = await BackendFactory.CreateAsync(request, sink.WriteVerbose, token).ConfigureAwait(false);
                        sink.WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, backend.Info.Endpoint, Credential!.UserName, "Ews", Authentication));
                    }

                    await backend.ConnectAsync(token).ConfigureAwait(false);
                });
            }
            catch (CalendarSharing.Ews.Autodiscover.AutodiscoverException ex)
            {
                backend?.Dispose();
                ThrowTerminatingError(ErrorRecords.Create("AutodiscoverFailed", ErrorCategory.ObjectNotFound, ex.Message, target, Messages.AutodiscoverFailedAction, ex));
                return;
            }
            catch (BackendException ex)
            {
                backend?.Dispose();
                ThrowTerminatingError(ErrorRecords.From(
                    ex,
                    target,
                    Messages.ConnectFailedAction,
                    string.Format(CultureInfo.CurrentCulture, Messages.ConnectFailed, target, ex.Error.Message)));
                return;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                backend?.Dispose();
                ThrowTerminatingError(ErrorRecords.Create(
                    "ConnectFailed",
                    ErrorCategory.ConnectionError,
                    string.Format(CultureInfo.CurrentCulture, Messages.ConnectFailed, target, ex.Message),
                    target,
                    Messages.ConnectFailedAction,
                    ex));
                return;
            }

            if (CancellationToken.IsCancellationRequested || backend == null)
            {
                backend?.Dispose();
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
            var request = new ConnectRequest { Trace = DebugTrace.Write };
            switch (ParameterSetName)
            {
                case SandboxSet:
                    request.Kind = ConnectionKind.Sandbox;
                    request.SandboxMailboxCount = SandboxMailboxCount;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.SandboxCreating, SandboxMailboxCount));
                    break;
                case AccessTokenSet:
                    request.Kind = ConnectionKind.Ews;
                    request.EwsUrl = EwsUrl;
                    request.AccessToken = AccessToken;
                    request.SkipCertificateCheck = SkipCertificateCheck;
                    request.Impersonation = Impersonation;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, EwsUrl, "the access token's account", "Ews", "OAuth"));
                    break;
                case EwsStoredCredentialSet:
                    var stored = ReadStoredCredential(CredentialName!);
                    request.Kind = ConnectionKind.Ews;
                    request.EwsUrl = EwsUrl;
                    request.UserName = stored.UserName;
                    request.Password = stored.Password;
                    request.Authentication = Authentication;
                    request.Impersonation = Impersonation;
                    request.SkipCertificateCheck = SkipCertificateCheck;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.UsingStoredCredential, stored.Info.Name, stored.UserName, stored.Info.Path));
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, EwsUrl, stored.UserName, "Ews", Authentication));
                    break;
                case AutodiscoverSet:
                    request.Kind = ConnectionKind.Ews;
                    request.Mailbox = Mailbox;
                    request.EwsUrl = EwsUrl;
                    request.UserName = Credential!.UserName;
                    request.Password = Credential.Password;
                    request.Authentication = Authentication;
                    request.Impersonation = Impersonation;
                    request.AllowRedirectTo = AllowRedirectTo;
                    request.SkipCertificateCheck = SkipCertificateCheck;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Discovering, Mailbox));
                    break;
                default:
                    request.Kind = ConnectionKind.Ews;
                    request.EwsUrl = EwsUrl;
                    request.SkipCertificateCheck = SkipCertificateCheck;
                    request.UserName = Credential!.UserName;
                    request.Password = Credential.Password;
                    request.Authentication = Authentication;
                    request.Impersonation = Impersonation;
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Connecting, EwsUrl, Credential.UserName, "Ews", Authentication));
                    break;
            }

            return request;
        }

        /// <summary>Decrypts -CredentialName from the default store; any failure ends the command with the store's error.</summary>
        private StoredCredential ReadStoredCredential(string name)
        {
            try
            {
                return new CredentialStore().Read(name);
            }
            catch (CredentialStoreException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex.ToOperationError(name)));
                throw; // not reached
            }
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
