using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// DeleteItem of calendar items, one message per id: a single event or a whole series goes, an occurrence becomes a
    /// cancelled occurrence of its series (it shows in the master's DeletedOccurrences). SendMeetingCancellations is
    /// required for calendar items (https://learn.microsoft.com/exchange/client-developer/web-service-reference/deleteitem).
    /// </summary>
    internal sealed class DeleteItemOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;

        public string Name => "DeleteItem";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var send = (string?)request.Attribute("SendMeetingCancellations");
            var messages = new XElement(M + "ResponseMessages");
            foreach (var id in request.Element(M + "ItemIds")?.Elements() ?? Enumerable.Empty<XElement>())
            {
                try
                {
                    var target = ItemResolver.Resolve(id, context, ItemAccess.Delete);
                    var item = context.Org.FindItem(target.Folder, target.Id) ?? throw new EwsItemException("ErrorItemNotFound");
                    if (send == null)
                    {
                        throw new EwsItemException("ErrorSendMeetingCancellationsRequired", "SendMeetingCancellations is required for calendar items.");
                    }

                    if (!context.Org.DeleteEvent(target.Folder, target.Id))
                    {
                        throw new EwsItemException("ErrorItemNotFound");
                    }

                    if (send != "SendToNone" && item.Item.Attendees.Count > 0)
                    {
                        context.Org.CountMeetingMessages(item.Item.Attendees.Count);
                    }

                    messages.Add(SoapWriter.Success("DeleteItemResponseMessage"));
                }
                catch (EwsItemException error)
                {
                    messages.Add(SoapWriter.Failure("DeleteItemResponseMessage", error));
                }
            }

            return new XElement(M + "DeleteItemResponse", messages);
        }
    }
}
