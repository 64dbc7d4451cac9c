using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    // The seeded week (Monday 2026-12-07 to Friday 2026-12-11), the same every time, each mailbox in its own zone:
    // alice, bob and the boardroom on Pacific time, carol in London, hans in Berlin, marie in Paris. README.md
    // ("The seeded week") describes it for the docs; EventStoreTests and SeedWeekTests hold it to that description.
    public sealed partial class SandboxOrganization
    {
        /// <summary>Monday of the seeded week.</summary>
        internal static readonly DateTime SeedWeek = new DateTime(2026, 12, 7);

        private const string Pacific = "Pacific Standard Time";
        private const string London = "GMT Standard Time";
        private const string Berlin = "W. Europe Standard Time";
        private const string Paris = "Romance Standard Time";

        private static readonly DayOfWeek[] Weekdays = { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };

        private int seedUids;

        /// <summary>hans's secondary calendar (German name, as a German Outlook user would make it).</summary>
        internal const string HansProjectsCalendar = "Projekte";

        private void SeedEvents()
        {
            var alice = mailboxes["alice@contoso.com"];
            var bob = mailboxes["bob@contoso.com"];
            var carol = mailboxes["carol@contoso.com"];
            var hans = mailboxes["hans@contoso.com"];
            var marie = mailboxes["marie@contoso.com"];
            var monday = SeedWeek;
            var tuesday = SeedWeek.AddDays(1);
            var wednesday = SeedWeek.AddDays(2);
            var thursday = SeedWeek.AddDays(3);
            var friday = SeedWeek.AddDays(4);

            // alice: the team's daily stand-up (weekdays 09:00, since 2026-11-09), Wednesday's moved to 10:00, Friday's cancelled.
            var standup = Meeting(alice.Calendar, Local(Pacific, SeedWeek.AddDays(-28).AddHours(9), TimeSpan.FromMinutes(15), e =>
            {
                e.Subject = "Team stand-up";
                e.Location = "Teams";
                e.ReminderMinutes = 5;
                e.Recurrence = Weekly(Pacific, SeedWeek.AddDays(-28), DayOfWeek.Sunday, Weekdays);
            }), ("bob@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required));
            MoveOccurrence(alice.Calendar, standup, wednesday.AddHours(9), TimeSpan.FromHours(1));
            CancelOccurrence(alice.Calendar, standup, friday.AddHours(9));
            DeliverMeeting(alice.Calendar, standup.Id);

            var planning = Meeting(alice.Calendar, Local(Pacific, tuesday.AddHours(8), TimeSpan.FromMinutes(90), e =>
            {
                e.Subject = "Quarterly planning";
                e.Location = "Boardroom";
                e.Body = "Agenda: Q1 goals, hiring, budget.";
                e.ReminderMinutes = 15;
                e.Categories.Add("Planning");
            }),
                ("bob@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required),
                ("carol@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required),
                ("hans@contoso.com", AttendeeResponse.Tentative, EventAttendeeType.Optional),
                ("marie@contoso.com", AttendeeResponse.Declined, EventAttendeeType.Optional),
                ("boardroom@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Resource));
            DeliverMeeting(alice.Calendar, planning.Id);

            CreateEvent(alice.Calendar, Local(Pacific, wednesday.AddHours(12), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Doctor";
                e.Sensitivity = EventSensitivity.Private;
                e.ShowAs = EventShowAs.OutOfOffice;
                e.Uid = SeedUid();
            }));
            CreateEvent(alice.Calendar, AllDay(Pacific, thursday, 1, e =>
            {
                e.Subject = "Customer site visit";
                e.Location = "Fabrikam, Redmond";
                e.ShowAs = EventShowAs.WorkingElsewhere;
            }));
            // Made in another zone, named by its IANA id: stored (and written back) as "Eastern Standard Time".
            CreateEvent(alice.Calendar, Local("America/New_York", thursday.AddHours(11), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Webinar: Exchange roadmap";
                e.Location = "https://events.contoso.com/roadmap";
                e.ShowAs = EventShowAs.Tentative;
                e.Uid = SeedUid();
            }));
            CreateEvent(alice.Calendar, Local(Pacific, friday.AddHours(12), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Lunch with Pat Partner";
                e.Location = "Café Vita";
                e.ShowAs = EventShowAs.Free;
                e.Uid = SeedUid();
            }));

            // bob: organizes a budget review and a vendor demo in the boardroom; a private appointment; Friday off.
            var budget = Meeting(bob.Calendar, Local(Pacific, monday.AddHours(13), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Budget review";
                e.Location = "Boardroom";
                e.ReminderMinutes = 15;
            }),
                ("alice@contoso.com", AttendeeResponse.Tentative, EventAttendeeType.Required),
                ("boardroom@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Resource));
            DeliverMeeting(bob.Calendar, budget.Id);
            var demo = Meeting(bob.Calendar, Local(Pacific, wednesday.AddHours(14), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Vendor demo";
                e.Location = "Boardroom";
            }),
                ("alice@contoso.com", AttendeeResponse.NotResponded, EventAttendeeType.Optional),
                ("boardroom@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Resource));
            DeliverMeeting(bob.Calendar, demo.Id);
            CreateEvent(bob.Calendar, Local(Pacific, tuesday.AddHours(15), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Dentist";
                e.Sensitivity = EventSensitivity.Private;
                e.Uid = SeedUid();
            }));
            CreateEvent(bob.Calendar, Local(Pacific, thursday.AddHours(10), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Interview: support engineer";
                e.ShowAs = EventShowAs.Tentative;
                e.Uid = SeedUid();
            }));
            CreateEvent(bob.Calendar, AllDay(Pacific, friday, 1, e =>
            {
                e.Subject = "Day off";
                e.ShowAs = EventShowAs.OutOfOffice;
            }));

            // carol (London): a Mon/Wed/Fri huddle with Wednesday's cancelled and Friday's moved to Thursday; a budget
            // alignment with hans and marie made in London time; a day in Manchester; a private appointment.
            var huddle = CreateEvent(carol.Calendar, Local(London, new DateTime(2026, 11, 2, 9, 0, 0), TimeSpan.FromMinutes(30), e =>
            {
                e.Subject = "UK team huddle";
                e.Location = "London office, 4th floor";
                e.Recurrence = Weekly(London, new DateTime(2026, 11, 2), DayOfWeek.Monday, DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday);
                e.Recurrence.RangeType = RecurrenceRangeKind.EndDate;
                e.Recurrence.EndDate = new DateTime(2027, 6, 30);
                e.Uid = SeedUid();
            }));
            CancelOccurrence(carol.Calendar, huddle, wednesday.AddHours(9));
            MoveOccurrence(carol.Calendar, huddle, friday.AddHours(9), TimeSpan.FromDays(-1));
            var alignment = Meeting(carol.Calendar, Local(London, monday.AddHours(15), TimeSpan.FromMinutes(30), e =>
            {
                e.Subject = "Budget alignment EMEA";
                e.Location = "Teams";
            }),
                ("hans@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required),
                ("marie@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required));
            DeliverMeeting(carol.Calendar, alignment.Id);
            CreateEvent(carol.Calendar, AllDay(London, tuesday, 1, e =>
            {
                e.Subject = "Manchester office";
                e.Location = "Manchester";
                e.ShowAs = EventShowAs.WorkingElsewhere;
            }));
            CreateEvent(carol.Calendar, Local(London, thursday.AddHours(8), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Physio";
                e.Sensitivity = EventSensitivity.Private;
                e.Uid = SeedUid();
            }));
            CreateEvent(carol.Calendar, Local(London, friday.AddHours(14), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Interview panel";
                e.ShowAs = EventShowAs.Tentative;
                e.Uid = SeedUid();
            }));

            // hans (Berlin): the monthly department round (first Monday), the weekly transatlantic sync that crosses both
            // 2027 daylight-saving changes, a trade fair, a private appointment, two days of holiday, and a project
            // calendar of his own.
            var round = Meeting(hans.Calendar, Local(Berlin, new DateTime(2026, 10, 5, 10, 0, 0), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Abteilungsrunde";
                e.Location = "Raum 2.01";
                e.Recurrence = new EventRecurrence
                {
                    Pattern = RecurrencePatternKind.RelativeMonthly,
                    DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday },
                    Index = RecurrenceWeekIndex.First,
                    RangeType = RecurrenceRangeKind.NoEnd,
                    StartDate = new DateTime(2026, 10, 5),
                    TimeZone = Berlin,
                };
            }), ("marie@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required));
            DeliverMeeting(hans.Calendar, round.Id);

            var sync = Meeting(hans.Calendar, Local(Berlin, wednesday.AddHours(17), TimeSpan.FromMinutes(30), e =>
            {
                e.Subject = "Transatlantic sync";
                e.Location = "Teams";
                e.ReminderMinutes = 10;
                e.Recurrence = Weekly(Berlin, wednesday, DayOfWeek.Monday, DayOfWeek.Wednesday);
                e.Recurrence.RangeType = RecurrenceRangeKind.Numbered;
                e.Recurrence.NumberOfOccurrences = 20;
            }),
                ("alice@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required),
                ("bob@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required),
                ("carol@contoso.com", AttendeeResponse.Accepted, EventAttendeeType.Required),
                ("marie@contoso.com", AttendeeResponse.Tentative, EventAttendeeType.Optional));
            CancelOccurrence(hans.Calendar, sync, new DateTime(2026, 12, 30, 17, 0, 0));
            DeliverMeeting(hans.Calendar, sync.Id);

            CreateEvent(hans.Calendar, AllDay(Berlin, tuesday, 1, e =>
            {
                e.Subject = "Messe Frankfurt";
                e.Location = "Frankfurt am Main";
                e.ShowAs = EventShowAs.WorkingElsewhere;
            }));
            CreateEvent(hans.Calendar, Local(Berlin, wednesday.AddHours(12), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Arzttermin";
                e.Sensitivity = EventSensitivity.Private;
                e.Uid = SeedUid();
            }));
            CreateEvent(hans.Calendar, AllDay(Berlin, thursday, 2, e =>
            {
                e.Subject = "Urlaub";
                e.ShowAs = EventShowAs.OutOfOffice;
            }));
            var projects = hans.AddCalendar("calendar/projekte", HansProjectsCalendar, hans.Calendar);
            CreateEvent(projects, Local(Berlin, monday.AddHours(13), TimeSpan.FromHours(2), e =>
            {
                e.Subject = "Projekt Phönix: Auftakt";
                e.Location = "Raum 3.14";
                e.Uid = SeedUid();
            }));
            CreateEvent(projects, Local(Berlin, wednesday.AddHours(10), TimeSpan.FromMinutes(90), e =>
            {
                e.Subject = "Projekt Phönix: Zwischenstand";
                e.ShowAs = EventShowAs.Tentative;
                e.Uid = SeedUid();
            }));

            // marie (Paris): a fortnightly team meeting, a day working from home, a client lunch, a training, a private appointment.
            CreateEvent(marie.Calendar, Local(Paris, new DateTime(2026, 10, 13, 9, 30, 0), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Point hebdo équipe";
                e.Location = "Salle Rivoli";
                e.Recurrence = Weekly(Paris, new DateTime(2026, 10, 13), DayOfWeek.Monday, DayOfWeek.Tuesday);
                e.Recurrence.Interval = 2;
                e.Uid = SeedUid();
            }));
            CreateEvent(marie.Calendar, AllDay(Paris, wednesday, 1, e =>
            {
                e.Subject = "Télétravail";
                e.ShowAs = EventShowAs.WorkingElsewhere;
            }));
            CreateEvent(marie.Calendar, Local(Paris, thursday.AddHours(12), TimeSpan.FromHours(2), e =>
            {
                e.Subject = "Déjeuner client";
                e.Location = "Le Procope";
                e.Uid = SeedUid();
            }));
            CreateEvent(marie.Calendar, Local(Paris, friday.AddHours(9), TimeSpan.FromHours(3), e =>
            {
                e.Subject = "Formation sécurité";
                e.ShowAs = EventShowAs.Tentative;
                e.Uid = SeedUid();
            }));
            CreateEvent(marie.Calendar, Local(Paris, friday.AddHours(16), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Rendez-vous personnel";
                e.Sensitivity = EventSensitivity.Private;
                e.Uid = SeedUid();
            }));

            // alice's "Team Events" (secondary, shared with bob as Editor): not part of her free/busy.
            var teamEvents = alice.Calendar.Children.First(f => f.Key == "calendar/team-events");
            CreateEvent(teamEvents, Local(Pacific, wednesday.AddHours(15), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Holiday party planning";
                e.Location = "Teams";
                e.Uid = SeedUid();
            }));
            CreateEvent(teamEvents, Local(Pacific, thursday.AddHours(17), TimeSpan.FromHours(3), e =>
            {
                e.Subject = "Holiday party";
                e.Location = "Rooftop terrace";
                e.Uid = SeedUid();
            }));
            CreateEvent(teamEvents, AllDay(Pacific, friday, 1, e =>
            {
                e.Subject = "Release freeze";
                e.ShowAs = EventShowAs.Free;
            }));

            SeedGeneratedEvents();
        }

        /// <summary>
        /// Three plain events per generated mailbox over the seeded week and the next (Pacific time), spread by the
        /// mailbox number, written straight into each store under one lock: cheap enough for thousands of mailboxes.
        /// </summary>
        private void SeedGeneratedEvents()
        {
            if (Options.GeneratedMailboxes == 0)
            {
                return;
            }

            var zone = RecurrenceExpander.Zone(Pacific);
            var now = UtcNow;
            for (var i = 1; i <= Options.GeneratedMailboxes; i++)
            {
                var number = i.ToString("D4", CultureInfo.InvariantCulture);
                var mailbox = mailboxes["user" + number + "@contoso.com"];
                var address = mailbox.Address;
                var focus = SeedWeek.AddDays(i % 5).AddHours(9 + (i % 4));
                var call = SeedWeek.AddDays((i + 2) % 5).AddHours(13);
                var planning = SeedWeek.AddDays(7 + (i % 5)).AddHours(10);
                var drafts = new List<SandboxEvent>
                {
                    Generated(zone, focus, TimeSpan.FromHours(2), "Focus time", EventShowAs.Busy, address, i, 1),
                    Generated(zone, call, TimeSpan.FromHours(1), "Customer call", i % 3 == 0 ? EventShowAs.Tentative : EventShowAs.Busy, address, i, 2),
                    Generated(zone, planning, TimeSpan.FromHours(1), "Sprint planning", EventShowAs.Busy, address, i, 3),
                };
                mailbox.Calendar.Items.AddRange(drafts, now, n => EventIds.NewEventId(address, "calendar", n));
            }
        }

        private static SandboxEvent Generated(TimeZoneInfo zone, DateTime local, TimeSpan duration, string subject, EventShowAs showAs, string organizer, int mailbox, int n) =>
            new SandboxEvent
            {
                Subject = subject,
                TimeZone = Pacific,
                StartUtc = RecurrenceExpander.ToUtc(local, zone),
                EndUtc = RecurrenceExpander.ToUtc(local + duration, zone),
                ShowAs = showAs,
                Organizer = organizer,
                Uid = "040000008200E00074C5B7101A82E008" + mailbox.ToString("X24", CultureInfo.InvariantCulture) + n.ToString("X8", CultureInfo.InvariantCulture),
            };

        /// <summary>A meeting in the organizer's calendar with its attendees' responses (copies follow with DeliverMeeting).</summary>
        private SandboxEvent Meeting(SandboxFolder organizer, SandboxEvent draft, params (string Address, AttendeeResponse Response, EventAttendeeType Type)[] attendees)
        {
            draft.Uid = SeedUid();
            draft.Organizer = organizer.Mailbox.Address;
            foreach (var (address, response, type) in attendees)
            {
                draft.Attendees.Add(new EventAttendee(address, type) { Name = Directory.FindByAddress(address)?.DisplayName, Response = response });
            }

            return CreateEvent(organizer, draft);
        }

        /// <summary>Moves the occurrence that starts at <paramref name="originalLocal"/> (the series' zone) by <paramref name="by"/>.</summary>
        private void MoveOccurrence(SandboxFolder folder, SandboxEvent master, DateTime originalLocal, TimeSpan by)
        {
            var zone = RecurrenceExpander.ZoneOf(master);
            var original = RecurrenceExpander.ToUtc(originalLocal, zone);
            var length = RecurrenceExpander.SlotAt(master, original)!.Value;
            var write = UpdateEvent(folder, EventIds.OccurrenceId(master.Id, original), null, e =>
            {
                e.StartUtc = RecurrenceExpander.ToUtc(originalLocal + by, zone);
                e.EndUtc = e.StartUtc + (length.EndUtc - length.StartUtc);
            });
            if (write.Outcome != StoreWriteOutcome.Written)
            {
                throw new InvalidOperationException("Seed: moving " + master.Subject + " " + originalLocal.ToString("s", CultureInfo.InvariantCulture) + " gave " + write.Outcome + " " + write.Problem);
            }
        }

        private void CancelOccurrence(SandboxFolder folder, SandboxEvent master, DateTime originalLocal)
        {
            var original = RecurrenceExpander.ToUtc(originalLocal, RecurrenceExpander.ZoneOf(master));
            if (!DeleteEvent(folder, EventIds.OccurrenceId(master.Id, original)))
            {
                throw new InvalidOperationException("Seed: no occurrence of " + master.Subject + " at " + originalLocal.ToString("s", CultureInfo.InvariantCulture));
            }
        }

        private static EventRecurrence Weekly(string timeZone, DateTime startDate, DayOfWeek firstDayOfWeek, params DayOfWeek[] days) => new EventRecurrence
        {
            Pattern = RecurrencePatternKind.Weekly,
            DaysOfWeek = days.ToList(),
            FirstDayOfWeek = firstDayOfWeek,
            RangeType = RecurrenceRangeKind.NoEnd,
            StartDate = startDate,
            TimeZone = timeZone,
        };

        private string SeedUid() => "040000008200E00074C5B7101A82E008" + (++seedUids).ToString("X32", CultureInfo.InvariantCulture);

        private SandboxEvent AllDay(string timeZone, DateTime date, int days, Action<SandboxEvent> configure)
        {
            var e = Local(timeZone, date.Date, TimeSpan.FromDays(days), configure);
            e.IsAllDay = true;
            if (string.IsNullOrEmpty(e.Uid))
            {
                e.Uid = SeedUid();
            }

            return e;
        }

        private static SandboxEvent Local(string timeZone, DateTime localStart, TimeSpan duration, Action<SandboxEvent> configure)
        {
            var zone = RecurrenceExpander.Zone(timeZone);
            var e = new SandboxEvent
            {
                TimeZone = timeZone,
                StartUtc = RecurrenceExpander.ToUtc(localStart, zone),
                EndUtc = RecurrenceExpander.ToUtc(localStart + duration, zone),
            };
            configure(e);
            return e;
        }
    }
}
