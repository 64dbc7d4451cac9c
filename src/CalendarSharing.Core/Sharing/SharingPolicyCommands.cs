using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sharing
{
    /// <summary>One mailbox to assign a sharing policy to (Set-CalendarSharingPolicy -Mailbox, a CSV row).</summary>
    public sealed class SharingPolicyAssignmentRequest
    {
        public int Row { get; set; }

        public string? Mailbox { get; set; }

        /// <summary>The input object (a CSV row, Get-Mailbox output), the target of any error about it.</summary>
        public object? Source { get; set; }
    }

    /// <summary>
    /// What the sharing-policy cmdlets do, on one executor (the admin API or an Exchange session). -Domains replaces
    /// the whole list, so a change reads the policy, changes only the named domains' calendar actions (every other
    /// domain, and ContactsSharing, stay as they are) and writes the list back; a change that leaves the list as it
    /// was writes nothing and is Unchanged. Enabled and Default are compared before they are set; assigning a policy
    /// to mailboxes reads each mailbox's policy first, so a second run is Unchanged, and a bad row never stops the others.
    /// </summary>
    public sealed class SharingPolicyCommands
    {
        private readonly ISharingPolicyBackend backend;
        private readonly int maxConcurrency;

        public SharingPolicyCommands(ISharingPolicyBackend backend, int maxConcurrency = 4)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
            this.maxConcurrency = Math.Max(1, maxConcurrency);
        }

        private IExchangeCommandExecutor Executor => backend.Organization
            ?? throw new BackendException(new BackendError(BackendErrorCode.NotSupported, Texts.Error_ExchangeSessionRequiredSharing));

        // ------------------------------------------------------------------ reading

        /// <summary>Every sharing policy of the organisation, as Get-SharingPolicy gives them.</summary>
        public static async Task<IReadOnlyList<CalendarSharingPolicy>> ReadPoliciesAsync(IExchangeCommandExecutor executor, string? source, CancellationToken cancellationToken)
        {
            var result = await executor.InvokeAsync(SharingPolicyCommandBuilder.GetSharingPolicies(), cancellationToken).ConfigureAwait(false);
            return result.Objects.Select(o => new CalendarSharingPolicy(
                ExchangeBags.Text(o, "Name") ?? ExchangeBags.Text(o, "Identity") ?? string.Empty,
                ExchangeBags.Flag(o, "Enabled", absent: true),
                ExchangeBags.Flag(o, "Default"),
                SharingPolicyDomains.ParseAll(ExchangeBags.DomainEntries(o, "Domains")))
            {
                Source = source,
            }).ToList();
        }

        /// <summary>Get-CalendarSharingPolicy: every policy (or the named ones), with its assigned mailboxes when asked.</summary>
        public async Task GetAsync(IReadOnlyList<string> names, bool includeMailboxes, IOutputSink sink, CancellationToken cancellationToken)
        {
            IReadOnlyList<CalendarSharingPolicy> policies;
            Dictionary<string, List<string>>? assigned = null;
            try
            {
                policies = await ReadPoliciesAsync(Executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
                if (includeMailboxes)
                {
                    assigned = await AssignmentsAsync(policies, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (BackendException ex)
            {
                sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.SharingPolicy, (object?)names.FirstOrDefault() ?? "SharingPolicy"));
                return;
            }

            var wanted = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
            foreach (var name in wanted.Where(n => !policies.Any(p => Matches(p, n))))
            {
                sink.WriteError(PolicyNotFound(name, policies));
            }

            foreach (var policy in policies.Where(p => wanted.Count == 0 || wanted.Any(n => Matches(p, n))))
            {
                if (assigned != null)
                {
                    policy.AssignedMailboxes = assigned.TryGetValue(policy.Name, out var list) ? list : new List<string>();
                }

                sink.WriteObject(policy);
            }
        }

        /// <summary>
        /// Get-CalendarSharingPolicy -Partners: every partner domain and each mechanism that shares calendar information
        /// with it: the default policy's entries (individual sharing) and the organisation relationships' free/busy
        /// (FreeBusyAccessLevel, organisation-wide lookups; https://learn.microsoft.com/powershell/module/exchangepowershell/new-organizationrelationship).
        /// The one that Governs: an enabled relationship with free/busy on decides the organisation's free/busy for
        /// the domain; otherwise the default policy's entry for the domain (or its * entry) does.
        /// </summary>
        public async Task GetPartnersAsync(IOutputSink sink, CancellationToken cancellationToken)
        {
            var partners = new List<ExternalSharingPartner>();
            try
            {
                var policies = await ReadPoliciesAsync(Executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
                var relationships = await Executor.InvokeAsync(SharingPolicyCommandBuilder.GetOrganizationRelationships(), cancellationToken).ConfigureAwait(false);
                foreach (var r in relationships.Objects)
                {
                    var enabled = ExchangeBags.Flag(r, "Enabled", absent: true) && ExchangeBags.Flag(r, "FreeBusyAccessEnabled");
                    var level = SharingPolicyDomains.ParseLevel(ExchangeBags.Text(r, "FreeBusyAccessLevel")) ?? CalendarRole.None;
                    foreach (var domain in ExchangeBags.List(r, "DomainNames"))
                    {
                        partners.Add(new ExternalSharingPartner(domain.ToLowerInvariant(), ExternalSharingMechanism.OrganizationRelationship, ExchangeBags.Text(r, "Name") ?? string.Empty, enabled ? level : CalendarRole.None, enabled));
                    }
                }

                foreach (var policy in policies)
                {
                    foreach (var entry in policy.Domains.Where(d => d.DetailLevel != CalendarRole.None))
                    {
                        partners.Add(new ExternalSharingPartner(entry.Domain, ExternalSharingMechanism.SharingPolicy, policy.Name, entry.DetailLevel, policy.Enabled) { Governs = false });
                    }
                }

                var defaultPolicy = policies.FirstOrDefault(p => p.IsDefault);
                foreach (var group in partners.GroupBy(p => p.Domain, StringComparer.OrdinalIgnoreCase))
                {
                    var relationship = group.FirstOrDefault(p => p.Mechanism == ExternalSharingMechanism.OrganizationRelationship && p.Enabled);
                    var governing = relationship ?? group.FirstOrDefault(p => p.Mechanism == ExternalSharingMechanism.SharingPolicy && defaultPolicy != null && p.Name == defaultPolicy.Name && p.Enabled);
                    if (governing != null)
                    {
                        governing.Governs = true;
                    }
                }
            }
            catch (BackendException ex)
            {
                sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.SharingPolicy, "SharingPolicy"));
                return;
            }

            // Graph v1.0's crossTenantAccessPolicy has no m365Capabilities (nor calendar settings of any kind), and the
            // Graph SDK has none either: https://learn.microsoft.com/graph/api/resources/crosstenantaccesspolicy-overview
            sink.WriteVerbose(Texts.Verbose_CrossTenantNotChecked);
            foreach (var p in partners.OrderBy(p => p.Domain == SharingPolicyDomains.Anonymous ? 2 : p.Domain == SharingPolicyDomains.AllFederated ? 1 : 0).ThenBy(p => p.Domain, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Mechanism))
            {
                sink.WriteObject(p);
            }
        }

        // ------------------------------------------------------------------ one domain's entry

        /// <summary>
        /// Enable-/Disable-ExternalCalendarSharing: sets each domain's calendar level on the policy (the default policy
        /// when <paramref name="policyName"/> is null); <see cref="CalendarRole.None"/> takes the calendar action away.
        /// One read, one write for every domain together; nothing is written when the list would not change.
        /// </summary>
        public async Task SetDomainsAsync(string? policyName, IReadOnlyList<string> domains, CalendarRole level, IOutputSink sink, CancellationToken cancellationToken)
        {
            var valid = new List<string>();
            foreach (var d in domains)
            {
                var domain = SharingPolicyDomains.ValidateDomain(d);
                if (domain == null)
                {
                    sink.WriteError(new OperationError(ErrorIds.InvalidSharingDomain, ErrorKind.InvalidArgument, Texts.Format(nameof(Texts.Error_InvalidSharingDomain), d), d, Texts.Advice_InvalidSharingDomain));
                    continue;
                }

                if (!valid.Contains(domain, StringComparer.OrdinalIgnoreCase))
                {
                    valid.Add(domain);
                }
            }

            if (valid.Count == 0)
            {
                return;
            }

            if (level != CalendarRole.None && !SharingPolicyDomains.Levels.Contains(level))
            {
                sink.WriteError(InvalidLevel(level.ToString()));
                return;
            }

            try
            {
                var policies = await ReadPoliciesAsync(Executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
                var policy = Resolve(policyName, policies, sink);
                if (policy == null)
                {
                    return;
                }

                var changes = new List<SharingPolicyChange>();
                var list = policy.Domains;
                foreach (var domain in valid)
                {
                    var before = SharingPolicyDomains.Find(list, domain);
                    var next = SharingPolicyDomains.Change(list, domain, level);
                    var after = SharingPolicyDomains.Find(next, domain);
                    var action = SharingPolicyDomains.SameList(list, next) ? ShareAction.Unchanged
                        : before == null ? ShareAction.Added
                        : after == null ? ShareAction.Removed
                        : ShareAction.Updated;
                    changes.Add(new SharingPolicyChange(policy.Name, after?.Domain ?? before?.Domain ?? domain, action)
                    {
                        DetailLevel = after?.DetailLevel ?? CalendarRole.None,
                        PreviousDetailLevel = before?.DetailLevel ?? CalendarRole.None,
                        Value = after?.ToString(),
                        PreviousValue = before?.ToString(),
                    });
                    list = next;
                }

                var changed = changes.Where(c => c.Action != ShareAction.Unchanged).ToList();
                var target = Texts.Format(nameof(Texts.Target_SharingPolicy), policy.Name);
                var approved = changed.Count > 0 && sink.ShouldProcess(target, Texts.Format(nameof(Texts.Action_SetSharingDomains), string.Join("; ", changed.Select(Describe)), string.Join(", ", SharingPolicyDomains.Format(list))));
                if (approved)
                {
                    sink.WriteVerbose(SharingPolicyCommandBuilder.SetDomains(policy.Name, SharingPolicyDomains.Format(list)).ToString());
                    await Executor.InvokeAsync(SharingPolicyCommandBuilder.SetDomains(policy.Name, SharingPolicyDomains.Format(list)), cancellationToken).ConfigureAwait(false);
                }

                if (level != CalendarRole.None && !policy.Enabled)
                {
                    sink.WriteWarning(Texts.Format(nameof(Texts.Warning_SharingPolicyDisabled), policy.Name));
                }

                foreach (var c in changes.Where(c => c.Action == ShareAction.Unchanged || approved))
                {
                    sink.WriteObject(c);
                }
            }
            catch (BackendException ex)
            {
                sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.SharingPolicy, (object?)policyName ?? "SharingPolicy"));
            }
        }

        // ------------------------------------------------------------------ the policy itself

        /// <summary>Set-CalendarSharingPolicy -Enabled / -Default: each setting compared first, written only when it differs.</summary>
        public async Task SetPolicyAsync(string? policyName, bool? enabled, bool makeDefault, IOutputSink sink, CancellationToken cancellationToken)
        {
            try
            {
                var policies = await ReadPoliciesAsync(Executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
                var policy = Resolve(policyName, policies, sink);
                if (policy == null)
                {
                    return;
                }

                var target = Texts.Format(nameof(Texts.Target_SharingPolicy), policy.Name);
                if (enabled is bool wanted)
                {
                    var change = new SharingPolicyChange(policy.Name, "Enabled", policy.Enabled == wanted ? ShareAction.Unchanged : ShareAction.Updated)
                    {
                        Value = wanted.ToString(),
                        PreviousValue = policy.Enabled.ToString(),
                    };
                    if (change.Action == ShareAction.Unchanged)
                    {
                        sink.WriteObject(change);
                    }
                    else if (sink.ShouldProcess(target, wanted ? Texts.Action_EnableSharingPolicy : Texts.Action_DisableSharingPolicy))
                    {
                        await Executor.InvokeAsync(SharingPolicyCommandBuilder.SetEnabled(policy.Name, wanted), cancellationToken).ConfigureAwait(false);
                        sink.WriteObject(change);
                    }
                }

                if (makeDefault)
                {
                    var previous = policies.FirstOrDefault(p => p.IsDefault);
                    var change = new SharingPolicyChange(policy.Name, "Default", policy.IsDefault ? ShareAction.Unchanged : ShareAction.Updated)
                    {
                        Value = policy.Name,
                        PreviousValue = previous?.Name,
                    };
                    if (change.Action == ShareAction.Unchanged)
                    {
                        sink.WriteObject(change);
                    }
                    else if (sink.ShouldProcess(target, Texts.Action_MakeDefaultSharingPolicy))
                    {
                        await Executor.InvokeAsync(SharingPolicyCommandBuilder.SetDefault(policy.Name), cancellationToken).ConfigureAwait(false);
                        sink.WriteObject(change);
                    }
                }
            }
            catch (BackendException ex)
            {
                sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.SharingPolicy, (object?)policyName ?? "SharingPolicy"));
            }
        }

        /// <summary>
        /// New-CalendarSharingPolicy: creates the policy with the domains at the level; when a policy of that name exists
        /// with exactly those entries it is Unchanged, and when it differs the existing one is left alone and the error
        /// says how to change it (a create never overwrites).
        /// </summary>
        public async Task NewAsync(string name, IReadOnlyList<string> domains, CalendarRole level, bool enabled, IOutputSink sink, CancellationToken cancellationToken)
        {
            if (!SharingPolicyDomains.Levels.Contains(level))
            {
                sink.WriteError(InvalidLevel(level.ToString()));
                return;
            }

            IReadOnlyList<SharingPolicyDomain> list = Array.Empty<SharingPolicyDomain>();
            foreach (var d in domains)
            {
                var domain = SharingPolicyDomains.ValidateDomain(d);
                if (domain == null)
                {
                    sink.WriteError(new OperationError(ErrorIds.InvalidSharingDomain, ErrorKind.InvalidArgument, Texts.Format(nameof(Texts.Error_InvalidSharingDomain), d), d, Texts.Advice_InvalidSharingDomain));
                    return;
                }

                list = SharingPolicyDomains.Change(list, domain, level);
            }

            try
            {
                var policies = await ReadPoliciesAsync(Executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
                var existing = policies.FirstOrDefault(p => Matches(p, name));
                if (existing != null)
                {
                    if (SharingPolicyDomains.SameList(existing.Domains, list) && existing.Enabled == enabled)
                    {
                        sink.WriteObject(new SharingPolicyChange(existing.Name, "Created", ShareAction.Unchanged) { DetailLevel = level, Value = string.Join(", ", SharingPolicyDomains.Format(list)) });
                        return;
                    }

                    sink.WriteError(new OperationError(ErrorIds.SharingPolicyExists, ErrorKind.ResourceExists, Texts.Format(nameof(Texts.Error_SharingPolicyExists), existing.Name, string.Join(", ", SharingPolicyDomains.Format(existing.Domains))), name, Texts.Format(nameof(Texts.Advice_SharingPolicyExists), existing.Name)));
                    return;
                }

                if (sink.ShouldProcess(Texts.Format(nameof(Texts.Target_SharingPolicy), name), Texts.Format(nameof(Texts.Action_NewSharingPolicy), string.Join(", ", SharingPolicyDomains.Format(list)))))
                {
                    await Executor.InvokeAsync(SharingPolicyCommandBuilder.NewSharingPolicy(name, SharingPolicyDomains.Format(list), enabled), cancellationToken).ConfigureAwait(false);
                    sink.WriteObject(new SharingPolicyChange(name, "Created", ShareAction.Added) { DetailLevel = level, Value = string.Join(", ", SharingPolicyDomains.Format(list)) });
                }
            }
            catch (BackendException ex)
            {
                sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.SharingPolicy, name));
            }
        }

        // ------------------------------------------------------------------ mailboxes

        /// <summary>
        /// Set-CalendarSharingPolicy -Mailbox: each mailbox's policy read, and set (Set-Mailbox -SharingPolicy) when it
        /// differs, on the side that hosts the mailbox (a hybrid organisation's sides each have their own policies and
        /// mailboxes, https://learn.microsoft.com/exchange/sharing/sharing-policies/sharing-policies); -Verbose says which.
        /// The policy is looked up on the organisation's side first (one error when it has none such) and on each other
        /// side once; a mailbox on a side this connection cannot reach is that row's error.
        /// </summary>
        public async Task AssignAsync(string policyName, IReadOnlyList<SharingPolicyAssignmentRequest> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            CalendarSharingPolicy? policy;
            var sides = new Dictionary<IExchangeCommandExecutor, Task<IReadOnlyList<CalendarSharingPolicy>>>(ReferenceComparer.Instance);
            try
            {
                var policies = await ReadPoliciesAsync(Executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
                sides[Executor] = Task.FromResult(policies);
                policy = Resolve(policyName, policies, sink);
            }
            catch (BackendException ex)
            {
                foreach (var error in ErrorCatalog.ForRequest(ex, ErrorFamily.SharingPolicy, rows.Select(RowOf).ToList()))
                {
                    sink.WriteError(error);
                }

                return;
            }

            if (policy == null)
            {
                return;
            }

            var approved = new List<(SharingPolicyAssignmentRequest Row, string Mailbox)>();
            foreach (var row in rows)
            {
                var mailbox = row.Mailbox?.Trim();
                if (string.IsNullOrEmpty(mailbox))
                {
                    sink.WriteError(ErrorCatalog.InvalidRow(ErrorIds.MissingMailbox, row.Row, row.Source ?? (object)row.Row, null, null, Texts.Error_MissingMailbox, ErrorCatalog.Advice(ErrorIds.MissingMailbox, ErrorFamily.SharingPolicy)));
                    continue;
                }

                if (sink.ShouldProcess(mailbox!, Texts.Format(nameof(Texts.Action_AssignSharingPolicy), policy.Name)))
                {
                    approved.Add((row, mailbox!));
                }
            }

            var emitter = new OrderedEmitter(approved.Count);
            var progress = new ProgressReporter(sink, Texts.Format(nameof(Texts.Progress_AssignSharingPolicy), policy.Name), approved.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, approved.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var (row, mailbox) = approved[i];
                    var writes = new List<Action>();
                    try
                    {
                        var executor = await backend.ExecutorForAsync(mailbox, token).ConfigureAwait(false);
                        if (executor is null)
                        {
                            var refused = new OperationError(ErrorIds.ExchangeSessionRequired, ErrorKind.InvalidOperation, ErrorCatalog.Compose(row.Row, mailbox, null, Texts.Error_SharingPolicyAssignNoSide), row.Source ?? mailbox, Texts.Advice_ExchangeSessionRequired);
                            emitter.Complete(i, new List<Action> { () => sink.WriteError(refused) });
                            progress.Advance(1);
                            return;
                        }

                        var source = backend.SourceOf(executor);
                        writes.Add(() => sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_SharingPolicyAssignSide), mailbox, source)));
                        var named = policy.Name;
                        if (!ReferenceEquals(executor, backend.Organization))
                        {
                            // Another side: the policy must be one of its own.
                            Task<IReadOnlyList<CalendarSharingPolicy>> read;
                            lock (sides)
                            {
                                if (!sides.TryGetValue(executor, out read!))
                                {
                                    sides[executor] = read = ReadPoliciesAsync(executor, source, token);
                                }
                            }

                            var theirs = await read.ConfigureAwait(false);
                            var found = theirs.FirstOrDefault(p => Matches(p, named));
                            if (found == null)
                            {
                                var missing = PolicyNotFound(named, theirs);
                                writes.Add(() => sink.WriteError(new OperationError(missing.ErrorId, missing.Kind, ErrorCatalog.Compose(row.Row, mailbox, null, missing.Message), row.Source ?? mailbox, missing.RecommendedAction)));
                                emitter.Complete(i, writes);
                                progress.Advance(1);
                                return;
                            }

                            named = found.Name;
                        }

                        var mailboxRead = await executor.InvokeAsync(SharingPolicyCommandBuilder.GetMailbox(mailbox), token).ConfigureAwait(false);
                        var o = mailboxRead.Objects.FirstOrDefault();
                        var address = (o == null ? null : ExchangeBags.Text(o, "PrimarySmtpAddress")) ?? mailbox;
                        var current = o == null ? null : ExchangeBags.Text(o, "SharingPolicy");
                        var same = string.Equals(current?.Trim(), named, StringComparison.OrdinalIgnoreCase);
                        if (!same)
                        {
                            await executor.InvokeAsync(SharingPolicyCommandBuilder.AssignPolicy(mailbox, named), token).ConfigureAwait(false);
                        }

                        var output = new SharingPolicyAssignment(address, named, same ? ShareAction.Unchanged : ShareAction.Updated) { Row = row.Row, PreviousPolicy = current ?? string.Empty };
                        writes.Add(() => sink.WriteObject(output));
                    }
                    catch (BackendException ex)
                    {
                        var error = ErrorCatalog.FromBackend(ex.Error, ErrorFamily.SharingPolicy, RowOf(row), ex);
                        writes.Add(() => sink.WriteError(error));
                    }

                    emitter.Complete(i, writes);
                    progress.Advance(1);
                },
                (i, ex) => emitter.Complete(i, new List<Action> { () => sink.WriteError(ErrorCatalog.Unexpected(ex, approved[i].Row.Row, approved[i].Row.Source, approved[i].Mailbox, null)) }),
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
        }

        // ------------------------------------------------------------------ baselines

        /// <summary>Test-ExternalCalendarSharing: the policies against CISA SCuBA MS.EXO.6.2v1 and CIS Microsoft 365 1.3.3.</summary>
        public async Task TestAsync(IOutputSink sink, CancellationToken cancellationToken)
        {
            IReadOnlyList<CalendarSharingPolicy> policies;
            try
            {
                policies = await ReadPoliciesAsync(Executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendException ex)
            {
                sink.WriteError(ErrorCatalog.ForRequest(ex, ErrorFamily.SharingPolicy, "SharingPolicy"));
                return;
            }

            foreach (var check in SharingBaselines.Evaluate(policies))
            {
                sink.WriteObject(check);
            }
        }

        // ------------------------------------------------------------------ helpers

        private async Task<Dictionary<string, List<string>>> AssignmentsAsync(IReadOnlyList<CalendarSharingPolicy> policies, CancellationToken cancellationToken)
        {
            var result = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var mailboxes = await Executor.InvokeAsync(SharingPolicyCommandBuilder.GetMailboxes(), cancellationToken).ConfigureAwait(false);
            foreach (var m in mailboxes.Objects)
            {
                var name = ExchangeBags.Text(m, "SharingPolicy");
                var policy = string.IsNullOrWhiteSpace(name) ? null : policies.FirstOrDefault(p => Matches(p, name!));
                if (policy == null)
                {
                    continue;
                }

                if (!result.TryGetValue(policy.Name, out var list))
                {
                    result[policy.Name] = list = new List<string>();
                }

                list.Add(ExchangeBags.Text(m, "PrimarySmtpAddress") ?? ExchangeBags.Text(m, "Identity") ?? string.Empty);
            }

            return result;
        }

        /// <summary>The named policy, or the default one; an error (and null) when there is none such.</summary>
        private static CalendarSharingPolicy? Resolve(string? name, IReadOnlyList<CalendarSharingPolicy> policies, IOutputSink sink)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                var found = policies.FirstOrDefault(p => p.IsDefault);
                if (found == null)
                {
                    sink.WriteError(new OperationError(ErrorIds.SharingPolicyNotFound, ErrorKind.ObjectNotFound, Texts.Error_NoDefaultSharingPolicy, "SharingPolicy", Texts.Advice_NoDefaultSharingPolicy));
                }

                return found;
            }

            var policy = policies.FirstOrDefault(p => Matches(p, name!));
            if (policy == null)
            {
                sink.WriteError(PolicyNotFound(name!, policies));
            }

            return policy;
        }

        internal static bool Matches(CalendarSharingPolicy policy, string name) => string.Equals(policy.Name, name.Trim(), StringComparison.OrdinalIgnoreCase);

        private static OperationError PolicyNotFound(string name, IReadOnlyList<CalendarSharingPolicy> policies) =>
            new OperationError(
                ErrorIds.SharingPolicyNotFound,
                ErrorKind.ObjectNotFound,
                Texts.Format(nameof(Texts.Error_SharingPolicyNotFound), name, policies.Count == 0 ? "-" : string.Join(", ", policies.Select(p => "'" + p.Name + "'"))),
                name,
                Texts.Advice_SharingPolicyNotFound);

        public static OperationError InvalidLevel(string text) =>
            new OperationError(ErrorIds.InvalidDetailLevel, ErrorKind.InvalidArgument, Texts.Format(nameof(Texts.Error_InvalidSharingDetailLevel), text), text, Texts.Advice_InvalidSharingDetailLevel);

        private static string Describe(SharingPolicyChange c) =>
            c.Action == ShareAction.Removed ? Texts.Format(nameof(Texts.Action_RemoveSharingDomain), c.Setting) : Texts.Format(nameof(Texts.Action_SetSharingDomain), c.Setting, c.DetailLevel);

        private static RowRef RowOf(SharingPolicyAssignmentRequest r) => new RowRef(r.Row, r.Source ?? (object?)r.Mailbox?.Trim(), r.Mailbox?.Trim(), null);
    }
}
