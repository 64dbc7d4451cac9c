using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Reads each calendar's anonymous publishing (Get-MailboxCalendarFolder): whether it is published, the detail
    /// level, how far back and ahead it reaches, and its HTML and ICS URLs.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarPublishing")]
    [OutputType(typeof(CalendarPublishing))]
    public sealed class GetCalendarPublishingCommand : PublishingCmdletBase
    {
        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => PublishingCommands().GetAsync);
    }
}
