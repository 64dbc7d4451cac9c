using System;
using System.Collections.Generic;

namespace CalendarSharing.Core.Events
{
    /// <summary>One calendar of Get-CalendarEvent as the cmdlet received it ("mailbox", "mailbox:\Calendar", plus -Calendar).</summary>
    public sealed class EventReadRequest
    {
        public int? Row { get; set; }

        public string? Mailbox { get; set; }

        public string? Calendar { get; set; }

        /// <summary>The input object (a CSV row, a string): the TargetObject of any error about this row.</summary>
        public object? Source { get; set; }

        public override string ToString() => $"row {Row}: {Mailbox} {Calendar}";
    }

    /// <summary>The window of Get-CalendarEvent.</summary>
    public sealed class EventReadQuery
    {
        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        /// <summary>Series masters with their exceptions instead of occurrences.</summary>
        public bool AsSeries { get; set; }

        /// <summary>The zone to show times in (Windows or IANA); null = each event's own.</summary>
        public string? TimeZone { get; set; }
    }

    /// <summary>
    /// One row of New- or Remove-CalendarEvent as the cmdlet received it, before any parsing: a bad value in one CSV row
    /// is that row's error, not a binding failure of the whole run.
    /// </summary>
    public sealed class EventWriteRequest
    {
        public int? Row { get; set; }

        public string? Mailbox { get; set; }

        public string? Calendar { get; set; }

        /// <summary>Remove: the event's id.</summary>
        public string? Id { get; set; }

        public string? Subject { get; set; }

        /// <summary>
        /// Wall-clock start: a time without a zone (Kind Unspecified: typed as text, read from a CSV) is taken in
        /// <see cref="TimeZone"/>; a Local or Utc DateTime (Get-Date) is that instant.
        /// </summary>
        public DateTime? Start { get; set; }

        public DateTime? End { get; set; }

        /// <summary>The event's zone, Windows or IANA; null = this machine's zone.</summary>
        public string? TimeZone { get; set; }

        public EventShowAs? ShowAs { get; set; }

        public string? Location { get; set; }

        public string? Body { get; set; }

        /// <summary>The format of <see cref="Body"/>; null = plain text.</summary>
        public EventBodyType? BodyType { get; set; }

        public bool AllDay { get; set; }

        public bool Private { get; set; }

        public IList<string> Categories { get; set; } = new List<string>();

        public IList<string> Attendees { get; set; } = new List<string>();

        public bool SendInvitation { get; set; }

        /// <summary>The input object (a CSV row, a CalendarEvent, a string): the TargetObject of any error about this row.</summary>
        public object? Source { get; set; }

        public override string ToString() => $"row {Row}: {Mailbox} {Subject ?? Id}";
    }
}
