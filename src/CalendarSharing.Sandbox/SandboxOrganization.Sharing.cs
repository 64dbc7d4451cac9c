using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Model;
using CalendarSharing.Sandbox.Sharing;

namespace CalendarSharing.Sandbox
{
    /// <summary>What the organisation's sharing policy says about one external share.</summary>
    internal enum SharingPolicyOutcome
    {
        Allowed,

        /// <summary>The mailbox's policy shares nothing with the domain (EWS ErrorNotAllowedExternalSharingByPolicy).</summary>
        DomainNotAllowed,

        /// <summary>The policy shares with the domain, but less than asked (EWS ErrorPermissionNotAllowedByPolicy).</summary>
        LevelNotAllowed,
    }

    /// <summary>A sharing policy as tests read and seed it out of band.</summary>
    public sealed class SandboxSharingPolicyInfo
    {
        public SandboxSharingPolicyInfo(string name, bool enabled, bool isDefault, IReadOnlyList<string> domains)
        {
            Name = name;
            Enabled = enabled;
            IsDefault = isDefault;
            Domains = domains;
        }

        public string Name { get; }

        public bool Enabled { get; }

        public bool IsDefault { get; }

        /// <summary>The entries as Get-SharingPolicy writes them (domain:Action,Action).</summary>
        public IReadOnlyList<string> Domains { get; }
    }

    // The organisation's external sharing: sharing policies (which mailbox may share what with which outside domain),
    // the mailboxes' assignments, organisation relationships and which outside organisations are federated.
    // https://learn.microsoft.com/exchange/sharing/sharing-policies/sharing-policies
    public sealed partial class SandboxOrganization
    {
        /// <summary>The default policy's name in an English-language organisation (localised elsewhere).</summary>
        public const string DefaultSharingPolicyName = "Default Sharing Policy";

        /// <summary>An outside Microsoft 365 organisation (federated) besides fabrikam.com; what * in a policy reaches.</summary>
        public const string FederatedPartnerDomain = "tailspintoys.com";

        private readonly object sharingGate = new object();
        private readonly List<SandboxSharingPolicy> sharingPolicies = new List<SandboxSharingPolicy>();
        private readonly Dictionary<string, string> mailboxSharingPolicies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<SandboxOrganizationRelationship> relationships = new List<SandboxOrganizationRelationship>();
        private readonly HashSet<string> federatedDomains = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ExternalDomain, FederatedPartnerDomain };

        /// <summary>Outside domains whose organisations are federated (Get-FederationInformation answers for them).</summary>
        public IReadOnlyCollection<string> FederatedDomains
        {
            get
            {
                lock (sharingGate)
                {
                    return federatedDomains.ToList();
                }
            }
        }

        /// <summary>Every sharing policy, as tests read it.</summary>
        public IReadOnlyList<SandboxSharingPolicyInfo> SharingPolicies
        {
            get
            {
                lock (sharingGate)
                {
                    return sharingPolicies.Select(Info).ToList();
                }
            }
        }

        /// <summary>
        /// Creates or replaces a policy out of band (tests build purpose-made policies); <paramref name="isDefault"/> makes
        /// it the default one (the previous default stops being one).
        /// </summary>
        public void SetSharingPolicy(string name, bool enabled, bool isDefault, params string[] domains)
        {
            var entries = domains.Select(SharingDomainEntry.Parse).ToList();
            lock (sharingGate)
            {
                var policy = FindSharingPolicyLocked(name);
                if (policy == null)
                {
                    policy = new SandboxSharingPolicy(name, enabled, entries);
                    sharingPolicies.Add(policy);
                }

                policy.Enabled = enabled;
                policy.Domains = entries;
                if (isDefault)
                {
                    MakeDefaultLocked(policy);
                }
            }
        }

        /// <summary>Removes every policy but the default one, and every mailbox's assignment (tests start from a known state).</summary>
        public void ResetSharingPolicies()
        {
            lock (sharingGate)
            {
                sharingPolicies.Clear();
                mailboxSharingPolicies.Clear();
                SeedSharingLocked();
            }
        }

        /// <summary>The policy assigned to the mailbox itself (Set-Mailbox -SharingPolicy), or null when it has the default.</summary>
        public string? AssignedSharingPolicy(string mailbox)
        {
            lock (sharingGate)
            {
                return mailboxSharingPolicies.TryGetValue(mailbox, out var name) ? name : null;
            }
        }

        /// <summary>Marks an outside domain's organisation as federated or not (what * reaches).</summary>
        public void SetFederated(string domain, bool federated)
        {
            lock (sharingGate)
            {
                if (federated)
                {
                    federatedDomains.Add(domain);
                }
                else
                {
                    federatedDomains.Remove(domain);
                }
            }
        }

