using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// DeleteItem of calendar items to Deleted Items, sending no cancellations unless asked: SendMeetingCancellations is
    /// required for calendar items (https://learn.microsoft.com/exchange/client-developer/web-service-reference/deleteitem).
    /// An occurrence id cancels that occurrence only.
    /// </summary>
    internal sealed class DeleteItemOperation : EwsOperation<IReadOnlyList<EwsResponseMessage>>
    {
        public DeleteItemOperation(IReadOnlyList<string> ids, bool sendCancellations = false)
        {
            if (ids.Count == 0)
            {
                throw new ArgumentException("DeleteItem needs at least one id.", nameof(ids));
            }

            Ids = ids;
            SendCancellations = sendCancellations;
        }

        public IReadOnlyList<string> Ids { get; }

        public bool SendCancellations { get; }

        public override string Name => "DeleteItem";

        public override XElement WriteRequest() =>
            new XElement(EwsXml.M + Name,
                new XAttribute("DeleteType", "MoveToDeletedItems"),
                new XAttribute("SendMeetingCancellations", SendCancellations ? "SendToAllAndSaveCopy" : "SendToNone"),
                new XElement(EwsXml.M + "ItemIds", Ids.Select(i => new XElement(EwsXml.T + "ItemId", new XAttribute("Id", i)))));

        public override IReadOnlyList<EwsResponseMessage> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != Ids.Count)
            {
                throw new EwsProtocolException($"DeleteItem sent {Ids.Count} ids but the server answered {messages.Count}.");
            }

            return messages.Select(EwsEnvelopeReader.ReadMessage).ToList();
        }
    }
}
