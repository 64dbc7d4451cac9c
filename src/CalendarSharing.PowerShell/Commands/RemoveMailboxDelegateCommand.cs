using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Removes a delegate (on Exchange its delegate folder permissions and Send on Behalf go with it). A user who
    /// is no delegate is Unchanged. ConfirmImpact High: asks unless -Confirm:$false or -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "MailboxDelegate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MailboxDelegateResult))]
    public sealed class RemoveMailboxDelegateCommand : MailboxDelegateCmdletBase
    {
        /// <summary>Remove without asking, unless -Confirm is given explicitly. -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => DelegateCommands().RemoveAsync);

        internal override bool ConfirmChange(string target, string action) => ConfirmUnlessForced(Force, target, action);
    }
}
