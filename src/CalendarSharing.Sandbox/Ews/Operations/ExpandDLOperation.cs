using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// ExpandDL of a public distribution list named by its SMTP address (or alias): the group's direct members, each a
    /// t:Mailbox with Name, EmailAddress, RoutingType and MailboxType (a nested group is PublicDL and is not expanded:
    /// "Recursive expansion is not supported",
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/expanddl-operation). An address that
    /// names no group is ErrorNameResolutionNoResults, as ResolveNames answers a name it cannot find. Membership comes from
    /// the organisation's one group rule (<see cref="SandboxOrganization.MembersOf"/>).
    /// </summary>
    internal sealed class ExpandDLOperation : IEwsOperation
    {
        private const string MessageName = "ExpandDLResponseMessage";
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "ExpandDL";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var mailbox = request.Element(M + "Mailbox");
            var text = ((string?)mailbox?.Element(T + "EmailAddress") ?? string.Empty).Trim();
            var matches = text.Length == 0 ? new Directory.DirectoryEntry[0] : context.Org.Directory.Resolve(text).Where(e => e.IsGroup).ToArray();
            XElement message;
            if (matches.Length != 1)
            {
                // Several groups match a display name: the operation reports an error (the page above), as for none.
                message = SoapWriter.Failure(MessageName, matches.Length == 0 ? "ErrorNameResolutionNoResults" : "ErrorNameResolutionMultipleResults");
            }
            else
            {
                var members = context.Org.MembersOf(matches[0]);
                message = SoapWriter.Success(
                    MessageName,
                    new XElement(M + "DLExpansion",
                        new XAttribute("TotalItemsInView", members.Count),
                        new XAttribute("IncludesLastItemInRange", "true"),
                        members.Select(m => new XElement(T + "Mailbox",
                            new XElement(T + "Name", m.DisplayName),
                            new XElement(T + "EmailAddress", m.Address),
                            new XElement(T + "RoutingType", "SMTP"),
                            new XElement(T + "MailboxType", ResolveNamesOperation.MailboxType(m))))));
            }

            return new XElement(M + "ExpandDLResponse", new XElement(M + "ResponseMessages", message));
        }
    }
}
