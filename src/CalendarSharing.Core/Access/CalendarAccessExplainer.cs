using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Publishing;
using CalendarSharing.Core.Resources;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// Test-CalendarSharing: what one viewer can see of one calendar, and the chain of reasons. In order:
    /// <list type="number">
    /// <item>the viewer's own folder entry; without one, the Default entry (inside the organisation: Exchange applies Default
    /// only to a user without an entry of their own, https://learn.microsoft.com/exchange/recipients/mailbox-permissions) or,
    /// outside it, the Anonymous entry;</item>
    /// <item>outside the organisation, the mailbox's sharing policy caps what a folder entry can give the viewer's domain
    /// (its own entry, else * for a federated organisation, else Anonymous:
    /// https://learn.microsoft.com/exchange/sharing/sharing-policies/sharing-policies);</item>
    /// <item>an organisation relationship gives the partner organisation free/busy in scheduling at its FreeBusyAccessLevel,
    /// shown no further than the calendar's Default entry allows (https://support.microsoft.com/help/3079932); Graph's
    /// cross-tenant m365Capabilities is not in Graph v1.0 and is said to be not checked;</item>
    /// <item>anonymous publishing: anyone with the link sees the published detail level;</item>
    /// <item>a delegate entry (its calendar level, private items) and Full Access to the mailbox (every folder, as Owner);</item>
    /// <item>inside the organisation, the entries of groups the viewer is in (directly or nested), where the connection reads
    /// group membership: they count beside the viewer's own entry, the least restrictive applying.</item>
    /// </list>
    /// The effective role is the most any path gives after its caps. A step this connection cannot read says "not checked"
    /// with the reason, never guesses. One explanation per row; a calendar that cannot be read is an error naming the row.
    /// </summary>
    public sealed class CalendarAccessExplainer
    {
        private readonly ICalendarBackend permissions;
        private SharingPolicyGate? gate;
        private ISharingPolicyBackend? sharingPolicy;
        private IReadOnlyList<IReadOnlyDictionary<string, object?>>? relationships;
        private BackendError? relationshipsError;

        public CalendarAccessExplainer(ICalendarBackend permissions)
        {
            this.permissions = permissions ?? throw new ArgumentNullException(nameof(permissions));
        }

        /// <summary>Delegates of the owner (the viewer's delegate flags); null = not checked.</summary>
        public IDelegateBackend? Delegates { get; set; }

        /// <summary>The calendar's anonymous publishing; null = not checked.</summary>
        public IPublishingBackend? Publishing { get; set; }

        /// <summary>Full Access to the owner's mailbox; null = not checked.</summary>
        public IMailboxAccessBackend? MailboxAccess { get; set; }

        /// <summary>Group membership (the viewer's groups among the calendar's entries); null = not checked.</summary>
        public GroupMembershipResolver? Groups { get; set; }

        /// <summary>Sharing policies and organisation relationships; null = not checked.</summary>
        public ISharingPolicyBackend? SharingPolicy
        {
            get => sharingPolicy;
            set
            {
                sharingPolicy = value;
                gate = value?.Organization == null ? null : new SharingPolicyGate(value);
                relationships = null;
                relationshipsError = null;
            }
        }

        /// <summary>An explainer over everything the connection can read: Permissions is required, the rest used when there.</summary>
        /// <param name="services">The connection's capabilities.</param>
        /// <param name="exchangeSession">The admin's Exchange session: the policy, publishing and Full Access of on-premises mailboxes are read through it (<see cref="AccessSources"/>).</param>
        /// <param name="sessionName">Where the session's policies are read, for output.</param>
        /// <exception cref="CapabilityNotAvailableException">The connection cannot read calendar permissions.</exception>
        public static CalendarAccessExplainer For(ConnectionServices services, IExchangeCommandExecutor? exchangeSession = null, string? sessionName = null)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            var sources = AccessSources.Of(services, exchangeSession, sessionName);
            return new CalendarAccessExplainer(services.Require<ICalendarBackend>(ConnectionCapabilities.Permissions))
            {
                Delegates = services.Find<IDelegateBackend>(ConnectionCapabilities.Delegates),
                Publishing = sources.Publishing,
                MailboxAccess = sources.MailboxAccess,
                SharingPolicy = sources.SharingPolicy,
                Groups = GroupMembershipResolver.For(services),
            };
        }

        /// <summary>
        /// One <see cref="CalendarAccessExplanation"/> per row (Mailbox = the owner, Calendar, User = the viewer), in order;
        /// a row that cannot be explained (no owner or viewer, a calendar that cannot be read) is an error naming it.
        /// </summary>
        public async Task ExplainAsync(IReadOnlyList<ShareRequest> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            // Owners and viewers typed as aliases or display names: one directory request for all of them.
            var names = await AccessNames.ResolveAsync(permissions, rows.SelectMany(r => new[] { r.Mailbox, r.User }), cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(row.Mailbox))
                {
                    sink.WriteError(ErrorCatalog.InvalidRow(ErrorIds.MissingMailbox, row, Texts.Error_MissingMailbox, Texts.Advice_MissingMailbox));
                    continue;
                }

                if (string.IsNullOrWhiteSpace(row.User))
                {
                    sink.WriteError(ErrorCatalog.InvalidRow(ErrorIds.MissingUser, row, Texts.Error_MissingUser, Texts.Advice_MissingUser));
                    continue;
                }

                var ownerAddress = AccessNames.AddressOf(row.Mailbox, names, out var ownerWhy);
                if (ownerAddress == null)
                {
                    var notFound = ownerWhy!.Code == BackendErrorCode.PrincipalNotFound ? new BackendError(BackendErrorCode.MailboxNotFound, ownerWhy.Message, ownerWhy.ServerCode) : ownerWhy;
                    sink.WriteError(ErrorCatalog.FromBackend(notFound, row, row.Mailbox, row.User));
                    continue;
                }

                var viewerAddress = AccessNames.AddressOf(row.User, names, out var viewerWhy);
                if (viewerAddress == null)
                {
                    sink.WriteError(ErrorCatalog.FromBackend(viewerWhy!, row, row.Mailbox, row.User));
                    continue;
                }

                row.Mailbox = ownerAddress;
                row.User = viewerAddress;

                CalendarAddress address;
                try
                {
                    address = CalendarAddress.Parse(row.Mailbox!, row.Calendar);
                }
                catch (FormatException ex)
                {
                    sink.WriteError(ErrorCatalog.InvalidRow(ErrorIds.InvalidMailbox, row, ex.Message, Texts.Advice_InvalidMailbox));
                    continue;
                }

                try
                {
                    var explanation = await ExplainOneAsync(address, row.User!.Trim(), cancellationToken).ConfigureAwait(false);
                    sink.WriteVerbose(explanation + ": " + string.Join(" | ", explanation.Reasons.Select(r => r.ToString())));
                    sink.WriteObject(explanation);
                }
                catch (BackendException ex)
                {
                    sink.WriteError(ErrorCatalog.FromBackend(ex.Error, row, address.DisplayText, row.User, ex));
                }
            }
        }

        /// <summary>The explanation for one viewer of one calendar.</summary>
        /// <exception cref="BackendException">The calendar's permissions could not be read.</exception>
        public async Task<CalendarAccessExplanation> ExplainOneAsync(CalendarAddress calendar, string viewer, CancellationToken cancellationToken)
        {
            var read = (await permissions.GetPermissionsAsync(new[] { calendar }, cancellationToken).ConfigureAwait(false))[0];
            if (!read.IsSuccess)
            {
                throw new BackendException(read.Error!);
            }

            var set = read.Value!;
            var owner = set.Mailbox;
            var result = new CalendarAccessExplanation(owner, set.CalendarName, viewer);
            var principal = await ResolveViewerAsync(owner, viewer, cancellationToken).ConfigureAwait(false);
            var name = principal.Address ?? viewer;
            var external = principal.Kind == PrincipalKind.External;
            var domain = DomainOf(name);
            var grants = new List<(CalendarRole Role, string Step, AccessExposure Exposure)>();
            void Add(string step, string text, CalendarRole? role) => result.Reasons.Add(new AccessReason(step, text) { Role = role });

            if (string.Equals(name, owner, StringComparison.OrdinalIgnoreCase))
            {
                Add(Steps.Owner, Texts.Format(nameof(Texts.Explain_Owner), name), CalendarRole.Owner);
                return Finish(result, new List<(CalendarRole, string, AccessExposure)> { (CalendarRole.Owner, Steps.Owner, AccessExposure.Internal) }, name);
            }

            var defaultRole = set.Entries.FirstOrDefault(e => e.Principal.Kind == PrincipalKind.Default)?.Role ?? CalendarRole.None;
            var anonymousRole = set.Entries.FirstOrDefault(e => e.Principal.Kind == PrincipalKind.Anonymous)?.Role ?? CalendarRole.None;
            var entry = set.Entries.FirstOrDefault(e => !e.Principal.IsDistinguished && string.Equals(e.Principal.Address, name, StringComparison.OrdinalIgnoreCase));

            // 1. The folder: their own entry, else Default (inside) or Anonymous (outside).
            CalendarRole folderRole;
            string folderStep;
            if (entry != null)
            {
                folderRole = entry.Role;
                folderStep = Steps.FolderEntry;
                Add(Steps.FolderEntry, Texts.Format(nameof(Texts.Explain_FolderEntry), name, entry.Role), entry.Role);
            }
            else if (!external)
            {
                folderRole = defaultRole;
                folderStep = Steps.Default;
                Add(Steps.FolderEntry, Texts.Format(nameof(Texts.Explain_NoEntry), name), null);
                Add(Steps.Default, Texts.Format(nameof(Texts.Explain_Default), defaultRole), defaultRole);
            }
            else
            {
                folderRole = anonymousRole;
                folderStep = Steps.Anonymous;
                Add(Steps.FolderEntry, Texts.Format(nameof(Texts.Explain_NoEntryExternal), name), null);
                Add(Steps.Anonymous, Texts.Format(nameof(Texts.Explain_Anonymous), anonymousRole), anonymousRole);
            }

            // 1b. Inside: the entries of groups the viewer is in count beside their own entry and Default (rights from a
            // user's own entry and their groups' add up, the least restrictive applying: https://support.microsoft.com/kb/180004).
            if (!external)
            {
                await GroupEntriesAsync(set, owner, name, grants, Add, cancellationToken).ConfigureAwait(false);
            }

            // 2. Outside the organisation: the sharing policy caps what the folder gives.
            if (external)
            {
                folderRole = await CapByPolicyAsync(owner, name, domain, folderRole, Add, cancellationToken).ConfigureAwait(false);
            }

            grants.Add((folderRole, folderStep, !external ? AccessExposure.Internal : folderStep == Steps.Anonymous ? AccessExposure.Anonymous : AccessExposure.External));

            // 3. Outside: organisation relationships (free/busy in scheduling) and cross-tenant settings.
            if (external)
            {
                var relationshipRole = await RelationshipAsync(domain, defaultRole, Add, cancellationToken).ConfigureAwait(false);
                if (relationshipRole != CalendarRole.None)
                {
                    grants.Add((relationshipRole, Steps.OrganizationRelationship, AccessExposure.External));
                }

                Add(Steps.CrossTenant, Texts.Explain_CrossTenantNotChecked, null);
            }

            // 4. Published links: anyone with the URL.
            var published = await PublishedAsync(set, Add, cancellationToken).ConfigureAwait(false);
            if (published != CalendarRole.None)
            {
                grants.Add((published, Steps.Publishing, AccessExposure.Published));
            }

            // 5. Delegate entry and Full Access (people of the organisation).
            if (!external)
            {
                await DelegateAsync(owner, name, set.IsDefaultCalendar, Add, cancellationToken).ConfigureAwait(false);
                if (await FullAccessAsync(owner, name, Add, cancellationToken).ConfigureAwait(false))
                {
                    grants.Add((CalendarRole.Owner, Steps.FullAccess, AccessExposure.Internal));
                }
            }

            return Finish(result, grants, name);
        }

        /// <summary>The calendar's entries of groups the viewer is in (candidates: every internal entry but the viewer's and the owner's).</summary>
        private async Task GroupEntriesAsync(CalendarPermissionSet set, string owner, string viewer, List<(CalendarRole Role, string Step, AccessExposure Exposure)> grants, Action<string, string, CalendarRole?> add, CancellationToken cancellationToken)
        {
            var entries = set.Entries
                .Where(e => e.Principal.Kind == PrincipalKind.Internal && !string.IsNullOrEmpty(e.Principal.Address)
                    && !string.Equals(e.Principal.Address, viewer, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(e.Principal.Address, owner, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (entries.Count == 0)
            {
                return;
            }

            if (Groups == null)
            {
                add(Steps.Group, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_GroupSubject, Texts.Explain_NoGroupCapability), null);
                return;
            }

            GroupAnswer answer;
            try
            {
                answer = await Groups.GroupsContainingAsync(viewer, entries.Select(e => e.Principal.Address!).ToList(), cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                add(Steps.Group, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_GroupSubject, ex.Error.Message), null);
                return;
            }

            foreach (var (group, error) in answer.Unread)
            {
                add(Steps.Group, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_GroupSubject, group + ": " + error.Message), null);
            }

            foreach (var group in answer.Groups)
            {
                var entry = entries.First(e => string.Equals(e.Principal.Address, group.Address, StringComparison.OrdinalIgnoreCase));
                add(Steps.Group, Texts.Format(nameof(Texts.Explain_Group), viewer, entry.Principal.Address, entry.Role), entry.Role);
                grants.Add((entry.Role, Steps.Group, AccessExposure.Internal));
            }
        }

        private static CalendarAccessExplanation Finish(CalendarAccessExplanation result, List<(CalendarRole Role, string Step, AccessExposure Exposure)> grants, string viewer)
        {
            var best = grants.OrderByDescending(g => Strength(g.Role)).First();
            result.EffectiveRole = best.Role;
            result.Exposure = best.Exposure;
            result.Through = best.Role == CalendarRole.None ? null : best.Step;
            result.Reasons.Add(new AccessReason(Steps.Effective, best.Role == CalendarRole.None
                ? Texts.Format(nameof(Texts.Explain_EffectiveNone), viewer)
                : Texts.Format(nameof(Texts.Explain_Effective), viewer, best.Role, best.Step)) { Role = best.Role });
            return result;
        }

        private async Task<CalendarRole> CapByPolicyAsync(string owner, string viewer, string domain, CalendarRole role, Action<string, string, CalendarRole?> add, CancellationToken cancellationToken)
        {
            if (gate == null)
            {
                add(Steps.SharingPolicy, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_SharingPolicySubject, Texts.Explain_NoSharingPolicyCapability), null);
                return role;
            }

            SharingVerdict verdict;
            try
            {
                verdict = await gate.EvaluateAsync(owner, viewer, role == CalendarRole.None ? CalendarRole.AvailabilityOnly : role, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                add(Steps.SharingPolicy, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_SharingPolicySubject, ex.Error.Message), null);
                return role;
            }

            string text;
            if (verdict.Policy == null)
            {
                text = Texts.Format(nameof(Texts.Explain_PolicyNone), owner, domain);
            }
            else if (!verdict.PolicyEnabled)
            {
                text = Texts.Format(nameof(Texts.Explain_PolicyDisabled), verdict.Policy, domain);
            }
            else if (verdict.Entry == null)
            {
                text = Texts.Format(nameof(Texts.Explain_PolicyNoEntry), verdict.Policy, domain);
            }
            else
            {
                text = Texts.Format(nameof(Texts.Explain_PolicyAllows), verdict.Policy, domain, verdict.Highest, verdict.Entry);
            }

            var capped = Strength(role) > Strength(verdict.Highest) ? verdict.Highest : role;
            if (capped != role)
            {
                text += " " + Texts.Format(nameof(Texts.Explain_Capped), role, capped);
            }

            add(Steps.SharingPolicy, text, verdict.Highest);
            return capped;
        }

        private async Task<CalendarRole> RelationshipAsync(string domain, CalendarRole defaultRole, Action<string, string, CalendarRole?> add, CancellationToken cancellationToken)
        {
            var executor = sharingPolicy?.Organization;
            if (executor == null)
            {
                add(Steps.OrganizationRelationship, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_RelationshipSubject, Texts.Explain_NoSharingPolicyCapability), null);
                return CalendarRole.None;
            }

            if (relationships == null && relationshipsError == null)
            {
                try
                {
                    relationships = (await executor.InvokeAsync(SharingPolicyCommandBuilder.GetOrganizationRelationships(), cancellationToken).ConfigureAwait(false)).Objects;
                }
                catch (BackendException ex)
                {
                    relationshipsError = ex.Error;
                }
            }

            if (relationshipsError != null)
            {
                add(Steps.OrganizationRelationship, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_RelationshipSubject, relationshipsError.Message), null);
                return CalendarRole.None;
            }

            var match = relationships!
                .Where(r => ExchangeBags.List(r, "DomainNames").Any(d => SharingPolicyDomains.SameDomain(d, domain)))
                .Select(r => (Name: ExchangeBags.Text(r, "Name") ?? string.Empty,
                    On: ExchangeBags.Flag(r, "Enabled", absent: true) && ExchangeBags.Flag(r, "FreeBusyAccessEnabled"),
                    Level: SharingPolicyDomains.ParseLevel(ExchangeBags.Text(r, "FreeBusyAccessLevel")) ?? CalendarRole.None))
                .OrderByDescending(r => r.On)
                .FirstOrDefault();
            if (match.Name == null)
            {
                add(Steps.OrganizationRelationship, Texts.Format(nameof(Texts.Explain_NoRelationship), domain), null);
                return CalendarRole.None;
            }

            if (!match.On || match.Level == CalendarRole.None)
            {
                add(Steps.OrganizationRelationship, Texts.Format(nameof(Texts.Explain_RelationshipOff), match.Name, domain), CalendarRole.None);
                return CalendarRole.None;
            }

            // Free/busy across organisations shows no more than the calendar's Default entry (support.microsoft.com/help/3079932).
            var shown = Strength(defaultRole) < Strength(match.Level) ? defaultRole : match.Level;
            add(Steps.OrganizationRelationship, Texts.Format(nameof(Texts.Explain_Relationship), match.Name, domain, match.Level, defaultRole, shown), shown);
            return shown;
        }

        private async Task<CalendarRole> PublishedAsync(CalendarPermissionSet set, Action<string, string, CalendarRole?> add, CancellationToken cancellationToken)
        {
            if (Publishing == null)
            {
                add(Steps.Publishing, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_PublishingSubject, Texts.Explain_NoPublishingCapability), null);
                return CalendarRole.None;
            }

            try
            {
                var executor = await Publishing.ExecutorForAsync(set.Mailbox, cancellationToken).ConfigureAwait(false);
                if (executor == null)
                {
                    add(Steps.Publishing, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_PublishingSubject, Texts.Explain_NoPublishingCapability), null);
                    return CalendarRole.None;
                }

                var folders = (await executor.InvokeAsync(PublishingCommandBuilder.GetCalendarFolders(set.Mailbox), cancellationToken).ConfigureAwait(false)).Objects;
                var folder = set.IsDefaultCalendar
                    ? folders.FirstOrDefault(f => string.Equals(ExchangeBags.Text(f, "FolderType"), "Calendar", StringComparison.OrdinalIgnoreCase))
                    : folders.FirstOrDefault(f => string.Equals(ExchangeBags.Text(f, "Name"), set.CalendarName, StringComparison.OrdinalIgnoreCase));
                if (folder != null)
                {
                    var identity = PublishingCommandBuilder.FolderIdentity(set.Mailbox, ExchangeBags.Text(folder, "FolderPath") ?? "/" + set.CalendarName);
                    var o = (await executor.InvokeAsync(PublishingCommandBuilder.GetCalendarFolder(identity), cancellationToken).ConfigureAwait(false)).Objects.FirstOrDefault();
                    if (o != null && ExchangeBags.Flag(o, "PublishEnabled"))
                    {
                        PublishingCommands.TryParseLevel(ExchangeBags.Text(o, "DetailLevel"), out var level);
                        var role = level == PublishingDetailLevel.FullDetails ? CalendarRole.Reviewer : level == PublishingDetailLevel.LimitedDetails ? CalendarRole.LimitedDetails : CalendarRole.AvailabilityOnly;
                        add(Steps.Publishing, Texts.Format(nameof(Texts.Explain_Published), level, role), role);
                        return role;
                    }
                }

                add(Steps.Publishing, Texts.Explain_NotPublished, CalendarRole.None);
            }
            catch (BackendException ex)
            {
                add(Steps.Publishing, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_PublishingSubject, ex.Error.Message), null);
            }

            return CalendarRole.None;
        }

        private async Task DelegateAsync(string owner, string viewer, bool defaultCalendar, Action<string, string, CalendarRole?> add, CancellationToken cancellationToken)
        {
            if (Delegates == null)
            {
                add(Steps.Delegate, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_DelegateSubject, Texts.Explain_NoDelegatesCapability), null);
                return;
            }

            try
            {
                var list = await Delegates.GetDelegatesAsync(owner, cancellationToken).ConfigureAwait(false);
                var d = list.Delegates.FirstOrDefault(x => string.Equals(x.Address, viewer, StringComparison.OrdinalIgnoreCase));
                if (d == null)
                {
                    add(Steps.Delegate, Texts.Format(nameof(Texts.Explain_NotDelegate), viewer), null);
                    return;
                }

                var level = d.Calendar?.ToString() ?? "?";
                var receives = list.Delivery == MeetingRequestDelivery.NoForward ? false : d.ReceiveMeetingCopies;
                var text = Texts.Format(nameof(Texts.Explain_Delegate), viewer, level, d.ViewPrivateItems == true ? Texts.Explain_Yes : Texts.Explain_No, receives == true ? Texts.Explain_Yes : Texts.Explain_No);
                if (!defaultCalendar)
                {
                    text += " " + Texts.Explain_DelegateDefaultCalendarOnly;
                }

                add(Steps.Delegate, text, null);
            }
            catch (BackendException ex)
            {
                add(Steps.Delegate, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_DelegateSubject, ex.Error.Message), null);
            }
        }

        private async Task<bool> FullAccessAsync(string owner, string viewer, Action<string, string, CalendarRole?> add, CancellationToken cancellationToken)
        {
            try
            {
                var executor = MailboxAccess == null ? null : await MailboxAccess.ExecutorForAsync(owner, cancellationToken).ConfigureAwait(false);
                if (executor == null)
                {
                    add(Steps.FullAccess, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_FullAccessSubject, Texts.Explain_NoMailboxAccessCapability), null);
                    return false;
                }

                var read = await executor.InvokeAsync(ExchangeCommandBuilder.GetFullAccess(owner), cancellationToken).ConfigureAwait(false);
                var has = read.Objects.Any(o => !ExchangeBags.Flag(o, "Deny")
                    && string.Equals(ExchangeBags.Text(o, "User"), viewer, StringComparison.OrdinalIgnoreCase)
                    && ExchangeBags.List(o, "AccessRights").Any(r => string.Equals(r, "FullAccess", StringComparison.OrdinalIgnoreCase)));
                add(Steps.FullAccess, has ? Texts.Format(nameof(Texts.Explain_FullAccess), viewer) : Texts.Format(nameof(Texts.Explain_NoFullAccess), viewer), has ? CalendarRole.Owner : (CalendarRole?)null);
                return has;
            }
            catch (BackendException ex)
            {
                add(Steps.FullAccess, Texts.Format(nameof(Texts.Explain_NotChecked), Texts.Explain_FullAccessSubject, ex.Error.Message), null);
                return false;
            }
        }

        /// <summary>Inside or outside the organisation: what the server resolves the viewer to, else by the owner's domain.</summary>
        private async Task<Principal> ResolveViewerAsync(string owner, string viewer, CancellationToken cancellationToken)
        {
            try
            {
                var resolved = (await permissions.ResolvePrincipalsAsync(new[] { viewer }, cancellationToken).ConfigureAwait(false))[0];
                if (resolved.IsSuccess && resolved.Value!.Address != null)
                {
                    var p = resolved.Value;
                    var outside = p.Kind == PrincipalKind.External || !SharingPolicyDomains.SameDomain(DomainOf(p.Address!), DomainOf(owner));
                    return Principal.User(p.Address!, p.DisplayName, outside);
                }
            }
            catch (BackendException)
            {
                // Fall back on the address itself: an outside address often resolves to nothing.
            }

            var address = viewer.Trim();
            return Principal.User(address, null, address.IndexOf('@') > 0 && !SharingPolicyDomains.SameDomain(DomainOf(address), DomainOf(owner)));
        }

        private static string DomainOf(string address)
        {
            var at = address.LastIndexOf('@');
            return at < 0 ? string.Empty : address.Substring(at + 1).Trim().ToLowerInvariant();
        }

        /// <summary>How much of a calendar a role shows or lets one do, for "the most any path gives" and caps.</summary>
        internal static int Strength(CalendarRole role)
        {
            switch (role)
            {
                case CalendarRole.None: return 0;
                case CalendarRole.Contributor: return 1;
                case CalendarRole.AvailabilityOnly: return 2;
                case CalendarRole.LimitedDetails: return 3;
                case CalendarRole.Custom: return 4;
                case CalendarRole.Reviewer: return 5;
                case CalendarRole.NoneditingAuthor: return 6;
                case CalendarRole.Author: return 7;
                case CalendarRole.PublishingAuthor: return 8;
                case CalendarRole.Editor: return 9;
                case CalendarRole.PublishingEditor: return 10;
                case CalendarRole.Delegate: return 11;
                case CalendarRole.DelegateCanViewPrivate: return 12;
                case CalendarRole.Owner: return 13;
                default: return 0;
            }
        }

        /// <summary>The names of the steps (AccessReason.Step).</summary>
        public static class Steps
        {
            public const string Owner = nameof(Owner);
            public const string FolderEntry = nameof(FolderEntry);
            public const string Default = nameof(Default);
            public const string Anonymous = nameof(Anonymous);
            public const string SharingPolicy = nameof(SharingPolicy);
            public const string OrganizationRelationship = nameof(OrganizationRelationship);
            public const string CrossTenant = "m365Capabilities";
            public const string Publishing = nameof(Publishing);
            public const string Delegate = nameof(Delegate);
            public const string FullAccess = nameof(FullAccess);
            public const string Group = nameof(Group);
            public const string Effective = nameof(Effective);
        }
    }
}
