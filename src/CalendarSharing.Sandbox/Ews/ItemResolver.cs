using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>An item named by a request: its folder, its id (an occurrence id for occurrences) and the ChangeKey sent.</summary>
    internal sealed class ItemTarget
    {
        public ItemTarget(SandboxFolder folder, string id, string? changeKey, bool hidePrivate)
        {
            Folder = folder;
            Id = id;
            ChangeKey = changeKey;
            HidePrivate = hidePrivate;
        }

        /// <summary>The caller reads another's calendar by its permissions: private items show their times only.</summary>
        public bool HidePrivate { get; }

        public SandboxFolder Folder { get; }

        public string Id { get; }

        public string? ChangeKey { get; }
    }

    /// <summary>
    /// Turns t:ItemId, t:OccurrenceItemId and t:RecurringMasterItemId into an item of a calendar folder, or a per-item error
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/itemids). Ids encode their mailbox.
    /// Access: the owner, or the admin acting explicitly, or anyone the calendar's permissions allow
    /// (<see cref="SandboxOrganization.MayAccessItems"/>); others get ErrorAccessDenied.
    /// </summary>
    internal static class ItemResolver
    {
        private static readonly XNamespace T = EwsNames.T;

        public static ItemTarget Resolve(XElement id, EwsRequestContext context, ItemAccess access)
        {
            var changeKey = (string?)id.Attribute("ChangeKey");
            switch (id.Name.LocalName)
            {
                case "ItemId":
                    return ById((string?)id.Attribute("Id") ?? string.Empty, changeKey, context, access);
                case "OccurrenceItemId":
                    var master = ById((string?)id.Attribute("RecurringMasterId") ?? string.Empty, changeKey, context, access);
                    var stored = master.Folder.Items.Find(master.Id);
                    if (stored?.Recurrence is null)
                    {
                        throw new EwsItemException("ErrorCalendarCannotUseIdForRecurringMasterId", "The id does not name a recurring series.");
                    }

                    var index = int.Parse(((string?)id.Attribute("InstanceIndex") ?? "0").Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    var occurrence = context.Org.OccurrenceIdByIndex(stored, index)
                        ?? throw new EwsItemException("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", "The occurrence index is outside the series' range.");
                    return new ItemTarget(master.Folder, occurrence, changeKey, master.HidePrivate);
                case "RecurringMasterItemId":
                    var target = ById((string?)id.Attribute("OccurrenceId") ?? string.Empty, changeKey, context, access);
                    if (EventIds.TryParseOccurrence(target.Id, out var masterId, out _))
                    {
                        return new ItemTarget(target.Folder, masterId, changeKey, target.HidePrivate);
                    }

                    var item = target.Folder.Items.Find(target.Id);
                    if (item?.Recurrence is null)
                    {
                        throw new EwsItemException("ErrorCalendarCannotUseIdForOccurrenceId", "The id does not name an occurrence of a series.");
                    }

                    return target;
                default:
                    throw new EwsItemException("ErrorInvalidIdMalformed");
            }
        }

        private static ItemTarget ById(string id, string? changeKey, EwsRequestContext context, ItemAccess access)
        {
            var address = EventIds.MailboxOf(id) ?? throw new EwsItemException("ErrorInvalidIdMalformed");
            var mailbox = context.Org.FindEwsMailbox(address) ?? throw new EwsItemException("ErrorItemNotFound");
            var folder = context.Org.FolderOfItem(mailbox, id) ?? throw new EwsItemException("ErrorItemNotFound");
            return new ItemTarget(folder, id, changeKey, Demand(folder, context, access));
        }

        /// <summary>A parent or target folder (FindItem, CreateItem) for item access: the folder rules, then the item rights.</summary>
        public static (SandboxFolder Folder, bool HidePrivate) Folder(XElement folderId, EwsRequestContext context, ItemAccess access)
        {
            SandboxFolder folder;
            if (folderId.Name == T + "FolderId")
            {
                if (!FolderIds.TryDecode((string?)folderId.Attribute("Id") ?? string.Empty, out var address, out var key))
                {
                    throw new EwsItemException("ErrorInvalidIdMalformed");
                }

                var mailbox = context.Org.FindEwsMailbox(address);
                folder = mailbox?.FindByKey(key) ?? throw new EwsItemException("ErrorFolderNotFound");
            }
            else if (folderId.Name == T + "DistinguishedFolderId")
            {
                var mailboxElement = folderId.Element(T + "Mailbox");
                var mailbox = mailboxElement == null
                    ? context.DefaultMailbox ?? throw new EwsItemException("ErrorNonExistentMailbox")
                    : context.Org.FindEwsMailbox(((string?)mailboxElement.Element(T + "EmailAddress") ?? string.Empty).Trim()) ?? throw new EwsItemException("ErrorNonExistentMailbox");
                folder = mailbox.FindDistinguished((string?)folderId.Attribute("Id") ?? string.Empty) ?? throw new EwsItemException("ErrorFolderNotFound");
            }
            else
            {
                throw new EwsItemException("ErrorFolderNotFound");
            }

            return (folder, Demand(folder, context, access));
        }

        /// <summary>Throws ErrorAccessDenied unless allowed; true when private items are to be hidden (a reader by permission).</summary>
        private static bool Demand(SandboxFolder folder, EwsRequestContext context, ItemAccess access)
        {
            if (context.CanAccess(folder.Mailbox))
            {
                return false;
            }

            if (!context.Org.MayAccessItems(context.Effective.Address, folder, access))
            {
                throw new EwsItemException("ErrorAccessDenied");
            }

            return true;
        }
    }
}
