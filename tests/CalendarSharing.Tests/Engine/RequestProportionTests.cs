using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace CalendarSharing.Tests.Engine
{
    /// <summary>
    /// Requests in proportion to the work: a server that accepts few requests at once gets about as many requests as
    /// one that accepts many (in-flight requests follow its back-off), and a name is looked up once per connection.
    /// Counts every request the sandbox receives, by operation; asserts counts, never time.
    /// </summary>
    public class RequestProportionTests
    {
        private static readonly string[] Roles = { "Reviewer", "LimitedDetails", "AvailabilityOnly", "Editor" };
        private readonly ITestOutputHelper output;

        public RequestProportionTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        /// <summary>The benchmark's CSV: 2,000 rows over 1,001 mailboxes, each granting to another of the 1,001 users.</summary>
        private static List<ShareRequest> Rows(int grants, int mailboxes)
        {
            var rows = new List<ShareRequest>(grants);
            for (var i = 0; i < grants; i++)
            {
                var owner = (i % mailboxes) + 1;
                var grantee = ((owner + 1 + (i / mailboxes)) % mailboxes) + 1;
                if (grantee == owner)
                {
                    grantee = (grantee % mailboxes) + 1;
                }

                rows.Add(new ShareRequest { Row = i + 1, Mailbox = $"user{owner:D4}@contoso.com", User = $"user{grantee:D4}@contoso.com", Role = Roles[i % Roles.Length] });
            }

            return rows;
        }

        private static async Task<(Dictionary<string, int> Counts, RecordingSink Sink, int Throttled)> RunAsync(int concurrencyLimit, IReadOnlyList<ShareRequest> rows)
        {
            // No schema validation here: this test is about how many requests are sent; the wire tests check their shape.
            var org = SandboxOrganization.Create(new SandboxOptions
            {
                GeneratedMailboxes = 1001,
                Latency = TimeSpan.FromMilliseconds(20),
                EwsConcurrencyLimit = concurrencyLimit,
            });
            using var backend = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
                MaxConcurrency = 24,
                MaxBatchSize = 10,
            });
            await backend.ConnectAsync(CancellationToken.None);
            var before = org.RequestCounts;
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(backend).SetAsync(rows, sink, CancellationToken.None);
            var counts = org.RequestCounts.ToDictionary(kv => kv.Key, kv => kv.Value - (before.TryGetValue(kv.Key, out var b) ? b : 0));
            return (counts, sink, org.ThrottledResponses);
        }

        [Fact]
        public async Task A_throttled_run_sends_at_most_half_again_the_requests_of_an_unthrottled_one()
        {
            var rows = Rows(2000, 1001);

            var free = await RunAsync(0, rows);
            var throttled = await RunAsync(4, rows);

            output.WriteLine("unthrottled: " + string.Join(", ", free.Counts.Select(kv => $"{kv.Key} {kv.Value}")));
            output.WriteLine($"limit 4 ({throttled.Throttled} ErrorServerBusy): " + string.Join(", ", throttled.Counts.Select(kv => $"{kv.Key} {kv.Value}")));
            foreach (var run in new[] { free, throttled })
            {
                Assert.Empty(run.Sink.Errors);
                var results = run.Sink.OfType<CalendarShareResult>().ToList();
                Assert.Equal(2000, results.Count);
                Assert.All(results, r => Assert.Contains(r.Action, new[] { ShareAction.Added, ShareAction.Updated, ShareAction.Unchanged }));
            }

            var freeTotal = free.Counts.Values.Sum();
            var throttledTotal = throttled.Counts.Values.Sum();
            Assert.True(throttled.Throttled > 0, "the sandbox should have answered some requests with ErrorServerBusy");
            Assert.True(throttledTotal <= freeTotal * 1.5, $"throttled run sent {throttledTotal} requests, unthrottled {freeTotal}");

            // Each user is looked up once, whichever number of rows names it, and plain SMTP addresses in bulk: pages of
            // the address list (FindPeople) and GetMailTips batches, not one ResolveNames each.
            var resolution = new[] { "ResolveNames", "FindPeople", "GetMailTips", "GetServiceConfiguration" }
                .Sum(o => free.Counts.TryGetValue(o, out var n) ? n : 0);
            Assert.True(resolution <= 1001 / 50 + 3, $"{resolution} resolution requests for 1,001 users");

            // No row touches an Editor entry or a delegate role of an existing entry, so no delegate list is read.
            Assert.False(free.Counts.ContainsKey("GetDelegate"), "GetDelegate was read although no entry made it matter");
        }

        [Fact]
        public async Task A_name_is_looked_up_once_per_connection_whichever_command_asks()
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);
            await commands.SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Reviewer" } }, new RecordingSink(), CancellationToken.None);
            var afterFirst = s.Org.RequestCounts["ResolveNames"];

            var sink = new RecordingSink();
            await commands.SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "carol@contoso.com", User = "BOB@contoso.com", Role = "Reviewer" } }, sink, CancellationToken.None);
            await commands.RemoveAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com" } }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(afterFirst, s.Org.RequestCounts["ResolveNames"]);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_found_name_is_remembered_but_an_unknown_or_throttled_one_is_asked_again()
        {
            var cache = new PrincipalResolutionCache();
            var asked = new List<string>();
            var throttle = true;
            Task<IReadOnlyList<BackendResult<Principal>>> Resolve(IReadOnlyList<string> names, CancellationToken token)
            {
                asked.AddRange(names);
                return Task.FromResult<IReadOnlyList<BackendResult<Principal>>>(names.Select(n =>
                    n.StartsWith("nobody", StringComparison.Ordinal)
                        ? BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.PrincipalNotFound, "no"))
                        : n.StartsWith("busy", StringComparison.Ordinal) && throttle
                            ? BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.Throttled, "busy"))
                            : BackendResult<Principal>.Ok(Principal.User(n))).ToList());
            }

            var first = await cache.ResolveAsync(new[] { "bob@contoso.com", "nobody@contoso.com", "busy@contoso.com", "Bob@Contoso.com" }, Resolve, CancellationToken.None);
            Assert.Equal(new[] { "bob@contoso.com", "nobody@contoso.com", "busy@contoso.com" }, asked);
            Assert.True(first[3].IsSuccess);
            Assert.False(first[2].IsSuccess);

            throttle = false;
            asked.Clear();
            var second = await cache.ResolveAsync(new[] { "bob@contoso.com", "nobody@contoso.com", "busy@contoso.com" }, Resolve, CancellationToken.None);
            Assert.Equal(new[] { "nobody@contoso.com", "busy@contoso.com" }, asked);
            Assert.Equal(BackendErrorCode.PrincipalNotFound, second[1].Error!.Code);
            Assert.True(second[2].IsSuccess);
        }

        [Fact]
        public async Task The_limiter_halves_once_per_round_of_back_offs_and_grows_back_slowly()
        {
            var limiter = new AdaptiveConcurrencyLimiter(16);
            var leases = new List<AdaptiveConcurrencyLimiter.Lease>();
            for (var i = 0; i < 16; i++)
            {
                leases.Add(await limiter.AcquireAsync(CancellationToken.None));
            }

            var seventeenth = limiter.AcquireAsync(CancellationToken.None);
            Assert.False(seventeenth.IsCompleted);

            // A whole wave answered "busy": one decrease, not sixteen.
            foreach (var lease in leases)
            {
                lease.BackOff();
            }

            Assert.Equal(8, limiter.CurrentLimit);
            Assert.Equal(1, limiter.Decreases);
            var next = await seventeenth;
            Assert.Equal(1, limiter.InFlight);

            // A back-off to a request sent after the decrease halves again.
            next.BackOff();
            Assert.Equal(4, limiter.CurrentLimit);

            // Good answers add 1/limit each: four leave it below 5, the fifth reaches it.
            for (var i = 0; i < 4; i++)
            {
                (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            }

            Assert.Equal(4, limiter.CurrentLimit);
            (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            Assert.Equal(5, limiter.CurrentLimit);
            Assert.Equal(0, limiter.InFlight);
        }

        [Fact]
        public async Task A_cancelled_wait_for_a_slot_gives_no_slot()
        {
            var limiter = new AdaptiveConcurrencyLimiter(1);
            var held = await limiter.AcquireAsync(CancellationToken.None);
            using var cts = new CancellationTokenSource();
            var waiting = limiter.AcquireAsync(cts.Token);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            held.Dispose();
            Assert.Equal(0, limiter.InFlight);
            (await limiter.AcquireAsync(CancellationToken.None)).Dispose();
            Assert.Equal(0, limiter.InFlight);
        }
    }
}
