using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Roles;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>The calendar-permission backend over EWS.</summary>
    public sealed partial class EwsCalendarBackend : ICalendarBackend
    {
        private readonly EwsConnectionOptions options;
        private readonly EwsClient client;
        private readonly BackendInfo info;
        private readonly PrincipalResolutionCache resolutions = new PrincipalResolutionCache();
        private string? organizationDomain;

        public EwsCalendarBackend(EwsConnectionOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            try
            {
                client = new EwsClient(options);
            }
            catch (ArgumentException ex)
            {
                throw new BackendException(new BackendError(BackendErrorCode.InvalidInput, ex.Message), ex);
            }

            organizationDomain = options.OrganizationDomain ?? DomainOf(options.Credential?.UserName);
            info = new BackendInfo(options.Kind, options.Url.ToString(), client.UserText)
            {
                Authentication = options.Authentication,
                SourceName = options.Kind == ConnectionKind.Sandbox ? "Sandbox" : "Ews",
                MaxConcurrency = Math.Max(1, options.MaxConcurrency),
                MaxBatchSize = Math.Max(1, options.MaxBatchSize),
                Organization = organizationDomain,
                Side = Core.Routing.MailboxLocation.OnPremises,
            };
        }

        public BackendInfo Info => info;

        private int BatchSize => Math.Max(1, options.MaxBatchSize);

        // ---------------------------------------------------------------- Connect

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            try
            {
                // Any answer to a GetFolder of our own calendar proves the endpoint and the credentials.
                var op = new GetFolderOperation(new[] { EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder) }, includePermissions: false);
                var result = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);
                Trace($"connected: own calendar {result[0].Message}");
                if (organizationDomain == null && options.Credential?.UserName is string user && user.Length > 0)
                {
                    var name = user.IndexOf('\\') >= 0 ? user.Substring(user.IndexOf('\\') + 1) : user;
                    var resolved = await client.ExecuteAsync(new ResolveNamesOperation(name), cancellationToken).ConfigureAwait(false);
                    var address = resolved.Value?.Select(r => r.EmailAddress).FirstOrDefault(a => DomainOf(a) != null);
                    organizationDomain = DomainOf(address);
                    info.Organization = organizationDomain;
                }
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }

            info.ServerVersion = client.ServerVersion?.ToString();
        }

        // ---------------------------------------------------------------- Read

        public async Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> GetPermissionsAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken)
        {
            try
            {
                var states = await ReadAsync(calendars, cancellationToken).ConfigureAwait(false);
                ThrowIfAllFailed(states.Select(st => st.RequestFailure).ToList());
                return states.Select(s => s.Error != null ? BackendResult<CalendarPermissionSet>.Fail(s.Error) : BackendResult<CalendarPermissionSet>.Ok(s.Set!)).ToList();
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }
        }

        /// <summary>One calendar as read: the set (entries carry the EWS entry in ServerData) and the delegates, or an error.</summary>
        private sealed class ReadState
        {
            public ReadState(CalendarAddress address)
            {
                Address = address;
            }

            public CalendarAddress Address { get; }

            /// <summary>Where the calendar is (located once; FindFolder for secondary calendars by name).</summary>
            public EwsFolderReference? Reference { get; set; }

            public EwsCalendarFolder? Folder { get; set; }

            public CalendarPermissionSet? Set { get; set; }

            public IReadOnlyList<EwsDelegateUser> Delegates { get; set; } = Array.Empty<EwsDelegateUser>();

            public BackendError? Error { get; set; }

            /// <summary>Set when the item failed because its whole EWS request failed (throttled, unreachable, fault).</summary>
            public EwsException? RequestFailure { get; set; }

            public void Fail(EwsException ex)
            {
                RequestFailure = ex;
                Error = ErrorOf(ex);
            }
        }

        /// <summary>
        /// Locates and reads each calendar. <paramref name="needsDelegates"/> says which calendars need their delegates
        /// read (GetDelegate) to tell a delegate's Editor entry from a plain Editor; null means every default calendar
        /// with an Editor entry (a listing shows every entry as it is).
        /// </summary>
        private async Task<IReadOnlyList<ReadState>> ReadAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken, IReadOnlyList<EwsFolderReference?>? knownReferences = null, Func<int, CalendarPermissionSet, bool>? needsDelegates = null)
        {
            var states = calendars.Select(c => new ReadState(c)).ToList();
            for (var i = 0; i < states.Count; i++)
            {
                var s = states[i];
                if (knownReferences != null && knownReferences[i] != null)
                {
                    s.Reference = knownReferences[i];
                }
                else if (s.Address.FolderId != null)
                {
                    s.Reference = EwsFolderReference.ById(new EwsFolderId(s.Address.FolderId, null));
                }
                else if (s.Address.CalendarName == null)
                {
                    s.Reference = EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder, s.Address.Mailbox);
                }
            }

            await LocateSecondaryAsync(states.Where(s => s.Reference == null).ToList(), cancellationToken).ConfigureAwait(false);
            await GetFoldersAsync(states.Where(s => s.Error == null && s.Reference != null).ToList(), cancellationToken).ConfigureAwait(false);
            await MarkDelegatesAsync(states.Where((s, i) => s.Error == null && s.Set != null && (needsDelegates == null || needsDelegates(i, s.Set))).ToList(), cancellationToken).ConfigureAwait(false);
            return states;
        }

        /// <summary>Finds secondary calendars by display name (case-insensitive): one FindFolder per mailbox.</summary>
        private async Task LocateSecondaryAsync(IReadOnlyList<ReadState> states, CancellationToken cancellationToken)
        {
            var byMailbox = states.GroupBy(s => s.Address.Mailbox, StringComparer.OrdinalIgnoreCase);
            await Task.WhenAll(byMailbox.Select(async group =>
            {
                var mailbox = group.Key;
                var find = new FindFolderOperation(new[] { EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder, mailbox) }, deep: true) { TargetMailbox = mailbox };
                EwsItemResult<IReadOnlyList<EwsCalendarFolder>>? answer;
                try
                {
                    answer = (await client.ExecuteAsync(find, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    foreach (var s in group)
                    {
                        s.Fail(ex);
                    }

                    return;
                }

                if (answer == null || !answer.Message.IsSuccess)
                {
                    var error = answer == null
                        ? new BackendError(BackendErrorCode.ServerFault, $"FindFolder in {mailbox} returned no answer.")
                        : ItemError(answer.Message, $"Cannot list the calendars of {mailbox}");
                    foreach (var s in group)
                    {
                        s.Error = error;
                    }

                    return;
                }

                var calendars = answer.Value!.Where(f => f.IsCalendar).ToList();
                foreach (var s in group)
                {
                    var name = s.Address.CalendarName!;
                    var match = calendars.FirstOrDefault(f => string.Equals(f.DisplayName?.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
                    if (match == null)
                    {
                        match = await FindUnderRootAsync(mailbox, name, cancellationToken).ConfigureAwait(false);
                    }

                    if (match != null)
                    {
                        s.Reference = EwsFolderReference.ById(new EwsFolderId(match.FolderId.Id, null));
                        continue;
                    }

                    var existing = new[] { "Calendar (default)" }.Concat(calendars.Select(f => f.DisplayName).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!)).Distinct(StringComparer.OrdinalIgnoreCase);
                    s.Error = new BackendError(
                        BackendErrorCode.CalendarNotFound,
                        $"The mailbox {mailbox} has no calendar named '{name}'. Its calendars: {string.Join(", ", existing)}.",
                        EwsResponseCodes.ErrorFolderNotFound);
                }
            })).ConfigureAwait(false);
        }

        /// <summary>Secondary calendars may also sit beside the Calendar folder: look under msgfolderroot by name.</summary>
        private async Task<EwsCalendarFolder?> FindUnderRootAsync(string mailbox, string name, CancellationToken cancellationToken)
        {
            try
            {
                var find = new FindFolderOperation(new[] { EwsFolderReference.Distinguished(EwsWellKnownNames.MessageFolderRoot, mailbox) }, deep: true, displayName: name) { TargetMailbox = mailbox };
                var answer = (await client.ExecuteAsync(find, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                return answer?.Value?.FirstOrDefault(f => f.IsCalendar && string.Equals(f.DisplayName?.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
            }
            catch (EwsFaultException ex) when (ex.Code != BackendErrorCode.Throttled)
            {
                Trace($"FindFolder under msgfolderroot of {mailbox} failed ({ex.ResponseCode}); the calendar counts as missing");
                return null;
            }
        }

        /// <summary>Batched GetFolder; per-item transient codes are retried for those items only.</summary>
        private async Task GetFoldersAsync(IReadOnlyList<ReadState> states, CancellationToken cancellationToken)
        {
            await Task.WhenAll(Batches(states, s => s.Address.Mailbox).Select(async batch =>
            {
                var pending = batch;
                var budget = new RetryBudget(options.Retry);
                while (pending.Count > 0)
                {
                    var op = new GetFolderOperation(pending.Select(s => s.Reference!).ToList()) { TargetMailbox = pending[0].Address.Mailbox };
                    IReadOnlyList<EwsItemResult<EwsCalendarFolder>> answers;
                    try
                    {
                        answers = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);
                    }
                    catch (EwsException ex) when (IsPerRequest(ex))
                    {
                        foreach (var s in pending)
                        {
                            s.Fail(ex);
                        }

                        return;
                    }

                    var retry = new List<ReadState>();
                    TimeSpan? hint = null;
                    for (var i = 0; i < pending.Count; i++)
                    {
                        var s = pending[i];
                        var a = answers[i];
                        if (a.Message.IsSuccess && a.Value != null)
                        {
                            s.Folder = a.Value;
                            s.Set = ToPermissionSet(s.Address, a.Value);
                            s.Error = null;
                        }
                        else if (EwsErrorMap.IsTransient(a.Message.ResponseCode))
                        {
                            retry.Add(s);
                            s.Error = ItemError(a.Message, $"Cannot read the permissions of {s.Address.DisplayText}");
                            hint = BackOff(a.Message) ?? hint;
                        }
                        else
                        {
                            s.Error = ItemError(a.Message, $"Cannot read the permissions of {s.Address.DisplayText}");
                        }
                    }

                    if (retry.Count == 0 || !budget.TryNextAttempt(hint, out var delay))
                    {
                        return;
                    }

                    Trace($"GetFolder retrying {retry.Count} item(s) in {delay.TotalMilliseconds:0} ms");
                    await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                    pending = retry;
                }
            })).ConfigureAwait(false);
        }

        /// <summary>Marks Editor entries of delegates as Delegate / DelegateCanViewPrivate (default calendars only).</summary>
        private async Task MarkDelegatesAsync(IReadOnlyList<ReadState> states, CancellationToken cancellationToken)
        {
            var candidates = states.Where(s => s.Address.IsDefaultCalendar && s.Set!.Entries.Any(e => !e.Principal.IsDistinguished && e.Role == CalendarRole.Editor)).ToList();
            await Task.WhenAll(candidates.GroupBy(s => s.Address.Mailbox, StringComparer.OrdinalIgnoreCase).Select(async group =>
            {
                IReadOnlyList<EwsDelegateUser> delegates;
                try
                {
                    delegates = await GetDelegatesAsync(group.Key, cancellationToken).ConfigureAwait(false);
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    foreach (var s in group)
                    {
                        s.Fail(ex);
                        s.Set = null;
                    }

                    return;
                }

                foreach (var s in group)
                {
                    s.Delegates = delegates;
                    if (delegates.Count == 0)
                    {
                        continue;
                    }

                    var entries = s.Set!.Entries.Select(e =>
                    {
                        if (e.Role != CalendarRole.Editor || e.Principal.IsDistinguished)
                        {
                            return e;
                        }

                        var d = FindDelegate(delegates, e.Principal);
                        if (d == null || !string.Equals(d.CalendarFolderPermissionLevel, EwsWellKnownNames.EditorLevel, StringComparison.OrdinalIgnoreCase))
                        {
                            return e;
                        }

                        var viewPrivate = d.ViewPrivateItems == true;
                        return new PermissionEntry(e.Principal, viewPrivate ? CalendarRole.DelegateCanViewPrivate : CalendarRole.Delegate, viewPrivate, e.ServerData);
                    }).ToList();
                    s.Set = WithEntries(s.Set, entries, s.Set.Version);
                }
            })).ConfigureAwait(false);
        }

        private async Task<IReadOnlyList<EwsDelegateUser>> GetDelegatesAsync(string mailbox, CancellationToken cancellationToken)
        {
            EwsDelegateResult result;
            try
            {
                result = await client.ExecuteAsync(new GetDelegateOperation(mailbox, includePermissions: true), cancellationToken).ConfigureAwait(false);
            }
            catch (EwsFaultException ex) when (ex.Code != BackendErrorCode.Throttled && ex.Code != BackendErrorCode.Transient)
            {
                Trace($"GetDelegate for {mailbox} failed ({ex.ResponseCode}); Editor entries are shown as Editor");
                return Array.Empty<EwsDelegateUser>();
            }

            if (!result.Outer.IsSuccess)
            {
                Trace($"GetDelegate for {mailbox}: {result.Outer}; Editor entries are shown as Editor");
                return Array.Empty<EwsDelegateUser>();
            }

            return result.Users.Where(u => u.Value != null).Select(u => u.Value!).ToList();
        }

        private static EwsDelegateUser? FindDelegate(IReadOnlyList<EwsDelegateUser> delegates, Principal principal) =>
            delegates.FirstOrDefault(d =>
                (d.UserId.PrimarySmtpAddress != null && string.Equals(d.UserId.PrimarySmtpAddress, principal.Address, StringComparison.OrdinalIgnoreCase))
                || (d.UserId.Sid != null && principal.ServerId != null && string.Equals(d.UserId.Sid, principal.ServerId, StringComparison.OrdinalIgnoreCase)));

        private CalendarPermissionSet ToPermissionSet(CalendarAddress address, EwsCalendarFolder folder)
        {
            var entries = (folder.Permissions ?? Array.Empty<EwsCalendarPermission>()).Select(ToEntry).ToList();
            var name = folder.DisplayName ?? address.CalendarName ?? "Calendar";
            return new CalendarPermissionSet(address, address.Mailbox, name, folder.FolderId.Id, folder.FolderId.ChangeKey, entries)
            {
                IsDefaultCalendar = address.IsDefaultCalendar,
            };
        }

        private PermissionEntry ToEntry(EwsCalendarPermission p)
        {
            var role = RoleVocabulary.FromEwsLevel(p.Level);
            return new PermissionEntry(ToPrincipal(p.UserId), role, false, p);
        }

        private Principal ToPrincipal(EwsUserId id)
        {
            if (string.Equals(id.DistinguishedUser, EwsWellKnownNames.DefaultUser, StringComparison.OrdinalIgnoreCase))
            {
                return Principal.Default;
            }

            if (string.Equals(id.DistinguishedUser, EwsWellKnownNames.AnonymousUser, StringComparison.OrdinalIgnoreCase))
            {
                return Principal.Anonymous;
            }

            if (!string.IsNullOrWhiteSpace(id.PrimarySmtpAddress))
            {
                return Principal.User(id.PrimarySmtpAddress!, id.DisplayName, IsExternal(id.PrimarySmtpAddress!), id.Sid);
            }

            if (!string.IsNullOrWhiteSpace(id.ExternalUserIdentity))
            {
                return Principal.User(id.ExternalUserIdentity!, id.DisplayName, true, id.Sid);
            }

            // An orphaned entry (deleted user): only a SID or a name is left.
            return Principal.User(id.DisplayName ?? id.Sid ?? "(unknown)", id.DisplayName, false, id.Sid);
        }

        private static CalendarPermissionSet WithEntries(CalendarPermissionSet set, IReadOnlyList<PermissionEntry> entries, string? version) =>
            new CalendarPermissionSet(set.Address, set.Mailbox, set.CalendarName, set.CalendarId, version, entries) { IsDefaultCalendar = set.IsDefaultCalendar };

        // ---------------------------------------------------------------- Write

        public async Task<IReadOnlyList<BackendResult<CalendarChangeResult>>> ApplyAsync(IReadOnlyList<CalendarChangeSet> changeSets, CancellationToken cancellationToken)
        {
            try
            {
                return await RefusingInvitationsAsync(changeSets, ApplyCoreAsync, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }
        }

        /// <summary>
        /// Whether planning <paramref name="changeSet"/> needs the mailbox's delegates: a change that grants a delegate role
        /// (the delegate record is written with the delegate's other settings kept), or one that touches a principal
        /// whose entry is Editor (it may be a delegate, whose record must go when the role changes). Entries the changes
        /// do not name are written back exactly as read, delegate or not, so their delegate state does not matter.
        /// </summary>
        private static bool DelegatesMatter(CalendarChangeSet changeSet, CalendarPermissionSet set)
        {
            if (!set.IsDefaultCalendar)
            {
                return false;
            }

            foreach (var change in changeSet.Changes)
            {
                if (IsDelegateRole(change.Role) || set.Entries.Any(e => e.Role == CalendarRole.Editor && e.Principal.Equals(change.Principal)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The work for one change set between the read and the write.</summary>
        private sealed class WriteJob
        {
            public WriteJob(int index, CalendarChangeSet changeSet, ReadState state, PermissionPlan plan)
            {
                Index = index;
                ChangeSet = changeSet;
                State = state;
                Plan = plan;
            }

            public int Index { get; }

            public CalendarChangeSet ChangeSet { get; }

            public ReadState State { get; }

            public PermissionPlan Plan { get; }

            public IReadOnlyList<ChangeOutcome>? FirstOutcomes { get; set; }

            public RetryBudget Budget { get; set; } = new RetryBudget();

            /// <summary>The per-item code that sent this job to the slow path, and the server's back-off hint.</summary>
            public string LastCode { get; set; } = string.Empty;

            public TimeSpan? LastHint { get; set; }
        }

        private async Task<IReadOnlyList<BackendResult<CalendarChangeResult>>> ApplyCoreAsync(IReadOnlyList<CalendarChangeSet> changeSets, CancellationToken cancellationToken)
        {
            var results = new BackendResult<CalendarChangeResult>[changeSets.Count];
            var failures = new EwsException?[changeSets.Count];
            var states = await ReadAsync(changeSets.Select(c => c.Calendar).ToList(), cancellationToken, needsDelegates: (i, set) => DelegatesMatter(changeSets[i], set)).ConfigureAwait(false);
            var jobs = new List<WriteJob>();
            for (var i = 0; i < changeSets.Count; i++)
            {
                var state = states[i];
                if (state.Error != null)
                {
                    results[i] = BackendResult<CalendarChangeResult>.Fail(state.Error);
                    failures[i] = state.RequestFailure;
                    continue;
                }

                var plan = PermissionPlanner.Plan(state.Set!.Entries, changeSets[i].Changes, delegatesAllowed: state.Address.IsDefaultCalendar);
                if (!plan.HasChanges)
                {
                    results[i] = BackendResult<CalendarChangeResult>.Ok(new CalendarChangeResult(state.Set, plan.Outcomes));
                    continue;
                }

                jobs.Add(new WriteJob(i, changeSets[i], state, plan) { Budget = new RetryBudget(options.Retry) });
            }

            // Delegate records that must go before the folder write (moving away from a delegate role).
            var ready = new List<WriteJob>();
            foreach (var job in jobs)
            {
                BackendError? removal;
                try
                {
                    removal = await RemoveDelegatesAsync(job, cancellationToken).ConfigureAwait(false);
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    removal = ErrorOf(ex);
                    failures[job.Index] = ex;
                }

                if (removal != null)
                {
                    results[job.Index] = BackendResult<CalendarChangeResult>.Fail(removal);
                }
                else
                {
                    ready.Add(job);
                }
            }

            var again = new List<WriteJob>();
            var gate = new object();
            await Task.WhenAll(Batches(ready, j => j.State.Address.Mailbox).Select(async batch =>
            {
                var op = new UpdateFolderOperation(batch.Select(j => new EwsPermissionSetChange(new EwsFolderId(j.State.Folder!.FolderId.Id, j.State.Folder.FolderId.ChangeKey), ToEwsPermissions(j.Plan.Entries))).ToList())
                {
                    TargetMailbox = batch[0].State.Address.Mailbox,
                };
                IReadOnlyList<EwsItemResult<EwsFolderId>> answers;
                try
                {
                    answers = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    foreach (var job in batch)
                    {
                        results[job.Index] = BackendResult<CalendarChangeResult>.Fail(ErrorOf(ex));
                        failures[job.Index] = ex;
                    }

                    return;
                }

                for (var k = 0; k < batch.Count; k++)
                {
                    var job = batch[k];
                    var a = answers[k];
                    if (a.Message.IsSuccess)
                    {
                        results[job.Index] = await FinishAsync(job.State, job.Plan, job.ChangeSet.Changes, a.Value?.ChangeKey, job.FirstOutcomes, cancellationToken).ConfigureAwait(false);
                    }
                    else if (EwsErrorMap.IsConflict(a.Message.ResponseCode) || EwsErrorMap.IsTransient(a.Message.ResponseCode))
                    {
                        job.LastCode = a.Message.ResponseCode;
                        job.LastHint = BackOff(a.Message);
                        lock (gate)
                        {
                            again.Add(job);
                        }
                    }
                    else
                    {
                        results[job.Index] = BackendResult<CalendarChangeResult>.Fail(WriteError(job, a.Message));
                    }
                }
            })).ConfigureAwait(false);

            await Task.WhenAll(again.Select(async job =>
            {
                try
                {
                    results[job.Index] = await ApplyOneAsync(job, cancellationToken).ConfigureAwait(false);
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    results[job.Index] = BackendResult<CalendarChangeResult>.Fail(ErrorOf(ex));
                }
            })).ConfigureAwait(false);

            ThrowIfAllFailed(failures);
            return results;
        }

        /// <summary>
        /// The slow path for one change set whose batched write met a conflict or a transient error:
        /// re-read, re-plan against what the other writer left, write again, within the retry budget.
        /// </summary>
        private async Task<BackendResult<CalendarChangeResult>> ApplyOneAsync(WriteJob first, CancellationToken cancellationToken)
        {
            var budget = first.Budget;
            var reference = first.State.Reference;
            var lastCode = first.LastCode;
            TimeSpan? hint = first.LastHint;
            var job = first;
            var firstOutcomes = first.FirstOutcomes;
            while (true)
            {
                // Why we are here decides the wait: a conflict takes a short jittered pause (large budget),
                // a transient error the server's back-off or an exponential one (small budget).
                TimeSpan delay;
                if (EwsErrorMap.IsConflict(lastCode))
                {
                    if (!budget.TryNextConflictAttempt(out delay))
                    {
                        return BackendResult<CalendarChangeResult>.Fail(new BackendError(
                            BackendErrorCode.Conflict,
                            $"{first.ChangeSet.Calendar.DisplayText}: other writers kept changing the permissions ({budget.ConflictAttempts} attempts); nothing was changed.",
                            lastCode));
                    }
                }
                else if (!budget.TryNextAttempt(hint, out delay))
                {
                    return BackendResult<CalendarChangeResult>.Fail(new BackendError(
                        EwsErrorMap.ToBackendCode(lastCode),
                        $"{first.ChangeSet.Calendar.DisplayText}: the server kept failing ({lastCode}) after {budget.Attempts} attempts; nothing was changed.",
                        lastCode));
                }

                Trace($"UpdateFolder {first.ChangeSet.Calendar.DisplayText} {lastCode}: re-read in {delay.TotalMilliseconds:0} ms");
                await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);

                var state = (await ReadAsync(new[] { first.ChangeSet.Calendar }, cancellationToken, new[] { reference }, (_, set) => DelegatesMatter(first.ChangeSet, set)).ConfigureAwait(false))[0];
                if (state.Error != null)
                {
                    return BackendResult<CalendarChangeResult>.Fail(state.Error);
                }

                var plan = PermissionPlanner.Plan(state.Set!.Entries, first.ChangeSet.Changes, delegatesAllowed: state.Address.IsDefaultCalendar);
                job = new WriteJob(first.Index, first.ChangeSet, state, plan) { Budget = budget, FirstOutcomes = firstOutcomes };
                if (!plan.HasChanges)
                {
                    return BackendResult<CalendarChangeResult>.Ok(new CalendarChangeResult(state.Set, Merge(plan.Outcomes, job.FirstOutcomes)));
                }

                var removal = await RemoveDelegatesAsync(job, cancellationToken).ConfigureAwait(false);
                if (removal != null)
                {
                    return BackendResult<CalendarChangeResult>.Fail(removal);
                }

                firstOutcomes = job.FirstOutcomes;
                var op = new UpdateFolderOperation(new[] { new EwsPermissionSetChange(state.Folder!.FolderId, ToEwsPermissions(plan.Entries)) }) { TargetMailbox = state.Address.Mailbox };
                var answer = (await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false))[0];
                if (answer.Message.IsSuccess)
                {
                    return await FinishAsync(state, plan, first.ChangeSet.Changes, answer.Value?.ChangeKey, job.FirstOutcomes, cancellationToken).ConfigureAwait(false);
                }

                lastCode = answer.Message.ResponseCode;
                hint = BackOff(answer.Message);
                if (!EwsErrorMap.IsConflict(lastCode) && !EwsErrorMap.IsTransient(lastCode))
                {
                    return BackendResult<CalendarChangeResult>.Fail(WriteError(job, answer.Message));
                }
            }
        }

        /// <summary>After a successful folder write: delegate records for delegate roles, then the result.</summary>
        private async Task<BackendResult<CalendarChangeResult>> FinishAsync(ReadState state, PermissionPlan plan, IReadOnlyList<PermissionChange> changes, string? newVersion, IReadOnlyList<ChangeOutcome>? firstOutcomes, CancellationToken cancellationToken)
        {
            var outcomes = Merge(plan.Outcomes, firstOutcomes).ToList();
            var delegateWrites = 0;
            for (var i = 0; i < outcomes.Count; i++)
            {
                var o = outcomes[i];
                if ((o.Action != ShareAction.Added && o.Action != ShareAction.Updated) || !IsDelegateRole(o.NewRole))
                {
                    continue;
                }

                var principal = changes[i].Principal;
                delegateWrites++;
                BackendError? error;
                try
                {
                    error = await GrantDelegateAsync(state, principal, o.NewRole, IsDelegateRole(o.PreviousRole), cancellationToken).ConfigureAwait(false);
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    error = ErrorOf(ex);
                }

                if (error != null)
                {
                    outcomes[i] = new ChangeOutcome(ShareAction.Failed, o.PreviousRole, CalendarRole.Editor, error.Message) { ErrorCode = error.Code };
                }
            }

            if (delegateWrites > 0)
            {
                // The server writes the delegate's folder entry itself, which moves the version on.
                newVersion = await CurrentVersionAsync(state, cancellationToken).ConfigureAwait(false) ?? newVersion;
            }

            return BackendResult<CalendarChangeResult>.Ok(new CalendarChangeResult(WithEntries(state.Set!, plan.Entries, newVersion ?? state.Set!.Version), outcomes));
        }

        private async Task<string?> CurrentVersionAsync(ReadState state, CancellationToken cancellationToken)
        {
            try
            {
                var op = new GetFolderOperation(new[] { EwsFolderReference.ById(new EwsFolderId(state.Folder!.FolderId.Id, null)) }, includePermissions: false) { TargetMailbox = state.Address.Mailbox };
                var answer = (await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false))[0];
                return answer.Value?.FolderId.ChangeKey;
            }
            catch (EwsException ex) when (IsPerRequest(ex))
            {
                return null;
            }
        }

        /// <summary>
        /// The delegate record behind a delegate role, written through the delegate primitives with the defaults of
        /// <see cref="DelegateDefaults"/>, so Set-CalendarShare -Role Delegate and Add-MailboxDelegate make the same delegate.
        /// </summary>
        private async Task<BackendError?> GrantDelegateAsync(ReadState state, Principal principal, CalendarRole role, bool wasDelegate, CancellationToken cancellationToken)
        {
            var mailbox = state.Address.Mailbox;
            var existing = FindDelegate(state.Delegates, principal);
            var entry = DelegateDefaults.ForCalendarRole(principal.Address!, role == CalendarRole.DelegateCanViewPrivate, existing == null ? null : FromEws(existing));
            try
            {
                if (existing == null && !wasDelegate)
                {
                    var added = (await AddDelegateUsersAsync(mailbox, new[] { entry }, null, cancellationToken).ConfigureAwait(false))[0];
                    if (added.Status != DelegateWriteStatus.AlreadyExists)
                    {
                        return added.Error;
                    }
                }

                var updated = (await UpdateDelegateUsersAsync(mailbox, new[] { entry }, null, cancellationToken).ConfigureAwait(false))[0];
                return updated.Error;
            }
            catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Authentication)
            {
                return ex.Error;
            }
        }

        /// <summary>RemoveDelegate for every change that moves a principal away from a delegate role. Null when all went well.</summary>
        private async Task<BackendError?> RemoveDelegatesAsync(WriteJob job, CancellationToken cancellationToken)
        {
            var leaving = new List<Principal>();
            for (var i = 0; i < job.Plan.Outcomes.Count; i++)
            {
                var o = job.Plan.Outcomes[i];
                if ((o.Action == ShareAction.Updated || o.Action == ShareAction.Removed) && IsDelegateRole(o.PreviousRole) && !IsDelegateRole(o.NewRole))
                {
                    leaving.Add(job.ChangeSet.Changes[i].Principal);
                }
            }

            if (leaving.Count == 0)
            {
                return null;
            }

            var mailbox = job.State.Address.Mailbox;
            try
            {
                var removed = await RemoveDelegateUsersAsync(mailbox, leaving.Select(p => p.Address!).ToList(), cancellationToken).ConfigureAwait(false);
                var failed = removed.FirstOrDefault(r => r.Status == DelegateWriteStatus.Failed);
                if (failed != null)
                {
                    return failed.Error;
                }
            }
            catch (BackendException ex) when (ex.Error.ServerCode == EwsResponseCodes.ErrorNotDelegate)
            {
                // No one of them is a delegate any more: nothing to remove.
            }
            catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Authentication)
            {
                return ex.Error;
            }

            // The server may have dropped the delegate's folder entry too; the write then meets a stale
            // version and re-plans. Report what the first read showed.
            job.FirstOutcomes ??= job.Plan.Outcomes;
            return null;
        }

        private static IReadOnlyList<ChangeOutcome> Merge(IReadOnlyList<ChangeOutcome> final, IReadOnlyList<ChangeOutcome>? first)
        {
            if (first == null || first.Count != final.Count)
            {
                return final;
            }

            return final.Select((o, i) =>
            {
                var f = first[i];
                if (f.Action == ShareAction.Failed || o.Action == ShareAction.Failed || f.PreviousRole == o.PreviousRole)
                {
                    return o;
                }

                // Our own RemoveDelegate changed the folder between the reads: the first read is what the admin saw.
                var action = o.NewRole == f.NewRole ? f.Action : o.Action;
                return new ChangeOutcome(action, f.PreviousRole, o.NewRole, o.Message) { ErrorCode = o.ErrorCode };
            }).ToList();
        }

        private static bool IsDelegateRole(CalendarRole? role) => role == CalendarRole.Delegate || role == CalendarRole.DelegateCanViewPrivate;

        /// <summary>The whole list to write: untouched entries exactly as read, changed and new ones as a level only.</summary>
        private static IReadOnlyList<EwsCalendarPermission> ToEwsPermissions(IReadOnlyList<PermissionEntry> entries) =>
            entries.Select(e =>
            {
                if (e.ServerData is EwsCalendarPermission asRead)
                {
                    return asRead;
                }

                EwsUserId id;
                if (e.Principal.Kind == PrincipalKind.Default)
                {
                    id = EwsUserId.Distinguished(EwsWellKnownNames.DefaultUser);
                }
                else if (e.Principal.Kind == PrincipalKind.Anonymous)
                {
                    id = EwsUserId.Distinguished(EwsWellKnownNames.AnonymousUser);
                }
                else if (e.Principal.Address != null && SmtpAddress.IsValid(e.Principal.Address))
                {
                    id = EwsUserId.Smtp(e.Principal.Address);
                }
                else
                {
                    id = new EwsUserId { Sid = e.Principal.ServerId, DisplayName = e.Principal.ServerId == null ? e.Principal.Address : null };
                }

                return new EwsCalendarPermission(id, RoleVocabulary.ToEwsLevel(e.Role));
            }).ToList();

        private static BackendError WriteError(WriteJob job, EwsResponseMessage message)
        {
            var users = job.Plan.Outcomes
                .Select((o, i) => new { o, p = job.ChangeSet.Changes[i].Principal })
                .Where(x => x.o.Action == ShareAction.Added || x.o.Action == ShareAction.Updated || x.o.Action == ShareAction.Removed)
                .Select(x => x.o.Action == ShareAction.Removed ? $"removing {x.p.Name}" : $"{x.p.Name} = {x.o.NewRole}")
                .ToList();
            var what = users.Count == 0 ? string.Empty : " (" + string.Join(", ", users) + ")";
            return new BackendError(
                EwsErrorMap.ToBackendCode(message.ResponseCode),
                $"Cannot change the permissions of {job.ChangeSet.Calendar.DisplayText}{what}: {message.ResponseCode}" + (message.MessageText != null ? ": " + message.MessageText : "."),
                message.ResponseCode);
        }

        // ---------------------------------------------------------------- Resolve

        /// <summary>Each name is looked up once per connection (see <see cref="PrincipalResolutionCache"/>).</summary>
        public Task<IReadOnlyList<BackendResult<Principal>>> ResolvePrincipalsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
            resolutions.ResolveAsync(names, ResolveUncachedAsync, cancellationToken);

        private async Task<IReadOnlyList<BackendResult<Principal>>> ResolveUncachedAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            try
            {
                var failures = new EwsException?[names.Count];
                var tasks = names.Select(async (n, i) =>
                {
                    try
                    {
                        return await ResolveOneAsync(n, cancellationToken).ConfigureAwait(false);
                    }
                    catch (EwsException ex) when (IsPerRequest(ex))
                    {
                        failures[i] = ex;
                        return BackendResult<Principal>.Fail(ErrorOf(ex));
                    }
                }).ToList();
                var results = await Task.WhenAll(tasks).ConfigureAwait(false);
                ThrowIfAllFailed(failures);
                return results;
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }
        }

        private async Task<BackendResult<Principal>> ResolveOneAsync(string name, CancellationToken cancellationToken)
        {
            var text = (name ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                return BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.InvalidInput, "The user name is empty. Give an SMTP address, an alias or a display name."));
            }

            var distinguished = Principal.TryParseDistinguished(text);
            if (distinguished != null)
            {
                return BackendResult<Principal>.Ok(distinguished);
            }

            var smtp = LooksLikeSmtp(text);
            if (smtp && organizationDomain != null && IsExternal(text))
            {
                // Outside the organisation: the directory cannot vouch for it; the sharing policy decides at write time.
                return BackendResult<Principal>.Ok(Principal.User(text, null, external: true));
            }

            EwsItemResult<IReadOnlyList<EwsResolution>> answer;
            try
            {
                answer = await client.ExecuteAsync(new ResolveNamesOperation(text), cancellationToken).ConfigureAwait(false);
            }
            catch (EwsFaultException ex) when (smtp && ex.Code == BackendErrorCode.AccessDenied)
            {
                return BackendResult<Principal>.Ok(Principal.User(text, null, IsExternal(text)));
            }

            var candidates = (answer.Value ?? Array.Empty<EwsResolution>()).Where(r => !string.IsNullOrEmpty(r.EmailAddress)).ToList();
            var code = answer.Message.ResponseCode;
            if (smtp)
            {
                var exact = candidates.FirstOrDefault(r => string.Equals(StripSmtp(r.EmailAddress!), text, StringComparison.OrdinalIgnoreCase));
                if (exact != null)
                {
                    return BackendResult<Principal>.Ok(FromResolution(exact));
                }
            }

            if (answer.Message.IsSuccess && candidates.Count == 1)
            {
                return BackendResult<Principal>.Ok(FromResolution(candidates[0]));
            }

            if (code == EwsResponseCodes.ErrorNameResolutionMultipleResults || candidates.Count > 1)
            {
                var list = string.Join(", ", candidates.Take(10).Select(c => $"{c.Name} <{StripSmtp(c.EmailAddress!)}>"));
                return BackendResult<Principal>.Fail(new BackendError(BackendErrorCode.PrincipalAmbiguous, $"'{text}' matches more than one entry: {list}. Give the SMTP address.", EwsResponseCodes.ErrorNameResolutionMultipleResults));
            }

            if (smtp && organizationDomain == null)
            {
                return BackendResult<Principal>.Ok(Principal.User(text, null, external: false));
            }

            return BackendResult<Principal>.Fail(new BackendError(
                BackendErrorCode.PrincipalNotFound,
                $"No one in the directory of {organizationDomain ?? "the organisation"} matches '{text}'. Give an existing user's SMTP address, alias or display name.",
                code.Length == 0 ? EwsResponseCodes.ErrorNameResolutionNoResults : code));
        }

        private Principal FromResolution(EwsResolution r)
        {
            var address = StripSmtp(r.EmailAddress!);
            var external = IsExternal(address) || (organizationDomain == null && (r.MailboxType == "Contact" || r.MailboxType == "OneOff"));
            return Principal.User(address, r.Name, external);
        }

        private static string StripSmtp(string address) => SmtpAddress.StripPrefix(address);

        private static bool LooksLikeSmtp(string text) => SmtpAddress.IsValid(text);

        /// <summary>Outside the organisation's domain (and its subdomains); false while the domain is unknown.</summary>
        private bool IsExternal(string address) =>
            organizationDomain != null && SmtpAddress.TryParse(address, out var smtp) && !smtp.IsInDomain(organizationDomain);

        private static string? DomainOf(string? address) => SmtpAddress.DomainOf(address);

        // ---------------------------------------------------------------- Helpers

        /// <summary>
        /// A call sends several EWS requests. When one of them fails as a whole (throttled past the budget, server
        /// unreachable, a SOAP fault), only its items fail, as values: other requests may already have been applied.
        /// A refused credential is never per item.
        /// </summary>
        private static bool IsPerRequest(EwsException ex) => ex.Code != BackendErrorCode.Authentication;

        private static BackendError ErrorOf(EwsException ex) => new BackendError(ex.Code, ex.Message, ex.ServerCode);

        /// <summary>When every item failed because its request failed, nothing was done: that is a request-level failure.</summary>
        private static void ThrowIfAllFailed(IReadOnlyList<EwsException?> failures)
        {
            if (failures.Count > 0 && failures.All(f => f != null))
            {
                throw failures[0]!.ToBackendException();
            }
        }

        /// <summary>Chunks of MaxBatchSize; with impersonation one mailbox per chunk (the header names one mailbox).</summary>
        private IEnumerable<List<T>> Batches<T>(IReadOnlyList<T> items, Func<T, string> mailbox)
        {
            IEnumerable<IEnumerable<T>> groups = options.UseImpersonation
                ? items.GroupBy(mailbox, StringComparer.OrdinalIgnoreCase)
                : new[] { items.AsEnumerable() };
            foreach (var group in groups)
            {
                var list = group.ToList();
                for (var i = 0; i < list.Count; i += BatchSize)
                {
                    yield return list.Skip(i).Take(BatchSize).ToList();
                }
            }
        }

        private static TimeSpan? BackOff(EwsResponseMessage message) =>
            message.MessageXmlValues.TryGetValue("BackOffMilliseconds", out var v) && EwsXml.ParseInt(v) is int ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;

        private static BackendError ItemError(EwsResponseMessage message, string what) =>
            new BackendError(
                EwsErrorMap.ToBackendCode(message.ResponseCode),
                $"{what}: {message.ResponseCode}" + (message.MessageText != null ? ": " + message.MessageText : "."),
                message.ResponseCode);

        private void Trace(string line) => options.Trace?.Invoke("EWS " + line);

        public void Dispose() => client.Dispose();
    }
}
