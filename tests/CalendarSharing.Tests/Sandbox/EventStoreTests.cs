using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>The organisation's event store (ids, versions, transaction ids, the lock), below either protocol.</summary>
    public sealed class EventStoreTests
    {
        private static readonly TimeZoneInfo Pacific = RecurrenceExpander.Zone("Pacific Standard Time");

        [Fact]
        public void The_seeded_stand_up_expands_with_its_moved_and_cancelled_occurrences()
        {
            var org = SandboxOrganization.Create();
            var alice = org.FindMailbox("alice@contoso.com")!;
            var start = RecurrenceExpander.ToUtc(SandboxOrganization.SeedWeek, Pacific);
            var items = org.ExpandWindow(alice.Calendar, start, start.AddDays(7));

            var standups = items.Where(o => o.Item.Subject == "Team stand-up").ToList();
            Assert.Equal(4, standups.Count); // Friday's was cancelled
            var local = standups.Select(o => RecurrenceExpander.ToLocal(o.StartUtc, Pacific)).ToList();
            Assert.Equal(new[] { 9, 9, 10, 9 }, local.Select(t => t.Hour));
            Assert.Equal(EventKind.Exception, standups[2].Kind);
            Assert.All(standups, o => Assert.True(EventIds.TryParseOccurrence(o.Id, out _, out _)));
            Assert.Contains(items, o => o.Item.IsAllDay && o.Item.ShowAs == EventShowAs.WorkingElsewhere);
        }

        [Fact]
        public void A_weekly_series_keeps_its_local_time_across_the_daylight_saving_change()
        {
            var org = SandboxOrganization.Create();
            var alice = org.FindMailbox("alice@contoso.com")!;
            // US clocks go forward on 2027-03-14.
            var start = RecurrenceExpander.ToUtc(new DateTime(2027, 3, 8), Pacific);
            var standups = org.ExpandWindow(alice.Calendar, start, start.AddDays(14)).Where(o => o.Item.Subject == "Team stand-up").ToList();
            Assert.Equal(10, standups.Count);
            Assert.All(standups, o => Assert.Equal(9, RecurrenceExpander.ToLocal(o.StartUtc, Pacific).Hour));
            Assert.NotEqual(standups[0].StartUtc.Hour, standups[9].StartUtc.Hour);
        }

        [Fact]
        public void A_create_with_a_used_transaction_id_returns_the_first_event_and_a_stale_version_writes_nothing()
        {
            var org = SandboxOrganization.Create();
            var bob = org.FindMailbox("bob@contoso.com")!;
            var seeded = bob.Calendar.Items.Count;
            var draft = new SandboxEvent { Subject = "Once", StartUtc = new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2026, 12, 8, 10, 0, 0, DateTimeKind.Utc), TransactionId = "t-1" };
            var first = org.CreateEvent(bob.Calendar, draft);
            var second = org.CreateEvent(bob.Calendar, draft);
            Assert.Equal(first.Id, second.Id);
            Assert.Equal(seeded + 1, bob.Calendar.Items.Count);

            var written = org.UpdateEvent(bob.Calendar, first.Id, first.Version, e =>
            {
                e.Subject = "Changed";
                e.TransactionId = "t-2"; // cannot be changed by an update
            });
            Assert.Equal(StoreWriteOutcome.Written, written.Outcome);
            Assert.Equal("t-1", written.Item!.TransactionId);
            var stale = org.UpdateEvent(bob.Calendar, first.Id, first.Version, e => e.Subject = "Lost");
            Assert.Equal(StoreWriteOutcome.Stale, stale.Outcome);
            Assert.Equal(written.Item.Version, stale.Item!.Version);
            Assert.Equal("Changed", bob.Calendar.Items.Find(first.Id)!.Subject);
            Assert.Equal(StoreWriteOutcome.Rejected, org.UpdateEvent(bob.Calendar, first.Id, null, e => e.EndUtc = e.StartUtc.AddHours(-1)).Outcome);
            Assert.True(org.DeleteEvent(bob.Calendar, first.Id));
            Assert.False(org.DeleteEvent(bob.Calendar, first.Id));
            Assert.Equal(StoreWriteOutcome.NotFound, org.UpdateEvent(bob.Calendar, first.Id, null, e => e.Subject = "Gone").Outcome);
        }

        [Fact]
        public void Ids_name_their_mailbox_and_folder_and_are_the_same_in_every_organisation_built_alike()
        {
            var one = SandboxOrganization.Create();
            var two = SandboxOrganization.Create();
            var window = (Start: new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), End: new DateTime(2026, 12, 14, 0, 0, 0, DateTimeKind.Utc));
            foreach (var address in new[] { "alice@contoso.com", "hans@contoso.com", "boardroom@contoso.com" })
            {
                var a = one.FindMailbox(address)!;
                var b = two.FindMailbox(address)!;
                foreach (var folder in a.Folders.Where(f => f.IsCalendar))
                {
                    var other = b.FindByKey(folder.Key)!;
                    var ids = one.ExpandWindow(folder, window.Start, window.End).Select(o => o.Id).ToList();
                    Assert.NotEmpty(ids);
                    Assert.Equal(ids, two.ExpandWindow(other, window.Start, window.End).Select(o => o.Id));
                    Assert.All(ids, id => Assert.Equal(address, EventIds.MailboxOf(id)));
                    Assert.All(ids, id => Assert.Equal(folder.Key, EventIds.FolderKeyOf(id)));
                    Assert.All(ids, id => Assert.Same(folder, one.FindEventFolder(a, id)));
                }
            }

            Assert.Null(EventIds.MailboxOf("not-an-id"));
        }

        [Fact]
        public void An_occurrence_is_found_by_id_and_by_index_and_its_version_guards_its_writes()
        {
            var org = SandboxOrganization.Create();
            var alice = org.FindMailbox("alice@contoso.com")!;
            var start = RecurrenceExpander.ToUtc(SandboxOrganization.SeedWeek, Pacific);
            var monday = org.ExpandWindow(alice.Calendar, start, start.AddDays(1)).First(o => o.Item.Subject == "Team stand-up");
            Assert.Equal(EventKind.Occurrence, monday.Kind);
            var found = org.FindItem(alice.Calendar, monday.Id)!;
            Assert.Equal(monday.StartUtc, found.StartUtc);
            Assert.Equal(monday.EndUtc, found.EndUtc);
            Assert.Equal(monday.Master!.Id, found.Master!.Id);

            // The series began four weeks before on a Monday: this Monday is the 21st weekday.
            Assert.Equal(monday.StartUtc, org.FindOccurrenceByIndex(alice.Calendar, monday.Master.Id, 21, out _)!.StartUtc);

            var masterVersion = monday.Master.Version;
            Assert.Equal(StoreWriteOutcome.Stale, org.UpdateEvent(alice.Calendar, monday.Id, masterVersion - 1, e => e.Subject = "Lost").Outcome);
            var changed = org.UpdateEvent(alice.Calendar, monday.Id, masterVersion, e => e.Location = "Room 12");
            Assert.Equal(StoreWriteOutcome.Written, changed.Outcome);
            Assert.Equal(StoreWriteOutcome.Stale, org.UpdateEvent(alice.Calendar, monday.Id, masterVersion, e => e.Location = "Lost").Outcome);
            var again = org.UpdateEvent(alice.Calendar, monday.Id, changed.Item!.Version, e => e.Location = "Room 14");
            Assert.Equal(StoreWriteOutcome.Written, again.Outcome);
            Assert.Equal("Room 14", org.FindItem(alice.Calendar, monday.Id)!.Item.Location);
            Assert.Equal(EventKind.Exception, org.FindItem(alice.Calendar, monday.Id)!.Kind);
        }

        [Fact]
        public void Concurrent_writers_lose_nothing_and_win_one_at_a_time()
        {
            var org = SandboxOrganization.Create();
            var carol = org.FindMailbox("carol@contoso.com")!;
            var target = org.CreateEvent(carol.Calendar, new SandboxEvent { Subject = "Contended", StartUtc = new DateTime(2027, 1, 4, 9, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2027, 1, 4, 10, 0, 0, DateTimeKind.Utc) });
            var series = org.CreateEvent(carol.Calendar, new SandboxEvent
            {
                Subject = "Daily",
                TimeZone = "GMT Standard Time",
                StartUtc = new DateTime(2027, 1, 4, 8, 0, 0, DateTimeKind.Utc),
                EndUtc = new DateTime(2027, 1, 4, 8, 30, 0, DateTimeKind.Utc),
                Recurrence = new EventRecurrence { Pattern = RecurrencePatternKind.Daily, RangeType = RecurrenceRangeKind.Numbered, NumberOfOccurrences = 40, StartDate = new DateTime(2027, 1, 4), TimeZone = "GMT Standard Time" },
            });

            var wins = 0;
            Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                // Everyone edits the single event with the version they read; a different occurrence of the series each;
                // and creates with one shared transaction id.
                var seen = carol.Calendar.Items.Find(target.Id)!;
                if (org.UpdateEvent(carol.Calendar, target.Id, seen.Version, e => e.Body = "writer " + i).Outcome == StoreWriteOutcome.Written)
                {
                    System.Threading.Interlocked.Increment(ref wins);
                }

                var occurrence = EventIds.OccurrenceId(series.Id, series.StartUtc.AddDays(i));
                var write = i % 5 == 4
                    ? org.DeleteEvent(carol.Calendar, occurrence)
                    : org.UpdateEvent(carol.Calendar, occurrence, null, e => e.Subject = "Daily " + i).Outcome == StoreWriteOutcome.Written;
                Assert.True(write);
                org.CreateEvent(carol.Calendar, new SandboxEvent { Subject = "Booking", StartUtc = target.StartUtc, EndUtc = target.EndUtc, TransactionId = "same-booking" });
            });

            var final = carol.Calendar.Items.Find(target.Id)!;
            Assert.Equal(1 + wins, final.Version); // every win bumped the version once, no two writers won the same version
            var master = carol.Calendar.Items.Find(series.Id)!;
            Assert.Equal(32, master.Modified.Count);
            Assert.Equal(8, master.Cancelled.Count);
            Assert.Single(carol.Calendar.Items.Snapshot(), e => e.TransactionId == "same-booking");
            Assert.Equal(32, org.ExpandWindow(carol.Calendar, series.StartUtc, series.StartUtc.AddDays(41)).Count(o => o.Item.Subject!.StartsWith("Daily ", StringComparison.Ordinal)));
        }

        [Fact]
        public void Generated_mailboxes_get_three_plain_events_each()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = 500 });
            var start = new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 1; i <= 500; i++)
            {
                var mailbox = org.FindMailbox("user" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "@contoso.com")!;
                var items = org.ExpandWindow(mailbox.Calendar, start, start.AddDays(14));
                Assert.Equal(3, items.Count);
                Assert.All(items, o => Assert.Equal(EventKind.SingleInstance, o.Kind));
                Assert.All(items, o => Assert.True(seen.Add(o.Id)));
                Assert.All(items, o => Assert.True(seen.Add(o.Item.Uid)));
            }

            var answer = org.FreeBusy(null, "user0007@contoso.com", start, start.AddDays(14));
            Assert.Equal(3, answer.Blocks.Count);
        }
    }
}
