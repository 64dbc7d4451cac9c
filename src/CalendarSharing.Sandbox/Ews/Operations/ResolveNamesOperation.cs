using System.Linq;
using System.Xml;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Directory;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// ResolveNames against the directory (SMTP address, alias or CONTOSO\alias, display-name prefix). One match →
    /// Success; several → ResponseClass="Warning" ErrorNameResolutionMultipleResults with every candidate; none →
    /// Error ErrorNameResolutionNoResults. Mailbox users and rooms are MailboxType Mailbox, the external contact Contact,
    /// a group (distribution or mail-enabled security) PublicDL, which ExpandDL then expands
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/mailboxtype).
    /// </summary>
    internal sealed class ResolveNamesOperation : IEwsOperation
    {
        private const string MessageName = "ResolveNamesResponseMessage";
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "ResolveNames";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var text = (string?)request.Element(M + "UnresolvedEntry") ?? string.Empty;
            var fullContact = XmlConvert.ToBoolean(((string?)request.Attribute("ReturnFullContactData") ?? "false").Trim());
            var matches = context.Org.Directory.Resolve(text);
            XElement message;
            if (matches.Count == 0)
            {
                message = SoapWriter.Failure(MessageName, "ErrorNameResolutionNoResults");
            }
            else
            {
                var set = new XElement(M + "ResolutionSet",
                    new XAttribute("TotalItemsInView", matches.Count),
                    new XAttribute("IncludesLastItemInRange", "true"),
                    matches.Select(m => Resolution(m, fullContact)));
                message = matches.Count == 1
                    ? SoapWriter.Success(MessageName, set)
                    : SoapWriter.Failure(MessageName, "ErrorNameResolutionMultipleResults", null, "Warning", set);
            }

            return new XElement(M + "ResolveNamesResponse", new XElement(M + "ResponseMessages", message));
        }

        /// <summary>t:MailboxType of a directory entry (ExpandDL's members use the same words).</summary>
        internal static string MailboxType(DirectoryEntry entry) =>
            entry.IsGroup ? "PublicDL" : entry.HasMailbox ? "Mailbox" : "Contact";

        private static XElement Resolution(DirectoryEntry entry, bool fullContact)
        {
            var resolution = new XElement(T + "Resolution",
                new XElement(T + "Mailbox",
                    new XElement(T + "Name", entry.DisplayName),
                    new XElement(T + "EmailAddress", entry.Address),
                    new XElement(T + "RoutingType", "SMTP"),
                    new XElement(T + "MailboxType", MailboxType(entry))));
            if (fullContact)
            {
                resolution.Add(new XElement(T + "Contact",
                    new XElement(T + "DisplayName", entry.DisplayName),
                    new XElement(T + "EmailAddresses", new XElement(T + "Entry", new XAttribute("Key", "EmailAddress1"), "SMTP:" + entry.Address)),
                    new XElement(T + "ContactSource", "ActiveDirectory")));
            }

            return resolution;
        }
    }
}
