using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>Throttling, conflicts and refusals through the real SDK against the Graph sandbox; no secret in any stream.</summary>
    public sealed class GraphResilienceTests
    {
        private static ShareRequest Row(int n, string mailbox, string user, string? role = null) =>
            new ShareRequest { Row = n, Mailbox = mailbox, User = user, Role = role, Source = $"row {n}" };

        [Fact]
        public async Task Throttled_inner_batch_requests_get_429_and_are_retried_until_they_succeed()
        {
            // Batches of two, sent at once; each pays the sandbox's latency and then runs on a pool thread. The first create
            // holds alice's only slot (the hook runs inside the sandbox's concurrency gate) until the sandbox has answered
            // another inner request with 429, so the throttling happens whatever the machine's timing.
            using var s = await GraphSandboxSession.StartAsync(
                new SandboxOptions { GraphConcurrencyLimit = 1, GeneratedMailboxes = 8, Latency = TimeSpan.FromMilliseconds(20) },
                configure: o => o.MaxBatchSize = 2);
            var first = 0;
            s.Org.BeforeOperation = op =>
            {
                if (op == "Graph:CreateCalendarPermission" && Interlocked.Exchange(ref first, 1) == 0)
                {
                    SpinWait.SpinUntil(() => s.Org.GraphThrottledResponses > 0, TimeSpan.FromSeconds(30));
                }
            };
            var sink = new RecordingSink();
            var rows = Enumerable.Range(1, 8).Select(i => Row(i, "alice@contoso.com", $"user{i:d4}@contoso.com", "Reviewer")).ToArray();

            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);

            Assert.True(sink.Errors.Count == 0, string.Join("\n", sink.Errors.Select(e => e.Message)));
            Assert.True(s.Org.GraphThrottledResponses > 0, "the sandbox never throttled: the test proves nothing");
            Assert.Equal(8, sink.OfType<CalendarShareResult>().Count(r => r.Action == ShareAction.Added));
            Assert.Contains(s.Trace, t => t.Contains("throttled", StringComparison.Ordinal));
            Assert.Equal(8, s.Org.GetCalendarAcl("alice@contoso.com").Count(e => e.User.StartsWith("user", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task A_throttled_single_request_is_retried_by_the_SDK_after_Retry_After()
        {
            using var s = await GraphSandboxSession.StartAsync(new SandboxOptions { GraphConcurrencyLimit = 1, Latency = TimeSpan.FromMilliseconds(100) });

            // Four lookups of one user at once, from four connections of the same app (one connection looks a name up
            // once): one request each (no batch), one slot for that mailbox.
            var connections = new List<GraphCalendarBackend>();
            for (var i = 0; i < 4; i++)
            {
                var backend = new GraphCalendarBackend(GraphSandboxSession.Options(s.Org, s.Recorder));
                await backend.ConnectAsync(CancellationToken.None);
                connections.Add(backend);
            }

            var results = await Task.WhenAll(connections.Select(c => c.ResolvePrincipalsAsync(new[] { "carol@contoso.com" }, CancellationToken.None)));
            connections.ForEach(c => c.Dispose());

            Assert.All(results, r => Assert.True(r[0].IsSuccess, r[0].ToString()));
            Assert.True(s.Org.GraphThrottledResponses > 0, "the sandbox never throttled: the test proves nothing");
            Assert.Contains(s.Recorder.Responses, r => r.StartsWith("429 GET", StringComparison.Ordinal));
            Assert.Equal(4, s.Recorder.Responses.Count(r => r.StartsWith("200 GET /v1.0/users/carol", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task A_stale_etag_gets_412_then_the_calendar_is_re_read_and_the_change_made()
        {
            using var s = await GraphSandboxSession.StartAsync();
            var interfered = 0;
            s.Org.BeforeOperation = op =>
            {
                if (op == "Graph:UpdateCalendarPermission" && Interlocked.Exchange(ref interfered, 1) == 0)
                {
                    // Another writer changes carol's entry between our read and our PATCH.
                    s.Org.ModifyCalendarAcl("alice@contoso.com", acl => acl["carol@contoso.com"] = "FreeBusyTimeAndSubjectAndLocation");
                }
            };
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { Row(1, "alice@contoso.com", "carol@contoso.com", "Editor") }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            var result = Assert.Single(sink.OfType<CalendarShareResult>());
            Assert.Equal(ShareAction.Updated, result.Action);
            Assert.Equal(CalendarRole.LimitedDetails, result.PreviousRole); // what the re-read saw
            Assert.Contains(s.Recorder.Responses, r => r.StartsWith("412 PATCH", StringComparison.Ordinal));
            Assert.Equal("Editor", s.Org.GetCalendarAcl("alice@contoso.com").Single(e => e.User == "carol@contoso.com").Level);
            Assert.All(s.Recorder.Requests.Where(r => r.Method.Method == "PATCH"), r => Assert.False(string.IsNullOrEmpty(r.IfMatch)));
        }

        [Fact]
        public async Task A_permanent_403_is_reported_on_its_row_and_the_other_rows_still_run()
        {
            // bob signs in as himself: he owns his calendar, not alice's (Graph shows a non-owner an empty list, then refuses the write).
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud });
            var recorder = new RecordingHandler(org.CreateHandler());
            using var backend = new CalendarSharing.Online.Graph.GraphCalendarBackend(GraphSandboxSession.Options(org, recorder, new GraphSignIn
            {
                Kind = GraphSignInKind.AccessToken,
                AccessToken = GraphSandboxSession.Secure(org.IssueGraphToken("bob@contoso.com")),
            }));
            await backend.ConnectAsync(CancellationToken.None);
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(backend).SetAsync(
                new[] { Row(1, "bob@contoso.com", "carol@contoso.com", "Reviewer"), Row(2, "alice@contoso.com", "carol@contoso.com", "Editor"), Row(3, "bob@contoso.com", "Default", "LimitedDetails") },
                sink,
                CancellationToken.None);

            var error = Assert.Single(sink.Errors);
            Assert.StartsWith("Row 2:", error.Message, StringComparison.Ordinal);
            Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
            Assert.Equal(ShareAction.Failed, Assert.Single(sink.OfType<CalendarShareResult>(), r => r.Row == 2).Action);
            Assert.Equal(ShareAction.Added, Assert.Single(sink.OfType<CalendarShareResult>(), r => r.Row == 1).Action);
            Assert.Equal(ShareAction.Updated, Assert.Single(sink.OfType<CalendarShareResult>(), r => r.Row == 3).Action);
            Assert.Contains(recorder.Responses, r => r.StartsWith("200 POST", StringComparison.Ordinal));
            Assert.Equal("Reviewer", org.GetCalendarAcl("alice@contoso.com").Single(e => e.User == "carol@contoso.com").Level);
        }

        [Fact]
        public async Task No_secret_or_token_appears_in_any_output_verbose_debug_warning_or_error_stream()
        {
            const string secret = SandboxOrganization.SandboxAppSecret;
            using var s = await GraphSandboxSession.StartAsync();
            var sink = new RecordingSink();
            var commands = new CalendarPermissionCommands(s.Backend);
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" }, new ShareRequest { Mailbox = "nobody@contoso.com" } }, sink, CancellationToken.None);
            await commands.SetAsync(new[] { Row(1, "alice@contoso.com", "bob@contoso.com", "Reviewer"), Row(2, "alice@contoso.com", "ghost@contoso.com", "Reviewer"), Row(3, "bob@contoso.com", "partner@fabrikam.com", "Editor") }, sink, CancellationToken.None);
            foreach (var line in s.Trace)
            {
                sink.WriteDebug(line);
            }

            // The token the sandbox issued, taken off the wire: it must be in no stream either.
            var tokens = s.Recorder.Wire.Where(w => w.Contains("\"access_token\"", StringComparison.Ordinal))
                .Select(w => JsonDocument.Parse(w).RootElement.GetProperty("access_token").GetString()!).ToList();
            Assert.NotEmpty(tokens);
            Assert.NotEmpty(sink.Debug);
            Assert.NotEmpty(sink.Errors);

            var text = sink.AllText + string.Join("\n", sink.Objects.Select(o => JsonSerializer.Serialize(o)));
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), text, StringComparison.Ordinal);
            foreach (var token in tokens)
            {
                Assert.DoesNotContain(token, text, StringComparison.Ordinal);
                Assert.DoesNotContain(token.Substring(0, Math.Min(24, token.Length)), text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(secret, s.Backend.Info.UserName ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("Bearer", text, StringComparison.Ordinal);
        }
    }
}
