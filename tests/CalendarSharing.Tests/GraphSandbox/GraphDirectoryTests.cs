using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// Names typed as EWS accepts them (alias, display name) resolved through Graph's GET /users $filter, and the
    /// directory search tab completion uses, with our backend on the real SDK against the sandbox in strict mode
    /// (every request and answer checked against the v1.0 metadata).
    /// </summary>
    public sealed class GraphDirectoryTests
    {
        private static Task<GraphSandboxSession> StartAsync() =>
            GraphSandboxSession.StartAsync(new SandboxOptions { GraphStrictValidation = true });

        /// <summary>What went out, URLs and $batch bodies, percent-decoded.</summary>
        private static string Sent(GraphSandboxSession s) =>
            string.Join("\n", s.Recorder.Requests.Where(r => r.Uri.AbsolutePath.Contains("/v1.0/")).Select(r => Uri.UnescapeDataString(r.Uri.PathAndQuery + " " + (r.Body ?? string.Empty)).Replace("+", " ").Replace("\\u0027", "'").Replace("\\u0026", "&")));

        [Fact]
        public async Task An_alias_and_a_display_name_resolve_to_the_mailbox()
        {
            using var s = await StartAsync();
            var results = await s.Backend.ResolvePrincipalsAsync(new[] { "alice", "Bob Berg", "carol@contoso.com" }, CancellationToken.None);

            Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
            Assert.Equal(new[] { "alice@contoso.com", "bob@contoso.com", "carol@contoso.com" }, results.Select(r => r.Value!.Address));
            Assert.Equal("Alice Anders", results[0].Value!.DisplayName);
            Assert.Equal("Internal", results[0].Value!.Kind.ToString());
            Assert.Contains("mailNickname eq 'alice' or displayName eq 'alice'", Sent(s));
        }

        [Fact]
        public async Task An_unknown_name_is_PrincipalNotFound_and_a_quote_is_doubled_not_a_bad_request()
        {
            using var s = await StartAsync();
            var results = await s.Backend.ResolvePrincipalsAsync(new[] { "nobody", "O'Brien" }, CancellationToken.None);

            Assert.All(results, r => Assert.Equal(BackendErrorCode.PrincipalNotFound, r.Error?.Code));
            Assert.Contains("'nobody'", results[0].Error!.Message);
            Assert.Contains("mailNickname eq 'O''Brien' or displayName eq 'O''Brien'", Sent(s));
        }

        [Fact]
        public async Task A_search_offers_the_users_a_prefix_starts_by_alias_address_or_display_name()
        {
            using var s = await StartAsync();

            var ali = await s.Backend.SearchAsync("ali", 50, CancellationToken.None);
            Assert.Equal(new[] { "alice@contoso.com" }, ali.Select(p => p.Address));
            Assert.Equal("Alice Anders", ali[0].DisplayName);

            var byName = await s.Backend.SearchAsync("Hans M", 50, CancellationToken.None);
            Assert.Equal(new[] { "hans@contoso.com" }, byName.Select(p => p.Address));

            var two = await s.Backend.SearchAsync("b", 50, CancellationToken.None);
            Assert.Equal(new[] { "bob@contoso.com", "boardroom@contoso.com" }, two.Select(p => p.Address).OrderBy(a => a!.Length));

            var capped = await s.Backend.SearchAsync("b", 1, CancellationToken.None);
            Assert.Single(capped);

            Assert.Empty(await s.Backend.SearchAsync("zz'", 50, CancellationToken.None));
        }

        [Fact]
        public async Task The_users_collection_filters_selects_and_caps_as_Graph_does()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var client = AppClient(org);

            var (ok, json) = await SendAsync(client, HttpMethod.Get, "users?$filter=" + Uri.EscapeDataString("mailNickname eq 'marie' or displayName eq 'marie'") + "&$select=id,mail,mailNickname&$top=2");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var only = Assert.Single(json.GetProperty("value").EnumerateArray());
            Assert.Equal("marie@contoso.com", only.GetProperty("mail").GetString());
            Assert.Equal("marie", only.GetProperty("mailNickname").GetString());
            Assert.False(only.TryGetProperty("displayName", out _));

            var (top, page) = await SendAsync(client, HttpMethod.Get, "users?$top=2");
            Assert.Equal(HttpStatusCode.OK, top.StatusCode);
            Assert.Equal(2, page.GetProperty("value").GetArrayLength());

            var (skip, _) = await SendAsync(client, HttpMethod.Get, "users?$skip=1");
            Assert.Equal(HttpStatusCode.BadRequest, skip.StatusCode);
        }
    }
}
