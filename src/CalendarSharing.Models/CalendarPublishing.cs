namespace CalendarSharing
{
    /// <summary>
    /// How much of a published calendar anonymous viewers see (Set-MailboxCalendarFolder -DetailLevel:
    /// https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailboxcalendarfolder).
    /// </summary>
    public enum PublishingDetailLevel
    {
        /// <summary>Busy times only.</summary>
        AvailabilityOnly,

        /// <summary>Busy times, subject and location.</summary>
        LimitedDetails,

        /// <summary>Everything, the description included.</summary>
        FullDetails,
    }

    /// <summary>How far before or after today a published calendar reaches (-PublishDateRangeFrom / -PublishDateRangeTo).</summary>
    public enum PublishingDateRange
    {
        OneDay,
        ThreeDays,
        OneWeek,
        OneMonth,
        ThreeMonths,
        SixMonths,
        OneYear,
    }

    /// <summary>A calendar's anonymous publishing, as Get-CalendarPublishing reads it.</summary>
    public sealed class CalendarPublishing
    {
        public CalendarPublishing(string mailbox, string calendar, bool enabled)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            Enabled = enabled;
        }

        public string Mailbox { get; }

        public string Calendar { get; }

        /// <summary>PublishEnabled: anyone with the URLs can see the calendar.</summary>
        public bool Enabled { get; }

        public PublishingDetailLevel? DetailLevel { get; set; }

        /// <summary>How far back the published calendar reaches.</summary>
        public PublishingDateRange? From { get; set; }

        /// <summary>How far ahead the published calendar reaches.</summary>
        public PublishingDateRange? To { get; set; }

        /// <summary>The web page (PublishedCalendarUrl).</summary>
        public string? HtmlUrl { get; set; }

        /// <summary>The iCalendar feed (PublishedICalUrl) that calendar apps subscribe to.</summary>
        public string? IcsUrl { get; set; }

        /// <summary>The Exchange cmdlet it was read with (Get-MailboxCalendarFolder).</summary>
        public string Source { get; set; } = "Get-MailboxCalendarFolder";

        public override string ToString() => Enabled ? $"{Mailbox}\\{Calendar} published ({DetailLevel}, {From} back, {To} ahead)" : $"{Mailbox}\\{Calendar} not published";
    }

    /// <summary>What Publish-Calendar or Unpublish-Calendar did for one calendar.</summary>
    public sealed class CalendarPublishingResult
    {
        public CalendarPublishingResult(string mailbox, string calendar, ShareAction action)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            Action = action;
        }

        public string Mailbox { get; }

        public string Calendar { get; }

        /// <summary>Added (newly published), Updated (settings or URLs changed), Removed (unpublished), Unchanged, Failed.</summary>
        public ShareAction Action { get; }

        public PublishingDetailLevel? DetailLevel { get; set; }

        public PublishingDateRange? From { get; set; }

        public PublishingDateRange? To { get; set; }

        /// <summary>True when -ResetUrl gave the calendar new URLs (the old ones stop working).</summary>
        public bool UrlReset { get; set; }

        public string? HtmlUrl { get; set; }

        public string? IcsUrl { get; set; }

        public int? Row { get; set; }

        /// <summary>A short explanation for Failed rows.</summary>
        public string? Message { get; set; }

        public override string ToString() => $"{Action} publishing of {Mailbox}\\{Calendar}";
    }
}
