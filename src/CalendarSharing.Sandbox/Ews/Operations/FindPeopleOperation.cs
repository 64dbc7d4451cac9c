using System;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// FindPeople in the global address list (ParentFolderId DistinguishedFolderId "directory"): the organisation's
    /// mailboxes (<see cref="SandboxOrganization.AddressListMailboxes"/>) one IndexedPageItemView at a time, each a Persona
    /// with its display name and email address (MailboxType Mailbox). The answer is one FindPeopleResponse message
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/findpeople-operation). Needs
    /// Exchange2013 (older RequestServerVersion → ErrorInvalidServerVersion, as for any operation the version lacks);
    /// any other parent folder → ErrorFolderNotFound (only the address list is modelled); QueryString is not modelled
    /// (ErrorInvalidRequest). BasePoint End counts the offset from the end.
    /// </summary>
    internal sealed class FindPeopleOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "FindPeople";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            if (context.RequestVersion.StartsWith("Exchange2007", StringComparison.Ordinal) || context.RequestVersion.StartsWith("Exchange2010", StringComparison.Ordinal)
                || context.RequestVersion == "Exchange2009" || context.RequestVersion == "Exchange2012")
            {
                throw new EwsFaultException("ErrorInvalidServerVersion");
            }

            if (request.Element(M + "QueryString") != null)
            {
                throw new EwsFaultException("ErrorInvalidRequest", "The sandbox's FindPeople lists the address list; QueryString is not modelled.");
            }

            var parent = request.Element(M + "ParentFolderId")?.Element(T + "DistinguishedFolderId");
            if (parent == null || !string.Equals((string?)parent.Attribute("Id"), "directory", StringComparison.Ordinal))
            {
                return SoapWriter.Failure("FindPeopleResponse", "ErrorFolderNotFound");
            }

            var view = request.Element(M + "IndexedPageItemView");
            var max = XmlConvert.ToInt32(((string?)view?.Attribute("MaxEntriesReturned") ?? "1000").Trim());
            var offset = XmlConvert.ToInt32(((string?)view?.Attribute("Offset") ?? "0").Trim());
            var fromEnd = string.Equals((string?)view?.Attribute("BasePoint"), "End", StringComparison.Ordinal);
            var all = context.Org.AddressListMailboxes();
            var start = Math.Max(0, Math.Min(all.Count, fromEnd ? all.Count - offset - max : offset));
            var page = all.Skip(start).Take(Math.Max(0, max)).ToList();
            return SoapWriter.Success(
                "FindPeopleResponse",
                new XElement(M + "People", page.Select(e => new XElement(T + "Persona",
                    new XElement(T + "PersonaId", new XAttribute("Id", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("persona:" + e.Sid)))),
                    new XElement(T + "PersonaType", "Person"),
                    new XElement(T + "DisplayName", e.DisplayName),
                    new XElement(T + "EmailAddress",
                        new XElement(T + "Name", e.DisplayName),
                        new XElement(T + "EmailAddress", e.Address),
                        new XElement(T + "RoutingType", "SMTP"),
                        new XElement(T + "MailboxType", "Mailbox"))))),
                new XElement(M + "TotalNumberOfPeopleInView", all.Count),
                new XElement(M + "FirstMatchingRowIndex", start),
                new XElement(M + "FirstLoadedRowIndex", start));
        }
    }
}
