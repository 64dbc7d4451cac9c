using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Sharing;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Delegation;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sharing
{
    /// <summary>
    /// The sharing-policy engine against the sandbox's admin API (InvokeCommand, the real client): -Domains is read,
    /// one domain changed and the whole list written back; a second identical call sends no write and is Unchanged;
    /// Enabled, Default and mailbox assignments are compared before they are set.
    /// </summary>
    public sealed class SharingPolicyEngineTests
    {
        private const string Policy = SandboxOrganization.DefaultSharingPolicyName;

        private static readonly string[] Seeded =
        {
            "Anonymous:CalendarSharingFreeBusyReviewer",
            "*:CalendarSharingFreeBusySimple",
            "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing",
            "tailspintoys.com:ContactsSharing",
        };

        private static async Task<RecordingSink> Run(Func<RecordingSink, Task> run)
        {
            var sink = new RecordingSink();
            await run(sink);
            return sink;
        }

        private static string[] Domains(SandboxOrganization org, string policy = Policy) =>
            org.SharingPolicies.Single(p => p.Name == policy).Domains.ToArray();

        [Fact]
        public async Task Changing_one_domain_keeps_every_other_domain_and_a_second_identical_call_is_Unchanged()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy(Policy, true, true, Seeded);
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));

            var first = await Run(sink => commands.SetDomainsAsync(null, new[] { "fabrikam.com" }, CalendarRole.Reviewer, sink, CancellationToken.None));

            Assert.Empty(first.Errors);
            var change = Assert.Single(first.OfType<SharingPolicyChange>());
            Assert.Equal((Policy, "fabrikam.com", ShareAction.Updated, CalendarRole.Reviewer, CalendarRole.LimitedDetails), (change.Policy, change.Setting, change.Action, change.DetailLevel!.Value, change.PreviousDetailLevel!.Value));
            Assert.Equal(
                new[] { "Anonymous:CalendarSharingFreeBusyReviewer", "*:CalendarSharingFreeBusySimple", "fabrikam.com:CalendarSharingFreeBusyReviewer,ContactsSharing", "tailspintoys.com:ContactsSharing" },
                Domains(s.Org));
            var write = Assert.Single(s.Org.AdminCommands, c => c.Name == "Set-SharingPolicy");
            Assert.Equal(
                "Set-SharingPolicy -Identity \"Default Sharing Policy\" -Domains [\"Anonymous:CalendarSharingFreeBusyReviewer\",\"*:CalendarSharingFreeBusySimple\",\"fabrikam.com:CalendarSharingFreeBusyReviewer,ContactsSharing\",\"tailspintoys.com:ContactsSharing\"] -Confirm false",
                write.ToString());

            var writesBefore = s.Org.AdminCommands.Count(c => c.Name == "Set-SharingPolicy");
            var second = await Run(sink => commands.SetDomainsAsync(null, new[] { "fabrikam.com" }, CalendarRole.Reviewer, sink, CancellationToken.None));
            Assert.Empty(second.Errors);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(second.OfType<SharingPolicyChange>()).Action);
            Assert.Equal(writesBefore, s.Org.AdminCommands.Count(c => c.Name == "Set-SharingPolicy"));
            Assert.Empty(second.ShouldProcessCalls);
        }

        [Fact]
        public async Task Enabling_twice_is_Unchanged_the_second_time_for_a_domain_star_and_Anonymous()
        {
            using var s = await SandboxSession.StartAsync();
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));

            foreach (var (domain, level) in new[] { ("tailspintoys.com", CalendarRole.LimitedDetails), ("*", CalendarRole.AvailabilityOnly), ("Anonymous", CalendarRole.AvailabilityOnly) })
            {
                var first = await Run(sink => commands.SetDomainsAsync(null, new[] { domain }, level, sink, CancellationToken.None));
                var second = await Run(sink => commands.SetDomainsAsync(null, new[] { domain }, level, sink, CancellationToken.None));
                Assert.Equal(ShareAction.Added, Assert.Single(first.OfType<SharingPolicyChange>()).Action);
                Assert.Equal(ShareAction.Unchanged, Assert.Single(second.OfType<SharingPolicyChange>()).Action);
            }

            Assert.Equal(
                new[] { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing", "tailspintoys.com:CalendarSharingFreeBusyDetail", "*:CalendarSharingFreeBusySimple", "Anonymous:CalendarSharingFreeBusySimple" },
                Domains(s.Org));
            Assert.Equal(3, s.Org.AdminCommands.Count(c => c.Name == "Set-SharingPolicy"));
        }

        [Fact]
        public async Task Disabling_takes_only_the_calendar_action_away_and_a_domain_without_one_is_Unchanged()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy(Policy, true, true, Seeded);
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));

            var sink = await Run(k => commands.SetDomainsAsync(null, new[] { "fabrikam.com", "*", "litware.com" }, CalendarRole.None, k, CancellationToken.None));

            Assert.Empty(sink.Errors);
            Assert.Equal(
                new[] { ("fabrikam.com", ShareAction.Updated), ("*", ShareAction.Removed), ("litware.com", ShareAction.Unchanged) },
                sink.OfType<SharingPolicyChange>().Select(c => (c.Setting, c.Action)).ToArray());
            Assert.Equal(new[] { "Anonymous:CalendarSharingFreeBusyReviewer", "fabrikam.com:ContactsSharing", "tailspintoys.com:ContactsSharing" }, Domains(s.Org));
            Assert.Single(s.Org.AdminCommands, c => c.Name == "Set-SharingPolicy");
        }

        [Fact]
        public async Task A_named_policy_is_changed_not_the_default_and_an_unknown_one_or_bad_input_is_an_error_that_writes_nothing()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy("Partners", true, false, "fabrikam.com:CalendarSharingFreeBusySimple");
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));

            await Run(k => commands.SetDomainsAsync("partners", new[] { "fabrikam.com" }, CalendarRole.Reviewer, k, CancellationToken.None));
            Assert.Equal(new[] { "fabrikam.com:CalendarSharingFreeBusyReviewer" }, Domains(s.Org, "Partners"));
            Assert.Equal(new[] { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing" }, Domains(s.Org));

            var unknown = await Run(k => commands.SetDomainsAsync("Nobody", new[] { "fabrikam.com" }, CalendarRole.Reviewer, k, CancellationToken.None));
            var error = Assert.Single(unknown.Errors);
            Assert.Equal("SharingPolicyNotFound", error.ErrorId);
            Assert.Contains("'Nobody'", error.Message);
            Assert.Contains("'Partners'", error.Message);

            var bad = await Run(k => commands.SetDomainsAsync(null, new[] { "not a domain" }, CalendarRole.Reviewer, k, CancellationToken.None));
            Assert.Equal("InvalidSharingDomain", Assert.Single(bad.Errors).ErrorId);
            var level = await Run(k => commands.SetDomainsAsync(null, new[] { "fabrikam.com" }, CalendarRole.Editor, k, CancellationToken.None));
            Assert.Equal("InvalidDetailLevel", Assert.Single(level.Errors).ErrorId);
            Assert.Single(s.Org.AdminCommands, c => c.Name == "Set-SharingPolicy");
        }

        [Fact]
        public async Task Enabled_and_Default_are_set_only_when_they_differ()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy("Partners", true, false, "fabrikam.com:CalendarSharingFreeBusySimple");
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));

            var first = await Run(k => commands.SetPolicyAsync("Partners", false, true, k, CancellationToken.None));
            var second = await Run(k => commands.SetPolicyAsync("Partners", false, true, k, CancellationToken.None));

            Assert.Equal(new[] { ("Enabled", ShareAction.Updated), ("Default", ShareAction.Updated) }, first.OfType<SharingPolicyChange>().Select(c => (c.Setting, c.Action)).ToArray());
            Assert.Equal(new[] { ("Enabled", ShareAction.Unchanged), ("Default", ShareAction.Unchanged) }, second.OfType<SharingPolicyChange>().Select(c => (c.Setting, c.Action)).ToArray());
            var partners = s.Org.SharingPolicies.Single(p => p.Name == "Partners");
            Assert.False(partners.Enabled);
            Assert.True(partners.IsDefault);
            Assert.False(s.Org.SharingPolicies.Single(p => p.Name == Policy).IsDefault);
            Assert.Equal(2, s.Org.AdminCommands.Count(c => c.Name == "Set-SharingPolicy"));
        }

        [Fact]
        public async Task Assigning_a_policy_in_bulk_gives_one_result_per_row_a_bad_row_its_error_and_a_second_run_is_Unchanged()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy("Partners", true, false, "fabrikam.com:CalendarSharingFreeBusyReviewer");
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));
            var rows = new[]
            {
                new SharingPolicyAssignmentRequest { Row = 1, Mailbox = "alice@contoso.com", Source = "row 1" },
                new SharingPolicyAssignmentRequest { Row = 2, Mailbox = "nobody@contoso.com", Source = "row 2" },
                new SharingPolicyAssignmentRequest { Row = 3, Mailbox = " ", Source = "row 3" },
                new SharingPolicyAssignmentRequest { Row = 4, Mailbox = "bob@contoso.com", Source = "row 4" },
            };

            var first = await Run(k => commands.AssignAsync("Partners", rows, k, CancellationToken.None));
            Assert.Equal(new[] { (1, ShareAction.Updated), (4, ShareAction.Updated) }, first.OfType<SharingPolicyAssignment>().Select(a => (a.Row!.Value, a.Action)).ToArray());
            Assert.Equal(new[] { ("MissingMailbox", "row 3"), ("MailboxNotFound", "row 2") }, first.Errors.Select(e => (e.ErrorId, (string)e.Target!)).ToArray());
            Assert.StartsWith("Row 2: nobody@contoso.com", first.Errors.Single(e => e.ErrorId == "MailboxNotFound").Message);
            Assert.Equal("Partners", s.Org.AssignedSharingPolicy("alice@contoso.com"));
            Assert.Equal("Partners", s.Org.AssignedSharingPolicy("bob@contoso.com"));

            var before = s.Org.AdminCommands.Count(c => c.Name == "Set-Mailbox");
            var second = await Run(k => commands.AssignAsync("Partners", rows.Where(r => r.Row == 1 || r.Row == 4).ToList(), k, CancellationToken.None));
            Assert.All(second.OfType<SharingPolicyAssignment>(), a => Assert.Equal(ShareAction.Unchanged, a.Action));
            Assert.Equal(before, s.Org.AdminCommands.Count(c => c.Name == "Set-Mailbox"));

            var listed = await Run(k => commands.GetAsync(new[] { "Partners" }, includeMailboxes: true, k, CancellationToken.None));
            Assert.Equal(new[] { "alice@contoso.com", "bob@contoso.com" }, Assert.Single(listed.OfType<CalendarSharingPolicy>()).AssignedMailboxes);
        }

        [Fact]
        public async Task New_creates_once_an_identical_second_call_is_Unchanged_and_a_different_one_is_refused()
        {
            using var s = await SandboxSession.StartAsync();
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));

            var created = await Run(k => commands.NewAsync("Partners", new[] { "fabrikam.com", "Anonymous" }, CalendarRole.LimitedDetails, true, k, CancellationToken.None));
            var again = await Run(k => commands.NewAsync("Partners", new[] { "fabrikam.com", "Anonymous" }, CalendarRole.LimitedDetails, true, k, CancellationToken.None));
            var other = await Run(k => commands.NewAsync("Partners", new[] { "fabrikam.com" }, CalendarRole.Reviewer, true, k, CancellationToken.None));

            Assert.Equal(ShareAction.Added, Assert.Single(created.OfType<SharingPolicyChange>()).Action);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(again.OfType<SharingPolicyChange>()).Action);
            Assert.Equal("SharingPolicyExists", Assert.Single(other.Errors).ErrorId);
            Assert.Equal(new[] { "fabrikam.com:CalendarSharingFreeBusyDetail", "Anonymous:CalendarSharingFreeBusyDetail" }, Domains(s.Org, "Partners"));
            Assert.Single(s.Org.AdminCommands, c => c.Name == "New-SharingPolicy");
        }

        [Fact]
        public async Task Partners_list_each_mechanism_per_domain_and_which_one_governs()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy(Policy, true, true, "fabrikam.com:CalendarSharingFreeBusyDetail", "tailspintoys.com:CalendarSharingFreeBusySimple");
            s.Org.SetSharingPolicy("Partners", true, false, "tailspintoys.com:CalendarSharingFreeBusyReviewer");
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test"));

            var sink = await Run(k => commands.GetPartnersAsync(k, CancellationToken.None));

            Assert.Empty(sink.Errors);
            Assert.Equal(
                new[]
                {
                    ("fabrikam.com", ExternalSharingMechanism.SharingPolicy, Policy, CalendarRole.LimitedDetails, false),
                    ("fabrikam.com", ExternalSharingMechanism.OrganizationRelationship, "Fabrikam", CalendarRole.AvailabilityOnly, true),
                    ("tailspintoys.com", ExternalSharingMechanism.SharingPolicy, Policy, CalendarRole.AvailabilityOnly, true),
                    ("tailspintoys.com", ExternalSharingMechanism.SharingPolicy, "Partners", CalendarRole.Reviewer, false),
                },
                sink.OfType<ExternalSharingPartner>().Select(p => (p.Domain, p.Mechanism, p.Name, p.DetailLevel, p.Governs)).ToArray());
        }

        /// <summary>
        /// On premises (what -ExchangeSession sends through the admin's Exchange Management Shell session): the same
        /// engine with the OnPremises flavour, played against the sandbox, which logs every cmdlet and parameter it received.
        /// </summary>
        [Fact]
        public async Task An_on_premises_run_sends_exactly_these_cmdlets_and_parameters()
        {
            using var s = await SandboxSession.StartAsync();
            using var client = MailboxAccessScenarioTests.Client(s.Org);
            var commands = new SharingPolicyCommands(new ExchangeSharingPolicyBackend(new OnPremises(client), "session").WithOnPremisesExecutor(new OnPremises(client)));

            await Run(k => commands.SetDomainsAsync(null, new[] { "tailspintoys.com" }, CalendarRole.AvailabilityOnly, k, CancellationToken.None));
            await Run(k => commands.SetPolicyAsync(null, false, false, k, CancellationToken.None));
            await Run(k => commands.AssignAsync(Policy, new[] { new SharingPolicyAssignmentRequest { Row = 1, Mailbox = "hans@contoso.com" } }, k, CancellationToken.None));

            Assert.Equal(
                new[]
                {
                    "Get-SharingPolicy ",
                    "Set-SharingPolicy -Identity \"Default Sharing Policy\" -Domains [\"fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing\",\"tailspintoys.com:CalendarSharingFreeBusySimple\"] -Confirm false",
                    "Get-SharingPolicy ",
                    "Set-SharingPolicy -Identity \"Default Sharing Policy\" -Enabled false -Confirm false",
                    "Get-SharingPolicy ",
                    "Get-Mailbox -Identity \"hans@contoso.com\"",
                    "Set-Mailbox -Identity \"hans@contoso.com\" -SharingPolicy \"Default Sharing Policy\" -Confirm false",
                },
                s.Org.AdminCommands.Select(c => c.ToString()).ToArray());
        }

        private sealed class OnPremises : IExchangeCommandExecutor
        {
            private readonly IExchangeCommandExecutor inner;

            public OnPremises(IExchangeCommandExecutor inner)
            {
                this.inner = inner;
            }

            public ExchangeFlavor Flavor => ExchangeFlavor.OnPremises;

            public Task<ExchangeCommandResult> InvokeAsync(ExchangeCommand command, CancellationToken cancellationToken) => inner.InvokeAsync(command, cancellationToken);
        }
    }
}
