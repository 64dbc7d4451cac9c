using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Ews
{
    /// <summary>
    /// Our EWS events and availability backend against the strict sandbox: every request and response is checked against
    /// the official XSDs (a violation fails the test), round trips go through the real client and wire.
    /// </summary>
    public class EventsEwsTests
    {
        private const string User = "user0001@contoso.com";
        private static readonly CancellationToken None = CancellationToken.None;

        private static async Task<SandboxSession> Start(int generated = 1) =>
            await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = generated });

        private static DateTimeOffset Berlin(int year, int month, int day, int hour, int minute = 0)
        {
            var zone = TimeZoneNames.Find("W. Europe Standard Time");
            var local = new DateTime(year, month, day, hour, minute, 0);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        private static EventDraft Meeting(string subject, DateTimeOffset start, TimeSpan duration) => new EventDraft
        {
            Subject = subject,
            Start = start,
            End = start + duration,
            TimeZone = "Europe/Berlin",
            ShowAs = EventShowAs.Busy,
        };

        [Fact]
        public async Task Create_read_update_delete_round_trip_keeps_the_events_own_zone_and_sends_no_mail()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var calendar = CalendarAddress.Default(User);
            var draft = Meeting("Workshop", Berlin(2027, 1, 12, 9), TimeSpan.FromHours(2));
            draft.Location = "Room 4";
            draft.Body = "Agenda: everything";
            draft.Sensitivity = EventSensitivity.Private;
            draft.Categories = new List<string> { "Blue", "Training" };
            draft.Attendees = new List<EventAttendee>
            {
                new EventAttendee("bob@contoso.com"),
                new EventAttendee("carol@contoso.com", EventAttendeeType.Optional),
                new EventAttendee("boardroom@contoso.com", EventAttendeeType.Resource),
            };
            draft.Properties = new Dictionary<string, string> { ["CalendarSharing.SyncSource"] = "graph:AAMk1" };

            var created = await events.CreateEventAsync(calendar, draft, None);

            Assert.Equal("Workshop", created.Subject);
            Assert.Equal("W. Europe Standard Time", created.TimeZone);
            Assert.Equal(TimeSpan.FromHours(1), created.Start.Offset);
            Assert.Equal(new DateTime(2027, 1, 12, 9, 0, 0), created.Start.DateTime);
            Assert.Equal(TimeSpan.FromHours(2), created.Duration);
            Assert.Equal("Room 4", created.Location);
            Assert.Equal(EventSensitivity.Private, created.Sensitivity);
            Assert.Equal(new[] { "Blue", "Training" }, created.Categories);
            Assert.Equal(new[] { "bob@contoso.com:Required", "carol@contoso.com:Optional", "boardroom@contoso.com:Resource" }, created.Attendees.Select(a => a.Address + ":" + a.Type));
            Assert.Equal("graph:AAMk1", created.Properties["CalendarSharing.SyncSource"]);
            Assert.Equal(EventKind.SingleInstance, created.Kind);
            Assert.Equal("Agenda: everything", created.BodyPreview);
            Assert.False(string.IsNullOrEmpty(created.ICalUId));
            Assert.Equal(0, session.Org.MeetingMessagesSent);

            var window = await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 1, 11, 0), Berlin(2027, 1, 18, 0)) { Properties = new[] { "CalendarSharing.SyncSource" } }, None);
            var read = Assert.Single(window.Events);
            Assert.False(window.IsTruncated);
            Assert.Equal(created.Id, read.Id);
            Assert.Equal(created.Start, read.Start);
            Assert.Equal("graph:AAMk1", read.Properties["CalendarSharing.SyncSource"]);

            var updated = await events.UpdateEventAsync(calendar, created.Id, created.Version, new EventDraft { Subject = "Workshop (moved)", Start = Berlin(2027, 1, 12, 13), End = Berlin(2027, 1, 12, 15), ShowAs = EventShowAs.Tentative }, None);
            Assert.Equal("Workshop (moved)", updated.Subject);
            Assert.Equal(new DateTime(2027, 1, 12, 13, 0, 0), updated.Start.DateTime);
            Assert.Equal(EventShowAs.Tentative, updated.ShowAs);
            Assert.NotEqual(created.Version, updated.Version);
            Assert.Equal("Room 4", updated.Location);

            // The version read before the update is stale now: a Conflict, and nothing written.
            var stale = await Assert.ThrowsAsync<BackendException>(() => events.UpdateEventAsync(calendar, created.Id, created.Version, new EventDraft { Subject = "Lost" }, None));
            Assert.Equal(BackendErrorCode.Conflict, stale.Error.Code);
            Assert.Equal("Workshop (moved)", (await events.GetEventAsync(calendar, created.Id, null, None))!.Subject);

            Assert.True(await events.DeleteEventAsync(calendar, created.Id, None));
            Assert.False(await events.DeleteEventAsync(calendar, created.Id, None));
            Assert.Null(await events.GetEventAsync(calendar, created.Id, null, None));
            Assert.Equal(0, session.Org.MeetingMessagesSent);
            session.AssertWireValid();
        }

        [Fact]
        public async Task An_Exchange_2007_connection_names_the_zone_with_MeetingTimeZone()
        {
            using var session = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 1 }, o => o.RequestServerVersion = "Exchange2007_SP1");
            var events = session.Backend.EventBackend;
            var created = await events.CreateEventAsync(CalendarAddress.Default(User), Meeting("Old server", Berlin(2027, 1, 12, 9), TimeSpan.FromHours(1)), None);
            Assert.Equal("W. Europe Standard Time", created.TimeZone);
            Assert.Equal(new DateTime(2027, 1, 12, 9, 0, 0), created.Start.DateTime);
            var moved = await events.UpdateEventAsync(CalendarAddress.Default(User), created.Id, null, new EventDraft { Start = Berlin(2027, 1, 12, 10), End = Berlin(2027, 1, 12, 11), TimeZone = "Europe/Paris" }, None);
            Assert.Equal("Romance Standard Time", moved.TimeZone);
            Assert.Equal(new DateTime(2027, 1, 12, 10, 0, 0), moved.Start.DateTime);
            session.AssertWireValid();
        }

        [Fact]
        public async Task An_update_sets_and_clears_each_field_and_stamps_properties()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var calendar = CalendarAddress.Default(User);
            var draft = Meeting("Fields", Berlin(2027, 3, 2, 9), TimeSpan.FromHours(1));
            draft.Categories = new List<string> { "Red" };
            draft.Attendees = new List<EventAttendee> { new EventAttendee("bob@contoso.com"), new EventAttendee("carol@contoso.com", EventAttendeeType.Optional) };
            var created = await events.CreateEventAsync(calendar, draft, None);

            var updated = await events.UpdateEventAsync(calendar, created.Id, null, new EventDraft
            {
                Location = "Room 7",
                Body = "New body",
                Sensitivity = EventSensitivity.Confidential,
                ShowAs = EventShowAs.OutOfOffice,
                Categories = new List<string>(),
                ReminderMinutes = 30,
                Attendees = new List<EventAttendee> { new EventAttendee("hans@contoso.com", EventAttendeeType.Resource) },
                TimeZone = "Asia/Tokyo",
                Properties = new Dictionary<string, string> { ["CalendarSharing.SyncSource"] = "graph:X" },
            }, None);

            Assert.Equal("Fields", updated.Subject);
            Assert.Equal("Room 7", updated.Location);
            Assert.Equal("New body", updated.BodyPreview);
            Assert.Equal(EventSensitivity.Confidential, updated.Sensitivity);
            Assert.True(updated.IsPrivate);
            Assert.Equal(EventShowAs.OutOfOffice, updated.ShowAs);
            Assert.Empty(updated.Categories);
            Assert.Equal(new[] { "hans@contoso.com:Resource" }, updated.Attendees.Select(a => a.Address + ":" + a.Type));
            Assert.Equal("Tokyo Standard Time", updated.TimeZone);
            Assert.Equal(TimeSpan.FromHours(9), updated.Start.Offset);
            Assert.Equal(created.Start, updated.Start);
            Assert.Equal("graph:X", updated.Properties["CalendarSharing.SyncSource"]);
            Assert.Equal(0, session.Org.MeetingMessagesSent);

            var missing = await Assert.ThrowsAsync<BackendException>(() => events.UpdateEventAsync(calendar, created.Id + "x", null, new EventDraft { Subject = "No" }, None));
            Assert.Equal(BackendErrorCode.ItemNotFound, missing.Error.Code);
            var badZone = await Assert.ThrowsAsync<BackendException>(() => events.CreateEventAsync(calendar, new EventDraft { Subject = "Zone", Start = created.Start, End = created.End, TimeZone = "Mars/Olympus" }, None));
            Assert.Equal(BackendErrorCode.InvalidInput, badZone.Error.Code);
            session.AssertWireValid();
        }

        [Fact]
        public async Task Invitations_are_sent_only_when_asked()
        {
            using var session = await Start();
            var draft = Meeting("Invite", Berlin(2027, 1, 13, 10), TimeSpan.FromHours(1));
            draft.Attendees = new List<EventAttendee> { new EventAttendee("bob@contoso.com") };
            draft.SendInvitations = true;
            await session.Backend.EventBackend.CreateEventAsync(CalendarAddress.Default(User), draft, None);
            Assert.Equal(1, session.Org.MeetingMessagesSent);
            session.AssertWireValid();
        }

        [Fact]
        public async Task A_secondary_calendar_is_written_by_name_and_a_missing_one_is_CalendarNotFound()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var team = CalendarAddress.Parse("alice@contoso.com", "team events");
            var created = await events.CreateEventAsync(team, Meeting("Offsite", Berlin(2026, 12, 10, 9), TimeSpan.FromHours(8)), None);
            Assert.Equal(1, session.Org.CountEvents("alice@contoso.com", "Offsite", "Team Events"));
            Assert.Equal(0, session.Org.CountEvents("alice@contoso.com", "Offsite"));
            var window = await events.ReadWindowAsync(new EventWindowQuery(team, Berlin(2026, 12, 10, 0), Berlin(2026, 12, 11, 0)), None);
            Assert.Contains(window.Events, e => e.Id == created.Id && e.Calendar == "team events");

            var missing = await Assert.ThrowsAsync<BackendException>(() => events.ReadWindowAsync(new EventWindowQuery(CalendarAddress.Parse("alice@contoso.com", "Nope"), Berlin(2026, 12, 10, 0), Berlin(2026, 12, 11, 0)), None));
            Assert.Equal(BackendErrorCode.CalendarNotFound, missing.Error.Code);

            // The default calendar in another language is the well-known folder, whatever its name.
            var hans = await events.CreateEventAsync(CalendarAddress.Parse("hans@contoso.com", "Kalender"), Meeting("Termin", Berlin(2026, 12, 10, 9), TimeSpan.FromHours(1)), None);
            Assert.Equal(1, session.Org.CountEvents("hans@contoso.com", "Termin"));
            Assert.NotNull(hans.Id);

            var nobody = await Assert.ThrowsAsync<BackendException>(() => events.ReadWindowAsync(new EventWindowQuery(CalendarAddress.Default("nobody@contoso.com"), Berlin(2026, 12, 10, 0), Berlin(2026, 12, 11, 0)), None));
            Assert.Equal(BackendErrorCode.MailboxNotFound, nobody.Error.Code);
            session.AssertWireValid();
        }

        [Fact]
        public async Task Another_users_calendar_is_read_by_its_permissions_and_private_items_show_times_only()
        {
            using var admin = await Start();
            var alice = CalendarAddress.Default("alice@contoso.com");
            var secret = Meeting("Doctor 2027", Berlin(2027, 2, 3, 9, 35), TimeSpan.FromMinutes(50));
            secret.Sensitivity = EventSensitivity.Private;
            secret.Location = "Clinic";
            await admin.Backend.EventBackend.CreateEventAsync(alice, secret, None);
            await admin.Backend.EventBackend.CreateEventAsync(alice, Meeting("Planning 2027", Berlin(2027, 2, 3, 11), TimeSpan.FromHours(1)), None);
            var window = new EventWindowQuery(alice, Berlin(2027, 2, 3, 0), Berlin(2027, 2, 4, 0));
            admin.Org.ModifyCalendarAcl("alice@contoso.com", levels =>
            {
                levels["carol@contoso.com"] = "Reviewer";
                levels["Default"] = "FreeBusyTimeOnly";
                levels.Remove("bob@contoso.com");
            });

            // carol is Reviewer on alice's calendar: she reads it, private items without their subject.
            using var carol = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = admin.Org.EwsUrl,
                Credential = new System.Net.NetworkCredential("carol@contoso.com", "Sandbox!Carol1"),
                Authentication = EwsAuthentication.Basic,
                Handler = admin.Org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            });
            var read = (await carol.EventBackend.ReadWindowAsync(window, None)).Events;
            Assert.Contains(read, e => e.Subject == "Planning 2027");
            var hidden = read.Single(e => e.Start == Berlin(2027, 2, 3, 9, 35));
            Assert.Null(hidden.Subject);
            Assert.Null(hidden.Location);
            Assert.Equal(EventSensitivity.Private, hidden.Sensitivity);
            var denied = await Assert.ThrowsAsync<BackendException>(() => carol.EventBackend.CreateEventAsync(alice, Meeting("Not mine", Berlin(2027, 2, 3, 15), TimeSpan.FromHours(1)), None));
            Assert.Equal(BackendErrorCode.AccessDenied, denied.Error.Code);

            // bob has the organisation default (free/busy only): no items.
            using var bob = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = admin.Org.EwsUrl,
                Credential = new System.Net.NetworkCredential("bob@contoso.com", "Sandbox!Bob1"),
                Authentication = EwsAuthentication.Basic,
                Handler = admin.Org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            });
            var none = await Assert.ThrowsAsync<BackendException>(() => bob.EventBackend.ReadWindowAsync(window, None));
            Assert.Equal(BackendErrorCode.AccessDenied, none.Error.Code);
            admin.AssertWireValid();
        }

        [Fact]
        public async Task An_all_day_event_keeps_its_local_day()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var calendar = CalendarAddress.Default(User);
            var draft = Meeting("Holiday", Berlin(2026, 12, 24, 0), TimeSpan.FromDays(1));
            draft.IsAllDay = true;
            draft.ShowAs = EventShowAs.OutOfOffice;
            var created = await events.CreateEventAsync(calendar, draft, None);
            Assert.True(created.IsAllDay);
            Assert.Equal(EventShowAs.OutOfOffice, created.ShowAs);
            Assert.Equal(new DateTime(2026, 12, 24), created.Start.DateTime);
            Assert.Equal(new DateTime(2026, 12, 25), created.End.DateTime);

            // Read in another zone, the instants are the same; the event's own zone stays.
            var pacific = await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2026, 12, 24, 0), Berlin(2026, 12, 25, 0)) { TimeZone = "Pacific Standard Time" }, None);
            var read = Assert.Single(pacific.Events);
            Assert.Equal(created.Start, read.Start);
            Assert.Equal(TimeSpan.FromHours(-8), read.Start.Offset);
            Assert.Equal("W. Europe Standard Time", read.TimeZone);
            session.AssertWireValid();
        }

        [Fact]
        public async Task A_series_with_a_moved_and_a_cancelled_occurrence_reads_as_occurrences_and_as_a_master()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var calendar = CalendarAddress.Default(User);
            var draft = Meeting("Stand-up", Berlin(2026, 11, 2, 9), TimeSpan.FromMinutes(15));
            draft.Recurrence = new EventRecurrence
            {
                Pattern = RecurrencePatternKind.Weekly,
                DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
                FirstDayOfWeek = DayOfWeek.Monday,
                RangeType = RecurrenceRangeKind.NoEnd,
                StartDate = new DateTime(2026, 11, 2),
            };
            var master = await events.CreateEventAsync(calendar, draft, None);
            Assert.Equal(EventKind.SeriesMaster, master.Kind);
            Assert.Equal(RecurrencePatternKind.Weekly, master.Recurrence!.Pattern);
            Assert.Equal("W. Europe Standard Time", master.Recurrence.TimeZone);

            var week = new EventWindowQuery(calendar, Berlin(2027, 1, 11, 0), Berlin(2027, 1, 16, 0));
            var before = (await events.ReadWindowAsync(week, None)).Events;
            Assert.Equal(5, before.Count);
            Assert.All(before, o => Assert.Equal(EventKind.Occurrence, o.Kind));
            Assert.All(before, o => Assert.Equal(master.Id, o.SeriesMasterId));
            Assert.All(before, o => Assert.Equal(9, o.Start.Hour));

            var wednesday = before.Single(o => o.Start.DayOfWeek == DayOfWeek.Wednesday);
            var friday = before.Single(o => o.Start.DayOfWeek == DayOfWeek.Friday);
            var moved = await events.UpdateEventAsync(calendar, wednesday.Id, null, new EventDraft { Start = Berlin(2027, 1, 13, 11), End = Berlin(2027, 1, 13, 11, 15), Subject = "Stand-up (late)" }, None);
            Assert.Equal(EventKind.Exception, moved.Kind);
            Assert.Equal(master.Id, moved.SeriesMasterId);
            Assert.True(await events.DeleteEventAsync(calendar, friday.Id, None));

            var after = (await events.ReadWindowAsync(week, None)).Events;
            Assert.Equal(4, after.Count);
            var exception = after.Single(o => o.Kind == EventKind.Exception);
            Assert.Equal("Stand-up (late)", exception.Subject);
            Assert.Equal(11, exception.Start.Hour);
            Assert.Equal(wednesday.Start, exception.OriginalStart);
            Assert.Equal(master.Id, exception.SeriesMasterId);
            Assert.DoesNotContain(after, o => o.Start.DayOfWeek == DayOfWeek.Friday);

            var series = (await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 1, 11, 0), Berlin(2027, 1, 16, 0)) { AsSeries = true }, None)).Events;
            var read = Assert.Single(series);
            Assert.Equal(master.Id, read.Id);
            Assert.Equal(EventKind.SeriesMaster, read.Kind);
            Assert.Equal(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, read.Recurrence!.DaysOfWeek);
            Assert.Equal(new DateTime(2026, 11, 2), read.Recurrence.StartDate);
            var modified = Assert.Single(read.ModifiedOccurrences);
            Assert.Equal("Stand-up (late)", modified.Subject);
            Assert.Equal(wednesday.Start, modified.OriginalStart);
            Assert.Equal(friday.Start, Assert.Single(read.CancelledOccurrences));

            // The same series across the start of daylight saving stays at 09:00 local.
            var march = (await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 3, 22, 0), Berlin(2027, 4, 3, 0)), None)).Events;
            Assert.Equal(10, march.Count);
            Assert.All(march, o => Assert.Equal(9, o.Start.Hour));
            Assert.Contains(march, o => o.Start.Offset == TimeSpan.FromHours(2));
            Assert.Contains(march, o => o.Start.Offset == TimeSpan.FromHours(1));
            session.AssertWireValid();
        }

        [Theory]
        [InlineData(RecurrencePatternKind.Daily, RecurrenceRangeKind.Numbered)]
        [InlineData(RecurrencePatternKind.Weekly, RecurrenceRangeKind.EndDate)]
        [InlineData(RecurrencePatternKind.AbsoluteMonthly, RecurrenceRangeKind.NoEnd)]
        [InlineData(RecurrencePatternKind.RelativeMonthly, RecurrenceRangeKind.Numbered)]
        [InlineData(RecurrencePatternKind.AbsoluteYearly, RecurrenceRangeKind.NoEnd)]
        [InlineData(RecurrencePatternKind.RelativeYearly, RecurrenceRangeKind.EndDate)]
        public async Task Every_recurrence_pattern_and_range_goes_to_the_server_and_back(RecurrencePatternKind pattern, RecurrenceRangeKind range)
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var calendar = CalendarAddress.Default(User);
            var draft = Meeting("Pattern " + pattern, Berlin(2027, 1, 12, 9), TimeSpan.FromMinutes(30));
            draft.Recurrence = new EventRecurrence
            {
                Pattern = pattern,
                Interval = pattern == RecurrencePatternKind.AbsoluteYearly || pattern == RecurrencePatternKind.RelativeYearly ? 1 : 2,
                DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Tuesday },
                FirstDayOfWeek = DayOfWeek.Monday,
                DayOfMonth = 12,
                Month = 1,
                Index = RecurrenceWeekIndex.Second,
                RangeType = range,
                StartDate = new DateTime(2027, 1, 12),
                EndDate = range == RecurrenceRangeKind.EndDate ? new DateTime(2030, 12, 31) : (DateTime?)null,
                NumberOfOccurrences = range == RecurrenceRangeKind.Numbered ? 5 : (int?)null,
            };

            var created = await events.CreateEventAsync(calendar, draft, None);
            var r = created.Recurrence!;
            Assert.Equal(pattern, r.Pattern);
            Assert.Equal(range, r.RangeType);
            Assert.Equal(draft.Recurrence.Interval, r.Interval);
            Assert.Equal(new DateTime(2027, 1, 12), r.StartDate);
            Assert.Equal(draft.Recurrence.EndDate, r.EndDate);
            Assert.Equal(draft.Recurrence.NumberOfOccurrences, r.NumberOfOccurrences);
            if (pattern == RecurrencePatternKind.Weekly || pattern == RecurrencePatternKind.RelativeMonthly || pattern == RecurrencePatternKind.RelativeYearly)
            {
                Assert.Equal(new[] { DayOfWeek.Tuesday }, r.DaysOfWeek);
            }

            if (pattern == RecurrencePatternKind.RelativeMonthly || pattern == RecurrencePatternKind.RelativeYearly)
            {
                Assert.Equal(RecurrenceWeekIndex.Second, r.Index);
            }

            if (pattern == RecurrencePatternKind.AbsoluteMonthly || pattern == RecurrencePatternKind.AbsoluteYearly)
            {
                Assert.Equal(12, r.DayOfMonth);
            }

            if (pattern == RecurrencePatternKind.AbsoluteYearly || pattern == RecurrencePatternKind.RelativeYearly)
            {
                Assert.Equal(1, r.Month);
            }

            // The first occurrence is where the series starts: 12 January 2027 (a Tuesday, the second of the month).
            var first = (await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 1, 1, 0), Berlin(2027, 1, 31, 0)), None)).Events;
            Assert.Equal(Berlin(2027, 1, 12, 9), first.First().Start);
            session.AssertWireValid();
        }

        [Fact]
        public async Task A_window_with_more_than_the_calendar_view_cap_is_truncated_and_its_halves_are_not()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var calendar = CalendarAddress.Default(User);
            for (var n = 0; n < 3; n++)
            {
                var daily = Meeting("Daily " + n, Berlin(2027, 1, 1, 8 + n), TimeSpan.FromMinutes(30));
                daily.Recurrence = new EventRecurrence { Pattern = RecurrencePatternKind.Daily, RangeType = RecurrenceRangeKind.NoEnd, StartDate = new DateTime(2027, 1, 1) };
                await events.CreateEventAsync(calendar, daily, None);
            }

            var year = await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 1, 1, 0), Berlin(2028, 1, 1, 0)), None);
            Assert.True(year.IsTruncated);
            Assert.Equal(EwsEventBackend.CalendarViewCap, year.Events.Count);

            var half = await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 1, 1, 0), Berlin(2027, 7, 1, 0)), None);
            Assert.False(half.IsTruncated);
            Assert.Equal(3 * 181, half.Events.Count);

            var capped = await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 1, 1, 0), Berlin(2027, 2, 1, 0)) { MaxItems = 50 }, None);
            Assert.True(capped.IsTruncated);
            Assert.Equal(50, capped.Events.Count);

            // More than the view's two years is split by Core before the server refuses it.
            var tooLong = await events.ReadWindowAsync(new EventWindowQuery(calendar, Berlin(2027, 1, 1, 0), Berlin(2030, 1, 1, 0)), None);
            Assert.True(tooLong.IsTruncated);
            session.AssertWireValid();
        }

        [Fact]
        public async Task A_create_whose_answer_was_lost_is_found_by_its_transaction_id_and_not_made_twice()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var calendar = CalendarAddress.Default(User);
            var draft = Meeting("Booking 42", Berlin(2026, 12, 11, 14), TimeSpan.FromHours(1));
            draft.TransactionId = Guid.NewGuid().ToString("N");

            Assert.Null(await events.FindByTransactionIdAsync(calendar, draft.TransactionId, draft.Start!.Value, draft.End!.Value, None));
            session.Org.LoseNextResponses("CreateItem");
            var lost = await Assert.ThrowsAsync<BackendException>(() => events.CreateEventAsync(calendar, draft, None));
            Assert.Equal(BackendErrorCode.Connection, lost.Error.Code);

            // The client did not resend the create on its own (a blind retry would have made a second event) ...
            Assert.Equal(1, session.Org.RequestCounts["CreateItem"]);
            Assert.Equal(1, session.Org.CountEvents(User, "Booking 42"));

            // ... and what Core asks before retrying finds the one the server made.
            var found = await events.FindByTransactionIdAsync(calendar, draft.TransactionId, draft.Start!.Value, draft.End!.Value, None);
            Assert.NotNull(found);
            Assert.Equal("Booking 42", found!.Subject);
            Assert.Equal(draft.TransactionId, found.Properties[EwsEventBackend.TransactionIdProperty]);
            Assert.Null(await events.FindByTransactionIdAsync(calendar, "other", draft.Start!.Value, draft.End!.Value, None));
            Assert.Equal(1, session.Org.CountEvents(User, "Booking 42"));
            session.AssertWireValid();
        }

        [Fact]
        public async Task Availability_for_100_mailboxes_is_one_request_with_every_schedule_in_order()
        {
            using var session = await Start(generated: 100);
            var availability = (IAvailabilityBackend)session.Backend.EventBackend;
            Assert.Equal(100, availability.Limits.MaxMailboxesPerRequest);
            Assert.Equal(TimeSpan.FromDays(42), availability.Limits.MaxWindow);
            var mailboxes = Enumerable.Range(1, 100).Select(n => "user" + n.ToString("D4") + "@contoso.com").ToList();
            var before = session.Org.RequestCounts.TryGetValue("GetUserAvailabilityRequest", out var b) ? b : 0;

            var schedules = await availability.GetSchedulesAsync(new ScheduleRequest(mailboxes, Berlin(2026, 12, 7, 0), Berlin(2027, 1, 18, 0), 30) { TimeZone = "W. Europe Standard Time" }, None);

            Assert.Equal(before + 1, session.Org.RequestCounts["GetUserAvailabilityRequest"]);
            Assert.Equal(mailboxes, schedules.Select(s => s.Mailbox));
            Assert.All(schedules, s => Assert.Null(s.Error));
            Assert.All(schedules, s => Assert.Equal(42 * 48, s.ServerView!.Length));

            var tooMany = await Assert.ThrowsAsync<BackendException>(() => availability.GetSchedulesAsync(new ScheduleRequest(mailboxes.Concat(new[] { "alice@contoso.com" }).ToList(), Berlin(2026, 12, 7, 0), Berlin(2026, 12, 8, 0), 30), None));
            Assert.Equal(BackendErrorCode.InvalidInput, tooMany.Error.Code);
            session.AssertWireValid();
        }

        [Fact]
        public async Task Availability_gives_per_mailbox_errors_details_where_allowed_and_working_elsewhere_from_the_items()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var availability = (IAvailabilityBackend)events;
            var user = CalendarAddress.Default(User);
            var site = Meeting("Customer site", Berlin(2027, 2, 9, 9), TimeSpan.FromHours(4));
            site.ShowAs = EventShowAs.WorkingElsewhere;
            await events.CreateEventAsync(user, site, None);
            var busy = Meeting("Review", Berlin(2027, 2, 9, 14), TimeSpan.FromHours(1));
            await events.CreateEventAsync(user, busy, None);
            var marie = CalendarAddress.Default("marie@contoso.com");
            await events.CreateEventAsync(marie, Meeting("Budget talk", Berlin(2027, 2, 9, 10, 35), TimeSpan.FromMinutes(50)), None);
            var secret = Meeting("Doctor", Berlin(2027, 2, 9, 16, 25), TimeSpan.FromMinutes(50));
            secret.Sensitivity = EventSensitivity.Private;
            await events.CreateEventAsync(marie, secret, None);
            session.Org.ModifyCalendarAcl("bob@contoso.com", levels => levels["Default"] = "None");
            session.Org.ModifyCalendarAcl("marie@contoso.com", levels => levels["Default"] = "FreeBusyTimeAndSubjectAndLocation");
            session.Org.ModifyCalendarAcl(User, levels => levels["Default"] = "FreeBusyTimeOnly");

            var mailboxes = new[] { User, "nobody@contoso.com", "bob@contoso.com", "marie@contoso.com", "hans@contoso.com" };
            var schedules = await availability.GetSchedulesAsync(new ScheduleRequest(mailboxes, Berlin(2027, 2, 9, 0), Berlin(2027, 2, 10, 0), 60) { TimeZone = "Europe/Berlin" }, None);

            Assert.Equal(mailboxes, schedules.Select(s => s.Mailbox));
            Assert.Equal(BackendErrorCode.MailboxNotFound, schedules[1].Error!.Code);
            Assert.Equal("ErrorMailRecipientNotFound", schedules[1].Error!.ServerCode);
            Assert.Equal(BackendErrorCode.AccessDenied, schedules[2].Error!.Code);
            Assert.Equal("ErrorNoFreeBusyAccess", schedules[2].Error!.ServerCode);

            // The organisation default gives the admin times only: statuses from the items, no subjects.
            var mine = schedules[0];
            Assert.Null(mine.Error);
            var elsewhere = mine.Blocks.Single(b => b.Start == Berlin(2027, 2, 9, 9));
            Assert.Equal(EventShowAs.WorkingElsewhere, elsewhere.ShowAs);
            Assert.Equal(Berlin(2027, 2, 9, 13), elsewhere.End);
            Assert.Null(elsewhere.Subject);
            Assert.Equal(EventShowAs.Busy, mine.Blocks.Single(b => b.Start == Berlin(2027, 2, 9, 14)).ShowAs);
            // The server's merged digits show working elsewhere as free (no digit for it): 09:00-13:00 are '0', 14:00 is '2'.
            Assert.Equal("0000", mine.ServerView!.Substring(9, 4));
            Assert.Equal('2', mine.ServerView[14]);
            Assert.Equal("Pacific Standard Time", mine.WorkingHours!.TimeZone);

            // marie's calendar shares subjects and locations with everyone, never a private item's.
            var talk = schedules[3].Blocks.Single(b => b.Start == Berlin(2027, 2, 9, 10, 35));
            Assert.Equal("Budget talk", talk.Subject);
            var doctor = schedules[3].Blocks.Single(b => b.Start == Berlin(2027, 2, 9, 16, 25));
            Assert.True(doctor.IsPrivate);
            Assert.Null(doctor.Subject);

            var hans = schedules[4].WorkingHours!;
            Assert.Equal(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, hans.DaysOfWeek);
            Assert.Equal(TimeSpan.FromHours(8), hans.StartTime);
            Assert.Equal(TimeSpan.FromHours(17), hans.EndTime);
            Assert.Equal("W. Europe Standard Time", hans.TimeZone);
            session.AssertWireValid();
        }

        [Fact]
        public async Task Transient_faults_and_throttling_of_the_behaviour_pipeline_are_ridden_out_without_duplicates()
        {
            using var session = await SandboxSession.StartAsync(
                new SandboxOptions { GeneratedMailboxes = 4, TransientFaultRate = 0.3, Seed = 11, EwsConcurrencyLimit = 1, BackOffMilliseconds = 5 },
                o => o.Retry = new CalendarSharing.Core.Resilience.RetryOptions { MaxAttempts = 30, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) });
            var events = session.Backend.EventBackend;
            var mailboxes = Enumerable.Range(1, 4).Select(n => "user" + n.ToString("D4") + "@contoso.com").ToList();
            await Task.WhenAll(mailboxes.Select(m => events.CreateEventAsync(CalendarAddress.Default(m), Meeting("Pipeline", Berlin(2027, 2, 10, 9), TimeSpan.FromHours(1)), None)));
            var schedules = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                ((IAvailabilityBackend)events).GetSchedulesAsync(new ScheduleRequest(mailboxes, Berlin(2027, 2, 10, 0), Berlin(2027, 2, 11, 0), 30), None)));

            Assert.All(mailboxes, m => Assert.Equal(1, session.Org.CountEvents(m, "Pipeline")));
            Assert.All(schedules.SelectMany(s => s), s => Assert.Equal(Berlin(2027, 2, 10, 9), Assert.Single(s.Blocks).Start));
            Assert.True(session.Org.TransientFaults + session.Org.ThrottledResponses > 0);
            session.AssertWireValid();
        }

        [Fact]
        public async Task Availability_in_UTC_and_on_a_daylight_saving_change_gives_the_same_instants()
        {
            using var session = await Start();
            var events = session.Backend.EventBackend;
            var availability = (IAvailabilityBackend)events;
            var first = Meeting("Before the change", Berlin(2027, 3, 27, 12), TimeSpan.FromHours(1));
            var second = Meeting("After the change", Berlin(2027, 3, 29, 12), TimeSpan.FromHours(1));
            await events.CreateEventAsync(CalendarAddress.Default(User), first, None);
            await events.CreateEventAsync(CalendarAddress.Default(User), second, None);
            foreach (var zone in new[] { "UTC", "W. Europe Standard Time", "Pacific Standard Time" })
            {
                var schedules = await availability.GetSchedulesAsync(new ScheduleRequest(new[] { User }, Berlin(2027, 3, 26, 0), Berlin(2027, 3, 31, 0), 30) { TimeZone = zone }, None);
                var starts = schedules[0].Blocks.Select(b => b.Start.UtcDateTime).OrderBy(t => t).ToList();
                Assert.Equal(new[] { first.Start!.Value.UtcDateTime, second.Start!.Value.UtcDateTime }, starts);
            }

            session.AssertWireValid();
        }
    }
}
