using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Sync;
using CalendarSharing.Online.Graph;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.GraphSandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// The Graph ChangeFeed (our GraphChangeFeedBackend on the real Microsoft.Graph SDK) against the sandbox's calendarView
    /// delta in strict mode: every request and answer is checked against the v1.0 metadata on the way.
    /// </summary>
    public sealed class GraphChangeFeedTests
    {
        internal static readonly DateTimeOffset WindowStart = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        internal static readonly DateTimeOffset WindowEnd = new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero);

        // The admin's calendar has nothing seeded: each round holds exactly what a test made.
        private static CalendarAddress Alice => CalendarAddress.Default("admin@contoso.com");

        internal static Task<GraphSandboxSession> StartAsync(SandboxOptions? options = null)
        {
            options ??= new SandboxOptions();
            options.GraphStrictValidation = true;
            return GraphSandboxSession.StartAsync(options);
        }

        internal static ChangeFeedQuery Query(CalendarAddress calendar, string? watermark, int max = 512) =>
            new ChangeFeedQuery(calendar, watermark) { WindowStart = WindowStart, WindowEnd = WindowEnd, MaxChanges = max };

        /// <summary>Reads a round to its deltaLink: the changes, the deltaLink and the pages it took.</summary>
        internal static async Task<(List<ItemChange> Changes, string Watermark, int Pages)> DrainAsync(IChangeFeedBackend feed, CalendarAddress calendar, string? watermark, int max = 512)
        {
            var changes = new List<ItemChange>();
            for (var pages = 1; ; pages++)
            {
                var batch = await feed.ReadChangesAsync(Query(calendar, watermark, max), CancellationToken.None);
                changes.AddRange(batch.Changes);
                watermark = batch.Watermark;
                if (!batch.MoreAvailable)
                {
                    return (changes, watermark, pages);
                }

                Assert.True(pages < 1000, "the feed never ends");
            }
        }

        internal static EventDraft Weekly(string subject, int occurrences = 4) => new EventDraft
        {
            Subject = subject,
            Start = new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero),
            End = new DateTimeOffset(2027, 3, 1, 9, 30, 0, TimeSpan.Zero),
            TimeZone = "UTC",
            Recurrence = new EventRecurrence
            {
                Pattern = RecurrencePatternKind.Weekly,
                DaysOfWeek = new List<DayOfWeek> { DayOfWeek.Monday },
                StartDate = new DateTime(2027, 3, 1),
                RangeType = RecurrenceRangeKind.Numbered,
                NumberOfOccurrences = occurrences,
                TimeZone = "UTC",
            },
        };

        internal static EventDraft Single(string subject, int day, int hour = 14) => new EventDraft
        {
            Subject = subject,
            Start = new DateTimeOffset(2027, 3, day, hour, 0, 0, TimeSpan.Zero),
            End = new DateTimeOffset(2027, 3, day, hour + 1, 0, 0, TimeSpan.Zero),
            TimeZone = "UTC",
        };

        private static int DeltaRequests(GraphSandboxSession s) =>
            s.Recorder.Requests.Count(r => r.Uri.AbsolutePath.IndexOf("/calendarView/delta", StringComparison.OrdinalIgnoreCase) >= 0);

        [Fact]
        public async Task The_first_round_lists_what_calendarView_shows_page_by_page_never_a_series_master()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            var master = await events.CreateEventAsync(Alice, Weekly("Stand-up"), CancellationToken.None);
            await events.CreateEventAsync(Alice, Single("Review", 3), CancellationToken.None);
            await events.CreateEventAsync(Alice, Single("Retro", 5), CancellationToken.None);

            var (changes, watermark, pages) = await DrainAsync(s.Backend.ChangeFeed, Alice, null, max: 2);

            var view = await events.ReadWindowAsync(new EventWindowQuery(Alice, WindowStart, WindowEnd), CancellationToken.None);
            Assert.Equal(6, view.Events.Count);
            Assert.Equal(view.Events.Select(e => e.Id).OrderBy(i => i, StringComparer.Ordinal), changes.Select(c => c.ItemId).OrderBy(i => i, StringComparer.Ordinal));
            Assert.All(changes, c => Assert.Equal(ItemChangeKind.Changed, c.Kind));
            Assert.DoesNotContain(changes, c => c.ItemId == master.Id);
            Assert.Equal(4, changes.Count(c => c.SeriesMasterId == master.Id));
            Assert.All(changes, c => Assert.StartsWith("W/\"", c.Version));
            Assert.Equal(3, pages);
            Assert.Equal(3, DeltaRequests(s));
            Assert.Contains("$deltatoken=", watermark, StringComparison.Ordinal);
            Assert.Contains(s.Recorder.Requests, r => r.Uri.AbsolutePath.EndsWith("/calendarView/delta()", StringComparison.Ordinal)
                && r.Uri.Query.Contains("startDateTime=2027-03-01T00", StringComparison.Ordinal));

            // Nothing changed since: the next round is empty and takes one request.
            var again = await DrainAsync(s.Backend.ChangeFeed, Alice, watermark, max: 2);
            Assert.Empty(again.Changes);
            Assert.Equal(1, again.Pages);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task Creates_updates_and_deletes_come_in_the_next_round_with_their_new_versions()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            var kept = await events.CreateEventAsync(Alice, Single("Kept", 2), CancellationToken.None);
            var edited = await events.CreateEventAsync(Alice, Single("Edited", 3), CancellationToken.None);
            var deleted = await events.CreateEventAsync(Alice, Single("Deleted", 4), CancellationToken.None);
            var first = await DrainAsync(s.Backend.ChangeFeed, Alice, null);
            Assert.Equal(3, first.Changes.Count);

            var created = await events.CreateEventAsync(Alice, Single("Created", 8), CancellationToken.None);
            var after = await events.UpdateEventAsync(Alice, edited.Id, edited.Version, new EventDraft { Subject = "Edited again" }, CancellationToken.None);
            Assert.True(await events.DeleteEventAsync(Alice, deleted.Id, CancellationToken.None));
            var next = await DrainAsync(s.Backend.ChangeFeed, Alice, first.Watermark);

            Assert.Equal(3, next.Changes.Count);
            Assert.DoesNotContain(next.Changes, c => c.ItemId == kept.Id);
            Assert.Equal(ItemChangeKind.Changed, next.Changes.Single(c => c.ItemId == created.Id).Kind);
            var update = next.Changes.Single(c => c.ItemId == edited.Id);
            Assert.Equal(ItemChangeKind.Changed, update.Kind);
            Assert.Equal(after.Version, update.Version);
            Assert.NotEqual(edited.Version, update.Version);
            Assert.Equal(ItemChangeKind.Deleted, next.Changes.Single(c => c.ItemId == deleted.Id).Kind);
            Assert.Null(next.Changes.Single(c => c.ItemId == deleted.Id).Version);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task A_moved_occurrence_comes_as_changed_and_a_cancelled_one_as_removed_both_naming_their_series()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            var master = await events.CreateEventAsync(Alice, Weekly("Stand-up"), CancellationToken.None);
            var first = await DrainAsync(s.Backend.ChangeFeed, Alice, null);
            var occurrences = (await events.ReadWindowAsync(new EventWindowQuery(Alice, WindowStart, WindowEnd), CancellationToken.None)).Events.OrderBy(e => e.Start).ToList();
            Assert.Equal(4, occurrences.Count);

            // The second Monday moves to Tuesday; the third is cancelled.
            await events.UpdateEventAsync(Alice, occurrences[1].Id, null, new EventDraft
            {
                Start = new DateTimeOffset(2027, 3, 9, 11, 0, 0, TimeSpan.Zero),
                End = new DateTimeOffset(2027, 3, 9, 11, 30, 0, TimeSpan.Zero),
                TimeZone = "UTC",
            }, CancellationToken.None);
            var moved = await DrainAsync(s.Backend.ChangeFeed, Alice, first.Watermark);
            var move = moved.Changes.Single(c => c.ItemId == occurrences[1].Id);
            Assert.Equal(ItemChangeKind.Changed, move.Kind);
            Assert.Equal(master.Id, move.SeriesMasterId);
            Assert.DoesNotContain(moved.Changes, c => c.Kind == ItemChangeKind.Deleted);
            Assert.DoesNotContain(moved.Changes, c => c.ItemId == master.Id);

            Assert.True(await events.DeleteEventAsync(Alice, occurrences[2].Id, CancellationToken.None));
            var cancelled = await DrainAsync(s.Backend.ChangeFeed, Alice, moved.Watermark);
            Assert.Equal(ItemChangeKind.Deleted, cancelled.Changes.Single(c => c.ItemId == occurrences[2].Id).Kind);
            Assert.DoesNotContain(cancelled.Changes, c => c.ItemId == occurrences[2].Id && c.Kind == ItemChangeKind.Changed);
            Assert.All(cancelled.Changes.Where(c => c.Kind == ItemChangeKind.Changed), c => Assert.Equal(master.Id, c.SeriesMasterId));

            // Deleting the series removes every occurrence the client holds, and only those.
            Assert.True(await events.DeleteEventAsync(Alice, master.Id, CancellationToken.None));
            var gone = await DrainAsync(s.Backend.ChangeFeed, Alice, cancelled.Watermark);
            Assert.Equal(new[] { occurrences[0].Id, occurrences[1].Id, occurrences[3].Id }.OrderBy(i => i, StringComparer.Ordinal), gone.Changes.Select(c => c.ItemId).OrderBy(i => i, StringComparer.Ordinal));
            Assert.All(gone.Changes, c => Assert.Equal(ItemChangeKind.Deleted, c.Kind));
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task An_event_moved_out_of_the_window_is_removed_from_it_and_one_moved_in_appears()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            var leaving = await events.CreateEventAsync(Alice, Single("Leaving", 10), CancellationToken.None);
            var arriving = await events.CreateEventAsync(Alice, new EventDraft
            {
                Subject = "Arriving",
                Start = new DateTimeOffset(2027, 5, 3, 9, 0, 0, TimeSpan.Zero),
                End = new DateTimeOffset(2027, 5, 3, 10, 0, 0, TimeSpan.Zero),
                TimeZone = "UTC",
            }, CancellationToken.None);
            var first = await DrainAsync(s.Backend.ChangeFeed, Alice, null);
            Assert.Equal(new[] { leaving.Id }, first.Changes.Select(c => c.ItemId));

            await events.UpdateEventAsync(Alice, leaving.Id, null, new EventDraft { Start = new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.Zero), TimeZone = "UTC" }, CancellationToken.None);
            await events.UpdateEventAsync(Alice, arriving.Id, null, new EventDraft { Start = new DateTimeOffset(2027, 3, 20, 9, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2027, 3, 20, 10, 0, 0, TimeSpan.Zero), TimeZone = "UTC" }, CancellationToken.None);
            var next = await DrainAsync(s.Backend.ChangeFeed, Alice, first.Watermark);

            Assert.Equal(ItemChangeKind.Deleted, next.Changes.Single(c => c.ItemId == leaving.Id).Kind);
            Assert.Equal(ItemChangeKind.Changed, next.Changes.Single(c => c.ItemId == arriving.Id).Kind);
        }

        [Fact]
        public async Task An_expired_delta_token_is_WatermarkExpired_at_a_deltaLink_and_halfway_through_a_round()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            await events.CreateEventAsync(Alice, Weekly("Stand-up"), CancellationToken.None);
            var first = await DrainAsync(s.Backend.ChangeFeed, Alice, null);

            s.Org.ExpireDeltaTokens("admin@contoso.com");
            var expired = await Assert.ThrowsAsync<BackendException>(() => s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, first.Watermark), CancellationToken.None));
            Assert.Equal(BackendErrorCode.WatermarkExpired, expired.Error.Code);
            Assert.Contains("SyncStateNotFound", expired.Error.ServerCode, StringComparison.Ordinal);
            Assert.Contains(s.Recorder.Responses, r => r.StartsWith("410 GET", StringComparison.Ordinal));

            // Halfway: the nextLink of a round whose state expired.
            var page = await s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, null, max: 1), CancellationToken.None);
            Assert.True(page.MoreAvailable);
            s.Org.ExpireDeltaTokens("admin@contoso.com");
            var halfway = await Assert.ThrowsAsync<BackendException>(() => s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, page.Watermark, max: 1), CancellationToken.None));
            Assert.Equal(BackendErrorCode.WatermarkExpired, halfway.Error.Code);

            // Starting over works, and so does a watermark that is no delta link of this connection.
            var fresh = await DrainAsync(s.Backend.ChangeFeed, Alice, null);
            Assert.Equal(4, fresh.Changes.Count);
            var foreign = await Assert.ThrowsAsync<BackendException>(() => s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, "H4sIAAAAAAAA-an-EWS-SyncState"), CancellationToken.None));
            Assert.Equal(BackendErrorCode.WatermarkExpired, foreign.Error.Code);
        }

        [Fact]
        public async Task A_page_failing_halfway_through_fails_the_read_and_the_same_watermark_reads_that_page_again()
        {
            using var s = await StartAsync();
            var events = s.Backend.Events;
            await events.CreateEventAsync(Alice, Weekly("Stand-up", occurrences: 5), CancellationToken.None);
            s.Org.FailDeltaAfterPages(2);

            var seen = new List<ItemChange>();
            var p1 = await s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, null, max: 2), CancellationToken.None);
            var p2 = await s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, p1.Watermark, max: 2), CancellationToken.None);
            seen.AddRange(p1.Changes.Concat(p2.Changes));
            Assert.True(p2.MoreAvailable);
            var failed = await Assert.ThrowsAsync<BackendException>(() => s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, p2.Watermark, max: 2), CancellationToken.None));
            Assert.Equal(BackendErrorCode.ServerFault, failed.Error.Code);
            Assert.Contains("Cannot read the changes of admin@contoso.com", failed.Error.Message, StringComparison.Ordinal);

            var p3 = await s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, p2.Watermark, max: 2), CancellationToken.None);
            seen.AddRange(p3.Changes);
            Assert.False(p3.MoreAvailable);
            Assert.Equal(5, seen.Select(c => c.ItemId).Distinct(StringComparer.Ordinal).Count());
        }

        [Fact]
        public async Task A_throttled_page_is_retried_after_Retry_After_through_the_connections_retry_policy()
        {
            using var s = await StartAsync();
            await s.Backend.Events.CreateEventAsync(Alice, Weekly("Stand-up"), CancellationToken.None);
            var first = await s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, null, max: 2), CancellationToken.None);
            s.Org.ThrottleDeltaPages(1);

            var second = await s.Backend.ChangeFeed.ReadChangesAsync(Query(Alice, first.Watermark, max: 2), CancellationToken.None);

            Assert.Equal(2, second.Changes.Count);
            Assert.False(second.MoreAvailable);
            Assert.True(s.Org.GraphThrottledResponses > 0, "the sandbox never throttled: the test proves nothing");
            var answers = s.Recorder.Responses.Where(r => r.Contains("/calendarView/delta", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal(new[] { "200", "429", "200" }, answers.Select(a => a.Substring(0, 3)));
        }

        [Fact]
        public async Task A_secondary_calendar_is_followed_by_its_own_delta_and_the_default_one_does_not_see_its_changes()
        {
            using var s = await StartAsync();
            var team = CalendarAddress.Parse("alice@contoso.com", "Team Events");
            var first = await DrainAsync(s.Backend.ChangeFeed, team, null);
            var defaultFirst = await DrainAsync(s.Backend.ChangeFeed, Alice, null);

            var made = await s.Backend.Events.CreateEventAsync(team, Single("Team lunch", 12), CancellationToken.None);
            var next = await DrainAsync(s.Backend.ChangeFeed, team, first.Watermark);
            var defaultNext = await DrainAsync(s.Backend.ChangeFeed, Alice, defaultFirst.Watermark);

            Assert.Equal(new[] { made.Id }, next.Changes.Select(c => c.ItemId));
            Assert.Empty(defaultNext.Changes);
            Assert.Contains(s.Recorder.Requests, r => r.Uri.AbsolutePath.Contains("/calendars/", StringComparison.Ordinal) && r.Uri.AbsolutePath.EndsWith("/calendarView/delta()", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Delta_on_the_wire_needs_a_window_refuses_select_and_expand_and_answers_410_for_an_unknown_token()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var client = GraphTestKit.AppClient(org);
            var baseUrl = GraphTestKit.Url("users", "admin@contoso.com") + "/calendarView/delta";

            var (noWindow, noWindowJson) = await GraphTestKit.SendAsync(client, HttpMethod.Get, baseUrl);
            Assert.Equal(HttpStatusCode.BadRequest, noWindow.StatusCode);
            Assert.Equal("ErrorInvalidParameter", GraphTestKit.ErrorCode(noWindowJson));

            var window = "?startdatetime=2027-03-01T00:00:00Z&enddatetime=2027-04-01T00:00:00Z";
            foreach (var option in new[] { "&$select=subject", "&$expand=singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-C000-000000000046} Name X')", "&$filter=subject eq 'x'" })
            {
                var (refused, _) = await GraphTestKit.SendAsync(client, HttpMethod.Get, baseUrl + window + option);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            }

            var (ok, json) = await GraphTestKit.SendAsync(client, HttpMethod.Get, baseUrl + window);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.EndsWith("$metadata#Collection(event)", json.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
            var deltaLink = json.GetProperty("@odata.deltaLink").GetString()!;
            Assert.Contains("/users/admin%40contoso.com/calendarView/delta?$deltatoken=", deltaLink, StringComparison.Ordinal);

            var (gone, goneJson) = await GraphTestKit.SendAsync(client, HttpMethod.Get, baseUrl + "?$deltatoken=bm90LWEtdG9rZW4");
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Equal("SyncStateNotFound", GraphTestKit.ErrorCode(goneJson));
            Assert.Empty(org.SchemaViolations);
        }

        [Theory]
        [InlineData(410, "SyncStateNotFound")]
        [InlineData(410, null)]
        [InlineData(400, "resyncRequired")]
        [InlineData(400, "syncStateNotFound")]
        public void Graph_errors_of_an_expired_or_reset_delta_are_WatermarkExpired(int status, string? code)
        {
            Assert.Equal(BackendErrorCode.WatermarkExpired, GraphErrorMap.Map(status, code, "gone", "Cannot read the changes", NotFoundMeans.Calendar).Code);
        }
    }
}
