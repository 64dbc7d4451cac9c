using System.Management.Automation;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Removes a user's entry from a calendar (Default and Anonymous cannot be removed; they are set to None).
    /// ConfirmImpact High: asks before each removal unless -Confirm:$false or -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CalendarShare", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CalendarShareResult))]
    public sealed class RemoveCalendarShareCommand : CalendarShareRowsCmdletBase
    {
        /// <summary>Remove without asking, unless -Confirm is given explicitly. -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => PermissionCommands().RemoveAsync);

        internal override bool ConfirmChange(string target, string action) => ConfirmUnlessForced(Force, target, action);
    }
}
