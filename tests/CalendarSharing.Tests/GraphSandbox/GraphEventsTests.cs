using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Validation;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>The sandbox's Graph events endpoints on the wire (raw HTTP, JSON by hand), every answer checked against the v1.0 metadata.</summary>
    public sealed class GraphEventsTests
    {
        // The seeded week in UTC: alice lives in Pacific time, so Monday 00:00 PST is 08:00 UTC.
        private const string WeekStart = "2026-12-07T08:00:00Z";
        private const string WeekEnd = "2026-12-12T08:00:00Z";

        private static string View(string user, string start = WeekStart, string end = WeekEnd, string? calendarId = null) =>
            (calendarId == null ? Url("users", user, "calendar", "calendarView") : Url("users", user, "calendars", calendarId, "calendarView")) +
            "?startDateTime=" + Uri.EscapeDataString(start) + "&endDateTime=" + Uri.EscapeDataString(end);

        private static SandboxOrganization StrictOrg(SandboxOptions? options = null)
        {
            options ??= new SandboxOptions();
            options.GraphStrictValidation = true;
            return CloudOrg(options);
        }

        private static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string url, string? prefer = null)
        {
            var items = new List<JsonElement>();
            for (var next = url; next != null;)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, next);
                if (prefer != null)
                {
                    request.Headers.TryAddWithoutValidation("Prefer", prefer);
                }

                var response = await client.SendAsync(request);
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                Assert.True(response.IsSuccessStatusCode, json.ToString());
                items.AddRange(json.GetProperty("value").EnumerateArray());
                next = json.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            }

            return items;
        }

        [Fact]
        public async Task CalendarView_gives_occurrences_exceptions_and_singles_never_masters_and_every_answer_fits_the_metadata()
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            var items = await AllPagesAsync(client, View("alice@contoso.com"));

            Assert.DoesNotContain(items, e => e.GetProperty("type").GetString() == "seriesMaster");
            var standups = items.Where(e => e.GetProperty("subject").GetString() == "Team stand-up").ToList();
            Assert.Equal(4, standups.Count); // Friday's is cancelled
            Assert.Equal(new[] { "occurrence", "occurrence", "exception", "occurrence" }, standups.Select(e => e.GetProperty("type").GetString()));
            Assert.All(standups, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("seriesMasterId").GetString())));
            Assert.Single(standups.Select(e => e.GetProperty("seriesMasterId").GetString()).Distinct());
            Assert.Equal(4, standups.Select(e => e.GetProperty("iCalUId").GetString()).Distinct().Count()); // one per occurrence

            // UTC by default, 7 fractional digits, no offset.
            var monday = standups[0].GetProperty("start");
            Assert.Equal("UTC", monday.GetProperty("timeZone").GetString());
            Assert.Equal("2026-12-07T17:00:00.0000000", monday.GetProperty("dateTime").GetString());
            Assert.Equal("Pacific Standard Time", standups[0].GetProperty("originalStartTimeZone").GetString());
            var etag = standups[0].GetProperty("@odata.etag").GetString()!;
            Assert.Equal("W/\"" + standups[0].GetProperty("changeKey").GetString() + "\"", etag);
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task CalendarView_without_a_window_is_Graphs_400()
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            var (response, json) = await SendAsync(client, HttpMethod.Get, Url("users", "alice@contoso.com", "calendar", "calendarView"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ErrorInvalidParameter", ErrorCode(json));
            Assert.Contains("StartDateTime and EndDateTime", json.GetProperty("error").GetProperty("message").GetString());
        }

        [Theory]
        [InlineData("W. Europe Standard Time", "2026-12-07T18:00:00.0000000")]
        [InlineData("Europe/Berlin", "2026-12-07T18:00:00.0000000")]
        [InlineData("Asia/Tokyo", "2026-12-08T02:00:00.0000000")]
        public async Task Prefer_outlook_timezone_renders_start_and_end_in_that_zone_and_says_so(string zone, string mondayStart)
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            using var request = new HttpRequestMessage(HttpMethod.Get, View("alice@contoso.com"));
            request.Headers.TryAddWithoutValidation("Prefer", "outlook.body-content-type=\"text\", outlook.timezone=\"" + zone + "\"");
            var response = await client.SendAsync(request);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("outlook.timezone=\"" + zone + "\", outlook.body-content-type=\"text\"", Assert.Single(response.Headers.GetValues("Preference-Applied")));
            var standUp = json.GetProperty("value").EnumerateArray().First(e => e.GetProperty("subject").GetString() == "Team stand-up");
            Assert.Equal("text", standUp.GetProperty("body").GetProperty("contentType").GetString());
            var monday = standUp.GetProperty("start");
            Assert.Equal(zone, monday.GetProperty("timeZone").GetString());
            Assert.Equal(mondayStart, monday.GetProperty("dateTime").GetString());
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task A_window_with_more_events_than_a_page_is_read_whole_through_nextLink_and_top_sizes_the_pages()
        {
            var org = StrictOrg(new SandboxOptions { GraphPageSize = 10 });
            // The admin's calendar: the seeded week leaves it empty, so the window holds only these.
            var bob = org.FindMailbox("admin@contoso.com")!;
            var day = new DateTime(2027, 1, 4, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 25; i++)
            {
                org.CreateEvent(bob.Calendar, new SandboxEvent { Subject = "Slot " + i, StartUtc = day.AddMinutes(30 * i), EndUtc = day.AddMinutes(30 * i + 30) });
            }

            using var client = AppClient(org);
            var url = View("admin@contoso.com", "2027-01-04T00:00:00Z", "2027-01-05T00:00:00Z");
            var first = await GetOkAsync(client, url);
            Assert.Equal(10, first.GetProperty("value").GetArrayLength());
            Assert.Contains("startDateTime=", first.GetProperty("@odata.nextLink").GetString());

            var all = await AllPagesAsync(client, url);
            Assert.Equal(Enumerable.Range(0, 25).Select(i => "Slot " + i), all.Select(e => e.GetProperty("subject").GetString()));

            var selected = await GetOkAsync(client, url + "&$top=7&$select=subject,start");
            Assert.Equal(7, selected.GetProperty("value").GetArrayLength());
            var one = selected.GetProperty("value")[0];
            Assert.True(one.TryGetProperty("id", out _));
            Assert.False(one.TryGetProperty("location", out _));
            Assert.Equal(25, (await AllPagesAsync(client, url + "&$top=7")).Count);
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task A_series_master_from_events_carries_its_recurrence_cancelled_occurrences_and_expanded_exceptions()
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            var events = await AllPagesAsync(client, Url("users", "alice@contoso.com", "calendar", "events"));
            var master = events.Single(e => e.GetProperty("type").GetString() == "seriesMaster" && e.GetProperty("subject").GetString() == "Team stand-up");
            var recurrence = master.GetProperty("recurrence");
            Assert.Equal("weekly", recurrence.GetProperty("pattern").GetProperty("type").GetString());
            Assert.Equal(5, recurrence.GetProperty("pattern").GetProperty("daysOfWeek").GetArrayLength());
            Assert.Equal("noEnd", recurrence.GetProperty("range").GetProperty("type").GetString());
            Assert.Equal("2026-11-09", recurrence.GetProperty("range").GetProperty("startDate").GetString());
            var id = master.GetProperty("id").GetString()!;
            Assert.Equal(new[] { "OID." + id + ".2026-12-11" }, master.GetProperty("cancelledOccurrences").EnumerateArray().Select(c => c.GetString()));

            var expanded = await GetOkAsync(client, Url("users", "alice@contoso.com", "events", id) + "?$expand=exceptionOccurrences");
            var exception = Assert.Single(expanded.GetProperty("exceptionOccurrences").EnumerateArray());
            Assert.Equal("exception", exception.GetProperty("type").GetString());
            Assert.Equal("2026-12-09T17:00:00Z", exception.GetProperty("originalStart").GetString());
            Assert.Equal("2026-12-09T18:00:00.0000000", exception.GetProperty("start").GetProperty("dateTime").GetString());

            var instances = await AllPagesAsync(client, Url("users", "alice@contoso.com", "events", id, "instances") +
                "?startDateTime=" + WeekStart + "&endDateTime=" + WeekEnd);
            Assert.Equal(4, instances.Count);
            Assert.All(instances, i => Assert.Equal(id, i.GetProperty("seriesMasterId").GetString()));
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task Post_with_a_transactionId_twice_makes_one_event_and_reusing_it_for_another_event_is_ErrorDuplicateTransactionId()
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            const string body = "{\"subject\":\"Workshop\",\"transactionId\":\"tx-42\"," +
                "\"start\":{\"dateTime\":\"2026-12-08T09:00:00\",\"timeZone\":\"W. Europe Standard Time\"}," +
                "\"end\":{\"dateTime\":\"2026-12-08T11:00:00\",\"timeZone\":\"W. Europe Standard Time\"}," +
                "\"showAs\":\"busy\",\"singleValueExtendedProperties\":[{\"id\":\"String {00020329-0000-0000-C000-000000000046} Name SyncId\",\"value\":\"abc\"}]}";
            var url = Url("users", "boardroom@contoso.com", "calendar", "events");
            var (first, created) = await SendAsync(client, HttpMethod.Post, url, body);
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            var (second, again) = await SendAsync(client, HttpMethod.Post, url, body);
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
            Assert.Equal(created.GetProperty("id").GetString(), again.GetProperty("id").GetString());
            Assert.Equal("tx-42", created.GetProperty("transactionId").GetString());
            Assert.Equal("W. Europe Standard Time", created.GetProperty("originalStartTimeZone").GetString());
            Assert.Equal("2026-12-08T08:00:00.0000000", created.GetProperty("start").GetProperty("dateTime").GetString());

            var (reused, error) = await SendAsync(client, HttpMethod.Post, url, body.Replace("Workshop", "Something else"));
            Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
            Assert.Equal("ErrorDuplicateTransactionId", ErrorCode(error));
            Assert.Equal(1, org.FindMailbox("boardroom@contoso.com")!.Calendar.Items.Snapshot().Count(e => e.TransactionId == "tx-42"));

            var stamp = await GetOkAsync(client, Url("users", "boardroom@contoso.com", "events", created.GetProperty("id").GetString()!) +
                "?$expand=" + Uri.EscapeDataString("singleValueExtendedProperties($filter=id eq 'String {00020329-0000-0000-C000-000000000046} Name SyncId')"));
            Assert.Equal("abc", Assert.Single(stamp.GetProperty("singleValueExtendedProperties").EnumerateArray()).GetProperty("value").GetString());
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task Patch_with_a_stale_If_Match_is_412_and_writes_nothing_and_delete_of_an_occurrence_cancels_it()
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            var items = await AllPagesAsync(client, View("alice@contoso.com"));
            var planning = items.Single(e => e.GetProperty("subject").GetString() == "Quarterly planning");
            var id = planning.GetProperty("id").GetString()!;
            var etag = planning.GetProperty("@odata.etag").GetString()!;
            var url = Url("users", "alice@contoso.com", "events", id);

            var (ok, patched) = await SendAsync(client, new HttpMethod("PATCH"), url, "{\"subject\":\"Quarterly planning (moved)\"}", etag);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.NotEqual(etag, patched.GetProperty("@odata.etag").GetString());
            var (stale, conflict) = await SendAsync(client, new HttpMethod("PATCH"), url, "{\"subject\":\"Lost\"}", etag);
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            Assert.Equal("ErrorIrresolvableConflict", ErrorCode(conflict));
            Assert.Equal("Quarterly planning (moved)", (await GetOkAsync(client, url)).GetProperty("subject").GetString());

            var tuesday = items.First(e => e.GetProperty("subject").GetString() == "Team stand-up" && e.GetProperty("start").GetProperty("dateTime").GetString()!.StartsWith("2026-12-08", StringComparison.Ordinal));
            var (deleted, _) = await SendAsync(client, HttpMethod.Delete, Url("users", "alice@contoso.com", "events", tuesday.GetProperty("id").GetString()!));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            var after = await AllPagesAsync(client, View("alice@contoso.com"));
            Assert.Equal(3, after.Count(e => e.GetProperty("subject").GetString() == "Team stand-up"));
            var (gone, missing) = await SendAsync(client, HttpMethod.Get, Url("users", "alice@contoso.com", "events", tuesday.GetProperty("id").GetString()!));
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("ErrorItemNotFound", ErrorCode(missing));
            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task Paths_and_contexts_of_every_events_answer_are_in_the_v1_metadata()
        {
            var metadata = GraphMetadataValidator.Load();
            var org = StrictOrg();
            using var client = AppClient(org);
            var teamEvents = await TeamEventsIdAsync(client);
            var urls = new[]
            {
                Url("users", "alice@contoso.com", "calendarView"),
                Url("users", "alice@contoso.com", "calendar", "calendarView"),
                Url("users", "alice@contoso.com", "calendars", teamEvents, "calendarView"),
                Url("users", "alice@contoso.com", "events"),
                Url("users", "alice@contoso.com", "calendar", "events"),
                Url("users", "alice@contoso.com", "calendars", teamEvents, "events"),
                Url("users", "alice@contoso.com", "calendar", "getSchedule"),
            };
            foreach (var url in urls)
            {
                Assert.Empty(metadata.CheckPath(url.Split('/').Select(Uri.UnescapeDataString), url, out var type));
                Assert.NotNull(type);
            }

            var answer = await GetOkAsync(client, View("alice@contoso.com", calendarId: teamEvents));
            Assert.EndsWith("/calendars('" + Uri.EscapeDataString(teamEvents) + "')/calendarView", answer.GetProperty("@odata.context").GetString());

            // The validator itself, on an answer with every kind of event and both expansions.
            var events = await GetOkAsync(client, Url("users", "alice@contoso.com", "calendar", "events") + "?$expand=exceptionOccurrences");
            var view = await GetOkAsync(client, View("alice@contoso.com"));
            var findings = events.GetProperty("value").EnumerateArray().Concat(view.GetProperty("value").EnumerateArray())
                .SelectMany(e => metadata.Check(e, "event", "event")).ToList();
            Assert.Empty(findings);
            Assert.NotEmpty(metadata.Check(JsonDocument.Parse("{\"subject\":\"x\",\"notAProperty\":1}").RootElement, "event", "event"));
            Assert.Empty(org.SchemaViolations);
        }
    }
}
