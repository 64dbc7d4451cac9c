using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Roles;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Validation;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// Access through groups: the seed's groups (SandboxSeed.Groups, nested with a cycle) and its grant to a group; the
    /// reverse view, Test-CalendarSharing and Copy-CalendarAccess on EWS (ExpandDL, every message checked against the XSDs),
    /// Graph (transitiveMemberOf, every request and answer checked against the full v1.0 metadata) and hybrid. Expected rows
    /// are derived from the seed, never from the code under test.
    /// </summary>
    public sealed class GroupAccessTests
    {
        private static readonly Lazy<string> Metadata = new Lazy<string>(GraphSchemaOnly);

        private static string FullMetadata() => Metadata.Value;

        /// <summary>
        /// The microsoft.graph schema of the full v1.0 CSDL beside the calendar subset (groups, orgContact and the user's
        /// memberOf/transitiveMemberOf are not in the subset), read in place and written once to a temporary file; the other
        /// namespaces are left out because the validator keys types by their short names (termStore.group is not group).
        /// </summary>
        private static string GraphSchemaOnly()
        {
            var subset = GraphMetadataValidator.Locate() ?? throw new InvalidOperationException("The Graph metadata is not found (shared/protocol/graph).");
            var document = System.Xml.Linq.XDocument.Load(Path.Combine(Path.GetDirectoryName(subset)!, "v1.0-Prod.csdl"));
            foreach (var other in document.Descendants().Where(e => e.Name.LocalName == "Schema" && (string?)e.Attribute("Namespace") != "microsoft.graph").ToList())
            {
                other.Remove();
            }

            var file = Path.Combine(Path.GetTempPath(), "cs-graph-v1.0-schema-" + Environment.ProcessId + ".csdl");
            document.Save(file);
            return file;
        }

        private static Task<ScanSandbox> StartAsync(string kind) =>
            ScanSandbox.StartAsync(kind, options: o =>
            {
                o.GraphStrictValidation = true;
                o.GraphMetadataPath = FullMetadata();
            });

        /// <summary>Every group the seed puts <paramref name="user"/> in, directly or through nesting (cycles end where a group comes round).</summary>
        internal static HashSet<string> SeededGroupsOf(string user)
        {
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var wave = new List<string> { user };
            while (wave.Count > 0)
            {
                wave = SandboxSeed.Groups.Where(g => !found.Contains(g.Address) && g.Members.Any(m => wave.Contains(m, StringComparer.OrdinalIgnoreCase))).Select(g => g.Address).ToList();
                found.UnionWith(wave);
            }

            return found;
        }

        /// <summary>The rows through a group the seed gives <paramref name="user"/>: "mailbox\calendar Group role via group".</summary>
        private static string[] ExpectedGroupRows(SandboxOrganization org, string user)
        {
            var groups = SeededGroupsOf(user);
            return SandboxSeed.Grants
                .Where(g => groups.Contains(g.Principal) && !string.Equals(g.Mailbox, user, StringComparison.OrdinalIgnoreCase))
                .Select(g => $"{g.Mailbox}\\{g.Calendar ?? org.Accounts.Single(a => a.Address == g.Mailbox).CalendarName} Group {RoleVocabulary.Parse(g.Level)} via {g.Principal}")
                .OrderBy(l => l, StringComparer.Ordinal)
                .ToArray();
        }

        /// <summary>Every EWS message valid against the XSDs, every Graph request and answer against the v1.0 metadata.</summary>
        private static void AssertWireValid(ScanSandbox sandbox) =>
            Assert.True(sandbox.Org.SchemaViolations.Count == 0, string.Join("\n", sandbox.Org.SchemaViolations.Distinct()));

        private static string Reach(CalendarAccessRow r) => $"{r.Mailbox}\\{r.Calendar} {r.Path} {r.Role} via {r.Via ?? "-"}";

        private static GroupMembershipResolver Resolver(ScanSandbox sandbox) =>
            new GroupMembershipResolver(sandbox.Services.Require<IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership), sandbox.Services.Info.MaxConcurrency);

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        [InlineData("Hybrid")]
        public async Task A_user_reaches_a_calendar_through_a_group_they_are_in_directly_or_nested(string kind)
        {
            using var sandbox = await StartAsync(kind);
            var users = new[] { "carol@contoso.com", "hans@contoso.com", "bob@contoso.com", "marie@contoso.com" };
            Assert.Contains(SandboxSeed.Grants, g => SandboxSeed.Groups.Any(x => x.Address == g.Principal)); // the seed shares with a group
            Assert.Contains(SeededGroupsOf("hans@contoso.com"), g => SandboxSeed.Groups.Single(x => x.Address == g).Members.All(m => m != "hans@contoso.com")); // and nests one

            var resolver = Resolver(sandbox);
            var sink = new RecordingSink();
            var commands = new CalendarAccessCommands(sandbox.Scanner) { Groups = resolver };
            await commands.ReachableAsync(users, null, new AccessScanOptions { IncludeSecondaryCalendars = true }, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.DoesNotContain(sink.Warnings, w => w.IndexOf("group", StringComparison.OrdinalIgnoreCase) >= 0); // (hybrid warns of the on-premises sharing policy it cannot read)
            var rows = sink.OfType<CalendarAccessRow>();
            foreach (var user in users)
            {
                Assert.Equal(
                    ExpectedGroupRows(sandbox.Org, user),
                    rows.Where(r => r.Principal == user && r.Path == AccessPath.Group).Select(Reach).OrderBy(l => l, StringComparer.Ordinal).ToArray());
            }

            Assert.NotEmpty(ExpectedGroupRows(sandbox.Org, "hans@contoso.com")); // the nested member does reach something
            Assert.All(rows.Where(r => r.Path == AccessPath.Group), r => Assert.Equal(AccessExposure.Internal, r.Exposure));
            if (kind == "Ews")
            {
                // Each group once, for four users: the groups the scan shows and those nested in them (the cycle back not again).
                var expanded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var wave = SandboxSeed.Grants.Select(g => g.Principal).Where(p => SandboxSeed.Groups.Any(g => g.Address == p)).Distinct().ToList();
                while (wave.Count > 0)
                {
                    expanded.UnionWith(wave);
                    wave = wave.SelectMany(w => SandboxSeed.Groups.Single(g => g.Address == w).Members).Where(m => SandboxSeed.Groups.Any(g => g.Address == m) && !expanded.Contains(m)).Distinct().ToList();
                }

                Assert.Equal(expanded.Count, sandbox.Org.RequestCount("ExpandDL"));
                Assert.Equal(expanded.Count, resolver.ExpandedCount);
            }
            else
            {
                Assert.Equal(0, sandbox.Org.RequestCount("ExpandDL"));
            }

            AssertWireValid(sandbox);
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        public async Task The_protocols_render_the_groups_the_organisation_holds(string kind)
        {
            using var sandbox = await StartAsync(kind);
            var membership = sandbox.Services.Require<IGroupMembershipBackend>(ConnectionCapabilities.GroupMembership);
            foreach (var seeded in SandboxSeed.Groups)
            {
                var members = await membership.ExpandGroupAsync(seeded.Address, CancellationToken.None);
                Assert.True(members.IsSuccess, members.ToString());
                Assert.Equal(seeded.Members, members.Value!.Select(m => m.Address).ToArray());
                Assert.Equal(seeded.Members.Select(m => SandboxSeed.Groups.Any(g => g.Address == m)).ToArray(), members.Value!.Select(m => m.IsGroup).ToArray());
            }

            var user = await membership.ExpandGroupAsync("carol@contoso.com", CancellationToken.None);
            Assert.False(user.IsSuccess);
            Assert.Equal(BackendErrorCode.PrincipalNotFound, user.Error!.Code);

            if (kind == "Graph")
            {
                // transitiveMemberOf, one group a page: nextLink followed to the end.
                var resolver = new GroupMembershipResolver(membership) { PageSize = 1 };
                var all = SandboxSeed.Groups.Select(g => g.Address).ToList();
                var answer = await resolver.GroupsContainingAsync("hans@contoso.com", all, CancellationToken.None);
                Assert.Equal(SeededGroupsOf("hans@contoso.com").OrderBy(g => g), answer.Groups.Select(g => g.Address).OrderBy(g => g));
                Assert.True(sandbox.Org.RequestCount("Graph:ListTransitiveMemberOf") >= SeededGroupsOf("hans@contoso.com").Count);
            }

            // ResolveNames finds a group as a PublicDL (EWS) and directory search offers it.
            var found = await ((IDirectorySearch)sandbox.Services.Backend).SearchAsync("Sales", 10, CancellationToken.None);
            if (kind == "Ews")
            {
                Assert.Contains(found, p => p.Address == SandboxSeed.SalesTeam);
            }

            AssertWireValid(sandbox);
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        public async Task A_folder_entry_naming_a_security_group_round_trips_and_a_distribution_group_is_refused(string kind)
        {
            using var sandbox = await StartAsync(kind);
            var read = await sandbox.Services.Backend.GetPermissionsAsync(new[] { CalendarAddress.Default("bob@contoso.com") }, CancellationToken.None);
            var entry = Assert.Single(read[0].Value!.Entries, e => e.Principal.Address == SandboxSeed.SalesTeam);
            Assert.Equal(RoleVocabulary.Parse(SandboxSeed.Grants.Single(g => g.Principal == SandboxSeed.SalesTeam).Level), entry.Role);
            Assert.Equal(PrincipalKind.Internal, entry.Principal.Kind);
            if (kind == "Graph")
            {
                // Writing a group's entry through Graph is not done yet: the Graph client resolves a principal on /users only.
                AssertWireValid(sandbox);
                return;
            }

            var commands = new CalendarPermissionCommands(sandbox.Services.Backend);
            var sink = new RecordingSink();
            await commands.SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = SandboxSeed.SalesEmea, Role = "LimitedDetails" },
                    new ShareRequest { Row = 2, Mailbox = "marie@contoso.com", User = SandboxSeed.AllStaff, Role = "Reviewer" },
                },
                sink,
                CancellationToken.None);

            var error = Assert.Single(sink.Errors);
            Assert.Equal(ErrorIds.UserNotFound, error.ErrorId);
            Assert.Contains(sandbox.Org.GetCalendarAcl("alice@contoso.com"), p => p.User == SandboxSeed.SalesEmea && p.Level == "FreeBusyTimeAndSubjectAndLocation");
            Assert.DoesNotContain(sandbox.Org.GetCalendarAcl("marie@contoso.com"), p => p.User == SandboxSeed.AllStaff);
            AssertWireValid(sandbox);
        }

        [Fact]
        public async Task A_Graph_app_that_may_read_users_but_not_groups_is_told_which_permission_it_lacks()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud, GraphStrictValidation = true, GraphMetadataPath = FullMetadata() });
            org.RegisterApp("users-only", "Users!Only1", "User.Read.All", "Calendars.Read");
            var signIn = new CalendarSharing.Online.Identity.GraphSignIn { Kind = CalendarSharing.Online.Identity.GraphSignInKind.ClientSecret, TenantId = SandboxOrganization.TenantId, ClientId = "users-only", ClientSecret = GraphSandboxSession.Secure("Users!Only1") };
            using var graph = new CalendarSharing.Online.Graph.GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler(), signIn));
            await graph.ConnectAsync(CancellationToken.None);
            var resolver = new GroupMembershipResolver(graph);
            var ex = await Assert.ThrowsAsync<BackendException>(() => resolver.GroupsContainingAsync("carol@contoso.com", new[] { SandboxSeed.SalesTeam }, CancellationToken.None));
            Assert.Equal(BackendErrorCode.AccessDenied, ex.Error.Code);
            Assert.Contains("GroupMember.Read.All", ex.Error.Message);
            Assert.True(org.SchemaViolations.Count == 0, string.Join("\n", org.SchemaViolations));
        }

        [Fact]
        public async Task Without_a_way_to_read_groups_the_reverse_view_warns_and_named_groups_still_count()
        {
            using var sandbox = await StartAsync("Ews");
            var (rows, _, _) = await sandbox.ScanAsync(new AccessScanOptions());
            var file = Path.Combine(Path.GetTempPath(), "cs-groups-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                File.WriteAllText(file, string.Join("\n", new[] { string.Join(",", AccessRowFields.Names) }.Concat(rows.Select(r => string.Join(",", AccessRowFields.ToFields(r).Select(v => "\"" + (v ?? string.Empty).Replace("\"", "\"\"") + "\""))))));

                // Offline: no connection at all.
                var offline = new RecordingSink();
                await new CalendarAccessCommands(null).ReachableAsync(new[] { "carol@contoso.com" }, file, new AccessScanOptions(), offline, CancellationToken.None);
                Assert.Contains(offline.Warnings, w => w.Contains(SandboxSeed.SalesTeam) && w.Contains("-Group"));
                Assert.DoesNotContain(offline.OfType<CalendarAccessRow>(), r => r.Path == AccessPath.Group);

                // A connection without the capability: its words, from the one place that says so.
                var lacking = new RecordingSink();
                var missing = CapabilityText.Missing(ConnectionCapabilities.GroupMembership, sandbox.Services.Info);
                await new CalendarAccessCommands(null) { GroupsUnavailable = missing }.ReachableAsync(new[] { "carol@contoso.com" }, file, new AccessScanOptions(), lacking, CancellationToken.None);
                Assert.Contains(lacking.Warnings, w => w.Contains(missing));

                // Groups named by hand count, and then no warning.
                var named = new RecordingSink();
                await new CalendarAccessCommands(null) { NamedGroups = new[] { SandboxSeed.SalesTeam } }.ReachableAsync(new[] { "carol@contoso.com" }, file, new AccessScanOptions(), named, CancellationToken.None);
                Assert.Empty(named.Warnings);
                Assert.Equal(ExpectedGroupRows(sandbox.Org, "carol@contoso.com").Where(l => l.EndsWith(" via " + SandboxSeed.SalesTeam, StringComparison.Ordinal)), named.OfType<CalendarAccessRow>().Where(r => r.Path == AccessPath.Group).Select(Reach));

                // With a connection that reads groups, the saved scan's groups are expanded.
                var connected = new RecordingSink();
                await new CalendarAccessCommands(null) { Groups = Resolver(sandbox) }.ReachableAsync(new[] { "hans@contoso.com" }, file, new AccessScanOptions(), connected, CancellationToken.None);
                Assert.Empty(connected.Warnings);
                Assert.Equal(ExpectedGroupRows(sandbox.Org, "hans@contoso.com").Where(l => !l.Contains("\\" + SandboxSeed.TeamEvents + " ")), connected.OfType<CalendarAccessRow>().Where(r => r.Path == AccessPath.Group).Select(Reach));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        public async Task Test_CalendarSharing_counts_a_group_entry_in_the_chain_of_reasons(string kind)
        {
            using var sandbox = await StartAsync(kind);
            var grant = SandboxSeed.Grants.Single(g => g.Principal == SandboxSeed.SalesTeam);
            foreach (var viewer in new[] { "carol@contoso.com", "hans@contoso.com" })
            {
                var sink = new RecordingSink();
                await CalendarAccessExplainer.For(sandbox.Services).ExplainAsync(new[] { new ShareRequest { Row = 1, Mailbox = grant.Mailbox, User = viewer } }, sink, CancellationToken.None);
                Assert.Empty(sink.Errors);
                var e = Assert.Single(sink.OfType<CalendarAccessExplanation>());
                Assert.Equal(RoleVocabulary.Parse(grant.Level), e.EffectiveRole);
                Assert.Equal("Group", e.Through);
                Assert.Contains(e.Reasons, r => r.Step == "Group" && r.Role == RoleVocabulary.Parse(grant.Level) && r.Text.Contains(SandboxSeed.SalesTeam));
            }

            // bob's own calendar seen by marie (in no group with an entry): Default, no Group step with a role.
            var other = new RecordingSink();
            await CalendarAccessExplainer.For(sandbox.Services).ExplainAsync(new[] { new ShareRequest { Row = 1, Mailbox = grant.Mailbox, User = "marie@contoso.com" } }, other, CancellationToken.None);
            var m = Assert.Single(other.OfType<CalendarAccessExplanation>());
            Assert.Equal("Default", m.Through);
            Assert.DoesNotContain(m.Reasons, r => r.Step == "Group" && r.Role != null);
            AssertWireValid(sandbox);
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        public async Task Copy_CalendarAccess_does_not_copy_group_entries(string kind)
        {
            using var sandbox = await StartAsync(kind);
            const string source = "carol@contoso.com";
            const string target = "admin@contoso.com";
            var grant = SandboxSeed.Grants.Single(g => g.Principal == SandboxSeed.SalesTeam);
            Assert.Contains(SandboxSeed.SalesTeam, SeededGroupsOf(source));
            var before = sandbox.Org.GetCalendarAcl(grant.Mailbox).Select(p => p.User + "=" + p.Level).ToList();

            var sink = new RecordingSink();
            await CalendarAccessCopier.For(sandbox.Services, new CalendarPermissionCommands(sandbox.Services.Backend)).CopyAsync(source, target, removeSource: false, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            Assert.Equal(before, sandbox.Org.GetCalendarAcl(grant.Mailbox).Select(p => p.User + "=" + p.Level).ToList());
            Assert.DoesNotContain(sandbox.Org.GetCalendarAcl(grant.Mailbox), p => p.User == target);
            // What carol holds of her own was copied (alice's calendar, Reviewer), so the copy ran.
            Assert.Contains(sandbox.Org.GetCalendarAcl("alice@contoso.com"), p => p.User == target && p.Level == "Reviewer");
        }
    }
}
