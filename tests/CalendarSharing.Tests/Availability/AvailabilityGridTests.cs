using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Availability;
using Xunit;

namespace CalendarSharing.Tests.Availability
{
    /// <summary>The grid is computed from each block's own status: strongest status per interval, working elsewhere as asked.</summary>
    public class AvailabilityGridTests
    {
        private static readonly DateTimeOffset Nine = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));

        private static AvailabilityBlock Block(int fromMinutes, int toMinutes, EventShowAs showAs, string? subject = null) =>
            new AvailabilityBlock { Start = Nine.AddMinutes(fromMinutes), End = Nine.AddMinutes(toMinutes), ShowAs = showAs, Subject = subject };

        [Fact]
        public void Each_interval_shows_the_strongest_block_over_it()
        {
            var blocks = new[]
            {
                Block(0, 60, EventShowAs.Tentative),
                Block(30, 90, EventShowAs.Busy),
                Block(120, 150, EventShowAs.OutOfOffice),
                Block(150, 160, EventShowAs.Free),
                Block(200, 215, EventShowAs.Busy),
            };
            var grid = AvailabilityGrid.Compute(blocks, Nine, Nine.AddHours(4), 30, WorkingElsewhereTreatment.Free);
            Assert.Equal("t##.O.##", AvailabilityGrid.Render(grid));
        }

        [Fact]
        public void Working_elsewhere_is_free_by_default_and_busy_when_asked()
        {
            var blocks = new[] { Block(0, 60, EventShowAs.WorkingElsewhere), Block(30, 60, EventShowAs.Tentative) };
            var free = AvailabilityGrid.Compute(blocks, Nine, Nine.AddHours(1.5), 30, WorkingElsewhereTreatment.Free);
            var busy = AvailabilityGrid.Compute(blocks, Nine, Nine.AddHours(1.5), 30, WorkingElsewhereTreatment.Busy);
            Assert.Equal("wt.", AvailabilityGrid.Render(free));
            Assert.True(AvailabilityGrid.IsFree(free[0]));
            Assert.Equal("##.", AvailabilityGrid.Render(busy));
            Assert.False(AvailabilityGrid.IsFree(busy[0]));
        }

        [Fact]
        public void A_block_without_a_status_counts_as_busy_and_a_last_partial_interval_counts()
        {
            var grid = AvailabilityGrid.Compute(new[] { Block(50, 55, EventShowAs.Unknown) }, Nine, Nine.AddMinutes(55), 30, WorkingElsewhereTreatment.Free);
            Assert.Equal(".#", AvailabilityGrid.Render(grid));
        }

        [Fact]
        public void Blocks_outside_the_window_are_ignored_and_blocks_across_its_edges_are_clipped()
        {
            var blocks = new[] { Block(-120, -60, EventShowAs.Busy), Block(-30, 15, EventShowAs.Busy), Block(80, 600, EventShowAs.OutOfOffice) };
            Assert.Equal("#.OO", AvailabilityGrid.Render(AvailabilityGrid.Compute(blocks, Nine, Nine.AddHours(2), 30, WorkingElsewhereTreatment.Free)));
        }

        [Fact]
        public void Chunks_merge_into_one_list_duplicates_once_and_halves_at_a_chunk_boundary_joined()
        {
            var boundary = Nine.AddMinutes(60);
            var blocks = new[]
            {
                Block(0, 30, EventShowAs.Busy, "Standup"),
                Block(0, 30, EventShowAs.Busy, "Standup"),
                Block(45, 60, EventShowAs.Busy, "Long"),
                Block(60, 120, EventShowAs.Busy, "Long"),
                Block(60, 90, EventShowAs.Tentative, "Other"),
            };
            var merged = AvailabilityGrid.Merge(blocks, new HashSet<DateTimeOffset> { boundary });
            Assert.Equal(3, merged.Count);
            var joined = Assert.Single(merged, b => b.Subject == "Long");
            Assert.Equal(Nine.AddMinutes(45), joined.Start);
            Assert.Equal(Nine.AddMinutes(120), joined.End);
        }

        [Fact]
        public void Two_meetings_that_only_touch_away_from_a_boundary_stay_two()
        {
            var merged = AvailabilityGrid.Merge(new[] { Block(0, 30, EventShowAs.Busy, "A"), Block(30, 60, EventShowAs.Busy, "A") }, new HashSet<DateTimeOffset>());
            Assert.Equal(2, merged.Count);
        }

        [Fact]
        public void The_legend_has_one_character_per_state()
        {
            var chars = Enum.GetValues(typeof(AvailabilityState)).Cast<AvailabilityState>().Select(AvailabilityGrid.CharOf).ToList();
            Assert.Equal(chars.Count, chars.Distinct().Count());
            Assert.Equal("?", AvailabilityGrid.Render(AvailabilityGrid.NoData(Nine, Nine.AddMinutes(10), 30)));
        }
    }
}
