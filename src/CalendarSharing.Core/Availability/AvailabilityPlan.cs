using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Availability
{
    /// <summary>One protocol request of a plan: a chunk of mailboxes over a chunk of the window.</summary>
    public sealed class ScheduleChunk
    {
        public ScheduleChunk(int index, IReadOnlyList<string> mailboxes, DateTimeOffset start, DateTimeOffset end)
        {
            Index = index;
            Mailboxes = mailboxes;
            Start = start;
            End = end;
        }

        public int Index { get; }

        public IReadOnlyList<string> Mailboxes { get; }

        public DateTimeOffset Start { get; }

        public DateTimeOffset End { get; }

        public override string ToString() => $"#{Index}: {Mailboxes.Count} mailbox(es) {Start:u} - {End:u}";
    }

    /// <summary>
    /// How many requests a free/busy question takes: the distinct mailboxes in chunks of
    /// <see cref="AvailabilityLimits.MaxMailboxesPerRequest"/> times the window in chunks of at most
    /// <see cref="AvailabilityLimits.MaxWindow"/>, each window chunk a whole number of intervals so every request's grid
    /// lines up with the others'. That is the fewest requests the limits allow (ceil(m / M) × ceil(w / W)), except when
    /// rounding a window chunk down to whole intervals costs one more chunk. Pure arithmetic, no I/O.
    /// EWS GetUserAvailability: 100 mailboxes, 42 days
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-get-free-busy-information-by-using-ews-in-exchange);
    /// Graph getSchedule: 20 schedules, under 62 days, interval 5-1440 minutes
    /// (https://learn.microsoft.com/graph/api/calendar-getschedule).
    /// </summary>
    public static class AvailabilityPlan
    {
        /// <summary>The mailboxes once each (case-insensitive), in first-seen order.</summary>
        public static IReadOnlyList<string> Distinct(IEnumerable<string> mailboxes)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var list = new List<string>();
            foreach (var m in mailboxes)
            {
                var t = (m ?? string.Empty).Trim();
                if (t.Length > 0 && seen.Add(t))
                {
                    list.Add(t);
                }
            }

            return list;
        }

        /// <summary>The window in consecutive chunks of at most <paramref name="maxWindow"/>, each a whole number of intervals (the last may be shorter).</summary>
        public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> SplitWindow(DateTimeOffset start, DateTimeOffset end, int intervalMinutes, TimeSpan maxWindow)
        {
            if (end <= start)
            {
                throw new ArgumentException(Texts.Error_WindowEndsBeforeStart, nameof(end));
            }

            var interval = TimeSpan.FromMinutes(Math.Max(1, intervalMinutes));
            var perChunk = Math.Max(1, (long)Math.Floor(maxWindow.Ticks / (double)interval.Ticks));
            var chunk = TimeSpan.FromTicks(interval.Ticks * perChunk);
            var windows = new List<(DateTimeOffset, DateTimeOffset)>();
            for (var s = start; s < end; s += chunk)
            {
                var e = s + chunk < end ? s + chunk : end;
                windows.Add((s, e));
            }

            return windows;
        }

        /// <summary>Every request the question takes: mailbox chunks (outer) × window chunks (inner).</summary>
        public static IReadOnlyList<ScheduleChunk> Create(IReadOnlyList<string> mailboxes, DateTimeOffset start, DateTimeOffset end, int intervalMinutes, AvailabilityLimits limits)
        {
            if (limits is null)
            {
                throw new ArgumentNullException(nameof(limits));
            }

            var distinct = Distinct(mailboxes);
            var windows = SplitWindow(start, end, intervalMinutes, limits.MaxWindow);
            var size = Math.Max(1, limits.MaxMailboxesPerRequest);
            var chunks = new List<ScheduleChunk>();
            for (var i = 0; i < distinct.Count; i += size)
            {
                var part = distinct.Skip(i).Take(size).ToList();
                foreach (var (s, e) in windows)
                {
                    chunks.Add(new ScheduleChunk(chunks.Count, part, s, e));
                }
            }

            return chunks;
        }

        /// <summary>The fewest requests the limits allow for this question (what <see cref="Create"/> should reach).</summary>
        public static int MinimumRequests(int mailboxes, TimeSpan window, AvailabilityLimits limits) =>
            mailboxes == 0 ? 0 : (int)Math.Ceiling(mailboxes / (double)Math.Max(1, limits.MaxMailboxesPerRequest)) * (int)Math.Ceiling(window.Ticks / (double)limits.MaxWindow.Ticks);
    }
}
