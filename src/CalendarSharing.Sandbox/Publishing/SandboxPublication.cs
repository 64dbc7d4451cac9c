using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Publishing
{
    /// <summary>One calendar's publishing, as Set-MailboxCalendarFolder keeps it (Exchange's defaults until set).</summary>
    internal sealed class SandboxPublication
    {
        public bool Enabled { get; set; }

        public PublishingDetailLevel DetailLevel { get; set; } = PublishingDetailLevel.AvailabilityOnly;

        public PublishingDateRange From { get; set; } = PublishingDateRange.ThreeMonths;

        public PublishingDateRange To { get; set; } = PublishingDateRange.ThreeMonths;

        /// <summary>The secret part of both URLs; null before the first publication; new with -ResetUrl.</summary>
        public string? Token { get; set; }

        public SandboxPublication Clone() => (SandboxPublication)MemberwiseClone();
    }

    /// <summary>What a published calendar shows: the organisation's answer, which the HTML and ICS writers only render.</summary>
    internal sealed class PublishedView
    {
        public PublishedView(string mailbox, string calendar, PublishingDetailLevel level, DateTime startUtc, DateTime endUtc)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            Level = level;
            StartUtc = startUtc;
            EndUtc = endUtc;
        }

        public string Mailbox { get; }

        public string Calendar { get; }

        public PublishingDetailLevel Level { get; }

        public DateTime StartUtc { get; }

        public DateTime EndUtc { get; }

        public List<PublishedItem> Items { get; } = new List<PublishedItem>();
    }

    /// <summary>One occurrence as published: what the level hides is null.</summary>
    internal sealed class PublishedItem
    {
        public string Uid { get; set; } = string.Empty;

        /// <summary>For an occurrence of a series: its original start (the iCalendar RECURRENCE-ID).</summary>
        public DateTime? RecurrenceIdUtc { get; set; }

        public DateTime StartUtc { get; set; }

        public DateTime EndUtc { get; set; }

        public bool IsAllDay { get; set; }

        /// <summary>The Windows zone id the item keeps its all-day dates in.</summary>
        public string TimeZone { get; set; } = "UTC";

        public EventShowAs ShowAs { get; set; }

        public bool IsPrivate { get; set; }

        public string? Subject { get; set; }

        public string? Location { get; set; }

        public string? Description { get; set; }
    }
}
