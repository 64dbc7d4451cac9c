using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// The foundation's calendar-permission scenarios, run through the same engine over the EWS sandbox (on-premises)
    /// and the Graph sandbox (Exchange Online): the same objects come out, within what each protocol can express
    /// (docs/design/graph-vs-ews.md lists the differences).
    /// </summary>
    public sealed class ScenarioMatrixTests
    {
        private static ShareRequest Row(int n, string mailbox, string? user, string? role = null, string? calendar = null, bool canViewPrivate = false) =>
            new ShareRequest { Row = n, Mailbox = mailbox, User = user, Role = role, Calendar = calendar, CanViewPrivateItems = canViewPrivate, Source = $"row {n}" };

        private static async Task<RecordingSink> Set(AnySandbox s, params ShareRequest[] rows)
        {
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);
            return sink;
        }

        private static async Task<RecordingSink> Remove(AnySandbox s, params ShareRequest[] rows)
        {
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).RemoveAsync(rows, sink, CancellationToken.None);
            return sink;
        }

        private static async Task<IReadOnlyList<CalendarPermission>> Get(AnySandbox s, string mailbox, string? user = null, string? calendar = null)
        {
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).GetAsync(new[] { new ShareRequest { Mailbox = mailbox, User = user, Calendar = calendar } }, sink, CancellationToken.None);
            Assert.True(sink.Errors.Count == 0, string.Join("\n", sink.Errors.Select(e => e.Message)));
            return sink.OfType<CalendarPermission>();
        }

        /// <summary>What both protocols express: Anonymous (EWS only), Source and CalendarId (protocol ids) left out.</summary>
        private static string Shape(CalendarPermission p) =>
            $"{p.Mailbox}\\{p.Calendar}|{p.User}|{p.PrincipalKind}|{p.Role}|{p.CanViewPrivateItems}|{p.DisplayName}";

        private static string Shape(CalendarShareResult r) =>
            $"{r.Row}|{r.Mailbox}\\{r.Calendar}|{r.User}|{r.Action}|{r.PreviousRole}|{r.Role}";

        private static async Task<List<string>> ScriptAsync(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            var shapes = new List<string>();
            async Task Read(string mailbox, string? calendar = null) =>
                shapes.AddRange((await Get(s, mailbox, calendar: calendar)).Where(p => p.User != "Anonymous").Select(Shape).OrderBy(x => x, StringComparer.Ordinal));

            foreach (var m in new[] { "alice@contoso.com", "bob@contoso.com", "hans@contoso.com", "marie@contoso.com", "boardroom@contoso.com" })
            {
                await Read(m);
            }

            await Read("alice@contoso.com", "Team Events");
            var set = await Set(
                s,
                Row(1, "alice@contoso.com", "bob@contoso.com", "LimitedDetails"),
                Row(2, "alice@contoso.com", "carol@contoso.com", "write"),
                Row(3, "alice@contoso.com", "Default", "None"),
                Row(4, "hans@contoso.com:\\Kalender", "bob@contoso.com", "FreeBusyTimeOnly"),
                Row(5, "alice@contoso.com:\\Team Events", "carol@contoso.com", "Reviewer"),
                Row(6, "bob@contoso.com", "carol@contoso.com", "Delegate", canViewPrivate: true),
                Row(7, "marie@contoso.com", "partner@fabrikam.com", "LimitedDetails"),
                Row(8, "alice@contoso.com", "carol@contoso.com", "Editor"));
            Assert.True(set.Errors.Count == 0, string.Join("\n", set.Errors.Select(e => e.Message)));
            shapes.AddRange(set.OfType<CalendarShareResult>().Select(Shape));
            var removed = await Remove(s, Row(1, "alice@contoso.com", "bob@contoso.com"), Row(2, "alice@contoso.com", "Default"), Row(3, "hans@contoso.com", "marie@contoso.com"));
            Assert.True(removed.Errors.Count == 0, string.Join("\n", removed.Errors.Select(e => e.Message)));
            shapes.AddRange(removed.OfType<CalendarShareResult>().Select(Shape));
            foreach (var m in new[] { "alice@contoso.com", "bob@contoso.com", "hans@contoso.com", "marie@contoso.com" })
            {
                await Read(m);
            }

            await Read("alice@contoso.com", "Team Events");
            return shapes;
        }

        [Fact]
        public async Task The_same_script_yields_the_same_objects_over_EWS_and_Graph()
        {
            var ews = await ScriptAsync(BackendKind.Ews);
            var graph = await ScriptAsync(BackendKind.Graph);
            Assert.Equal(ews, graph);
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task Get_lists_alices_calendar_with_canonical_roles(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            var entries = await Get(s, "alice@contoso.com");
            Assert.Contains(entries, e => e.User == "Default" && e.Role == CalendarRole.AvailabilityOnly && e.PrincipalKind == PrincipalKind.Default);
            Assert.Contains(entries, e => e.User == "carol@contoso.com" && e.Role == CalendarRole.Reviewer && e.DisplayName == "Carol Chen");
            Assert.All(entries, e => Assert.Equal("Calendar", e.Calendar));
            Assert.All(entries, e => Assert.Equal(kind == BackendKind.Ews ? "Sandbox" : "Graph", e.Source));
            Assert.Equal(kind == BackendKind.Ews, entries.Any(e => e.User == "Anonymous"));
            s.AssertWireValid();
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task Grant_is_an_upsert_added_unchanged_updated_removed(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            async Task<CalendarShareResult> One(string role)
            {
                var sink = await Set(s, Row(1, "alice@contoso.com", "bob@contoso.com", role));
                Assert.Empty(sink.Errors);
                return Assert.Single(sink.OfType<CalendarShareResult>());
            }

            Assert.Equal(ShareAction.Added, (await One("LimitedDetails")).Action);
            Assert.Equal(ShareAction.Unchanged, (await One("limitedRead")).Action);
            var updated = await One("write");
            Assert.Equal((ShareAction.Updated, CalendarRole.LimitedDetails, CalendarRole.Editor), (updated.Action, updated.PreviousRole!.Value, updated.Role));
            Assert.Equal(ShareAction.Removed, Assert.Single((await Remove(s, Row(1, "alice@contoso.com", "bob@contoso.com"))).OfType<CalendarShareResult>()).Action);
            Assert.Equal(ShareAction.Unchanged, Assert.Single((await Remove(s, Row(1, "alice@contoso.com", "bob@contoso.com"))).OfType<CalendarShareResult>()).Action);
            Assert.Equal(CalendarRole.Reviewer, Assert.Single(await Get(s, "alice@contoso.com", "carol@contoso.com")).Role);
            s.AssertWireValid();
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task Delegates_only_on_the_default_calendar_and_only_for_insiders(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            var ok = await Set(s, Row(1, "bob@contoso.com", "carol@contoso.com", "Delegate", canViewPrivate: true));
            Assert.Empty(ok.Errors);
            var entry = Assert.Single(await Get(s, "bob@contoso.com", "carol@contoso.com"));
            Assert.Equal(CalendarRole.DelegateCanViewPrivate, entry.Role);
            Assert.True(entry.CanViewPrivateItems);

            var refused = await Set(s, Row(1, "alice@contoso.com:\\Team Events", "carol@contoso.com", "Delegate"), Row(2, "alice@contoso.com", "partner@fabrikam.com", "Delegate"));
            Assert.Equal(2, refused.Errors.Count);
            Assert.All(refused.OfType<CalendarShareResult>(), r => Assert.Equal(ShareAction.Failed, r.Action));
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task WhatIf_changes_nothing(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            var whatIf = new RecordingSink(shouldProcess: (_, _) => false);
            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { Row(1, "alice@contoso.com", "bob@contoso.com", "Editor") }, whatIf, CancellationToken.None);
            Assert.Empty(whatIf.OfType<CalendarShareResult>());
            Assert.Equal(("alice@contoso.com\\Calendar", "Grant Editor to bob@contoso.com"), Assert.Single(whatIf.ShouldProcessCalls));
            Assert.Empty(await Get(s, "alice@contoso.com", "bob@contoso.com"));
        }

        private static void AssertError(RecordingSink sink, int row, string errorId, ErrorKind kind, params string[] mentions)
        {
            var error = Assert.Single(sink.Errors, e => e.Message.StartsWith($"Row {row}:", StringComparison.Ordinal));
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(kind, error.Kind);
            foreach (var m in mentions)
            {
                Assert.Contains(m, error.Message, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Equal(ShareAction.Failed, Assert.Single(sink.OfType<CalendarShareResult>(), r => r.Row == row).Action);
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task Bad_rows_fail_alone_with_the_same_error_ids(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            var sink = await Set(
                s,
                Row(1, "alice@contoso.com", "bob@contoso.com", "Reviewer"),
                Row(2, "alice@contoso.com", "carol@contoso.com", "Reader"),
                Row(6, "nobody@contoso.com", "bob@contoso.com", "Reviewer"),
                Row(7, "carol@contoso.com", "ghost@contoso.com", "Reviewer"),
                Row(9, "marie@contoso.com", "alice@contoso.com", "LimitedDetails"),
                Row(10, "alice@contoso.com:\\Holidays", "bob@contoso.com", "Reviewer"),
                Row(11, "bob@contoso.com", "partner@fabrikam.com", "Editor"),
                Row(12, "carol@contoso.com", "someone@example.net", "AvailabilityOnly"));

            AssertError(sink, 2, "InvalidRole", ErrorKind.InvalidArgument, "Reader");
            AssertError(sink, 6, "MailboxNotFound", ErrorKind.ObjectNotFound, "nobody@contoso.com");
            AssertError(sink, 7, "UserNotFound", ErrorKind.ObjectNotFound, "ghost@contoso.com");
            AssertError(sink, 10, "CalendarNotFound", ErrorKind.ObjectNotFound, "Holidays", "Team Events");
            AssertError(sink, 11, "NotAllowedBySharingPolicy", ErrorKind.PermissionDenied, "partner@fabrikam.com");
            AssertError(sink, 12, "NotAllowedBySharingPolicy", ErrorKind.PermissionDenied, "someone@example.net");
            Assert.Equal(6, sink.Errors.Count);
            Assert.Equal(new[] { 1, 9 }, sink.OfType<CalendarShareResult>().Where(r => r.Action == ShareAction.Added).Select(r => r.Row!.Value).OrderBy(n => n));
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task Get_for_an_unknown_mailbox_reports_it_and_lists_the_others(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).GetAsync(
                new[] { new ShareRequest { Mailbox = "alice@contoso.com" }, new ShareRequest { Mailbox = "nobody@contoso.com" }, new ShareRequest { Mailbox = "bob@contoso.com" } }, sink, CancellationToken.None);
            Assert.Equal("MailboxNotFound", Assert.Single(sink.Errors).ErrorId);
            Assert.Equal(new[] { "alice@contoso.com", "bob@contoso.com" }, sink.OfType<CalendarPermission>().Select(p => p.Mailbox).Distinct());
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task Fifty_concurrent_grants_to_one_calendar_leave_fifty_entries(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind, new CalendarSharing.Sandbox.SandboxOptions { GeneratedMailboxes = 50 });
            var rows = Enumerable.Range(1, 50).Select(i => Row(i, "alice@contoso.com", $"user{i:d4}@contoso.com", "Reviewer")).ToArray();
            var sink = await Set(s, rows);
            Assert.Empty(sink.Errors);
            Assert.Equal(50, sink.OfType<CalendarShareResult>().Count(r => r.Action == ShareAction.Added));
            Assert.Equal(50, (await Get(s, "alice@contoso.com")).Count(p => p.User.StartsWith("user", StringComparison.Ordinal)));
        }
    }
}
