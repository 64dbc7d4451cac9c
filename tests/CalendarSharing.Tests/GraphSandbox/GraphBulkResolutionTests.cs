using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Online.Graph;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// Many SMTP addresses resolved through Graph with GET /users?$filter=userPrincipalName in (…), 15 a request, inside
    /// $batch; the same answers as GET /users/{address} one at a time. Our backend on the real SDK against the sandbox in
    /// strict mode (every request and answer checked against the v1.0 metadata).
    /// </summary>
    public sealed class GraphBulkResolutionTests
    {
        private static string Describe(BackendResult<Principal> r) =>
            r.IsSuccess
                ? $"{r.Value!.Kind} {r.Value.Address} '{r.Value.DisplayName}' {r.Value.ServerId}"
                : $"{r.Error!.Code} {r.Error.ServerCode} {r.Error.Message}";

        private static Dictionary<string, int> Counts(SandboxOrganization org) => new Dictionary<string, int>(org.RequestCounts);

        private static string Delta(SandboxOrganization org, Dictionary<string, int> before) =>
            string.Join(", ", org.RequestCounts.Where(kv => kv.Value != (before.TryGetValue(kv.Key, out var b) ? b : 0)).Select(kv => $"{kv.Key} {kv.Value - (before.TryGetValue(kv.Key, out var b2) ? b2 : 0)}"));

        private static int Sent(SandboxOrganization org, Dictionary<string, int> before, string operation) =>
            org.RequestCount(operation) - (before.TryGetValue(operation, out var n) ? n : 0);

        [Fact]
        public async Task Three_hundred_addresses_cost_twenty_filtered_lookups_in_one_batch_not_one_request_each()
        {
            using var s = await GraphSandboxSession.StartAsync(new SandboxOptions { GraphStrictValidation = true, GeneratedMailboxes = 300 });
            var names = Enumerable.Range(1, 300).Select(i => $"user{i:D4}@contoso.com").ToList();
            var before = Counts(s.Org);

            var results = await s.Backend.ResolvePrincipalsAsync(names, CancellationToken.None);

            var delta = Delta(s.Org, before);
            Assert.True(Sent(s.Org, before, "Graph:$batch") == 1, delta);
            Assert.True(Sent(s.Org, before, "Graph:GetUser") == 0, delta);
            Assert.True(s.Org.RequestCounts.Where(kv => kv.Key != "Graph:$batch").Sum(kv => kv.Value - (before.TryGetValue(kv.Key, out var b) ? b : 0)) == 300 / GraphCalendarBackend.UpnFilterSize, delta);
            for (var i = 0; i < names.Count; i++)
            {
                Assert.True(results[i].IsSuccess, Describe(results[i]));
                Assert.Equal(names[i], results[i].Value!.Address);
                Assert.Equal($"User {i + 1:D4}", results[i].Value!.DisplayName);
                Assert.False(string.IsNullOrEmpty(results[i].Value!.ServerId));
            }
        }

        [Fact]
        public async Task Addresses_found_in_bulk_or_not_resolve_as_they_do_one_at_a_time()
        {
            var names = Enumerable.Range(1, 12).Select(i => $"user{i:D4}@contoso.com")
                .Concat(new[] { "nobody@contoso.com", "ghost@contoso.com", "ALICE@contoso.com", "partner@fabrikam.com", "carol", "Bob Berg", "Default" })
                .ToList();
            using var bulk = await GraphSandboxSession.StartAsync(new SandboxOptions { GraphStrictValidation = true, GeneratedMailboxes = 12 });
            var before = Counts(bulk.Org);
            var together = await bulk.Backend.ResolvePrincipalsAsync(names, CancellationToken.None);

            // The two unknown addresses are looked up again on their own, as before; found ones are not.
            Assert.True(Sent(bulk.Org, before, "Graph:GetUser") == 2, Delta(bulk.Org, before));

            foreach (var (name, answer) in names.Zip(together, (n, a) => (n, a)))
            {
                using var one = await GraphSandboxSession.StartAsync(new SandboxOptions { GraphStrictValidation = true, GeneratedMailboxes = 12 });
                var alone = (await one.Backend.ResolvePrincipalsAsync(new[] { name }, CancellationToken.None))[0];
                Assert.True(Describe(alone) == Describe(answer), $"'{name}': alone {Describe(alone)}, in bulk {Describe(answer)}");
            }
        }

        [Fact]
        public async Task The_users_collection_filters_with_in_up_to_fifteen_values()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var client = AppClient(org);

            var (ok, json) = await SendAsync(client, HttpMethod.Get, "users?$filter=" + Uri.EscapeDataString("userPrincipalName in ('alice@contoso.com','BOB@contoso.com','nobody@contoso.com')") + "&$select=id,userPrincipalName");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(new[] { "alice@contoso.com", "bob@contoso.com" }, json.GetProperty("value").EnumerateArray().Select(u => u.GetProperty("userPrincipalName").GetString()).OrderBy(u => u));

            var sixteen = string.Join(",", Enumerable.Range(1, 16).Select(i => $"'u{i}@contoso.com'"));
            var (tooMany, _) = await SendAsync(client, HttpMethod.Get, "users?$filter=" + Uri.EscapeDataString($"userPrincipalName in ({sixteen})"));
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        }
    }
}
