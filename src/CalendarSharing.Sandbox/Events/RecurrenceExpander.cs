using System;
using System.Collections.Generic;
using System.Linq;
using TimeZoneConverter;

namespace CalendarSharing.Sandbox.Events
{
    /// <summary>
    /// How a series expands, written once for EWS and Graph. The pattern is evaluated in the series' own time zone, so a
    /// 09:00 meeting stays at 09:00 local across a daylight-saving change (its UTC time moves): [MS-OXOCAL] 2.2.1.44.5
    /// keeps an occurrence's start and end as minutes after local midnight (StartTimeOffset, EndTimeOffset), not as a UTC
    /// duration (https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxocal/). Patterns and ranges follow
    /// the recurrence model of [MS-OXOCAL] 2.2.1.44.1 as EWS (RecurrenceType) and Graph (patternedRecurrence,
    /// https://learn.microsoft.com/graph/api/resources/patternedrecurrence) expose it:
    /// <list type="bullet">
    /// <item>daily and weekly every <c>interval</c> days or weeks; a weekly interval counts weeks that begin on
    /// <c>firstDayOfWeek</c> (https://learn.microsoft.com/graph/api/resources/recurrencepattern);</item>
    /// <item>absolute monthly/yearly on day N: in a month without day N the occurrence falls on the month's last day, as
    /// Outlook and Exchange do (Outlook: "Some months have fewer than 31 days. For these months, the occurrence will fall on
    /// the last day of the month."); RFC 5545 3.3.10 would skip such months (an invalid BYMONTHDAY is ignored), Exchange
    /// does not;</item>
    /// <item>relative monthly/yearly on the first … fourth or last of the given days (several days: the Nth of the set,
    /// so "the last weekday" is the month's last Monday-Friday day);</item>
    /// <item>numbered ranges count every generated occurrence, cancelled ones too ([MS-OXOCAL] OccurrenceCount;
    /// RFC 5545 3.3.10 COUNT counts EXDATE-excluded instances as well); end-date ranges include their end date.</item>
    /// </list>
    /// </summary>
    internal static class RecurrenceExpander
    {
        /// <summary>Guards against patterns that never reach the window (a numbered range of millions).</summary>
        private const int MaxCandidates = 100_000;

        /// <summary>The zone for a Windows or IANA name; UTC when unknown.</summary>
        public static TimeZoneInfo Zone(string? name) =>
            !string.IsNullOrWhiteSpace(name) && TZConvert.TryGetTimeZoneInfo(name!.Trim(), out var zone) ? zone : TimeZoneInfo.Utc;

        /// <summary>True when <paramref name="name"/> is a Windows or IANA time-zone id the sandbox knows.</summary>
        public static bool IsKnownZone(string? name) =>
            !string.IsNullOrWhiteSpace(name) && TZConvert.TryGetTimeZoneInfo(name!.Trim(), out _);

        /// <summary>The Windows id for a Windows or IANA name (what both protocols write back); null when unknown.</summary>
        public static string? WindowsId(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            var trimmed = name!.Trim();
            if (string.Equals(trimmed, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, "Etc/UTC", StringComparison.OrdinalIgnoreCase))
            {
                return "UTC";
            }

            if (TZConvert.TryIanaToWindows(trimmed, out var windows))
            {
                return windows;
            }

            return TZConvert.TryWindowsToIana(trimmed, out _) ? trimmed : null;
        }

        /// <summary>
        /// The UTC instant of a local wall-clock time, as RFC 5545 3.3.5 resolves the two edge cases: a time skipped by a
        /// spring-forward gap is read with the offset before the gap (02:30 becomes 03:30 summer time), a time that occurs
        /// twice in the autumn means its first occurrence (summer time).
        /// </summary>
        public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
            {
                var offsetBefore = zone.GetUtcOffset(unspecified.AddHours(-12));
                return DateTime.SpecifyKind(unspecified - offsetBefore, DateTimeKind.Utc);
            }

            if (zone.IsAmbiguousTime(unspecified))
            {
                var first = zone.GetAmbiguousTimeOffsets(unspecified).Max();
                return DateTime.SpecifyKind(unspecified - first, DateTimeKind.Utc);
            }

            return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
        }

