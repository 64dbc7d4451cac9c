using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>getSchedule: the sandbox's limits, errors and rendering on the wire, and our backend over the real SDK.</summary>
    public sealed class GraphScheduleTests
    {
        private static readonly string ScheduleUrl = Url("users", "alice@contoso.com", "calendar", "getSchedule");

        // Monday to Friday of the seeded week, in UTC (alice's week starts 08:00 UTC).
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset End = Start.AddDays(5);

        private static string Body(IEnumerable<string> schedules, string start = "2026-12-07T08:00:00", string end = "2026-12-12T08:00:00", string interval = "30", bool pascal = true)
        {
            var names = pascal ? new[] { "Schedules", "StartTime", "EndTime", "AvailabilityViewInterval" } : new[] { "schedules", "startTime", "endTime", "availabilityViewInterval" };
            return "{\"" + names[0] + "\":[" + string.Join(",", schedules.Select(x => "\"" + x + "\"")) + "]," +
                "\"" + names[1] + "\":{\"dateTime\":\"" + start + "\",\"timeZone\":\"UTC\"}," +
                "\"" + names[2] + "\":{\"dateTime\":\"" + end + "\",\"timeZone\":\"UTC\"}," +
                "\"" + names[3] + "\":" + interval + "}";
        }

        private static SandboxOrganization StrictOrg(SandboxOptions? options = null)
        {
            options ??= new SandboxOptions();
            options.GraphStrictValidation = true;
            options.GeneratedMailboxes = Math.Max(options.GeneratedMailboxes, 25);
            return CloudOrg(options);
        }

        private static IEnumerable<string> Users(int count) => Enumerable.Range(1, count).Select(i => "user" + i.ToString("0000") + "@contoso.com");

        [Fact]
        public async Task Twenty_schedules_go_in_one_request_and_twenty_one_are_refused()
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            var (ok, json) = await SendAsync(client, HttpMethod.Post, ScheduleUrl, Body(Users(20)));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(20, json.GetProperty("value").GetArrayLength());
            Assert.EndsWith("$metadata#Collection(microsoft.graph.scheduleInformation)", json.GetProperty("@odata.context").GetString());

            var (refused, error) = await SendAsync(client, HttpMethod.Post, ScheduleUrl, Body(Users(21)));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("ErrorInvalidParameter", ErrorCode(error));
            Assert.Contains("20", error.GetProperty("error").GetProperty("message").GetString());
            Assert.Empty(org.SchemaViolations);
        }

        [Theory]
        [InlineData("2026-12-07T08:00:00", "2027-02-07T08:00:00", "30", false)] // 62 days
        [InlineData("2026-12-07T08:00:00", "2027-02-07T07:59:00", "30", true)] // just under
        [InlineData("2026-12-07T08:00:00", "2026-12-08T08:00:00", "4", false)]
        [InlineData("2026-12-07T08:00:00", "2026-12-08T08:00:00", "5", true)]
        [InlineData("2026-12-07T08:00:00", "2026-12-08T08:00:00", "1440", true)]
        [InlineData("2026-12-07T08:00:00", "2026-12-08T08:00:00", "1441", false)]
        [InlineData("2026-12-07T08:00:00", "2026-12-08T08:00:00", "\"15\"", true)] // a numeric string, as the concept page sends it
        [InlineData("2026-12-08T08:00:00", "2026-12-07T08:00:00", "30", false)]
        public async Task The_window_must_be_under_62_days_and_the_interval_5_to_1440_minutes(string start, string end, string interval, bool accepted)
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            var (response, json) = await SendAsync(client, HttpMethod.Post, ScheduleUrl, Body(new[] { "alice@contoso.com" }, start, end, interval));
            if (accepted)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Single(json.GetProperty("value").EnumerateArray());
            }
            else
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("ErrorInvalidParameter", ErrorCode(json));
            }
        }

        [Fact]
        public async Task A_schedule_that_cannot_be_read_has_its_error_and_the_others_still_come_back_in_camel_or_pascal_case()
        {
            var org = StrictOrg();
            using var client = AppClient(org);
            foreach (var pascal in new[] { true, false })
            {
                var (response, json) = await SendAsync(client, HttpMethod.Post, ScheduleUrl, Body(new[] { "alice@contoso.com", "nobody@contoso.com", "hans@contoso.com" }, pascal: pascal));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var value = json.GetProperty("value").EnumerateArray().ToList();
                Assert.Equal(new[] { "alice@contoso.com", "nobody@contoso.com", "hans@contoso.com" }, value.Select(v => v.GetProperty("scheduleId").GetString()));
                Assert.Equal("ErrorMailRecipientNotFound", value[1].GetProperty("error").GetProperty("responseCode").GetString());
                Assert.False(value[1].TryGetProperty("scheduleItems", out _));
                Assert.Equal(5 * 48, value[0].GetProperty("availabilityView").GetString()!.Length);
                Assert.Equal("W. Europe Standard Time", value[2].GetProperty("workingHours").GetProperty("timeZone").GetProperty("name").GetString());
            }

            Assert.Empty(org.SchemaViolations);
        }

        [Theory]
        [InlineData(false, '4')]
        [InlineData(true, '0')]
        public async Task Working_elsewhere_is_a_status_of_the_schedule_items_whatever_availabilityView_shows(bool asFree, char digit)
        {
            var org = StrictOrg(new SandboxOptions { GraphWorkingElsewhereAsFree = asFree });
            SeedWorkingElsewhere(org);
            using var client = AppClient(org);
            var (_, json) = await SendAsync(client, HttpMethod.Post, ScheduleUrl, Body(new[] { "user0001@contoso.com" }, "2027-01-07T00:00:00", "2027-01-08T00:00:00", "60"));
            var user = json.GetProperty("value")[0];
            var view = user.GetProperty("availabilityView").GetString()!;
            Assert.Equal("0000" + new string(digit, 5) + "22" + new string(digit, 2) + new string('0', 11), view);
            Assert.Contains(user.GetProperty("scheduleItems").EnumerateArray(), i => i.GetProperty("status").GetString() == "workingElsewhere");

            using var s = await GraphSandboxSession.StartAsync(new SandboxOptions { GraphWorkingElsewhereAsFree = asFree, GraphStrictValidation = true, GeneratedMailboxes = 1 });
            SeedWorkingElsewhere(s.Org);
            var schedules = await s.Backend.Events.GetSchedulesAsync(new ScheduleRequest(new[] { "user0001@contoso.com" }, new DateTimeOffset(2027, 1, 7, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 8, 0, 0, 0, TimeSpan.Zero), 60), CancellationToken.None);
            Assert.Equal(view, schedules[0].ServerView);
            var away = Assert.Single(schedules[0].Blocks, b => b.ShowAs == CalendarSharing.EventShowAs.WorkingElsewhere);
            Assert.Equal(TimeSpan.FromHours(9), away.End - away.Start);
            Assert.Single(schedules[0].Blocks, b => b.ShowAs == CalendarSharing.EventShowAs.Busy);
            Assert.Empty(s.Org.SchemaViolations);
        }

        // 04:00-13:00 UTC working elsewhere, a busy meeting 09:00-11:00 UTC over it.
        private static void SeedWorkingElsewhere(SandboxOrganization org)
        {
            var calendar = org.FindMailbox("user0001@contoso.com")!.Calendar;
            var day = new DateTime(2027, 1, 7, 0, 0, 0, DateTimeKind.Utc);
            org.CreateEvent(calendar, new CalendarSharing.Sandbox.Events.SandboxEvent { Subject = "At the customer", StartUtc = day.AddHours(4), EndUtc = day.AddHours(13), ShowAs = CalendarSharing.EventShowAs.WorkingElsewhere });
            org.CreateEvent(calendar, new CalendarSharing.Sandbox.Events.SandboxEvent { Subject = "Review", StartUtc = day.AddHours(9), EndUtc = day.AddHours(11), ShowAs = CalendarSharing.EventShowAs.Busy });
        }

        [Fact]
        public async Task Subjects_and_locations_show_only_where_the_caller_may_see_them()
        {
            var org = StrictOrg();
            var request = Body(new[] { "alice@contoso.com", "marie@contoso.com" });

            // An app sees what each mailbox's Default entry gives: alice's times only, marie's subjects and locations,
            // and never the details of a private item.
            using (var app = AppClient(org))
            {
                var (_, json) = await SendAsync(app, HttpMethod.Post, ScheduleUrl, request);
                var alice = json.GetProperty("value")[0].GetProperty("scheduleItems").EnumerateArray().ToList();
                Assert.NotEmpty(alice);
                Assert.All(alice, i => Assert.False(i.TryGetProperty("subject", out _)));
                var marie = json.GetProperty("value")[1].GetProperty("scheduleItems").EnumerateArray().ToList();
                Assert.Contains(marie, i => i.TryGetProperty("subject", out var subject) && subject.GetString() == "Déjeuner client");
                var personal = marie.Single(i => i.GetProperty("isPrivate").GetBoolean());
                Assert.False(personal.TryGetProperty("subject", out _));
            }

            // The admin signed in: alice's Default entry gives times only.
            using (var admin = UserClient(org, "admin@contoso.com"))
            {
                var (response, json) = await SendAsync(admin, HttpMethod.Post, Url("me", "calendar", "getSchedule"), request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.All(json.GetProperty("value")[0].GetProperty("scheduleItems").EnumerateArray(), i => Assert.False(i.TryGetProperty("subject", out _)));
            }

            Assert.Empty(org.SchemaViolations);
        }

        [Fact]
        public async Task The_backend_asks_for_twenty_mailboxes_in_one_request_and_keeps_each_schedules_own_error()
        {
            using var s = await GraphSandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 25, GraphStrictValidation = true });
            var graph = s.Backend.Events;
            Assert.Equal(20, graph.Limits.MaxMailboxesPerRequest);
            Assert.True(graph.Limits.MaxWindow < TimeSpan.FromDays(62));
            Assert.Equal(4, graph.Limits.MaxConcurrentRequests);
            Assert.Equal(5, graph.Limits.MinIntervalMinutes);
            Assert.Equal(1440, graph.Limits.MaxIntervalMinutes);

            // The first mailbox does not exist: getSchedule is asked through the next one, and nobody gets its own error.
            var mailboxes = new[] { "nobody@contoso.com", "alice@contoso.com", "hans@contoso.com" }.Concat(Users(17)).ToList();
            var schedules = await graph.GetSchedulesAsync(new ScheduleRequest(mailboxes, Start, End, 30) { TimeZone = "Pacific Standard Time" }, CancellationToken.None);
            Assert.Equal(mailboxes, schedules.Select(x => x.Mailbox));
            Assert.Equal(BackendErrorCode.MailboxNotFound, schedules[0].Error!.Code);
            Assert.Equal("ErrorMailRecipientNotFound", schedules[0].Error!.ServerCode);
            Assert.All(schedules.Skip(1), x => Assert.Null(x.Error));
            var alice = schedules[1];
            Assert.Equal("Pacific Standard Time", alice.WorkingHours!.TimeZone);
            Assert.Equal(TimeSpan.FromHours(8), alice.WorkingHours.StartTime);
            Assert.Equal(5, alice.WorkingHours.DaysOfWeek.Count);
            Assert.All(alice.Blocks, b => Assert.Equal(TimeSpan.FromHours(-8), b.Start.Offset));
            Assert.All(alice.Blocks, b => Assert.Null(b.Subject)); // an app gets what alice's Default entry gives: times
            Assert.Contains(alice.Blocks, b => b.Start.Day == 8 && b.Start.Hour == 8); // Quarterly planning, 08:00-09:30
            Assert.Equal("W. Europe Standard Time", schedules[2].WorkingHours!.TimeZone);
            Assert.Equal(5 * 48, alice.ServerView!.Length);
            Assert.Equal(2, s.Org.RequestCounts["Graph:GetSchedule"]); // the refused anchor, then the answer

            var again = await graph.GetSchedulesAsync(new ScheduleRequest(mailboxes, Start, End, 30), CancellationToken.None);
            Assert.Equal(3, s.Org.RequestCounts["Graph:GetSchedule"]); // the anchor that answered is asked first
            Assert.Null(again[1].Error);

            var tooMany = await Assert.ThrowsAsync<BackendException>(() => graph.GetSchedulesAsync(new ScheduleRequest(Users(21).ToList(), Start, End, 30), CancellationToken.None));
            Assert.Equal(BackendErrorCode.InvalidInput, tooMany.Error.Code);
            var tooLong = await Assert.ThrowsAsync<BackendException>(() => graph.GetSchedulesAsync(new ScheduleRequest(new[] { "alice@contoso.com" }, Start, Start.AddDays(62), 30), CancellationToken.None));
            Assert.Equal(BackendErrorCode.InvalidInput, tooLong.Error.Code);
            var longest = await graph.GetSchedulesAsync(new ScheduleRequest(new[] { "alice@contoso.com" }, Start, Start + graph.Limits.MaxWindow, 30), CancellationToken.None);
            Assert.Null(longest[0].Error);
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task Four_requests_at_once_for_one_mailbox_are_within_Outlooks_concurrency_limit()
        {
            using var s = await GraphSandboxSession.StartAsync(new SandboxOptions { GraphConcurrencyLimit = 4, Latency = TimeSpan.FromMilliseconds(200), GraphStrictValidation = true });
            var graph = s.Backend.Events;
            var request = new ScheduleRequest(new[] { "alice@contoso.com", "bob@contoso.com" }, Start, End, 30);
            await graph.GetSchedulesAsync(request, CancellationToken.None); // settles the anchor

            var answers = await Task.WhenAll(Enumerable.Range(0, graph.Limits.MaxConcurrentRequests).Select(_ => graph.GetSchedulesAsync(request, CancellationToken.None)));
            Assert.All(answers, a => Assert.All(a, x => Assert.Null(x.Error)));
            Assert.DoesNotContain(s.Recorder.Responses, r => r.StartsWith("429", StringComparison.Ordinal));
        }
    }
}
