using System;
using System.Collections.Generic;

namespace CalendarSharing
{
    /// <summary>How an event shows on its owner's free/busy (EWS LegacyFreeBusyType, Graph freeBusyStatus).</summary>
    public enum EventShowAs
    {
        Free = 0,
        Tentative,
        Busy,
        OutOfOffice,
        WorkingElsewhere,
        /// <summary>The server sent no status (Graph unknown, EWS NoData).</summary>
        Unknown,
    }

    /// <summary>EWS SensitivityChoicesType, Graph sensitivity.</summary>
    public enum EventSensitivity
    {
        Normal = 0,
        Personal,
        Private,
        Confidential,
    }

    /// <summary>The format of an event's body (EWS BodyTypeType, Graph bodyType).</summary>
    public enum EventBodyType
    {
        Text = 0,
        Html,
    }

    /// <summary>What an item of a calendar is (EWS CalendarItemTypeType, Graph eventType).</summary>
    public enum EventKind
    {
        SingleInstance = 0,
        /// <summary>One occurrence of a series, unchanged.</summary>
        Occurrence,
        /// <summary>One occurrence of a series, moved or changed.</summary>
        Exception,
        /// <summary>The series itself (its recurrence, its exceptions).</summary>
        SeriesMaster,
    }

    public enum EventAttendeeType
    {
        Required = 0,
        Optional,
        /// <summary>A room or equipment.</summary>
        Resource,
    }

    /// <summary>EWS ResponseTypeType, Graph responseType.</summary>
    public enum AttendeeResponse
    {
        None = 0,
        Organizer,
        Tentative,
        Accepted,
        Declined,
        NotResponded,
    }

    public sealed class EventAttendee
    {
        public EventAttendee(string address, EventAttendeeType type = EventAttendeeType.Required)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
            Type = type;
        }

        public string Address { get; }

        public string? Name { get; set; }

        public EventAttendeeType Type { get; }

        public AttendeeResponse Response { get; set; }

