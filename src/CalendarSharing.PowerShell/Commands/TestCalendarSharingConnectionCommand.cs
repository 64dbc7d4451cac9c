using System;
using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// The connection checklist: autodiscover, reachability, TLS version, certificate, authentication methods, sign-in,
    /// EWS enabled, Exchange version, rights on the mailbox, Graph permissions. One ConnectionCheck per check, written as
    /// it completes. Sends nothing but the sign-in and two GetFolder requests; changes nothing.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CalendarSharingConnection", DefaultParameterSetName = AutodiscoverSet)]
    [OutputType(typeof(ConnectionCheck))]
    public sealed class TestCalendarSharingConnectionCommand : CalendarSharingCmdletBase
    {
        public const string AutodiscoverSet = "Autodiscover";
        public const string EwsSet = "Ews";

        /// <summary>The mailbox to discover (Autodiscover) and whose calendar the rights check reads.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AutodiscoverSet)]
        [Parameter(ParameterSetName = EwsSet)]
        [ValidateNotNullOrEmpty]
        public string? Mailbox { get; set; }

        /// <summary>The EWS endpoint to check instead of autodiscover's.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = EwsSet)]
        [Alias("Url")]
        [ValidateNotNull]
        public Uri? EwsUrl { get; set; }

        /// <summary>The account to sign in with (UPN, SMTP address or DOMAIN\user; a user name alone prompts).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>How to sign in; Default tries Negotiate, then NTLM.</summary>
        [Parameter]
        [ValidateSet("Default", "Ntlm", "Negotiate", "Basic")]
        public EwsAuthentication Authentication { get; set; } = EwsAuthentication.Default;

        /// <summary>Hosts outside the mailbox's domain that autodiscover may send the credentials to.</summary>
        [Parameter(ParameterSetName = AutodiscoverSet)]
        [ValidateNotNull]
        public string[] AllowRedirectTo { get; set; } = Array.Empty<string>();

        /// <summary>Accept an untrusted certificate (the Certificate check then warns instead of failing).</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        protected override void EndProcessing()
        {
            var request = new ConnectRequest
            {
                Kind = ConnectionKind.Ews,
                Mailbox = Mailbox,
                EwsUrl = EwsUrl,
                UserName = Credential!.UserName,
                Password = Credential.Password,
                Authentication = Authentication,
                AllowRedirectTo = AllowRedirectTo,
                SkipCertificateCheck = SkipCertificateCheck,
                Trace = DebugTrace.Write,
            };

            if (SkipCertificateCheck)
            {
                WriteWarning(Messages.SkipCertificateCheckWarning);
            }

            RunEngine((sink, token) => Diagnostics.Run(request, sink, token));
        }
    }
}
