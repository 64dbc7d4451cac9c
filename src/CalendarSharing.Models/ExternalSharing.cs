using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing
{
    /// <summary>
    /// One entry of a sharing policy's Domains list ("fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing"):
    /// the domain (a domain, * for every federated organisation, Anonymous for anyone), the calendar detail level its
    /// actions allow, and every action as Exchange spells it.
    /// </summary>
    public sealed class SharingPolicyDomain
    {
        public SharingPolicyDomain(string domain, CalendarRole detailLevel, IReadOnlyList<string> actions)
        {
            Domain = domain ?? throw new ArgumentNullException(nameof(domain));
            DetailLevel = detailLevel;
            Actions = actions ?? Array.Empty<string>();
        }

        /// <summary>A domain, * (every federated organisation) or Anonymous (anyone, through published links).</summary>
        public string Domain { get; }

        /// <summary>None, AvailabilityOnly, LimitedDetails or Reviewer: the most the entry's calendar action allows.</summary>
        public CalendarRole DetailLevel { get; }

        /// <summary>True when the entry also shares contacts (ContactsSharing).</summary>
        public bool ContactsSharing => Actions.Any(a => string.Equals(a, "ContactsSharing", StringComparison.OrdinalIgnoreCase));

        /// <summary>The actions as Exchange spells them (CalendarSharingFreeBusySimple, ContactsSharing, …).</summary>
        public IReadOnlyList<string> Actions { get; }

        /// <summary>As Get-SharingPolicy writes it: domain:Action,Action.</summary>
        public override string ToString() => Domain + ":" + string.Join(",", Actions);
    }

    /// <summary>One sharing policy of the organisation (Get-SharingPolicy), with the mailboxes assigned to it when asked.</summary>
    public sealed class CalendarSharingPolicy
    {
        public CalendarSharingPolicy(string name, bool enabled, bool isDefault, IReadOnlyList<SharingPolicyDomain> domains)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Enabled = enabled;
            IsDefault = isDefault;
            Domains = domains ?? Array.Empty<SharingPolicyDomain>();
        }

        public string Name { get; }

        public bool Enabled { get; }

        /// <summary>The policy of every mailbox that has none of its own.</summary>
        public bool IsDefault { get; }

        public IReadOnlyList<SharingPolicyDomain> Domains { get; }

        /// <summary>Mailboxes assigned to it explicitly (Set-Mailbox -SharingPolicy); filled by -IncludeMailboxes.</summary>
        public IReadOnlyList<string>? AssignedMailboxes { get; set; }

        /// <summary>Where it was read: the connection's source (Exchange Online admin API, an Exchange session, the sandbox).</summary>
        public string? Source { get; set; }
    }

    /// <summary>What a change to a sharing policy did: one domain's entry, or the policy's Enabled or Default setting.</summary>
    public sealed class SharingPolicyChange
    {
        public SharingPolicyChange(string policy, string setting, ShareAction action)
        {
            Policy = policy;
            Setting = setting;
            Action = action;
        }

        public string Policy { get; }

        /// <summary>The domain whose entry changed (fabrikam.com, *, Anonymous), or Enabled, Default, Created.</summary>
        public string Setting { get; }

        public ShareAction Action { get; }

        /// <summary>The calendar detail level now (for a domain's entry).</summary>
        public CalendarRole? DetailLevel { get; set; }

        public CalendarRole? PreviousDetailLevel { get; set; }

        /// <summary>The value now, as text (the entry, True/False).</summary>
        public string? Value { get; set; }

        public string? PreviousValue { get; set; }
    }

    /// <summary>What assigning a sharing policy to one mailbox did.</summary>
    public sealed class SharingPolicyAssignment
    {
        public SharingPolicyAssignment(string mailbox, string policy, ShareAction action)
        {
            Mailbox = mailbox;
            Policy = policy;
            Action = action;
        }

        public int? Row { get; set; }

        public string Mailbox { get; }

        public string Policy { get; }

        /// <summary>The policy the mailbox had before (empty: the default policy).</summary>
        public string? PreviousPolicy { get; set; }

        public ShareAction Action { get; }
    }

    /// <summary>How calendar information reaches people of another organisation.</summary>
    public enum ExternalSharingMechanism
    {
        /// <summary>An individual's invitation, within the mailbox's sharing policy (Set-SharingPolicy).</summary>
        SharingPolicy,

        /// <summary>Organisation-wide free/busy for the partner's users (Set-OrganizationRelationship -FreeBusyAccessLevel).</summary>
        OrganizationRelationship,

        /// <summary>Microsoft Entra cross-tenant access settings' Microsoft 365 capabilities (Graph m365Capabilities).</summary>
        CrossTenantAccess,
    }

    /// <summary>One partner domain and a mechanism that shares calendar information with it.</summary>
    public sealed class ExternalSharingPartner
    {
        public ExternalSharingPartner(string domain, ExternalSharingMechanism mechanism, string name, CalendarRole detailLevel, bool enabled)
        {
            Domain = domain;
            Mechanism = mechanism;
            Name = name;
            DetailLevel = detailLevel;
            Enabled = enabled;
        }

        public string Domain { get; }

        public ExternalSharingMechanism Mechanism { get; }

        /// <summary>The policy or relationship's name (or the cross-tenant partner's tenant id).</summary>
        public string Name { get; }

        public CalendarRole DetailLevel { get; }

        public bool Enabled { get; }

        /// <summary>True for the mechanism that decides what this domain's people see: an enabled relationship's free/busy
        /// for organisation-wide lookups, else the default sharing policy's entry.</summary>
        public bool Governs { get; set; }
    }

    /// <summary>The verdict of one baseline check.</summary>
    public enum BaselineStatus
    {
        Pass,
        Fail,
    }

    /// <summary>One baseline check of Test-ExternalCalendarSharing, with the settings it read.</summary>
    public sealed class ExternalSharingCheck
    {
        public ExternalSharingCheck(string id, string baseline, string title, BaselineStatus status, string evidence)
        {
            Id = id;
            Baseline = baseline;
            Title = title;
            Status = status;
            Evidence = evidence;
        }

        /// <summary>MS.EXO.6.2v1, 1.3.3.</summary>
        public string Id { get; }

        /// <summary>CISA SCuBA, CIS Microsoft 365.</summary>
        public string Baseline { get; }

        public string Title { get; }

        public BaselineStatus Status { get; }

        /// <summary>What was read and why it passes or fails.</summary>
        public string Evidence { get; }

        /// <summary>The policy entries that decide the verdict (policy: entry).</summary>
        public IReadOnlyList<string> Findings { get; set; } = Array.Empty<string>();
    }
}
