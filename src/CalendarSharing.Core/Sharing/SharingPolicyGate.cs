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
    /// <summary>What a mailbox's sharing policy allows one outside domain, and whether a role is within it.</summary>
    public sealed class SharingVerdict
    {
        public SharingVerdict(string? policy, bool policyEnabled, string domain, SharingPolicyDomain? entry, CalendarRole role)
        {
            Policy = policy;
            PolicyEnabled = policyEnabled;
            Domain = domain;
            Entry = entry;
            Role = role;
            Highest = policy != null && policyEnabled && entry != null ? entry.DetailLevel : CalendarRole.None;
        }

        /// <summary>The mailbox's effective policy (its own, else the default), or null when none applies.</summary>
        public string? Policy { get; }

        public bool PolicyEnabled { get; }

        /// <summary>The recipient's domain.</summary>
        public string Domain { get; }

        /// <summary>The entry that governs the domain: its own, else * (federated) or Anonymous (not federated); null when none.</summary>
        public SharingPolicyDomain? Entry { get; }

        public CalendarRole Role { get; }

        /// <summary>The most the policy allows for the domain (None: nothing).</summary>
        public CalendarRole Highest { get; }

        public bool Allowed => SharingPolicyDomains.Rank(Role) <= SharingPolicyDomains.Rank(Highest);

        /// <summary>For -WhatIf and -Confirm: "within sharing policy 'X' (fabrikam.com: up to LimitedDetails)".</summary>
        public string Describe() => Texts.Format(nameof(Texts.WhatIf_SharingPolicyVerdict), Policy, Entry?.Domain ?? Domain, Highest);

        /// <summary>The per-row refusal: names the policy, the domain and the highest role allowed.</summary>
        public OperationError ToError(int? row, object? target, string? where, string? subject)
        {
            string reason;
            if (Policy == null)
            {
                reason = Texts.Format(nameof(Texts.Error_NoSharingPolicy), Domain, Role);
            }
            else if (!PolicyEnabled)
            {
                reason = Texts.Format(nameof(Texts.Error_SharingPolicyDisabled), Policy, Domain, Role);
            }
            else if (Entry == null)
            {
                reason = Texts.Format(nameof(Texts.Error_SharingPolicyNoEntry), Policy, Domain, Role);
            }
            else
            {
                reason = Texts.Format(nameof(Texts.Error_SharingPolicyBeyond), Policy, Highest, Domain, Entry, Role);
            }

            var advice = Highest == CalendarRole.None
                ? Texts.Format(nameof(Texts.Advice_SharingPolicyWiden), Policy ?? "Default Sharing Policy", Domain, SharingPolicyDomains.Rank(Role) > 3 ? CalendarRole.Reviewer : Role)
                : Texts.Format(nameof(Texts.Advice_SharingPolicyAtMost), Highest, Policy, Domain, SharingPolicyDomains.Rank(Role) > 3 ? CalendarRole.Reviewer : Role);
            return new OperationError(ErrorIds.NotAllowedBySharingPolicy, ErrorKind.PermissionDenied, ErrorCatalog.Compose(row, where, subject, reason), target, advice);
        }
    }

    /// <summary>What a mailbox's sharing policy allows its calendar's anonymous publishing, and whether a level is within it.</summary>
    public sealed class PublishingVerdict
    {
        public PublishingVerdict(string? policy, bool policyEnabled, SharingPolicyDomain? entry, PublishingDetailLevel level)
        {
            Policy = policy;
            PolicyEnabled = policyEnabled;
            Entry = policy != null && policyEnabled && entry != null && entry.DetailLevel != CalendarRole.None ? entry : null;
            Level = level;
            Highest = Entry == null ? (PublishingDetailLevel?)null : LevelOf(Entry.DetailLevel);
        }

        /// <summary>The mailbox's effective policy (its own, else the default), or null when none applies.</summary>
        public string? Policy { get; }

        public bool PolicyEnabled { get; }

        /// <summary>The policy's Anonymous entry, when it shares calendars; null otherwise.</summary>
        public SharingPolicyDomain? Entry { get; }

        /// <summary>The detail level asked for.</summary>
        public PublishingDetailLevel Level { get; }

        /// <summary>The most the policy lets the calendar be published with; null: publishing is not allowed at all.</summary>
        public PublishingDetailLevel? Highest { get; }

        public bool Allowed => Highest.HasValue && Level <= Highest.Value;

        /// <summary>The Anonymous entry's calendar action as a publishing level: Simple → AvailabilityOnly, Detail → LimitedDetails, Reviewer → FullDetails.</summary>
        public static PublishingDetailLevel LevelOf(CalendarRole role) =>
            role == CalendarRole.Reviewer ? PublishingDetailLevel.FullDetails
            : role == CalendarRole.LimitedDetails ? PublishingDetailLevel.LimitedDetails
            : PublishingDetailLevel.AvailabilityOnly;

        /// <summary>The Anonymous entry's action that allows <paramref name="level"/>.</summary>
        public static string ActionOf(PublishingDetailLevel level) =>
            SharingPolicyDomains.ActionOf(level == PublishingDetailLevel.FullDetails ? CalendarRole.Reviewer : level == PublishingDetailLevel.LimitedDetails ? CalendarRole.LimitedDetails : CalendarRole.AvailabilityOnly);

        /// <summary>For -WhatIf and -Confirm: "within sharing policy 'X' (Anonymous: up to LimitedDetails)".</summary>
        public string Describe() => Texts.Format(nameof(Texts.WhatIf_PublishingPolicyVerdict), Policy, Highest);

        /// <summary>The per-row refusal: names the policy, the mailbox and the highest detail level allowed (or that there is none).</summary>
        public OperationError ToError(int? row, object? target, string? where)
        {
            string reason;
            if (Policy == null)
            {
                reason = Texts.Format(nameof(Texts.Error_PublishingNoSharingPolicy), Level);
            }
            else if (!PolicyEnabled)
            {
                reason = Texts.Format(nameof(Texts.Error_PublishingSharingPolicyDisabled), Policy, Level);
            }
            else if (Highest == null)
            {
                reason = Texts.Format(nameof(Texts.Error_PublishingNoAnonymousEntry), Policy, Level);
            }
            else
            {
                reason = Texts.Format(nameof(Texts.Error_PublishingBeyondPolicy), Policy, Highest, Entry, Level);
            }

            var advice = Highest == null
                ? Texts.Format(nameof(Texts.Advice_PublishingPolicyWiden), Policy ?? "Default Sharing Policy", Level)
                : Texts.Format(nameof(Texts.Advice_PublishingPolicyAtMost), Highest, Policy, Level);
            return new OperationError(ErrorIds.PublishingNotAllowedBySharingPolicy, ErrorKind.PermissionDenied, ErrorCatalog.Compose(row, where, null, reason), target, advice);
        }
    }

    /// <summary>
    /// The check Set-CalendarShare runs before it grants a role to someone outside the organisation, and Publish-Calendar
    /// before it publishes a calendar: the mailbox's effective sharing policy (Get-Mailbox SharingPolicy, else the
    /// default policy; a disabled policy allows nothing), read on the side that hosts the mailbox (each side of a hybrid
    /// organisation has its own policies). For a share: the entry for exactly the recipient's domain, else * when the
    /// domain's organisation is federated (Get-FederationInformation answers), else Anonymous, which Exchange documents
    /// as "external, non-federated organizations and individuals with internet access"
    /// (https://learn.microsoft.com/powershell/module/exchangepowershell/new-sharingpolicy). For publishing: the
    /// Anonymous entry alone, whose action caps the detail level (Simple: AvailabilityOnly, Detail: LimitedDetails,
    /// Reviewer: FullDetails); without one Exchange does not let the calendar be published
    /// (https://learn.microsoft.com/exchange/enable-internet-calendar-publishing-exchange-2013-help, and Microsoft's KB
    /// 3187580 "Publish Calendar option is missing from Calendar settings in Outlook on the web").
    /// What is read is kept for the run, per side: one Get-SharingPolicy, one Get-Mailbox per mailbox, one
    /// Get-FederationInformation per domain. https://learn.microsoft.com/exchange/sharing/sharing-policies/sharing-policies
    /// </summary>
    public sealed class SharingPolicyGate
    {
        private readonly ISharingPolicyBackend? backend;
        private readonly Dictionary<IExchangeCommandExecutor, Side> sides = new Dictionary<IExchangeCommandExecutor, Side>(ReferenceComparer.Instance);

        public SharingPolicyGate(ISharingPolicyBackend backend)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
        }

        /// <summary>A gate for publishing checks only, each through the executor that runs the mailbox's cmdlets.</summary>
        public SharingPolicyGate()
        {
        }

        /// <summary>The verdict for granting <paramref name="role"/> on <paramref name="mailbox"/> to <paramref name="address"/>.</summary>
        /// <exception cref="BackendException">The policy could not be read.</exception>
        public async Task<SharingVerdict> EvaluateAsync(string mailbox, string address, CalendarRole role, CancellationToken cancellationToken)
        {
            var executor = (backend == null ? null : await backend.ExecutorForAsync(mailbox, cancellationToken).ConfigureAwait(false))
                ?? throw new BackendException(new BackendError(BackendErrorCode.NotSupported, Texts.Error_ExchangeSessionRequiredSharing));
            var side = await SideAsync(executor, cancellationToken).ConfigureAwait(false);
            var at = address.LastIndexOf('@');
            var domain = (at >= 0 ? address.Substring(at + 1) : address).Trim().ToLowerInvariant();
            var policy = await side.PolicyOfAsync(mailbox, cancellationToken).ConfigureAwait(false);
            if (policy == null)
            {
                return new SharingVerdict(null, false, domain, null, role);
            }

            var entry = SharingPolicyDomains.Find(policy.Domains, domain);
            if (entry == null || entry.DetailLevel == CalendarRole.None)
            {
                var all = SharingPolicyDomains.Find(policy.Domains, SharingPolicyDomains.AllFederated);
                var anonymous = SharingPolicyDomains.Find(policy.Domains, SharingPolicyDomains.Anonymous);
                if (all != null || anonymous != null)
                {
                    entry = await side.IsFederatedAsync(domain, cancellationToken).ConfigureAwait(false) ? all : anonymous;
                }
                else
                {
                    entry = null;
                }
            }

            return new SharingVerdict(policy.Name, policy.Enabled, domain, entry != null && entry.DetailLevel != CalendarRole.None ? entry : null, role);
        }

        /// <summary>
        /// The verdict for publishing <paramref name="mailbox"/>'s calendar at <paramref name="level"/>, read through
        /// <paramref name="executor"/> (the one that runs the mailbox's Set-MailboxCalendarFolder, so the policy is the
        /// one of the side that hosts it).
        /// </summary>
        /// <exception cref="BackendException">The policy could not be read.</exception>
        public async Task<PublishingVerdict> EvaluatePublishingAsync(IExchangeCommandExecutor executor, string mailbox, PublishingDetailLevel level, CancellationToken cancellationToken)
        {
            var side = await SideAsync(executor ?? throw new ArgumentNullException(nameof(executor)), cancellationToken).ConfigureAwait(false);
            var policy = await side.PolicyOfAsync(mailbox, cancellationToken).ConfigureAwait(false);
            return policy == null
                ? new PublishingVerdict(null, false, null, level)
                : new PublishingVerdict(policy.Name, policy.Enabled, SharingPolicyDomains.Find(policy.Domains, SharingPolicyDomains.Anonymous), level);
        }

        private async Task<Side> SideAsync(IExchangeCommandExecutor executor, CancellationToken cancellationToken)
        {
            if (!sides.TryGetValue(executor, out var side))
            {
                var policies = await SharingPolicyCommands.ReadPoliciesAsync(executor, backend?.SourceOf(executor), cancellationToken).ConfigureAwait(false);
                side = new Side(executor, policies);
                sides[executor] = side;
            }

            return side;
        }

        /// <summary>One organisation's policies and what was read from it during the run.</summary>
        private sealed class Side
        {
            private readonly IExchangeCommandExecutor executor;
            private readonly IReadOnlyList<CalendarSharingPolicy> policies;
            private readonly Dictionary<string, string?> mailboxPolicies = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, bool> federated = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

            public Side(IExchangeCommandExecutor executor, IReadOnlyList<CalendarSharingPolicy> policies)
            {
                this.executor = executor;
                this.policies = policies;
            }

            public async Task<CalendarSharingPolicy?> PolicyOfAsync(string mailbox, CancellationToken cancellationToken)
            {
                if (!mailboxPolicies.TryGetValue(mailbox, out var name))
                {
                    var read = await executor.InvokeAsync(SharingPolicyCommandBuilder.GetMailbox(mailbox), cancellationToken).ConfigureAwait(false);
                    var o = read.Objects.FirstOrDefault();
                    name = o == null ? null : ExchangeBags.Text(o, "SharingPolicy");
                    mailboxPolicies[mailbox] = name;
                }

                return (string.IsNullOrWhiteSpace(name) ? null : policies.FirstOrDefault(p => SharingPolicyCommands.Matches(p, name!)))
                    ?? policies.FirstOrDefault(p => p.IsDefault);
            }

            public async Task<bool> IsFederatedAsync(string domain, CancellationToken cancellationToken)
            {
                if (federated.TryGetValue(domain, out var known))
                {
                    return known;
                }

                bool result;
                try
                {
                    var read = await executor.InvokeAsync(SharingPolicyCommandBuilder.GetFederationInformation(domain), cancellationToken).ConfigureAwait(false);
                    result = read.Objects.Count > 0;
                }
                catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Connection && ex.Error.Code != BackendErrorCode.Authentication
                    && ex.Error.Code != BackendErrorCode.Throttled && ex.Error.Code != BackendErrorCode.Canceled && ex.Error.Code != BackendErrorCode.AccessDenied)
                {
                    // Get-FederationInformation needs a domain with federation enabled and fails for any other
                    // (https://learn.microsoft.com/powershell/module/exchange/get-federationinformation): the Anonymous entry governs it.
                    result = false;
                }

                federated[domain] = result;
                return result;
            }
        }
    }

    /// <summary>Executors as keys by identity (one per side of the organisation).</summary>
    internal sealed class ReferenceComparer : IEqualityComparer<IExchangeCommandExecutor>
    {
        public static readonly ReferenceComparer Instance = new ReferenceComparer();

        public bool Equals(IExchangeCommandExecutor? x, IExchangeCommandExecutor? y) => ReferenceEquals(x, y);

        public int GetHashCode(IExchangeCommandExecutor obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
