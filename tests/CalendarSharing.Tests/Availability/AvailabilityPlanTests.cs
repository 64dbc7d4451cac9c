using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Availability;
using Xunit;

namespace CalendarSharing.Tests.Availability
{
    /// <summary>The splitting arithmetic: the fewest requests the protocol's limits allow, covering the window exactly.</summary>
    public class AvailabilityPlanTests
    {
        /// <summary>EWS GetUserAvailability: 100 mailboxes, 42 days.</summary>
        private static AvailabilityLimits Ews => new AvailabilityLimits { MaxMailboxesPerRequest = 100, MaxWindow = TimeSpan.FromDays(42) };

        /// <summary>Graph getSchedule: 20 schedules, under 62 days.</summary>
        private static AvailabilityLimits Graph => new AvailabilityLimits { MaxMailboxesPerRequest = 20, MaxWindow = TimeSpan.FromDays(62) - TimeSpan.FromMinutes(1) };

        private static readonly DateTimeOffset Monday = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

        private static List<string> Mailboxes(int n) => Enumerable.Range(1, n).Select(i => $"user{i:D4}@contoso.com").ToList();

        [Theory]
        [InlineData(500, 14, 100, 42, 5)]
        [InlineData(500, 14, 20, 61.99, 25)]
        [InlineData(101, 14, 100, 42, 2)]
        [InlineData(100, 43, 100, 42, 2)]
        [InlineData(20, 124, 20, 61.99, 3)]
        [InlineData(1, 1, 20, 61.99, 1)]
        public void Mailboxes_and_window_split_into_the_fewest_requests(int mailboxes, double days, int perRequest, double maxDays, int expected)
        {
            var limits = new AvailabilityLimits { MaxMailboxesPerRequest = perRequest, MaxWindow = TimeSpan.FromDays(maxDays) };
            var plan = AvailabilityPlan.Create(Mailboxes(mailboxes), Monday, Monday.AddDays(days), 30, limits);
            Assert.Equal(expected, plan.Count);
            Assert.Equal(AvailabilityPlan.MinimumRequests(mailboxes, TimeSpan.FromDays(days), limits), plan.Count);
            Assert.All(plan, c => Assert.True(c.Mailboxes.Count <= perRequest));
            Assert.All(plan, c => Assert.True(c.End - c.Start <= limits.MaxWindow));
        }

        [Fact]
        public void Five_hundred_attendees_over_two_weeks_take_5_EWS_and_25_Graph_requests()
        {
            Assert.Equal(5, AvailabilityPlan.Create(Mailboxes(500), Monday, Monday.AddDays(14), 30, Ews).Count);
            Assert.Equal(25, AvailabilityPlan.Create(Mailboxes(500), Monday, Monday.AddDays(14), 30, Graph).Count);
        }

        [Fact]
        public void Every_mailbox_is_asked_once_over_the_whole_window_in_whole_intervals()
        {
            var list = Mailboxes(250);
            list.Add("USER0001@contoso.com");
            list.Add(" user0002@contoso.com ");
            var end = Monday.AddDays(100).AddMinutes(45);
            var plan = AvailabilityPlan.Create(list, Monday, end, 30, Ews);
            var windows = plan.Select(c => (c.Start, c.End)).Distinct().OrderBy(w => w.Start).ToList();
            Assert.Equal(3, windows.Count);
            Assert.Equal(Monday, windows[0].Start);
            Assert.Equal(end, windows[windows.Count - 1].End);
            for (var i = 1; i < windows.Count; i++)
            {
                Assert.Equal(windows[i - 1].End, windows[i].Start);
                Assert.Equal(0, (windows[i].Start - Monday).Ticks % TimeSpan.FromMinutes(30).Ticks);
            }

            foreach (var w in windows)
            {
                var asked = plan.Where(c => c.Start == w.Start).SelectMany(c => c.Mailboxes).ToList();
                Assert.Equal(250, asked.Count);
                Assert.Equal(250, asked.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            }
        }

        [Fact]
        public void A_window_chunk_is_a_whole_number_of_intervals_below_the_limit()
        {
            var windows = AvailabilityPlan.SplitWindow(Monday, Monday.AddDays(130), 45, Graph.MaxWindow);
            Assert.All(windows.Take(windows.Count - 1), w => Assert.Equal(0, (w.End - w.Start).Ticks % TimeSpan.FromMinutes(45).Ticks));
            Assert.All(windows, w => Assert.True(w.End - w.Start < TimeSpan.FromDays(62)));
            Assert.Equal(3, windows.Count);
        }

        [Fact]
        public void An_empty_or_backwards_window_is_refused()
        {
            Assert.Throws<ArgumentException>(() => AvailabilityPlan.SplitWindow(Monday, Monday, 30, Ews.MaxWindow));
            Assert.Empty(AvailabilityPlan.Create(Array.Empty<string>(), Monday, Monday.AddDays(1), 30, Ews));
        }
    }
}
