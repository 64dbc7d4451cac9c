using System;
using System.Collections.Generic;

namespace CalendarSharing
{
    /// <summary>The state of one mailbox in one interval of an availability grid.</summary>
    public enum AvailabilityState
    {
        Free = 0,
        Tentative,
        Busy,
        OutOfOffice,
        WorkingElsewhere,
        /// <summary>The server gave nothing for this interval (no such mailbox, no access, outside what it keeps).</summary>
        NoData,
    }

    /// <summary>Whether a mailbox's schedule could be read.</summary>
    public enum AvailabilityStatus
    {
        Ok = 0,
        /// <summary>The mailbox does not exist, or the caller may not see its free/busy: see Reason.</summary>
        NoData,
    }

    /// <summary>A mailbox's working hours, in its own time zone.</summary>
    public sealed class MailboxWorkingHours
    {
        public IList<DayOfWeek> DaysOfWeek { get; set; } = new List<DayOfWeek>();

        public TimeSpan StartTime { get; set; }

        public TimeSpan EndTime { get; set; }

        /// <summary>The time zone the hours are in (Windows id).</summary>
        public string? TimeZone { get; set; }

        public override string ToString() => $"{string.Join(",", DaysOfWeek)} {StartTime:hh\\:mm}-{EndTime:hh\\:mm} {TimeZone}";
    }

    /// <summary>One busy (or tentative, away, working elsewhere) block of a mailbox's schedule.</summary>
    public sealed class AvailabilityBlock
    {
        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        public EventShowAs ShowAs { get; set; }

        /// <summary>Only where the caller may see details (LimitedDetails or more, never for a private event).</summary>
        public string? Subject { get; set; }

        public string? Location { get; set; }

        public bool IsPrivate { get; set; }

        public bool IsMeeting { get; set; }

        public bool IsRecurring { get; set; }

        public override string ToString() => $"{Start:yyyy-MM-dd HH:mm}-{End:HH:mm} {ShowAs} {Subject}";
    }

    /// <summary>What Get-CalendarAvailability writes for one mailbox: its blocks, working hours and the grid.</summary>
    public sealed class MailboxAvailability
    {
        public MailboxAvailability(string mailbox)
        {
            Mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
        }

        public string Mailbox { get; }

        public AvailabilityStatus Status { get; set; }

        /// <summary>Why there is no data (NoData only).</summary>
        public string? Reason { get; set; }

        /// <summary>The stable error id behind Reason (NoData only).</summary>
        public string? ErrorId { get; set; }

        /// <summary>The mailbox's own time zone (Windows id), when the server said.</summary>
        public string? TimeZone { get; set; }

        public MailboxWorkingHours? WorkingHours { get; set; }

        public IList<AvailabilityBlock> Blocks { get; set; } = new List<AvailabilityBlock>();

        /// <summary>Start of the first interval.</summary>
        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        public int IntervalMinutes { get; set; }

        /// <summary>One state per interval from Start, after -WorkingElsewhereAs was applied.</summary>
        public IList<AvailabilityState> Intervals { get; set; } = new List<AvailabilityState>();

        /// <summary>One character per interval (see docs/cmdlets/Get-CalendarAvailability.md for the legend).</summary>
        public string Grid { get; set; } = string.Empty;

        /// <summary>1-based input row number when the input came from the pipeline.</summary>
        public int? Row { get; set; }

        public override string ToString() => $"{Mailbox} {Grid}";
    }

    /// <summary>One attendee who is not free in a suggested slot.</summary>
    public sealed class SlotConflict
    {
        public SlotConflict(string attendee, AvailabilityState state)
        {
            Attendee = attendee;
            State = state;
        }

        public string Attendee { get; }

        public AvailabilityState State { get; }

        /// <summary>Required, Optional or Resource.</summary>
        public EventAttendeeType Type { get; set; }

        /// <summary>Why the attendee is not free when no block says it ("outside working hours", a NoData reason).</summary>
        public string? Reason { get; set; }

        public override string ToString() => Reason is null ? $"{Attendee} ({State})" : $"{Attendee} ({State}, {Reason})";
    }

    /// <summary>What Find-MeetingTime writes: one suggested slot, ranked.</summary>
    public sealed class MeetingTimeSlot
    {
        public int Rank { get; set; }

        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        /// <summary>Share of required and optional attendees who are free, 0-100.</summary>
        public double AttendeePercentage { get; set; }

        public IList<string> Available { get; set; } = new List<string>();

        public IList<SlotConflict> Conflicts { get; set; } = new List<SlotConflict>();

        /// <summary>Rooms free for the whole slot.</summary>
        public IList<string> Rooms { get; set; } = new List<string>();

        public override string ToString() => $"{Start:yyyy-MM-dd HH:mm}-{End:HH:mm} {AttendeePercentage:0}%";
    }
}
