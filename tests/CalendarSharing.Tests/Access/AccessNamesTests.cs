using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Commands;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// Names as admins type them for the access cmdlets, over the sandbox's directory (EWS ResolveNames, Graph users): an alias
    /// or display name gives the same answer as the SMTP address, and one that names nobody is an error with a stable id,
    /// never an empty answer. The addresses expected are the seed's (SandboxOrganization.Seed.cs), written out by hand.
    /// </summary>
    public sealed class AccessNamesTests
    {
        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        public async Task The_report_scans_aliases_and_display_names_as_their_mailboxes_and_a_name_of_nobody_is_a_MailboxNotFound_row(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (byName, sink, stats) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "alice", "Hans Müller", "ghost", "alice@contoso.com" } });
            var (byAddress, _, _) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "alice@contoso.com", "hans@contoso.com" } });

            Assert.Equal(byAddress.Select(ScanSandbox.Line), byName.Where(r => r.ErrorId == null).Select(ScanSandbox.Line));
            var ghost = Assert.Single(byName, r => r.ErrorId != null);
            Assert.Equal("ghost", ghost.Mailbox);
            Assert.Equal(ErrorIds.MailboxNotFound, ghost.ErrorId);
            Assert.Contains("'ghost'", ghost.Error);
            Assert.Equal(3, stats.Mailboxes); // "alice" and alice@contoso.com are one mailbox
            if (kind == "Ews")
            {
                sandbox.AssertWireValid();
            }
        }

        [Fact]
        public async Task The_reverse_view_takes_a_name_live_and_from_a_saved_scan_and_a_name_of_nobody_is_UserNotFound()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews");
            var engine = new CalendarAccessCommands(sandbox.Scanner);
            var options = new AccessScanOptions { IncludeSecondaryCalendars = true };

            var byAddress = new RecordingSink();
            await engine.ReachableAsync(new[] { "bob@contoso.com" }, null, options, byAddress, CancellationToken.None);
            var expected = byAddress.OfType<CalendarAccessRow>().Select(ScanSandbox.Line).ToList();
            Assert.Contains(@"alice@contoso.com\Team Events bob@contoso.com FolderEntry Editor Internal", expected);

            foreach (var name in new[] { "bob", "Bob Berg" })
            {
                var live = new RecordingSink();
                await engine.ReachableAsync(new[] { name, "nobody" }, null, options, live, CancellationToken.None);
                Assert.Equal(expected, live.OfType<CalendarAccessRow>().Select(ScanSandbox.Line));
                Assert.Equal(ErrorIds.UserNotFound, Assert.Single(live.Errors).ErrorId);
            }

            var (rows, _, _) = await sandbox.ScanAsync(options);
            var index = new CalendarAccessIndex(rows);
            Assert.Equal("bob@contoso.com", index.AddressOf("bob", out _));
            Assert.Null(index.AddressOf("nobody", out var none));
            Assert.Empty(none);
            sandbox.AssertWireValid();
        }

        [Fact]
        public async Task Test_CalendarSharing_and_the_copy_resolve_owner_viewer_from_and_to()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews");
            var explainer = CalendarAccessExplainer.For(sandbox.Services);
            var sink = new RecordingSink();
            await explainer.ExplainAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "Alice Anders", User = "carol" },
                    new ShareRequest { Row = 2, Mailbox = "alice", User = "nobody" },
                },
                sink,
                CancellationToken.None);
            var e = Assert.Single(sink.OfType<CalendarAccessExplanation>());
            Assert.Equal("alice@contoso.com carol@contoso.com Reviewer FolderEntry", $"{e.Owner} {e.Viewer} {e.EffectiveRole} {e.Through}");
            var error = Assert.Single(sink.Errors);
            Assert.Equal(ErrorIds.UserNotFound, error.ErrorId);
            Assert.StartsWith("Row 2: ", error.Message);

            var copy = new RecordingSink();
            await CalendarAccessCopier.For(sandbox.Services, new CalendarPermissionCommands(sandbox.Services.Backend)).CopyAsync("bob", "bob@contoso.com", false, copy, CancellationToken.None);
            Assert.Equal(ErrorIds.CopyAccessSameUser, Assert.Single(copy.Errors).ErrorId);
            sandbox.AssertWireValid();
        }
    }
}