        /// <summary>
        /// The sharing policy rule, written once for EWS, Graph and the admin API: inside the organisation anything goes;
        /// for a person outside it, the mailbox's policy (its own, else the default; a disabled policy shares nothing)
        /// must have an entry for exactly their domain, or * when their organisation is federated, or Anonymous when
        /// it is not, whose calendar action allows the rights asked (Simple: free/busy, Detail: with subject and
        /// location, Reviewer: all details; never create, edit, delete, owner or contact rights).
        /// </summary>
        internal SharingPolicyOutcome SharingPolicyAllows(SandboxMailbox? mailbox, AclEntry principal, PermissionRights rights)
        {
            if (principal.Type != PrincipalType.External || principal.Address == null)
            {
                return SharingPolicyOutcome.Allowed;
            }

            var domain = principal.Address.Substring(principal.Address.LastIndexOf('@') + 1);
            var rank = RankOf(rights);
            lock (sharingGate)
            {
                var policy = (mailbox != null && mailboxSharingPolicies.TryGetValue(mailbox.Address, out var name) ? FindSharingPolicyLocked(name) : null)
                    ?? sharingPolicies.FirstOrDefault(p => p.IsDefault);
                if (policy == null || !policy.Enabled)
                {
                    return SharingPolicyOutcome.DomainNotAllowed;
                }

                var entry = policy.Find(domain);
                if (entry == null || entry.CalendarRank == 0)
                {
                    entry = policy.Find(federatedDomains.Contains(domain) ? "*" : "Anonymous");
                }

                if (entry == null || entry.CalendarRank == 0)
                {
                    return SharingPolicyOutcome.DomainNotAllowed;
                }

                return rank <= entry.CalendarRank ? SharingPolicyOutcome.Allowed : SharingPolicyOutcome.LevelNotAllowed;
            }
        }

        /// <summary>
        /// The publishing rule, written once: a calendar may be published (Set-MailboxCalendarFolder -PublishEnabled
        /// $true, or any change to a published calendar) only when the mailbox's policy (its own, else the default; a
        /// disabled one allows nothing) has an Anonymous entry, and at most at the level of that entry's calendar action
        /// (Simple: AvailabilityOnly, Detail: LimitedDetails, Reviewer: FullDetails). Exchange publishes only for a
        /// policy with the Anonymous domain (https://learn.microsoft.com/exchange/enable-internet-calendar-publishing-exchange-2013-help;
        /// Microsoft KB 3187580, "Publish Calendar option is missing from Calendar settings in Outlook on the web").
        /// Returns the policy's name (null when none applies) and the highest level allowed (null: none).
        /// </summary>
        internal (string? Policy, PublishingDetailLevel? Highest) PublishingPolicyAllows(SandboxMailbox mailbox)
        {
            lock (sharingGate)
            {
                var policy = (mailboxSharingPolicies.TryGetValue(mailbox.Address, out var name) ? FindSharingPolicyLocked(name) : null)
                    ?? sharingPolicies.FirstOrDefault(p => p.IsDefault);
                if (policy == null || !policy.Enabled)
                {
                    return (policy?.Name, null);
                }

                switch (policy.Find("Anonymous")?.CalendarRank ?? 0)
                {
                    case 0: return (policy.Name, null);
                    case 1: return (policy.Name, PublishingDetailLevel.AvailabilityOnly);
                    case 2: return (policy.Name, PublishingDetailLevel.LimitedDetails);
                    default: return (policy.Name, PublishingDetailLevel.FullDetails);
                }
            }
        }

        /// <summary>What a set of rights asks of a policy: 0 nothing, 1 free/busy, 2 subject and location, 3 all details, 4 more than reading.</summary>
        private static int RankOf(PermissionRights r)
        {
            if (r.CanCreateItems || r.CanCreateSubFolders || r.IsFolderOwner || r.IsFolderContact || r.EditItems != "None" || r.DeleteItems != "None")
            {
                return 4;
            }

            switch (r.ReadItems)
            {
                case "None": return 0;
                case "TimeOnly": return 1;
                case "TimeAndSubjectAndLocation": return 2;
                default: return 3;
            }
        }

        // ------------------------------------------------------------------ for the admin API's cmdlets

        internal object SharingGate => sharingGate;

        internal List<SandboxSharingPolicy> SharingPolicyList => sharingPolicies;

        internal Dictionary<string, string> MailboxSharingPolicies => mailboxSharingPolicies;

        internal IReadOnlyList<SandboxOrganizationRelationship> OrganizationRelationships
        {
            get
            {
                lock (sharingGate)
                {
                    return relationships.ToList();
                }
            }
        }

        internal bool IsFederated(string domain)
        {
            lock (sharingGate)
            {
                return federatedDomains.Contains(domain);
            }
        }

        internal SandboxSharingPolicy? FindSharingPolicyLocked(string name) =>
            sharingPolicies.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

        internal void MakeDefaultLocked(SandboxSharingPolicy policy)
        {
            foreach (var p in sharingPolicies)
            {
                p.IsDefault = ReferenceEquals(p, policy);
            }
        }

        /// <summary>
        /// The seeded external sharing: the default policy shares free/busy with subject and location (and contacts) with
        /// fabrikam.com only (no * and no Anonymous entry, so every other outside domain is refused), and an
        /// organisation relationship gives fabrikam.com organisation-wide free/busy.
        /// </summary>
        private void SeedSharing()
        {
            lock (sharingGate)
            {
                SeedSharingLocked();
                relationships.Add(new SandboxOrganizationRelationship("Fabrikam", new[] { ExternalDomain }, true, true, "AvailabilityOnly"));
            }
        }

        private void SeedSharingLocked()
        {
            var policy = new SandboxSharingPolicy(DefaultSharingPolicyName, true, new[] { SharingDomainEntry.Parse(ExternalDomain + ":" + SharingDomainEntry.Detail + "," + SharingDomainEntry.Contacts) });
            sharingPolicies.Add(policy);
            MakeDefaultLocked(policy);
        }

        private static SandboxSharingPolicyInfo Info(SandboxSharingPolicy p) =>
            new SandboxSharingPolicyInfo(p.Name, p.Enabled, p.IsDefault, p.Domains.Select(d => d.ToString()).ToList());
    }
}
