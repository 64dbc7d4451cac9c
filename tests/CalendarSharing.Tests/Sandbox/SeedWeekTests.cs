using System;
using System.Globalization;
using System.Linq;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>
    /// The seeded week, Monday 2026-12-07 to Friday 2026-12-11, exactly as src/CalendarSharing.Sandbox/README.md ("The
    /// seeded week") describes it, each mailbox in its own zone: docs examples rely on it being stable.
    /// </summary>
    public sealed class SeedWeekTests
    {
        [Theory]
        [InlineData("alice@contoso.com", null,
            "Mon 09:00-09:15 Team stand-up [Busy]",
            "Mon 13:00-14:00 Budget review [Tentative]",
            "Tue 08:00-09:30 Quarterly planning [Busy]",
            "Tue 09:00-09:15 Team stand-up [Busy]",
            "Wed 08:00-08:30 Transatlantic sync [Busy]",
            "Wed 10:00-10:15 Team stand-up [Busy]",
            "Wed 12:00-13:00 Doctor [OutOfOffice, private]",
            "Wed 14:00-15:00 Vendor demo [Tentative]",
            "Thu all day Customer site visit [WorkingElsewhere]",
            "Thu 08:00-09:00 Webinar: Exchange roadmap [Tentative]",
            "Thu 09:00-09:15 Team stand-up [Busy]",
            "Fri 12:00-13:00 Lunch with Pat Partner [Free]")]
        [InlineData("alice@contoso.com", "Team Events",
            "Wed 15:00-16:00 Holiday party planning [Busy]",
            "Thu 17:00-20:00 Holiday party [Busy]",
            "Fri all day Release freeze [Free]")]
        [InlineData("bob@contoso.com", null,
            "Mon 09:00-09:15 Team stand-up [Busy]",
            "Mon 13:00-14:00 Budget review [Busy]",
            "Tue 08:00-09:30 Quarterly planning [Busy]",
            "Tue 09:00-09:15 Team stand-up [Busy]",
            "Tue 15:00-16:00 Dentist [Busy, private]",
            "Wed 08:00-08:30 Transatlantic sync [Busy]",
            "Wed 10:00-10:15 Team stand-up [Busy]",
            "Wed 14:00-15:00 Vendor demo [Busy]",
            "Thu 09:00-09:15 Team stand-up [Busy]",
            "Thu 10:00-11:00 Interview: support engineer [Tentative]",
            "Fri all day Day off [OutOfOffice]")]
        [InlineData("carol@contoso.com", null,
            "Mon 09:00-09:30 UK team huddle [Busy]",
            "Mon 15:00-15:30 Budget alignment EMEA [Busy]",
            "Tue all day Manchester office [WorkingElsewhere]",
            "Tue 16:00-17:30 Quarterly planning [Busy]",
            "Wed 16:00-16:30 Transatlantic sync [Busy]",
            "Thu 08:00-09:00 Physio [Busy, private]",
            "Thu 09:00-09:30 UK team huddle [Busy]",
            "Fri 14:00-15:00 Interview panel [Tentative]")]
        [InlineData("hans@contoso.com", null,
            "Mon 10:00-11:00 Abteilungsrunde [Busy]",
            "Mon 16:00-16:30 Budget alignment EMEA [Busy]",
            "Tue all day Messe Frankfurt [WorkingElsewhere]",
            "Tue 17:00-18:30 Quarterly planning [Tentative]",
            "Wed 12:00-13:00 Arzttermin [Busy, private]",
            "Wed 17:00-17:30 Transatlantic sync [Busy]",
            "Thu-Fri all day Urlaub [OutOfOffice]")]
        [InlineData("hans@contoso.com", "Projekte",
            "Mon 13:00-15:00 Projekt Phönix: Auftakt [Busy]",
            "Wed 10:00-11:30 Projekt Phönix: Zwischenstand [Tentative]")]
        [InlineData("marie@contoso.com", null,
            "Mon 10:00-11:00 Abteilungsrunde [Busy]",
            "Mon 16:00-16:30 Budget alignment EMEA [Busy]",
            "Tue 09:30-10:30 Point hebdo équipe [Busy]",
            "Wed all day Télétravail [WorkingElsewhere]",
            "Wed 17:00-17:30 Transatlantic sync [Tentative]",
            "Thu 12:00-14:00 Déjeuner client [Busy]",
            "Fri 09:00-12:00 Formation sécurité [Tentative]",
            "Fri 16:00-17:00 Rendez-vous personnel [Busy, private]")]
        [InlineData("boardroom@contoso.com", null,
            "Mon 13:00-14:00 Bob Berg [Busy]",
            "Tue 08:00-09:30 Alice Anders [Busy]",
            "Wed 14:00-15:00 Bob Berg [Busy]")]
        public void Each_calendar_holds_the_week_the_readme_describes(string address, string? calendar, params string[] expected)
        {
            var org = SandboxOrganization.Create();
            Assert.Equal(expected, Week(org, address, calendar, SandboxOrganization.SeedWeek));
        }

        [Fact]
        public void A_meeting_is_one_uid_in_every_calendar_with_the_attendees_responses()
        {
            var org = SandboxOrganization.Create();
            var copies = new[] { "alice", "bob", "carol", "hans", "boardroom" }
                .Select(m => (Mailbox: m, Item: Items(org, m + "@contoso.com", null).Single(o => o.Item.Uid == PlanningUid(org)).Item))
                .ToList();
            Assert.All(copies, c => Assert.Equal("alice@contoso.com", c.Item.Organizer));
            Assert.All(copies, c => Assert.Equal(
                new[] { "bob=Accepted", "carol=Accepted", "hans=Tentative", "marie=Declined", "boardroom=Accepted" },
                c.Item.Attendees.Select(a => a.Address.Split('@')[0] + "=" + a.Response)));
            Assert.DoesNotContain(Items(org, "marie@contoso.com", null), o => o.Item.Uid == PlanningUid(org)); // declined
            Assert.Equal(EventAttendeeType.Resource, copies[0].Item.Attendees.Single(a => a.Address == "boardroom@contoso.com").Type);

            // The series copies carry the organizer's exceptions and cancellations.
            var bobStandups = Items(org, "bob@contoso.com", null).Where(o => o.Item.Subject == "Team stand-up").ToList();
            Assert.Equal(4, bobStandups.Count);
            Assert.Single(bobStandups, o => o.Kind == EventKind.Exception);
        }

        [Fact]
        public void The_transatlantic_sync_keeps_17_00_in_Berlin_across_both_daylight_saving_changes()
        {
            var org = SandboxOrganization.Create();
            string At(string address, DateTime monday) =>
                Week(org, address, null, monday).Single(s => s.Contains("Transatlantic sync", StringComparison.Ordinal)).Substring(0, 15);

            // Before 2027-03-14 (US), between the changes, after 2027-03-28 (Europe).
            Assert.Equal("Wed 17:00-17:30", At("hans@contoso.com", new DateTime(2027, 3, 8)));
            Assert.Equal("Wed 17:00-17:30", At("hans@contoso.com", new DateTime(2027, 3, 15)));
            Assert.Equal("Wed 17:00-17:30", At("hans@contoso.com", new DateTime(2027, 3, 29)));
            Assert.Equal("Wed 08:00-08:30", At("alice@contoso.com", new DateTime(2027, 3, 8)));
            Assert.Equal("Wed 09:00-09:30", At("alice@contoso.com", new DateTime(2027, 3, 15)));
            Assert.Equal("Wed 08:00-08:30", At("alice@contoso.com", new DateTime(2027, 3, 29)));
            Assert.Equal("Wed 16:00-16:30", At("carol@contoso.com", new DateTime(2027, 3, 15)));
            Assert.Equal("Wed 16:00-16:30", At("carol@contoso.com", new DateTime(2027, 3, 29)));

            // Twenty slots from 2026-12-09, the 30 December one cancelled: the last is 2027-04-21.
            var hans = org.FindMailbox("hans@contoso.com")!;
            var all = org.ExpandWindow(hans.Calendar, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 12, 1, 0, 0, 0, DateTimeKind.Utc))
                .Where(o => o.Item.Subject == "Transatlantic sync").ToList();
            Assert.Equal(19, all.Count);
            Assert.Equal(new DateTime(2027, 4, 21, 15, 0, 0, DateTimeKind.Utc), all.Last().StartUtc);
            Assert.DoesNotContain(all, o => o.StartUtc.Date == new DateTime(2026, 12, 30));
        }

        [Fact]
        public void Events_keep_the_zone_they_were_made_in_and_all_day_events_block_the_owners_local_day()
        {
            var org = SandboxOrganization.Create();
            var alice = Items(org, "alice@contoso.com", null);
            Assert.Equal("Eastern Standard Time", alice.Single(o => o.Item.Subject == "Webinar: Exchange roadmap").Item.TimeZone);
            Assert.Equal("W. Europe Standard Time", alice.First(o => o.Item.Subject == "Transatlantic sync").Item.TimeZone);
            Assert.Equal("GMT Standard Time", Items(org, "hans@contoso.com", null).Single(o => o.Item.Subject == "Budget alignment EMEA").Item.TimeZone);

            var urlaub = Items(org, "hans@contoso.com", null).Single(o => o.Item.Subject == "Urlaub");
            Assert.Equal(new DateTime(2026, 12, 9, 23, 0, 0, DateTimeKind.Utc), urlaub.StartUtc); // Thursday 00:00 in Berlin
            Assert.Equal(new DateTime(2026, 12, 11, 23, 0, 0, DateTimeKind.Utc), urlaub.EndUtc);
            var visit = alice.Single(o => o.Item.Subject == "Customer site visit");
            Assert.Equal(new DateTime(2026, 12, 10, 8, 0, 0, DateTimeKind.Utc), visit.StartUtc); // Thursday 00:00 in California
        }

        private static string PlanningUid(SandboxOrganization org) =>
            Items(org, "alice@contoso.com", null).Single(o => o.Item.Subject == "Quarterly planning").Item.Uid;

        private static System.Collections.Generic.IReadOnlyList<SandboxOccurrence> Items(SandboxOrganization org, string address, string? calendar, DateTime? monday = null)
        {
            var mailbox = org.FindMailbox(address)!;
            var folder = calendar is null ? mailbox.Calendar : mailbox.Folders.Single(f => f.DisplayName == calendar);
            var zone = RecurrenceExpander.Zone(mailbox.Settings.TimeZone);
            var start = monday ?? SandboxOrganization.SeedWeek;
            return org.ExpandWindow(folder, RecurrenceExpander.ToUtc(start, zone), RecurrenceExpander.ToUtc(start.AddDays(5), zone));
        }

        /// <summary>Monday to Friday of the week of <paramref name="monday"/>, one line per item, in the mailbox's own zone.</summary>
        private static string[] Week(SandboxOrganization org, string address, string? calendar, DateTime monday)
        {
            var zone = RecurrenceExpander.Zone(org.FindMailbox(address)!.Settings.TimeZone);
            return Items(org, address, calendar, monday).Select(o =>
            {
                var start = RecurrenceExpander.ToLocal(o.StartUtc, zone);
                var end = RecurrenceExpander.ToLocal(o.EndUtc, zone);
                var when = o.Item.IsAllDay
                    ? (end.AddDays(-1).Date == start.Date ? Day(start) : Day(start) + "-" + Day(end.AddDays(-1))) + " all day"
                    : Day(start) + " " + start.ToString("HH:mm", CultureInfo.InvariantCulture) + "-" + end.ToString("HH:mm", CultureInfo.InvariantCulture);
                return when + " " + o.Item.Subject + " [" + o.Item.ShowAs + (o.Item.IsPrivate ? ", private" : string.Empty) + "]";
            }).ToArray();
        }

        private static string Day(DateTime d) => d.ToString("ddd", CultureInfo.InvariantCulture);
    }
}