        public override string ToString() => Address;
    }

    /// <summary>The recurrence kinds both protocols share (EWS RecurrencePatternBaseType, Graph recurrencePatternType).</summary>
    public enum RecurrencePatternKind
    {
        Daily = 0,
        Weekly,
        AbsoluteMonthly,
        RelativeMonthly,
        AbsoluteYearly,
        RelativeYearly,
    }

    /// <summary>Which week of the month a relative pattern means (EWS DayOfWeekIndexType, Graph weekIndex).</summary>
    public enum RecurrenceWeekIndex
    {
        First = 0,
        Second,
        Third,
        Fourth,
        Last,
    }

    public enum RecurrenceRangeKind
    {
        EndDate = 0,
        Numbered,
        NoEnd,
    }

    /// <summary>A series' pattern and range, in the series' own time zone.</summary>
    public sealed class EventRecurrence
    {
        public RecurrencePatternKind Pattern { get; set; }

        /// <summary>Every n days, weeks, months or years (1 or more).</summary>
        public int Interval { get; set; } = 1;

        /// <summary>Weekly and relative patterns.</summary>
        public IList<DayOfWeek> DaysOfWeek { get; set; } = new List<DayOfWeek>();

        public DayOfWeek FirstDayOfWeek { get; set; } = DayOfWeek.Sunday;

        /// <summary>Absolute monthly and yearly patterns: 1-31.</summary>
        public int DayOfMonth { get; set; }

        /// <summary>Yearly patterns: 1-12.</summary>
        public int Month { get; set; }

        /// <summary>Relative patterns.</summary>
        public RecurrenceWeekIndex Index { get; set; }

        public RecurrenceRangeKind RangeType { get; set; } = RecurrenceRangeKind.NoEnd;

        /// <summary>The first day of the series, in its time zone.</summary>
        public DateTime StartDate { get; set; }

        /// <summary>The last day that may hold an occurrence (EndDate ranges).</summary>
        public DateTime? EndDate { get; set; }

        /// <summary>Numbered ranges.</summary>
        public int? NumberOfOccurrences { get; set; }

        /// <summary>The series' time zone (Windows id), the zone the pattern is evaluated in.</summary>
        public string? TimeZone { get; set; }

        public override string ToString() => Interval == 1 ? Pattern.ToString() : $"{Pattern} every {Interval}";
    }

    /// <summary>
    /// One event of a calendar: a single event, an occurrence or exception of a series, or a series master. Start and
    /// End carry the offset of the event's own time zone (<see cref="TimeZone"/>) at that instant.
    /// </summary>
    public sealed class CalendarEvent
    {
        public CalendarEvent(string mailbox, string id)
        {
            Mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
            Id = id ?? throw new ArgumentNullException(nameof(id));
        }

        /// <summary>The mailbox whose calendar holds the event.</summary>
        public string Mailbox { get; }

        /// <summary>The calendar's display name ("Calendar" for the default calendar, whatever its language).</summary>
        public string Calendar { get; set; } = "Calendar";

        /// <summary>The server's item id (EWS ItemId, Graph event id).</summary>
        public string Id { get; }

        /// <summary>The version a write must match (EWS ChangeKey, Graph @odata.etag / changeKey).</summary>
        public string? Version { get; set; }

        public string? Subject { get; set; }

        public string? Location { get; set; }

        /// <summary>The first characters of the body as text.</summary>
        public string? BodyPreview { get; set; }

        /// <summary>The whole body as the server holds it (text or HTML, <see cref="BodyType"/>); null when it was not read.</summary>
        public string? Body { get; set; }

        /// <summary>Whether <see cref="Body"/> is plain text or HTML.</summary>
        public EventBodyType BodyType { get; set; }

        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        /// <summary>The event's own time zone as the server names it (a Windows id on both protocols).</summary>
        public string? TimeZone { get; set; }

        public bool IsAllDay { get; set; }

        public EventShowAs ShowAs { get; set; } = EventShowAs.Busy;

        public EventSensitivity Sensitivity { get; set; }

        public bool IsPrivate => Sensitivity == EventSensitivity.Private || Sensitivity == EventSensitivity.Confidential;

        public bool IsCancelled { get; set; }

        public string? Organizer { get; set; }

        public IList<EventAttendee> Attendees { get; set; } = new List<EventAttendee>();

        public IList<string> Categories { get; set; } = new List<string>();

        /// <summary>The id shared by every copy of the meeting in every mailbox (EWS UID, Graph iCalUId).</summary>
        public string? ICalUId { get; set; }

        public EventKind Kind { get; set; }

        /// <summary>Occurrences and exceptions: the series master's id.</summary>
        public string? SeriesMasterId { get; set; }

        /// <summary>Occurrences and exceptions: where the occurrence was before it moved (EWS OriginalStart).</summary>
        public DateTimeOffset? OriginalStart { get; set; }

        /// <summary>Series masters.</summary>
        public EventRecurrence? Recurrence { get; set; }

        /// <summary>Series masters read with their exceptions: the moved or changed occurrences.</summary>
        public IList<CalendarEvent> ModifiedOccurrences { get; set; } = new List<CalendarEvent>();

        /// <summary>Series masters read with their exceptions: the original starts of cancelled occurrences.</summary>
        public IList<DateTimeOffset> CancelledOccurrences { get; set; } = new List<DateTimeOffset>();

        public DateTimeOffset? LastModified { get; set; }

        /// <summary>Extended properties read on request (the sync engine's stamp); name → value.</summary>
        public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public TimeSpan Duration => End - Start;

        public override string ToString() => $"{Start:yyyy-MM-dd HH:mm} {Subject}";
    }

    /// <summary>What New- or Remove-CalendarEvent did for one row.</summary>
    public sealed class CalendarEventResult
    {
        public CalendarEventResult(string mailbox, string calendar, ShareAction action)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            Action = action;
        }

        public string Mailbox { get; }

        public string Calendar { get; }

        public ShareAction Action { get; }

        public string? Id { get; set; }

        public string? Subject { get; set; }

        public DateTimeOffset? Start { get; set; }

        public DateTimeOffset? End { get; set; }

        /// <summary>The event as the server holds it after the change (null after a removal).</summary>
        public CalendarEvent? Event { get; set; }

        /// <summary>1-based input row number when the input came from the pipeline.</summary>
        public int? Row { get; set; }

        public string? Message { get; set; }

        public override string ToString() => $"{Action} {Subject} on {Mailbox}\\{Calendar}";
    }
}