        public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
            DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone), DateTimeKind.Unspecified);

        /// <summary>The zone a series' pattern is evaluated in.</summary>
        public static TimeZoneInfo ZoneOf(SandboxEvent master) => Zone(master.Recurrence?.TimeZone ?? master.TimeZone);

        /// <summary>
        /// Every slot of a series in order (1-based index, original start and end), cancelled ones included, up to the
        /// first slot that starts at or after <paramref name="untilUtc"/> (exclusive) or the end of the range.
        /// </summary>
        public static IEnumerable<RecurrenceSlot> Slots(SandboxEvent master, DateTime untilUtc)
        {
            var recurrence = master.Recurrence ?? throw new ArgumentException("Not a series master.", nameof(master));
            var zone = ZoneOf(master);
            var firstLocal = ToLocal(master.StartUtc, zone);
            var timeOfDay = master.IsAllDay ? TimeSpan.Zero : firstLocal.TimeOfDay;
            var localDuration = LocalDuration(master, zone);
            var index = 0;
            foreach (var date in OccurrenceDates(recurrence, firstLocal.Date))
            {
                var start = ToUtc(date + timeOfDay, zone);
                if (start >= untilUtc)
                {
                    yield break;
                }

                index++;
                yield return new RecurrenceSlot(index, start, ToUtc(date + timeOfDay + localDuration, zone));
            }
        }

        /// <summary>
        /// The occurrences of a series master that overlap [windowStartUtc, windowEndUtc), exceptions applied: a cancelled
        /// occurrence is left out, a modified one appears at its own (possibly moved) time, so an occurrence moved into the
        /// window from outside it appears and one moved out of it does not.
        /// </summary>
        public static IEnumerable<SandboxOccurrence> Expand(SandboxEvent master, DateTime windowStartUtc, DateTime windowEndUtc)
        {
            // An exception may have been moved into the window from a slot after it: read the slots up to the latest one.
            var until = windowEndUtc;
            foreach (var moved in master.Modified.Keys)
            {
                if (moved >= until)
                {
                    until = moved.AddTicks(1);
                }
            }

            var result = new List<SandboxOccurrence>();
            foreach (var slot in Slots(master, until))
            {
                if (master.Cancelled.Contains(slot.StartUtc))
                {
                    continue;
                }

                var id = EventIds.OccurrenceId(master.Id, slot.StartUtc);
                if (master.Modified.TryGetValue(slot.StartUtc, out var exception))
                {
                    if (Overlaps(exception.StartUtc, exception.EndUtc, windowStartUtc, windowEndUtc))
                    {
                        result.Add(new SandboxOccurrence(exception, EventKind.Exception, id, exception.StartUtc, exception.EndUtc, master, slot.StartUtc));
                    }

                    continue;
                }

                if (Overlaps(slot.StartUtc, slot.EndUtc, windowStartUtc, windowEndUtc))
                {
                    result.Add(new SandboxOccurrence(master, EventKind.Occurrence, id, slot.StartUtc, slot.EndUtc, master, slot.StartUtc));
                }
            }

            return result.OrderBy(o => o.StartUtc);
        }

        /// <summary>The slot that starts at <paramref name="originalStartUtc"/>, cancelled or not; null when there is none.</summary>
        public static RecurrenceSlot? SlotAt(SandboxEvent master, DateTime originalStartUtc)
        {
            foreach (var slot in Slots(master, originalStartUtc.AddTicks(1)))
            {
                if (slot.StartUtc == originalStartUtc)
                {
                    return slot;
                }
            }

            return null;
        }

        /// <summary>The slot with this 1-based index (EWS OccurrenceItemId InstanceIndex); null when out of the range.</summary>
        public static RecurrenceSlot? SlotByIndex(SandboxEvent master, int index)
        {
            if (index < 1)
            {
                return null;
            }

            foreach (var slot in Slots(master, DateTime.MaxValue))
            {
                if (slot.Index == index)
                {
                    return slot;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether an occurrence may move to [newStartUtc, newEndUtc). Exchange keeps a series' instances in their order:
        /// a moved occurrence may not start on or before the day of the instance before it, on or after the day of the one
        /// after it, nor overlap either (EWS and Graph ErrorOccurrenceCrossingBoundary, "Modified occurrence is crossing or
        /// overlapping adjacent occurrence", https://learn.microsoft.com/graph/api/event-update; Outlook: "Cannot reschedule
        /// an occurrence of the recurring appointment if it skips over a later occurrence"). The neighbours are the
        /// nearest instances that are not cancelled, where they are now (moved or not); days are the series' local days.
        /// </summary>
        public static EventProblem? CheckMove(SandboxEvent master, DateTime originalStartUtc, DateTime newStartUtc, DateTime newEndUtc)
        {
            if (newEndUtc < newStartUtc)
            {
                return EventProblem.EndBeforeStart;
            }

            var zone = ZoneOf(master);
            (DateTime Start, DateTime End)? previous = null;
            (DateTime Start, DateTime End)? next = null;
            var seen = false;
            foreach (var slot in Slots(master, DateTime.MaxValue))
            {
                if (slot.StartUtc == originalStartUtc)
                {
                    seen = true;
                    continue;
                }

                if (master.Cancelled.Contains(slot.StartUtc))
                {
                    continue;
                }

                var now = master.Modified.TryGetValue(slot.StartUtc, out var moved) ? (moved.StartUtc, moved.EndUtc) : (slot.StartUtc, slot.EndUtc);
                if (!seen)
                {
                    previous = now;
                }
                else
                {
                    next = now;
                    break;
                }
            }

            if (!seen)
            {
                return EventProblem.OccurrenceNotFound;
            }

            var day = ToLocal(newStartUtc, zone).Date;
            if (previous is { } p && (day <= ToLocal(p.Start, zone).Date || newStartUtc < p.End))
            {
                return EventProblem.OccurrenceCrossingBoundary;
            }

            if (next is { } n && (day >= ToLocal(n.Start, zone).Date || newEndUtc > n.Start))
            {
                return EventProblem.OccurrenceCrossingBoundary;
            }

            return null;
        }

        /// <summary>
        /// Whether a recurrence can be stored: interval 1 or more, a numbered range of at least one, an end date not before
        /// the start, at least one occurrence, and occurrences no longer than the shortest gap between two of them (EWS
        /// ErrorCalendarInvalidRecurrence, ErrorRecurrenceHasNoOccurrence, ErrorOccurrenceTimeSpanTooBig;
        /// https://learn.microsoft.com/dotnet/api/microsoft.exchange.webservices.data.serviceerror).
        /// </summary>
        public static EventProblem? CheckSeries(SandboxEvent master)
        {
            var r = master.Recurrence;
            if (r is null)
            {
                return null;
            }

            if (r.Interval < 1 || (r.RangeType == RecurrenceRangeKind.Numbered && (r.NumberOfOccurrences ?? 0) < 1)
                || (r.RangeType == RecurrenceRangeKind.EndDate && !r.EndDate.HasValue)
                || (r.DayOfMonth < 0 || r.DayOfMonth > 31) || (r.Month < 0 || r.Month > 12)
                || (r.TimeZone != null && !IsKnownZone(r.TimeZone)))
            {
                return EventProblem.InvalidRecurrence;
            }

            var firstTwo = Slots(master, DateTime.MaxValue).Take(64).ToList();
            if (firstTwo.Count == 0)
            {
                return EventProblem.RecurrenceHasNoOccurrence;
            }

            for (var i = 1; i < firstTwo.Count; i++)
            {
                if (firstTwo[i].StartUtc < firstTwo[i - 1].EndUtc)
                {
                    return EventProblem.OccurrenceTimeSpanTooBig;
                }
            }

            return null;
        }

        /// <summary>The local dates of a series, in order, honouring its range.</summary>
        public static IEnumerable<DateTime> OccurrenceDates(EventRecurrence r, DateTime firstDate)
        {
            var interval = Math.Max(1, r.Interval);
            var start = r.StartDate == default ? firstDate.Date : r.StartDate.Date;
            var count = 0;
            var candidates = 0;
            foreach (var date in Candidates(r, start, interval))
            {
                if (++candidates > MaxCandidates)
                {
                    yield break;
                }

                if (date < start)
                {
                    continue;
                }

                if (r.RangeType == RecurrenceRangeKind.EndDate && r.EndDate.HasValue && date > r.EndDate.Value.Date)
                {
                    yield break;
                }

                if (r.RangeType == RecurrenceRangeKind.Numbered && count >= (r.NumberOfOccurrences ?? 0))
                {
                    yield break;
                }

                count++;
                yield return date;
            }
        }

        /// <summary>The wall-clock length of one occurrence in the series' zone; whole days for all-day series.</summary>
        private static TimeSpan LocalDuration(SandboxEvent master, TimeZoneInfo zone)
        {
            var local = ToLocal(master.EndUtc, zone) - ToLocal(master.StartUtc, zone);
            if (master.IsAllDay)
            {
                return TimeSpan.FromDays(Math.Max(1, Math.Round(local.TotalDays)));
            }

            return local < TimeSpan.Zero ? TimeSpan.Zero : local;
        }

        private static bool Overlaps(DateTime itemStart, DateTime itemEnd, DateTime windowStart, DateTime windowEnd) =>
            itemStart < windowEnd && (itemEnd > windowStart || (itemEnd == itemStart && itemStart == windowStart));

        private static IEnumerable<DateTime> Candidates(EventRecurrence r, DateTime start, int interval)
        {
            var days = r.DaysOfWeek != null && r.DaysOfWeek.Count > 0 ? r.DaysOfWeek.Distinct().ToList() : new List<DayOfWeek> { start.DayOfWeek };
            var dayOfMonth = r.DayOfMonth >= 1 ? r.DayOfMonth : start.Day;
            var month = r.Month >= 1 && r.Month <= 12 ? r.Month : start.Month;
            switch (r.Pattern)
            {
                case RecurrencePatternKind.Daily:
                    for (var d = start; d.Year < 9999; d = d.AddDays(interval))
                    {
                        yield return d;
                    }

                    yield break;

                case RecurrencePatternKind.Weekly:
                    var weekStart = start.AddDays(-(((int)start.DayOfWeek - (int)r.FirstDayOfWeek + 7) % 7));
                    for (var w = weekStart; w.Year < 9999; w = w.AddDays(7 * interval))
                    {
                        for (var i = 0; i < 7; i++)
                        {
                            var d = w.AddDays(i);
                            if (days.Contains(d.DayOfWeek))
                            {
                                yield return d;
                            }
                        }
                    }

                    yield break;

                case RecurrencePatternKind.AbsoluteMonthly:
                    for (var m = new DateTime(start.Year, start.Month, 1); m.Year < 9999; m = m.AddMonths(interval))
                    {
                        yield return m.AddDays(Math.Min(dayOfMonth, DateTime.DaysInMonth(m.Year, m.Month)) - 1);
                    }

                    yield break;

                case RecurrencePatternKind.RelativeMonthly:
                    for (var m = new DateTime(start.Year, start.Month, 1); m.Year < 9999; m = m.AddMonths(interval))
                    {
                        yield return NthWeekday(m, days, r.Index);
                    }

                    yield break;

                case RecurrencePatternKind.AbsoluteYearly:
                    for (var y = start.Year; y < 9999; y += interval)
                    {
                        yield return new DateTime(y, month, Math.Min(dayOfMonth, DateTime.DaysInMonth(y, month)));
                    }

                    yield break;

                default: // RelativeYearly
                    for (var y = start.Year; y < 9999; y += interval)
                    {
                        yield return NthWeekday(new DateTime(y, month, 1), days, r.Index);
                    }

                    yield break;
            }
        }

        /// <summary>The first, second, third, fourth or last day of the month that is one of <paramref name="days"/>.</summary>
        private static DateTime NthWeekday(DateTime firstOfMonth, IList<DayOfWeek> days, RecurrenceWeekIndex index)
        {
            var matches = Enumerable.Range(0, DateTime.DaysInMonth(firstOfMonth.Year, firstOfMonth.Month))
                .Select(i => firstOfMonth.AddDays(i))
                .Where(d => days.Contains(d.DayOfWeek))
                .ToList();
            return index == RecurrenceWeekIndex.Last ? matches[matches.Count - 1] : matches[Math.Min((int)index, matches.Count - 1)];
        }
    }

    /// <summary>One generated slot of a series: its 1-based index and where it is before any exception moves it.</summary>
    internal readonly struct RecurrenceSlot
    {
        public RecurrenceSlot(int index, DateTime startUtc, DateTime endUtc)
        {
            Index = index;
            StartUtc = startUtc;
            EndUtc = endUtc;
        }

        public int Index { get; }

        public DateTime StartUtc { get; }

        public DateTime EndUtc { get; }
    }

    /// <summary>
    /// Why the organisation refuses an event write; each endpoint renders it (EWS ResponseCode, Graph error code):
    /// EndBeforeStart → ErrorCalendarEndDateIsEarlierThanStartDate; OccurrenceCrossingBoundary →
    /// ErrorOccurrenceCrossingBoundary (Graph 400 with the same code); OccurrenceTimeSpanTooBig →
    /// ErrorOccurrenceTimeSpanTooBig; RecurrenceHasNoOccurrence → ErrorRecurrenceHasNoOccurrence; InvalidRecurrence →
    /// ErrorCalendarInvalidRecurrence; OccurrenceCancelled → ErrorCalendarOccurrenceIsDeletedFromRecurrence;
    /// OccurrenceIndexOutOfRange → ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange; OccurrenceNotFound →
    /// ErrorItemNotFound; InvalidTimeZone → ErrorTimeZone (Graph 400 TimeZoneNotSupportedException).
    /// </summary>
    internal enum EventProblem
    {
        EndBeforeStart,
        OccurrenceCrossingBoundary,
        OccurrenceTimeSpanTooBig,
        RecurrenceHasNoOccurrence,
        InvalidRecurrence,
        OccurrenceCancelled,
        OccurrenceIndexOutOfRange,
        OccurrenceNotFound,
        InvalidTimeZone,
        /// <summary>Internal to UpdateEvent: an occurrence's expected version is not current (it answers Stale).</summary>
        StaleVersion,
    }
}
