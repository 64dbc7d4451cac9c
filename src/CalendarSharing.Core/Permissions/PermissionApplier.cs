using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Permissions
{
    /// <summary>
    /// The upsert loop of calendar permissions, once for every backend (ARCHITECTURE.md section 5): read every set with
    /// its version (or take the sets the caller already read in this run), let the backend refuse what its protocol cannot
    /// express, plan with <see cref="PermissionPlanner"/>, write only what changed, and for the items answered Conflict
    /// (or Transient) re-read only those calendars and re-plan only those changes against what the other writer left,
    /// within the <see cref="RetryBudget"/>. Delegate records behind the roles Delegate and DelegateCanViewPrivate are
    /// written through the delegate capability with <see cref="DelegateDefaults"/>, whichever protocol. When every
    /// calendar failed because its whole request failed, nothing was done: that is one <see cref="BackendException"/>.
    /// </summary>
    public sealed class PermissionApplier
    {
        private readonly IPermissionStore store;

        public PermissionApplier(IPermissionStore store)
        {
            this.store = store ?? throw new ArgumentNullException(nameof(store));
        }

        /// <summary>
        /// Applies each change set; one result per set, in order, holding one <see cref="ChangeOutcome"/> per change.
        /// <paramref name="known"/> holds sets the caller read in this run (<see cref="IPermissionStore.ReadPermissionSetsAsync"/>):
        /// those are planned on as they are and read again only when a write meets a conflict.
        /// </summary>
        public async Task<IReadOnlyList<BackendResult<CalendarChangeResult>>> ApplyAsync(
            IReadOnlyList<CalendarChangeSet> changeSets,
            IReadOnlyDictionary<CalendarAddress, CalendarPermissionSet>? known,
            CancellationToken cancellationToken)
        {
            var jobs = changeSets.Select((c, i) => new Job(i, c, store.PermissionRetry)).ToList();
            var round = jobs.ToList();
            var firstRound = true;
            while (round.Count > 0)
            {
                await ReadAsync(round, firstRound ? known : null, cancellationToken).ConfigureAwait(false);
                firstRound = false;
                await MarkDelegatesAsync(round.Where(j => j.Error == null).ToList(), cancellationToken).ConfigureAwait(false);

                var planned = new List<(Job Job, Plan Plan)>();
                foreach (var job in round.Where(j => j.Error == null))
                {
                    var plan = PlanJob(job);
                    if (plan != null)
                    {
                        planned.Add((job, plan));
                    }
                }

                await Task.WhenAll(planned.Select(p => RemoveDelegatesAsync(p.Job, p.Plan, cancellationToken))).ConfigureAwait(false);
                planned = planned.Where(p => p.Job.Error == null).ToList();

                var sent = planned.Where(p => p.Plan.Write.Items.Count > 0).ToList();
                var answers = sent.Count == 0
                    ? Array.Empty<PermissionWriteAnswer>()
                    : await store.WritePermissionSetsAsync(sent.Select(p => p.Plan.Write).ToList(), cancellationToken).ConfigureAwait(false);

                var again = new List<Job>();
                var written = new List<(Job Job, Plan Plan, string? Version)>();
                foreach (var (job, plan) in planned)
                {
                    var at = sent.FindIndex(p => ReferenceEquals(p.Job, job));
                    var answer = at < 0 ? null : answers[at];
                    if (answer?.CalendarError != null)
                    {
                        Fail(job, answer.CalendarError);
                        continue;
                    }

                    if (Settle(job, plan, answer))
                    {
                        again.Add(job);
                    }

                    written.Add((job, plan, answer?.NewVersion));
                }

                await GrantDelegatesAsync(written, cancellationToken).ConfigureAwait(false);
                round = await NextRoundAsync(again, cancellationToken).ConfigureAwait(false);
            }

            var results = jobs.Select(Result).ToList();
            ThrowIfAllFailed(results);
            return results;
        }

        /// <summary>One change set across rounds: the outcomes settled so far and the changes still to make.</summary>
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

            /// <summary>What the first plan said, kept when our own RemoveDelegate changed the calendar before the write.</summary>
            public ChangeOutcome?[]? FirstOutcomes { get; set; }

            /// <summary>Indices of the changes still to make.</summary>
            public List<int> Pending { get; set; }

            public RetryBudget Budget { get; }

            /// <summary>The calendar as last read (and, once written, as written).</summary>
            public CalendarPermissionSet? Set { get; set; }

            /// <summary>The mailbox's delegates, when they matter for this plan (a protocol that keeps them apart).</summary>
            public IReadOnlyList<DelegateEntry>? Delegates { get; set; }

            public BackendError? Error { get; set; }

            /// <summary>Why the last write must be tried again: a conflict, or a passing fault with the server's hint.</summary>
            public PermissionItemAnswer? Retry { get; set; }

            /// <summary>The outcomes the last plan gave, by change index.</summary>
            public Dictionary<int, ChangeOutcome> LastPlanned { get; set; } = new Dictionary<int, ChangeOutcome>();
        }

        /// <summary>What one round plans for a job.</summary>
        private sealed class Plan
        {
            public Plan(IReadOnlyList<PermissionEntry> entries, PermissionWrite write, List<List<int>> itemChanges)
            {
                Entries = entries;
                Write = write;
                ItemChanges = itemChanges;
            }

            /// <summary>The whole list as planned (what the calendar shows once every write is done).</summary>
            public IReadOnlyList<PermissionEntry> Entries { get; }

            public PermissionWrite Write { get; }

            /// <summary>For each item of the write, the changes (indices) it carries out.</summary>
            public List<List<int>> ItemChanges { get; }

            /// <summary>Changes the delegate capability alone carries out (the record is the entry): index → role.</summary>
            public Dictionary<int, CalendarRole> ByDelegates { get; } = new Dictionary<int, CalendarRole>();

            /// <summary>Changes that grant a delegate role, written through the delegate capability once the folder is: index → role.</summary>
            public Dictionary<int, CalendarRole> DelegateGrants { get; } = new Dictionary<int, CalendarRole>();
        }

        private async Task ReadAsync(List<Job> round, IReadOnlyDictionary<CalendarAddress, CalendarPermissionSet>? known, CancellationToken cancellationToken)
        {
            var unread = new List<Job>();
            foreach (var job in round)
            {
                if (known != null && known.TryGetValue(job.ChangeSet.Calendar, out var set) && set != null)
                {
                    job.Set = set;
                    job.Error = null;
                }
                else
                {
                    unread.Add(job);
                }
            }

            if (unread.Count == 0)
            {
                return;
            }

            var read = await store.ReadPermissionSetsAsync(unread.Select(j => j.ChangeSet.Calendar).ToList(), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < unread.Count; i++)
            {
                if (read[i].IsSuccess)
                {
                    unread[i].Set = read[i].Value;
                    unread[i].Error = null;
                }
                else
                {
                    unread[i].Error = read[i].Error;
                }
            }
        }

        /// <summary>
        /// Whether planning needs the mailbox's delegate records: a change that grants a delegate role (the record keeps
        /// the delegate's other settings), or one that touches an Editor entry (it may be a delegate's, whose record must
        /// go when the role changes). Entries no change names are written back as read, delegate or not.
        /// </summary>
        private static bool DelegatesMatter(Job job)
        {
            var set = job.Set!;
            if (set.DelegatesInEntries || !set.IsDefaultCalendar)
            {
                return false;
            }

            return job.Pending.Select(k => job.ChangeSet.Changes[k]).Any(c =>
                IsDelegateRole(c.Role) || set.Entries.Any(e => e.Role == CalendarRole.Editor && e.Principal.Equals(c.Principal)));
        }

        /// <summary>Reads the delegates of each mailbox whose plan needs them, once per mailbox, and shows delegates' Editor entries as delegate roles.</summary>
        private async Task MarkDelegatesAsync(List<Job> jobs, CancellationToken cancellationToken)
        {
            var needing = jobs.Where(DelegatesMatter).GroupBy(j => j.Set!.Mailbox, StringComparer.OrdinalIgnoreCase).ToList();
            await Task.WhenAll(needing.Select(async group =>
            {
                var delegates = store.DelegatesFor(group.Key);
                IReadOnlyList<DelegateEntry> list = Array.Empty<DelegateEntry>();
                if (delegates != null)
                {
                    try
                    {
                        list = (await delegates.GetDelegatesAsync(group.Key, cancellationToken).ConfigureAwait(false)).Delegates;
                    }
                    catch (BackendException ex) when (IsPassing(ex.Error.Code))
                    {
                        foreach (var job in group)
                        {
                            job.Error = new BackendError(ex.Error.Code, ex.Error.Message, ex.Error.ServerCode) { WholeRequest = true };
                        }

                        return;
                    }
                    catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Authentication)
                    {
                        // No delegate list to be had (access denied, an old server): Editor entries stay Editor.
                    }
                }

                foreach (var job in group)
                {
                    job.Delegates = list;
                    if (list.Count == 0)
                    {
                        continue;
                    }

                    var entries = DelegateMarking.ShowDelegates(job.Set!.Entries, list);
                    job.Set = job.Set.With(entries, job.Set.Version);
                }
            })).ConfigureAwait(false);
        }

        /// <summary>The backend's refusals, then the plan of the changes still pending; null when nothing is left to write.</summary>
        private Plan? PlanJob(Job job)
        {
            var set = job.Set!;
            var accepted = new List<int>();
            foreach (var k in job.Pending)
            {
                var refusal = store.Refuse(set, job.ChangeSet.Changes[k]);
                if (refusal != null)
                {
                    job.Outcomes[k] = refusal;
                }
                else
                {
                    accepted.Add(k);
                }
            }

            var plan = PermissionPlanner.Plan(set.Entries, accepted.Select(k => job.ChangeSet.Changes[k]).ToList(), delegatesAllowed: set.IsDefaultCalendar);
            job.LastPlanned = new Dictionary<int, ChangeOutcome>();
            var byPrincipal = new Dictionary<Principal, List<int>>();
            var order = new List<Principal>();
            for (var n = 0; n < accepted.Count; n++)
            {
                var k = accepted[n];
                var outcome = plan.Outcomes[n];
                job.LastPlanned[k] = outcome;
                if (!Changes(outcome))
                {
                    job.Outcomes[k] = outcome;
                    continue;
                }

                var principal = job.ChangeSet.Changes[k].Principal;
                if (!byPrincipal.TryGetValue(principal, out var list))
                {
                    byPrincipal[principal] = list = new List<int>();
                    order.Add(principal);
                }

                list.Add(k);
            }

            var written = plan.Entries.ToList();
            var items = new List<PermissionItemWrite>();
            var itemChanges = new List<List<int>>();
            var byDelegates = new Dictionary<int, CalendarRole>();
            var grants = new Dictionary<int, CalendarRole>();
            foreach (var principal in order)
            {
                var changes = byPrincipal[principal];
                var before = set.Entries.FirstOrDefault(e => e.Principal.Equals(principal));
                var after = plan.Entries.FirstOrDefault(e => e.Principal.Equals(principal));
                var invite = after != null && changes.Any(k => job.ChangeSet.Changes[k].SendInvitation);
                if ((before is null && after is null) || (before != null && after != null && before.Role == after.Role))
                {
                    // Several rows for one principal that cancel out: nothing to send.
                    foreach (var k in changes)
                    {
                        job.Outcomes[k] = job.LastPlanned[k];
                    }

                    continue;
                }

                if (after != null && IsDelegateRole(after.Role))
                {
                    foreach (var k in changes.Where(k => IsDelegateRole(job.LastPlanned[k].NewRole)))
                    {
                        grants[k] = job.LastPlanned[k].NewRole;
                    }

                    if (set.DelegatesInEntries && !invite)
                    {
                        // The delegate record is the entry: the delegate capability writes it; the permission write leaves it as read.
                        var at = written.FindIndex(e => e.Principal.Equals(principal));
                        if (before is null)
                        {
                            written.RemoveAt(at);
                        }
                        else
                        {
                            written[at] = before;
                        }

                        foreach (var k in changes)
                        {
                            byDelegates[k] = job.LastPlanned[k].NewRole;
                        }

                        continue;
                    }
                }

                items.Add(new PermissionItemWrite(principal, before, after, invite));
                itemChanges.Add(changes);
            }

            job.Pending = accepted.Where(k => job.Outcomes[k] is null).ToList();
            if (job.Pending.Count == 0)
            {
                return null;
            }

            var result = new Plan(plan.Entries, new PermissionWrite(set, written, items), itemChanges);
            foreach (var g in grants)
            {
                result.DelegateGrants[g.Key] = g.Value;
            }

            foreach (var d in byDelegates)
            {
                result.ByDelegates[d.Key] = d.Value;
            }

            return result;
        }

        /// <summary>
        /// RemoveDelegate for every change that moves a principal away from a delegate role, before the folder write
        /// (a protocol that keeps delegate records apart). The server may drop the delegate's folder entry too; the write
        /// then meets a stale version and re-plans, and the result still says what the first read showed.
        /// </summary>
        private async Task RemoveDelegatesAsync(Job job, Plan plan, CancellationToken cancellationToken)
        {
            var set = job.Set!;
            if (set.DelegatesInEntries)
            {
                return;
            }

            var leaving = job.LastPlanned
                .Where(p => (p.Value.Action == ShareAction.Updated || p.Value.Action == ShareAction.Removed) && IsDelegateRole(p.Value.PreviousRole) && !IsDelegateRole(p.Value.NewRole))
                .Select(p => job.ChangeSet.Changes[p.Key].Principal)
                .Distinct()
                .ToList();
            var delegates = leaving.Count == 0 ? null : store.DelegatesFor(set.Mailbox);
            if (delegates is null)
            {
                return;
            }

            try
            {
                var removed = await delegates.RemoveDelegatesAsync(set.Mailbox, leaving.Select(p => p.Address ?? p.Name).ToList(), cancellationToken).ConfigureAwait(false);
                var failed = removed.FirstOrDefault(r => r.Status == DelegateWriteStatus.Failed);
                if (failed?.Error != null)
                {
                    Fail(job, failed.Error);
                    return;
                }
            }
            catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.PrincipalNotFound)
            {
                // None of them is a delegate any more: nothing to remove.
            }
            catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Authentication)
            {
                Fail(job, ex.Error);
                return;
            }

            if (job.FirstOutcomes is null)
            {
                job.FirstOutcomes = new ChangeOutcome?[job.ChangeSet.Changes.Count];
                foreach (var p in job.LastPlanned)
                {
                    job.FirstOutcomes[p.Key] = p.Value;
                }
            }
        }

        /// <summary>Takes the answers of one job's write; true when some of its changes must be tried again.</summary>
        private static bool Settle(Job job, Plan plan, PermissionWriteAnswer? answer)
        {
            var retry = false;
            job.Retry = null;
            for (var i = 0; i < plan.ItemChanges.Count; i++)
            {
                var a = answer?.Items[i] ?? PermissionItemAnswer.Done();
                foreach (var k in plan.ItemChanges[i])
                {
                    var p = job.LastPlanned[k];
                    switch (a.Status)
                    {
                        case PermissionWriteStatus.Done:
                            job.Outcomes[k] = new ChangeOutcome(p.Action, p.PreviousRole, p.NewRole, p.Message) { ErrorCode = p.ErrorCode, InvitationSent = p.InvitationSent || a.InvitationSent };
                            break;
                        case PermissionWriteStatus.Failed:
                            job.Outcomes[k] = Failed(p.PreviousRole, a.Error!);
                            break;
                        default:
                            retry = true;
                            if (job.Retry is null || a.Status == PermissionWriteStatus.Transient)
                            {
                                job.Retry = a;
                            }

                            break;
                    }
                }
            }

            foreach (var k in plan.ByDelegates.Keys)
            {
                job.Outcomes[k] = job.LastPlanned[k];
            }

            job.Pending = job.Pending.Where(k => job.Outcomes[k] is null).ToList();
            if (!retry)
            {
                job.Set = job.Set!.With(plan.Entries, answer?.NewVersion ?? job.Set.Version);
            }

            return retry;
        }

        /// <summary>
        /// The delegate records of the delegate roles just written, through the delegate capability with
        /// <see cref="DelegateDefaults"/>: an existing delegate keeps its other settings, a new one gets the defaults.
        /// </summary>
        private async Task GrantDelegatesAsync(List<(Job Job, Plan Plan, string? Version)> written, CancellationToken cancellationToken)
        {
            await Task.WhenAll(written.Select(async w =>
            {
                var (job, plan, _) = w;
                var grants = plan.DelegateGrants.Where(g => job.Outcomes[g.Key] is ChangeOutcome o && o.Action != ShareAction.Failed).ToList();
                var set = job.Set!;
                var delegates = grants.Count == 0 ? null : store.DelegatesFor(set.Mailbox);
                if (delegates is null)
                {
                    return;
                }

                var adds = new List<(int Index, DelegateEntry Entry)>();
                var updates = new List<(int Index, DelegateEntry Entry)>();
                foreach (var g in grants)
                {
                    var principal = job.ChangeSet.Changes[g.Key].Principal;
                    var existing = job.Delegates == null ? null : DelegateMarking.Find(job.Delegates, principal);
                    var entry = DelegateDefaults.ForCalendarRole(principal.Address ?? principal.Name, g.Value == CalendarRole.DelegateCanViewPrivate, existing);
                    if (existing == null && !IsDelegateRole(job.LastPlanned[g.Key].PreviousRole))
                    {
                        adds.Add((g.Key, entry));
                    }
                    else
                    {
                        updates.Add((g.Key, entry));
                    }
                }

                async Task<IReadOnlyList<DelegateWriteResult>> Run(bool add, List<(int Index, DelegateEntry Entry)> users)
                {
                    try
                    {
                        var entries = users.Select(u => u.Entry).ToList();
                        return add
                            ? await delegates.AddDelegatesAsync(set.Mailbox, entries, null, cancellationToken).ConfigureAwait(false)
                            : await delegates.UpdateDelegatesAsync(set.Mailbox, entries, null, cancellationToken).ConfigureAwait(false);
                    }
                    catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Authentication)
                    {
                        return users.Select(_ => DelegateWriteResult.Of(DelegateWriteStatus.Failed, ex.Error)).ToList();
                    }
                }

                void Take((int Index, DelegateEntry Entry) user, DelegateWriteResult result)
                {
                    if (result.Status == DelegateWriteStatus.Done)
                    {
                        return;
                    }

                    var error = result.Error ?? new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_PermissionDelegateNotWritten), user.Entry.Address, set.Mailbox));
                    var p = job.LastPlanned[user.Index];
                    job.Outcomes[user.Index] = new ChangeOutcome(ShareAction.Failed, p.PreviousRole, set.DelegatesInEntries ? p.PreviousRole ?? CalendarRole.None : CalendarRole.Editor, error.Message) { ErrorCode = error.Code };
                }

                if (adds.Count > 0)
                {
                    var added = await Run(true, adds).ConfigureAwait(false);
                    for (var i = 0; i < adds.Count; i++)
                    {
                        if (added[i].Status == DelegateWriteStatus.AlreadyExists)
                        {
                            updates.Add(adds[i]);
                        }
                        else
                        {
                            Take(adds[i], added[i]);
                        }
                    }
                }

                if (updates.Count > 0)
                {
                    var updated = await Run(false, updates).ConfigureAwait(false);
                    for (var i = 0; i < updates.Count; i++)
                    {
                        Take(updates[i], updated[i]);
                    }
                }

                if (!set.DelegatesInEntries)
                {
                    // The server writes the delegate's folder entry itself, which moves the version on.
                    try
                    {
                        var now = (await store.ReadPermissionSetsAsync(new[] { set.Address }, cancellationToken).ConfigureAwait(false))[0];
                        if (now.IsSuccess)
                        {
                            job.Set = set.With(set.Entries, now.Value!.Version);
                        }
                    }
                    catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Authentication)
                    {
                        // The version stays as written; the outcomes stand.
                    }
                }
            })).ConfigureAwait(false);
        }

        /// <summary>The jobs to read and plan again, after their wait; those whose budget ran out fail their pending changes.</summary>
        private static async Task<List<Job>> NextRoundAsync(List<Job> again, CancellationToken cancellationToken)
        {
            var next = new List<Job>();
            var wait = TimeSpan.Zero;
            foreach (var job in again)
            {
                var retry = job.Retry!;
                TimeSpan delay;
                BackendError? exhausted = null;
                if (retry.Status == PermissionWriteStatus.Conflict)
                {
                    if (!job.Budget.TryNextConflictAttempt(out delay))
                    {
                        exhausted = new BackendError(
                            BackendErrorCode.Conflict,
                            Texts.Format(nameof(Texts.Error_PermissionConflictExhausted), job.ChangeSet.Calendar.DisplayText, job.Budget.ConflictAttempts),
                            retry.Error?.ServerCode);
                    }
                }
                else if (!job.Budget.TryNextAttempt(retry.RetryAfter, out delay))
                {
                    exhausted = new BackendError(
                        retry.Error?.Code ?? BackendErrorCode.Transient,
                        Texts.Format(nameof(Texts.Error_PermissionRetryExhausted), job.ChangeSet.Calendar.DisplayText, retry.Error?.ServerCode ?? retry.Error?.Code.ToString() ?? string.Empty, job.Budget.Attempts),
                        retry.Error?.ServerCode);
                }

                if (exhausted != null)
                {
                    foreach (var k in job.Pending)
                    {
                        job.Outcomes[k] = Failed(job.LastPlanned.TryGetValue(k, out var p) ? p.PreviousRole : null, exhausted);
                    }

                    job.Pending = new List<int>();
                    continue;
                }

                wait = delay > wait ? delay : wait;
                next.Add(job);
            }

            await RetryBudget.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            return next;
        }

        /// <summary>The job's calendar failed as a whole: every change shares the calendar's error.</summary>
        private static void Fail(Job job, BackendError error)
        {
            job.Error = error;
            Array.Clear(job.Outcomes, 0, job.Outcomes.Length);
            job.Pending = new List<int>();
        }

        private static BackendResult<CalendarChangeResult> Result(Job job)
        {
            if (job.Set is null || (job.Error != null && job.Outcomes.All(o => o is null)))
            {
                return BackendResult<CalendarChangeResult>.Fail(job.Error ?? new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_PermissionChangeNotMade), job.ChangeSet.Calendar.DisplayText)));
            }

            var outcomes = job.Outcomes.Select(o => o ?? Failed(null, job.Error ?? new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_PermissionChangeNotMade), job.ChangeSet.Calendar.DisplayText)))).ToList();
            return BackendResult<CalendarChangeResult>.Ok(new CalendarChangeResult(job.Set, Merge(outcomes, job.FirstOutcomes)));
        }

        /// <summary>Where our own delegate removal changed the calendar between the reads, the first read is what the admin saw.</summary>
        private static IReadOnlyList<ChangeOutcome> Merge(IReadOnlyList<ChangeOutcome> final, ChangeOutcome?[]? first)
        {
            if (first == null)
            {
                return final;
            }

            return final.Select((o, i) =>
            {
                var f = first[i];
                if (f is null || f.Action == ShareAction.Failed || o.Action == ShareAction.Failed || f.PreviousRole == o.PreviousRole)
                {
                    return o;
                }

                var action = o.NewRole == f.NewRole ? f.Action : o.Action;
                return new ChangeOutcome(action, f.PreviousRole, o.NewRole, o.Message) { ErrorCode = o.ErrorCode, InvitationSent = o.InvitationSent };
            }).ToList();
        }

        /// <summary>When every calendar failed because its whole request failed, nothing was done: one request-level failure.</summary>
        private static void ThrowIfAllFailed(IReadOnlyList<BackendResult<CalendarChangeResult>> results)
        {
            if (results.Count > 0 && results.All(r => !r.IsSuccess && r.Error!.WholeRequest))
            {
                throw new BackendException(results[0].Error!);
            }
        }

        private static ChangeOutcome Failed(CalendarRole? previous, BackendError error) =>
            new ChangeOutcome(ShareAction.Failed, previous, previous ?? CalendarRole.None, error.Message) { ErrorCode = error.Code };

        private static bool Changes(ChangeOutcome o) => o.Action == ShareAction.Added || o.Action == ShareAction.Updated || o.Action == ShareAction.Removed;

        private static bool IsPassing(BackendErrorCode code) => code == BackendErrorCode.Throttled || code == BackendErrorCode.Transient || code == BackendErrorCode.Connection;

        private static bool IsDelegateRole(CalendarRole? role) => role == CalendarRole.Delegate || role == CalendarRole.DelegateCanViewPrivate;
    }

    /// <summary>Applying change sets on any permission store goes through the one <see cref="PermissionApplier"/>.</summary>
    public static class PermissionStoreExtensions
    {
        /// <summary>Reads, plans and writes each change set (see <see cref="PermissionApplier"/>).</summary>
        public static Task<IReadOnlyList<BackendResult<CalendarChangeResult>>> ApplyAsync(
            this IPermissionStore store, IReadOnlyList<CalendarChangeSet> changeSets, CancellationToken cancellationToken) =>
            new PermissionApplier(store).ApplyAsync(changeSets, null, cancellationToken);
    }
}
