using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;

namespace CalendarSharing.Core.Events
{
    /// <summary>
    /// The Events capability: read and write the items of one calendar. EWS (FindItem CalendarView, GetItem,
    /// Create/Update/DeleteItem), Graph (calendarView, events) and the sandbox through either. Backends only read and
    /// write; splitting windows, retries, per-row results and errors are Core's (<see cref="EventWindowRead.IsTruncated"/>
    /// says when a window must be split). Failures are <see cref="Backends.BackendException"/> with a
    /// <see cref="Backends.BackendErrorCode"/> (MailboxNotFound, CalendarNotFound, ItemNotFound, AccessDenied, Conflict,
    /// InvalidInput, Throttled, Transient, ...).
    /// </summary>
    public interface ICalendarEventBackend
    {
        /// <summary>
        /// The events of one calendar that overlap [Start, End): occurrences expanded, or series masters when
        /// <see cref="EventWindowQuery.AsSeries"/> (with their exceptions). At most <see cref="EventWindowQuery.MaxItems"/>
        /// (or the protocol's cap) per call; more sets <see cref="EventWindowRead.IsTruncated"/>.
        /// </summary>
        Task<EventWindowRead> ReadWindowAsync(EventWindowQuery query, CancellationToken cancellationToken);

        /// <summary>One event by id (a series master with its exceptions), or null when the calendar has no such item.</summary>
        Task<CalendarEvent?> GetEventAsync(CalendarAddress calendar, string id, IReadOnlyList<string>? properties, CancellationToken cancellationToken);

        /// <summary>
        /// Creates the event; never sends invitations unless <see cref="EventDraft.SendInvitations"/>. Graph sends
        /// <see cref="EventDraft.TransactionId"/> so a retried create makes one event; EWS stamps it as an extended property
        /// that <see cref="FindByTransactionIdAsync"/> finds.
        /// </summary>
        Task<CalendarEvent> CreateEventAsync(CalendarAddress calendar, EventDraft draft, CancellationToken cancellationToken);

        /// <summary>
        /// The event an earlier create with this transaction id made, or null. Core asks before retrying a create whose
        /// response was lost. <paramref name="start"/>/<paramref name="end"/> bound the search (the draft's times).
        /// </summary>
        Task<CalendarEvent?> FindByTransactionIdAsync(CalendarAddress calendar, string transactionId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken);

        /// <summary>
        /// Sets the draft's non-null fields on the event. With <paramref name="expectedVersion"/>, a stale version is a
        /// Conflict (EWS ChangeKey, Graph If-Match) and nothing is written.
        /// </summary>
        Task<CalendarEvent> UpdateEventAsync(CalendarAddress calendar, string id, string? expectedVersion, EventDraft changes, CancellationToken cancellationToken);

        /// <summary>Deletes the event without sending cancellations; false when there was no such item.</summary>
        Task<bool> DeleteEventAsync(CalendarAddress calendar, string id, CancellationToken cancellationToken);
    }

    public sealed class EventWindowQuery
    {
        public EventWindowQuery(CalendarAddress calendar, DateTimeOffset start, DateTimeOffset end)
        {
            Calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
            Start = start;
            End = end;
        }

        public CalendarAddress Calendar { get; }

        public DateTimeOffset Start { get; }

        public DateTimeOffset End { get; }

        /// <summary>Series masters (with exceptions) instead of occurrences.</summary>
        public bool AsSeries { get; set; }

        /// <summary>Extended properties to read back into <see cref="CalendarEvent.Properties"/> (names Core defines).</summary>
        public IReadOnlyList<string> Properties { get; set; } = Array.Empty<string>();

        /// <summary>At most this many items per call; null = the protocol's cap (EWS CalendarView 1,000).</summary>
        public int? MaxItems { get; set; }

        /// <summary>The zone results are rendered in (Windows id; Graph Prefer: outlook.timezone); null = each event's own.</summary>
        public string? TimeZone { get; set; }

        /// <summary>
        /// Read each event's whole body too (<see cref="CalendarEvent.Body"/>). Graph's calendarView returns it anyway; an EWS
        /// calendar view cannot (FindItem never returns Body), so EWS reads the bodies with GetItem, one call per 100 items.
        /// </summary>
        public bool IncludeBody { get; set; }
    }

    public sealed class EventWindowRead
    {
        public EventWindowRead(IReadOnlyList<CalendarEvent> events, bool isTruncated)
        {
            Events = events ?? throw new ArgumentNullException(nameof(events));
            IsTruncated = isTruncated;
        }

        public IReadOnlyList<CalendarEvent> Events { get; }

        /// <summary>The window held more items than one call returns: Core splits the window and reads each half.</summary>
        public bool IsTruncated { get; }

        /// <summary>The calendar's display name as the server has it.</summary>
        public string? CalendarName { get; set; }
    }

    /// <summary>An event to create, or (UpdateEventAsync) the fields to set: null leaves a field as it is.</summary>
    public sealed class EventDraft
    {
        public string? Subject { get; set; }

        public string? Location { get; set; }

        /// <summary>The body, in the format <see cref="BodyType"/> says.</summary>
        public string? Body { get; set; }

        /// <summary>The format of <see cref="Body"/>; null = plain text.</summary>
        public EventBodyType? BodyType { get; set; }

        public DateTimeOffset? Start { get; set; }

        public DateTimeOffset? End { get; set; }

        /// <summary>The zone the event lives in (Windows id; Core turns IANA names into Windows ids).</summary>
        public string? TimeZone { get; set; }

        public bool? IsAllDay { get; set; }

        public EventShowAs? ShowAs { get; set; }

        public EventSensitivity? Sensitivity { get; set; }

        public IList<string>? Categories { get; set; }

        public IList<EventAttendee>? Attendees { get; set; }

        public EventRecurrence? Recurrence { get; set; }

        /// <summary>Reminder before start; null = the server's default.</summary>
        public int? ReminderMinutes { get; set; }

        /// <summary>Send meeting requests to attendees (default: never; SendToNone / no attendees notified).</summary>
        public bool SendInvitations { get; set; }

        /// <summary>Idempotency key of a create: Graph transactionId, an EWS extended property.</summary>
        public string? TransactionId { get; set; }

        /// <summary>Extended properties to stamp (names Core defines, e.g. the sync engine's).</summary>
        public IDictionary<string, string>? Properties { get; set; }
    }
}
