using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Availability;
using Xunit;

namespace CalendarSharing.Tests.Availability
{
    /// <summary>Slots computed from schedules: working hours in each attendee's own zone, daylight saving, all-day events, rooms, ranking.</summary>
    public class MeetingTimeFinderTests
    {
        private static readonly DayOfWeek[] Weekdays = { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };

        private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero);

        private static MeetingParticipant Person(string address, string? zone, EventAttendeeType type = EventAttendeeType.Required, params AvailabilityBlock[] blocks) =>
            new MeetingParticipant(address, type, new MailboxAvailability(address)
            {
                TimeZone = zone,
                WorkingHours = zone is null ? null : new MailboxWorkingHours { DaysOfWeek = Weekdays.ToList(), StartTime = TimeSpan.FromHours(9), EndTime = TimeSpan.FromHours(17), TimeZone = zone },
                Blocks = blocks.ToList(),
            });

        private static AvailabilityBlock Busy(DateTimeOffset start, DateTimeOffset end, EventShowAs showAs = EventShowAs.Busy) =>
            new AvailabilityBlock { Start = start, End = end, ShowAs = showAs };

        private static MeetingTimeQuery Query(DateTimeOffset start, DateTimeOffset end, int minutes = 60, bool workingHours = false, double minimum = 100) =>
            new MeetingTimeQuery { Start = start, End = end, Duration = TimeSpan.FromMinutes(minutes), WorkingHoursOnly = workingHours, MinimumAttendeePercentage = minimum, First = 1000 };

        [Fact]
        public void Attendees_in_three_zones_meet_where_their_working_hours_overlap()
        {
            // December: Berlin 09-17 = 08-16 UTC, London 09-17 UTC, New York 09-17 = 14-22 UTC: all three 14-16 UTC.
            var people = new[] { Person("hans@contoso.com", "W. Europe Standard Time"), Person("liz@contoso.com", "Europe/London"), Person("nick@contoso.com", "Eastern Standard Time") };
            var slots = MeetingTimeFinder.Find(people, Query(Utc(2026, 12, 8, 0), Utc(2026, 12, 9, 0), workingHours: true));
            Assert.Equal(new[] { Utc(2026, 12, 8, 14), Utc(2026, 12, 8, 14, 30), Utc(2026, 12, 8, 15) }, slots.Select(s => s.Start));
            Assert.All(slots, s => Assert.Equal(100, s.AttendeePercentage));
            Assert.Equal(new[] { 1, 2, 3 }, slots.Select(s => s.Rank));
        }

        [Fact]
        public void A_daylight_saving_change_in_one_zone_moves_the_overlap()
        {
            // New York changed on 14 March 2027, Berlin changes on 28 March: the Friday before, Berlin (UTC+1) 08-16 and New
            // York (UTC-4) 13-21 overlap 13-16 UTC; the Monday after, Berlin (UTC+2) 07-15 leaves 13-15 UTC.
            var people = new[] { Person("hans@contoso.com", "Europe/Berlin"), Person("nick@contoso.com", "America/New_York") };
            var slots = MeetingTimeFinder.Find(people, Query(Utc(2027, 3, 26, 0), Utc(2027, 3, 30, 0), workingHours: true));
            var friday = slots.Where(s => s.Start.UtcDateTime.Day == 26).Select(s => s.Start.UtcDateTime.TimeOfDay.TotalHours).OrderBy(h => h);
            var monday = slots.Where(s => s.Start.UtcDateTime.Day == 29).Select(s => s.Start.UtcDateTime.TimeOfDay.TotalHours).OrderBy(h => h);
            Assert.Equal(new[] { 13, 13.5, 14, 14.5, 15 }, friday);
            Assert.Equal(new[] { 13, 13.5, 14 }, monday);
            Assert.DoesNotContain(slots, s => s.Start.UtcDateTime.Day == 27 || s.Start.UtcDateTime.Day == 28);
        }

        [Fact]
        public void Working_hours_shift_with_the_zone_across_the_change_weekend()
        {
            var before = WorkingHoursCalendar.Stretches(Person("x", "Europe/Berlin").Schedule.WorkingHours, null, Utc(2027, 3, 26, 0), Utc(2027, 3, 27, 0))!;
            var after = WorkingHoursCalendar.Stretches(Person("x", "Europe/Berlin").Schedule.WorkingHours, null, Utc(2027, 3, 29, 0), Utc(2027, 3, 30, 0))!;
            Assert.Contains((Utc(2027, 3, 26, 8), Utc(2027, 3, 26, 16)), before);
            Assert.Contains((Utc(2027, 3, 29, 7), Utc(2027, 3, 29, 15)), after);
        }

