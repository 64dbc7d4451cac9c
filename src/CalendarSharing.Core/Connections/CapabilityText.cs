using System.Collections.Generic;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Connections
{
    /// <summary>
    /// The words of the one "this connection cannot do that" error: what the capability does, and which kind of connection
    /// can do it. Kept beside the registry, which is the only place that raises <see cref="CapabilityNotAvailableException"/>.
    /// </summary>
    public static class CapabilityText
    {
        private static readonly Dictionary<ConnectionCapabilities, (string What, string? Alternative)> Words =
            new Dictionary<ConnectionCapabilities, (string, string?)>
            {
                [ConnectionCapabilities.Permissions] = (
                    "read or change calendar permissions",
                    "an EWS (on-premises), Exchange Online or sandbox connection (Connect-CalendarSharing -EwsUrl …, -TenantId … -ClientId …, or -Sandbox)"),
                [ConnectionCapabilities.Delegates] = (
                    "manage mailbox delegates",
                    "an EWS (on-premises) or Exchange Online connection to the mailbox's side (Connect-CalendarSharing -EwsUrl … or -TenantId … -ClientId …), or -Sandbox"),
                [ConnectionCapabilities.MailboxAccess] = (
                    "grant or revoke Full Access, Send As and Send on Behalf (they live in the Exchange Management Shell, not in EWS)",
                    "for on-premises mailboxes, the admin's Exchange Management Shell session passed with -ExchangeSession (New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://<server>/PowerShell/); for Exchange Online mailboxes, an Exchange Online connection (Connect-CalendarSharing -TenantId … -ClientId …), which uses the admin API"),
                [ConnectionCapabilities.Events] = (
                    "read or change calendar events",
                    "an EWS (on-premises), Exchange Online or sandbox connection (Connect-CalendarSharing -EwsUrl …, -TenantId … -ClientId …, or -Sandbox)"),
                [ConnectionCapabilities.Availability] = (
                    "read free/busy",
                    "an EWS (on-premises), Exchange Online or sandbox connection (Connect-CalendarSharing -EwsUrl …, -TenantId … -ClientId …, or -Sandbox)"),
                // The alternative becomes "an EWS (on-premises), Exchange Online or sandbox connection ..." once a connection declares it.
                [ConnectionCapabilities.ChangeFeed] = ("follow calendar changes (calendar sync)", null),
                [ConnectionCapabilities.AccessReport] = (
                    "list every mailbox and calendar for an organisation-wide access report",
                    "an EWS (on-premises), Exchange Online or sandbox connection (Connect-CalendarSharing -EwsUrl …, -TenantId … -ClientId …, or -Sandbox)"),
                [ConnectionCapabilities.SharingPolicy] = (
                    "read or change the organisation's sharing policy (it lives in the Exchange Management Shell, not in EWS)",
                    "on premises, the admin's Exchange Management Shell session passed with -ExchangeSession (New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://<server>/PowerShell/); for Exchange Online, an Exchange Online connection (Connect-CalendarSharing -TenantId … -ClientId …, or -Sandbox -Backend Graph), which uses the admin API"),
                [ConnectionCapabilities.Publishing] = (
                    "publish calendars anonymously (publishing lives in the Exchange Management Shell, Set-MailboxCalendarFolder, not in EWS)",
                    "for on-premises mailboxes, the admin's Exchange Management Shell session passed with -ExchangeSession; for Exchange Online mailboxes, an Exchange Online connection (Connect-CalendarSharing -TenantId … -ClientId …, or -Sandbox -Backend Graph), which uses the admin API"),
            };

        /// <summary>What kind of connection can do it, in words, or null when no kind can in this version.</summary>
        public static string? AlternativeFor(ConnectionCapabilities capability) =>
            Words.TryGetValue(capability, out var text) ? text.Alternative : null;

        /// <summary>The message of the error for a connection that lacks <paramref name="capability"/>.</summary>
        public static string Missing(ConnectionCapabilities capability, BackendInfo info)
        {
            var what = Words.TryGetValue(capability, out var text) ? text.What : capability.ToString();
            var alternative = text.Alternative;
            var head = Texts.Format(nameof(Texts.Error_CapabilityNotAvailable), info.Kind, info.Endpoint, what);
            return alternative is null
                ? head + " No kind of connection can in this version of CalendarSharing."
                : head + " Use " + alternative + ".";
        }
    }
}
