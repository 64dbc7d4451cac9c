using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>ResolveNames of one entry against the directory.</summary>
    internal sealed class ResolveNamesOperation : EwsOperation<EwsItemResult<IReadOnlyList<EwsResolution>>>
    {
        public ResolveNamesOperation(string entry, string searchScope = "ActiveDirectoryContacts")
        {
            Entry = entry;
            SearchScope = searchScope;
        }

        public string Entry { get; }

        public string SearchScope { get; }

        public override string Name => "ResolveNames";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XAttribute("ReturnFullContactData", "false"),
                new XAttribute("SearchScope", SearchScope),
                new XElement(EwsXml.M + "UnresolvedEntry", Entry));

        public override EwsItemResult<IReadOnlyList<EwsResolution>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count == 0)
            {
                throw new EwsProtocolException("ResolveNamesResponse has no response message.");
            }

            var m = messages[0];
            var message = EwsEnvelopeReader.ReadMessage(m);
            var list = m.Child("ResolutionSet").Children("Resolution").Select(r =>
            {
                var mb = r.Child("Mailbox");
                return new EwsResolution(mb.ChildValue("Name"), mb.ChildValue("EmailAddress"), mb.ChildValue("RoutingType"), mb.ChildValue("MailboxType"));
            }).ToList();
            return new EwsItemResult<IReadOnlyList<EwsResolution>>(message, list);
        }
    }
}
