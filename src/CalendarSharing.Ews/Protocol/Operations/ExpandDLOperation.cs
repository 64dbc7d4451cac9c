using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// ExpandDL of one public distribution list by SMTP address: its direct members, each a t:Mailbox (a nested group
    /// comes back with MailboxType PublicDL, to expand in its own call: the server does not recurse,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/expanddl-operation).
    /// </summary>
    internal sealed class ExpandDLOperation : EwsOperation<EwsItemResult<IReadOnlyList<EwsResolution>>>
    {
        public ExpandDLOperation(string address)
        {
            Address = address;
        }

        public string Address { get; }

        public override string Name => "ExpandDL";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XElement(EwsXml.M + "Mailbox", new XElement(EwsXml.T + "EmailAddress", Address)));

        public override EwsItemResult<IReadOnlyList<EwsResolution>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count == 0)
            {
                throw new EwsProtocolException("ExpandDLResponse has no response message.");
            }

            var m = messages[0];
            var message = EwsEnvelopeReader.ReadMessage(m);
            var members = m.Child("DLExpansion").Children("Mailbox")
                .Select(mb => new EwsResolution(mb.ChildValue("Name"), mb.ChildValue("EmailAddress"), mb.ChildValue("RoutingType"), mb.ChildValue("MailboxType")))
                .ToList();
            return new EwsItemResult<IReadOnlyList<EwsResolution>>(message, members);
        }
    }
}
