using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Events;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Events
{
    /// <summary>
    /// The events engine end to end over each protocol: the real clients, the sandbox the only double of Exchange. Windows
    /// in 2027 keep what a test writes apart from the seeded week.
    /// </summary>
    public class EventScenarioTests
    {
        public static IEnumerable<object[]> Kinds() => new[] { new object[] { BackendKind.Ews }, new object[] { BackendKind.Graph } };

        private static EventWriteRequest Row(int row, string mailbox, string subject, string start, string? end = null, string zone = "Europe/Berlin") => new EventWriteRequest
        {
            Row = row,
            Mailbox = mailbox,
            Subject = subject,
            Start = DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            End = end is null ? (DateTime?)null : DateTime.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            TimeZone = zone,
        };

        private static async Task<List<CalendarEvent>> ReadAsync(EventCommands engine, string mailbox, string start, int days, string zone = "Europe/Berlin")
        {
            var sink = new RecordingSink();
            Assert.True(EventTimes.TryWindow(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture), null, days, zone, TimeSpan.FromDays(1), false, sink, out var s, out var e));
            await engine.GetAsync(new[] { new EventReadRequest { Row = 1, Mailbox = mailbox } }, new EventReadQuery { Start = s, End = e, TimeZone = zone }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            return sink.OfType<CalendarEvent>().ToList();
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task A_row_run_twice_makes_one_event_and_a_create_whose_answer_was_lost_makes_one_too(BackendKind kind)
        {
            LosingHandler? losing = null;
            using var s = await EventSandbox.StartAsync(kind, wrap: inner => losing = new LosingHandler(inner));
            var engine = new EventCommands(s.Events) { Retry = new CalendarSharing.Core.Resilience.RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) } };
            var row = Row(1, "boardroom@contoso.com", "Workshop", "2027-03-08 09:00", "2027-03-08 11:00", "W. Europe Standard Time");

            var first = new RecordingSink();
            await engine.NewAsync(new[] { row }, first, CancellationToken.None);
            var again = new RecordingSink();
            await engine.NewAsync(new[] { row }, again, CancellationToken.None);
            Assert.Equal(ShareAction.Added, Assert.Single(first.OfType<CalendarEventResult>()).Action);
            var unchanged = Assert.Single(again.OfType<CalendarEventResult>());
            Assert.Equal(ShareAction.Unchanged, unchanged.Action);
            Assert.Equal(first.OfType<CalendarEventResult>()[0].Id, unchanged.Id);
            Assert.Equal(1, losing!.Creates);

            // The server makes the event and its answer is lost: Core looks it up by transaction id instead of sending again.
            losing.LoseNext();
            var lost = new RecordingSink();
            await engine.NewAsync(new[] { Row(1, "boardroom@contoso.com", "Booking 42", "2027-03-08 14:00", "2027-03-08 15:00") }, lost, CancellationToken.None);
            Assert.Empty(lost.Errors);
            var found = Assert.Single(lost.OfType<CalendarEventResult>());
            Assert.Equal(ShareAction.Added, found.Action);
            Assert.Equal(1, losing.Lost);
            Assert.Equal(2, losing.Creates);

            var day = await ReadAsync(engine, "boardroom@contoso.com", "2027-03-08", 1);
            Assert.Single(day, e => e.Subject == "Workshop");
            var booking = Assert.Single(day, e => e.Subject == "Booking 42");
            Assert.Equal(found.Id, booking.Id);
            s.AssertWireValid();
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task Events_come_back_sorted_in_the_zone_asked_with_their_own_zone_kept(BackendKind kind)
        {
            using var s = await EventSandbox.StartAsync(kind);
            var engine = new EventCommands(s.Events);
            var sink = new RecordingSink();
            await engine.NewAsync(
                new[]
                {
                    Row(1, "alice@contoso.com", "Late", "2027-03-09 16:00", "2027-03-09 17:00"),
                    Row(2, "alice@contoso.com", "New York call", "2027-03-09 08:00", "2027-03-09 09:00", "America/New_York"),
                    Row(3, "alice@contoso.com", "Early", "2027-03-09 08:00", "2027-03-09 08:30"),
                },
                sink,
                CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.Equal(new[] { 1, 2, 3 }, sink.OfType<CalendarEventResult>().Select(r => r.Row!.Value));

            var read = (await ReadAsync(engine, "alice@contoso.com", "2027-03-09", 1, "Eastern Standard Time")).Where(e => new[] { "Late", "New York call", "Early" }.Contains(e.Subject)).ToList();
            Assert.Equal(new[] { "Early", "New York call", "Late" }, read.Select(e => e.Subject));
            Assert.All(read, e => Assert.Equal(TimeSpan.FromHours(-5), e.Start.Offset));
            Assert.Equal(new DateTimeOffset(2027, 3, 9, 2, 0, 0, TimeSpan.FromHours(-5)), read[0].Start);
            Assert.Equal("Eastern Standard Time", read[1].TimeZone);
            Assert.Equal("W. Europe Standard Time", read[0].TimeZone);
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task Bad_rows_fail_alone_with_their_ids_and_nothing_of_them_is_written(BackendKind kind)
        {
            using var s = await EventSandbox.StartAsync(kind);
            var engine = new EventCommands(s.Events);
            var sink = new RecordingSink();
            var rows = new[]
            {
                Row(1, "alice@contoso.com", "Good", "2027-03-10 09:00", "2027-03-10 10:00"),
                Row(2, "alice@contoso.com", " ", "2027-03-10 10:00"),
                Row(3, "alice@contoso.com", "Bad zone", "2027-03-10 11:00", null, "Mars/Olympus"),
                Row(4, "alice@contoso.com", "Backwards", "2027-03-10 12:00", "2027-03-10 11:00"),
                Row(5, "nobody@contoso.com", "No such mailbox", "2027-03-10 12:00"),
                Row(6, "alice@contoso.com:\\No Such Calendar", "No such calendar", "2027-03-10 12:00"),
                Row(7, "", "No mailbox", "2027-03-10 12:00"),
            };
            await engine.NewAsync(rows, sink, CancellationToken.None);
            var results = sink.OfType<CalendarEventResult>();
            Assert.Equal(
                new[] { ShareAction.Added, ShareAction.Failed, ShareAction.Failed, ShareAction.Failed, ShareAction.Failed, ShareAction.Failed, ShareAction.Failed },
                results.OrderBy(r => r.Row).Select(r => r.Action));
            Assert.Equal(
                new[] { "MissingSubject", "InvalidTimeZone", "InvalidEventWindow", "MissingMailbox", "MailboxNotFound", "CalendarNotFound" }.OrderBy(x => x),
                sink.Errors.Select(e => e.ErrorId).OrderBy(x => x));
            Assert.All(sink.Errors, e => Assert.Matches("^Row [2-7]: ", e.Message));
            var day = await ReadAsync(engine, "alice@contoso.com", "2027-03-10", 1);
            Assert.Equal(new[] { "Good" }, day.Select(e => e.Subject).Intersect(new[] { "Good", "Bad zone", "Backwards", "No such calendar" }));
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task WhatIf_writes_nothing_and_a_remove_names_the_event_and_is_Unchanged_the_second_time(BackendKind kind)
        {
            using var s = await EventSandbox.StartAsync(kind);
            var engine = new EventCommands(s.Events);
            var declined = new RecordingSink((_, _) => false);
            await engine.NewAsync(new[] { Row(1, "bob@contoso.com", "Maybe", "2027-03-11 09:00") }, declined, CancellationToken.None);
            Assert.Empty(declined.Objects);
            Assert.Equal(("bob@contoso.com\\Calendar", "Create event 'Maybe' from 2027-03-11 09:00 to 2027-03-11 09:30 (W. Europe Standard Time)"), Assert.Single(declined.ShouldProcessCalls));
            Assert.DoesNotContain(await ReadAsync(engine, "bob@contoso.com", "2027-03-11", 1), e => e.Subject == "Maybe");

            var made = new RecordingSink();
            await engine.NewAsync(new[] { Row(1, "bob@contoso.com:\\Calendar", "Standup moved", "2027-03-11 10:00") }, made, CancellationToken.None);
            var id = Assert.Single(made.OfType<CalendarEventResult>()).Id!;
            var remove = new EventWriteRequest { Row = 1, Mailbox = "bob@contoso.com", Id = id };
            var removed = new RecordingSink();
            await engine.RemoveAsync(new[] { remove }, removed, CancellationToken.None);
            Assert.Equal(ShareAction.Removed, Assert.Single(removed.OfType<CalendarEventResult>()).Action);
            Assert.Equal(("bob@contoso.com\\Calendar", "Remove event 'Standup moved' (2027-03-11 10:00)"), Assert.Single(removed.ShouldProcessCalls));

            var twice = new RecordingSink();
            await engine.RemoveAsync(new[] { remove }, twice, CancellationToken.None);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(twice.OfType<CalendarEventResult>()).Action);
            Assert.Empty(twice.Errors);
            Assert.Empty(twice.ShouldProcessCalls);
            Assert.DoesNotContain(await ReadAsync(engine, "bob@contoso.com", "2027-03-11", 1), e => e.Subject == "Standup moved");
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task A_secondary_calendar_by_name_and_the_default_calendar_by_any_language(BackendKind kind)
        {
            using var s = await EventSandbox.StartAsync(kind);
            var engine = new EventCommands(s.Events);
            var sink = new RecordingSink();
            await engine.NewAsync(
                new[]
                {
                    new EventWriteRequest { Row = 1, Mailbox = "alice@contoso.com", Calendar = "Team Events", Subject = "Team lunch", Start = new DateTime(2027, 3, 12, 12, 0, 0), TimeZone = "Europe/Berlin" },
                    new EventWriteRequest { Row = 2, Mailbox = "hans@contoso.com:\\Kalender", Subject = "Urlaub", Start = new DateTime(2027, 3, 12), AllDay = true, TimeZone = "Europe/Berlin" },
                },
                sink,
                CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.Equal(new[] { "Team Events", "Calendar" }, sink.OfType<CalendarEventResult>().Select(r => r.Calendar));
            Assert.Single(await ReadAsync(engine, "alice@contoso.com:\\Team Events", "2027-03-12", 1), e => e.Subject == "Team lunch");
            Assert.DoesNotContain(await ReadAsync(engine, "alice@contoso.com", "2027-03-12", 1), e => e.Subject == "Team lunch");
            var holiday = Assert.Single(await ReadAsync(engine, "hans@contoso.com", "2027-03-12", 1), e => e.Subject == "Urlaub");
            Assert.True(holiday.IsAllDay);
            Assert.Equal(new DateTimeOffset(2027, 3, 12, 0, 0, 0, TimeSpan.FromHours(1)), holiday.Start);
            Assert.Equal(new DateTimeOffset(2027, 3, 13, 0, 0, 0, TimeSpan.FromHours(1)), holiday.End);
            Assert.Equal(EventShowAs.Free, holiday.ShowAs);
        }
    }
}
