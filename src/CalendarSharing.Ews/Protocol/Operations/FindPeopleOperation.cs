using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>One page of the people in the global address list.</summary>
    internal sealed class EwsPeoplePage
    {
        public EwsPeoplePage(IReadOnlyList<EwsResolution> people, int? total)
        {
            People = people;
            Total = total;
        }

        /// <summary>Each persona's display name and email address (with its MailboxType).</summary>
        public IReadOnlyList<EwsResolution> People { get; }

        /// <summary>TotalNumberOfPeopleInView, when the server gave it.</summary>
        public int? Total { get; }
    }

    /// <summary>
    /// FindPeople in the global address list (DistinguishedFolderId "directory"), one indexed page at a time: the way EWS
    /// enumerates the organisation's mailboxes, where ResolveNames stops at 100 candidates and cannot page
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/findpeople-operation,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/resolvenames). Exchange 2013 or later.
    /// The response is one message (FindPeopleResponse is itself a ResponseMessageType), not a ResponseMessages array.
    /// </summary>
    internal sealed class FindPeopleOperation : EwsOperation<EwsItemResult<EwsPeoplePage>>
    {
        public FindPeopleOperation(int offset, int maxEntries)
        {
            Offset = Math.Max(0, offset);
            MaxEntries = Math.Max(1, maxEntries);
        }

        public int Offset { get; }

        public int MaxEntries { get; }

        public override string Name => "FindPeople";

        public override string MinimumVersion => "Exchange2013";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XElement(
                    EwsXml.M + "PersonaShape",
                    new XElement(EwsXml.T + "BaseShape", "IdOnly"),
                    new XElement(
                        EwsXml.T + "AdditionalProperties",
                        new XElement(EwsXml.T + "FieldURI", new XAttribute("FieldURI", "persona:DisplayName")),
                        new XElement(EwsXml.T + "FieldURI", new XAttribute("FieldURI", "persona:EmailAddress")))),
                new XElement(
                    EwsXml.M + "IndexedPageItemView",
                    new XAttribute("MaxEntriesReturned", MaxEntries.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("Offset", Offset.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("BasePoint", "Beginning")),
                new XElement(EwsXml.M + "ParentFolderId", new XElement(EwsXml.T + "DistinguishedFolderId", new XAttribute("Id", "directory"))));

        public override EwsItemResult<EwsPeoplePage> ReadResponse(XElement payload)
        {
            if (payload.Name.LocalName != Name + "Response")
            {
                throw new EwsProtocolException($"Expected {Name}Response but the server answered {payload.Name.LocalName}.");
            }

            var message = EwsEnvelopeReader.ReadMessage(payload);
            if (!message.IsSuccess)
            {
                return new EwsItemResult<EwsPeoplePage>(message, null);
            }

            var people = payload.Child("People").Children("Persona").Select(p =>
            {
                var address = p.Child("EmailAddress");
                return new EwsResolution(p.ChildValue("DisplayName") ?? address.ChildValue("Name"), address.ChildValue("EmailAddress"), address.ChildValue("RoutingType"), address.ChildValue("MailboxType"));
            }).ToList();
            var total = payload.ChildValue("TotalNumberOfPeopleInView");
            return new EwsItemResult<EwsPeoplePage>(message, new EwsPeoplePage(people, total != null && int.TryParse(total.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null));
        }
    }
}
