using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Changes the overrides of the pairs of a profile that -Source (and -Target, when given) pick; what is not given stays.
    /// A source no pair has is SyncPairNotFound for that row. The profile is written once, atomically.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CalendarSyncPair", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SyncPairInfo))]
    public sealed class SetCalendarSyncPairCommand : SyncPairRowsCmdletBase
    {
        private protected override bool IsAdd => false;
    }
}
