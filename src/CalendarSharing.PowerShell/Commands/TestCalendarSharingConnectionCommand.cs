using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// The connection checklist: autodiscover, reachability, TLS version, certificate, authentication methods, sign-in,
    /// EWS enabled, Exchange version, rights on the mailbox, Graph permissions. One ConnectionCheck per check, written as
    /// it completes. Sends nothing but the sign-in and two GetFolder requests; changes nothing. With the Graph sign-in
    /// parameters of Connect-CalendarSharing (or -Sandbox), the online checklist instead: sign-in, Graph reachable, the
    /// application permissions, and one read-only probe per capability on -Mailbox.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CalendarSharingConnection", DefaultParameterSetName = AutodiscoverSet)]
    [OutputType(typeof(ConnectionCheck))]
    public sealed class TestCalendarSharingConnectionCommand : CalendarSharingCmdletBase, IConnectParameters
    {
        public const string AutodiscoverSet = ConnectionSpec.AutodiscoverSet;
        public const string EwsSet = ConnectionSpec.EwsSet;
        public const string GraphThumbprintSet = ConnectionSpec.GraphThumbprintSet;
        public const string GraphSecretSet = ConnectionSpec.GraphSecretSet;
        public const string SandboxSet = ConnectionSpec.SandboxSet;

        /// <summary>The mailbox to discover (Autodiscover) and whose calendar the rights check reads.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AutodiscoverSet)]
        [Parameter(ParameterSetName = EwsSet)]
        [Parameter(ParameterSetName = GraphThumbprintSet)]
        [Parameter(ParameterSetName = GraphSecretSet)]
        [Parameter(ParameterSetName = SandboxSet)]
        [ValidateNotNullOrEmpty]
        public string? Mailbox { get; set; }

        /// <summary>The EWS endpoint to check instead of autodiscover's.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EwsSet)]
        [Alias("Url")]
        [ValidateNotNull]
        public Uri? EwsUrl { get; set; }

        /// <summary>The account to sign in with (UPN, SMTP address or DOMAIN\user; a user name alone prompts).</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = AutodiscoverSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = EwsSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>How to sign in; Default tries Negotiate, then NTLM.</summary>
        [Parameter(ParameterSetName = AutodiscoverSet)]
        [Parameter(ParameterSetName = EwsSet)]
        [ValidateSet("Default", "Ntlm", "Negotiate", "Basic")]
        public EwsAuthentication Authentication { get; set; } = EwsAuthentication.Default;

        /// <summary>Hosts outside the mailbox's domain that autodiscover may send the credentials to.</summary>
        [Parameter(ParameterSetName = AutodiscoverSet)]
        [ValidateNotNull]
        public string[] AllowRedirectTo { get; set; } = Array.Empty<string>();

        /// <summary>Accept an untrusted certificate (the Certificate check then warns instead of failing).</summary>
        [Parameter(ParameterSetName = AutodiscoverSet)]
        [Parameter(ParameterSetName = EwsSet)]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>The Entra tenant: its id or a verified domain such as contoso.onmicrosoft.com.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphSecretSet)]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>The application (client) id of the app registration.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphThumbprintSet)]
        [Parameter(Mandatory = true, ParameterSetName = GraphSecretSet)]
        [Alias("AppId", "ApplicationId")]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>Thumbprint of the app's certificate in Cert:\CurrentUser\My or Cert:\LocalMachine\My.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphThumbprintSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        /// <summary>A client secret of the app registration.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphSecretSet)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>The Microsoft cloud of the tenant.</summary>
        [Parameter(ParameterSetName = GraphThumbprintSet)]
        [Parameter(ParameterSetName = GraphSecretSet)]
        [ValidateSet("Global", "USGov", "USGovDoD", "China")]
        public string Environment { get; set; } = "Global";

        /// <summary>Test the sandbox organisation's seeded app over Graph (no tenant needed).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SandboxSet)]
        public SwitchParameter Sandbox { get; set; }

        /// <summary>With -Sandbox: Graph (every mailbox in Exchange Online) or Hybrid (some on-premises).</summary>
        [Parameter(ParameterSetName = SandboxSet)]
        [ValidateSet("Graph", "Hybrid")]
        public string Backend { get; set; } = "Graph";

        // Connect-CalendarSharing's sign-ins this cmdlet does not offer: not given.
        int IConnectParameters.SandboxMailboxCount => 0;

        string? IConnectParameters.CredentialName => null;

        SecureString? IConnectParameters.AccessToken => null;

        SwitchParameter IConnectParameters.Impersonation => default;

        string? IConnectParameters.CertificatePath => null;

        SecureString? IConnectParameters.CertificatePassword => null;

        X509Certificate2? IConnectParameters.Certificate => null;

        SwitchParameter IConnectParameters.ManagedIdentity => default;

        string? IConnectParameters.ManagedIdentityClientId => null;

        SwitchParameter IConnectParameters.DeviceCode => default;

        SecureString? IConnectParameters.GraphAccessToken => null;

        protected override void EndProcessing()
        {
            var request = ConnectionSpec.From(this, path => GetUnresolvedProviderPathFromPSPath(path), name => throw new NotSupportedException(name));
            if (request.Kind != ConnectionKind.Ews)
            {
                RunEngine((sink, token) => Diagnostics.RunGraph(request, sink, token));
                return;
            }

            if (SkipCertificateCheck)
            {
                WriteWarning(Messages.SkipCertificateCheckWarning);
            }

            RunEngine((sink, token) => Diagnostics.Run(request, sink, token));
        }
    }
}
