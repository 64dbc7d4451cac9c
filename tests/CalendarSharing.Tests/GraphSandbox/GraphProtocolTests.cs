using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    public sealed class GraphProtocolTests
    {
        [Fact]
        public async Task Without_a_valid_token_Graph_answers_401_InvalidAuthenticationToken()
        {
            var org = CloudOrg();

            using var anonymous = Client(org, null);
            var (missing, missingJson) = await SendAsync(anonymous, HttpMethod.Get, PermissionsUrl("alice@contoso.com"));
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("InvalidAuthenticationToken", ErrorCode(missingJson));
            Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

            using var forged = Client(org, "sbx.not-a-token-the-sandbox-issued");
            var (bad, badJson) = await SendAsync(forged, HttpMethod.Get, PermissionsUrl("alice@contoso.com"));
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
            Assert.Equal("InvalidAuthenticationToken", ErrorCode(badJson));

            using var expired = Client(org, org.IssueGraphToken(lifetime: TimeSpan.FromMinutes(-1)));
            var (old, oldJson) = await SendAsync(expired, HttpMethod.Get, PermissionsUrl("alice@contoso.com"));
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
            Assert.Equal("InvalidAuthenticationToken", ErrorCode(oldJson));

            // An EWS bearer token is not a Graph token.
            using var ews = Client(org, org.IssueAccessToken("admin@contoso.com"));
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(ews, HttpMethod.Get, PermissionsUrl("alice@contoso.com"))).Response.StatusCode);
        }

        [Fact]
        public async Task Past_the_concurrency_limit_per_mailbox_Graph_answers_429_with_Retry_After()
        {
            var org = CloudOrg(new SandboxOptions { GraphConcurrencyLimit = 4, GraphRetryAfterSeconds = 2 });
            using var release = new ManualResetEventSlim(false);
            using var inFlight = new CountdownEvent(4);
            org.BeforeOperation = operation =>
            {
                if (operation == "Graph:ListCalendarPermissions")
                {
                    inFlight.Signal();
                    release.Wait(TimeSpan.FromMinutes(1));
                }
            };
            using var client = AppClient(org);

            var held = Enumerable.Range(0, 4).Select(_ => Task.Run(() => SendAsync(client, HttpMethod.Get, PermissionsUrl("alice@contoso.com")))).ToArray();
            Assert.True(inFlight.Wait(TimeSpan.FromMinutes(1)), "four requests should be in flight");

            var (fifth, json) = await SendAsync(client, HttpMethod.Get, Url("users", "alice@contoso.com", "calendar"));
            Assert.Equal((HttpStatusCode)429, fifth.StatusCode);
            Assert.Equal("ApplicationThrottled", ErrorCode(json));
            Assert.Equal(TimeSpan.FromSeconds(2), fifth.Headers.RetryAfter!.Delta);

            // Another mailbox is another budget.
            var (other, _) = await SendAsync(client, HttpMethod.Get, Url("users", "bob@contoso.com", "calendar"));
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);

            release.Set();
            foreach (var task in held)
            {
                Assert.Equal(HttpStatusCode.OK, (await task).Response.StatusCode);
            }

            Assert.Equal(1, org.GraphThrottledResponses);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, Url("users", "alice@contoso.com", "calendar"))).Response.StatusCode);
        }

        [Fact]
        public async Task Batch_runs_mixed_requests_with_dependsOn_and_reports_each_on_its_own()
        {
            var org = CloudOrg();
            using var client = AppClient(org);
            var carolId = Find(await GetOkAsync(client, PermissionsUrl("alice@contoso.com")), "carol@contoso.com").GetProperty("id").GetString()!;
            var batch = "{\"requests\":[" +
                "{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/alice%40contoso.com/calendar\"}," +
                "{\"id\":\"2\",\"method\":\"POST\",\"url\":\"/users/alice@contoso.com/calendar/calendarPermissions\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + Grant("bob@contoso.com", "read") + "}," +
                "{\"id\":\"3\",\"method\":\"PATCH\",\"url\":\"/users/alice@contoso.com/calendar/calendarPermissions/" + Uri.EscapeDataString(carolId) + "\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"role\":\"limitedRead\"},\"dependsOn\":[\"2\"]}," +
                "{\"id\":\"4\",\"method\":\"GET\",\"url\":\"/users/nobody@contoso.com/calendar\"}," +
                "{\"id\":\"5\",\"method\":\"DELETE\",\"url\":\"/users/alice@contoso.com/calendar/calendarPermissions/RGVmYXVsdA==\",\"dependsOn\":[\"4\"]}," +
                "{\"id\":\"6\",\"method\":\"GET\",\"url\":\"/users/hans@contoso.com/calendar/calendarPermissions\"}]}";

            var (response, json) = await SendAsync(client, HttpMethod.Post, "$batch", batch);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var byId = json.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
            Assert.Equal(new[] { "1", "2", "3", "4", "5", "6" }, byId.Keys.OrderBy(k => k).ToArray());
            Assert.Equal(200, byId["1"].GetProperty("status").GetInt32());
            Assert.Equal("Calendar", byId["1"].GetProperty("body").GetProperty("name").GetString());
            Assert.Equal(200, byId["2"].GetProperty("status").GetInt32());
            Assert.Equal(200, byId["3"].GetProperty("status").GetInt32());
            Assert.Equal("limitedRead", byId["3"].GetProperty("body").GetProperty("role").GetString());
            Assert.Equal(404, byId["4"].GetProperty("status").GetInt32());
            Assert.Equal("ErrorInvalidUser", ErrorCode(byId["4"].GetProperty("body")));
            Assert.Equal(424, byId["5"].GetProperty("status").GetInt32());
            Assert.Equal(200, byId["6"].GetProperty("status").GetInt32());
            Assert.StartsWith("application/json", byId["6"].GetProperty("headers").GetProperty("Content-Type").GetString());

            var acl = org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()).ToArray();
            Assert.Contains("bob@contoso.com=Reviewer", acl);
            Assert.Contains("carol@contoso.com=FreeBusyTimeAndSubjectAndLocation", acl);
            Assert.Contains("Default=FreeBusyTimeOnly", acl);
        }

        [Fact]
        public async Task Batch_refuses_more_than_20_requests_and_duplicate_ids_as_a_whole()
        {
            var org = CloudOrg();
            using var client = AppClient(org);
            string Get(int id, string? idText = null) => "{\"id\":\"" + (idText ?? id.ToString()) + "\",\"method\":\"GET\",\"url\":\"/users/alice@contoso.com/calendar\"}";

            var (tooMany, tooManyJson) = await SendAsync(client, HttpMethod.Post, "$batch", "{\"requests\":[" + string.Join(",", Enumerable.Range(1, 21).Select(i => Get(i))) + "]}");
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
            Assert.Equal("BadRequest", ErrorCode(tooManyJson));

            var (duplicate, _) = await SendAsync(client, HttpMethod.Post, "$batch", "{\"requests\":[" + Get(1) + "," + Get(2, "1") + "]}");
            Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);

            var (twenty, twentyJson) = await SendAsync(client, HttpMethod.Post, "$batch", "{\"requests\":[" + string.Join(",", Enumerable.Range(1, 20).Select(i => Get(i))) + "]}");
            Assert.Equal(HttpStatusCode.OK, twenty.StatusCode);
            Assert.All(twentyJson.GetProperty("responses").EnumerateArray(), r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
        }

        [Fact]
        public async Task Topology_routes_cloud_mailboxes_to_Graph_and_on_premises_ones_to_EWS()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Hybrid });
            Assert.Equal(MailboxHome.OnPremises, org.HomeOf("alice@contoso.com"));
            Assert.Equal(MailboxHome.Cloud, org.HomeOf("carol@contoso.com"));
            Assert.Equal(MailboxHome.Cloud, org.FindAccount("admin@contoso.com")!.Home);
            Assert.Null(org.HomeOf("nobody@contoso.com"));

            using var graph = AppClient(org);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(graph, HttpMethod.Get, Url("users", "carol@contoso.com", "calendar"))).Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(graph, HttpMethod.Get, Url("users", "alice@contoso.com"))).Response.StatusCode); // the directory has everyone
            var (onPrem, onPremJson) = await SendAsync(graph, HttpMethod.Get, PermissionsUrl("alice@contoso.com"));
            Assert.Equal(HttpStatusCode.NotFound, onPrem.StatusCode);
            Assert.Equal("MailboxNotEnabledForRESTAPI", ErrorCode(onPremJson));

            using var ews = Tests.Sandbox.SandboxTestKit.AdminClient(org);
            var cloud = Tests.Sandbox.SandboxTestKit.Messages(await Tests.Sandbox.SandboxTestKit.CallAsync(ews, Tests.Sandbox.SandboxTestKit.GetCalendarBody("carol@contoso.com"))).Single();
            Assert.Equal("ErrorNonExistentMailbox", Tests.Sandbox.SandboxTestKit.Code(cloud));
            var local = Tests.Sandbox.SandboxTestKit.Messages(await Tests.Sandbox.SandboxTestKit.CallAsync(ews, Tests.Sandbox.SandboxTestKit.GetCalendarBody("alice@contoso.com"))).Single();
            Assert.Equal("Success", Tests.Sandbox.SandboxTestKit.Class(local));

            // The admin's own mailbox is in the cloud: EWS without a Mailbox element finds nothing.
            var own = Tests.Sandbox.SandboxTestKit.Messages(await Tests.Sandbox.SandboxTestKit.CallAsync(ews, Tests.Sandbox.SandboxTestKit.GetCalendarBody(null))).Single();
            Assert.Equal("ErrorNonExistentMailbox", Tests.Sandbox.SandboxTestKit.Code(own));
        }

        [Fact]
        public async Task Every_mailbox_answers_EWS_by_default_and_none_answers_Graph()
        {
            var org = SandboxOrganization.Create();
            Assert.All(org.Accounts, a => Assert.Equal(MailboxHome.OnPremises, a.Home));
            using var graph = AppClient(org);
            var (response, json) = await SendAsync(graph, HttpMethod.Get, Url("users", "hans@contoso.com", "calendar"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("MailboxNotEnabledForRESTAPI", ErrorCode(json));
        }

        [Fact]
        public async Task Transient_faults_come_as_503_with_Retry_After_or_504_and_never_after_a_write()
        {
            var org = CloudOrg(new SandboxOptions { TransientFaultRate = 1 });
            using var client = AppClient(org);
            var statuses = new List<int>();
            for (var i = 0; i < 6; i++)
            {
                var (response, json) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("bob@contoso.com", "read"));
                statuses.Add((int)response.StatusCode);
                ErrorCode(json);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.NotNull(response.Headers.RetryAfter);
                }
            }

            Assert.All(statuses, s => Assert.Contains(s, new[] { 503, 504 }));
            Assert.DoesNotContain(org.GetCalendarAcl("alice@contoso.com"), p => p.User == "bob@contoso.com");
            Assert.Equal(6, org.TransientFaults);
        }
    }
}
