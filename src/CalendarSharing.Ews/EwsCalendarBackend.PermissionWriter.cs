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
    /// <summary>
    /// Permission writes: batched UpdateFolder of each calendar's whole permission set against its ChangeKey, and the
    /// delegate records a delegate role needs.
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
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
    }
}
