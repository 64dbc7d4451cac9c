using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Publishing;
using CalendarSharing.Core.Sharing;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// Test-CalendarSharing's engine over the sandbox: a matrix of folder roles x sharing policies x outside domains on an
    /// Exchange Online connection (Graph for the calendar, the admin API for policies, relationships, publishing and Full
    /// Access), and folder entry x Default for people inside the organisation on EWS and Graph. The expected roles are
    /// written out by hand from Exchange's rules, not computed by the code under test.
    /// </summary>
    public sealed class ExplainCalendarSharingTests
    {
        private const string Alice = "alice@contoso.com";
        private const string Policy = SandboxOrganization.DefaultSharingPolicyName;

        // fabrikam.com: its own entry (LimitedDetails) and the seeded organisation relationship (free/busy, AvailabilityOnly).
        // tailspintoys.com: federated, reached by *. litware.com: not federated, reached by Anonymous.
        private static readonly Dictionary<string, string[]> Policies = new Dictionary<string, string[]>
        {
            ["Wide"] = new[] { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing", "*:CalendarSharingFreeBusySimple", "Anonymous:CalendarSharingFreeBusyReviewer" },
            ["Narrow"] = new[] { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing" },
            ["Disabled"] = new[] { "fabrikam.com:CalendarSharingFreeBusyReviewer", "*:CalendarSharingFreeBusyReviewer" },
        };

        /// <summary>The policy's cap for each viewer (hand-written): the domain's own entry, else * (federated) else Anonymous.</summary>
        private static readonly Dictionary<(string Policy, string Viewer), CalendarRole> Cap = new Dictionary<(string, string), CalendarRole>
        {
            [("Wide", "partner@fabrikam.com")] = CalendarRole.LimitedDetails,
            [("Wide", "dana@tailspintoys.com")] = CalendarRole.AvailabilityOnly,
            [("Wide", "lee@litware.com")] = CalendarRole.Reviewer,
            [("Narrow", "partner@fabrikam.com")] = CalendarRole.LimitedDetails,
            [("Narrow", "dana@tailspintoys.com")] = CalendarRole.None,
            [("Narrow", "lee@litware.com")] = CalendarRole.None,
            [("Disabled", "partner@fabrikam.com")] = CalendarRole.None,
            [("Disabled", "dana@tailspintoys.com")] = CalendarRole.None,
            [("Disabled", "lee@litware.com")] = CalendarRole.None,
        };

        private static readonly (CalendarRole Role, string Level)[] FolderRoles =
        {
            (CalendarRole.AvailabilityOnly, "FreeBusyTimeOnly"),
            (CalendarRole.LimitedDetails, "FreeBusyTimeAndSubjectAndLocation"),
            (CalendarRole.Reviewer, "Reviewer"),
        };

        private static int Rank(CalendarRole r) => Array.IndexOf(new[] { CalendarRole.None, CalendarRole.AvailabilityOnly, CalendarRole.LimitedDetails, CalendarRole.Reviewer, CalendarRole.Editor, CalendarRole.Owner }, r);

        private static CalendarAccessExplainer Online(GraphSandboxSession s) =>
            new CalendarAccessExplainer(s.Backend)
            {
                Delegates = s.Backend,
                SharingPolicy = new ExchangeSharingPolicyBackend(s.Backend, "test"),
                Publishing = new ExchangeExecutorPublishing(s.Backend),
                MailboxAccess = new ExchangeExecutorAccess(s.Backend),
            };

        private static Task<GraphSandboxSession> StartOnlineAsync() =>
            GraphSandboxSession.StartAsync(configure: o => o.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl);

        private static async Task<CalendarAccessExplanation> ExplainAsync(CalendarAccessExplainer explainer, string owner, string viewer, string? calendar = null)
        {
            var sink = new RecordingSink();
            await explainer.ExplainAsync(new[] { new ShareRequest { Row = 1, Mailbox = owner, Calendar = calendar, User = viewer } }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            return Assert.Single(sink.OfType<CalendarAccessExplanation>());
        }

        private static AccessReason Step(CalendarAccessExplanation e, string step) => Assert.Single(e.Reasons, r => r.Step == step);

        [Theory]
        [InlineData("Wide")]
        [InlineData("Narrow")]
        [InlineData("Disabled")]
        public async Task An_outside_viewer_gets_the_folder_role_capped_by_the_policy_or_the_relationship_free_busy_whichever_is_more(string policy)
        {
            using var s = await StartOnlineAsync();
            var explainer = Online(s);
            foreach (var viewer in new[] { "partner@fabrikam.com", "dana@tailspintoys.com", "lee@litware.com" })
            {
                foreach (var (role, level) in FolderRoles)
                {
                    // The entry was made under a wider policy; then the policy changed (entries beyond it stay on the folder).
                    s.Org.ModifyCalendarAcl(Alice, acl => acl[viewer] = level);
                    s.Org.SetSharingPolicy(Policy, policy != "Disabled", true, Policies[policy]);
                    explainer.SharingPolicy = new ExchangeSharingPolicyBackend(s.Backend, "test"); // reads the changed policy

                    var e = await ExplainAsync(explainer, Alice, viewer);

                    var cap = Cap[(policy, viewer)];
                    var capped = Rank(role) <= Rank(cap) ? role : cap;
                    // The seeded relationship gives fabrikam.com free/busy; alice's Default entry (AvailabilityOnly) shows that much.
                    var relationship = viewer.EndsWith("@fabrikam.com", StringComparison.Ordinal) ? CalendarRole.AvailabilityOnly : CalendarRole.None;
                    var expected = Rank(capped) >= Rank(relationship) ? capped : relationship;
                    var what = $"{policy} {viewer} {role}";
                    Assert.True(expected == e.EffectiveRole, $"{what}: expected {expected}, got {e.EffectiveRole}: {string.Join(" | ", e.Reasons)}");

                    Assert.Equal(role, Step(e, "FolderEntry").Role);
                    var sharing = Step(e, "SharingPolicy");
                    Assert.Equal(cap, sharing.Role);
                    Assert.Contains(viewer.Split('@')[1], sharing.Text);
                    Assert.Contains($"'{Policy}'", sharing.Text);
                    if (Rank(role) > Rank(cap))
                    {
                        Assert.Contains($"The folder's {role} goes beyond that", sharing.Text);
                    }

                    var org = Step(e, "OrganizationRelationship");
                    Assert.Equal(relationship == CalendarRole.None ? (CalendarRole?)null : relationship, org.Role);
                    Assert.Contains("not checked", Step(e, "m365Capabilities").Text);
                    Assert.Equal(CalendarRole.None, Step(e, "Publishing").Role);
                    Assert.DoesNotContain(e.Reasons, r => r.Step == "Default" || r.Step == "FullAccess");
                    Assert.Equal(expected == CalendarRole.None ? null : expected == capped ? "FolderEntry" : "OrganizationRelationship", e.Through);
                    Assert.Equal(AccessExposure.External, e.Exposure);
                    Assert.Equal("Effective", e.Reasons.Last().Step);
                }

                s.Org.ModifyCalendarAcl(Alice, acl => acl.Remove(viewer));
            }
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task Inside_the_organisation_the_own_entry_wins_else_the_Default_entry(BackendKind kind)
        {
            using var s = await AnySandbox.StartAsync(kind);
            var explainer = new CalendarAccessExplainer(s.Backend) { Delegates = s.Backend as IDelegateBackend };
            const string viewer = "bob@contoso.com";
            var own = new (CalendarRole? Role, string? Level)[] { (null, null), (CalendarRole.Reviewer, "Reviewer"), (CalendarRole.Editor, "Editor"), (CalendarRole.AvailabilityOnly, "FreeBusyTimeOnly") };
            var defaults = new (CalendarRole Role, string Level)[] { (CalendarRole.None, "None"), (CalendarRole.AvailabilityOnly, "FreeBusyTimeOnly"), (CalendarRole.LimitedDetails, "FreeBusyTimeAndSubjectAndLocation"), (CalendarRole.Reviewer, "Reviewer") };
            foreach (var (ownRole, ownLevel) in own)
            {
                foreach (var (defaultRole, defaultLevel) in defaults)
                {
                    s.Org.ModifyCalendarAcl(Alice, acl =>
                    {
                        acl["Default"] = defaultLevel;
                        if (ownLevel == null)
                        {
                            acl.Remove(viewer);
                        }
                        else
                        {
                            acl[viewer] = ownLevel;
                        }
                    });

                    var e = await ExplainAsync(explainer, Alice, viewer);

                    // Exchange applies Default only to someone without an entry of their own (a lower own entry still wins).
                    var expected = ownRole ?? defaultRole;
                    Assert.True(expected == e.EffectiveRole, $"own {ownRole} default {defaultRole}: got {e.EffectiveRole}: {string.Join(" | ", e.Reasons)}");
                    Assert.Equal(AccessExposure.Internal, e.Exposure);
                    if (ownRole == null)
                    {
                        Assert.Equal(defaultRole, Step(e, "Default").Role);
                        Assert.Equal(defaultRole == CalendarRole.None ? null : "Default", e.Through);
                    }
                    else
                    {
                        Assert.Equal(ownRole, Step(e, "FolderEntry").Role);
                        Assert.DoesNotContain(e.Reasons, r => r.Step == "Default");
                        Assert.Equal("FolderEntry", e.Through);
                    }

                    // No policy step for insiders; what this connection cannot read says so.
                    Assert.DoesNotContain(e.Reasons, r => r.Step == "SharingPolicy" || r.Step == "m365Capabilities");
                    Assert.StartsWith("Publishing was not checked: ", Step(e, "Publishing").Text);
                    Assert.StartsWith("Full Access was not checked: ", Step(e, "FullAccess").Text);
                }
            }

            s.AssertWireValid();
        }

        [Fact]
        public async Task Full_Access_publishing_and_delegates_show_as_their_own_reasons()
        {
            using var s = await StartOnlineAsync();
            var explainer = Online(s);

            // Full Access to bob's mailbox opens his calendar as Owner, whatever the folder says.
            Assert.True(s.Org.GrantMailboxRight("bob@contoso.com", "carol@contoso.com", SandboxMailboxRight.FullAccess));
            var full = await ExplainAsync(explainer, "bob@contoso.com", "carol@contoso.com");
            Assert.Equal(CalendarRole.Owner, full.EffectiveRole);
            Assert.Equal("FullAccess", full.Through);
            Assert.Equal(CalendarRole.Owner, Step(full, "FullAccess").Role);
            Assert.Equal(CalendarRole.AvailabilityOnly, Step(full, "Default").Role);

            // Published: anyone with the link, here an outsider the policy and the folder give nothing.
            // (Published while the policy had an Anonymous entry, which Exchange requires; then the seeded policy again.)
            var sink = new RecordingSink();
            s.Org.SetSharingPolicy(SandboxOrganization.DefaultSharingPolicyName, true, true, "Anonymous:CalendarSharingFreeBusyDetail");
            await new PublishingCommands(s.Backend).PublishAsync(new[] { new PublishingRequest { Row = 1, Mailbox = Alice, DetailLevel = "LimitedDetails" } }, sink, CancellationToken.None);
            s.Org.ResetSharingPolicies();
            Assert.Empty(sink.Errors);
            var published = await ExplainAsync(explainer, Alice, "lee@litware.com");
            Assert.Equal(CalendarRole.LimitedDetails, published.EffectiveRole);
            Assert.Equal(AccessExposure.Published, published.Exposure);
            Assert.Equal("Publishing", published.Through);
            Assert.Contains("anyone with its link sees LimitedDetails", Step(published, "Publishing").Text);
            Assert.Equal(CalendarRole.None, Step(published, "SharingPolicy").Role);

            // A delegate: the reason carries the flags; the role is the folder entry's.
            sink = new RecordingSink();
            await new DelegateCommands(s.Backend, 4, "test").AddAsync(new[] { new DelegateRequest { Row = 1, Mailbox = "hans@contoso.com", Delegate = "marie@contoso.com", CalendarRole = "Editor", ViewPrivateItems = true } }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            var @delegate = await ExplainAsync(explainer, "hans@contoso.com", "marie@contoso.com");
            Assert.Contains("is a delegate of the mailbox: calendar Editor, private items yes", Step(@delegate, "Delegate").Text);
            Assert.Equal("FolderEntry", @delegate.Through);
            Assert.True(CalendarAccessExplainer.Strength(@delegate.EffectiveRole) >= CalendarAccessExplainer.Strength(CalendarRole.Editor), @delegate.EffectiveRole.ToString());

            // The owner sees their own calendar; the secondary calendar's entries count there.
            Assert.Equal(CalendarRole.Owner, (await ExplainAsync(explainer, Alice, Alice)).EffectiveRole);
            var team = await ExplainAsync(explainer, Alice, "bob@contoso.com", "Team Events");
            Assert.Equal("Team Events", team.Calendar);
            Assert.Equal(CalendarRole.Editor, team.EffectiveRole);
        }

        [Fact]
        public async Task A_calendar_that_cannot_be_read_is_an_error_naming_the_row_and_the_other_rows_still_run()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink();
            await new CalendarAccessExplainer(s.Backend).ExplainAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "nobody@contoso.com", User = "bob@contoso.com", Source = "row 1" },
                    new ShareRequest { Row = 2, Mailbox = Alice, User = "", Source = "row 2" },
                    new ShareRequest { Row = 3, Mailbox = Alice, User = "carol@contoso.com", Source = "row 3" },
                },
                sink,
                CancellationToken.None);

            Assert.Equal(2, sink.Errors.Count);
            Assert.Equal(ErrorIds.MailboxNotFound, sink.Errors[0].ErrorId);
            Assert.StartsWith("Row 1: nobody@contoso.com", sink.Errors[0].Message);
            Assert.Equal("row 1", sink.Errors[0].Target);
            Assert.Equal(ErrorIds.MissingUser, sink.Errors[1].ErrorId);
            var carol = Assert.Single(sink.OfType<CalendarAccessExplanation>());
            Assert.Equal(CalendarRole.Reviewer, carol.EffectiveRole); // the seeded entry
            s.AssertWireValid();
        }
    }
}
