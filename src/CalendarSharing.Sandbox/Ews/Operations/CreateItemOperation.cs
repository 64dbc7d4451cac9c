using System;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// CreateItem of calendar items into the Calendar or the folder SavedItemFolderId names, one message per item
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/createitem-operation-calendar-item).
    /// SendMeetingInvitations is required for calendar items (ErrorSendMeetingInvitationsRequired). Unqualified times are in
    /// the StartTimeZone (2010+) or MeetingTimeZone (2007) the item names, else UTC. A create is not idempotent: a retry
    /// makes a second item (clients find their earlier create by an extended property).
    /// </summary>
    internal sealed class CreateItemOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "CreateItem";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var messages = new XElement(M + "ResponseMessages");
            var send = (string?)request.Attribute("SendMeetingInvitations");
            SandboxFolder? folder = null;
            EwsItemException? folderError = null;
            try
            {
                var saved = request.Element(M + "SavedItemFolderId")?.Elements().FirstOrDefault();
                folder = saved != null
                    ? ItemResolver.Folder(saved, context, ItemAccess.Create).Folder
                    : (context.DefaultMailbox ?? throw new EwsItemException("ErrorNonExistentMailbox")).Calendar;
                if (!folder.IsCalendar)
                {
                    throw new EwsItemException("ErrorCannotCreateCalendarItemInNonCalendarFolder", "A calendar item can only be created in a calendar folder.");
                }
            }
            catch (EwsItemException error)
            {
                folderError = error;
            }

            foreach (var item in request.Element(M + "Items")?.Elements() ?? Enumerable.Empty<XElement>())
            {
                try
                {
                    if (folderError != null)
                    {
                        throw folderError;
                    }

                    if (item.Name != T + "CalendarItem")
                    {
                        throw new EwsItemException("ErrorInvalidItemForOperationCreateItem", "The sandbox creates calendar items only.");
                    }

                    if (send == null)
                    {
                        throw new EwsItemException("ErrorSendMeetingInvitationsRequired", "SendMeetingInvitations is required for calendar items.");
                    }

                    var created = Create(item, folder!, send, context);
                    messages.Add(SoapWriter.Success("CreateItemResponseMessage", new XElement(M + "Items",
                        new XElement(T + "CalendarItem", new XElement(T + "ItemId", new XAttribute("Id", created.Id), new XAttribute("ChangeKey", EventIds.ChangeKey(created)))))));
                }
                catch (EwsItemException error)
                {
                    messages.Add(SoapWriter.Failure("CreateItemResponseMessage", error, new XElement(M + "Items")));
                }
            }

            return new XElement(M + "CreateItemResponse", messages);
        }

        private static SandboxEvent Create(XElement item, SandboxFolder folder, string send, EwsRequestContext context)
        {
            var zone = CalendarItemXml.ZoneOf(item, context.RequestVersion) ?? "UTC";
            var draft = new SandboxEvent { TimeZone = zone, Organizer = folder.Mailbox.Address };
            CalendarItemXml.Apply(item, draft, zone, context.RequestVersion, context.Org);
            if (item.Element(T + "Start") == null || item.Element(T + "End") == null)
            {
                throw new EwsItemException("ErrorCalendarInvalidPropertyValue", "A calendar item needs a Start and an End.");
            }

            if (draft.EndUtc < draft.StartUtc)
            {
                throw new EwsItemException("ErrorCalendarEndDateIsEarlierThanStartDate", "The End of the item is earlier than its Start.");
            }

            if (draft.Recurrence != null)
            {
                draft.Recurrence.TimeZone = zone;
                if (draft.Recurrence.StartDate == default)
                {
                    draft.Recurrence.StartDate = RecurrenceExpander.ToLocal(draft.StartUtc, RecurrenceExpander.Zone(zone)).Date;
                }
            }

            foreach (var attendee in draft.Attendees.Where(a => a.Response == AttendeeResponse.None))
            {
                attendee.Response = AttendeeResponse.NotResponded;
            }

            var created = context.Org.CreateEvent(folder, draft);
            if (send != "SendToNone" && created.Attendees.Count > 0)
            {
                context.Org.CountMeetingMessages(created.Attendees.Count);
            }

            return created;
        }
    }
}
