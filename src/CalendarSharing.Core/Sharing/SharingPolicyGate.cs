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

    /// <summary>
    /// The check Set-CalendarShare runs before it grants a role to someone outside the organisation: the mailbox's
    /// effective sharing policy (Get-Mailbox SharingPolicy, else the default policy; a disabled policy allows nothing),
    /// and in it the entry for exactly the recipient's domain, else * when the domain's organisation is federated
    /// (Get-FederationInformation answers), else Anonymous. What is read is kept for the run: one Get-SharingPolicy,
    /// one Get-Mailbox per mailbox, one Get-FederationInformation per domain.
    /// https://learn.microsoft.com/exchange/sharing/sharing-policies/sharing-policies
    /// </summary>
    public sealed class SharingPolicyGate
    {
        private readonly ISharingPolicyBackend backend;
        private readonly Dictionary<string, string?> mailboxPolicies = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, bool> federated = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        private IReadOnlyList<CalendarSharingPolicy>? policies;

        public SharingPolicyGate(ISharingPolicyBackend backend)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
        }

        /// <summary>The verdict for granting <paramref name="role"/> on <paramref name="mailbox"/> to <paramref name="address"/>.</summary>
        /// <exception cref="BackendException">The policy could not be read.</exception>
        public async Task<SharingVerdict> EvaluateAsync(string mailbox, string address, CalendarRole role, CancellationToken cancellationToken)
        {
            var executor = backend.Organization ?? throw new BackendException(new BackendError(BackendErrorCode.NotSupported, Texts.Error_ExchangeSessionRequiredSharing));
            var at = address.LastIndexOf('@');
            var domain = (at >= 0 ? address.Substring(at + 1) : address).Trim().ToLowerInvariant();
            policies ??= await SharingPolicyCommands.ReadPoliciesAsync(executor, backend.SourceName, cancellationToken).ConfigureAwait(false);
            var policy = await PolicyOfAsync(executor, mailbox, cancellationToken).ConfigureAwait(false);
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
                    entry = await IsFederatedAsync(executor, domain, cancellationToken).ConfigureAwait(false) ? all : anonymous;
                }
                else
                {
                    entry = null;
                }
            }

            return new SharingVerdict(policy.Name, policy.Enabled, domain, entry != null && entry.DetailLevel != CalendarRole.None ? entry : null, role);
        }

        private async Task<CalendarSharingPolicy?> PolicyOfAsync(IExchangeCommandExecutor executor, string mailbox, CancellationToken cancellationToken)
        {
            if (!mailboxPolicies.TryGetValue(mailbox, out var name))
            {
                var read = await executor.InvokeAsync(SharingPolicyCommandBuilder.GetMailbox(mailbox), cancellationToken).ConfigureAwait(false);
                var o = read.Objects.FirstOrDefault();
                name = o == null ? null : ExchangeBags.Text(o, "SharingPolicy");
                mailboxPolicies[mailbox] = name;
            }

            return (string.IsNullOrWhiteSpace(name) ? null : policies!.FirstOrDefault(p => SharingPolicyCommands.Matches(p, name!)))
                ?? policies!.FirstOrDefault(p => p.IsDefault);
        }

        private async Task<bool> IsFederatedAsync(IExchangeCommandExecutor executor, string domain, CancellationToken cancellationToken)
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
                // Exchange answers a domain whose organisation is not federated with an error: the Anonymous entry governs it.
                result = false;
            }

            federated[domain] = result;
            return result;
        }
    }
}
