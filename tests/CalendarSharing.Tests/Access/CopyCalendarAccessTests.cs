using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Online.Graph;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// Copy-CalendarAccess's engine over the sandbox on EWS and on Graph, with the reverse view from a real scan of the
    /// organisation: after the copy the target holds the source's role on every calendar the source had an entry on (a
    /// secondary calendar and calendars in other languages included) and the source's delegate entry with every folder
    /// level and flag; a second run changes nothing; with RemoveSource the source holds nothing anywhere; every other
    /// principal's entry and delegate is exactly as before, read out of band from the sandbox.
    /// </summary>
    public sealed class CopyCalendarAccessTests
    {
        private const string Leaver = "bob@contoso.com";
        private const string Joiner = "user0001@contoso.com";

        /// <summary>Every calendar of the seeded organisation (mailbox, calendar name or null for the default one): the seed's declared ones and the two generated mailboxes'.</summary>
        private static readonly (string Mailbox, string? Calendar)[] Calendars =
            SandboxSeed.Grants.Select(g => (g.Mailbox, g.Calendar)).Distinct()
                .Concat(new (string, string?)[] { ("user0001@contoso.com", null), ("user0002@contoso.com", null) })
                .ToArray();

        private sealed class Org : IDisposable
        {
            public Org(BackendKind kind)
            {
                Sandbox = SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = 2, Topology = kind == BackendKind.Graph ? SandboxTopology.Cloud : SandboxTopology.OnPremises, StrictValidation = true, SchemaDirectory = SandboxSession.SchemaDirectory });
                Services = kind == BackendKind.Ews
                    ? BackendFactory.Declare(BackendFactory.CreateSandboxEws(Sandbox, new ConnectRequest()))
                    : GraphBackendFactory.Declare(new GraphCalendarBackend(GraphSandboxSession.Options(Sandbox, Sandbox.CreateHandler())), SandboxOrganization.TenantId);
            }

            public SandboxOrganization Sandbox { get; }

            public ConnectionServices Services { get; }

            public CalendarAccessCopier Copier() => CalendarAccessCopier.For(Services, new CalendarPermissionCommands(Services.Backend));

            public void Dispose() => Services.Backend.Dispose();
        }

        /// <summary>Every entry of every calendar and every delegate, read out of band: "mailbox\calendar user=level".</summary>
        private static SortedSet<string> Snapshot(SandboxOrganization org)
        {
            var all = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (mailbox, calendar) in Calendars)
            {
                foreach (var p in org.GetCalendarAcl(mailbox, calendar))
                {
                    all.Add($"{mailbox}\\{calendar ?? "Calendar"} {p.User}={p.Level}");
                }

                foreach (var d in org.GetDelegates(mailbox))
                {
                    all.Add($"{mailbox} delegate {d}");
                }
            }

            return all;
        }

        private static IEnumerable<string> Of(SortedSet<string> snapshot, string user) =>
            snapshot.Where(line => line.IndexOf(" " + user + "=", StringComparison.OrdinalIgnoreCase) >= 0 || line.IndexOf(" delegate " + user, StringComparison.OrdinalIgnoreCase) >= 0);

        private static IEnumerable<string> Others(SortedSet<string> snapshot) =>
            snapshot.Except(Of(snapshot, Leaver)).Except(Of(snapshot, Joiner));

        private static async Task SeedAsync(Org o, BackendKind kind = BackendKind.Ews)
        {
            // bob: Editor on alice's Team Events (seeded), Reviewer on hans's Kalender, LimitedDetails on marie's Calendrier,
            // and a delegate of carol with more than the calendar (Graph's delegates have the calendar only).
            o.Sandbox.ModifyCalendarAcl("hans@contoso.com", acl => acl[Leaver] = "Reviewer");
            o.Sandbox.ModifyCalendarAcl("marie@contoso.com", acl => acl[Leaver] = "FreeBusyTimeAndSubjectAndLocation");
            var sink = new RecordingSink();
            await new DelegateCommands(o.Services.Require<IDelegateBackend>(ConnectionCapabilities.Delegates), 4, "test").AddAsync(
                new[] { new DelegateRequest { Row = 1, Mailbox = "carol@contoso.com", Delegate = Leaver, CalendarRole = "Editor", InboxRole = kind == BackendKind.Ews ? "Reviewer" : null, ViewPrivateItems = true, ReceiveMeetingCopies = kind == BackendKind.Ews ? true : (bool?)null } },
                sink,
                CancellationToken.None);
            Assert.True(sink.Errors.Count == 0, string.Join(" | ", sink.Errors));
        }

        [Theory]
        [InlineData(BackendKind.Ews)]
        [InlineData(BackendKind.Graph)]
        public async Task The_target_gets_the_source_roles_and_delegations_and_with_RemoveSource_the_source_holds_none(BackendKind kind)
        {
            using var o = new Org(kind);
            await SeedAsync(o, kind);
            var before = Snapshot(o.Sandbox);
            var leaverHad = Of(before, Leaver).ToList();
            Assert.Equal(5, leaverHad.Count); // Team Events, Kalender, Calendrier, carol's calendar entry and carol's delegate list
            Assert.Empty(Of(before, Joiner));

            var sink = new RecordingSink();
            await o.Copier().CopyAsync(Leaver, Joiner, removeSource: false, sink, CancellationToken.None);

            Assert.Empty(sink.Errors);
            var after = Snapshot(o.Sandbox);
            // The joiner holds exactly what the leaver holds, line for line; the leaver still holds it; nobody else changed.
            Assert.Equal(leaverHad.Select(l => l.Replace(Leaver, Joiner)).OrderBy(l => l), Of(after, Joiner).OrderBy(l => l));
            Assert.Equal(leaverHad, Of(after, Leaver).ToList());
            Assert.Equal(Others(before), Others(after));
            var shares = sink.OfType<CalendarShareResult>();
            Assert.Equal(3, shares.Count);
            Assert.All(shares, r => Assert.Equal(ShareAction.Added, r.Action));
            Assert.Contains(shares, r => r.Mailbox == "alice@contoso.com" && r.Calendar == "Team Events" && r.Role == CalendarRole.Editor);
            Assert.Contains(shares, r => r.Mailbox == "hans@contoso.com" && r.Calendar == "Kalender" && r.Role == CalendarRole.Reviewer);
            var added = Assert.Single(sink.OfType<MailboxDelegateResult>());
            Assert.Equal(ShareAction.Added, added.Action);
            Assert.Equal("carol@contoso.com", added.Mailbox);
            Assert.True(added.Current!.ViewPrivateItems);
            if (kind == BackendKind.Ews)
            {
                Assert.Equal(DelegateFolderRole.Reviewer, added.Current.InboxRole);
            }

            var delegates = (await o.Services.Require<IDelegateBackend>(ConnectionCapabilities.Delegates).GetDelegatesAsync("carol@contoso.com", CancellationToken.None)).Delegates;
            var (l, j) = (delegates.Single(d => d.Address == Leaver), delegates.Single(d => d.Address == Joiner));
            Assert.Equal((l.Calendar, l.Inbox, l.Tasks, l.Contacts, l.Notes, l.ViewPrivateItems, l.ReceiveMeetingCopies), (j.Calendar, j.Inbox, j.Tasks, j.Contacts, j.Notes, j.ViewPrivateItems, j.ReceiveMeetingCopies));

            // Again: nothing to do.
            sink = new RecordingSink();
            await o.Copier().CopyAsync(Leaver, Joiner, removeSource: false, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.All(sink.OfType<CalendarShareResult>(), r => Assert.Equal(ShareAction.Unchanged, r.Action));
            Assert.All(sink.OfType<MailboxDelegateResult>(), r => Assert.Equal(ShareAction.Unchanged, r.Action));
            Assert.Equal(after, Snapshot(o.Sandbox));

            // Offboarding: the leaver's entries go; the joiner keeps the copies; nobody else changed.
            sink = new RecordingSink();
            await o.Copier().CopyAsync(Leaver, Joiner, removeSource: true, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            var removed = Snapshot(o.Sandbox);
            Assert.Empty(Of(removed, Leaver));
            Assert.Equal(Of(after, Joiner), Of(removed, Joiner));
            Assert.Equal(Others(before), Others(removed));
            Assert.Equal(3, sink.OfType<CalendarShareResult>().Count(r => r.User == Leaver && r.Action == ShareAction.Removed));
            Assert.Single(sink.OfType<MailboxDelegateResult>(), r => r.Delegate == Leaver && r.Action == ShareAction.Removed);
            Assert.Empty(o.Sandbox.SchemaViolations);
        }

        [Fact]
        public async Task WhatIf_shows_every_copy_and_removal_and_changes_nothing_and_a_declined_copy_is_never_followed_by_its_removal()
        {
            using var o = new Org(BackendKind.Ews);
            await SeedAsync(o);
            var before = Snapshot(o.Sandbox);

            var whatIf = new RecordingSink((_, _) => false);
            var copier = o.Copier();
            copier.PreviewRemovals = true;
            await copier.CopyAsync(Leaver, Joiner, removeSource: true, whatIf, CancellationToken.None);

            Assert.Equal(before, Snapshot(o.Sandbox));
            var actions = whatIf.ShouldProcessCalls.Select(c => c.Target + ": " + c.Action).ToList();
            Assert.Equal(8, actions.Count); // 3 shares + 1 delegate, each copied and removed
            Assert.Contains(actions, a => a.Contains("Kalender") && a.Contains(Joiner));
            Assert.Contains(actions, a => a.Contains("Kalender") && a.Contains(Leaver));

            // -Confirm, answering no to the copies and yes to anything else: nothing is removed.
            var confirm = new RecordingSink((_, action) => action.IndexOf(Joiner, StringComparison.OrdinalIgnoreCase) < 0);
            await o.Copier().CopyAsync(Leaver, Joiner, removeSource: true, confirm, CancellationToken.None);
            Assert.Equal(before, Snapshot(o.Sandbox));
            Assert.Equal(4, confirm.Warnings.Count(w => w.Contains("stays, because " + Joiner + " did not get its copy")));
        }

        [Fact]
        public async Task The_same_user_twice_is_an_error_and_a_user_with_nothing_is_a_warning()
        {
            using var o = new Org(BackendKind.Ews);
            var sink = new RecordingSink();
            await o.Copier().CopyAsync(Leaver, "BOB@contoso.com", removeSource: true, sink, CancellationToken.None);
            Assert.Equal(ErrorIds.CopyAccessSameUser, Assert.Single(sink.Errors).ErrorId);

            sink = new RecordingSink();
            await o.Copier().CopyAsync("user0002@contoso.com", Joiner, removeSource: false, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.Contains("nothing to copy", Assert.Single(sink.Warnings));
            Assert.Empty(sink.OfType<CalendarShareResult>());
        }
    }
}
