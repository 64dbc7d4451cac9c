using System;
using System.Collections.Generic;
using CalendarSharing.Sandbox.Events;

namespace CalendarSharing.Sandbox
{
    // The seeded week (Monday 2026-12-07 to Friday 2026-12-11), the same every time, in each mailbox's own zone.
    public sealed partial class SandboxOrganization
    {
        /// <summary>Monday of the seeded week.</summary>
        internal static readonly DateTime SeedWeek = new DateTime(2026, 12, 7);

        private void SeedEvents()
        {
            var alice = mailboxes["alice@contoso.com"];
            var pacific = "Pacific Standard Time";

            // A daily stand-up, Monday to Friday, with Wednesday's moved and Friday's cancelled.
            var standup = CreateEvent(alice.Calendar, Local(pacific, SeedWeek.AddHours(9), TimeSpan.FromMinutes(15), e =>
            {
                e.Subject = "Team stand-up";
                e.Location = "Teams";
                e.Attendees.Add(new EventAttendee("bob@contoso.com") { Name = "Bob Berg" });
                e.Recurrence = new EventRecurrence
                {
                    Pattern = RecurrencePatternKind.Weekly,
                    DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
                    FirstDayOfWeek = DayOfWeek.Sunday,
                    RangeType = RecurrenceRangeKind.NoEnd,
                    StartDate = SeedWeek.AddDays(-28),
                    TimeZone = pacific,
                };
                e.StartUtc = RecurrenceExpander.ToUtc(SeedWeek.AddDays(-28).AddHours(9), RecurrenceExpander.Zone(pacific));
                e.EndUtc = e.StartUtc.AddMinutes(15);
            }));
            var zone = RecurrenceExpander.Zone(pacific);
            var wednesday = RecurrenceExpander.ToUtc(SeedWeek.AddDays(2).AddHours(9), zone);
            UpdateEvent(alice.Calendar, EventIds.OccurrenceId(standup.Id, wednesday), null, e =>
            {
                e.StartUtc = wednesday.AddHours(1);
                e.EndUtc = e.StartUtc.AddMinutes(15);
            });
            DeleteEvent(alice.Calendar, EventIds.OccurrenceId(standup.Id, RecurrenceExpander.ToUtc(SeedWeek.AddDays(4).AddHours(9), zone)));

            CreateEvent(alice.Calendar, Local(pacific, SeedWeek.AddDays(1).AddHours(13), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Quarterly planning";
                e.Location = "Boardroom";
                e.Attendees.Add(new EventAttendee("carol@contoso.com"));
                e.Attendees.Add(new EventAttendee("boardroom@contoso.com", EventAttendeeType.Resource));
            }));
            CreateEvent(alice.Calendar, Local(pacific, SeedWeek.AddDays(2).AddHours(12), TimeSpan.FromHours(1), e =>
            {
                e.Subject = "Doctor";
                e.Sensitivity = EventSensitivity.Private;
                e.ShowAs = EventShowAs.OutOfOffice;
            }));
            CreateEvent(alice.Calendar, Local(pacific, SeedWeek.AddDays(3), TimeSpan.FromDays(1), e =>
            {
                e.Subject = "Customer site visit";
                e.IsAllDay = true;
                e.ShowAs = EventShowAs.WorkingElsewhere;
            }));
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
