using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Engine
{
    /// <summary>The scenarios, end to end: engine, our EWS client, the sandbox in process.</summary>
    public class CalendarPermissionScenarioTests
    {
        private static ShareRequest Row(int n, string mailbox, string user, string? role = null, string? calendar = null) =>
            new ShareRequest { Row = n, Mailbox = mailbox, User = user, Role = role, Calendar = calendar, Source = $"row {n}" };

        [Fact]
        public async Task Get_lists_every_entry_of_alices_calendar_with_canonical_roles()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" } }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            var entries = sink.OfType<CalendarPermission>();
            Assert.Contains(entries, e => e.User == "Default" && e.Role == CalendarRole.AvailabilityOnly && e.PrincipalKind == PrincipalKind.Default);
            Assert.Contains(entries, e => e.User == "Anonymous" && e.Role == CalendarRole.None);
            Assert.Contains(entries, e => e.User == "carol@contoso.com" && e.Role == CalendarRole.Reviewer && e.DisplayName == "Carol Chen");
            Assert.All(entries, e => Assert.Equal("alice@contoso.com", e.Mailbox));
            Assert.All(entries, e => Assert.Equal("Calendar", e.Calendar));
            Assert.All(entries, e => Assert.Equal("Sandbox", e.Source));
            s.AssertWireValid();
        }

        [Fact]
        public async Task Grant_is_an_upsert_added_then_unchanged_then_updated_then_removed()
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);

            async Task<CalendarShareResult> Set(string role)
            {
                var sink = new RecordingSink();
                await commands.SetAsync(new[] { Row(1, "alice@contoso.com", "bob@contoso.com", role) }, sink, CancellationToken.None);
                Assert.Empty(sink.Errors);
                return Assert.Single(sink.OfType<CalendarShareResult>());
            }

            var added = await Set("LimitedDetails");
            Assert.Equal(ShareAction.Added, added.Action);
            Assert.Equal(CalendarRole.LimitedDetails, added.Role);
            Assert.Null(added.PreviousRole);

            Assert.Equal(ShareAction.Unchanged, (await Set("FreeBusyTimeAndSubjectAndLocation")).Action);

            var updated = await Set("write");
            Assert.Equal(ShareAction.Updated, updated.Action);
            Assert.Equal(CalendarRole.LimitedDetails, updated.PreviousRole);
            Assert.Equal(CalendarRole.Editor, updated.Role);

            var removeSink = new RecordingSink();
            await commands.RemoveAsync(new[] { Row(1, "alice@contoso.com", "bob@contoso.com") }, removeSink, CancellationToken.None);
            Assert.Equal(ShareAction.Removed, Assert.Single(removeSink.OfType<CalendarShareResult>()).Action);

            var again = new RecordingSink();
            await commands.RemoveAsync(new[] { Row(1, "alice@contoso.com", "bob@contoso.com") }, again, CancellationToken.None);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(again.OfType<CalendarShareResult>()).Action);

            // Carol's entry, written back on every whole-set replacement, is still there.
            var get = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com", User = "carol@contoso.com" } }, get, CancellationToken.None);
            Assert.Equal(CalendarRole.Reviewer, Assert.Single(get.OfType<CalendarPermission>()).Role);
            s.AssertWireValid();
        }

        [Theory]
        [InlineData("hans@contoso.com", null, "Kalender")]
        [InlineData("hans@contoso.com:\\Kalender", null, "Kalender")]
        [InlineData("hans@contoso.com", "Calendar", "Kalender")]
        [InlineData("marie@contoso.com", null, "Calendrier")]
        [InlineData("marie@contoso.com:\\Calendrier", null, "Calendrier")]
        public async Task German_and_French_mailboxes_work_by_address_and_by_their_calendar_name(string mailbox, string? calendar, string expectedName)
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);
            var sink = new RecordingSink();

            await commands.SetAsync(new[] { Row(1, mailbox, "Default", "LimitedDetails", calendar), Row(2, mailbox, "bob@contoso.com", "Reviewer", calendar) }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            var results = sink.OfType<CalendarShareResult>();
            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.Equal(expectedName, r.Calendar));
            Assert.Contains(results, r => r.User == "Default" && r.Role == CalendarRole.LimitedDetails);

            var get = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = mailbox, Calendar = calendar } }, get, CancellationToken.None);
            var entries = get.OfType<CalendarPermission>();
            Assert.Contains(entries, e => e.User == "bob@contoso.com" && e.Role == CalendarRole.Reviewer && e.Calendar == expectedName);
            s.AssertWireValid();
        }

        [Fact]
        public async Task A_secondary_calendar_is_found_by_display_name()
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);
            var sink = new RecordingSink();

            await commands.SetAsync(new[] { Row(1, "alice@contoso.com:\\Team Events", "carol@contoso.com", "Reviewer") }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            var result = Assert.Single(sink.OfType<CalendarShareResult>());
            Assert.Equal("Team Events", result.Calendar);
            Assert.Equal(ShareAction.Added, result.Action);

            var get = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com", Calendar = "team events" } }, get, CancellationToken.None);
            Assert.Contains(get.OfType<CalendarPermission>(), e => e.User == "bob@contoso.com" && e.Role == CalendarRole.Editor);
            Assert.Contains(get.OfType<CalendarPermission>(), e => e.User == "carol@contoso.com" && e.Role == CalendarRole.Reviewer);
            s.AssertWireValid();
        }

        [Fact]
        public async Task Delegate_role_with_private_items_reads_back_as_DelegateCanViewPrivate()
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);
            var sink = new RecordingSink();

            await commands.SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "bob@contoso.com", User = "carol@contoso.com", Role = "Delegate", CanViewPrivateItems = true } }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(CalendarRole.DelegateCanViewPrivate, Assert.Single(sink.OfType<CalendarShareResult>()).Role);
            var get = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "bob@contoso.com", User = "carol@contoso.com" } }, get, CancellationToken.None);
            var entry = Assert.Single(get.OfType<CalendarPermission>());
            Assert.Equal(CalendarRole.DelegateCanViewPrivate, entry.Role);
            Assert.True(entry.CanViewPrivateItems);
            s.AssertWireValid();
        }

        [Fact]
        public async Task WhatIf_changes_nothing_and_asks_with_the_resolved_target()
        {
            using var s = await SandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);
            var whatIf = new RecordingSink(shouldProcess: (_, _) => false);

            await commands.SetAsync(new[] { Row(1, "alice@contoso.com", "bob@contoso.com", "Editor") }, whatIf, CancellationToken.None);

            Assert.Empty(whatIf.OfType<CalendarShareResult>());
            var (target, action) = Assert.Single(whatIf.ShouldProcessCalls);
            Assert.Equal("alice@contoso.com\\Calendar", target);
            Assert.Equal("Grant Editor to bob@contoso.com", action);
            Assert.DoesNotContain("UpdateFolder", s.Org.RequestCounts.Keys);

            var get = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com", User = "bob@contoso.com" } }, get, CancellationToken.None);
            Assert.Empty(get.OfType<CalendarPermission>());
        }

        [Fact]
        public async Task Rows_for_one_calendar_are_applied_with_one_read_and_one_write()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink();
            var rows = new[]
            {
                Row(1, "carol@contoso.com", "alice@contoso.com", "Reviewer"),
                Row(2, "carol@contoso.com", "bob@contoso.com", "LimitedDetails"),
                Row(3, "carol@contoso.com", "Default", "None"),
            };
            var before = s.Org.RequestCounts.TryGetValue("UpdateFolder", out var u) ? u : 0;

            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(new[] { 1, 2, 3 }, sink.OfType<CalendarShareResult>().Select(r => r.Row!.Value));
            Assert.Equal(before + 1, s.Org.RequestCounts["UpdateFolder"]);
        }
    }
}
