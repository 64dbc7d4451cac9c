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
    /// Two-way pairs: each side's items reach the other, a change we wrote is never copied back (no echo), an edit of a
    /// copy goes to its original, and an item changed on both sides is settled by the Conflict policy and reported.
    /// </summary>
    public class EngineTwoWayTests
    {
        public static IEnumerable<object[]> Cases() =>
            EngineOneWayTests.Pairs().SelectMany(p => new[] { new object[] { p[0], p[1], false }, new object[] { p[0], p[1], true } });

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Both_sides_mirror_without_echo_edits_of_copies_go_back_and_conflicts_follow_the_policy(BackendKind source, BackendKind target, bool changeFeed)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            lab.UseChangeFeed = changeFeed;
            var a = await lab.AddSourceAsync(SyncLab.Draft("From the source", SyncLab.Berlin(3, 2, 10)));
            var t = await lab.TargetEvents.CreateEventAsync(lab.Target, SyncLab.Draft("From the target", SyncLab.Berlin(3, 3, 10)), CancellationToken.None);
            SyncProfile Profile(CalendarSharing.SyncConflictPolicy policy) => lab.Profile(o =>
            {
                o.Direction = CalendarSharing.SyncDirection.TwoWay;
                o.Copy = CalendarSharing.SyncCopy.SubjectAndLocation;
                o.Conflict = policy;
            });
            var report = Profile(CalendarSharing.SyncConflictPolicy.Report);

            var first = await lab.PassAsync(report);
            Assert.True(first.Outcome == SyncPassOutcome.Succeeded, first.Message);
            Assert.Equal(2, first.Created);
            Assert.Equal(2, lab.RawSource().Count);
            Assert.Equal(2, lab.RawTarget().Count);

            // No echo: the copies we wrote are not copied back, however often we pass.
            for (var n = 0; n < 2; n++)
            {
                var again = await lab.PassAsync(report);
                Assert.True(again.Outcome == SyncPassOutcome.UpToDate, $"pass {n}: {again.Outcome} {again.Message} {string.Join("; ", again.Actions.Select(x => x.Kind + " " + x.Reason))}");
                Assert.Equal(2, lab.RawSource().Count);
                Assert.Equal(2, lab.RawTarget().Count);
            }

            // The target's owner edits the copy of the source's item: the edit goes back to the original, once.
            var copyOfA = (await lab.TargetItemsAsync()).Single(e => SyncLab.StampOf(e)?.SourceItemId == a.Id);
            await lab.TargetEvents.UpdateEventAsync(lab.Target, copyOfA.Id, null, new EventDraft { Subject = "Renamed in the target", Start = SyncLab.Berlin(3, 2, 11), End = SyncLab.Berlin(3, 2, 12), TimeZone = "W. Europe Standard Time" }, CancellationToken.None);
            var back = await lab.PassAsync(report);
            Assert.True(back.Outcome == SyncPassOutcome.Succeeded, back.Message);
            Assert.Equal((0, 1, 0), (back.Created, back.Updated, back.Deleted));
            var original = await lab.SourceEvents.GetEventAsync(lab.Source, a.Id, null, CancellationToken.None);
            Assert.Equal("Renamed in the target", original!.Subject);
            Assert.Equal(SyncLab.Berlin(3, 2, 11).UtcDateTime, original.Start.UtcDateTime);
            Assert.Equal(SyncPassOutcome.UpToDate, (await lab.PassAsync(report)).Outcome);

            // Both sides change the target's item: Report leaves both as they are and says so.
            var copyOfT = (await lab.SourceItemsAsync()).Single(e => SyncLab.StampOf(e)?.SourceItemId == t.Id);
            await lab.TargetEvents.UpdateEventAsync(lab.Target, t.Id, null, new EventDraft { Subject = "Target says" }, CancellationToken.None);
            await lab.SourceEvents.UpdateEventAsync(lab.Source, copyOfT.Id, null, new EventDraft { Subject = "Source says" }, CancellationToken.None);
            var conflict = await lab.PassAsync(report);
            Assert.True(conflict.Conflicts == 1, $"{conflict.Outcome} full={conflict.FullComparison} c={conflict.Created} u={conflict.Updated} {conflict.Message} {string.Join("; ", conflict.Actions.Select(x => x.Kind + " " + x.Reason))}");
            Assert.Equal(CalendarSharing.Core.Commands.ErrorIds.SyncConflict, conflict.ErrorId);
            var reported = Assert.Single(conflict.Actions, x => x.IsConflict);
            Assert.Equal(CalendarSharing.SyncActionKind.Skip, reported.Kind);
            Assert.Equal("Target says", (await lab.TargetEvents.GetEventAsync(lab.Target, t.Id, null, CancellationToken.None))!.Subject);
            Assert.Equal("Source says", (await lab.SourceEvents.GetEventAsync(lab.Source, copyOfT.Id, null, CancellationToken.None))!.Subject);

            // SourceWins: the source side's version ("Source says", on the copy) is written to the target's original.
            var settled = await lab.PassAsync(Profile(CalendarSharing.SyncConflictPolicy.SourceWins));
            Assert.Equal(1, settled.Conflicts);
            Assert.Null(settled.ErrorId);
            Assert.Single(settled.Actions, x => x.IsConflict && x.Kind == CalendarSharing.SyncActionKind.Update);
            Assert.Equal("Source says", (await lab.TargetEvents.GetEventAsync(lab.Target, t.Id, null, CancellationToken.None))!.Subject);
            Assert.Equal(SyncPassOutcome.UpToDate, (await lab.PassAsync(report)).Outcome);

            // The target's owner deletes their own item: its copy at the source goes, and nothing else.
            await lab.TargetEvents.DeleteEventAsync(lab.Target, t.Id, CancellationToken.None);
            var deleted = await lab.PassAsync(report);
            Assert.Equal(1, deleted.Deleted);
            Assert.Single(lab.RawSource());
            Assert.Single(lab.RawTarget());
            lab.AssertWireValid();
        }
    }
}
