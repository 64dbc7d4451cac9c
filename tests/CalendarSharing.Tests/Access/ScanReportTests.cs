using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Roles;
using CalendarSharing.Sandbox;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// The access report over the sandbox on each protocol: exactly the shares SandboxSeed declares (and
    /// SandboxOrganization.Seed plants): Default on every calendar, internal grants, a delegate, Anonymous free/busy, a
    /// secondary calendar shared inside, shares with the partner domain within and beyond the sharing policy and a published
    /// calendar, in the mailbox's own calendar language (Kalender, Calendrier, Congés), and nothing else. The expected rows
    /// are derived from the seed's data and what each protocol can show: EWS shows Anonymous entries, Graph's
    /// calendarPermission has none; publishing and the sharing policy are read through the Exchange Online admin API, so
    /// only where the mailbox's side has them (Graph, and hybrid for cloud mailboxes).
    /// </summary>
    public sealed class ScanReportTests
    {
        /// <summary>The rows the seed must give, in the order the organisation lists its mailboxes, each mailbox's default calendar first.</summary>
        /// <param name="exchangeSession">The scan reads policy and publishing of on-premises mailboxes through an Exchange session too.</param>
        internal static string[] Expected(ScanSandbox sandbox, bool includeSecondary, IReadOnlyCollection<string>? only = null, bool exchangeSession = false)
        {
            var org = sandbox.Org;
            var policyRead = exchangeSession || sandbox.Services.Has(ConnectionCapabilities.SharingPolicy);
            var policy = org.SharingPolicies.Single(p => p.IsDefault);
            var lines = new List<string>();
            foreach (var account in org.Accounts.Where(a => only == null || only.Contains(a.Address)))
            {
                var viaEws = org.HomeOf(account.Address) == MailboxHome.OnPremises;
                var compared = policyRead && (!viaEws || exchangeSession); // each side's own policies: the on-premises side's need an Exchange session
                var published = !viaEws || exchangeSession; // publishing too lives in the Exchange Management Shell
                // Every calendar the mailbox holds, seeded grants or not (hans's Projekte has none): the default one first.
                var calendars = new string?[] { null }.Concat(org.FindMailbox(account.Address)!.Calendar.Descendants()
                    .Where(f => f.IsCalendar && includeSecondary).Select(f => (string?)f.DisplayName));
                foreach (var calendar in calendars)
                {
                    var name = calendar ?? account.CalendarName;
                    var grants = SandboxSeed.Grants.Where(g => g.Mailbox == account.Address && g.Calendar == calendar).ToList();
                    if (!grants.Any(g => g.Principal == "Default"))
                    {
                        // What Exchange makes a calendar with: Default free/busy on the default calendar ("always shared with
                        // My Organization ... freeBusyRead"), None on one the owner made
                        // (https://learn.microsoft.com/graph/outlook-share-or-delegate-calendar).
                        grants.Insert(0, new SandboxSeededGrant(account.Address, calendar, "Default", calendar == null ? "FreeBusyTimeOnly" : "None"));
                    }

                    var ordered = grants.Where(g => g.Principal == "Default").Concat(grants.Where(g => g.Principal == "Anonymous")).Concat(grants.Where(g => g.Principal.Contains('@')));
                    foreach (var g in ordered)
                    {
                        var role = RoleVocabulary.Parse(g.Level);
                        if (g.Principal == "Anonymous")
                        {
                            if (viaEws && role != CalendarRole.None)
                            {
                                lines.Add($"{account.Address}\\{name} Anonymous Anonymous {role} Anonymous" + Over(compared, Limit(policy, "Anonymous"), role));
                            }

                            continue;
                        }

                        if (g.Principal == "Default")
                        {
                            lines.Add($"{account.Address}\\{name} Default Default {role} Internal");
                            continue;
                        }

                        var domain = g.Principal.Substring(g.Principal.IndexOf('@') + 1);
                        lines.Add(domain == SandboxOrganization.Domain
                            ? $"{account.Address}\\{name} {g.Principal} FolderEntry {role} Internal"
                            : $"{account.Address}\\{name} {g.Principal} FolderEntry {role} External {domain}" + Over(compared, Limit(policy, domain), role));
                    }

                    if (calendar == null)
                    {
                        foreach (var d in SandboxSeed.Delegates.Where(d => d.Mailbox == account.Address))
                        {
                            lines.Add($"{account.Address}\\{name} {d.Delegate} Delegate {(d.ViewPrivateItems ? CalendarRole.DelegateCanViewPrivate : CalendarRole.Delegate)} Internal");
                        }
                    }

                    foreach (var p in SandboxSeed.Publications.Where(p => p.Mailbox == account.Address && p.Calendar == calendar && published))
                    {
                        var role = p.DetailLevel == PublishingDetailLevel.FullDetails ? CalendarRole.Reviewer : p.DetailLevel == PublishingDetailLevel.LimitedDetails ? CalendarRole.LimitedDetails : CalendarRole.AvailabilityOnly;
                        lines.Add($"{account.Address}\\{name} Published Publishing {role} Published" + Over(compared, Limit(policy, "Anonymous"), role));
                    }
                }
            }

            return lines.ToArray();
        }

        /// <summary>The seeded policy's calendar limit for a domain (or its Anonymous entry): Simple, Detail, Reviewer, else nothing.</summary>
        private static CalendarRole Limit(SandboxSharingPolicyInfo policy, string domain)
        {
            var entry = policy.Domains.FirstOrDefault(d => string.Equals(d.Substring(0, d.IndexOf(':')), domain, StringComparison.OrdinalIgnoreCase));
            return entry == null ? CalendarRole.None
                : entry.Contains("CalendarSharingFreeBusyReviewer") ? CalendarRole.Reviewer
                : entry.Contains("CalendarSharingFreeBusyDetail") ? CalendarRole.LimitedDetails
                : entry.Contains("CalendarSharingFreeBusySimple") ? CalendarRole.AvailabilityOnly
                : CalendarRole.None;
        }

        private static int Rank(CalendarRole role) =>
            role == CalendarRole.None ? 0 : role == CalendarRole.AvailabilityOnly ? 1 : role == CalendarRole.LimitedDetails ? 2 : role == CalendarRole.Reviewer ? 3 : 4;

        private static string Over(bool policyRead, CalendarRole limit, CalendarRole role) => policyRead && Rank(role) > Rank(limit) ? " OverPolicy" : string.Empty;

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        [InlineData("Hybrid")]
        public async Task The_report_lists_exactly_the_seeded_shares(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (rows, sink, stats) = await sandbox.ScanAsync(new AccessScanOptions());
            Assert.Equal(Expected(sandbox, includeSecondary: false), rows.Select(ScanSandbox.Line).ToArray());
            Assert.Empty(sink.Errors);
            Assert.Equal(SandboxSeed.Grants.Select(g => g.Mailbox).Distinct().Count(), stats.Mailboxes);
            Assert.Equal(0, stats.Failed);
            Assert.All(rows, r => Assert.True(r.IsDefaultCalendar));
            Assert.Contains(sink.Progress, p => p.Completed);
            Assert.Contains(rows, r => r.Path == AccessPath.Delegate && r.Mailbox == "boardroom@contoso.com");
            Assert.Contains(rows, r => r.Calendar == "Kalender"); // hans's default calendar, by its well-known id
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
            Assert.Equal(Expected(sandbox, includeSecondary: true), rows.Select(ScanSandbox.Line).ToArray());
            var secondary = rows.Where(r => SandboxSeed.SecondaryCalendars.Any(c => c.DisplayName == r.Calendar)).ToList();
            Assert.All(secondary, r => Assert.False(r.IsDefaultCalendar));
            Assert.All(secondary, r => Assert.False(string.IsNullOrEmpty(r.CalendarId)));
            Assert.Empty(sink.Errors);
            sandbox.AssertWireValid();
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        [InlineData("Hybrid")]
        public async Task Every_exposure_class_the_seed_plants_is_found(string kind)
        {
            // What the seed plants reaches every class a protocol can show, and the expected rows are not a tautology:
            // each class comes out of the scan itself.
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (rows, _, _) = await sandbox.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true });
            var classes = rows.Select(r => r.Exposure).Distinct().OrderBy(e => e).ToArray();
            var ews = kind != "Graph";
            var admin = kind != "Ews";
            var wanted = new List<AccessExposure> { AccessExposure.Internal, AccessExposure.External };
            if (ews)
            {
                wanted.Add(AccessExposure.Anonymous);
            }

            if (admin)
            {
                wanted.Add(AccessExposure.Published);
            }

            Assert.Equal(wanted.OrderBy(e => e).ToArray(), classes);
            Assert.Contains(rows, r => r.Exposure == AccessExposure.External && r.Domain == SandboxOrganization.ExternalDomain && !r.OverPolicy);
            Assert.Equal(admin, rows.Any(r => r.Exposure == AccessExposure.External && r.OverPolicy && r.PolicyLimit == CalendarRole.LimitedDetails));
            Assert.Contains(rows, r => r.Calendar == SandboxSeed.Conges);
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
