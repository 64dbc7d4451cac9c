using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Events;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Availability
{
    /// <summary>
    /// Free/busy end to end over each protocol, through the real clients: requests counted at the sandbox, the grid from
    /// the blocks, NoData mailboxes, and the same answer from EWS and Graph for the same organisation.
    /// </summary>
    public class AvailabilityScenarioTests
    {
        private static readonly string[] People = { "alice@contoso.com", "bob@contoso.com", "carol@contoso.com", "hans@contoso.com", "marie@contoso.com", "boardroom@contoso.com" };

        public static IEnumerable<object[]> Kinds() => new[] { new object[] { BackendKind.Ews }, new object[] { BackendKind.Graph } };

        private static DateTimeOffset Berlin(int y, int mo, int d, int h = 0) => WorkingHoursCalendar.At(TimeZoneNames.Find("Europe/Berlin"), new DateTime(y, mo, d, h, 0, 0));

        /// <summary>Free/busy requests the sandbox received: EWS GetUserAvailabilityRequest, Graph getSchedule (inner $batch requests included).</summary>
        private static int ScheduleRequests(SandboxOrganization org) =>
            org.RequestCounts.Where(kv => kv.Key.IndexOf("Availability", StringComparison.OrdinalIgnoreCase) >= 0 || kv.Key.IndexOf("getSchedule", StringComparison.OrdinalIgnoreCase) >= 0).Sum(kv => kv.Value);

        private static async Task<List<MailboxAvailability>> GridAsync(EventSandbox s, IEnumerable<string> mailboxes, DateTimeOffset start, DateTimeOffset end, int interval, WorkingElsewhereTreatment we = WorkingElsewhereTreatment.Free, RecordingSink? sink = null)
        {
            sink ??= new RecordingSink();
            await new AvailabilityCommands(s.Availability).GetAsync(
                mailboxes.Select((m, i) => new AvailabilityRequest { Row = i + 1, Mailbox = m }).ToList(),
                new AvailabilityQuery { Start = start, End = end, IntervalMinutes = interval, WorkingElsewhere = we, TimeZone = "Europe/Berlin" },
                sink,
                CancellationToken.None);
            return sink.OfType<MailboxAvailability>().ToList();
        }

        [Theory]
        [InlineData(BackendKind.Ews, 5)]
        [InlineData(BackendKind.Graph, 25)]
        public async Task Five_hundred_attendees_over_two_weeks_take_exactly_the_fewest_requests(BackendKind kind, int expected)
        {
            using var s = await EventSandbox.StartAsync(kind, new SandboxOptions { GeneratedMailboxes = 500 });
            var mailboxes = Enumerable.Range(1, 500).Select(i => $"user{i:D4}@contoso.com").ToList();
            var before = ScheduleRequests(s.Org);
            var sink = new RecordingSink();
            var grids = await GridAsync(s, mailboxes, Berlin(2026, 12, 7), Berlin(2026, 12, 21), 30, sink: sink);
            Assert.Equal(expected, ScheduleRequests(s.Org) - before);
            Assert.Equal(expected, AvailabilityPlan.MinimumRequests(500, TimeSpan.FromDays(14), s.Availability.Limits));
            Assert.Empty(sink.Errors);
            Assert.Equal(mailboxes, grids.Select(g => g.Mailbox));
            Assert.All(grids, g => Assert.Equal(AvailabilityStatus.Ok, g.Status));
            Assert.All(grids, g => Assert.Equal(14 * 48, g.Grid.Length));
            s.AssertWireValid();
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task Working_elsewhere_is_free_by_default_and_busy_when_asked(BackendKind kind)
        {
            // A generated mailbox: nothing of the seed in March 2027, so the grid is exactly what the test writes.
            using var s = await EventSandbox.StartAsync(kind, new SandboxOptions { GeneratedMailboxes = 1 });
            var events = new RecordingSink();
            await new EventCommands(s.Events).NewAsync(
                new[]
                {
                    new EventWriteRequest { Row = 1, Mailbox = "user0001@contoso.com", Subject = "From home", Start = new DateTime(2027, 3, 15, 9, 0, 0), End = new DateTime(2027, 3, 15, 11, 0, 0), TimeZone = "Europe/Berlin", ShowAs = EventShowAs.WorkingElsewhere },
                    new EventWriteRequest { Row = 2, Mailbox = "user0001@contoso.com", Subject = "Review", Start = new DateTime(2027, 3, 15, 12, 0, 0), End = new DateTime(2027, 3, 15, 13, 0, 0), TimeZone = "Europe/Berlin", ShowAs = EventShowAs.Tentative },
                },
                events,
                CancellationToken.None);
            Assert.Empty(events.Errors);

            var free = Assert.Single(await GridAsync(s, new[] { "user0001@contoso.com" }, Berlin(2027, 3, 15, 8), Berlin(2027, 3, 15, 14), 60));
            var busy = Assert.Single(await GridAsync(s, new[] { "user0001@contoso.com" }, Berlin(2027, 3, 15, 8), Berlin(2027, 3, 15, 14), 60, WorkingElsewhereTreatment.Busy));
            Assert.Equal(".ww.t.", free.Grid);
            Assert.Equal(".##.t.", busy.Grid);
            Assert.Contains(free.Blocks, b => b.ShowAs == EventShowAs.WorkingElsewhere && b.Start == Berlin(2027, 3, 15, 9) && b.End == Berlin(2027, 3, 15, 11));
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task A_mailbox_without_free_busy_is_NoData_with_a_reason_and_the_others_are_read(BackendKind kind)
        {
            using var s = await EventSandbox.StartAsync(kind);
            var sink = new RecordingSink();
            var grids = await GridAsync(s, new[] { "alice@contoso.com", "nobody@contoso.com", "bob@contoso.com" }, Berlin(2026, 12, 7, 8), Berlin(2026, 12, 7, 12), 30, sink: sink);
            Assert.Empty(sink.Errors);
            Assert.Equal(new[] { AvailabilityStatus.Ok, AvailabilityStatus.NoData, AvailabilityStatus.Ok }, grids.Select(g => g.Status));
            Assert.Equal("MailboxNotFound", grids[1].ErrorId);
            Assert.False(string.IsNullOrWhiteSpace(grids[1].Reason));
            Assert.Equal("????????", grids[1].Grid);
        }

        /// <summary>The scenario matrix: the same organisation gives the same grids and the same meeting times on both protocols.</summary>
        [Fact]
        public async Task EWS_and_Graph_give_the_same_grids_and_meeting_times_for_the_seeded_weeks()
        {
            using var ews = await EventSandbox.StartAsync(BackendKind.Ews);
            using var graph = await EventSandbox.StartAsync(BackendKind.Graph);
            var start = Berlin(2026, 11, 30);
            var end = Berlin(2026, 12, 21);
            var a = await GridAsync(ews, People, start, end, 30);
            var b = await GridAsync(graph, People, start, end, 30);
            Assert.Equal(a.Select(x => x.Mailbox + " " + x.Grid), b.Select(x => x.Mailbox + " " + x.Grid));
            Assert.Contains(a, x => x.Grid.Contains('#'));

            // Working hours as the stretches of time they mean. EWS gives a zone as its rules (bias and transitions), which
            // the client names by the first Windows zone with those rules, so Paris may read as W. Europe Standard Time
            // over EWS and Romance Standard Time over Graph: the same hours either way.
            string Stretches(MailboxAvailability x) =>
                x.Mailbox + " " + string.Join(" ", WorkingHoursCalendar.Stretches(x.WorkingHours, x.TimeZone, start, end)!.Select(h => $"{h.Start:u}/{h.End:u}"));
            Assert.All(a, x => Assert.NotNull(x.WorkingHours));
            Assert.Equal(string.Join("\n", a.Select(Stretches)), string.Join("\n", b.Select(Stretches)));

            async Task<List<string>> SlotsAsync(EventSandbox s)
            {
                var sink = new RecordingSink();
                await new AvailabilityCommands(s.Availability).FindMeetingTimesAsync(
                    new MeetingTimeRequest
                    {
                        Attendees = new[] { "alice@contoso.com", "carol@contoso.com" },
                        Optional = new[] { "marie@contoso.com" },
                        Rooms = new[] { "boardroom@contoso.com" },
                        Start = Berlin(2026, 12, 7),
                        End = Berlin(2026, 12, 12),
                        DurationMinutes = 45,
                        WorkingHoursOnly = true,
                        First = 15,
                        TimeZone = "Europe/Berlin",
                    },
                    sink,
                    CancellationToken.None);
                Assert.Empty(sink.Errors);
                return sink.OfType<MeetingTimeSlot>().Select(x => $"{x.Rank} {x.Start:u} {x.AttendeePercentage} {string.Join(",", x.Rooms)} {string.Join(",", x.Conflicts)}").ToList();
            }

            var slotsEws = await SlotsAsync(ews);
            Assert.NotEmpty(slotsEws);
            Assert.Equal(slotsEws, await SlotsAsync(graph));
            ews.AssertWireValid();
        }
    }
}
