using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Sharing;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sharing
{
    /// <summary>
    /// Set-CalendarShare's sharing-policy check on an Exchange Online connection (Graph for the calendar, the admin API
    /// for the policy), over a matrix of detail levels x domains x policies with and without * and Anonymous: exactly
    /// the shares beyond the policy are refused, with an error naming the policy, the domain and the highest role
    /// allowed; the allowed ones are granted; shares inside the organisation are never checked. The sandbox's own
    /// rule (EWS and Graph) agrees with the same table.
    /// </summary>
    public sealed class SharingPolicyCheckTests
    {
        private const string Policy = SandboxOrganization.DefaultSharingPolicyName;

        // fabrikam.com: its own entry (LimitedDetails). tailspintoys.com: federated, reached by *. litware.com: not
        // federated, reached by Anonymous. The "Narrow" policy has no * and no Anonymous entry.
        private static readonly string[] Wide = { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing", "*:CalendarSharingFreeBusySimple", "Anonymous:CalendarSharingFreeBusyReviewer" };
        private static readonly string[] Narrow = { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing" };

        private static readonly string[] Users = { "partner@fabrikam.com", "dana@tailspintoys.com", "lee@litware.com" };
        private static readonly CalendarRole[] Roles = { CalendarRole.AvailabilityOnly, CalendarRole.LimitedDetails, CalendarRole.Reviewer, CalendarRole.Editor };

        /// <summary>The highest role each policy allows each user, written out by hand (not computed by the code under test).</summary>
        private static readonly Dictionary<(string Policy, string User), (CalendarRole Highest, string Entry)> Expected = new Dictionary<(string, string), (CalendarRole, string)>
        {
            [("Wide", "partner@fabrikam.com")] = (CalendarRole.LimitedDetails, "fabrikam.com"),
            [("Wide", "dana@tailspintoys.com")] = (CalendarRole.AvailabilityOnly, "*"),
            [("Wide", "lee@litware.com")] = (CalendarRole.Reviewer, "Anonymous"),
            [("Narrow", "partner@fabrikam.com")] = (CalendarRole.LimitedDetails, "fabrikam.com"),
            [("Narrow", "dana@tailspintoys.com")] = (CalendarRole.None, "-"),
            [("Narrow", "lee@litware.com")] = (CalendarRole.None, "-"),
        };

        private static int Rank(CalendarRole role) => Array.IndexOf(new[] { CalendarRole.None, CalendarRole.AvailabilityOnly, CalendarRole.LimitedDetails, CalendarRole.Reviewer, CalendarRole.Editor }, role);

        private static List<ShareRequest> Matrix()
        {
            var rows = new List<ShareRequest>();
            foreach (var user in Users)
            {
                foreach (var role in Roles)
                {
                    // One calendar per role, so every row is a first grant.
                    var mailbox = role switch { CalendarRole.AvailabilityOnly => "alice@contoso.com", CalendarRole.LimitedDetails => "bob@contoso.com", CalendarRole.Reviewer => "carol@contoso.com", _ => "marie@contoso.com" };
                    rows.Add(new ShareRequest { Row = rows.Count + 1, Mailbox = mailbox, User = user, Role = role.ToString(), Source = $"row {rows.Count + 1}" });
                }
            }

            return rows;
        }

        [Theory]
        [InlineData("Wide")]
        [InlineData("Narrow")]
        public async Task Refuses_exactly_the_shares_beyond_the_policy_and_grants_the_others(string policy)
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            s.Org.SetSharingPolicy(Policy, true, true, policy == "Wide" ? Wide : Narrow);
            var commands = new CalendarPermissionCommands(s.Backend) { SharingPolicy = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test")) };
            var rows = Matrix();
            var sink = new RecordingSink();

            await commands.SetAsync(rows, sink, CancellationToken.None);

            foreach (var row in rows)
            {
                var (highest, entry) = Expected[(policy, row.User!)];
                var role = (CalendarRole)Enum.Parse(typeof(CalendarRole), row.Role!);
                var result = sink.OfType<CalendarShareResult>().Single(r => r.Row == row.Row);
                var error = sink.Errors.SingleOrDefault(e => Equals(e.Target, row.Source));
                // Graph itself caps outsiders at Reviewer; Editor is beyond every policy anyway.
                if (Rank(role) <= Rank(highest))
                {
                    Assert.True(error == null, $"row {row.Row} ({row.User} {role}) was refused: {error}");
                    Assert.Equal(ShareAction.Added, result.Action);
                    continue;
                }

                Assert.True(error != null, $"row {row.Row} ({row.User} {role}) was not refused");
                Assert.Equal(ShareAction.Failed, result.Action);
                Assert.Equal(ErrorIds.NotAllowedBySharingPolicy, error!.ErrorId);
                Assert.StartsWith($"Row {row.Row}: {row.Mailbox}\\Calendar, user {row.User}: ", error.Message);
                Assert.Contains($"'{Policy}'", error.Message);
                Assert.Contains(row.User!.Split('@')[1], error.Message);
                Assert.Contains(role.ToString(), error.Message);
                if (highest == CalendarRole.None)
                {
                    Assert.Contains("does not share calendars with", error.Message);
                }
                else
                {
                    Assert.Contains($"at most {highest} for {row.User.Split('@')[1]} (entry {entry}:", error.Message);
                    Assert.StartsWith($"Grant {highest} or less", error.RecommendedAction);
                }
            }

            // The refused rows never reached Graph: nothing beyond the policy was written to any calendar.
            Assert.DoesNotContain(s.Recorder.Requests, r => r.Method.Method == "POST" && r.Body != null && r.Body.Contains("\"write\""));
        }

        [Fact]
        public async Task Shares_inside_the_organisation_are_never_checked()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            s.Org.SetSharingPolicy(Policy, false, true);
            var commands = new CalendarPermissionCommands(s.Backend) { SharingPolicy = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test")) };
            var sink = new RecordingSink();

            await commands.SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Editor" },
                    new ShareRequest { Row = 2, Mailbox = "alice@contoso.com", User = "Default", Role = "Reviewer" },
                    new ShareRequest { Row = 3, Mailbox = "alice@contoso.com", User = "carol@contoso.com", Role = "DelegateCanViewPrivate" },
                },
                sink,
                CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(3, sink.OfType<CalendarShareResult>().Count(r => r.Action == ShareAction.Added || r.Action == ShareAction.Updated));
            Assert.Empty(s.Org.AdminCommands);
        }

        [Fact]
        public async Task WhatIf_shows_the_verdict_and_a_disabled_policy_refuses_every_outside_share()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            s.Org.SetSharingPolicy(Policy, true, true, Wide);
            var commands = new CalendarPermissionCommands(s.Backend) { SharingPolicy = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test")) };
            var whatIf = new RecordingSink((target, action) => false);

            await commands.SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "dana@tailspintoys.com", Role = "AvailabilityOnly" } }, whatIf, CancellationToken.None);

            var (target, text) = Assert.Single(whatIf.ShouldProcessCalls);
            Assert.Equal("alice@contoso.com\\Calendar", target);
            Assert.Equal($"Grant AvailabilityOnly to dana@tailspintoys.com (within sharing policy '{Policy}': * up to AvailabilityOnly)", text);

            s.Org.SetSharingPolicy(Policy, false, true, Wide);
            var disabled = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend) { SharingPolicy = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test")) }
                .SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "partner@fabrikam.com", Role = "AvailabilityOnly", Source = "r" } }, disabled, CancellationToken.None);
            var error = Assert.Single(disabled.Errors);
            Assert.Contains($"sharing policy '{Policy}' is disabled", error.Message);
        }

        /// <summary>
        /// The seeded default policy has no * and no Anonymous entry: a share with a non-federated domain is refused (the
        /// Anonymous entry, which Exchange documents as governing "external, non-federated organizations and individuals",
        /// would open it), and so is publishing. Only fabrikam.com's own entry shares anything.
        /// </summary>
        [Fact]
        public async Task The_seeded_policy_opens_neither_non_federated_shares_nor_publishing()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            var seeded = Assert.Single(s.Org.SharingPolicies);
            Assert.Equal(new[] { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing" }, seeded.Domains);
            var gate = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test"));
            Assert.False((await gate.EvaluateAsync("alice@contoso.com", "lee@litware.com", CalendarRole.AvailabilityOnly, CancellationToken.None)).Allowed);
            Assert.False((await gate.EvaluateAsync("alice@contoso.com", "dana@tailspintoys.com", CalendarRole.AvailabilityOnly, CancellationToken.None)).Allowed);
            Assert.True((await gate.EvaluateAsync("alice@contoso.com", "partner@fabrikam.com", CalendarRole.LimitedDetails, CancellationToken.None)).Allowed);
            Assert.Null((await gate.EvaluatePublishingAsync(s.Backend, "alice@contoso.com", CalendarSharing.PublishingDetailLevel.AvailabilityOnly, CancellationToken.None)).Highest);

            // An Anonymous entry opens publishing and, as Exchange documents, shares with non-federated domains up to its level.
            s.Org.SetSharingPolicy(Policy, true, true, "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing", "Anonymous:CalendarSharingFreeBusySimple");
            var wider = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test"));
            Assert.Equal(CalendarSharing.PublishingDetailLevel.AvailabilityOnly, (await wider.EvaluatePublishingAsync(s.Backend, "alice@contoso.com", CalendarSharing.PublishingDetailLevel.LimitedDetails, CancellationToken.None)).Highest);
            var lee = await wider.EvaluateAsync("alice@contoso.com", "lee@litware.com", CalendarRole.LimitedDetails, CancellationToken.None);
            Assert.False(lee.Allowed);
            Assert.Equal(CalendarRole.AvailabilityOnly, lee.Highest);
            Assert.False((await wider.EvaluateAsync("alice@contoso.com", "dana@tailspintoys.com", CalendarRole.AvailabilityOnly, CancellationToken.None)).Allowed);
        }

        /// <summary>When the admin API refuses to read the policy, the row goes on with a warning and the server decides.</summary>
        [Fact]
        public async Task A_policy_that_cannot_be_read_leaves_the_decision_to_the_server_with_a_warning()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            s.Org.SetExchangeAdminRole(SandboxOrganization.SandboxAppClientId, false);
            var commands = new CalendarPermissionCommands(s.Backend) { SharingPolicy = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test")) };
            var sink = new RecordingSink();

            await commands.SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "partner@fabrikam.com", Role = "LimitedDetails", Source = "1" },
                    new ShareRequest { Row = 2, Mailbox = "bob@contoso.com", User = "partner@fabrikam.com", Role = "Reviewer", Source = "2" },
                },
                sink,
                CancellationToken.None);

            Assert.Equal(2, sink.Warnings.Count);
            Assert.All(sink.Warnings, w => Assert.Contains("the server decides", w));
            Assert.Equal(ShareAction.Added, sink.OfType<CalendarShareResult>().Single(r => r.Row == 1).Action);
            var refused = Assert.Single(sink.Errors);
            Assert.Equal(ErrorIds.NotAllowedBySharingPolicy, refused.ErrorId);
            Assert.Equal("2", refused.Target);
        }

        /// <summary>A mailbox's own policy (Set-Mailbox -SharingPolicy) governs it instead of the default.</summary>
        [Fact]
        public async Task The_mailbox_own_policy_governs_it()
        {
            using var s = await GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);
            s.Org.SetSharingPolicy("Partners", true, false, "fabrikam.com:CalendarSharingFreeBusyReviewer");
            using var client = Delegation.MailboxAccessScenarioTests.Client(s.Org);
            await new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "t")).AssignAsync("Partners", new[] { new SharingPolicyAssignmentRequest { Row = 1, Mailbox = "alice@contoso.com" } }, new RecordingSink(), CancellationToken.None);
            var commands = new CalendarPermissionCommands(s.Backend) { SharingPolicy = new SharingPolicyGate(new ExchangeSharingPolicyBackend(s.Backend, "test")) };
            var sink = new RecordingSink();

            await commands.SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "partner@fabrikam.com", Role = "Reviewer", Source = "1" },
                    new ShareRequest { Row = 2, Mailbox = "bob@contoso.com", User = "partner@fabrikam.com", Role = "Reviewer", Source = "2" },
                },
                sink,
                CancellationToken.None);

            Assert.Equal(ShareAction.Added, sink.OfType<CalendarShareResult>().Single(r => r.Row == 1).Action);
            Assert.Equal(ShareAction.Failed, sink.OfType<CalendarShareResult>().Single(r => r.Row == 2).Action);
            Assert.Contains($"'{Policy}' allows at most LimitedDetails", Assert.Single(sink.Errors).Message);
        }

        /// <summary>
        /// The sandbox enforces the same table itself, over EWS (UpdateFolder, no check of ours in front) and Graph:
        /// * reaches federated organisations only, Anonymous the rest, a domain's own entry wins.
        /// </summary>
        [Theory]
        [InlineData(BackendKind.Ews, "Wide")]
        [InlineData(BackendKind.Ews, "Narrow")]
        [InlineData(BackendKind.Graph, "Wide")]
        [InlineData(BackendKind.Graph, "Narrow")]
        public async Task The_sandbox_server_refuses_the_same_shares(BackendKind kind, string policy)
        {
            using var s = await AnySandbox.StartAsync(kind);
            s.Org.SetSharingPolicy(Policy, true, true, policy == "Wide" ? Wide : Narrow);
            var rows = Matrix().Where(r => r.Role != "Editor").ToList();
            var sink = new RecordingSink();

            // One row at a time: EWS writes a calendar's whole permission set, so one refused entry fails the set.
            foreach (var row in rows)
            {
                await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { row }, sink, CancellationToken.None);
            }

            foreach (var row in rows)
            {
                var (highest, _) = Expected[(policy, row.User!)];
                var role = (CalendarRole)Enum.Parse(typeof(CalendarRole), row.Role!);
                var error = sink.Errors.SingleOrDefault(e => Equals(e.Target, row.Source));
                Assert.True((Rank(role) <= Rank(highest)) == (error == null), $"{kind} row {row.Row} ({row.User} {role}): {error}");
                if (error != null)
                {
                    Assert.Equal(ErrorIds.NotAllowedBySharingPolicy, error.ErrorId);
                }
            }

            s.AssertWireValid();
        }
    }
}
