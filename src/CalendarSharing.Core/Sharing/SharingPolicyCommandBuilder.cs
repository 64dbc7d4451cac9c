using System.Collections.Generic;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.Core.Sharing
{
    /// <summary>
    /// The Exchange cmdlet invocations for sharing policies, organisation relationships and a mailbox's policy, pure
    /// functions so tests check exactly what is sent. The same invocations run through the admin API and an Exchange
    /// Management Shell session (https://learn.microsoft.com/powershell/module/exchangepowershell/get-sharingpolicy,
    /// set-sharingpolicy, new-sharingpolicy, get-organizationrelationship, get-federationinformation, set-mailbox).
    /// -Domains replaces the whole list, so it is always sent whole, as read and changed. Writes pass Confirm:$false.
    /// </summary>
    public static class SharingPolicyCommandBuilder
    {
        public static ExchangeCommand GetSharingPolicies() => new ExchangeCommand("Get-SharingPolicy");

        public static ExchangeCommand SetDomains(string policy, IReadOnlyList<string> domains) =>
            new ExchangeCommand("Set-SharingPolicy").With("Identity", policy).With("Domains", domains).With("Confirm", false);

        public static ExchangeCommand SetEnabled(string policy, bool enabled) =>
            new ExchangeCommand("Set-SharingPolicy").With("Identity", policy).With("Enabled", enabled).With("Confirm", false);

        /// <summary>-Default is a switch: it makes this policy the default (the previous default stops being one).</summary>
        public static ExchangeCommand SetDefault(string policy) =>
            new ExchangeCommand("Set-SharingPolicy").With("Identity", policy).With("Default", true).With("Confirm", false);

        public static ExchangeCommand NewSharingPolicy(string name, IReadOnlyList<string> domains, bool enabled) =>
            new ExchangeCommand("New-SharingPolicy").With("Name", name).With("Domains", domains).With("Enabled", enabled).With("Confirm", false);

        public static ExchangeCommand GetMailbox(string mailbox) => new ExchangeCommand("Get-Mailbox").With("Identity", mailbox);

        /// <summary>Every mailbox with its SharingPolicy (for the assigned mailboxes of each policy).</summary>
        public static ExchangeCommand GetMailboxes() => new ExchangeCommand("Get-Mailbox").With("ResultSize", "Unlimited");

        public static ExchangeCommand AssignPolicy(string mailbox, string policy) =>
            new ExchangeCommand("Set-Mailbox").With("Identity", mailbox).With("SharingPolicy", policy).With("Confirm", false);

        public static ExchangeCommand GetOrganizationRelationships() => new ExchangeCommand("Get-OrganizationRelationship");

        /// <summary>Whether a domain's organisation is federated (what * in a policy reaches); an error when it is not.</summary>
        public static ExchangeCommand GetFederationInformation(string domain) =>
            new ExchangeCommand("Get-FederationInformation").With("DomainName", domain);
    }
}
