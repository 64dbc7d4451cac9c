namespace CalendarSharing.Core.Publishing
{
    /// <summary>One row of Publish-, Unpublish- or Get-CalendarPublishing as received, before parsing.</summary>
    public sealed class PublishingRequest
    {
        public int? Row { get; set; }

        public string? Mailbox { get; set; }

        /// <summary>A secondary calendar's display name; empty for the default calendar.</summary>
        public string? Calendar { get; set; }

        /// <summary>AvailabilityOnly, LimitedDetails or FullDetails (text, so one bad CSV cell fails one row); empty keeps the current one.</summary>
        public string? DetailLevel { get; set; }

        /// <summary>OneDay … OneYear before today; empty keeps the current one.</summary>
        public string? From { get; set; }

        /// <summary>OneDay … OneYear after today; empty keeps the current one.</summary>
        public string? To { get; set; }

        /// <summary>-ResetUrl: new URLs, the old ones stop working.</summary>
        public bool ResetUrl { get; set; }

        public object? Source { get; set; }

        public override string ToString() => $"row {Row}: {Mailbox} {Calendar}";
    }
}
