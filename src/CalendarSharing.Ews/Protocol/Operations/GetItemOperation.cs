using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>GetItem of calendar items (or of the series of occurrences); one result per id, in request order.</summary>
    internal sealed class GetItemOperation : EwsOperation<IReadOnlyList<EwsItemResult<EwsCalendarItem>>>
    {
        public GetItemOperation(IReadOnlyList<EwsItemReference> ids, XElement shape)
        {
            if (ids.Count == 0)
            {
                throw new ArgumentException("GetItem needs at least one id.", nameof(ids));
            }

            Ids = ids;
            Shape = shape;
        }

        public IReadOnlyList<EwsItemReference> Ids { get; }

        public XElement Shape { get; }

        public override string Name => "GetItem";

        public override XElement WriteRequest() =>
            new XElement(EwsXml.M + Name, Shape, new XElement(EwsXml.M + "ItemIds", Ids.Select(i => i.Write())));

        public override IReadOnlyList<EwsItemResult<EwsCalendarItem>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != Ids.Count)
            {
                throw new EwsProtocolException($"GetItem asked for {Ids.Count} items but the server answered {messages.Count}.");
            }

            return messages.Select(m =>
            {
                var item = m.Child("Items").Child("CalendarItem");
                return new EwsItemResult<EwsCalendarItem>(EwsEnvelopeReader.ReadMessage(m), item == null ? null : EwsCalendarXml.Read(item));
            }).ToList();
        }
    }
}
