using System.Management.Automation;
using CalendarSharing.Core.Publishing;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Publishes a calendar for anyone with its link (Set-MailboxCalendarFolder -PublishEnabled $true), or changes how:
    /// the detail level and how far back and ahead it reaches. An upsert: a calendar already published so is Unchanged;
    /// what is left out keeps its current value. -ResetUrl gives it new URLs (the old ones stop working).
    /// </summary>
    [Cmdlet(VerbsData.Publish, "Calendar", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CalendarPublishingResult))]
    public sealed class PublishCalendarCommand : PublishingCmdletBase
    {
        /// <summary>AvailabilityOnly (busy times), LimitedDetails (with subject and location) or FullDetails.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(DetailLevelCompleter))]
        public string? DetailLevel { get; set; }

        /// <summary>How far before today: OneDay, ThreeDays, OneWeek, OneMonth, ThreeMonths, SixMonths, OneYear.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PublishDateRangeFrom")]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(PublishingRangeCompleter))]
        public string? From { get; set; }

        /// <summary>How far after today: OneDay, ThreeDays, OneWeek, OneMonth, ThreeMonths, SixMonths, OneYear.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PublishDateRangeTo")]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(PublishingRangeCompleter))]
        public string? To { get; set; }

        /// <summary>New HTML and ICS URLs; the old ones stop working.</summary>
        [Parameter]
        public SwitchParameter ResetUrl { get; set; }

        internal override void Complete(PublishingRequest row)
        {
            row.DetailLevel = DetailLevel;
            row.From = From;
            row.To = To;
            row.ResetUrl = ResetUrl.IsPresent;
        }

        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => PublishingCommands().PublishAsync);
    }
}
