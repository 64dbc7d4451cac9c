using System;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.Core.Publishing
{
    /// <summary>
    /// The Exchange cmdlet invocations for calendar publishing, pure functions so tests check exactly what is sent.
    /// Get-MailboxFolderStatistics -FolderScope Calendar finds the calendar by its folder type, not its localized name
    /// (https://learn.microsoft.com/powershell/module/exchangepowershell/get-mailboxfolderstatistics); the calendar is then
    /// named mailbox:\FolderPath, as Get-/Set-MailboxCalendarFolder take it
    /// (https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailboxcalendarfolder). Writes pass
    /// Confirm:$false (our own -Confirm has already been asked).
    /// </summary>
    public static class PublishingCommandBuilder
    {
        public static ExchangeCommand GetCalendarFolders(string mailbox) =>
            new ExchangeCommand("Get-MailboxFolderStatistics").With("Identity", mailbox).With("FolderScope", "Calendar");

        public static ExchangeCommand GetCalendarFolder(string identity) =>
            new ExchangeCommand("Get-MailboxCalendarFolder").With("Identity", identity);

        /// <summary>Publishes (or changes a publication of) the calendar; <paramref name="resetUrl"/> rotates its URLs.</summary>
        public static ExchangeCommand Publish(string identity, PublishingDetailLevel level, PublishingDateRange from, PublishingDateRange to, bool resetUrl)
        {
            var c = new ExchangeCommand("Set-MailboxCalendarFolder")
                .With("Identity", identity)
                .With("PublishEnabled", true)
                .With("DetailLevel", level.ToString())
                .With("PublishDateRangeFrom", from.ToString())
                .With("PublishDateRangeTo", to.ToString());
            if (resetUrl)
            {
                c.With("ResetUrl", true);
            }

            return c.With("Confirm", false);
        }

        public static ExchangeCommand Unpublish(string identity) =>
            new ExchangeCommand("Set-MailboxCalendarFolder")
                .With("Identity", identity)
                .With("PublishEnabled", false)
                .With("Confirm", false);

        /// <summary>mailbox:\Calendar or mailbox:\Calendar\Team Events from a FolderPath such as /Calendar/Team Events.</summary>
        public static string FolderIdentity(string mailbox, string folderPath)
        {
            if (mailbox is null)
            {
                throw new ArgumentNullException(nameof(mailbox));
            }

            var path = (folderPath ?? string.Empty).Trim().Trim('/', '\\').Replace('/', '\\');
            return mailbox.Trim() + ":\\" + path;
        }
    }
}
