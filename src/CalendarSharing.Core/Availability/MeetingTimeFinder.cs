using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Events;

namespace CalendarSharing.Core.Availability
{
    /// <summary>One person or room whose schedule a meeting must fit.</summary>
    public sealed class MeetingParticipant
    {
        public MeetingParticipant(string address, EventAttendeeType type, MailboxAvailability schedule)
        {
            Address = address;
            Type = type;
            Schedule = schedule;
        }

        public string Address { get; }

        public EventAttendeeType Type { get; }

        /// <summary>The merged schedule (blocks, working hours, or NoData).</summary>
        public MailboxAvailability Schedule { get; }
    }

    /// <summary>What Find-MeetingTime asks.</summary>
    public sealed class MeetingTimeQuery
    {
        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(30);

        /// <summary>Candidate starts are this far apart, counted from midnight in <see cref="TimeZone"/>.</summary>
        public TimeSpan Step { get; set; } = TimeSpan.FromMinutes(30);

        public bool WorkingHoursOnly { get; set; }

        /// <summary>The share of required attendees (of optional ones when there are no required) who must be free, 0-100.</summary>
        public double MinimumAttendeePercentage { get; set; } = 100;

        public WorkingElsewhereTreatment WorkingElsewhere { get; set; }

        /// <summary>How many ranked slots to return.</summary>
        public int First { get; set; } = 10;

        /// <summary>The zone slots are aligned and rendered in.</summary>
        public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;
    }

    /// <summary>
    /// Meeting times computed by us from the schedules, so they are the same on EWS and Graph and need no delegated
    /// sign-in (Graph's findMeetingTimes has no application permission:
    /// https://learn.microsoft.com/graph/api/user-findmeetingtimes#permissions). A participant is free in a slot when no
    /// block of theirs that is not free overlaps it and, with working hours only, the slot lies inside one stretch of their
    /// working hours in their own time zone (rooms have none). A slot is offered when the share of required attendees who
    /// are free reaches the minimum and, when rooms are asked for, at least one room is free; slots are ranked by that
    /// share, then by the share of all attendees, then by fewer tentative clashes, then by time. Pure: no I/O.
    /// </summary>
    public static class MeetingTimeFinder
    {
        public static IReadOnlyList<MeetingTimeSlot> Find(IReadOnlyList<MeetingParticipant> participants, MeetingTimeQuery query)
        {
            if (participants is null)
            {
                throw new ArgumentNullException(nameof(participants));
            }

            if (query.Duration <= TimeSpan.Zero || query.End - query.Start < query.Duration)
            {
                return Array.Empty<MeetingTimeSlot>();
            }

            var people = participants.Where(p => p.Type != EventAttendeeType.Resource).ToList();
            var required = people.Where(p => p.Type == EventAttendeeType.Required).ToList();
            var counted = new HashSet<MeetingParticipant>(required.Count > 0 ? required : people);
            var rooms = participants.Where(p => p.Type == EventAttendeeType.Resource).ToList();
            var hours = query.WorkingHoursOnly
                ? people.ToDictionary(p => p, p => WorkingHoursCalendar.Stretches(p.Schedule.WorkingHours, p.Schedule.TimeZone, query.Start, query.End))
                : new Dictionary<MeetingParticipant, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>?>();
            var blocks = participants.ToDictionary(p => p, p => p.Schedule.Blocks.OrderBy(b => b.Start).ToList());

            var candidates = new List<(MeetingTimeSlot Slot, double RequiredShare, int Tentative)>();
            foreach (var start in Starts(query))
            {
                var end = start + query.Duration;
                var slot = new MeetingTimeSlot
                {
                    Start = TimeZoneInfo.ConvertTime(start, query.TimeZone),
                    End = TimeZoneInfo.ConvertTime(end, query.TimeZone),
                };
                var tentative = 0;
                var freeCounted = 0;
                var freePeople = 0;
                foreach (var p in participants)
                {
                    var (state, reason) = Check(p, blocks[p], start, end, query, hours.TryGetValue(p, out var h) ? h : null);
                    var free = AvailabilityGrid.IsFree(state) && reason is null;
                    if (p.Type == EventAttendeeType.Resource)
                    {
                        if (free)
                        {
                            slot.Rooms.Add(p.Address);
                        }
                        else
                        {
                            slot.Conflicts.Add(new SlotConflict(p.Address, state) { Type = p.Type, Reason = reason });
                        }

                        continue;
                    }

                    if (free)
                    {
                        slot.Available.Add(p.Address);
                        freePeople++;
                        if (counted.Contains(p))
                        {
                            freeCounted++;
                        }
                    }
                    else
                    {
                        slot.Conflicts.Add(new SlotConflict(p.Address, state) { Type = p.Type, Reason = reason });
                        if (state == AvailabilityState.Tentative)
                        {
                            tentative++;
                        }
                    }
                }

                var share = counted.Count == 0 ? 100 : 100.0 * freeCounted / counted.Count;
                if (share + 1e-9 < query.MinimumAttendeePercentage || (rooms.Count > 0 && slot.Rooms.Count == 0))
                {
                    continue;
                }

                slot.AttendeePercentage = people.Count == 0 ? 100 : Math.Round(100.0 * freePeople / people.Count, 1);
                candidates.Add((slot, share, tentative));
            }

            var ranked = candidates
                .OrderByDescending(c => c.RequiredShare)
                .ThenByDescending(c => c.Slot.AttendeePercentage)
                .ThenBy(c => c.Tentative)
                .ThenBy(c => c.Slot.Start.UtcDateTime)
                .Take(Math.Max(1, query.First))
                .Select(c => c.Slot)
                .ToList();
            for (var i = 0; i < ranked.Count; i++)
            {
                ranked[i].Rank = i + 1;
            }

            return ranked;
        }

