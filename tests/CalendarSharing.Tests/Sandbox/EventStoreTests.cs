using System;
using System.Linq;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>The organisation's event rules (expansion, exceptions, ids, versions), below either protocol.</summary>
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
            var draft = new SandboxEvent { Subject = "Once", StartUtc = new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2026, 12, 8, 10, 0, 0, DateTimeKind.Utc), TransactionId = "t-1" };
            var first = org.CreateEvent(bob.Calendar, draft);
            var second = org.CreateEvent(bob.Calendar, draft);
            Assert.Equal(first.Id, second.Id);
            Assert.Equal(1, bob.Calendar.Items.Count);

            var written = org.UpdateEvent(bob.Calendar, first.Id, first.Version, e => e.Subject = "Changed");
            Assert.Equal(StoreWriteOutcome.Written, written.Outcome);
            var stale = org.UpdateEvent(bob.Calendar, first.Id, first.Version, e => e.Subject = "Lost");
            Assert.Equal(StoreWriteOutcome.Stale, stale.Outcome);
            Assert.Equal("Changed", bob.Calendar.Items.Find(first.Id)!.Subject);
            Assert.True(org.DeleteEvent(bob.Calendar, first.Id));
            Assert.False(org.DeleteEvent(bob.Calendar, first.Id));
        }

        [Fact]
        public void Free_busy_shows_details_only_as_far_as_the_callers_permission_and_never_of_private_items()
        {
            var org = SandboxOrganization.Create();
            var start = RecurrenceExpander.ToUtc(SandboxOrganization.SeedWeek, Pacific);

            var asAdmin = org.FreeBusy("admin@contoso.com", "alice@contoso.com", start, start.AddDays(7)); // Default: FreeBusyTimeOnly
            Assert.Null(asAdmin.Problem);
            Assert.All(asAdmin.Blocks, b => Assert.Null(b.Subject));

            var asCarol = org.FreeBusy("carol@contoso.com", "alice@contoso.com", start, start.AddDays(7)); // Reviewer
            Assert.Contains(asCarol.Blocks, b => b.Subject == "Quarterly planning");
            Assert.All(asCarol.Blocks.Where(b => b.IsPrivate), b => Assert.Null(b.Subject));

            Assert.Equal(FreeBusyProblem.MailboxNotFound, org.FreeBusy(null, "nobody@contoso.com", start, start.AddDays(1)).Problem);
        }
    }
}
