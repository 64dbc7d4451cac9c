using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// What sync must never do: delete after a failed read, delete a mass of copies unasked, duplicate after a kill or a
    /// lost state, write under -WhatIf, or touch another profile's copies or the owner's items.
    /// </summary>
    public class EngineSafetyTests
    {
        private static async Task<List<CalendarEvent>> SeedAsync(SyncLab lab, int count, int day = 2)
        {
            var made = new List<CalendarEvent>();
            for (var n = 0; n < count; n++)
            {
                made.Add(await lab.AddSourceAsync(SyncLab.Draft("Item " + n, SyncLab.Berlin(3, day + (n / 8), 8 + (n % 8)))));
            }

            return made;
        }

        private static int CopiesOf(SyncLab lab, string profile = "rooms") =>
            lab.RawTarget().Count(e => e.Properties.Values.Any(v => SyncStamp.Parse(v)?.IsOf(profile) == true));

        [Theory]
        [InlineData(BackendKind.Ews, BackendKind.Graph, 0)]
        [InlineData(BackendKind.Ews, BackendKind.Graph, 1)]
        [InlineData(BackendKind.Graph, BackendKind.Ews, 1)]
        [InlineData(BackendKind.Graph, BackendKind.Ews, 2)]
        public async Task A_read_failing_halfway_aborts_the_pass_and_deletes_nothing(BackendKind source, BackendKind target, int allowed)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            var items = await SeedAsync(lab, 24); // Graph: three pages of ten
            var profile = lab.Profile();
            Assert.Equal(24, (await lab.PassAsync(profile)).Created);

            // The source is emptied and its read then fails part of the way: an empty or short read must not delete.
            foreach (var i in items.Take(12))
            {
                await lab.SourceEvents.DeleteEventAsync(lab.Source, i.Id, CancellationToken.None);
            }

            lab.SourceTrip.Arm(allowed);
            var result = await lab.PassAsync(profile, r => r.Force = true);
            lab.SourceTrip.Disarm();
            Assert.Equal(SyncPassOutcome.Aborted, result.Outcome);
            Assert.Equal(ErrorIds.SyncReadFailed, result.ErrorId);
            Assert.Contains(SyncLab.SourceMailbox + " -> " + SyncLab.TargetMailbox, result.Message, StringComparison.Ordinal);
            Assert.Equal(0, result.Deleted);
            Assert.Equal(24, CopiesOf(lab));

            // Once the reads work again the deletions go through (Force: half the copies).
            var after = await lab.PassAsync(profile, r => r.Force = true);
            Assert.Equal(12, after.Deleted);
            Assert.Equal(12, CopiesOf(lab));
        }

        [Fact]
        public async Task A_pass_deleting_more_than_the_threshold_stops_unless_forced_and_WhatIf_lists_every_action_and_writes_nothing()
        {
            using var lab = await SyncLab.StartAsync(BackendKind.Ews, BackendKind.Graph);
            var items = await SeedAsync(lab, 10);
            var profile = lab.Profile();

            var plan = await lab.PassAsync(profile, r => r.WhatIf = true);
            Assert.Equal(SyncPassOutcome.Planned, plan.Outcome);
            Assert.Equal(10, plan.Actions.Count(a => a.Kind == CalendarSharing.SyncActionKind.Create));
            Assert.All(plan.Actions, a => Assert.Equal("Busy", a.Subject));
            Assert.Empty(lab.RawTarget());
            Assert.Null(lab.Store.Peek("rooms", profile.Pairs[0].Key));

            Assert.Equal(10, (await lab.PassAsync(profile)).Created);
            foreach (var i in items.Take(3))
            {
                await lab.SourceEvents.DeleteEventAsync(lab.Source, i.Id, CancellationToken.None);
            }

            var stopped = await lab.PassAsync(profile);
            Assert.Equal(SyncPassOutcome.Aborted, stopped.Outcome);
            Assert.Equal(ErrorIds.SyncDeletionThresholdExceeded, stopped.ErrorId);
            Assert.Equal(3, stopped.Actions.Count(a => a.Kind == CalendarSharing.SyncActionKind.Delete));
            Assert.Equal(10, CopiesOf(lab));

            var whatIf = await lab.PassAsync(profile, r => { r.WhatIf = true; r.Force = true; });
            Assert.Equal(SyncPassOutcome.Planned, whatIf.Outcome);
            Assert.Equal(3, whatIf.Actions.Count(a => a.Kind == CalendarSharing.SyncActionKind.Delete));
            Assert.Equal(10, CopiesOf(lab));

            var forced = await lab.PassAsync(profile, r => r.Force = true);
            Assert.Equal(3, forced.Deleted);
            Assert.Equal(7, CopiesOf(lab));

            // A higher threshold lets the same kind of pass through without -Force.
            foreach (var i in items.Skip(3).Take(2))
            {
                await lab.SourceEvents.DeleteEventAsync(lab.Source, i.Id, CancellationToken.None);
            }

            Assert.Equal(2, (await lab.PassAsync(lab.Profile(o => o.DeletionThreshold = 0.5))).Deleted);
        }

        [Theory]
        [InlineData(BackendKind.Ews, BackendKind.Ews, 11)]
        [InlineData(BackendKind.Graph, BackendKind.Graph, 12)]
        [InlineData(BackendKind.Ews, BackendKind.Graph, 13)]
        [InlineData(BackendKind.Graph, BackendKind.Ews, 14)]
        public async Task A_kill_or_a_fault_at_any_of_20_random_points_then_a_rerun_converges_with_no_duplicate_and_no_loss(BackendKind source, BackendKind target, int seed)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            var random = new Random(seed);
            var profile = lab.Profile(o => { o.Copy = CalendarSharing.SyncCopy.SubjectAndLocation; o.DeletionThreshold = 1; });
            var live = await SeedAsync(lab, 4);
            var series = SyncLab.Draft("Weekly", SyncLab.Berlin(3, 8, 13));
            series.Recurrence = new EventRecurrence { Pattern = RecurrencePatternKind.Weekly, DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday }, RangeType = RecurrenceRangeKind.Numbered, NumberOfOccurrences = 4, StartDate = new DateTime(2027, 3, 8), TimeZone = "W. Europe Standard Time" };
            await lab.AddSourceAsync(series);
            var made = 4;
            var interrupted = 0;
            for (var round = 0; round < 20; round++)
            {
                // Something to do in every round: a new item, a changed one, a deleted one.
                live.Add(await lab.AddSourceAsync(SyncLab.Draft("Round " + round, SyncLab.Berlin(3, 10 + (round % 15), 7 + (round % 3)))));
                made++;
                var changed = live[random.Next(live.Count)];
                await lab.SourceEvents.UpdateEventAsync(lab.Source, changed.Id, null, new EventDraft { Subject = "Changed in round " + round }, CancellationToken.None);
                if (round % 3 == 2)
                {
                    var victim = live[random.Next(live.Count)];
                    await lab.SourceEvents.DeleteEventAsync(lab.Source, victim.Id, CancellationToken.None);
                    live.Remove(victim);
                }

                // Kill (cancel) or drop the connection after a random number of requests to the target.
                var kill = random.Next(2) == 0 ? new CancellationTokenSource() : null;
                lab.TargetTrip.Kill = kill;
                lab.TargetTrip.Arm(random.Next(0, 3)); // every round makes at least three requests to the target (the window, its series, the batched writes)
                try
                {
                    var cut = await lab.PassAsync(profile, null, kill?.Token ?? CancellationToken.None);
                    if (cut.Outcome == SyncPassOutcome.Failed)
                    {
                        interrupted++;
                    }
                }
                catch (OperationCanceledException)
                {
                    interrupted++; // the process died here
                }
                finally
                {
                    lab.TargetTrip.Disarm();
                    lab.TargetTrip.Kill = null;
                }

                var rerun = await lab.PassAsync(profile);
                Assert.True(rerun.Outcome == SyncPassOutcome.Succeeded || rerun.Outcome == SyncPassOutcome.UpToDate, $"round {round}: {rerun.Outcome} {rerun.Message}");
                await AssertConvergedAsync(lab, round);
            }

            Assert.True(interrupted >= 10, $"only {interrupted} of 20 passes were cut short");
            Assert.Equal(SyncPassOutcome.UpToDate, (await lab.PassAsync(profile)).Outcome);
        }

        /// <summary>Every source item has exactly one copy, with the source's subject and times, and no copy is left over.</summary>
        private static async Task AssertConvergedAsync(SyncLab lab, int round)
        {
            var sources = (await lab.SourceItemsAsync()).ToList();
            var copies = (await lab.TargetItemsAsync()).Where(e => SyncLab.StampOf(e)?.IsOf("rooms") == true).ToList();
            foreach (var s in sources)
            {
                var mine = copies.Where(c => SyncLab.StampOf(c)!.SourceItemId == s.Id).ToList();
                Assert.True(mine.Count == 1, $"round {round}: {s.Subject} has {mine.Count} copies");
                Assert.Equal(s.Subject, mine[0].Subject);
                Assert.Equal(s.Start.UtcDateTime, mine[0].Start.UtcDateTime);
            }

            Assert.Equal(sources.Count, copies.Count);
            Assert.Equal(sources.Count, lab.RawTarget().Count);
        }

        [Theory]
        [InlineData(BackendKind.Ews, BackendKind.Ews)]
        [InlineData(BackendKind.Graph, BackendKind.Graph)]
        public async Task A_lost_state_and_two_profiles_feeding_one_target_never_duplicate_nor_touch_each_others_copies(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            await SeedAsync(lab, 5);
            var own = await lab.TargetEvents.CreateEventAsync(lab.Target, SyncLab.Draft("Owner's own", SyncLab.Berlin(3, 2, 7)), CancellationToken.None);
            var rooms = lab.Profile(id: "rooms");
            var mirror = lab.Profile(o => o.Copy = CalendarSharing.SyncCopy.SubjectAndLocation, id: "mirror");
            Assert.Equal(5, (await lab.PassAsync(rooms)).Created);
            Assert.Equal(5, (await lab.PassAsync(mirror)).Created);
            Assert.Equal(11, lab.RawTarget().Count);

            // The state is lost: the next passes find the copies by stamp.
            lab.Store.Forget();
            var again = await lab.PassAsync(rooms);
            Assert.Equal(SyncPassOutcome.UpToDate, again.Outcome);
            Assert.Equal(SyncPassOutcome.UpToDate, (await lab.PassAsync(mirror)).Outcome);
            Assert.Equal(11, lab.RawTarget().Count);

            // Remove-CalendarSyncCopy removes exactly one profile's copies and sends no cancellation.
            var messages = lab.TargetBox.Org.MeetingMessagesSent;
            var plan = await lab.Engine.RemoveCopiesAsync(rooms, rooms.Pairs[0], new SyncEndpoint(lab.Target, lab.TargetEvents, null), true, CancellationToken.None);
            Assert.Equal(SyncPassOutcome.Planned, plan.Outcome);
            Assert.Equal(5, plan.Actions.Count);
            Assert.Equal(11, lab.RawTarget().Count);
            var removed = await lab.Engine.RemoveCopiesAsync(rooms, rooms.Pairs[0], new SyncEndpoint(lab.Target, lab.TargetEvents, null), false, CancellationToken.None);
            Assert.Equal(SyncPassOutcome.Succeeded, removed.Outcome);
            Assert.Equal(5, removed.Deleted);
            var left = lab.RawTarget();
            Assert.Equal(6, left.Count);
            Assert.Contains(left, e => e.Id == own.Id);
            Assert.Equal(5, CopiesOf(lab, "mirror"));
            Assert.Equal(0, CopiesOf(lab, "rooms"));
            Assert.Equal(messages, lab.TargetBox.Org.MeetingMessagesSent);
            Assert.Null(lab.Store.Peek("rooms", rooms.Pairs[0].Key));
            lab.AssertWireValid();
        }

        [Theory]
        [InlineData(BackendKind.Ews, BackendKind.Graph)]
        [InlineData(BackendKind.Graph, BackendKind.Ews)]
        public async Task A_copy_the_owner_deleted_is_not_made_again_unless_the_profile_says_Recreate(BackendKind source, BackendKind target)
        {
            using var lab = await SyncLab.StartAsync(source, target);
            var items = await SeedAsync(lab, 3);
            var profile = lab.Profile();
            Assert.Equal(3, (await lab.PassAsync(profile)).Created);
            var copy = (await lab.TargetItemsAsync()).Single(e => SyncLab.StampOf(e)?.SourceItemId == items[1].Id);
            await lab.TargetEvents.DeleteEventAsync(lab.Target, copy.Id, CancellationToken.None);

            var pass = await lab.PassAsync(profile);
            Assert.Equal(0, pass.Created);
            var skip = Assert.Single(pass.Actions, a => a.SourceItemId == items[1].Id);
            Assert.Equal(CalendarSharing.SyncActionKind.Skip, skip.Kind);
            Assert.Contains("owner", skip.Reason, StringComparison.Ordinal);
            Assert.True(lab.Store.Peek("rooms", profile.Pairs[0].Key)!.Items[items[1].Id].DeletedByOwner);
            Assert.Equal(0, (await lab.PassAsync(profile)).Created);
            Assert.Equal(2, CopiesOf(lab));

            var recreate = await lab.PassAsync(lab.Profile(o => o.OwnerDeletion = CalendarSharing.SyncOwnerDeletion.Recreate));
            Assert.Equal(1, recreate.Created);
            Assert.Equal(3, CopiesOf(lab));
        }
    }
}
