using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Stops publishing a calendar (Set-MailboxCalendarFolder -PublishEnabled $false): its HTML and ICS URLs stop working.
    /// A calendar that is not published is Unchanged. ConfirmImpact High: it asks unless -Confirm:$false.
    /// </summary>
    [Cmdlet(VerbsData.Unpublish, "Calendar", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CalendarPublishingResult))]
    public sealed class UnpublishCalendarCommand : PublishingCmdletBase
    {
        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => PublishingCommands().UnpublishAsync);
    }
}
