using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>
    /// How series expand ([MS-OXOCAL] recurrence semantics as EWS and Graph expose them), one rule per test, on series
    /// stored in a fresh mailbox of a fresh organisation (the seeded week is covered by SeedWeekTests).
    /// </summary>
    public sealed class RecurrenceTests
    {
        private const string Berlin = "W. Europe Standard Time";
        private const string Pacific = "Pacific Standard Time";

        [Fact]
        public void Daily_every_third_day_with_a_numbered_range()
        {
            var dates = Dates(Series(Berlin, "2026-12-07 09:00", 60, r =>
            {
                r.Pattern = RecurrencePatternKind.Daily;
                r.Interval = 3;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 4;
            }));
            Assert.Equal(new[] { "2026-12-07 09:00", "2026-12-10 09:00", "2026-12-13 09:00", "2026-12-16 09:00" }, dates);
        }

        [Theory]
        [InlineData(DayOfWeek.Sunday, "2026-12-20 2026-12-21 2027-01-03 2027-01-04")]
        [InlineData(DayOfWeek.Monday, "2026-12-13 2026-12-21 2026-12-27 2027-01-04")]
        public void Every_other_week_counts_weeks_from_the_first_day_of_week(DayOfWeek firstDay, string expected)
        {
            // A series starting Wednesday 2026-12-09 on Sundays and Mondays, every 2 weeks: which Sunday belongs to the
            // starting week depends on where the week begins.
            var dates = Dates(Series(Berlin, "2026-12-09 09:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.Weekly;
                r.Interval = 2;
                r.DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Sunday, DayOfWeek.Monday };
                r.FirstDayOfWeek = firstDay;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 4;
            }));
            Assert.Equal(expected.Split(' '), dates.Select(d => d.Substring(0, 10)));
        }

        [Fact]
        public void Day_31_falls_on_the_last_day_of_shorter_months_as_Exchange_does()
        {
            var dates = Dates(Series(Pacific, "2027-01-31 10:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.AbsoluteMonthly;
                r.DayOfMonth = 31;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 6;
            }));
            Assert.Equal(new[] { "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30" }, dates.Select(d => d.Substring(0, 10)));
        }

        [Fact]
        public void Absolute_monthly_with_an_interval_and_yearly_on_29_February()
        {
            var monthly = Dates(Series(Berlin, "2026-12-15 10:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.AbsoluteMonthly;
                r.DayOfMonth = 15;
                r.Interval = 2;
                r.RangeType = RecurrenceRangeKind.EndDate;
                r.EndDate = new DateTime(2027, 6, 15);
            }));
            Assert.Equal(new[] { "2026-12-15", "2027-02-15", "2027-04-15", "2027-06-15" }, monthly.Select(d => d.Substring(0, 10)));

            var yearly = Dates(Series(Berlin, "2028-02-29 10:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.AbsoluteYearly;
                r.Month = 2;
                r.DayOfMonth = 29;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 3;
            }), years: 4);
            Assert.Equal(new[] { "2028-02-29", "2029-02-28", "2030-02-28" }, yearly.Select(d => d.Substring(0, 10)));
        }

        [Fact]
        public void Relative_monthly_on_the_last_friday_and_the_last_and_first_weekday()
        {
            var lastFriday = Dates(Series(Pacific, "2026-12-25 15:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.RelativeMonthly;
                r.DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Friday };
                r.Index = RecurrenceWeekIndex.Last;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 4;
            }));
            Assert.Equal(new[] { "2026-12-25", "2027-01-29", "2027-02-26", "2027-03-26" }, lastFriday.Select(d => d.Substring(0, 10)));

            var weekdays = new List<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
            var lastWeekday = Dates(Series(Pacific, "2027-01-29 15:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.RelativeMonthly;
                r.DaysOfWeek = weekdays;
                r.Index = RecurrenceWeekIndex.Last;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 3;
            }));
            Assert.Equal(new[] { "2027-01-29", "2027-02-26", "2027-03-31" }, lastWeekday.Select(d => d.Substring(0, 10)));

            var firstWeekday = Dates(Series(Pacific, "2027-04-01 15:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.RelativeMonthly;
                r.DaysOfWeek = weekdays;
                r.Index = RecurrenceWeekIndex.First;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 2;
            }));
            Assert.Equal(new[] { "2027-04-01", "2027-05-03" }, firstWeekday.Select(d => d.Substring(0, 10))); // 1 May 2027 is a Saturday
        }

        [Fact]
        public void Relative_yearly_on_the_fourth_thursday_of_november()
        {
            var dates = Dates(Series(Pacific, "2026-11-26 12:00", 120, r =>
            {
                r.Pattern = RecurrencePatternKind.RelativeYearly;
                r.Month = 11;
                r.DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Thursday };
                r.Index = RecurrenceWeekIndex.Fourth;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 3;
            }), years: 3);
            Assert.Equal(new[] { "2026-11-26", "2027-11-25", "2028-11-23" }, dates.Select(d => d.Substring(0, 10)));
        }

        [Fact]
        public void An_end_date_range_includes_its_end_date_and_a_numbered_range_counts_cancelled_occurrences()
        {
            var endDate = Dates(Series(Berlin, "2026-12-07 09:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.Daily;
                r.RangeType = RecurrenceRangeKind.EndDate;
                r.EndDate = new DateTime(2026, 12, 10);
            }));
            Assert.Equal(4, endDate.Count);

            var (org, folder, master) = Series(Berlin, "2026-12-07 09:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.Daily;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 5;
            });
            Assert.True(org.DeleteEvent(folder, EventIds.OccurrenceId(master.Id, Utc(Berlin, "2026-12-08 09:00"))));
            Assert.False(org.DeleteEvent(folder, EventIds.OccurrenceId(master.Id, Utc(Berlin, "2026-12-08 09:00")))); // already cancelled
            var dates = Dates((org, folder, master));
            Assert.Equal(new[] { "2026-12-07 09:00", "2026-12-09 09:00", "2026-12-10 09:00", "2026-12-11 09:00" }, dates);

            Assert.Null(org.FindOccurrenceByIndex(folder, master.Id, 2, out var cancelled));
            Assert.Equal(EventProblem.OccurrenceCancelled, cancelled);
            Assert.Null(org.FindOccurrenceByIndex(folder, master.Id, 6, out var outOfRange));
            Assert.Equal(EventProblem.OccurrenceIndexOutOfRange, outOfRange);
            Assert.Equal(Utc(Berlin, "2026-12-11 09:00"), org.FindOccurrenceByIndex(folder, master.Id, 5, out _)!.StartUtc);
        }

        [Fact]
        public void A_moved_occurrence_shows_where_it_went_in_and_out_of_windows()
        {
            var (org, folder, master) = Weekly(Berlin, "2026-12-07 09:00", DayOfWeek.Monday);
            var original = Utc(Berlin, "2026-12-14 09:00");
            var moved = Move(org, folder, master, original, "2026-12-13 11:00"); // Sunday before: still after the 7th
            Assert.Equal(StoreWriteOutcome.Written, moved.Outcome);

            // Into a window that ends before its original start, out of the window that holds its original start.
            var sunday = org.ExpandWindow(folder, Utc(Berlin, "2026-12-13 00:00"), Utc(Berlin, "2026-12-14 00:00")).Single();
            Assert.Equal(EventKind.Exception, sunday.Kind);
            Assert.Equal(original, sunday.OriginalStartUtc);
            Assert.Equal(EventIds.OccurrenceId(master.Id, original), sunday.Id);
            Assert.Empty(org.ExpandWindow(folder, Utc(Berlin, "2026-12-14 00:00"), Utc(Berlin, "2026-12-15 00:00")));
            Assert.Equal(Utc(Berlin, "2026-12-13 11:00"), org.FindItem(folder, sunday.Id)!.StartUtc);
        }

        [Theory]
        [InlineData("2026-12-21 08:00")] // onto the next occurrence's day
        [InlineData("2026-12-22 09:00")] // past the next occurrence
        [InlineData("2026-12-07 18:00")] // onto the previous occurrence's day
        [InlineData("2026-12-01 09:00")] // before the previous occurrence
        public void An_occurrence_may_not_move_onto_or_past_its_neighbours(string to)
        {
            var (org, folder, master) = Weekly(Berlin, "2026-12-07 09:00", DayOfWeek.Monday);
            var before = folder.Items.Find(master.Id)!;
            var write = Move(org, folder, master, Utc(Berlin, "2026-12-14 09:00"), to);
            Assert.Equal(StoreWriteOutcome.Rejected, write.Outcome);
            Assert.Equal(EventProblem.OccurrenceCrossingBoundary, write.Problem);
            var after = folder.Items.Find(master.Id)!;
            Assert.Equal(before.Version, after.Version); // nothing written
            Assert.Empty(after.Modified);
        }

        [Fact]
        public void The_neighbour_that_counts_is_the_nearest_one_not_cancelled_where_it_is_now()
        {
            var (org, folder, master) = Weekly(Berlin, "2026-12-07 09:00", DayOfWeek.Monday);
            Assert.True(org.DeleteEvent(folder, EventIds.OccurrenceId(master.Id, Utc(Berlin, "2026-12-21 09:00"))));
            Assert.Equal(StoreWriteOutcome.Written, Move(org, folder, master, Utc(Berlin, "2026-12-14 09:00"), "2026-12-22 09:00").Outcome);

            // The 28th's occurrence may not now move back onto the 22nd, where the 14th's went.
            Assert.Equal(EventProblem.OccurrenceCrossingBoundary, Move(org, folder, master, Utc(Berlin, "2026-12-28 09:00"), "2026-12-22 14:00").Problem);
            Assert.Equal(StoreWriteOutcome.Written, Move(org, folder, master, Utc(Berlin, "2026-12-28 09:00"), "2026-12-23 14:00").Outcome);
        }

        [Fact]
        public void A_series_keeps_its_local_time_across_the_European_and_US_daylight_saving_changes()
        {
            // Europe moves on 2027-03-28, the US on 2027-03-14 (https://www.timeanddate.com/time/dst/2027.html).
            var berlin = Dates(Weekly(Berlin, "2027-03-22 09:00", DayOfWeek.Monday), "2027-03-22 00:00", 14);
            Assert.Equal(new[] { "2027-03-22 09:00", "2027-03-29 09:00" }, berlin);
            var (org, folder, master) = Weekly(Berlin, "2027-03-22 09:00", DayOfWeek.Monday);
            var utc = org.ExpandWindow(folder, new DateTime(2027, 3, 20, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 4, 3, 0, 0, 0, DateTimeKind.Utc)).Select(o => o.StartUtc.Hour);
            Assert.Equal(new[] { 8, 7 }, utc);

            var (porg, pfolder, _) = Weekly(Pacific, "2027-03-08 09:00", DayOfWeek.Monday);
            var putc = porg.ExpandWindow(pfolder, new DateTime(2027, 3, 8, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 22, 0, 0, 0, DateTimeKind.Utc)).Select(o => o.StartUtc.Hour);
            Assert.Equal(new[] { 17, 16 }, putc);
        }

        [Fact]
        public void Times_in_the_spring_gap_move_on_and_times_in_the_autumn_overlap_mean_the_first()
        {
            // RFC 5545 3.3.5: a nonexistent local time is read with the offset before the gap, a repeated one is the first.
            var zone = RecurrenceExpander.Zone(Berlin);
            Assert.Equal(new DateTime(2027, 3, 28, 1, 30, 0, DateTimeKind.Utc), RecurrenceExpander.ToUtc(new DateTime(2027, 3, 28, 2, 30, 0), zone));
            Assert.Equal(new DateTime(2027, 10, 31, 0, 30, 0, DateTimeKind.Utc), RecurrenceExpander.ToUtc(new DateTime(2027, 10, 31, 2, 30, 0), zone));

            var dates = Dates(Series(Berlin, "2027-03-27 02:30", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.Daily;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 3;
            }));
            Assert.Equal(new[] { "2027-03-27 02:30", "2027-03-28 03:30", "2027-03-29 02:30" }, dates);
        }

        [Fact]
        public void An_all_day_series_starts_at_local_midnight_every_day_across_daylight_saving()
        {
            var (org, folder, master) = Series(Berlin, "2027-03-27 00:00", 24 * 60, r =>
            {
                r.Pattern = RecurrencePatternKind.Daily;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 3;
            }, allDay: true);
            var zone = RecurrenceExpander.Zone(Berlin);
            var items = org.ExpandWindow(folder, Utc(Berlin, "2027-03-27 00:00"), Utc(Berlin, "2027-03-30 00:00"));
            Assert.Equal(3, items.Count);
            Assert.All(items, o => Assert.Equal(TimeSpan.Zero, RecurrenceExpander.ToLocal(o.StartUtc, zone).TimeOfDay));
            Assert.All(items, o => Assert.Equal(TimeSpan.Zero, RecurrenceExpander.ToLocal(o.EndUtc, zone).TimeOfDay));
            Assert.Equal(new[] { 24.0, 23.0, 24.0 }, items.Select(o => (o.EndUtc - o.StartUtc).TotalHours)); // the 28th is 23 hours long
        }

        [Fact]
        public void Windows_and_IANA_zone_names_expand_alike_and_are_stored_as_Windows_ids()
        {
            var windows = Dates(Weekly(Berlin, "2027-03-22 09:00", DayOfWeek.Monday), "2027-03-22 00:00", 14);
            var (org, folder, master) = Weekly("Europe/Berlin", "2027-03-22 09:00", DayOfWeek.Monday);
            Assert.Equal(Berlin, master.TimeZone);
            Assert.Equal(Berlin, master.Recurrence!.TimeZone);
            Assert.Equal(windows, Dates((org, folder, master), "2027-03-22 00:00", 14));
            Assert.Equal(EventProblem.InvalidTimeZone, org.CheckEvent(new SandboxEvent { TimeZone = "Mars/Olympus_Mons" }));
        }

        [Fact]
        public void Series_that_cannot_be_stored_are_refused_with_the_reason()
        {
            var org = SandboxOrganization.Create();
            SandboxEvent Draft(int minutes, Action<EventRecurrence> configure)
            {
                var e = new SandboxEvent { TimeZone = Berlin, StartUtc = Utc(Berlin, "2026-12-09 09:00") };
                e.EndUtc = e.StartUtc.AddMinutes(minutes);
                e.Recurrence = new EventRecurrence { StartDate = new DateTime(2026, 12, 9), TimeZone = Berlin };
                configure(e.Recurrence);
                return e;
            }

            Assert.Equal(EventProblem.OccurrenceTimeSpanTooBig, org.CheckEvent(Draft(25 * 60, r => r.Pattern = RecurrencePatternKind.Daily)));
            Assert.Equal(EventProblem.InvalidRecurrence, org.CheckEvent(Draft(30, r => r.Interval = 0)));
            Assert.Equal(EventProblem.InvalidRecurrence, org.CheckEvent(Draft(30, r => r.RangeType = RecurrenceRangeKind.Numbered)));
            Assert.Equal(EventProblem.RecurrenceHasNoOccurrence, org.CheckEvent(Draft(30, r =>
            {
                r.Pattern = RecurrencePatternKind.Weekly;
                r.DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday };
                r.RangeType = RecurrenceRangeKind.EndDate;
                r.EndDate = new DateTime(2026, 12, 13); // Wednesday to Sunday: no Monday
            })));
            Assert.Equal(EventProblem.EndBeforeStart, org.CheckEvent(Draft(-30, r => r.Pattern = RecurrencePatternKind.Daily)));
            Assert.Null(org.CheckEvent(Draft(30, r => r.Pattern = RecurrencePatternKind.Daily)));
        }

        [Fact]
        public void Changing_a_series_drops_only_the_exceptions_whose_occurrences_no_longer_exist()
        {
            var (org, folder, master) = Series(Berlin, "2026-12-07 09:00", 30, r =>
            {
                r.Pattern = RecurrencePatternKind.Daily;
                r.RangeType = RecurrenceRangeKind.Numbered;
                r.NumberOfOccurrences = 5;
            });
            Assert.Equal(StoreWriteOutcome.Written, Move(org, folder, master, Utc(Berlin, "2026-12-08 09:00"), "2026-12-08 15:00").Outcome);
            Assert.True(org.DeleteEvent(folder, EventIds.OccurrenceId(master.Id, Utc(Berlin, "2026-12-11 09:00"))));

            // A shorter range: the 11th's cancellation goes, the 8th's exception stays.
            var shorter = org.UpdateEvent(folder, master.Id, null, e => e.Recurrence!.NumberOfOccurrences = 3);
            Assert.Equal(StoreWriteOutcome.Written, shorter.Outcome);
            Assert.Single(shorter.Item!.Modified);
            Assert.Empty(shorter.Item.Cancelled);

            // Another time of day: every occurrence is a new one, so no exception survives.
            var later = org.UpdateEvent(folder, master.Id, null, e =>
            {
                e.StartUtc = e.StartUtc.AddHours(1);
                e.EndUtc = e.EndUtc.AddHours(1);
            });
            Assert.Empty(later.Item!.Modified);
            Assert.Equal(new[] { "2026-12-07 10:00", "2026-12-08 10:00", "2026-12-09 10:00" }, Dates((org, folder, later.Item)));
        }

        private static (SandboxOrganization Org, CalendarSharing.Sandbox.Model.SandboxFolder Folder, SandboxEvent Master) Weekly(string zone, string start, DayOfWeek day) =>
            Series(zone, start, 60, r =>
            {
                r.Pattern = RecurrencePatternKind.Weekly;
                r.DaysOfWeek = new List<DayOfWeek> { day };
            });

        private static (SandboxOrganization Org, CalendarSharing.Sandbox.Model.SandboxFolder Folder, SandboxEvent Master) Series(
            string zone, string start, int minutes, Action<EventRecurrence> configure, bool allDay = false)
        {
            var org = SandboxOrganization.Create();
            var folder = org.FindMailbox("admin@contoso.com")!.Calendar; // seeded without events
            var local = Local(start);
            var tz = RecurrenceExpander.Zone(zone);
            var draft = new SandboxEvent
            {
                Subject = "Series",
                TimeZone = zone,
                IsAllDay = allDay,
                StartUtc = RecurrenceExpander.ToUtc(local, tz),
                EndUtc = RecurrenceExpander.ToUtc(local.AddMinutes(minutes), tz),
                Recurrence = new EventRecurrence { StartDate = local.Date, TimeZone = zone, RangeType = RecurrenceRangeKind.NoEnd },
            };
            configure(draft.Recurrence);
            Assert.Null(org.CheckEvent(draft));
            return (org, folder, org.CreateEvent(folder, draft));
        }

        private static StoreWrite Move(SandboxOrganization org, CalendarSharing.Sandbox.Model.SandboxFolder folder, SandboxEvent master, DateTime originalUtc, string to)
        {
            var zone = master.Recurrence!.TimeZone!;
            return org.UpdateEvent(folder, EventIds.OccurrenceId(master.Id, originalUtc), null, e =>
            {
                var length = e.EndUtc - e.StartUtc;
                e.StartUtc = Utc(zone, to);
                e.EndUtc = e.StartUtc + length;
            });
        }

        /// <summary>Local starts (the series' zone) of the first year of a series, or a window.</summary>
        private static List<string> Dates((SandboxOrganization Org, CalendarSharing.Sandbox.Model.SandboxFolder Folder, SandboxEvent Master) s, string? from = null, int days = 0, int years = 1)
        {
            var zone = RecurrenceExpander.ZoneOf(s.Master);
            var start = from is null ? s.Master.StartUtc.AddDays(-1) : RecurrenceExpander.ToUtc(Local(from), zone);
            var end = days > 0 ? start.AddDays(days) : start.AddYears(years).AddDays(2);
            return s.Org.ExpandWindow(s.Folder, start, end)
                .Select(o => RecurrenceExpander.ToLocal(o.StartUtc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                .ToList();
        }

        private static DateTime Local(string text) => DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        private static DateTime Utc(string zone, string local) => RecurrenceExpander.ToUtc(Local(local), RecurrenceExpander.Zone(zone));
    }
}
