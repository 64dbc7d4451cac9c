using System;
using System.Linq;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>
    /// What a caller sees of a schedule: the one rule GetUserAvailability and getSchedule both render, over the seeded
    /// week (alice's permissions: Default AvailabilityOnly, carol Reviewer; marie: Default LimitedDetails).
    /// </summary>
    public sealed class FreeBusyRuleTests
    {
        private static readonly DateTime WeekStart = new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime WeekEnd = WeekStart.AddDays(6);

        [Fact]
        public void The_default_entry_gives_times_only_and_an_own_entry_more_but_never_a_private_subject()
        {
            var org = SandboxOrganization.Create();

            var asBob = org.FreeBusy("bob@contoso.com", "alice@contoso.com", WeekStart, WeekEnd); // Default: FreeBusyTimeOnly
            Assert.Equal(FreeBusyDetail.TimeOnly, asBob.Detail);
            Assert.NotEmpty(asBob.Blocks);
            Assert.All(asBob.Blocks, b => Assert.False(b.HasDetails || b.Subject != null || b.Location != null || b.Id != null));
            Assert.All(asBob.Blocks, b => Assert.False(b.IsPrivate)); // times only: not even whether an item is private

            var asCarol = org.FreeBusy("carol@contoso.com", "alice@contoso.com", WeekStart, WeekEnd); // Reviewer
            Assert.Equal(FreeBusyDetail.FullDetails, asCarol.Detail);
            Assert.Contains(asCarol.Blocks, b => b.Subject == "Quarterly planning" && b.Location == "Boardroom" && b.Id != null && b.IsMeeting);
            var doctor = Assert.Single(asCarol.Blocks, b => b.IsPrivate);
            Assert.Null(doctor.Subject);
            Assert.Null(doctor.Id);
            Assert.Equal(EventShowAs.OutOfOffice, doctor.ShowAs);

            var asHans = org.FreeBusy("hans@contoso.com", "marie@contoso.com", WeekStart, WeekEnd); // Default: LimitedDetails
            Assert.Equal(FreeBusyDetail.TimeAndSubjectAndLocation, asHans.Detail);
            Assert.Contains(asHans.Blocks, b => b.Subject == "Déjeuner client" && b.Location == "Le Procope" && b.Id == null);
            Assert.All(asHans.Blocks.Where(b => b.IsPrivate), b => Assert.Null(b.Subject));
        }

        [Fact]
        public void The_owner_sees_everything_and_an_application_what_the_default_entry_gives()
        {
            var org = SandboxOrganization.Create();
            var own = org.FreeBusy("alice@contoso.com", "alice@contoso.com", WeekStart, WeekEnd);
            Assert.True(own.CanSeePrivate);
            Assert.Contains(own.Blocks, b => b.IsPrivate && b.Subject == "Doctor");

            var appOnAlice = org.FreeBusy(null, "alice@contoso.com", WeekStart, WeekEnd);
            Assert.Equal(FreeBusyDetail.TimeOnly, appOnAlice.Detail);
            Assert.All(appOnAlice.Blocks, b => Assert.Null(b.Subject));
            var appOnMarie = org.FreeBusy(null, "marie@contoso.com", WeekStart, WeekEnd);
            Assert.Contains(appOnMarie.Blocks, b => b.Subject == "Formation sécurité");
            Assert.All(appOnMarie.Blocks.Where(b => b.IsPrivate), b => Assert.Null(b.Subject));

            // Default None: an application still reads free/busy, a user does not.
            org.ModifyCalendarAcl("bob@contoso.com", levels => levels["Default"] = "None");
            Assert.Equal(FreeBusyProblem.NoAccess, org.FreeBusy("carol@contoso.com", "bob@contoso.com", WeekStart, WeekEnd).Problem);
            var app = org.FreeBusy(null, "bob@contoso.com", WeekStart, WeekEnd);
            Assert.Null(app.Problem);
            Assert.Equal(FreeBusyDetail.TimeOnly, app.Detail);
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, true)]
        public void A_delegate_sees_private_subjects_only_with_ViewPrivateItems(bool viewPrivate, bool seesDoctor)
        {
            var org = SandboxOrganization.Create();
            var alice = org.FindMailbox("alice@contoso.com")!;
            lock (alice.DelegateGate)
            {
                org.AddDelegate(alice, org.Directory.FindByAddress("bob@contoso.com")!, d =>
                {
                    d.Levels["Calendar"] = "Editor";
                    d.ViewPrivateItems = viewPrivate;
                });
            }

            org.ModifyCalendarAcl("alice@contoso.com", levels => levels["bob@contoso.com"] = "Editor");
            var asBob = org.FreeBusy("bob@contoso.com", "alice@contoso.com", WeekStart, WeekEnd);
            Assert.Equal(FreeBusyDetail.FullDetails, asBob.Detail);
            Assert.Equal(seesDoctor, asBob.Blocks.Any(b => b.Subject == "Doctor"));
            Assert.Contains(asBob.Blocks, b => b.Subject == "Quarterly planning");
        }

        [Fact]
        public void Full_access_to_the_mailbox_shows_private_items()
        {
            var org = SandboxOrganization.Create();
            org.GrantMailboxRight("alice@contoso.com", "hans@contoso.com", SandboxMailboxRight.FullAccess);
            var asHans = org.FreeBusy("hans@contoso.com", "alice@contoso.com", WeekStart, WeekEnd);
            Assert.Equal(FreeBusyDetail.FullDetails, asHans.Detail);
            Assert.Contains(asHans.Blocks, b => b.Subject == "Doctor");
        }

        [Fact]
        public void Cancelled_items_are_left_out_and_every_other_status_is_kept()
        {
            var org = SandboxOrganization.Create();
            var alice = org.FindMailbox("alice@contoso.com")!;
            var webinar = org.ExpandWindow(alice.Calendar, WeekStart, WeekEnd).Single(o => o.Item.Subject == "Webinar: Exchange roadmap");
            Assert.Equal(StoreWriteOutcome.Written, org.UpdateEvent(alice.Calendar, webinar.Id, null, e => e.IsCancelled = true).Outcome);

            var blocks = org.FreeBusy("alice@contoso.com", "alice@contoso.com", WeekStart, WeekEnd).Blocks;
            Assert.DoesNotContain(blocks, b => b.Subject == "Webinar: Exchange roadmap");
            Assert.Contains(blocks, b => b.ShowAs == EventShowAs.Tentative && b.Subject == "Vendor demo");
            Assert.Contains(blocks, b => b.ShowAs == EventShowAs.OutOfOffice);
            Assert.Contains(blocks, b => b.ShowAs == EventShowAs.WorkingElsewhere && b.IsAllDay);
            Assert.Contains(blocks, b => b.ShowAs == EventShowAs.Free && b.Subject == "Lunch with Pat Partner");
            Assert.Contains(blocks, b => b.IsRecurring && b.IsException && b.Subject == "Team stand-up");
        }

        [Fact]
        public void Only_the_default_calendar_counts()
        {
            var org = SandboxOrganization.Create();
            var blocks = org.FreeBusy("alice@contoso.com", "alice@contoso.com", WeekStart, WeekEnd).Blocks;
            Assert.DoesNotContain(blocks, b => b.Subject == "Holiday party");
            Assert.DoesNotContain(org.FreeBusy("hans@contoso.com", "hans@contoso.com", WeekStart, WeekEnd).Blocks, b => b.Subject!.StartsWith("Projekt", StringComparison.Ordinal));
        }

        [Fact]
        public void Working_hours_and_time_zone_come_from_the_mailboxs_settings_rooms_too()
        {
            var org = SandboxOrganization.Create();
            var hans = org.FreeBusy("alice@contoso.com", "hans@contoso.com", WeekStart, WeekEnd);
            Assert.Equal("W. Europe Standard Time", hans.TimeZone);
            Assert.Equal("W. Europe Standard Time", hans.WorkingHours!.TimeZone);
            Assert.Equal(TimeSpan.FromHours(8), hans.WorkingHours.StartTime);
            Assert.Equal(TimeSpan.FromHours(17), hans.WorkingHours.EndTime);
            Assert.Equal(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, hans.WorkingHours.DaysOfWeek);
            Assert.False(hans.IsRoom);

            var room = org.FreeBusy("alice@contoso.com", "boardroom@contoso.com", WeekStart, WeekEnd);
            Assert.True(room.IsRoom);
            Assert.Equal(TimeSpan.FromHours(7), room.WorkingHours!.StartTime);
            Assert.Equal(TimeSpan.FromHours(19), room.WorkingHours.EndTime);
            Assert.Equal("Pacific Standard Time", room.WorkingHours.TimeZone);
            Assert.Equal(FreeBusyDetail.TimeAndSubjectAndLocation, room.Detail);
            Assert.Equal(new[] { "Bob Berg", "Alice Anders", "Bob Berg" }, room.Blocks.Select(b => b.Subject)); // the organizer, as room mailboxes show it
        }

        [Fact]
        public void An_unknown_mailbox_is_a_problem_of_its_own_and_an_item_partly_inside_the_window_comes_whole()
        {
            var org = SandboxOrganization.Create();
            Assert.Equal(FreeBusyProblem.MailboxNotFound, org.FreeBusy(null, "nobody@contoso.com", WeekStart, WeekEnd).Problem);

            // hans's two days of holiday from Thursday, asked for Friday afternoon only.
            var zone = RecurrenceExpander.Zone("W. Europe Standard Time");
            var friday = RecurrenceExpander.ToUtc(new DateTime(2026, 12, 11, 14, 0, 0), zone);
            var block = Assert.Single(org.FreeBusy("marie@contoso.com", "hans@contoso.com", friday, friday.AddHours(2)).Blocks);
            Assert.Equal(RecurrenceExpander.ToUtc(new DateTime(2026, 12, 10), zone), block.StartUtc);
            Assert.Equal(RecurrenceExpander.ToUtc(new DateTime(2026, 12, 12), zone), block.EndUtc);
            Assert.Equal("Urlaub", block.Subject);
        }
    }
}
