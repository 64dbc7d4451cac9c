using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// GetItem of calendar items: one GetItemResponseMessage per id, in request order. A series master carries its
    /// Recurrence, FirstOccurrence, ModifiedOccurrences and DeletedOccurrences when asked
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-access-a-recurring-series-by-using-ews).
    /// </summary>
    internal sealed class GetItemOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;

        public string Name => "GetItem";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var shape = ItemShape.Parse(request.Element(M + "ItemShape"));
            var messages = new XElement(M + "ResponseMessages");
            foreach (var id in request.Element(M + "ItemIds")?.Elements() ?? Enumerable.Empty<XElement>())
            {
                try
                {
                    var target = ItemResolver.Resolve(id, context, ItemAccess.Read);
                    var item = context.Org.FindItem(target.Folder, target.Id) ?? throw new EwsItemException("ErrorItemNotFound");
                    messages.Add(SoapWriter.Success("GetItemResponseMessage", new XElement(M + "Items", CalendarItemXml.Write(target.HidePrivate ? CalendarItemXml.Masked(item) : item, target.Folder, shape, false, context.RequestVersion))));
                }
                catch (EwsItemException error)
                {
                    messages.Add(SoapWriter.Failure("GetItemResponseMessage", error, new XElement(M + "Items")));
                }
            }

            return new XElement(M + "GetItemResponse", messages);
        }
    }
}