        [Fact]
        public void An_all_day_event_blocks_the_local_day_of_each_attendee()
        {
            // Hans's Tuesday in Berlin (UTC+1) and Nick's Wednesday in New York (UTC-5), as the servers give them: midnight
            // to midnight of the owner's zone.
            var hans = Person("hans@contoso.com", null, EventAttendeeType.Required, Busy(Utc(2026, 12, 7, 23), Utc(2026, 12, 8, 23), EventShowAs.OutOfOffice));
            var nick = Person("nick@contoso.com", null, EventAttendeeType.Required, Busy(Utc(2026, 12, 9, 5), Utc(2026, 12, 10, 5)));
            var slots = MeetingTimeFinder.Find(new[] { hans, nick }, Query(Utc(2026, 12, 7, 20), Utc(2026, 12, 10, 8), minimum: 0));
            bool Free(string who, DateTimeOffset at) => slots.Single(s => s.Start == at).Available.Contains(who);
            Assert.True(Free("hans@contoso.com", Utc(2026, 12, 7, 22)));   // Monday 23:00 in Berlin
            Assert.False(Free("hans@contoso.com", Utc(2026, 12, 7, 23)));  // Tuesday 00:00 in Berlin
            Assert.False(Free("hans@contoso.com", Utc(2026, 12, 8, 22)));  // Tuesday 23:00 in Berlin
            Assert.True(Free("hans@contoso.com", Utc(2026, 12, 8, 23)));   // Wednesday 00:00 in Berlin
            Assert.True(Free("nick@contoso.com", Utc(2026, 12, 9, 4)));    // Tuesday 23:00 in New York
            Assert.False(Free("nick@contoso.com", Utc(2026, 12, 9, 5)));   // Wednesday 00:00 in New York
            Assert.False(Free("nick@contoso.com", Utc(2026, 12, 10, 4)));  // Wednesday 23:00 in New York
            Assert.True(Free("nick@contoso.com", Utc(2026, 12, 10, 5)));   // Thursday 00:00 in New York
            var conflict = slots.Single(s => s.Start == Utc(2026, 12, 8, 12)).Conflicts.Single();
            Assert.Equal(("hans@contoso.com", AvailabilityState.OutOfOffice), (conflict.Attendee, conflict.State));
        }

        [Fact]
        public void A_slot_needs_one_free_room_and_names_the_free_rooms()
        {
            var alice = Person("alice@contoso.com", null);
            var board = Person("boardroom@contoso.com", null, EventAttendeeType.Resource, Busy(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 10)));
            var small = Person("small@contoso.com", null, EventAttendeeType.Resource, Busy(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 9, 30)));
            var both = MeetingTimeFinder.Find(new[] { alice, board, small }, Query(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 11)));
            Assert.Equal(new[] { Utc(2026, 12, 8, 9, 30), Utc(2026, 12, 8, 10) }, both.Select(s => s.Start));
            Assert.Equal(new[] { "small@contoso.com" }, both[0].Rooms);
            Assert.Equal(new[] { "boardroom@contoso.com", "small@contoso.com" }, both[1].Rooms);
            var one = MeetingTimeFinder.Find(new[] { alice, board }, Query(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 11)));
            Assert.Equal(new[] { Utc(2026, 12, 8, 10) }, one.Select(s => s.Start));
        }

        [Fact]
        public void Optional_attendees_rank_the_slots_and_the_minimum_counts_required_ones()
        {
            var alice = Person("alice@contoso.com", null);
            var bob = Person("bob@contoso.com", null, EventAttendeeType.Required, Busy(Utc(2026, 12, 8, 10), Utc(2026, 12, 8, 11)));
            var carol = Person("carol@contoso.com", null, EventAttendeeType.Optional, Busy(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 10), EventShowAs.Tentative));
            var all = MeetingTimeFinder.Find(new[] { alice, bob, carol }, Query(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 12)));
            Assert.Equal(new[] { Utc(2026, 12, 8, 11), Utc(2026, 12, 8, 9) }, all.Select(s => s.Start));
            Assert.Equal(100, all[0].AttendeePercentage);
            Assert.Equal(66.7, all[1].AttendeePercentage);
            var tentative = Assert.Single(all[1].Conflicts);
            Assert.Equal(("carol@contoso.com", AvailabilityState.Tentative, EventAttendeeType.Optional), (tentative.Attendee, tentative.State, tentative.Type));

            var half = MeetingTimeFinder.Find(new[] { alice, bob, carol }, Query(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 12), minimum: 50));
            Assert.Equal(5, half.Count);
            Assert.Equal(Utc(2026, 12, 8, 11), half[0].Start);
            Assert.Contains(half, s => s.Conflicts.Any(c => c.Attendee == "bob@contoso.com" && c.State == AvailabilityState.Busy));
        }

        [Fact]
        public void Working_elsewhere_is_free_unless_treated_as_busy()
        {
            var alice = Person("alice@contoso.com", null, EventAttendeeType.Required, Busy(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 17), EventShowAs.WorkingElsewhere));
            var query = Query(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 10));
            Assert.Single(MeetingTimeFinder.Find(new[] { alice }, query));
            query.WorkingElsewhere = WorkingElsewhereTreatment.Busy;
            Assert.Empty(MeetingTimeFinder.Find(new[] { alice }, query));
        }

        [Fact]
        public void An_attendee_without_free_busy_is_a_conflict_with_its_reason()
        {
            var alice = Person("alice@contoso.com", null);
            var ghost = new MeetingParticipant("ghost@contoso.com", EventAttendeeType.Optional, new MailboxAvailability("ghost@contoso.com") { Status = AvailabilityStatus.NoData, Reason = "No such mailbox." });
            var slot = MeetingTimeFinder.Find(new[] { alice, ghost }, Query(Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 10))).Single();
            var c = Assert.Single(slot.Conflicts);
            Assert.Equal((AvailabilityState.NoData, "No such mailbox."), (c.State, c.Reason));
            Assert.Equal(50, slot.AttendeePercentage);
        }

        [Fact]
        public void Candidate_starts_are_steps_from_midnight_in_the_query_zone()
        {
            var query = Query(Utc(2026, 12, 8, 8, 10), Utc(2026, 12, 8, 10), minutes: 30);
            query.TimeZone = TimeZoneInfo.Utc;
            Assert.Equal(new[] { Utc(2026, 12, 8, 8, 30), Utc(2026, 12, 8, 9), Utc(2026, 12, 8, 9, 30) }, MeetingTimeFinder.Starts(query));
        }
    }
}
