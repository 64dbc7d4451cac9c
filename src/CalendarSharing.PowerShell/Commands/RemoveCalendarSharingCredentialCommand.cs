using System;
using System.Management.Automation;
using System.Threading.Tasks;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>Deletes stored credentials. ConfirmImpact High: it asks unless -Confirm:$false.</summary>
    [Cmdlet(VerbsCommon.Remove, "CalendarSharingCredential", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(StoredCredentialInfo))]
    public sealed class RemoveCalendarSharingCredentialCommand : CalendarSharingCredentialCmdletBase
    {
        /// <summary>The names to remove (exact names; Get-CalendarSharingCredential output binds by its Name).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.CredentialNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Write what was removed (name, user name, protection) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var commands = CreateCommands();
            var names = Name;
            RunEngine((sink, token) =>
            {
                commands.Remove(names, PassThru, sink);
                return Task.CompletedTask;
            });
        }
    }
}
