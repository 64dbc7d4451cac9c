using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Checks the organisation's sharing policies against CISA SCuBA MS.EXO.6.2v1 (calendar details are not shared with
    /// all domains) and CIS Microsoft 365 1.3.3 (external calendar sharing is not available): one result per check,
    /// Pass or Fail, with the evidence read.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ExternalCalendarSharing")]
    [OutputType(typeof(ExternalSharingCheck))]
    public sealed class TestExternalCalendarSharingCommand : SharingPolicyCmdletBase
    {
        protected override void EndProcessing()
        {
            var commands = PolicyCommands();
            RunEngine((sink, token) => commands.TestAsync(sink, token));
        }
    }
}