        /// <summary>Candidate starts: every step from midnight in the query's zone that begins at or after Start and ends by End.</summary>
        public static IEnumerable<DateTimeOffset> Starts(MeetingTimeQuery query)
        {
            var step = query.Step <= TimeSpan.Zero ? TimeSpan.FromMinutes(30) : query.Step;
            var local = TimeZoneInfo.ConvertTime(query.Start, query.TimeZone);
            var midnight = new DateTimeOffset(local.Date, local.Offset);
            var offset = local - midnight;
            var steps = (long)Math.Ceiling(offset.Ticks / (double)step.Ticks);
            var first = query.Start + TimeSpan.FromTicks((steps * step.Ticks) - offset.Ticks);
            for (var s = first; s + query.Duration <= query.End; s += step)
            {
                yield return s;
            }
        }

        private static (AvailabilityState State, string? Reason) Check(
            MeetingParticipant p,
            List<AvailabilityBlock> blocks,
            DateTimeOffset start,
            DateTimeOffset end,
            MeetingTimeQuery query,
            IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? hours)
        {
            if (p.Schedule.Status == AvailabilityStatus.NoData)
            {
                return (AvailabilityState.NoData, p.Schedule.Reason ?? "no free/busy information");
            }

            var state = AvailabilityState.Free;
            foreach (var b in blocks)
            {
                if (b.Start >= end)
                {
                    break;
                }

                if (b.End > start)
                {
                    state = AvailabilityGrid.Max(state, AvailabilityGrid.StateOf(b.ShowAs, query.WorkingElsewhere));
                }
            }

            if (hours != null && !hours.Any(h => h.Start <= start && end <= h.End))
            {
                return (state, "outside working hours");
            }

            return (state, null);
        }
    }

    /// <summary>A mailbox's working hours as stretches of absolute time, each day's hours taken in the mailbox's own zone.</summary>
    public static class WorkingHoursCalendar
    {
        /// <summary>
        /// The working stretches that touch [from, to), or null when the hours are unknown or their zone cannot be found (no
        /// constraint then). Each day's start and end are wall-clock times of that day in the zone, so a daylight-saving
        /// change moves the stretch in UTC; a wall-clock time skipped by the change is taken after it.
        /// </summary>
        public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? Stretches(MailboxWorkingHours? hours, string? mailboxZone, DateTimeOffset from, DateTimeOffset to)
        {
            if (hours is null || hours.DaysOfWeek.Count == 0)
            {
                return null;
            }

            var name = hours.TimeZone ?? mailboxZone;
            TimeZoneInfo zone;
            try
            {
                zone = string.IsNullOrWhiteSpace(name) ? TimeZoneInfo.Utc : TimeZoneNames.Find(name!);
            }
            catch (FormatException)
            {
                return null;
            }

            var stretches = new List<(DateTimeOffset, DateTimeOffset)>();
            var firstDay = TimeZoneInfo.ConvertTime(from, zone).Date.AddDays(-1);
            var lastDay = TimeZoneInfo.ConvertTime(to, zone).Date.AddDays(1);
            for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
            {
                if (!hours.DaysOfWeek.Contains(day.DayOfWeek))
                {
                    continue;
                }

                var s = At(zone, day + hours.StartTime);
                var e = hours.EndTime > hours.StartTime ? At(zone, day + hours.EndTime) : At(zone, day.AddDays(1) + hours.EndTime);
                if (e > from && s < to)
                {
                    stretches.Add((s, e));
                }
            }

            return stretches;
        }

        /// <summary>A wall-clock time of the zone as an instant.</summary>
        public static DateTimeOffset At(TimeZoneInfo zone, DateTime wallClock)
        {
            var t = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(t))
            {
                t = t.AddMinutes(15);
            }

            return new DateTimeOffset(t, zone.GetUtcOffset(t));
        }
    }
}
