using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// The ChangeFeed capability over EWS SyncFolderItems: our real client over the strict sandbox (every request and
    /// answer checked against the official XSDs), the sandbox answering from its change journal.
    /// </summary>
    public sealed class EwsChangeFeedTests
    {
        private const string Zone = "W. Europe Standard Time";
        private static readonly CalendarAddress Alice = CalendarAddress.Default("alice@contoso.com");

        internal static EventDraft Draft(string subject, int day, int hour = 9) => new EventDraft
        {
            Subject = subject,
            Start = new DateTimeOffset(2027, 3, day, hour, 0, 0, TimeSpan.FromHours(1)),
            End = new DateTimeOffset(2027, 3, day, hour + 1, 0, 0, TimeSpan.FromHours(1)),
            TimeZone = Zone,
        };

        /// <summary>Reads every page from <paramref name="watermark"/> on; returns the changes and the final watermark.</summary>
        internal static async Task<(List<ItemChange> Changes, string Watermark, int Pages)> DrainAsync(IChangeFeedBackend feed, CalendarAddress calendar, string? watermark, int max = 512, IReadOnlyList<string>? properties = null)
        {
            var all = new List<ItemChange>();
            var pages = 0;
            while (true)
            {
                var batch = await feed.ReadChangesAsync(new ChangeFeedQuery(calendar, watermark) { MaxChanges = max, Properties = properties ?? Array.Empty<string>() }, CancellationToken.None);
                pages++;
                all.AddRange(batch.Changes);
                watermark = batch.Watermark;
                if (!batch.MoreAvailable)
                {
                    return (all, watermark, pages);
                }
            }
        }

        [Fact]
        public async Task A_first_read_lists_every_item_and_later_reads_only_what_was_created_changed_or_deleted()
        {
            using var s = await SandboxSession.StartAsync();
            var feed = s.Backend.ChangeFeedBackend;
            var events = s.Backend.EventBackend;
            var before = await events.CreateEventAsync(Alice, Draft("Before the first read", 1), CancellationToken.None);

            var (initial, w0, _) = await DrainAsync(feed, Alice, null);
            Assert.Contains(initial, c => c.ItemId == before.Id && c.Kind == ItemChangeKind.Changed);
            Assert.All(initial, c => Assert.Equal(ItemChangeKind.Changed, c.Kind));
            Assert.Equal(initial.Count, initial.Select(c => c.ItemId).Distinct().Count());

            var (none, w0again, _) = await DrainAsync(feed, Alice, w0);
            Assert.Empty(none);

            var a = await events.CreateEventAsync(Alice, Draft("Created", 2), CancellationToken.None);
            var b = await events.CreateEventAsync(Alice, Draft("Created then deleted", 3), CancellationToken.None);
            var changed = await events.UpdateEventAsync(Alice, before.Id, before.Version, new EventDraft { Subject = "Changed" }, CancellationToken.None);
            Assert.True(await events.DeleteEventAsync(Alice, b.Id, CancellationToken.None));

            var (delta, w1, _) = await DrainAsync(feed, Alice, w0again);
            Assert.Equal(3, delta.Count);
            var created = Assert.Single(delta, c => c.ItemId == a.Id);
            Assert.Equal(ItemChangeKind.Changed, created.Kind);
            Assert.Equal(a.Version, created.Version);
            var update = Assert.Single(delta, c => c.ItemId == before.Id);
            Assert.Equal(ItemChangeKind.Changed, update.Kind);
            Assert.Equal(changed.Version, update.Version); // the ChangeKey after the change, as GetItem has it
            Assert.Equal(ItemChangeKind.Deleted, Assert.Single(delta, c => c.ItemId == b.Id).Kind);
            Assert.All(delta, c => Assert.Null(c.SeriesMasterId));

            var (after, _, _) = await DrainAsync(feed, Alice, w1);
            Assert.Empty(after);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_moved_and_a_cancelled_occurrence_are_each_a_change_of_their_series()
        {
            using var s = await SandboxSession.StartAsync();
            var feed = s.Backend.ChangeFeedBackend;
            var events = s.Backend.EventBackend;
            var weekly = Draft("Weekly", 1);
            weekly.Recurrence = new EventRecurrence
            {
                Pattern = RecurrencePatternKind.Weekly,
                DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday },
                RangeType = RecurrenceRangeKind.Numbered,
                NumberOfOccurrences = 5,
                StartDate = new DateTime(2027, 3, 1),
                TimeZone = Zone,
            };
            var series = await events.CreateEventAsync(Alice, weekly, CancellationToken.None);
            var (_, w0, _) = await DrainAsync(feed, Alice, null);

            var window = await events.ReadWindowAsync(new EventWindowQuery(Alice, new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 4, 5, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);
            var occurrences = window.Events.Where(e => e.SeriesMasterId == series.Id).OrderBy(e => e.Start).ToList();
            Assert.Equal(5, occurrences.Count);
            await events.UpdateEventAsync(Alice, occurrences[1].Id, null, new EventDraft { Start = occurrences[1].Start.AddHours(2), End = occurrences[1].End.AddHours(2) }, CancellationToken.None);

            var (moved, w1, _) = await DrainAsync(feed, Alice, w0);
            var move = Assert.Single(moved);
            Assert.Equal(series.Id, move.ItemId);
            Assert.Equal(ItemChangeKind.Changed, move.Kind);
            Assert.NotEqual(series.Version, move.Version);

            Assert.True(await events.DeleteEventAsync(Alice, occurrences[2].Id, CancellationToken.None));
            var (cancelled, _, _) = await DrainAsync(feed, Alice, w1);
            var cancel = Assert.Single(cancelled);
            Assert.Equal(series.Id, cancel.ItemId);
            Assert.Equal(ItemChangeKind.Changed, cancel.Kind);
            Assert.NotEqual(move.Version, cancel.Version);

            var master = await events.GetEventAsync(Alice, series.Id, null, CancellationToken.None);
            Assert.Equal(cancel.Version, master!.Version);
            Assert.Single(master.ModifiedOccurrences);
            Assert.Single(master.CancelledOccurrences);
            s.AssertWireValid();
        }

        [Fact]
        public async Task Changes_come_in_pages_of_MaxChanges_while_MoreAvailable_and_each_item_once()
        {
            using var s = await SandboxSession.StartAsync();
            var feed = s.Backend.ChangeFeedBackend;
            var (_, w0, _) = await DrainAsync(feed, Alice, null);
            var made = new List<string>();
            for (var n = 0; n < 7; n++)
            {
                made.Add((await s.Backend.EventBackend.CreateEventAsync(Alice, Draft("Paged " + n, 2 + n), CancellationToken.None)).Id);
            }

            var sent = s.Org.RequestCounts.TryGetValue("SyncFolderItems", out var c0) ? c0 : 0;
            var first = await feed.ReadChangesAsync(new ChangeFeedQuery(Alice, w0) { MaxChanges = 3 }, CancellationToken.None);
            Assert.Equal(3, first.Changes.Count);
            Assert.True(first.MoreAvailable);
            var second = await feed.ReadChangesAsync(new ChangeFeedQuery(Alice, first.Watermark) { MaxChanges = 3 }, CancellationToken.None);
            Assert.Equal(3, second.Changes.Count);
            Assert.True(second.MoreAvailable);
            var third = await feed.ReadChangesAsync(new ChangeFeedQuery(Alice, second.Watermark) { MaxChanges = 3 }, CancellationToken.None);
            Assert.Single(third.Changes);
            Assert.False(third.MoreAvailable);
            Assert.Equal(made, first.Changes.Concat(second.Changes).Concat(third.Changes).Select(c => c.ItemId).ToList());
            Assert.Equal(sent + 3, s.Org.RequestCounts["SyncFolderItems"]);

            // A page size past the protocol's 512 is capped, not sent (the schema allows 1..512).
            var (rest, _, _) = await DrainAsync(feed, Alice, third.Watermark, max: 10_000);
            Assert.Empty(rest);
            s.AssertWireValid();
        }

        [Fact]
        public async Task An_expired_or_foreign_SyncState_is_WatermarkExpired_and_a_fresh_read_works_again()
        {
            using var s = await SandboxSession.StartAsync();
            var feed = s.Backend.ChangeFeedBackend;
            var (_, w0, _) = await DrainAsync(feed, Alice, null);
            var (_, bob, _) = await DrainAsync(feed, CalendarAddress.Default("bob@contoso.com"), null);

            var foreign = await Assert.ThrowsAsync<BackendException>(() => feed.ReadChangesAsync(new ChangeFeedQuery(Alice, bob), CancellationToken.None));
            Assert.Equal(BackendErrorCode.WatermarkExpired, foreign.Error.Code);
            Assert.Equal("ErrorInvalidSyncStateData", foreign.Error.ServerCode);
            var forged = await Assert.ThrowsAsync<BackendException>(() => feed.ReadChangesAsync(new ChangeFeedQuery(Alice, "H4sIAAAAAAAEAO29B2AcSZ"), CancellationToken.None));
            Assert.Equal(BackendErrorCode.WatermarkExpired, forged.Error.Code);

            s.Org.ExpireChangeWatermarks("alice@contoso.com");
            var expired = await Assert.ThrowsAsync<BackendException>(() => feed.ReadChangesAsync(new ChangeFeedQuery(Alice, w0), CancellationToken.None));
            Assert.Equal(BackendErrorCode.WatermarkExpired, expired.Error.Code);
            Assert.Contains("alice@contoso.com", expired.Message, StringComparison.Ordinal);

            var (again, w1, _) = await DrainAsync(feed, Alice, null);
            Assert.NotEmpty(again);
            var (none, _, _) = await DrainAsync(feed, Alice, w1);
            Assert.Empty(none);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_read_failing_halfway_through_a_pass_fails_that_read_and_the_last_good_watermark_still_works()
        {
            using var s = await SandboxSession.StartAsync();
            var feed = s.Backend.ChangeFeedBackend;
            var (_, w0, _) = await DrainAsync(feed, Alice, null);
            for (var n = 0; n < 5; n++)
            {
                await s.Backend.EventBackend.CreateEventAsync(Alice, Draft("Halfway " + n, 2 + n), CancellationToken.None);
            }

            s.Org.FailChangeReads(afterPages: 1);
            var first = await feed.ReadChangesAsync(new ChangeFeedQuery(Alice, w0) { MaxChanges = 2 }, CancellationToken.None);
            Assert.True(first.MoreAvailable);
            var failed = await Assert.ThrowsAsync<BackendException>(() => feed.ReadChangesAsync(new ChangeFeedQuery(Alice, first.Watermark) { MaxChanges = 2 }, CancellationToken.None));
            Assert.NotEqual(BackendErrorCode.WatermarkExpired, failed.Error.Code);
            Assert.Equal("ErrorInternalServerError", failed.Error.ServerCode);
            Assert.Equal(1, s.Org.ChangeReadFaults);

            // The engine saved nothing of the failed pass: it starts again from w0 and gets everything.
            var (all, _, pages) = await DrainAsync(feed, Alice, w0, max: 2);
            Assert.Equal(5, all.Count);
            Assert.Equal(3, pages);
            s.AssertWireValid();
        }

        [Fact]
        public async Task The_sync_stamp_round_trips_through_CreateItem_GetItem_UpdateItem_and_SyncFolderItems()
        {
            using var s = await SandboxSession.StartAsync();
            var feed = s.Backend.ChangeFeedBackend;
            var events = s.Backend.EventBackend;
            var (_, w0, _) = await DrainAsync(feed, Alice, null);
            var stamp = new SyncStamp("rooms", "Room1@contoso.com", "AAMk;source=1%", "ck-1");
            var draft = Draft("Busy", 4);
            draft.Properties = new Dictionary<string, string> { [SyncStamp.PropertyName] = stamp.Format() };
            var copy = await events.CreateEventAsync(Alice, draft, CancellationToken.None);
            var plain = await events.CreateEventAsync(Alice, Draft("Not ours", 5), CancellationToken.None);

            var read = await events.GetEventAsync(Alice, copy.Id, new[] { SyncStamp.PropertyName }, CancellationToken.None);
            var back = SyncStamp.Parse(read!.Properties[SyncStamp.PropertyName]);
            Assert.Equal(stamp.Format(), back!.Format());
            Assert.Equal("room1@contoso.com", back.SourceMailbox);
            Assert.Equal("AAMk;source=1%", back.SourceItemId);

            var (changes, w1, _) = await DrainAsync(feed, Alice, w0, properties: new[] { SyncStamp.PropertyName });
            var ours = Assert.Single(changes, c => c.ItemId == copy.Id);
            Assert.Equal(stamp.Format(), ours.Properties![SyncStamp.PropertyName]);
            Assert.Empty(Assert.Single(changes, c => c.ItemId == plain.Id).Properties!);

            // Without asking, no properties come back (and none are requested on the wire).
            var (unasked, _, _) = await DrainAsync(feed, Alice, w0);
            Assert.All(unasked, c => Assert.Null(c.Properties));

            var next = new SyncStamp("rooms", "room1@contoso.com", "AAMk;source=1%", "ck-2");
            await events.UpdateEventAsync(Alice, copy.Id, null, new EventDraft { Properties = new Dictionary<string, string> { [SyncStamp.PropertyName] = next.Format() } }, CancellationToken.None);
            var (updated, _, _) = await DrainAsync(feed, Alice, w1, properties: new[] { SyncStamp.PropertyName });
            Assert.Equal("ck-2", SyncStamp.Parse(Assert.Single(updated).Properties![SyncStamp.PropertyName])!.SourceVersion);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_calendar_that_does_not_exist_is_CalendarNotFound_not_an_expired_watermark()
        {
            using var s = await SandboxSession.StartAsync();
            var missing = await Assert.ThrowsAsync<BackendException>(() => s.Backend.ChangeFeedBackend.ReadChangesAsync(new ChangeFeedQuery(CalendarAddress.Parse("alice@contoso.com", "No such calendar"), null), CancellationToken.None));
            Assert.Equal(BackendErrorCode.CalendarNotFound, missing.Error.Code);
            s.AssertWireValid();
        }
    }
}
