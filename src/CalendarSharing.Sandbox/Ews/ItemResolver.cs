using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>An item named by a request: its folder, its id (an occurrence id for occurrences) and the ChangeKey sent.</summary>
    internal sealed class ItemTarget
    {
        public ItemTarget(SandboxFolder folder, string id, string? changeKey)
        {
            Folder = folder;
            Id = id;
            ChangeKey = changeKey;
        }

        public SandboxFolder Folder { get; }

        public string Id { get; }

        public string? ChangeKey { get; }
    }

    /// <summary>
    /// Turns t:ItemId, t:OccurrenceItemId and t:RecurringMasterItemId into an item of a calendar folder, or a per-item error
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/itemids). Ids encode their mailbox,
    /// so access follows the same rule as folders: the owner, or the admin acting explicitly.
    /// </summary>
    internal static class ItemResolver
    {
        private static readonly XNamespace T = EwsNames.T;

        public static ItemTarget Resolve(XElement id, EwsRequestContext context)
        {
            var changeKey = (string?)id.Attribute("ChangeKey");
            switch (id.Name.LocalName)
            {
                case "ItemId":
                    return ById((string?)id.Attribute("Id") ?? string.Empty, changeKey, context);
                case "OccurrenceItemId":
                    var master = ById((string?)id.Attribute("RecurringMasterId") ?? string.Empty, changeKey, context);
                    var stored = master.Folder.Items.Find(master.Id);
                    if (stored?.Recurrence is null)
                    {
                        throw new EwsItemException("ErrorCalendarCannotUseIdForRecurringMasterId", "The id does not name a recurring series.");
                    }

                    var index = int.Parse(((string?)id.Attribute("InstanceIndex") ?? "0").Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    var occurrence = context.Org.OccurrenceIdByIndex(stored, index)
                        ?? throw new EwsItemException("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", "The occurrence index is outside the series' range.");
                    return new ItemTarget(master.Folder, occurrence, changeKey);
                case "RecurringMasterItemId":
                    var target = ById((string?)id.Attribute("OccurrenceId") ?? string.Empty, changeKey, context);
                    if (EventIds.TryParseOccurrence(target.Id, out var masterId, out _))
                    {
                        return new ItemTarget(target.Folder, masterId, changeKey);
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

        private static ItemTarget ById(string id, string? changeKey, EwsRequestContext context)
        {
            var address = EventIds.MailboxOf(id) ?? throw new EwsItemException("ErrorInvalidIdMalformed");
            var mailbox = context.Org.FindEwsMailbox(address) ?? throw new EwsItemException("ErrorItemNotFound");
            context.DemandAccess(mailbox);
            var folder = context.Org.FolderOfItem(mailbox, id) ?? throw new EwsItemException("ErrorItemNotFound");
            return new ItemTarget(folder, id, changeKey);
        }
    }
}
