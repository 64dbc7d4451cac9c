using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// The access report over the sandbox on each protocol: exactly the shares SandboxOrganization.Seed.cs plants (the
    /// Default entry of every calendar, alice's Reviewer for carol, hans's Kalender shared with marie, alice's Team Events
    /// with bob as Editor), in the mailbox's own calendar language, and nothing else.
    /// </summary>
    public sealed class ScanReportTests
    {
        /// <summary>The seed's default calendars, in the order the organisation lists its mailboxes.</summary>
        private static readonly string[] SeededDefault =
        {
            @"admin@contoso.com\Calendar Default Default AvailabilityOnly Internal",
            @"alice@contoso.com\Calendar Default Default AvailabilityOnly Internal",
            @"alice@contoso.com\Calendar carol@contoso.com FolderEntry Reviewer Internal",
            @"bob@contoso.com\Calendar Default Default AvailabilityOnly Internal",
            @"carol@contoso.com\Calendar Default Default AvailabilityOnly Internal",
            @"hans@contoso.com\Kalender Default Default AvailabilityOnly Internal",
            @"hans@contoso.com\Kalender marie@contoso.com FolderEntry LimitedDetails Internal",
            @"marie@contoso.com\Calendrier Default Default LimitedDetails Internal",
            @"boardroom@contoso.com\Calendar Default Default LimitedDetails Internal",
        };

        private static readonly string[] SeededTeamEvents =
        {
            @"alice@contoso.com\Team Events Default Default None Internal",
            @"alice@contoso.com\Team Events bob@contoso.com FolderEntry Editor Internal",
        };

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        [InlineData("Hybrid")]
        public async Task The_report_lists_exactly_the_seeded_shares(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (rows, sink, stats) = await sandbox.ScanAsync(new AccessScanOptions());
            Assert.Equal(SeededDefault, rows.Select(ScanSandbox.Line).ToArray());
            Assert.Empty(sink.Errors);
            Assert.Equal(7, stats.Mailboxes);
            Assert.Equal(0, stats.Failed);
            Assert.All(rows, r => Assert.True(r.IsDefaultCalendar));
            Assert.Contains(sink.Progress, p => p.Completed);
            sandbox.AssertWireValid();
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        [InlineData("Hybrid")]
        public async Task Secondary_calendars_come_after_their_mailboxs_default_one(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (rows, sink, _) = await sandbox.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true });
            var expected = SeededDefault.Take(3).Concat(SeededTeamEvents).Concat(SeededDefault.Skip(3)).ToArray();
            Assert.Equal(expected, rows.Select(ScanSandbox.Line).ToArray());
            var team = rows.Where(r => r.Calendar == "Team Events").ToList();
            Assert.All(team, r => Assert.False(r.IsDefaultCalendar));
            Assert.All(team, r => Assert.False(string.IsNullOrEmpty(r.CalendarId)));
            Assert.Empty(sink.Errors);
            sandbox.AssertWireValid();
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        [InlineData("Hybrid")]
        public async Task A_mailbox_that_cannot_be_read_is_a_row_with_its_reason_and_the_others_still_come(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (rows, _, stats) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "hans@contoso.com", "ghost@contoso.com", "not an address", "alice@contoso.com" } });
            Assert.Equal(
                new[]
                {
                    @"hans@contoso.com\Kalender Default Default AvailabilityOnly Internal",
                    @"hans@contoso.com\Kalender marie@contoso.com FolderEntry LimitedDetails Internal",
                    @"ghost@contoso.com\Calendar ! MailboxNotFound",
                    @"not an address\Calendar ! MailboxNotFound", // no '@': looked up as a display name, which names nobody
                    @"alice@contoso.com\Calendar Default Default AvailabilityOnly Internal",
                    @"alice@contoso.com\Calendar carol@contoso.com FolderEntry Reviewer Internal",
                },
                rows.Select(ScanSandbox.Line).ToArray());
            var ghost = rows.Single(r => r.Mailbox == "ghost@contoso.com");
            Assert.Contains("ghost@contoso.com", ghost.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(2, stats.Failed);
            sandbox.AssertWireValid();
        }

        [Fact]
        public async Task An_external_share_beyond_the_sharing_policy_is_flagged_with_the_policy_and_its_limit()
        {
            // A share made out of band (before the policy was narrowed, say): fabrikam.com gets Reviewer on alice's calendar,
            // while the default policy allows outside domains free/busy only.
            using var sandbox = await ScanSandbox.StartAsync("Graph", org =>
            {
                org.SetSharingPolicy("Default Sharing Policy", true, true, "*:CalendarSharingFreeBusySimple");
                org.ModifyCalendarAcl("alice@contoso.com", acl => acl["partner@fabrikam.com"] = "Reviewer");
            });
            var (rows, sink, _) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "alice@contoso.com" } });
            var external = rows.Single(r => r.Principal == "partner@fabrikam.com");
            Assert.Equal(AccessExposure.External, external.Exposure);
            Assert.Equal("fabrikam.com", external.Domain);
            Assert.Equal(CalendarRole.Reviewer, external.Role);
            Assert.True(external.OverPolicy);
            Assert.Equal(CalendarRole.AvailabilityOnly, external.PolicyLimit);
            Assert.Equal("Default Sharing Policy", external.Policy);
            Assert.All(rows.Where(r => r.Exposure == AccessExposure.Internal), r => Assert.False(r.OverPolicy));
            Assert.Empty(sink.Warnings);
        }

        [Fact]
        public async Task A_published_calendar_is_a_Published_row_compared_with_the_policys_Anonymous_entry()
        {
            // Published while the policy allowed LimitedDetails, then the policy was narrowed (Exchange refuses to publish
            // beyond it, but keeps what was published before).
            using var sandbox = await ScanSandbox.StartAsync("Graph", org =>
                org.SetSharingPolicy("Default Sharing Policy", true, true, "Anonymous:CalendarSharingFreeBusyDetail"));
            var publish = new CalendarSharing.Core.Publishing.PublishingCommands(sandbox.Services.Find<CalendarSharing.Core.Publishing.IPublishingBackend>(CalendarSharing.ConnectionCapabilities.Publishing));
            var setup = new Support.RecordingSink();
            await publish.PublishAsync(new[] { new CalendarSharing.Core.Publishing.PublishingRequest { Row = 1, Mailbox = "bob@contoso.com", DetailLevel = "LimitedDetails" } }, setup, default);
            Assert.Empty(setup.Errors);
            sandbox.Org.SetSharingPolicy("Default Sharing Policy", true, true, "Anonymous:CalendarSharingFreeBusySimple");
            var (rows, _, _) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "bob@contoso.com" } });
            var published = rows.Single(r => r.Path == AccessPath.Publishing);
            Assert.Equal(AccessExposure.Published, published.Exposure);
            Assert.Equal(CalendarRole.LimitedDetails, published.Role);
            Assert.StartsWith("LimitedDetails", published.PublishedDetail, StringComparison.Ordinal);
            Assert.True(published.OverPolicy);
            Assert.Equal(CalendarRole.AvailabilityOnly, published.PolicyLimit);
        }

        [Fact]
        public async Task A_delegate_is_a_Delegate_row_with_its_flags()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews");
            var delegates = new CalendarSharing.Core.Delegation.DelegateCommands(sandbox.Services.Find<CalendarSharing.Core.Delegation.IDelegateBackend>(CalendarSharing.ConnectionCapabilities.Delegates)!, 2, "Sandbox");
            var setup = new Support.RecordingSink();
            await delegates.AddAsync(new[] { new CalendarSharing.Core.Delegation.DelegateRequest { Row = 1, Mailbox = "alice@contoso.com", Delegate = "bob@contoso.com", CalendarRole = "Editor", ViewPrivateItems = true, ReceiveMeetingCopies = true } }, setup, default);
            Assert.Empty(setup.Errors);
            var (rows, _, _) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "alice@contoso.com" } });
            var bob = rows.Single(r => r.Principal == "bob@contoso.com");
            Assert.Equal(AccessPath.Delegate, bob.Path);
            Assert.True(bob.CanViewPrivateItems);
            Assert.True(bob.ReceivesMeetingRequests);
            Assert.Equal(AccessExposure.Internal, bob.Exposure);
            sandbox.AssertWireValid();
        }
    }
}
