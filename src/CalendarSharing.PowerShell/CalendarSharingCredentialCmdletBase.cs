using System.Management.Automation;
using CalendarSharing.Core.Credentials;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Base of Save-, Get- and Remove-CalendarSharingCredential: owns -Path (the folder of the store) and makes
    /// the Core store for it. A relative -Path is relative to PowerShell's current location, not the process's.
    /// </summary>
    public abstract class CalendarSharingCredentialCmdletBase : CalendarSharingCmdletBase
    {
        /// <summary>The folder of the credential store; default: $env:CALENDARSHARING_CREDENTIAL_PATH, else the per-user folder.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        internal CredentialCommands CreateCommands()
        {
            var options = new CredentialStoreOptions
            {
                Folder = Path is null ? null : GetUnresolvedProviderPathFromPSPath(Path),
            };

            try
            {
                return new CredentialCommands(new CredentialStore(options));
            }
            catch (CredentialStoreException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex.ToOperationError(Path)));
                throw; // not reached
            }
        }
    }
}
