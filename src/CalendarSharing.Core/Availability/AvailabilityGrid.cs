using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CalendarSharing.Core.Availability
{
    /// <summary>What a "working elsewhere" block means for the grid and for meeting times.</summary>
    public enum WorkingElsewhereTreatment
    {
        /// <summary>The person works, just not at the office: free for a meeting (shown as 'w').</summary>
        Free = 0,
        /// <summary>Counted as busy.</summary>
        Busy,
    }

    /// <summary>
    /// The grid of one mailbox: one state per interval, computed by us from each block's own status (never from the
    /// server's merged string: EWS MergedFreeBusy has no digit for working elsewhere, and Graph's availabilityView shows
    /// it as 0, free; https://learn.microsoft.com/graph/api/resources/scheduleinformation). An interval takes the
    /// strongest status of the blocks that overlap it: OutOfOffice, Busy, Tentative, WorkingElsewhere, Free.
    /// </summary>
    public static class AvailabilityGrid
    {
        /// <summary>The legend (docs/cmdlets/Get-CalendarAvailability.md): one character per state.</summary>
        public static char CharOf(AvailabilityState state)
        {
            switch (state)
            {
                case AvailabilityState.Free: return '.';
                case AvailabilityState.WorkingElsewhere: return 'w';
                case AvailabilityState.Tentative: return 't';
                case AvailabilityState.Busy: return '#';
                case AvailabilityState.OutOfOffice: return 'O';
                default: return '?';
            }
        }

        /// <summary>True for the states a meeting may take: Free, and WorkingElsewhere (which is Busy when so treated).</summary>
        public static bool IsFree(AvailabilityState state) => state == AvailabilityState.Free || state == AvailabilityState.WorkingElsewhere;

        /// <summary>The state a block puts its intervals in.</summary>
        public static AvailabilityState StateOf(EventShowAs showAs, WorkingElsewhereTreatment workingElsewhere)
        {
            switch (showAs)
            {
                case EventShowAs.Free: return AvailabilityState.Free;
                case EventShowAs.Tentative: return AvailabilityState.Tentative;
                case EventShowAs.OutOfOffice: return AvailabilityState.OutOfOffice;
                case EventShowAs.WorkingElsewhere:
                    return workingElsewhere == WorkingElsewhereTreatment.Busy ? AvailabilityState.Busy : AvailabilityState.WorkingElsewhere;
                default:
                    // Busy, and a block whose status the server did not say: a meeting there would clash, as far as we know.
                    return AvailabilityState.Busy;
            }
        }

        /// <summary>How strong a state is when blocks overlap: the strongest one shows.</summary>
        public static int Strength(AvailabilityState state)
        {
            switch (state)
            {
                case AvailabilityState.Free: return 0;
                case AvailabilityState.WorkingElsewhere: return 1;
                case AvailabilityState.Tentative: return 2;
                case AvailabilityState.Busy: return 3;
                case AvailabilityState.OutOfOffice: return 4;
                default: return 5;
            }
        }

        /// <summary>The stronger of two states.</summary>
        public static AvailabilityState Max(AvailabilityState a, AvailabilityState b) => Strength(b) > Strength(a) ? b : a;

        /// <summary>The number of intervals from start to end (a last partial interval counts).</summary>
        public static int IntervalCount(DateTimeOffset start, DateTimeOffset end, int intervalMinutes) =>
            end <= start ? 0 : (int)Math.Ceiling((end - start).Ticks / (double)TimeSpan.FromMinutes(intervalMinutes).Ticks);

        /// <summary>One state per interval of [start, end) from the blocks; a block covering any part of an interval counts for all of it.</summary>
        public static IList<AvailabilityState> Compute(IEnumerable<AvailabilityBlock> blocks, DateTimeOffset start, DateTimeOffset end, int intervalMinutes, WorkingElsewhereTreatment workingElsewhere)
        {
            var count = IntervalCount(start, end, intervalMinutes);
            var states = new AvailabilityState[count];
            var ticks = TimeSpan.FromMinutes(intervalMinutes).Ticks;
            foreach (var block in blocks)
            {
                var state = StateOf(block.ShowAs, workingElsewhere);
                if (state == AvailabilityState.Free || block.End <= start || block.Start >= end || block.End <= block.Start)
                {
                    continue;
                }

                var first = (int)Math.Max(0, (block.Start - start).Ticks / ticks);
                var last = (int)Math.Min(count - 1, (long)Math.Ceiling((block.End - start).Ticks / (double)ticks) - 1);
                for (var i = first; i <= last; i++)
                {
                    states[i] = Max(states[i], state);
                }
            }

            return states;
        }

        /// <summary>Every interval NoData: the mailbox's schedule could not be read.</summary>
        public static IList<AvailabilityState> NoData(DateTimeOffset start, DateTimeOffset end, int intervalMinutes) =>
            Enumerable.Repeat(AvailabilityState.NoData, IntervalCount(start, end, intervalMinutes)).ToList();

        /// <summary>The grid as text, one character per interval.</summary>
        public static string Render(IEnumerable<AvailabilityState> states)
        {
            var text = new StringBuilder();
            foreach (var s in states)
            {
                text.Append(CharOf(s));
            }

            return text.ToString();
        }

        /// <summary>
        /// The blocks of one mailbox read in several window chunks, as one list: exact duplicates (a block overlapping two
        /// chunks comes back from both) once, and the two halves of a block cut at a chunk boundary joined again; sorted.
        /// </summary>
        public static List<AvailabilityBlock> Merge(IEnumerable<AvailabilityBlock> blocks, ICollection<DateTimeOffset> boundaries)
        {
            var sorted = blocks.OrderBy(b => b.Start).ThenBy(b => b.End).ThenBy(b => b.ShowAs).ToList();
            var merged = new List<AvailabilityBlock>(sorted.Count);
            var seen = new HashSet<(DateTimeOffset, DateTimeOffset, string)>();
            var open = new Dictionary<(DateTimeOffset End, string Key), AvailabilityBlock>();
            foreach (var b in sorted)
            {
                var key = Key(b);
                if (!seen.Add((b.Start, b.End, key)))
                {
                    continue;
                }

                if (boundaries.Contains(b.Start) && open.TryGetValue((b.Start, key), out var joined))
                {
                    // The second half of a block cut at a chunk boundary: extend the first half.
                    open.Remove((joined.End, key));
                    joined.End = b.End;
                    open[(joined.End, key)] = joined;
                    continue;
                }

                var copy = new AvailabilityBlock
                {
                    Start = b.Start,
                    End = b.End,
                    ShowAs = b.ShowAs,
                    Subject = b.Subject,
                    Location = b.Location,
                    IsPrivate = b.IsPrivate,
                    IsMeeting = b.IsMeeting,
                    IsRecurring = b.IsRecurring,
                };
                merged.Add(copy);
                open[(copy.End, key)] = copy;
            }

            return merged;
        }

        private static string Key(AvailabilityBlock b) => ((int)b.ShowAs).ToString(System.Globalization.CultureInfo.InvariantCulture) + (b.IsPrivate ? "p" : "-") + "\u0001" + b.Subject + "\u0001" + b.Location;

    }
}
