using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.Core.Availability
{
    /// <summary>
    /// The Availability capability: the schedules of many mailboxes (EWS GetUserAvailability, Graph getSchedule).
    /// One call is one protocol request within <see cref="Limits"/>; Core splits mailboxes and windows, runs requests in
    /// parallel within the limits, merges the grid and computes meeting times, so both protocols give the same answer.
    /// </summary>
    public interface IAvailabilityBackend
    {
        AvailabilityLimits Limits { get; }

        /// <summary>
        /// One schedule per requested mailbox, in order. A mailbox that does not exist or whose free/busy the caller may
        /// not see is a schedule with <see cref="MailboxSchedule.Error"/>, never an exception; exceptions are for the
        /// request (<see cref="BackendException"/>).
        /// </summary>
        Task<IReadOnlyList<MailboxSchedule>> GetSchedulesAsync(ScheduleRequest request, CancellationToken cancellationToken);
    }

    /// <summary>What one request may carry (EWS: 100 mailboxes, 42 days; Graph getSchedule: 20 schedules, under 62 days).</summary>
    public sealed class AvailabilityLimits
    {
        public int MaxMailboxesPerRequest { get; set; } = 100;

        /// <summary>The longest window one request may cover.</summary>
        public TimeSpan MaxWindow { get; set; } = TimeSpan.FromDays(42);

        public int MinIntervalMinutes { get; set; } = 5;

        public int MaxIntervalMinutes { get; set; } = 1440;

        /// <summary>Requests the engine may have in flight at once (Graph: 4 concurrent per mailbox).</summary>
        public int MaxConcurrentRequests { get; set; } = 4;
    }

    public sealed class ScheduleRequest
    {
        public ScheduleRequest(IReadOnlyList<string> mailboxes, DateTimeOffset start, DateTimeOffset end, int intervalMinutes)
        {
            Mailboxes = mailboxes ?? throw new ArgumentNullException(nameof(mailboxes));
            Start = start;
            End = end;
            IntervalMinutes = intervalMinutes;
        }

        public IReadOnlyList<string> Mailboxes { get; }

        public DateTimeOffset Start { get; }

        public DateTimeOffset End { get; }

        public int IntervalMinutes { get; }

        /// <summary>The zone the request is made in (Windows id); null = UTC.</summary>
        public string? TimeZone { get; set; }
    }

    /// <summary>One mailbox's schedule as the server gave it: blocks with their status, working hours, or why there is none.</summary>
    public sealed class MailboxSchedule
    {
        public MailboxSchedule(string mailbox)
        {
            Mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
        }

        public string Mailbox { get; }

        /// <summary>Set when the server has no schedule for this mailbox (not found, no access): the reason.</summary>
        public BackendError? Error { get; set; }

        /// <summary>Each block's status from the item itself (EWS LegacyFreeBusyStatus, Graph scheduleItem status).</summary>
        public IList<AvailabilityBlock> Blocks { get; set; } = new List<AvailabilityBlock>();

        public MailboxWorkingHours? WorkingHours { get; set; }

        /// <summary>The server's own merged view (EWS MergedFreeBusy, Graph availabilityView), kept for diagnostics only.</summary>
        public string? ServerView { get; set; }
    }
}
