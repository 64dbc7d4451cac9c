using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing.Sandbox.Sharing
{
    /// <summary>
    /// One entry of a sharing policy as Exchange keeps it: a domain (exact, no implicit subdomains), * (any federated
    /// organisation) or Anonymous, and its actions (https://learn.microsoft.com/powershell/module/exchangepowershell/set-sharingpolicy).
    /// </summary>
    internal sealed class SharingDomainEntry
    {
        public const string Simple = "CalendarSharingFreeBusySimple";
        public const string Detail = "CalendarSharingFreeBusyDetail";
        public const string Reviewer = "CalendarSharingFreeBusyReviewer";
        public const string Contacts = "ContactsSharing";

        private static readonly string[] KnownActions = { Simple, Detail, Reviewer, Contacts };

        public SharingDomainEntry(string domain, IReadOnlyList<string> actions)
        {
            Domain = domain;
            Actions = actions;
        }

        public string Domain { get; }

        public IReadOnlyList<string> Actions { get; }

        /// <summary>What the entry's calendar action allows: 0 none, 1 free/busy, 2 with subject and location, 3 all details.</summary>
        public int CalendarRank => Actions.Contains(Reviewer) ? 3 : Actions.Contains(Detail) ? 2 : Actions.Contains(Simple) ? 1 : 0;

        /// <summary>Get-SharingPolicy's form: domain:Action,Action (no spaces).</summary>
        public override string ToString() => Domain + ":" + string.Join(",", Actions);

        /// <summary>Parses 'domain: Action, Action' as Set-SharingPolicy takes it; throws what Exchange's parameter binding says.</summary>
        public static SharingDomainEntry Parse(string text)
        {
            var colon = text.IndexOf(':');
            var domain = colon < 0 ? string.Empty : text.Substring(0, colon).Trim();
            var actions = colon < 0 ? new List<string>() : text.Substring(colon + 1).Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
            if (domain.Length == 0 || actions.Count == 0)
            {
                throw new FormatException($"Cannot bind parameter 'Domains'. Cannot convert value \"{text}\" to type \"Microsoft.Exchange.Data.Directory.SharingPolicyDomain\". Error: \"The value must be in the format 'Domain: SharingPolicyAction, SharingPolicyAction'.\"");
            }

            var canonical = new List<string>();
            foreach (var action in actions)
            {
                var known = KnownActions.FirstOrDefault(k => string.Equals(k, action, StringComparison.OrdinalIgnoreCase))
                    ?? throw new FormatException($"Cannot bind parameter 'Domains'. Cannot convert value \"{text}\" to type \"Microsoft.Exchange.Data.Directory.SharingPolicyDomain\". Error: \"'{action}' is not a sharing policy action ({string.Join(", ", KnownActions)}).\"");
                if (!canonical.Contains(known))
                {
                    canonical.Add(known);
                }
            }

            if (canonical.Count(a => a != Contacts) > 1)
            {
                throw new InvalidOperationException($"The sharing policy entry '{text}' names more than one calendar sharing action; a domain takes one of {Simple}, {Detail} and {Reviewer}.");
            }

            var d = domain == "*" ? "*" : string.Equals(domain, "Anonymous", StringComparison.OrdinalIgnoreCase) ? "Anonymous" : domain.ToLowerInvariant();
            return new SharingDomainEntry(d, canonical);
        }
    }

    /// <summary>A sharing policy of the sandbox organisation.</summary>
    internal sealed class SandboxSharingPolicy
    {
        public SandboxSharingPolicy(string name, bool enabled, IReadOnlyList<SharingDomainEntry> domains)
        {
            Name = name;
            Enabled = enabled;
            Domains = domains;
        }

        public string Name { get; set; }

        public bool Enabled { get; set; }

        public bool IsDefault { get; set; }

        public IReadOnlyList<SharingDomainEntry> Domains { get; set; }

        public SharingDomainEntry? Find(string domain) => Domains.FirstOrDefault(d => string.Equals(d.Domain, domain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An organisation relationship (New-OrganizationRelationship): org-wide free/busy with a partner's domains.</summary>
    internal sealed class SandboxOrganizationRelationship
    {
        public SandboxOrganizationRelationship(string name, IReadOnlyList<string> domainNames, bool enabled, bool freeBusyAccessEnabled, string freeBusyAccessLevel)
        {
            Name = name;
            DomainNames = domainNames;
            Enabled = enabled;
            FreeBusyAccessEnabled = freeBusyAccessEnabled;
            FreeBusyAccessLevel = freeBusyAccessLevel;
        }

        public string Name { get; }

        public IReadOnlyList<string> DomainNames { get; }

        public bool Enabled { get; }

        public bool FreeBusyAccessEnabled { get; }

        /// <summary>None, AvailabilityOnly or LimitedDetails.</summary>
        public string FreeBusyAccessLevel { get; }
    }
}
