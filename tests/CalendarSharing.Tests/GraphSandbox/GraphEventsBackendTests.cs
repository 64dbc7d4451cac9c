using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;
using CalendarSharing.Online.Graph;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// Our Graph event backend (the real Microsoft.Graph SDK) against the sandbox in strict mode: every request and
    /// answer is checked against the v1.0 metadata on the way.
    /// </summary>
    public sealed class GraphEventsBackendTests
    {
        private static readonly DateTimeOffset WeekStart = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(-8));
        private static readonly DateTimeOffset WeekEnd = WeekStart.AddDays(5);

        private static Task<GraphSandboxSession> StartAsync(SandboxOptions? options = null, HttpMessageHandlerWrap? wrap = null)
        {
            options ??= new SandboxOptions();
            options.GraphStrictValidation = true;
            return GraphSandboxSession.StartAsync(options, configure: wrap == null ? null : o => o.Handler = wrap(o.Handler!));
        }

        private static CalendarAddress Alice => CalendarAddress.Default("alice@contoso.com");

        [Fact]
        public async Task A_window_gives_occurrences_in_each_events_own_zone_or_in_the_zone_asked_for()
        {
            var prefer = new ConcurrentQueue<string>();
            using var s = await StartAsync(wrap: inner => new HeaderRecorder(inner, "Prefer", prefer));
            var events = s.Backend.Events;

            var read = await events.ReadWindowAsync(new EventWindowQuery(Alice, WeekStart, WeekEnd), CancellationToken.None);
            Assert.False(read.IsTruncated);
            var standups = read.Events.Where(e => e.Subject == "Team stand-up").ToList();
            Assert.Equal(4, standups.Count);
            Assert.All(standups, e => Assert.Equal("Pacific Standard Time", e.TimeZone));
            Assert.All(standups, e => Assert.Equal(TimeSpan.FromHours(-8), e.Start.Offset));
            Assert.Equal(new[] { 9, 9, 10, 9 }, standups.Select(e => e.Start.Hour));
            Assert.Equal(EventKind.Exception, standups[2].Kind);
            Assert.Equal(new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.FromHours(-8)), standups[2].OriginalStart);
            Assert.All(standups, e => Assert.False(string.IsNullOrEmpty(e.SeriesMasterId)));
            Assert.StartsWith("W/\"", standups[0].Version);
            var away = read.Events.Single(e => e.Subject == "Customer site visit");
            Assert.True(away.IsAllDay);
            Assert.Equal(EventShowAs.WorkingElsewhere, away.ShowAs);
            Assert.Equal(TimeSpan.FromDays(1), away.Duration);
            var doctor = read.Events.Single(e => e.Subject == "Doctor");
            Assert.True(doctor.IsPrivate);
            Assert.Equal(EventShowAs.OutOfOffice, doctor.ShowAs);
            var planning = read.Events.Single(e => e.Subject == "Quarterly planning");
            Assert.Contains(planning.Attendees, a => a.Address == "boardroom@contoso.com" && a.Type == EventAttendeeType.Resource);

            var berlin = await events.ReadWindowAsync(new EventWindowQuery(Alice, WeekStart, WeekEnd) { TimeZone = "W. Europe Standard Time" }, CancellationToken.None);
            var first = berlin.Events.First(e => e.Subject == "Team stand-up");
            Assert.Equal(TimeSpan.FromHours(1), first.Start.Offset);
            Assert.Equal(18, first.Start.Hour);
            Assert.Equal("Pacific Standard Time", first.TimeZone); // the event's own zone stays
            Assert.Contains("outlook.timezone=\"W. Europe Standard Time\"", prefer);
            Assert.Contains("outlook.timezone=\"UTC\"", prefer);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task A_window_with_more_events_than_a_page_is_read_page_by_page_and_a_cap_marks_it_truncated()
        {
            using var s = await StartAsync();
            // The admin's calendar: the seeded week leaves it empty, so the window holds only these.
            var bob = s.Org.FindMailbox("admin@contoso.com")!;
            var day = new DateTime(2027, 1, 4, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 250; i++)
            {
                s.Org.CreateEvent(bob.Calendar, new SandboxEvent { Subject = "Slot " + i, StartUtc = day.AddMinutes(5 * i), EndUtc = day.AddMinutes(5 * i + 5) });
            }

            var window = new EventWindowQuery(CalendarAddress.Default("admin@contoso.com"), new DateTimeOffset(day), new DateTimeOffset(day.AddDays(1)));
            var before = s.Org.RequestCounts.TryGetValue("Graph:ListCalendarView", out var n) ? n : 0;
            var all = await s.Backend.Events.ReadWindowAsync(window, CancellationToken.None);
            Assert.Equal(250, all.Events.Count);
            Assert.False(all.IsTruncated);
            Assert.Equal(Enumerable.Range(0, 250).Select(i => "Slot " + i), all.Events.Select(e => e.Subject));
            Assert.Equal(3, s.Org.RequestCounts["Graph:ListCalendarView"] - before); // pages of 100, 100, 50

            var capped = await s.Backend.Events.ReadWindowAsync(new EventWindowQuery(window.Calendar, window.Start, window.End) { MaxItems = 40 }, CancellationToken.None);
            Assert.True(capped.IsTruncated);
            Assert.Equal(40, capped.Events.Count);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task As_series_a_master_comes_with_its_pattern_its_moved_and_its_cancelled_occurrences()
        {
            using var s = await StartAsync();
            var alice = s.Org.FindMailbox("alice@contoso.com")!;
            var lunchStart = new DateTime(2026, 12, 8, 20, 0, 0, DateTimeKind.Utc); // 12:00 Pacific
            s.Org.CreateEvent(alice.Calendar, new SandboxEvent
            {
                Subject = "Lunch walk",
                TimeZone = "Pacific Standard Time",
                StartUtc = lunchStart,
                EndUtc = lunchStart.AddMinutes(30),
                Recurrence = new EventRecurrence { Pattern = RecurrencePatternKind.Daily, RangeType = RecurrenceRangeKind.Numbered, NumberOfOccurrences = 3, StartDate = new DateTime(2026, 12, 8), TimeZone = "Pacific Standard Time" },
            });

            var read = await s.Backend.Events.ReadWindowAsync(new EventWindowQuery(Alice, WeekStart, WeekEnd) { AsSeries = true, TimeZone = "Pacific Standard Time" }, CancellationToken.None);
            Assert.DoesNotContain(read.Events, e => e.Kind == EventKind.Occurrence || e.Kind == EventKind.Exception);
            Assert.Equal(1, s.Org.RequestCounts["Graph:$batch"]); // both masters in one $batch
            var lunch = Assert.Single(read.Events, e => e.Subject == "Lunch walk");
            Assert.Equal(EventKind.SeriesMaster, lunch.Kind);
            Assert.Equal(3, lunch.Recurrence!.NumberOfOccurrences);
            Assert.Empty(lunch.ModifiedOccurrences);
            Assert.Empty(lunch.CancelledOccurrences);
            var master = Assert.Single(read.Events, e => e.Kind == EventKind.SeriesMaster && e.Subject == "Team stand-up");
            Assert.Equal("Team stand-up", master.Subject);
            Assert.Equal(RecurrencePatternKind.Weekly, master.Recurrence!.Pattern);
            Assert.Equal(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, master.Recurrence.DaysOfWeek);
            Assert.Equal(RecurrenceRangeKind.NoEnd, master.Recurrence.RangeType);
            Assert.Equal(new DateTime(2026, 11, 9), master.Recurrence.StartDate);
            Assert.Equal("Pacific Standard Time", master.Recurrence.TimeZone);

            var moved = Assert.Single(master.ModifiedOccurrences);
            Assert.Equal(new DateTimeOffset(2026, 12, 9, 10, 0, 0, TimeSpan.FromHours(-8)), moved.Start);
            Assert.Equal(new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.FromHours(-8)), moved.OriginalStart);
            Assert.Equal(new[] { new DateTimeOffset(2026, 12, 11, 9, 0, 0, TimeSpan.FromHours(-8)) }, master.CancelledOccurrences);
            Assert.Contains(read.Events, e => e.Subject == "Quarterly planning" && e.Kind == EventKind.SingleInstance);

            var again = await s.Backend.Events.GetEventAsync(Alice, master.Id, null, CancellationToken.None);
            Assert.Equal(master.CancelledOccurrences, again!.CancelledOccurrences);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task A_create_retried_after_a_lost_response_leaves_exactly_one_event()
        {
            LosingHandler? losing = null;
            using var s = await StartAsync(wrap: inner => losing = new LosingHandler(inner));
            var room = CalendarAddress.Default("boardroom@contoso.com");
            var draft = new EventDraft
            {
                Subject = "Workshop",
                Start = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.FromHours(1)),
                End = new DateTimeOffset(2026, 12, 8, 11, 0, 0, TimeSpan.FromHours(1)),
                TimeZone = "W. Europe Standard Time",
                ShowAs = EventShowAs.Busy,
                TransactionId = "7d0c1f4e-retry",
                Properties = new Dictionary<string, string> { ["CalendarSharingSync"] = "stamp-1" },
            };

            losing!.LoseNextPost = true;
            await Assert.ThrowsAsync<BackendException>(() => s.Backend.Events.CreateEventAsync(room, draft, CancellationToken.None));
            Assert.Equal(1, losing.Lost); // the server made the event; the answer never arrived

            var created = await s.Backend.Events.CreateEventAsync(room, draft, CancellationToken.None);
            var stored = s.Org.FindMailbox("boardroom@contoso.com")!.Calendar.Items.Snapshot();
            Assert.Single(stored, e => e.Subject == "Workshop");
            Assert.Equal(stored.Single(e => e.Subject == "Workshop").Id, created.Id);
            Assert.Equal("W. Europe Standard Time", created.TimeZone);
            Assert.Equal(draft.Start, created.Start);
            var stamped = await s.Backend.Events.GetEventAsync(room, created.Id, new[] { "CalendarSharingSync" }, CancellationToken.None);
            Assert.Equal("stamp-1", stamped!.Properties["CalendarSharingSync"]);
            var window = await s.Backend.Events.ReadWindowAsync(new EventWindowQuery(room, draft.Start!.Value, draft.End!.Value) { Properties = new[] { "CalendarSharingSync" } }, CancellationToken.None);
            Assert.Equal("stamp-1", Assert.Single(window.Events, e => e.Id == created.Id).Properties["CalendarSharingSync"]);

            var found = await s.Backend.Events.FindByTransactionIdAsync(room, draft.TransactionId, draft.Start!.Value, draft.End!.Value, CancellationToken.None);
            Assert.Equal(created.Id, found!.Id);

            // The same transaction id for a changed draft: Exchange Online answers 400 ErrorDuplicateTransactionId; the
            // backend answers with the event the transaction made, and still nothing is duplicated.
            draft.Subject = "Workshop (renamed)";
            var reused = await s.Backend.Events.CreateEventAsync(room, draft, CancellationToken.None);
            Assert.Equal(created.Id, reused.Id);
            Assert.Single(s.Org.FindMailbox("boardroom@contoso.com")!.Calendar.Items.Snapshot(), e => e.TransactionId == draft.TransactionId);
            Assert.Contains(s.Recorder.Responses, r => r.StartsWith("400 POST", StringComparison.Ordinal));
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task Update_with_a_stale_version_is_a_conflict_and_delete_reports_whether_there_was_an_item()
        {
            using var s = await StartAsync();
            var calendar = CalendarAddress.Default("bob@contoso.com");
            var created = await s.Backend.Events.CreateEventAsync(calendar, new EventDraft
            {
                Subject = "1:1",
                Start = new DateTimeOffset(2026, 12, 10, 14, 0, 0, TimeSpan.FromHours(-8)),
                End = new DateTimeOffset(2026, 12, 10, 14, 30, 0, TimeSpan.FromHours(-8)),
                TimeZone = "America/Los_Angeles",
                Attendees = new List<EventAttendee> { new EventAttendee("alice@contoso.com") },
            }, CancellationToken.None);
            Assert.Equal("Pacific Standard Time", created.TimeZone); // IANA in, Windows out

            var updated = await s.Backend.Events.UpdateEventAsync(calendar, created.Id, created.Version, new EventDraft { Subject = "1:1 (agenda)", ShowAs = EventShowAs.Tentative }, CancellationToken.None);
            Assert.Equal("1:1 (agenda)", updated.Subject);
            Assert.Equal(EventShowAs.Tentative, updated.ShowAs);
            Assert.Equal(created.Start, updated.Start);
            Assert.NotEqual(created.Version, updated.Version);
            Assert.Contains(s.Recorder.Requests, r => r.Method.Method == "PATCH" && r.IfMatch == created.Version);

            var moved = await s.Backend.Events.UpdateEventAsync(calendar, created.Id, updated.Version, new EventDraft
            {
                Start = new DateTimeOffset(2026, 12, 10, 23, 0, 0, TimeSpan.Zero),
                End = new DateTimeOffset(2026, 12, 10, 23, 30, 0, TimeSpan.Zero),
            }, CancellationToken.None);
            Assert.Equal("Pacific Standard Time", moved.TimeZone); // new times without a zone keep the event's own
            Assert.Equal(new DateTimeOffset(2026, 12, 10, 15, 0, 0, TimeSpan.FromHours(-8)), moved.Start);

            var stale = await Assert.ThrowsAsync<BackendException>(() => s.Backend.Events.UpdateEventAsync(calendar, created.Id, created.Version, new EventDraft { Subject = "lost" }, CancellationToken.None));
            Assert.Equal(BackendErrorCode.Conflict, stale.Error.Code);
            Assert.Equal("1:1 (agenda)", (await s.Backend.Events.GetEventAsync(calendar, created.Id, null, CancellationToken.None))!.Subject);

            Assert.True(await s.Backend.Events.DeleteEventAsync(calendar, created.Id, CancellationToken.None));
            Assert.False(await s.Backend.Events.DeleteEventAsync(calendar, created.Id, CancellationToken.None));
            Assert.Null(await s.Backend.Events.GetEventAsync(calendar, created.Id, null, CancellationToken.None));
            var missing = await Assert.ThrowsAsync<BackendException>(() => s.Backend.Events.UpdateEventAsync(calendar, created.Id, null, new EventDraft { Subject = "x" }, CancellationToken.None));
            Assert.Equal(BackendErrorCode.ItemNotFound, missing.Error.Code);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task Writes_go_to_a_secondary_calendar_named_in_any_language_and_localized_default_names_mean_the_default()
        {
            using var s = await StartAsync();
            var hans = s.Org.FindMailbox("hans@contoso.com")!;
            Assert.NotNull(hans.FindByKey("calendar/projekte")); // seeded: hans's "Projekte"
            var projects = CalendarAddress.Parse("hans@contoso.com", "projekte");
            var draft = new EventDraft
            {
                Subject = "Planung",
                Start = new DateTimeOffset(2026, 12, 9, 10, 0, 0, TimeSpan.FromHours(1)),
                End = new DateTimeOffset(2026, 12, 9, 11, 0, 0, TimeSpan.FromHours(1)),
                TimeZone = "Europe/Berlin",
            };
            var created = await s.Backend.Events.CreateEventAsync(projects, draft, CancellationToken.None);
            Assert.Equal("Projekte", created.Calendar);
            Assert.Single(hans.Folders.Single(f => f.DisplayName == "Projekte").Items.Snapshot(), e => e.Subject == "Planung");
            Assert.DoesNotContain(hans.Calendar.Items.Snapshot(), e => e.Subject == "Planung");

            var window = await s.Backend.Events.ReadWindowAsync(new EventWindowQuery(projects, draft.Start!.Value.AddDays(-1), draft.End!.Value.AddDays(1)), CancellationToken.None);
            Assert.Equal("Projekte", window.CalendarName);
            Assert.Single(window.Events, e => e.Subject == "Planung");
            Assert.All(window.Events, e => Assert.Equal("Projekte", e.Calendar));

            var kalender = CalendarAddress.Parse("hans@contoso.com", "Kalender");
            Assert.True(kalender.IsDefaultCalendar);
            await s.Backend.Events.CreateEventAsync(kalender, new EventDraft { Subject = "Standard", Start = draft.Start, End = draft.End, TimeZone = "W. Europe Standard Time" }, CancellationToken.None);
            Assert.Contains(hans.Calendar.Items.Snapshot(), e => e.Subject == "Standard");

            var none = await Assert.ThrowsAsync<BackendException>(() => s.Backend.Events.ReadWindowAsync(new EventWindowQuery(CalendarAddress.Parse("hans@contoso.com", "Urlaub"), WeekStart, WeekEnd), CancellationToken.None));
            Assert.Equal(BackendErrorCode.CalendarNotFound, none.Error.Code);
            Assert.Contains("Projekte", none.Error.Message);
            var nobody = await Assert.ThrowsAsync<BackendException>(() => s.Backend.Events.ReadWindowAsync(new EventWindowQuery(CalendarAddress.Default("nobody@contoso.com"), WeekStart, WeekEnd), CancellationToken.None));
            Assert.Equal(BackendErrorCode.MailboxNotFound, nobody.Error.Code);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task A_recurring_series_created_through_the_SDK_expands_in_its_own_zone_and_reads_back_the_same()
        {
            using var s = await StartAsync();
            var calendar = CalendarAddress.Default("marie@contoso.com");
            var created = await s.Backend.Events.CreateEventAsync(calendar, new EventDraft
            {
                Subject = "Revue mensuelle",
                Start = new DateTimeOffset(2027, 1, 5, 9, 30, 0, TimeSpan.FromHours(1)),
                End = new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.FromHours(1)),
                TimeZone = "Romance Standard Time",
                Recurrence = new EventRecurrence
                {
                    Pattern = RecurrencePatternKind.RelativeMonthly,
                    DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Tuesday },
                    Index = RecurrenceWeekIndex.First,
                    RangeType = RecurrenceRangeKind.Numbered,
                    NumberOfOccurrences = 6,
                },
            }, CancellationToken.None);
            Assert.Equal(EventKind.SeriesMaster, created.Kind);
            Assert.Equal(RecurrencePatternKind.RelativeMonthly, created.Recurrence!.Pattern);
            Assert.Equal(6, created.Recurrence.NumberOfOccurrences);

            // Paris goes to summer time on 2027-03-28: the April occurrence stays at 09:30 local, 07:30 UTC.
            var read = await s.Backend.Events.ReadWindowAsync(new EventWindowQuery(calendar, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);
            var occurrences = read.Events.Where(e => e.Subject == "Revue mensuelle").ToList();
            Assert.Equal(6, occurrences.Count);
            Assert.All(occurrences, o => Assert.Equal(DayOfWeek.Tuesday, o.Start.DayOfWeek));
            Assert.All(occurrences, o => Assert.True(o.Start.Day <= 7));
            Assert.All(occurrences, o => Assert.Equal(new TimeSpan(9, 30, 0), o.Start.TimeOfDay));
            Assert.Equal(TimeSpan.FromHours(2), occurrences.Single(o => o.Start.Month == 4).Start.Offset);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public void A_Graph_connection_serves_events_and_availability_with_one_backend_within_getSchedules_limits()
        {
            using var registry = new ConnectionRegistry();
            var connection = registry.Add(BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Graph" }));
            Assert.True(connection.Capabilities.HasFlag(ConnectionCapabilities.Events));
            Assert.True(connection.Capabilities.HasFlag(ConnectionCapabilities.Availability));
            var events = registry.Require<ICalendarEventBackend>(connection, ConnectionCapabilities.Events, null);
            var availability = registry.Require<IAvailabilityBackend>(connection, ConnectionCapabilities.Availability, null);
            Assert.IsType<GraphEventBackend>(events);
            Assert.Same(events, availability);
            Assert.Equal(20, availability.Limits.MaxMailboxesPerRequest);
            Assert.Equal(4, availability.Limits.MaxConcurrentRequests);
        }

        internal delegate HttpMessageHandler HttpMessageHandlerWrap(HttpMessageHandler inner);

        /// <summary>Records one request header on its way out.</summary>
        private sealed class HeaderRecorder : DelegatingHandler
        {
            private readonly string header;
            private readonly ConcurrentQueue<string> seen;

            public HeaderRecorder(HttpMessageHandler inner, string header, ConcurrentQueue<string> seen)
                : base(inner)
            {
                this.header = header;
                this.seen = seen;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Headers.TryGetValues(header, out var values))
                {
                    foreach (var v in values)
                    {
                        seen.Enqueue(v);
                    }
                }

                return base.SendAsync(request, cancellationToken);
            }
        }

        /// <summary>Lets a POST reach the server, then loses its answer as a dropped connection would.</summary>
        private sealed class LosingHandler : DelegatingHandler
        {
            public LosingHandler(HttpMessageHandler inner)
                : base(inner)
            {
            }

            public bool LoseNextPost { get; set; }

            public int Lost { get; private set; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (LoseNextPost && request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal))
                {
                    LoseNextPost = false;
                    Lost++;
                    response.Dispose();
                    throw new HttpRequestException("The connection was closed before the response arrived.");
                }

                return response;
            }
        }
    }
}
