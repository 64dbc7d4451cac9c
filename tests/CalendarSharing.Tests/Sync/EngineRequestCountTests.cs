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
    /// The incremental pass is proportional to the changes (#11: at most 5 requests for 10 changes): counted at the
    /// sandbox's door, as HTTP requests of both sides, with the real EWS client and Graph SDK. The changed originals are
    /// read in one batch, their copies come from the state, and the writes go out as one batch per kind (EWS) or one
    /// $batch (Graph). A request count, not a timing.
    /// </summary>
    public class EngineRequestCountTests
    {
        public static IEnumerable<object[]> Pairs() => new[]
        {
            new object[] { BackendKind.Ews, BackendKind.Ews },
            new object[] { BackendKind.Graph, BackendKind.Graph },
        };

        [Theory]
        [MemberData(nameof(Pairs))]
        public async Task Ten_changes_take_at_most_five_requests_and_mirror_exactly(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            lab.UseChangeFeed = true;
            var items = new List<CalendarEvent>();
            for (var n = 0; n < 40; n++)
            {
                items.Add(await lab.AddSourceAsync(SyncLab.Draft("Item " + n, SyncLab.Berlin(3, 2 + (n / 8), 8 + (n % 8)))));
            }

            var profile = lab.Profile(o => o.Copy = CalendarSharing.SyncCopy.SubjectAndLocation);
            var first = await lab.PassAsync(profile);
            Assert.True(first.Outcome == SyncPassOutcome.Succeeded, first.Message);
            Assert.Equal(40, first.Created);

            // Ten changes: three moves, three renames, two deletions, two new items.
            for (var n = 0; n < 3; n++)
            {
                await lab.SourceEvents.UpdateEventAsync(lab.Source, items[n].Id, null, new EventDraft { Start = items[n].Start.AddHours(1), End = items[n].End.AddHours(1), TimeZone = items[n].TimeZone }, CancellationToken.None);
                await lab.SourceEvents.UpdateEventAsync(lab.Source, items[10 + n].Id, null, new EventDraft { Subject = "Renamed " + n }, CancellationToken.None);
            }

            await lab.SourceEvents.DeleteEventAsync(lab.Source, items[20].Id, CancellationToken.None);
            await lab.SourceEvents.DeleteEventAsync(lab.Source, items[21].Id, CancellationToken.None);
            await lab.AddSourceAsync(SyncLab.Draft("New 1", SyncLab.Berlin(3, 12, 9)));
            await lab.AddSourceAsync(SyncLab.Draft("New 2", SyncLab.Berlin(3, 12, 11)));

            var before = lab.SourceTrip.Sent + lab.TargetTrip.Sent;
            var second = await lab.PassAsync(profile);
            var requests = lab.SourceTrip.Sent + lab.TargetTrip.Sent - before;

            Assert.True(second.Outcome == SyncPassOutcome.Succeeded, second.Message);
            Assert.False(second.FullComparison);
            Assert.Equal((2, 6, 2), (second.Created, second.Updated, second.Deleted));
            Assert.True(requests <= 5, $"the incremental pass of 10 changes sent {requests} requests (the first pass {first.Requests} calls)");

            // And it mirrored them: every copy carries its original's times and subject, nothing twice, nothing left over.
            var originals = (await lab.SourceItemsAsync()).ToDictionary(e => e.Id);
            var copies = (await lab.TargetItemsAsync()).Where(e => SyncLab.StampOf(e) != null).ToList();
            Assert.Equal(40, copies.Count);
            Assert.Equal(40, copies.Select(c => SyncLab.StampOf(c)!.SourceItemId).Distinct().Count());
            foreach (var copy in copies)
            {
                var original = originals[SyncLab.StampOf(copy)!.SourceItemId];
                Assert.Equal(original.Subject, copy.Subject);
                Assert.Equal(original.Start.UtcDateTime, copy.Start.UtcDateTime);
                Assert.Equal(original.End.UtcDateTime, copy.End.UtcDateTime);
            }

            // The next pass finds nothing to do, and still sends only the change feed's read.
            before = lab.SourceTrip.Sent + lab.TargetTrip.Sent;
            var third = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.UpToDate, third.Outcome);
            Assert.True(lab.SourceTrip.Sent + lab.TargetTrip.Sent - before <= 1, "an incremental pass with no change reads the change feed once");
            lab.AssertWireValid();
        }

        [Theory]
        [MemberData(nameof(Pairs))]
        public async Task A_copy_edited_in_the_target_since_the_state_saw_it_is_read_and_the_policy_decides(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            lab.UseChangeFeed = true;
            var item = await lab.AddSourceAsync(SyncLab.Draft("Item", SyncLab.Berlin(3, 3, 9)));
            var profile = lab.Profile(o => o.Copy = CalendarSharing.SyncCopy.SubjectAndLocation);
            Assert.Equal(1, (await lab.PassAsync(profile)).Created);
            var copy = (await lab.TargetItemsAsync()).Single(e => SyncLab.StampOf(e) != null);

            // The owner edits the copy, then the original changes: the write made from the state meets a stale version.
            await lab.TargetEvents.UpdateEventAsync(lab.Target, copy.Id, null, new EventDraft { Location = "Moved by the owner" }, CancellationToken.None);
            await lab.SourceEvents.UpdateEventAsync(lab.Source, item.Id, null, new EventDraft { Subject = "Renamed" }, CancellationToken.None);
            var pass = await lab.PassAsync(profile);
            Assert.True(pass.Outcome == SyncPassOutcome.Succeeded, pass.Message);
            Assert.Equal(1, pass.Updated);
            Assert.Equal(1, pass.Conflicts);
            var now = (await lab.TargetItemsAsync()).Single(e => SyncLab.StampOf(e) != null);
            Assert.Equal("Renamed", now.Subject);
            Assert.Equal(string.Empty, now.Location ?? string.Empty);
        }
    }
}
