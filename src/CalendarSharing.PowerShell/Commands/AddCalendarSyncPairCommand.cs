using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Adds pairs to a sync profile: from Import-Csv rows (Source, Target and any override column) or parameters. A pair
    /// already in the profile gets the overrides given (Updated) or stays as it is (Unchanged), so a CSV run twice changes
    /// nothing the second time. A bad row is an error naming the row; the good rows are written, once, atomically.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "CalendarSyncPair", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SyncPairInfo))]
    public sealed class AddCalendarSyncPairCommand : SyncPairRowsCmdletBase
    {
        private protected override bool IsAdd => true;
    }
}
