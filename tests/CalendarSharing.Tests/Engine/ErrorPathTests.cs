using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Engine
{
    /// <summary>Bad input gets a clear error, names the row and mailbox, and loses nothing: every other row runs.</summary>
    public class ErrorPathTests
    {
        private static ShareRequest Row(int n, string? mailbox, string? user, string? role = "Reviewer") =>
            new ShareRequest { Row = n, Mailbox = mailbox, User = user, Role = role, Source = new { Mailbox = mailbox, User = user, AccessRights = role } };

        private static void AssertError(RecordingSink sink, int row, string errorId, ErrorKind kind, params string[] mentions)
        {
            var error = Assert.Single(sink.Errors, e => e.Message.StartsWith($"Row {row}:", StringComparison.Ordinal));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(kind, error.Kind);
            Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
            Assert.NotNull(error.Target);
            foreach (var m in mentions)
            {
                Assert.Contains(m, error.Message, StringComparison.OrdinalIgnoreCase);
            }

            var result = Assert.Single(sink.OfType<CalendarShareResult>(), r => r.Row == row);
            Assert.Equal(ShareAction.Failed, result.Action);
        }

        [Fact]
        public async Task Malformed_rows_among_good_ones_fail_alone()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink();
            var rows = new[]
            {
                Row(1, "alice@contoso.com", "bob@contoso.com", "Reviewer"),
                Row(2, "alice@contoso.com", "carol@contoso.com", "Reader"),           // wrong role name
                Row(3, "", "bob@contoso.com"),                                        // no mailbox
                Row(4, "bob@contoso.com", null),                                     // no user
                Row(5, "bob@contoso.com", "alice@contoso.com", null),                // no role
                Row(6, "nobody@contoso.com", "bob@contoso.com", "Reviewer"),         // unknown mailbox
                Row(7, "carol@contoso.com", "ghost@contoso.com", "Reviewer"),        // unknown user
                Row(8, "alice@contoso.com; bob@contoso.com", "carol@contoso.com"),   // two addresses in one cell
                Row(9, "marie@contoso.com", "alice@contoso.com", "LimitedDetails"),
            };

            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);

            AssertError(sink, 2, "InvalidRole", ErrorKind.InvalidArgument, "Reader", "AvailabilityOnly", "LimitedDetails", "alice@contoso.com");
            AssertError(sink, 3, "MissingMailbox", ErrorKind.InvalidArgument);
            AssertError(sink, 4, "MissingUser", ErrorKind.InvalidArgument, "bob@contoso.com");
            AssertError(sink, 5, "MissingRole", ErrorKind.InvalidArgument);
            AssertError(sink, 6, "MailboxNotFound", ErrorKind.ObjectNotFound, "nobody@contoso.com");
            AssertError(sink, 7, "UserNotFound", ErrorKind.ObjectNotFound, "ghost@contoso.com", "carol@contoso.com");
            AssertError(sink, 8, "InvalidMailbox", ErrorKind.InvalidArgument);
            Assert.Equal(7, sink.Errors.Count);

            var good = sink.OfType<CalendarShareResult>().Where(r => r.Action != ShareAction.Failed).ToList();
            Assert.Equal(new[] { 1, 9 }, good.Select(r => r.Row!.Value).OrderBy(n => n));
            Assert.All(good, r => Assert.Equal(ShareAction.Added, r.Action));
            s.AssertWireValid();
        }

        [Fact]
        public async Task Get_for_an_unknown_mailbox_reports_it_and_lists_the_others()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).GetAsync(
                new[] { new ShareRequest { Mailbox = "alice@contoso.com" }, new ShareRequest { Mailbox = "nobody@contoso.com" }, new ShareRequest { Mailbox = "bob@contoso.com" } },
                sink,
                CancellationToken.None);

            var error = Assert.Single(sink.Errors);
            Assert.Equal("MailboxNotFound", error.ErrorId);
            Assert.Contains("nobody@contoso.com", error.Message);
            var mailboxes = sink.OfType<CalendarPermission>().Select(p => p.Mailbox).Distinct().ToList();
            Assert.Equal(new[] { "alice@contoso.com", "bob@contoso.com" }, mailboxes);
        }

        [Fact]
        public async Task A_missing_secondary_calendar_names_the_calendars_that_exist()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com:\\Holidays", User = "bob@contoso.com", Role = "Reviewer" } }, sink, CancellationToken.None);

            var error = Assert.Single(sink.Errors);
            Assert.Equal("CalendarNotFound", error.ErrorId);
            Assert.Contains("Holidays", error.Message);
            Assert.Contains("Team Events", error.Message);
        }

        [Fact]
        public async Task External_sharing_policy_refusals_are_reported_per_row()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink();
            var rows = new[]
            {
                Row(1, "alice@contoso.com", "partner@fabrikam.com", "LimitedDetails"),
                Row(2, "bob@contoso.com", "partner@fabrikam.com", "Editor"),
                Row(3, "carol@contoso.com", "someone@example.net", "AvailabilityOnly"),
            };

            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);

            Assert.Equal(ShareAction.Added, Assert.Single(sink.OfType<CalendarShareResult>(), r => r.Row == 1).Action);
            AssertError(sink, 2, "NotAllowedBySharingPolicy", ErrorKind.PermissionDenied, "partner@fabrikam.com");
            AssertError(sink, 3, "NotAllowedBySharingPolicy", ErrorKind.PermissionDenied, "someone@example.net");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Throttled_requests_are_retried_until_they_succeed()
        {
            using var s = await SandboxSession.StartAsync(
                new SandboxOptions { GeneratedMailboxes = 40, EwsConcurrencyLimit = 2, BackOffMilliseconds = 20, Latency = TimeSpan.FromMilliseconds(5) },
                o =>
                {
                    o.MaxConcurrency = 12;
                    o.MaxBatchSize = 2;
                });
            var rows = Enumerable.Range(1, 40).Select(i => Row(i, $"user{i:D4}@contoso.com", "alice@contoso.com", "Reviewer")).ToList();
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(40, sink.OfType<CalendarShareResult>().Count(r => r.Action == ShareAction.Added));
            Assert.True(s.Org.ThrottledResponses > 0, "the sandbox should have throttled some requests");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Fifty_concurrent_grants_to_one_calendar_leave_fifty_entries()
        {
            using var s = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 50, Latency = TimeSpan.FromMilliseconds(2) });
            var commands = new CalendarPermissionCommands(s.Backend);

            // Fifty independent commands (as fifty runbooks would), each read-modify-writing the same ACL.
            var sinks = Enumerable.Range(1, 50).Select(_ => new RecordingSink()).ToList();
            await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
                Task.Run(() => commands.SetAsync(new[] { Row(1, "boardroom@contoso.com", $"user{i:D4}@contoso.com", "Reviewer") }, sinks[i - 1], CancellationToken.None))));

            Assert.All(sinks, sink => Assert.Empty(sink.Errors));
            var get = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "boardroom@contoso.com" } }, get, CancellationToken.None);
            var users = get.OfType<CalendarPermission>().Where(p => p.User.StartsWith("user", StringComparison.Ordinal)).ToList();
            Assert.Equal(50, users.Count);
            Assert.All(users, u => Assert.Equal(CalendarRole.Reviewer, u.Role));
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_concurrent_writer_between_read_and_write_is_merged_not_overwritten()
        {
            using var s = await SandboxSession.StartAsync();
            var interfered = 0;
            s.Org.BeforeOperation = operation =>
            {
                // The first UpdateFolder finds that someone else changed the ACL since it was read.
                if (operation == "UpdateFolder" && Interlocked.Exchange(ref interfered, 1) == 0)
                {
                    s.Org.ModifyCalendarAcl("carol@contoso.com", acl => acl["marie@contoso.com"] = "Editor");
                }
            };
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { Row(1, "carol@contoso.com", "bob@contoso.com", "Reviewer") }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(1, interfered);
            var get = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).GetAsync(new[] { new ShareRequest { Mailbox = "carol@contoso.com" } }, get, CancellationToken.None);
            var entries = get.OfType<CalendarPermission>();
            Assert.Contains(entries, e => e.User == "bob@contoso.com" && e.Role == CalendarRole.Reviewer);
            Assert.Contains(entries, e => e.User == "marie@contoso.com" && e.Role == CalendarRole.Editor);
            Assert.True(s.Org.RequestCounts["GetFolder"] >= 2, "the stale ChangeKey should have caused a re-read");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Cancel_stops_the_run_and_leaves_no_half_written_calendar()
        {
            using var s = await SandboxSession.StartAsync(
                new SandboxOptions { GeneratedMailboxes = 200, Latency = TimeSpan.FromMilliseconds(30) },
                o =>
                {
                    o.MaxConcurrency = 2;
                    o.MaxBatchSize = 1;
                });
            var rows = new List<ShareRequest>();
            for (var i = 1; i <= 200; i++)
            {
                rows.Add(Row((2 * i) - 1, $"user{i:D4}@contoso.com", "alice@contoso.com", "Reviewer"));
                rows.Add(Row(2 * i, $"user{i:D4}@contoso.com", "bob@contoso.com", "LimitedDetails"));
            }

            using var cts = new CancellationTokenSource();
            var sink = new RecordingSink();
            s.Org.BeforeOperation = op =>
            {
                if (op == "UpdateFolder" && s.Org.RequestCounts.TryGetValue("UpdateFolder", out var n) && n >= 5)
                {
                    cts.Cancel();
                }
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, cts.Token));
            s.Org.BeforeOperation = null;

            // Each calendar has both grants of its two rows, or neither.
            var get = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).GetAsync(Enumerable.Range(1, 200).Select(i => new ShareRequest { Mailbox = $"user{i:D4}@contoso.com" }).ToList(), get, CancellationToken.None);
            var byMailbox = get.OfType<CalendarPermission>().GroupBy(p => p.Mailbox).ToList();
            Assert.Equal(200, byMailbox.Count);
            var written = byMailbox.Count(g => g.Any(p => p.User == "alice@contoso.com"));
            Assert.InRange(written, 1, 199);
            Assert.All(byMailbox, g => Assert.Equal(g.Any(p => p.User == "alice@contoso.com"), g.Any(p => p.User == "bob@contoso.com")));
        }
    }
}
