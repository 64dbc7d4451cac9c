using System;
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
    /// Passes with the ChangeFeed (EWS SyncFolderItems, Graph calendarView delta): the first compares by stamp and keeps a
    /// watermark; the next read only what changed; an expired watermark falls back to a comparison by stamp, never to
    /// "create everything again"; a watermark is saved only after the batch it covers was applied.
    /// </summary>
    public class EngineIncrementalTests
    {
        [Theory]
        [MemberData(nameof(EngineOneWayTests.Pairs), MemberType = typeof(EngineOneWayTests))]
        public async Task After_a_first_full_pass_only_the_changes_are_read_and_an_expired_watermark_makes_no_duplicate(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            lab.UseChangeFeed = true;
            var items = Enumerable.Range(0, 30).Select(n => lab.AddSourceAsync(SyncLab.Draft("Item " + n, SyncLab.Berlin(3, 2 + (n / 6), 8 + (n % 6)))).Result).ToList();
            var profile = lab.Profile(o => o.Copy = CalendarSharing.SyncCopy.SubjectAndLocation);
            var first = await lab.PassAsync(profile);
            Assert.True(first.FullComparison);
            Assert.Equal(30, first.Created);
            var state = lab.Store.Peek("rooms", profile.Pairs[0].Key)!;
            Assert.NotNull(state.SourceWatermark);

            await lab.AddSourceAsync(SyncLab.Draft("New", SyncLab.Berlin(3, 9, 10)));
            await lab.SourceEvents.UpdateEventAsync(lab.Source, items[0].Id, null, new EventDraft { Subject = "Renamed" }, CancellationToken.None);
            await lab.SourceEvents.DeleteEventAsync(lab.Source, items[1].Id, CancellationToken.None);
            var second = await lab.PassAsync(profile);
            Assert.False(second.FullComparison);
            Assert.True(second.Outcome == SyncPassOutcome.Succeeded, second.Message);
            Assert.Equal((1, 1, 1), (second.Created, second.Updated, second.Deleted));

            // Proportional to the changes, not to the calendar: a page of changes, then at most four calls per change
            // (read the original, read its copy or look for it by transaction id, write).
            Assert.True(second.Requests <= 1 + (4 * 3), $"incremental pass: {second.Requests} calls for 3 changes (the full pass made {first.Requests})");
            var copies = (await lab.TargetItemsAsync()).Where(e => SyncLab.StampOf(e) != null).ToList();
            Assert.Equal(30, copies.Count);
            Assert.Contains(copies, c => c.Subject == "Renamed");
            Assert.Contains(copies, c => c.Subject == "New");

            var third = await lab.PassAsync(profile);
            Assert.False(third.FullComparison);
            Assert.Equal(SyncPassOutcome.UpToDate, third.Outcome);

            // The server forgets its sync state: the pass compares by stamp and duplicates nothing.
            lab.SourceBox.Org.ExpireChangeWatermarks(SyncLab.SourceMailbox);
            await lab.AddSourceAsync(SyncLab.Draft("After expiry", SyncLab.Berlin(3, 10, 10)));
            var expired = await lab.PassAsync(profile);
            Assert.True(expired.FullComparison);
            Assert.Equal((1, 0, 0), (expired.Created, expired.Updated, expired.Deleted));
            Assert.Equal(31, lab.RawTarget().Count);
            var after = await lab.PassAsync(profile);
            Assert.False(after.FullComparison);
            Assert.Equal(SyncPassOutcome.UpToDate, after.Outcome);
            lab.AssertWireValid();
        }

        [Theory]
        [InlineData(BackendKind.Ews, BackendKind.Graph)]
        [InlineData(BackendKind.Graph, BackendKind.Ews)]
        public async Task A_watermark_is_saved_only_after_its_batch_is_applied(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            lab.UseChangeFeed = true;
            await lab.AddSourceAsync(SyncLab.Draft("First", SyncLab.Berlin(3, 2, 10)));
            var profile = lab.Profile();
            await lab.PassAsync(profile);
            var before = lab.Store.Peek("rooms", profile.Pairs[0].Key)!.SourceWatermark;

            for (var n = 0; n < 4; n++)
            {
                await lab.AddSourceAsync(SyncLab.Draft("More " + n, SyncLab.Berlin(3, 3 + n, 10)));
            }

            // Killed while writing the copies (the four creates go out as one batched request): the old watermark stays,
            // so the rerun reads the same changes again.
            using (var kill = new CancellationTokenSource())
            {
                lab.TargetTrip.Kill = kill;
                lab.TargetTrip.Arm(0);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lab.PassAsync(profile, null, kill.Token));
                lab.TargetTrip.Disarm();
                lab.TargetTrip.Kill = null;
            }

            Assert.Equal(before, lab.Store.Peek("rooms", profile.Pairs[0].Key)!.SourceWatermark);
            var rerun = await lab.PassAsync(profile);
            Assert.False(rerun.FullComparison);
            Assert.True(rerun.Outcome == SyncPassOutcome.Succeeded, rerun.Message);
            Assert.Equal(5, lab.RawTarget().Count);
            Assert.NotEqual(before, lab.Store.Peek("rooms", profile.Pairs[0].Key)!.SourceWatermark);

            // A read failing halfway (the page of changes came, the changed item cannot be read) aborts and keeps the watermark too.
            await lab.SourceEvents.DeleteEventAsync(lab.Source, (await lab.SourceItemsAsync())[0].Id, CancellationToken.None);
            var held = lab.Store.Peek("rooms", profile.Pairs[0].Key)!.SourceWatermark;
            lab.SourceTrip.Arm(1);
            var failed = await lab.PassAsync(profile);
            lab.SourceTrip.Disarm();
            Assert.Equal(SyncPassOutcome.Aborted, failed.Outcome);
            Assert.Equal(CalendarSharing.Core.Commands.ErrorIds.SyncReadFailed, failed.ErrorId);
            Assert.Equal(held, lab.Store.Peek("rooms", profile.Pairs[0].Key)!.SourceWatermark);
            Assert.Equal(5, lab.RawTarget().Count);
            Assert.Equal(1, (await lab.PassAsync(profile)).Deleted);
        }
    }
}
