using System;

namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// The Exchange cmdlet invocations for mailbox-level rights (Add-MailboxPermission, Add-RecipientPermission,
    /// Set-Mailbox -GrantSendOnBehalfTo: https://learn.microsoft.com/powershell/module/exchangepowershell/), pure
    /// functions so tests check exactly what is sent. Every write passes Confirm:$false (a remote or REST run cannot
    /// answer a prompt; our own -Confirm has already been asked). Send on Behalf is always edited with
    /// @{Add}/@{Remove}, never overwritten, so other grantees stay.
    /// </summary>
    public static class ExchangeCommandBuilder
    {
        public const string SendAsExtendedRight = "Send-As";

        public static ExchangeCommand GetMailbox(string mailbox) =>
            new ExchangeCommand("Get-Mailbox").With("Identity", mailbox);

        public static ExchangeCommand GetFullAccess(string mailbox, string? user = null)
        {
            var c = new ExchangeCommand("Get-MailboxPermission").With("Identity", mailbox);
            return user == null ? c : c.With("User", user);
        }

        public static ExchangeCommand GrantFullAccess(string mailbox, string user, bool autoMapping = true) =>
            new ExchangeCommand("Add-MailboxPermission")
                .With("Identity", mailbox)
                .With("User", user)
                .With("AccessRights", new[] { "FullAccess" })
                .With("InheritanceType", "All")
                .With("AutoMapping", autoMapping)
                .With("Confirm", false);

        public static ExchangeCommand RevokeFullAccess(string mailbox, string user) =>
            new ExchangeCommand("Remove-MailboxPermission")
                .With("Identity", mailbox)
                .With("User", user)
                .With("AccessRights", new[] { "FullAccess" })
                .With("InheritanceType", "All")
                .With("Confirm", false);

        /// <summary>
        /// On-premises Send As is an AD extended right on the mailbox's AD object (identity: its distinguished name,
        /// read with Get-Mailbox); Exchange Online has Get-RecipientPermission.
        /// </summary>
        public static ExchangeCommand GetSendAs(ExchangeFlavor flavor, string identity, string? user = null)
        {
            if (flavor == ExchangeFlavor.Online)
            {
                var c = new ExchangeCommand("Get-RecipientPermission").With("Identity", identity);
                if (user != null)
                {
                    c.With("Trustee", user);
                }

                return c.With("AccessRights", new[] { "SendAs" });
            }

            var ad = new ExchangeCommand("Get-ADPermission").With("Identity", identity);
            return user == null ? ad : ad.With("User", user);
        }

        public static ExchangeCommand GrantSendAs(ExchangeFlavor flavor, string identity, string user) =>
            flavor == ExchangeFlavor.Online
                ? new ExchangeCommand("Add-RecipientPermission").With("Identity", identity).With("Trustee", user).With("AccessRights", new[] { "SendAs" }).With("Confirm", false)
                : new ExchangeCommand("Add-ADPermission").With("Identity", identity).With("User", user).With("ExtendedRights", new[] { SendAsExtendedRight }).With("Confirm", false);

        public static ExchangeCommand RevokeSendAs(ExchangeFlavor flavor, string identity, string user) =>
            flavor == ExchangeFlavor.Online
                ? new ExchangeCommand("Remove-RecipientPermission").With("Identity", identity).With("Trustee", user).With("AccessRights", new[] { "SendAs" }).With("Confirm", false)
                : new ExchangeCommand("Remove-ADPermission").With("Identity", identity).With("User", user).With("ExtendedRights", new[] { SendAsExtendedRight }).With("Confirm", false);

        public static ExchangeCommand GrantSendOnBehalf(string mailbox, string user) =>
            new ExchangeCommand("Set-Mailbox")
                .With("Identity", mailbox)
                .With("GrantSendOnBehalfTo", new ExchangeMultiValueEdit(new[] { user }, null))
                .With("Confirm", false);

        public static ExchangeCommand RevokeSendOnBehalf(string mailbox, string user) =>
            new ExchangeCommand("Set-Mailbox")
                .With("Identity", mailbox)
                .With("GrantSendOnBehalfTo", new ExchangeMultiValueEdit(null, new[] { user }))
                .With("Confirm", false);

        public static string Describe(ExchangeCommand command) => command?.ToString() ?? throw new ArgumentNullException(nameof(command));
    }
}
