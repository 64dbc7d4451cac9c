using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Events;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Events
{
    /// <summary>Reading a window larger than one call returns: halves until each part fits; events across a cut once; sorted.</summary>
    public class EventWindowReaderTests
    {
        private static readonly DateTimeOffset Monday = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(1));

        /// <summary>A calendar as a list, read the way a protocol with a per-call cap reads it (the overlap rule of CalendarView).</summary>
        private static Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<EventWindowRead>> Reader(IReadOnlyList<CalendarEvent> calendar, int cap, List<(DateTimeOffset, DateTimeOffset)> calls)
            => (s, e, _) =>
            {
                calls.Add((s, e));
                var hits = calendar.Where(ev => ev.Start < e && ev.End > s).ToList();
                return Task.FromResult(new EventWindowRead(hits.Take(cap).ToList(), hits.Count > cap));
            };

        private static List<CalendarEvent> Events(int count, TimeSpan every, TimeSpan length) =>
            Enumerable.Range(0, count).Select(i => new CalendarEvent("alice@contoso.com", "id" + i) { Subject = "E" + i, Start = Monday + TimeSpan.FromTicks(every.Ticks * i), End = Monday + TimeSpan.FromTicks(every.Ticks * i) + length }).ToList();

        [Fact]
        public async Task A_window_that_fits_is_read_once()
        {
            var calls = new List<(DateTimeOffset, DateTimeOffset)>();
            var result = await EventWindowReader.ReadAsync(Reader(Events(10, TimeSpan.FromHours(1), TimeSpan.FromMinutes(30)), 1000, calls), Monday, Monday.AddDays(7), CancellationToken.None);
            Assert.Equal(10, result.Events.Count);
            Assert.Single(calls);
            Assert.False(result.Incomplete);
        }

        [Fact]
        public async Task A_truncated_window_is_halved_until_every_part_fits_and_nothing_is_lost_or_doubled()
        {
            // 2,500 half-hour events every 4 minutes, overlapping each other, and a cap of 1,000 per call.
            var calendar = Events(2500, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(30));
            var calls = new List<(DateTimeOffset Start, DateTimeOffset End)>();
            var result = await EventWindowReader.ReadAsync(Reader(calendar, 1000, calls), Monday, Monday.AddDays(30), CancellationToken.None);
            Assert.Equal(calendar.Select(e => e.Id).OrderBy(i => i), result.Events.Select(e => e.Id).OrderBy(i => i));
            Assert.Equal(result.Events.OrderBy(e => e.Start).Select(e => e.Id), result.Events.Select(e => e.Id));
            Assert.False(result.Incomplete);
            Assert.Equal(calls.Count, result.Reads);

            // Every part that was kept (not split again) fitted, and the kept parts tile the window.
            var leaves = calls.Where(c => !calls.Any(o => o != c && o.Start >= c.Start && o.End <= c.End)).OrderBy(c => c.Start).ToList();
            Assert.Equal(Monday, leaves[0].Start);
            Assert.Equal(Monday.AddDays(30), leaves[leaves.Count - 1].End);
            for (var i = 1; i < leaves.Count; i++)
            {
                Assert.Equal(leaves[i - 1].End, leaves[i].Start);
            }

            Assert.All(leaves, l => Assert.True(calendar.Count(e => e.Start < l.End && e.End > l.Start) <= 1000));
        }

        [Fact]
        public void Halves_are_cut_on_whole_minutes()
        {
            var (_, middle, _) = EventWindowReader.Halve(Monday, Monday.AddMinutes(7).AddSeconds(10));
            Assert.Equal(Monday.AddMinutes(3), middle);
            var (_, tiny, _) = EventWindowReader.Halve(Monday, Monday.AddSeconds(60));
            Assert.Equal(Monday.AddSeconds(30), tiny);
        }

        [Fact]
        public async Task A_minute_that_holds_more_than_one_call_returns_is_reported_incomplete()
        {
            var calendar = Enumerable.Range(0, 30).Select(i => new CalendarEvent("alice@contoso.com", "same" + i) { Start = Monday, End = Monday.AddMinutes(1) }).ToList();
            var calls = new List<(DateTimeOffset, DateTimeOffset)>();
            var result = await EventWindowReader.ReadAsync(Reader(calendar, 10, calls), Monday, Monday.AddHours(1), CancellationToken.None);
            Assert.True(result.Incomplete);
            Assert.Equal(10, result.Events.Count);
            Assert.True(calls.Count < 40);
        }
    }

    /// <summary>The create's idempotency key and the times of a row.</summary>
    public class EventInputTests
    {
        [Fact]
        public void The_transaction_id_is_the_same_for_the_same_row_and_differs_for_another()
        {
            var start = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.FromHours(1));
            var a = TransactionIds.For("Boardroom@contoso.com", "Bookings", "Workshop", start, start.AddHours(2), false);
            Assert.Equal(a, TransactionIds.For("boardroom@contoso.com ", "bookings", "Workshop", start.ToUniversalTime(), start.AddHours(2), false));
            Assert.NotEqual(a, TransactionIds.For("boardroom@contoso.com", "Bookings", "Workshop", start.AddMinutes(30), start.AddHours(2), false));
            Assert.NotEqual(a, TransactionIds.For("boardroom@contoso.com", null, "Workshop", start, start.AddHours(2), false));
            Assert.True(Guid.TryParse(a, out _));
        }

        [Fact]
        public void A_time_without_a_zone_is_a_wall_clock_time_of_the_event_zone()
        {
            var berlin = TimeZoneNames.Find("W. Europe Standard Time");
            var winter = EventTimes.Resolve(new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Unspecified), berlin);
            var summer = EventTimes.Resolve(new DateTime(2027, 7, 8, 9, 0, 0, DateTimeKind.Unspecified), berlin);
            Assert.Equal(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.FromHours(1)), winter);
            Assert.Equal(TimeSpan.FromHours(1), winter.Offset);
            Assert.Equal(TimeSpan.FromHours(2), summer.Offset);
            var utc = EventTimes.Resolve(new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc), berlin);
            Assert.Equal(new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(1)), utc);

            // 02:30 on 28 March 2027 does not exist in Berlin: it is taken after the change.
            var skipped = EventTimes.Resolve(new DateTime(2027, 3, 28, 2, 30, 0), berlin);
            Assert.Equal(TimeSpan.FromHours(2), skipped.Offset);
            Assert.True(skipped.UtcDateTime >= new DateTime(2027, 3, 28, 1, 0, 0, DateTimeKind.Utc));
        }

        [Fact]
        public void Days_are_wall_clock_days_so_a_week_across_a_change_ends_at_the_same_hour()
        {
            var sink = new RecordingSink();
            Assert.True(EventTimes.TryWindow(new DateTime(2027, 3, 22), null, 7, "Europe/Berlin", TimeSpan.FromDays(1), false, sink, out var s, out var e));
            Assert.Equal(new DateTimeOffset(2027, 3, 22, 0, 0, 0, TimeSpan.FromHours(1)), s);
            Assert.Equal(new DateTimeOffset(2027, 3, 29, 0, 0, 0, TimeSpan.FromHours(2)), e);
            Assert.Equal(TimeSpan.FromHours(167), e - s);
            Assert.Empty(sink.Errors);
        }

        [Fact]
        public void A_bad_zone_or_a_backwards_window_is_one_error_with_its_id()
        {
            var sink = new RecordingSink();
            Assert.False(EventTimes.TryWindow(null, null, 1, "Mars/Olympus", TimeSpan.FromDays(1), false, sink, out _, out _));
            Assert.False(EventTimes.TryWindow(new DateTime(2026, 12, 8), new DateTime(2026, 12, 7), null, "UTC", TimeSpan.FromDays(1), false, sink, out _, out _));
            Assert.Equal(new[] { "InvalidTimeZone", "InvalidEventWindow" }, sink.Errors.Select(x => x.ErrorId));
            Assert.Contains("Mars/Olympus", sink.Errors[0].Message, StringComparison.Ordinal);
        }
    }
}
