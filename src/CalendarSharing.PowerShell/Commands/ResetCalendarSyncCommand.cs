using System.Management.Automation;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Full re-sync of pairs: forgets their state (watermarks, the item map) and runs a pass that compares the whole
    /// window by stamp, so the copies already there are found (no duplicates) and what is missing or changed is mirrored.
    /// </summary>
    [Cmdlet(VerbsCommon.Reset, "CalendarSync", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SyncPairResult))]
    public sealed class ResetCalendarSyncCommand : SyncPairsCmdletBase
    {
        protected override void EndProcessing() => Run(Force.IsPresent, (runner, request, sink, token) => runner.ResetAsync(request, sink, token));
    }
}
