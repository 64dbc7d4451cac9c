using System;
using System.Collections.Generic;
using System.Linq;
using TimeZoneConverter;

namespace CalendarSharing.Sandbox.Events
{
    /// <summary>
    /// How a series expands, written once for EWS and Graph. The pattern is evaluated in the series' own time zone, so a
    /// 09:00 meeting stays at 09:00 local across a daylight-saving change (its UTC time moves). Patterns and ranges follow
    /// the recurrence model of [MS-OXOCAL] 2.2.1.44 (https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxocal/)
    /// as EWS (RecurrenceType) and Graph (patternedRecurrence) expose it.
    /// </summary>
    internal static class RecurrenceExpander
    {
        /// <summary>Guards against patterns that never reach the window (a numbered range of millions).</summary>
        private const int MaxCandidates = 100_000;

        /// <summary>The zone for a Windows or IANA name; UTC when unknown.</summary>
        public static TimeZoneInfo Zone(string? name) =>
            !string.IsNullOrWhiteSpace(name) && TZConvert.TryGetTimeZoneInfo(name!, out var zone) ? zone : TimeZoneInfo.Utc;

        /// <summary>The UTC instant of a local wall-clock time; a time skipped by a spring-forward gap moves on by the gap.</summary>
        public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
            {
                unspecified = unspecified.AddHours(1);
            }

            return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
        }

        public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
            TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

        /// <summary>
        /// The occurrences of a series master that overlap [windowStartUtc, windowEndUtc), exceptions applied: a cancelled
        /// occurrence is left out, a modified one appears at its own (possibly moved) time.
        /// </summary>
        public static IEnumerable<SandboxOccurrence> Expand(SandboxEvent master, DateTime windowStartUtc, DateTime windowEndUtc)
        {
            var recurrence = master.Recurrence ?? throw new ArgumentException("Not a series master.", nameof(master));
            var zone = Zone(recurrence.TimeZone ?? master.TimeZone);
            var firstLocal = ToLocal(master.StartUtc, zone);
            var timeOfDay = firstLocal.TimeOfDay;
            var duration = master.Duration;
            var result = new List<SandboxOccurrence>();

            foreach (var date in OccurrenceDates(recurrence, firstLocal.Date))
            {
                var startUtc = ToUtc(date + timeOfDay, zone);
                if (startUtc >= windowEndUtc && !master.Modified.Keys.Any(k => k >= startUtc))
                {
                    break;
                }

                if (master.Cancelled.Contains(startUtc))
                {
                    continue;
                }

                var id = EventIds.OccurrenceId(master.Id, startUtc);
                if (master.Modified.TryGetValue(startUtc, out var exception))
                {
                    if (exception.StartUtc < windowEndUtc && exception.EndUtc > windowStartUtc)
                    {
                        result.Add(new SandboxOccurrence(exception, EventKind.Exception, id, exception.StartUtc, exception.EndUtc, master, startUtc));
                    }

                    continue;
                }

                var endUtc = master.IsAllDay ? ToUtc(date + timeOfDay + duration, zone) : startUtc + duration;
                if (startUtc < windowEndUtc && endUtc > windowStartUtc)
                {
                    result.Add(new SandboxOccurrence(master, EventKind.Occurrence, id, startUtc, endUtc, master, startUtc));
                }
            }

            return result.OrderBy(o => o.StartUtc);
        }

        /// <summary>The local dates of a series, in order, honouring its range.</summary>
        public static IEnumerable<DateTime> OccurrenceDates(EventRecurrence r, DateTime firstDate)
        {
            var interval = Math.Max(1, r.Interval);
            var start = r.StartDate == default ? firstDate : r.StartDate.Date;
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

        private static IEnumerable<DateTime> Candidates(EventRecurrence r, DateTime start, int interval)
        {
            switch (r.Pattern)
            {
                case RecurrencePatternKind.Daily:
                    for (var d = start; ; d = d.AddDays(interval))
                    {
                        yield return d;
                    }

                case RecurrencePatternKind.Weekly:
                    var days = r.DaysOfWeek.Count > 0 ? r.DaysOfWeek : new List<DayOfWeek> { start.DayOfWeek };
                    var weekStart = start.AddDays(-(((int)start.DayOfWeek - (int)r.FirstDayOfWeek + 7) % 7));
                    for (var w = weekStart; ; w = w.AddDays(7 * interval))
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

                case RecurrencePatternKind.AbsoluteMonthly:
                    for (var m = new DateTime(start.Year, start.Month, 1); ; m = m.AddMonths(interval))
                    {
                        yield return m.AddDays(Math.Min(Math.Max(1, r.DayOfMonth), DateTime.DaysInMonth(m.Year, m.Month)) - 1);
                    }

                case RecurrencePatternKind.RelativeMonthly:
                    for (var m = new DateTime(start.Year, start.Month, 1); ; m = m.AddMonths(interval))
                    {
                        yield return NthWeekday(m, r.DaysOfWeek, r.Index);
                    }

                case RecurrencePatternKind.AbsoluteYearly:
                    for (var y = start.Year; ; y += interval)
                    {
                        var month = r.Month >= 1 ? r.Month : start.Month;
                        yield return new DateTime(y, month, Math.Min(Math.Max(1, r.DayOfMonth), DateTime.DaysInMonth(y, month)));
                    }

                default: // RelativeYearly
                    for (var y = start.Year; ; y += interval)
                    {
                        yield return NthWeekday(new DateTime(y, r.Month >= 1 ? r.Month : start.Month, 1), r.DaysOfWeek, r.Index);
                    }
            }
        }

        /// <summary>The first, second, ... or last day of the month that is one of <paramref name="days"/>.</summary>
        private static DateTime NthWeekday(DateTime firstOfMonth, IList<DayOfWeek> days, RecurrenceWeekIndex index)
        {
            var matches = Enumerable.Range(0, DateTime.DaysInMonth(firstOfMonth.Year, firstOfMonth.Month))
                .Select(i => firstOfMonth.AddDays(i))
                .Where(d => days.Count == 0 ? d.Day == 1 : days.Contains(d.DayOfWeek))
                .ToList();
            return index == RecurrenceWeekIndex.Last ? matches[matches.Count - 1] : matches[Math.Min((int)index, matches.Count - 1)];
        }
    }
}
