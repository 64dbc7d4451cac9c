using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Engine
{
    /// <summary>
    /// The one upsert loop (Core's PermissionApplier) over both protocols, against the sandbox: a concurrent writer makes it
    /// re-read and re-plan, a writer that never stops runs the conflict budget out into the documented error per row, a
    /// run where every request fails is one request-level failure, and a grant run reads each calendar once.
    /// </summary>
    public class PermissionApplierTests
    {
        private const string Owner = "user0001@contoso.com";

        /// <summary>The operation a permission write is, as the sandbox names it: EWS UpdateFolder, Graph's PATCH of one entry.</summary>
        private static string WriteOperation(BackendKind kind) => kind == BackendKind.Ews ? "UpdateFolder" : "Graph:UpdateCalendarPermission";

        /// <summary>The operation that reads a calendar's permissions.</summary>
        private static string ReadOperation(BackendKind kind) => kind == BackendKind.Ews ? "GetFolder" : "Graph:ListCalendarPermissions";

        private sealed class Session : IDisposable
        {
            private readonly IDisposable inner;

            public Session(SandboxOrganization org, ICalendarBackend backend, IDisposable inner, Action assertWire)
            {
                Org = org;
                Backend = backend;
                this.inner = inner;
                AssertWireValid = assertWire;
            }

            public SandboxOrganization Org { get; }

            public ICalendarBackend Backend { get; }

            public Action AssertWireValid { get; }

            public int Count(string operation) => Org.RequestCounts.TryGetValue(operation, out var n) ? n : 0;

            public void Dispose() => inner.Dispose();
        }

        private static async Task<Session> StartAsync(BackendKind kind, SandboxOptions options, RetryOptions? retry = null, int? batchSize = null)
        {
            if (kind == BackendKind.Ews)
            {
                var ews = await SandboxSession.StartAsync(options, o =>
                {
                    o.Retry = retry ?? o.Retry;
                    o.MaxBatchSize = batchSize ?? o.MaxBatchSize;
                });
                return new Session(ews.Org, ews.Backend, ews, ews.AssertWireValid);
            }

            var graph = await GraphSandboxSession.StartAsync(options, configure: o =>
            {
                o.Retry = retry ?? o.Retry;
                o.MaxBatchSize = batchSize ?? o.MaxBatchSize;
            });
            return new Session(graph.Org, graph.Backend, graph, () => { });
        }

        private static readonly string[] Cycle = { "FreeBusyTimeAndSubjectAndLocation", "FreeBusyTimeOnly", "Editor" };

        private static ShareRequest Row(int row, string user, string role) => new ShareRequest { Row = row, Mailbox = Owner, User = user, Role = role };

        private static string? LevelOf(SandboxOrganization org, string user) => org.GetCalendarAcl(Owner).FirstOrDefault(e => string.Equals(e.User, user, StringComparison.OrdinalIgnoreCase))?.Level;

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task A_concurrent_writer_between_read_and_write_makes_the_applier_re_read_and_re_plan_against_what_it_left(BackendKind kind)
        {
            using var s = await StartAsync(kind, new SandboxOptions { GeneratedMailboxes = 4 });
            s.Org.ModifyCalendarAcl(Owner, acl => acl["user0002@contoso.com"] = "FreeBusyTimeAndSubjectAndLocation");
            var interfered = 0;
            s.Org.BeforeOperation = operation =>
            {
                // The first write finds that another writer changed the very entry it writes, and added one of its own.
                if (operation == WriteOperation(kind) && Interlocked.Exchange(ref interfered, 1) == 0)
                {
                    s.Org.ModifyCalendarAcl(Owner, acl =>
                    {
                        acl["user0002@contoso.com"] = "FreeBusyTimeOnly";
                        acl["user0003@contoso.com"] = "Editor";
                    });
                }
            };
            var readsBefore = s.Count(ReadOperation(kind));
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { Row(1, "user0002@contoso.com", "Reviewer") }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(1, interfered);
            var result = Assert.Single(sink.OfType<CalendarShareResult>());
            Assert.Equal(ShareAction.Updated, result.Action);
            Assert.Equal(CalendarRole.AvailabilityOnly, result.PreviousRole);
            Assert.Equal(CalendarRole.Reviewer, result.Role);
            Assert.Equal("Reviewer", LevelOf(s.Org, "user0002@contoso.com"));
            Assert.Equal("Editor", LevelOf(s.Org, "user0003@contoso.com"));

            // One read for the plan, one re-read after the conflict; nothing else.
            Assert.Equal(2, s.Count(ReadOperation(kind)) - readsBefore);
            s.AssertWireValid();
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task A_writer_that_never_stops_runs_the_budget_out_into_ConcurrentChange_for_each_row_and_writes_nothing_of_ours(BackendKind kind)
        {
            var retry = new RetryOptions { MaxConflictAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(5) };
            using var s = await StartAsync(kind, new SandboxOptions { GeneratedMailboxes = 4 }, retry);
            s.Org.ModifyCalendarAcl(Owner, acl =>
            {
                acl["user0002@contoso.com"] = "FreeBusyTimeAndSubjectAndLocation";
                acl["user0003@contoso.com"] = "FreeBusyTimeAndSubjectAndLocation";
            });
            var writes = 0;
            s.Org.BeforeOperation = operation =>
            {
                if (operation == WriteOperation(kind))
                {
                    // Three levels in turn: Graph writes two entries per round, and neither may find the level it read.
                    var level = Cycle[Interlocked.Increment(ref writes) % Cycle.Length];
                    s.Org.ModifyCalendarAcl(Owner, acl =>
                    {
                        acl["user0002@contoso.com"] = level;
                        acl["user0003@contoso.com"] = level;
                    });
                }
            };
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { Row(1, "user0002@contoso.com", "Reviewer"), Row(2, "user0003@contoso.com", "Reviewer") }, sink, CancellationToken.None);

            Assert.Equal(2, sink.Errors.Count);
            foreach (var row in new[] { 1, 2 })
            {
                var error = Assert.Single(sink.Errors, e => e.Message.StartsWith($"Row {row}:", StringComparison.Ordinal));
                Assert.Equal(ErrorIds.ConcurrentChange, error.ErrorId);
                Assert.Equal(ErrorKind.ResourceBusy, error.Kind);
                Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
                Assert.Equal(ShareAction.Failed, Assert.Single(sink.OfType<CalendarShareResult>(), r => r.Row == row).Action);
            }

            // Three attempts for the calendar (EWS writes it whole; Graph writes each of the two entries), and none landed.
            Assert.Equal(kind == BackendKind.Ews ? 3 : 6, writes);
            Assert.NotEqual("Reviewer", LevelOf(s.Org, "user0002@contoso.com"));
            Assert.NotEqual("Reviewer", LevelOf(s.Org, "user0003@contoso.com"));
            s.AssertWireValid();
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task When_every_request_fails_as_a_whole_the_applier_throws_one_request_level_failure(BackendKind kind)
        {
            // Every request the server gets fails with a passing fault, and the budget allows no retry: nothing can be read.
            var org = SandboxOrganization.Create(new SandboxOptions
            {
                GeneratedMailboxes = 4,
                TransientFaultRate = 1,
                Topology = kind == BackendKind.Ews ? SandboxTopology.OnPremises : SandboxTopology.Cloud,
                SchemaDirectory = kind == BackendKind.Ews ? SandboxSession.SchemaDirectory : null,
            });
            var retry = new RetryOptions { MaxAttempts = 1 };
            using ICalendarBackend backend = kind == BackendKind.Ews
                ? new EwsCalendarBackend(new EwsConnectionOptions
                {
                    Url = org.EwsUrl,
                    Credential = new System.Net.NetworkCredential(org.Admin.Address, org.Admin.Password),
                    Authentication = EwsAuthentication.Basic,
                    Handler = org.CreateHandler(),
                    Kind = ConnectionKind.Sandbox,
                    MaxBatchSize = 2,
                    Retry = retry,
                })
                : new GraphCalendarBackend(WithRetry(GraphSandboxSession.Options(org, org.CreateHandler()), retry));
            var sets = Enumerable.Range(1, 3)
                .Select(i => new CalendarChangeSet(CalendarAddress.Default($"user000{i}@contoso.com"), new[] { new PermissionChange(Principal.User("user0004@contoso.com"), CalendarRole.Reviewer) }))
                .ToList();

            var ex = await Assert.ThrowsAsync<BackendException>(() => new PermissionApplier(backend).ApplyAsync(sets, null, CancellationToken.None));

            Assert.True(ex.Error.WholeRequest);
            Assert.Equal(BackendErrorCode.Transient, ex.Error.Code);
            Assert.Equal(0, org.RequestCounts.Where(kv => kv.Key.Contains("Update", StringComparison.Ordinal) || kv.Key.Contains("Create", StringComparison.Ordinal)).Sum(kv => kv.Value));
            Assert.Empty(org.SchemaViolations);
        }

        private static GraphConnectionOptions WithRetry(GraphConnectionOptions options, RetryOptions retry)
        {
            options.Retry = retry;
            return options;
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task A_grant_run_reads_each_calendar_once_for_WhatIf_names_and_plan_alike(BackendKind kind)
        {
            // One calendar per request, so requests count calendars: six calendars, two rows each.
            using var s = await StartAsync(kind, new SandboxOptions { GeneratedMailboxes = 8 }, batchSize: 1);
            var rows = new List<ShareRequest>();
            for (var i = 1; i <= 6; i++)
            {
                rows.Add(new ShareRequest { Row = rows.Count + 1, Mailbox = $"user000{i}@contoso.com", User = $"user000{(i % 6) + 1}@contoso.com", Role = "Reviewer" });
                rows.Add(new ShareRequest { Row = rows.Count + 1, Mailbox = $"user000{i}@contoso.com", User = "user0008@contoso.com", Role = "LimitedDetails" });
            }

            var readsBefore = s.Count(ReadOperation(kind));
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(12, sink.OfType<CalendarShareResult>().Count(r => r.Action == ShareAction.Added));
            Assert.Equal(12, sink.ShouldProcessCalls.Count);
            Assert.Equal(6, s.Count(ReadOperation(kind)) - readsBefore);
            s.AssertWireValid();
        }
    }
}
