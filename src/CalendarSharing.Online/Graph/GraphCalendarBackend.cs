using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Roles;
using RetryOptions = CalendarSharing.Core.Resilience.RetryOptions;
using CalendarSharing.Online.Identity;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using GraphCalendar = Microsoft.Graph.Models.Calendar;
using GraphPermission = Microsoft.Graph.Models.CalendarPermission;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The calendar-permission backend over Microsoft Graph v1.0 (Exchange Online). Graph keeps one calendarPermission
    /// per principal, so a change set becomes one POST, PATCH (role only, If-Match) or DELETE per principal whose entry
    /// the plan changes; nobody else's entry is ever written. Reads of many calendars go out as $batch.
    /// </summary>
    public sealed partial class GraphCalendarBackend : ICalendarBackend
    {
        /// <summary>The id every doc example gives "My Organization" (base64 "Default").</summary>
        private const string MyOrganizationId = "RGVmYXVsdA==";

        private readonly GraphConnectionOptions options;
        private readonly TokenCredential credential;
        private readonly GraphGateway gateway;
        private readonly GraphRequests requests;
        private readonly BackendInfo info;
        private readonly PrincipalResolutionCache resolutions = new PrincipalResolutionCache();
        private string? organizationDomain;

        public GraphCalendarBackend(GraphConnectionOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            credential = CredentialFactory.Create(options.SignIn, options.Handler);
            gateway = new GraphGateway(options, credential);
            requests = new GraphRequests(gateway.Client);
            organizationDomain = options.OrganizationDomain;
            info = new BackendInfo(options.Kind, options.BaseUrl.ToString(), options.SignIn.DisplayName)
            {
                SourceName = "Graph",
                MaxConcurrency = Math.Max(1, options.MaxConcurrency),
                MaxBatchSize = Math.Max(1, Math.Min(20, options.MaxBatchSize)),
                Organization = organizationDomain,
                Side = Core.Routing.MailboxLocation.Online,
            };
        }

        public BackendInfo Info => info;

        // ---------------------------------------------------------------- Connect

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            try
            {
                // Signing in proves the credential; the token itself is never looked at or kept here.
                await credential.GetTokenAsync(new TokenRequestContext(new[] { gateway.Scope }), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw new BackendException(GraphErrorMap.FromException(ex, "Cannot sign in to Microsoft Graph", NotFoundMeans.Mailbox), ex);
            }

            // One small request proves the endpoint answers and accepts the token. An app allowed only calendars may
            // be refused the user list (403): the token was still accepted, which is what this checks.
            var probe = new GraphStep(
                requests.ProbeUsers(),
                "Cannot reach Microsoft Graph",
                NotFoundMeans.Mailbox);
            await gateway.ExecuteAsync(new[] { probe }, cancellationToken).ConfigureAwait(false);
            if (probe.Error != null && (probe.Error.Code == BackendErrorCode.Connection || probe.Error.Code == BackendErrorCode.Authentication))
            {
                throw new BackendException(probe.Error);
            }

            Trace(probe.Error is null ? "connected" : $"connected; the user list answered {probe.Error.ServerCode}");
            info.ServerVersion = "Graph v1.0";
        }

        // ---------------------------------------------------------------- Read

        public async Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> GetPermissionsAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken)
        {
            var states = await ReadAsync(calendars, cancellationToken).ConfigureAwait(false);
            ThrowIfAllFailedAsRequest(states.Select(s => s.Error).ToList());
            return states.Select(s => s.Error != null ? BackendResult<CalendarPermissionSet>.Fail(s.Error) : BackendResult<CalendarPermissionSet>.Ok(s.Set!)).ToList();
        }

        /// <summary>One calendar as read.</summary>
        private sealed class ReadState
        {
            public ReadState(CalendarAddress address)
            {
                Address = address;
                CalendarId = address.FolderId;
            }

            public CalendarAddress Address { get; }

            public bool IsDefault => Address.IsDefaultCalendar;

            /// <summary>The Graph calendar id; null for the default calendar (reached as /users/{id}/calendar).</summary>
            public string? CalendarId { get; set; }

            public string? CalendarName { get; set; }

            public string? ChangeKey { get; set; }

            public CalendarPermissionSet? Set { get; set; }

            public BackendError? Error { get; set; }
        }

        private async Task<List<ReadState>> ReadAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken)
        {
            var states = calendars.Select(c => new ReadState(c)).ToList();

            // 1. Secondary calendars named by display name: one calendar list per mailbox.
            var byName = states.Where(s => s.Address.CalendarName != null).ToList();
            if (byName.Count > 0)
            {
                var lists = byName.GroupBy(s => s.Address.Mailbox, StringComparer.OrdinalIgnoreCase)
                    .Select(g => (Group: g.ToList(), Step: new GraphStep(
                        requests.ListCalendars(g.Key),
                        $"Cannot list the calendars of {g.Key}",
                        NotFoundMeans.Mailbox)))
                    .ToList();
                await gateway.ExecuteAsync(lists.Select(l => l.Step).ToList(), cancellationToken).ConfigureAwait(false);
                var calendarPages = new List<(List<ReadState> Group, GraphStep Step, GraphPaging.Pages<GraphCalendar>? Pages)>();
                foreach (var (group, step) in lists)
                {
                    if (!step.IsSuccess)
                    {
                        group.ForEach(s => s.Error = step.Error ?? UnexpectedStatus(step));
                        calendarPages.Add((group, step, null));
                        continue;
                    }

                    var first = await step.ParseAsync(CalendarCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                    calendarPages.Add((group, step, new GraphPaging.Pages<GraphCalendar>(first?.Value ?? new List<GraphCalendar>(), first?.OdataNextLink, step.What, NotFoundMeans.Mailbox)));
                }

                await GraphPaging.FollowAsync(gateway, calendarPages.Where(c => c.Pages != null).Select(c => c.Pages!).ToList(), CalendarCollectionResponse.CreateFromDiscriminatorValue, p => (p.Value, p.OdataNextLink), cancellationToken).ConfigureAwait(false);
                foreach (var (group, step, pages) in calendarPages)
                {
                    if (pages == null)
                    {
                        continue;
                    }

                    if (pages.Error != null)
                    {
                        group.ForEach(s => s.Error = pages.Error);
                        continue;
                    }

                    var found = pages.Items;
                    foreach (var s in group)
                    {
                        var name = s.Address.CalendarName!.Trim();
                        var match = found.FirstOrDefault(c => string.Equals(c.Name?.Trim(), name, StringComparison.OrdinalIgnoreCase))
                            ?? found.FirstOrDefault(c => string.Equals(c.Id, name, StringComparison.Ordinal));
                        if (match?.Id is null)
                        {
                            var names = found.Select(c => c.Name).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase);
                            s.Error = new BackendError(
                                BackendErrorCode.CalendarNotFound,
                                $"The mailbox {s.Address.Mailbox} has no calendar named '{name}'. Its calendars: {string.Join(", ", names)}.",
                                "ErrorItemNotFound");
                            continue;
                        }

                        s.CalendarId = match.Id;
                        s.CalendarName = match.Name;
                        s.ChangeKey = match.ChangeKey;
                    }
                }
            }

            // 2. The calendar (name, change key) and its permissions, all in one batch.
            var reads = new List<(ReadState State, GraphStep? Calendar, GraphStep Permissions)>();
            foreach (var s in states.Where(s => s.Error == null))
            {
                var mailbox = s.Address.Mailbox;
                var what = $"Cannot read the permissions of {s.Address.DisplayText}";
                GraphStep? calendar = null;
                if (s.CalendarName == null)
                {
                    calendar = new GraphStep(requests.GetCalendar(mailbox, s.CalendarId), what, s.CalendarId == null ? NotFoundMeans.Mailbox : NotFoundMeans.Calendar);
                }

                reads.Add((s, calendar, new GraphStep(requests.ListPermissions(mailbox, s.CalendarId), what, s.CalendarId == null ? NotFoundMeans.Mailbox : NotFoundMeans.Calendar)));
            }

            await gateway.ExecuteAsync(reads.SelectMany(r => r.Calendar is null ? new[] { r.Permissions } : new[] { r.Calendar, r.Permissions }).ToList(), cancellationToken).ConfigureAwait(false);
            var permissionPages = new List<(ReadState State, GraphPaging.Pages<GraphPermission> Pages)>();
            foreach (var (s, calendarStep, permissionStep) in reads)
            {
                if (calendarStep != null)
                {
                    if (!calendarStep.IsSuccess)
                    {
                        s.Error = calendarStep.Error ?? UnexpectedStatus(calendarStep);
                        continue;
                    }

                    var calendar = await calendarStep.ParseAsync(GraphCalendar.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                    s.CalendarName = calendar?.Name;
                    s.ChangeKey = calendar?.ChangeKey;
                    s.CalendarId ??= calendar?.Id;
                }

                if (!permissionStep.IsSuccess)
                {
                    s.Error = permissionStep.Error ?? UnexpectedStatus(permissionStep);
                    continue;
                }

                var first = await permissionStep.ParseAsync(CalendarPermissionCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                permissionPages.Add((s, new GraphPaging.Pages<GraphPermission>(first?.Value ?? new List<GraphPermission>(), first?.OdataNextLink, permissionStep.What, permissionStep.NotFound)));
            }

            // A list split over pages is read to its end; a page that cannot be read fails that calendar (never a short list).
            await GraphPaging.FollowAsync(gateway, permissionPages.Select(p => p.Pages).ToList(), CalendarPermissionCollectionResponse.CreateFromDiscriminatorValue, p => (p.Value, p.OdataNextLink), cancellationToken).ConfigureAwait(false);
            foreach (var (s, pages) in permissionPages)
            {
                if (pages.Error != null)
                {
                    s.Error = pages.Error;
                    continue;
                }

                var entries = pages.Items.Select(ToEntry).ToList();
                s.Set = new CalendarPermissionSet(s.Address, s.Address.Mailbox, s.CalendarName ?? s.Address.CalendarName ?? "Calendar", s.CalendarId ?? string.Empty, s.ChangeKey, entries)
                {
                    IsDefaultCalendar = s.IsDefault,
                };
            }

            return states;
        }

        /// <summary>What a backend keeps of a Graph entry to write it later (no Graph type leaves this class).</summary>
        private sealed class GraphEntryData
        {
            public GraphEntryData(string id, IReadOnlyList<CalendarRole> allowedRoles, string? etag, bool isRemovable)
            {
                Id = id;
                AllowedRoles = allowedRoles;
                ETag = etag;
                IsRemovable = isRemovable;
            }

            public string Id { get; }

            /// <summary>The roles Graph lets this entry take (empty when the server did not say).</summary>
            public IReadOnlyList<CalendarRole> AllowedRoles { get; }

            public string? ETag { get; }

            public bool IsRemovable { get; }
        }

        private PermissionEntry ToEntry(GraphPermission p)
        {
            var address = p.EmailAddress?.Address;
            Principal principal;
            if (string.IsNullOrWhiteSpace(address)
                && (p.Id == MyOrganizationId || p.IsRemovable == false || string.Equals(p.EmailAddress?.Name, "My Organization", StringComparison.OrdinalIgnoreCase)))
            {
                principal = Principal.Default;
            }
            else
            {
                var external = p.IsInsideOrganization == false || (p.IsInsideOrganization is null && address != null && IsExternal(address));
                principal = Principal.User(address ?? p.EmailAddress?.Name ?? p.Id ?? "(unknown)", p.EmailAddress?.Name, external, p.Id);
            }

            var role = p.Role.HasValue ? RoleVocabulary.FromGraphRole(p.Role.Value.ToString()) : CalendarRole.Custom;
            var allowed = (p.AllowedRoles ?? new List<CalendarRoleType?>())
                .Where(r => r.HasValue)
                .Select(r => RoleVocabulary.FromGraphRole(r!.Value.ToString()))
                .Distinct()
                .ToList();
            var etag = p.AdditionalData != null && p.AdditionalData.TryGetValue("@odata.etag", out var e) ? e as string : null;
            var data = new GraphEntryData(p.Id ?? string.Empty, allowed, etag, p.IsRemovable != false);
            return new PermissionEntry(principal, role, role == CalendarRole.DelegateCanViewPrivate, data);
        }

        // ---------------------------------------------------------------- Write

        /// <summary>One change set across rounds (a conflict re-reads and re-plans only the changes it hit).</summary>
        private sealed class Job
        {
            public Job(int index, CalendarChangeSet changeSet, RetryOptions retry)
            {
                Index = index;
                ChangeSet = changeSet;
                Outcomes = new ChangeOutcome?[changeSet.Changes.Count];
                Budget = new RetryBudget(retry);
                Pending = Enumerable.Range(0, changeSet.Changes.Count).ToList();
            }

            public int Index { get; }

            public CalendarChangeSet ChangeSet { get; }

            public ChangeOutcome?[] Outcomes { get; }

            /// <summary>Indices of the changes still to plan (all at first; the conflicted ones after a 412).</summary>
            public List<int> Pending { get; set; }

            public RetryBudget Budget { get; }

            public CalendarPermissionSet? Calendar { get; set; }

            public BackendError? Error { get; set; }
        }

        /// <summary>One write: the principal's entry goes from what was read to what the plan wants.</summary>
        private sealed class Write
        {
            public Write(Job job, List<int> changes, GraphStep step)
            {
                Job = job;
                Changes = changes;
                Step = step;
            }

            public Job Job { get; }

            /// <summary>The changes (indices into the change set) this write carries out.</summary>
            public List<int> Changes { get; }

            public GraphStep Step { get; }

            public Dictionary<int, ChangeOutcome> Planned { get; } = new Dictionary<int, ChangeOutcome>();
        }

        public async Task<IReadOnlyList<BackendResult<CalendarChangeResult>>> ApplyAsync(IReadOnlyList<CalendarChangeSet> changeSets, CancellationToken cancellationToken)
        {
            var jobs = changeSets.Select((c, i) => new Job(i, c, options.Retry)).ToList();
            var round = jobs.ToList();
            while (round.Count > 0)
            {
                var states = await ReadAsync(round.Select(j => j.ChangeSet.Calendar).ToList(), cancellationToken).ConfigureAwait(false);
                var writes = new List<Write>();
                var invitations = new List<InvitationWrite>();
                for (var i = 0; i < round.Count; i++)
                {
                    var job = round[i];
                    var state = states[i];
                    if (state.Error != null)
                    {
                        job.Error = state.Error;
                        job.Pending = new List<int>();
                        continue;
                    }

                    job.Calendar = state.Set;
                    writes.AddRange(PlanWrites(job, state, invitations));
                }

                await gateway.ExecuteAsync(writes.Select(w => w.Step).ToList(), cancellationToken).ConfigureAwait(false);
                await WriteWithInvitationsAsync(invitations, cancellationToken).ConfigureAwait(false);

                var again = new List<Job>();
                foreach (var w in writes)
                {
                    if (w.Step.IsSuccess)
                    {
                        foreach (var k in w.Changes)
                        {
                            w.Job.Outcomes[k] = w.Planned[k];
                            w.Job.Pending.Remove(k);
                        }

                        continue;
                    }

                    var error = w.Step.Error ?? UnexpectedStatus(w.Step);
                    if (error.Code == BackendErrorCode.Conflict)
                    {
                        // Another writer changed this principal's entry since the read: re-read, re-plan these changes.
                        Trace($"{w.Job.ChangeSet.Calendar.DisplayText}: {error.ServerCode}; re-reading");
                        if (!again.Contains(w.Job))
                        {
                            again.Add(w.Job);
                        }

                        continue;
                    }

                    foreach (var k in w.Changes)
                    {
                        var planned = w.Planned[k];
                        w.Job.Outcomes[k] = new ChangeOutcome(ShareAction.Failed, planned.PreviousRole, planned.PreviousRole ?? CalendarRole.None, error.Message) { ErrorCode = error.Code };
                        w.Job.Pending.Remove(k);
                    }
                }

                round = new List<Job>();
                foreach (var job in again)
                {
                    if (job.Budget.TryNextConflictAttempt(out var delay))
                    {
                        await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                        round.Add(job);
                        continue;
                    }

                    foreach (var k in job.Pending)
                    {
                        job.Outcomes[k] = new ChangeOutcome(ShareAction.Failed, null, CalendarRole.None, $"Other writers kept changing {job.ChangeSet.Calendar.DisplayText}; the change was not made. Run it again.")
                        {
                            ErrorCode = BackendErrorCode.Conflict,
                        };
                    }

                    job.Pending = new List<int>();
                }
            }

            var results = jobs.Select(j =>
            {
                if (j.Error != null && (j.Calendar is null || j.Outcomes.All(o => o is null)))
                {
                    return BackendResult<CalendarChangeResult>.Fail(j.Error);
                }

                var outcomes = j.Outcomes.Select(o => o ?? new ChangeOutcome(ShareAction.Failed, null, CalendarRole.None, j.Error?.Message ?? "The change was not made.") { ErrorCode = j.Error?.Code ?? BackendErrorCode.ServerFault }).ToList();
                return BackendResult<CalendarChangeResult>.Ok(new CalendarChangeResult(j.Calendar!, outcomes));
            }).ToList();
            ThrowIfAllFailedAsRequest(results.Select(r => r.Error).ToList());
            return results;
        }

        /// <summary>
        /// Checks what Graph can express, plans the rest with the engine's planner, and turns the difference between
        /// the read entries and the planned ones into one write per principal.
        /// </summary>
        private IEnumerable<Write> PlanWrites(Job job, ReadState state, List<InvitationWrite> invitations)
        {
            var set = state.Set!;
            var accepted = new List<int>();
            foreach (var k in job.Pending)
            {
                var refusal = Refusal(set, job.ChangeSet.Changes[k]);
                if (refusal != null)
                {
                    job.Outcomes[k] = refusal;
                }
                else
                {
                    accepted.Add(k);
                }
            }

            job.Pending = accepted.ToList();
            var plan = PermissionPlanner.Plan(set.Entries, accepted.Select(k => job.ChangeSet.Changes[k]).ToList(), delegatesAllowed: state.IsDefault);
            var byPrincipal = new Dictionary<Principal, List<int>>();
            for (var n = 0; n < accepted.Count; n++)
            {
                var k = accepted[n];
                var outcome = plan.Outcomes[n];
                if (outcome.Action != ShareAction.Added && outcome.Action != ShareAction.Updated && outcome.Action != ShareAction.Removed)
                {
                    job.Outcomes[k] = outcome;
                    job.Pending.Remove(k);
                    continue;
                }

                var principal = job.ChangeSet.Changes[k].Principal;
                if (!byPrincipal.TryGetValue(principal, out var list))
                {
                    byPrincipal[principal] = list = new List<int>();
                }

                list.Add(k);
            }

            foreach (var pair in byPrincipal)
            {
                var before = set.Entries.FirstOrDefault(e => e.Principal.Equals(pair.Key));
                var after = plan.Entries.FirstOrDefault(e => e.Principal.Equals(pair.Key));
                var invite = after != null && pair.Value.Any(k => job.ChangeSet.Changes[k].SendInvitation);
                if (invite && before != null && before.Role != after!.Role)
                {
                    // A PATCH sends no invitation: the admin API's Set-MailboxFolderPermission -SendNotificationToUser does.
                    invitations.Add(new InvitationWrite(job, pair.Value, pair.Value.ToDictionary(k => k, k => plan.Outcomes[accepted.IndexOf(k)]), state, pair.Key, after.Role));
                    continue;
                }

                if (invite && before is null)
                {
                    // Creating a calendarPermission through Graph sends the invitation with it.
                    foreach (var k in pair.Value)
                    {
                        plan.Outcomes[accepted.IndexOf(k)].InvitationSent = true;
                    }
                }

                var step = WriteStep(state, pair.Key, before, after);
                var write = new Write(job, pair.Value, step ?? new GraphStep(new RequestInformation(), string.Empty, NotFoundMeans.Permission));
                foreach (var k in pair.Value)
                {
                    write.Planned[k] = plan.Outcomes[accepted.IndexOf(k)];
                }

                if (step is null)
                {
                    // Several rows for one principal that cancel out: nothing to send.
                    foreach (var k in pair.Value)
                    {
                        job.Outcomes[k] = write.Planned[k];
                        job.Pending.Remove(k);
                    }

                    continue;
                }

                yield return write;
            }
        }

        /// <summary>Why Graph cannot make a change the planner would accept, or null.</summary>
        private static ChangeOutcome? Refusal(CalendarPermissionSet set, PermissionChange change)
        {
            var existing = set.Entries.FirstOrDefault(e => e.Principal.Equals(change.Principal));
            var previous = existing?.Role;
            ChangeOutcome Fail(BackendErrorCode code, string message) =>
                new ChangeOutcome(ShareAction.Failed, previous, previous ?? CalendarRole.None, message) { ErrorCode = code };

            if (change.Principal.Kind == PrincipalKind.Anonymous)
            {
                if (change.IsRemoval || change.Role == CalendarRole.None)
                {
                    return new ChangeOutcome(ShareAction.Unchanged, null, CalendarRole.None, "Exchange Online calendars have no Anonymous entry through Graph; nothing to change.");
                }

                return Fail(BackendErrorCode.NotSupported, "Graph cannot share a calendar with Anonymous. Publish the calendar from Outlook or use Set-MailboxCalendarFolder instead.");
            }

            if (change.IsRemoval)
            {
                return null;
            }

            var wanted = PermissionPlanner.Normalise(change.Role!.Value, change.CanViewPrivateItems);
            if (existing != null && existing.Role == wanted)
            {
                return null;
            }

            if (wanted == CalendarRole.Custom || wanted == CalendarRole.Delegate || wanted == CalendarRole.DelegateCanViewPrivate)
            {
                // The planner explains these (read-only Custom, delegates on secondary calendars or outsiders).
                return null;
            }

            if (RoleVocabulary.ToGraphRole(wanted) is null)
            {
                return Fail(BackendErrorCode.RoleNotAllowed, $"Graph has no role {wanted}; Exchange Online calendars take {Names(GraphRoles)} through Graph. Choose one of those (Reviewer for read, Editor for write).");
            }

            var allowed = (existing?.ServerData as GraphEntryData)?.AllowedRoles;
            if (allowed != null && allowed.Count > 0 && !allowed.Contains(wanted))
            {
                var hint = wanted == CalendarRole.None && change.Principal.Kind != PrincipalKind.Default ? " To take the access away, use Remove-CalendarShare." : string.Empty;
                return Fail(
                    change.Principal.Kind == PrincipalKind.External ? BackendErrorCode.NotAllowedByPolicy : BackendErrorCode.RoleNotAllowed,
                    $"{change.Principal.Name} cannot have the role {wanted} on {set.Mailbox}\\{set.CalendarName}. Allowed roles: {Names(allowed)}.{hint}");
            }

            if (existing is null && change.Principal.Kind == PrincipalKind.External && Rank(wanted) > Rank(CalendarRole.Reviewer))
            {
                return Fail(BackendErrorCode.NotAllowedByPolicy, $"{change.Principal.Name} is outside the organisation; Exchange Online lets external users have at most Reviewer. Allowed roles: AvailabilityOnly, LimitedDetails, Reviewer.");
            }

            return null;
        }

        private static readonly CalendarRole[] GraphRoles =
        {
            CalendarRole.AvailabilityOnly, CalendarRole.LimitedDetails, CalendarRole.Reviewer, CalendarRole.Editor, CalendarRole.Delegate, CalendarRole.DelegateCanViewPrivate,
        };

        private static string Names(IEnumerable<CalendarRole> roles) => string.Join(", ", roles);

        private static int Rank(CalendarRole role) => Array.IndexOf(new[] { CalendarRole.None, CalendarRole.AvailabilityOnly, CalendarRole.LimitedDetails, CalendarRole.Reviewer, CalendarRole.Editor, CalendarRole.Delegate, CalendarRole.DelegateCanViewPrivate }, role);

        /// <summary>POST a new entry, PATCH the role of an existing one (If-Match its etag), or DELETE it; null when equal.</summary>
        private GraphStep? WriteStep(ReadState state, Principal principal, PermissionEntry? before, PermissionEntry? after)
        {
            var mailbox = state.Address.Mailbox;
            var calendarId = state.IsDefault ? null : state.CalendarId;
            var where = $"{state.Set!.Mailbox}\\{state.Set.CalendarName}";
            if (before is null && after is null)
            {
                return null;
            }

            if (before is null)
            {
                var body = new GraphPermission
                {
                    EmailAddress = new EmailAddress { Address = principal.Address, Name = principal.DisplayName },
                    Role = GraphRole(after!.Role),
                };
                return new GraphStep(requests.CreatePermission(mailbox, calendarId, body), $"Cannot grant {after.Role} to {principal.Name} on {where}", NotFoundMeans.Principal);
            }

            var data = before.ServerData as GraphEntryData;
            var id = data?.Id ?? principal.ServerId ?? string.Empty;
            if (after is null)
            {
                return new GraphStep(requests.DeletePermission(mailbox, calendarId, id), $"Cannot remove the permission of {principal.Name} on {where}", NotFoundMeans.Permission);
            }

            if (after.Role == before.Role)
            {
                return null;
            }

            var patch = new GraphPermission { Role = GraphRole(after.Role) };
            return new GraphStep(requests.PatchPermission(mailbox, calendarId, id, patch, data?.ETag), $"Cannot change the role of {principal.Name} on {where} to {after.Role}", NotFoundMeans.Permission);
        }

        private static CalendarRoleType? GraphRole(CalendarRole role)
        {
            var text = RoleVocabulary.ToGraphRole(role);
            return text != null && Enum.TryParse<CalendarRoleType>(text, ignoreCase: true, out var r) ? r : (CalendarRoleType?)null;
        }

        // ---------------------------------------------------------------- Resolve

        /// <summary>Each name is looked up once per connection (see <see cref="PrincipalResolutionCache"/>); new names go in $batch requests.</summary>
        public Task<IReadOnlyList<BackendResult<Principal>>> ResolvePrincipalsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
            resolutions.ResolveAsync(names, ResolveUncachedAsync, cancellationToken);

        private async Task<IReadOnlyList<BackendResult<Principal>>> ResolveUncachedAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            var results = new BackendResult<Principal>?[names.Count];
            var lookups = new List<(int Index, string Text, GraphStep Step)>();
            var bulk = await ResolveByUpnInBulkAsync(names, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < names.Count; i++)
            {
                var text = (names[i] ?? string.Empty).Trim();
                if (text.Length == 0)
                {
                    results[i] = BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.InvalidInput, "The user name is empty. Give an SMTP address or a user principal name."));
                    continue;
                }

                var distinguished = Principal.TryParseDistinguished(text);
                if (distinguished != null)
                {
                    results[i] = BackendResult<Principal>.Ok(distinguished);
                    continue;
                }

                if (LooksLikeSmtp(text) && organizationDomain != null && IsExternal(text))
                {
                    // Outside the organisation: the directory cannot vouch for it; Graph's policy decides at write time.
                    results[i] = BackendResult<Principal>.Ok(Principal.User(text, null, external: true));
                    continue;
                }

                if (bulk.TryGetValue(text, out var known))
                {
                    results[i] = known;
                    continue;
                }

                var step = IsBareName(text)
                    ? FindByName(text)
                    : new GraphStep(
                        requests.GetUser(text),
                        $"Cannot find '{text}' in the directory",
                        NotFoundMeans.Principal);
                lookups.Add((i, text, step));
            }

            await gateway.ExecuteAsync(lookups.Select(l => l.Step).ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var (i, text, step) in lookups)
            {
                if (step.IsSuccess && IsBareName(text))
                {
                    results[i] = await ReadByNameAsync(text, step, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (step.IsSuccess)
                {
                    var user = await step.ParseAsync(User.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                    var address = !string.IsNullOrEmpty(user?.Mail) ? user!.Mail! : !string.IsNullOrEmpty(user?.UserPrincipalName) ? user!.UserPrincipalName! : text;
                    results[i] = BackendResult<Principal>.Ok(Principal.User(address, user?.DisplayName, external: false, serverId: user?.Id));
                    continue;
                }

                var error = step.Error ?? UnexpectedStatus(step);
                var smtp = LooksLikeSmtp(text);
                if (smtp && (error.Code == BackendErrorCode.PrincipalNotFound || error.Code == BackendErrorCode.MailboxNotFound) && organizationDomain is null)
                {
                    // Without a known mail domain an unknown address may be a guest or an outsider; Graph decides at write time.
                    results[i] = BackendResult<Principal>.Ok(Principal.User(text, null, external: true));
                }
                else if (smtp && error.Code == BackendErrorCode.AccessDenied)
                {
                    // The app may write calendars without reading the directory: take the address as given.
                    results[i] = BackendResult<Principal>.Ok(Principal.User(text, null, IsExternal(text)));
                }
                else if (error.Code == BackendErrorCode.PrincipalNotFound || error.Code == BackendErrorCode.MailboxNotFound || error.Code == BackendErrorCode.InvalidInput)
                {
                    results[i] = BackendResult<Principal>.Fail(new BackendError(
                        BackendErrorCode.PrincipalNotFound,
                        $"No one in the directory of {organizationDomain ?? "the organisation"} matches '{text}'. Give the user's SMTP address, user principal name, object id, alias or display name.",
                        error.ServerCode));
                }
                else
                {
                    results[i] = BackendResult<Principal>.Fail(error);
                }
            }

            return results.Select(r => r!.Value).ToList();
        }

        private static bool LooksLikeSmtp(string text) => SmtpAddress.IsValid(text);

        /// <summary>Outside the organisation's domain (and its subdomains); false while the domain is unknown.</summary>
        private bool IsExternal(string address) =>
            organizationDomain != null && SmtpAddress.TryParse(address, out var smtp) && !smtp.IsInDomain(organizationDomain);

        // ---------------------------------------------------------------- Helpers

        private static BackendError UnexpectedStatus(GraphStep step) =>
            new BackendError(BackendErrorCode.ServerFault, $"{step.What}: Graph answered HTTP {step.Status} without a body.", "HTTP " + step.Status);

        /// <summary>When every item failed for a reason that is not the item's own (throttled, unreachable), nothing was done.</summary>
        private static void ThrowIfAllFailedAsRequest(IReadOnlyList<BackendError?> errors)
        {
            if (errors.Count > 0 && errors.All(e => e != null && (e.Code == BackendErrorCode.Throttled || e.Code == BackendErrorCode.Connection || e.Code == BackendErrorCode.Authentication)))
            {
                throw new BackendException(errors[0]!);
            }
        }

        private void Trace(string line) => options.Trace?.Invoke("Graph " + line);

        public void Dispose()
        {
            gateway.Dispose();
            DisposeAdminApi();
        }
    }
}
