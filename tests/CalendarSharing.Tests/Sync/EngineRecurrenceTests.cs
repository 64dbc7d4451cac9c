using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// A weekly series with a moved and a cancelled occurrence arrives as one series with those exceptions, in its own
    /// zone: across the change to summer time (Europe, 2027-03-28) every occurrence stays at 09:00 Berlin.
    /// </summary>
    public class EngineRecurrenceTests
    {
        public static IEnumerable<object[]> Pairs() => EngineOneWayTests.Pairs();

        private static async Task<CalendarEvent> WeeklyStandUpAsync(SyncLab lab)
        {
            var draft = SyncLab.Draft("Stand-up", SyncLab.Berlin(3, 15, 9), 30);
            draft.Recurrence = new EventRecurrence
            {
                Pattern = RecurrencePatternKind.Weekly,
                DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday },
                FirstDayOfWeek = DayOfWeek.Monday,
                RangeType = RecurrenceRangeKind.Numbered,
                NumberOfOccurrences = 6,
                StartDate = new DateTime(2027, 3, 15),
                TimeZone = "W. Europe Standard Time",
            };
            var series = await lab.AddSourceAsync(draft);

            // Move the 22 March occurrence to Tuesday 11:00, cancel the 5 April one (after the change to summer time).
            var occurrences = (await lab.SourceEvents.ReadWindowAsync(new EventWindowQuery(lab.Source, SyncLab.Berlin(3, 14, 0), SyncLab.Berlin(4, 30, 0)), CancellationToken.None)).Events;
            var march22 = occurrences.Single(o => o.Start == SyncLab.Berlin(3, 22, 9));
            var april5 = occurrences.Single(o => o.Start == SyncLab.Berlin(4, 5, 9));
            await lab.SourceEvents.UpdateEventAsync(lab.Source, march22.Id, null, new EventDraft { Start = SyncLab.Berlin(3, 23, 11), End = SyncLab.Berlin(3, 23, 11, 30), TimeZone = "W. Europe Standard Time" }, CancellationToken.None);
            await lab.SourceEvents.DeleteEventAsync(lab.Source, april5.Id, CancellationToken.None);
            return series;
        }

        [Theory]
        [MemberData(nameof(Pairs))]
        public async Task A_weekly_series_with_a_moved_and_a_cancelled_occurrence_arrives_as_one_series_across_daylight_saving(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            var series = await WeeklyStandUpAsync(lab);
            var profile = lab.Profile();
            var first = await lab.PassAsync(profile);
            Assert.True(first.Outcome == SyncPassOutcome.Succeeded, first.Message);
            Assert.Equal(1, first.Created);

            var raw = Assert.Single(lab.RawTarget());
            Assert.NotNull(raw.Recurrence);
            Assert.Equal("W. Europe Standard Time", raw.TimeZone);
            Assert.Single(raw.Modified);
            Assert.Single(raw.Cancelled);

            var view = (await lab.TargetEvents.ReadWindowAsync(new EventWindowQuery(lab.Target, SyncLab.Berlin(3, 14, 0), SyncLab.Berlin(4, 30, 0)), CancellationToken.None)).Events;
            var berlin = TimeZoneNames.Find("Europe/Berlin");
            var local = view.Select(o => TimeZoneInfo.ConvertTime(o.Start, berlin).DateTime).OrderBy(d => d).ToList();
            Assert.Equal(
                new[]
                {
                    new DateTime(2027, 3, 15, 9, 0, 0),
                    new DateTime(2027, 3, 23, 11, 0, 0), // the moved one
                    new DateTime(2027, 3, 29, 9, 0, 0), // summer time: still 09:00 in Berlin
                    new DateTime(2027, 4, 12, 9, 0, 0), // 5 April cancelled
                    new DateTime(2027, 4, 19, 9, 0, 0),
                },
                local);
            Assert.All(view, o => Assert.Equal("Busy", o.Subject));

            // Nothing changed: the next pass writes nothing, and the series is still one item.
            var second = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.UpToDate, second.Outcome);
            Assert.Single(lab.RawTarget());

            // Another occurrence cancelled at the source: the copy follows, still one series.
            var occurrences = (await lab.SourceEvents.ReadWindowAsync(new EventWindowQuery(lab.Source, SyncLab.Berlin(4, 19, 0), SyncLab.Berlin(4, 20, 0)), CancellationToken.None)).Events;
            await lab.SourceEvents.DeleteEventAsync(lab.Source, occurrences.Single(o => o.SeriesMasterId == series.Id || o.Kind == CalendarSharing.EventKind.Occurrence).Id, CancellationToken.None);
            var third = await lab.PassAsync(profile);
            Assert.Equal((0, 1), (third.Created, third.Updated));
            raw = Assert.Single(lab.RawTarget());
            Assert.Equal(2, raw.Cancelled.Count);
            lab.AssertWireValid();
        }

        [Theory]
        [InlineData(BackendKind.Ews, BackendKind.Graph)]
        [InlineData(BackendKind.Graph, BackendKind.Ews)]
        public async Task FlattenSeries_copies_each_occurrence_as_its_own_event(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            await WeeklyStandUpAsync(lab);
            var result = await lab.PassAsync(lab.Profile(o => o.FlattenSeries = true));
            Assert.Equal(5, result.Created);
            var raw = lab.RawTarget();
            Assert.Equal(5, raw.Count);
            Assert.All(raw, r => Assert.Null(r.Recurrence));
            Assert.Contains(raw, r => r.StartUtc == SyncLab.Berlin(3, 23, 11).UtcDateTime);
            Assert.Equal(SyncPassOutcome.UpToDate, (await lab.PassAsync(lab.Profile(o => o.FlattenSeries = true))).Outcome);
        }
    }
}
