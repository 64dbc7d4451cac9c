using System.Management.Automation;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Removes the copies a profile made in its pairs' targets (two-way: on both sides), found by our stamp, not by state:
    /// events the profile did not make, and other profiles' copies, are never touched, and no cancellation is sent. The
    /// pairs' state is forgotten. For when a mirror is retired or access to the source was revoked.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CalendarSyncCopy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SyncPairResult))]
    public sealed class RemoveCalendarSyncCopyCommand : SyncPairsCmdletBase
    {
        internal override bool ConfirmChange(string target, string action) => ConfirmUnlessForced(Force.IsPresent, target, action);

        protected override void EndProcessing() => Run(force: false, (runner, request, sink, token) => runner.RemoveCopiesAsync(request, sink, token));
    }
}
