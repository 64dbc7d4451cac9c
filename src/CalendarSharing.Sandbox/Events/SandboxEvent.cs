using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing.Sandbox.Events
{
    /// <summary>
    /// A calendar item as the sandbox stores it, once for every protocol: a single event or a series master with its
    /// exceptions. Times are UTC; <see cref="TimeZone"/> (a Windows id) is the zone the event was made in, the zone a
    /// series' pattern is evaluated in, and the zone all-day events keep their dates in.
    /// </summary>
    internal sealed class SandboxEvent
    {
        public string Id { get; set; } = string.Empty;

        /// <summary>Bumped on every write; the change key / ETag derive from it.</summary>
        public long Version { get; set; } = 1;

        /// <summary>The iCalendar UID (EWS UID, Graph iCalUId), the same in every attendee's copy.</summary>
        public string Uid { get; set; } = string.Empty;

        public string? Subject { get; set; }

        public string? Location { get; set; }

        public string? Body { get; set; }

        public DateTime StartUtc { get; set; }

        public DateTime EndUtc { get; set; }

        public string TimeZone { get; set; } = "UTC";

        public bool IsAllDay { get; set; }

        public EventShowAs ShowAs { get; set; } = EventShowAs.Busy;

        public EventSensitivity Sensitivity { get; set; }

        public bool IsPrivate => Sensitivity == EventSensitivity.Private || Sensitivity == EventSensitivity.Confidential;

        public bool IsCancelled { get; set; }

        /// <summary>The organizer's SMTP address (the mailbox itself for its own appointments).</summary>
        public string? Organizer { get; set; }

        public List<EventAttendee> Attendees { get; set; } = new List<EventAttendee>();

        public bool IsMeeting => Attendees.Count > 0;

        public List<string> Categories { get; set; } = new List<string>();

        public int? ReminderMinutes { get; set; }

        /// <summary>Series masters only.</summary>
        public EventRecurrence? Recurrence { get; set; }

        /// <summary>Series masters: changed or moved occurrences, by their original start (UTC).</summary>
        public Dictionary<DateTime, SandboxEvent> Modified { get; set; } = new Dictionary<DateTime, SandboxEvent>();

        /// <summary>Series masters: original starts (UTC) of cancelled occurrences.</summary>
        public HashSet<DateTime> Cancelled { get; set; } = new HashSet<DateTime>();

        /// <summary>Graph's transactionId of the create that made this event (a retried create returns this event).</summary>
        public string? TransactionId { get; set; }

        /// <summary>Extended properties (EWS ExtendedFieldURI, Graph singleValueExtendedProperties), by their wire name.</summary>
        public Dictionary<string, string> Properties { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public DateTime CreatedUtc { get; set; }

        public DateTime LastModifiedUtc { get; set; }

        public bool IsSeriesMaster => Recurrence != null;

        public TimeSpan Duration => EndUtc - StartUtc;

        /// <summary>A deep copy, so readers never see a write in progress.</summary>
        public SandboxEvent Clone()
        {
            var copy = (SandboxEvent)MemberwiseClone();
            copy.Attendees = Attendees.Select(a => new EventAttendee(a.Address, a.Type) { Name = a.Name, Response = a.Response }).ToList();
            copy.Categories = new List<string>(Categories);
            copy.Properties = new Dictionary<string, string>(Properties, StringComparer.Ordinal);
            copy.Modified = Modified.ToDictionary(p => p.Key, p => p.Value.Clone());
            copy.Cancelled = new HashSet<DateTime>(Cancelled);
            copy.Recurrence = Recurrence is null ? null : CloneRecurrence(Recurrence);
            return copy;
        }

        private static EventRecurrence CloneRecurrence(EventRecurrence r) => new EventRecurrence
        {
            Pattern = r.Pattern,
            Interval = r.Interval,
            DaysOfWeek = new List<DayOfWeek>(r.DaysOfWeek),
            FirstDayOfWeek = r.FirstDayOfWeek,
            DayOfMonth = r.DayOfMonth,
            Month = r.Month,
            Index = r.Index,
            RangeType = r.RangeType,
            StartDate = r.StartDate,
            EndDate = r.EndDate,
            NumberOfOccurrences = r.NumberOfOccurrences,
            TimeZone = r.TimeZone,
        };
    }

    /// <summary>
    /// One item as a calendar view shows it: a single event, or one occurrence of a series (unchanged or an exception).
    /// <see cref="Item"/> carries the fields that apply (the exception's own, or the master's).
    /// </summary>
    internal sealed class SandboxOccurrence
    {
        public SandboxOccurrence(SandboxEvent item, EventKind kind, string id, DateTime startUtc, DateTime endUtc, SandboxEvent? master, DateTime? originalStartUtc)
        {
            Item = item;
            Kind = kind;
            Id = id;
            StartUtc = startUtc;
            EndUtc = endUtc;
            Master = master;
            OriginalStartUtc = originalStartUtc;
        }

        public SandboxEvent Item { get; }

        public EventKind Kind { get; }

        /// <summary>The item id a client uses for this occurrence (the event's own id for single events).</summary>
        public string Id { get; }

        public DateTime StartUtc { get; }

        public DateTime EndUtc { get; }

        public SandboxEvent? Master { get; }

        public DateTime? OriginalStartUtc { get; }
    }
}
