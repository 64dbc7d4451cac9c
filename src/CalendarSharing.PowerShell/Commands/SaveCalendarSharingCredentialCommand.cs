using System.Management.Automation;
using System.Threading.Tasks;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Saves a credential under a name, encrypted at rest (DPAPI on Windows; AES-256 + HMAC-SHA256 under
    /// $env:CALENDARSHARING_CREDENTIAL_KEY elsewhere), for Connect-CalendarSharing -CredentialName.
    /// </summary>
    [Cmdlet(VerbsData.Save, "CalendarSharingCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StoredCredentialInfo))]
    public sealed class SaveCalendarSharingCredentialCommand : CalendarSharingCredentialCmdletBase
    {
        /// <summary>The name to save it under: letters, digits and . _ @ -.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The account and password to store.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>Replace a credential already saved under this name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the saved credential's description (never the password) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var commands = CreateCommands();
            var credential = Credential!;
            RunEngine((sink, token) =>
            {
                commands.Save(Name, credential.UserName, credential.Password, Force, PassThru, sink);
                return Task.CompletedTask;
            });
        }
    }
}
