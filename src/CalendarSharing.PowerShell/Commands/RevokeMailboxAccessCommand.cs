using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Revokes Full Access, Send As and/or Send on Behalf. A right the user lacks is Unchanged, not an error; Send
    /// on Behalf is removed with @{Remove=…}, so every other grantee stays. ConfirmImpact High.
    /// </summary>
    [Cmdlet(VerbsSecurity.Revoke, "MailboxAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MailboxAccessResult))]
    public sealed class RevokeMailboxAccessCommand : MailboxAccessRowsCmdletBase
    {
        /// <summary>Revoke without asking, unless -Confirm is given explicitly. -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => AccessCommands(needExecutor: true).RevokeAsync);

        internal override bool ConfirmChange(string target, string action) => ConfirmUnlessForced(Force, target, action);
    }
}
