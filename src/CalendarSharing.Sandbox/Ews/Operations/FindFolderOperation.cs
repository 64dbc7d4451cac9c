using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// FindFolder under each parent (one message per parent, in order), Shallow or Deep. Only calendar folders are
    /// modelled, so only calendar folders are found. Restriction: IsEqualTo on folder:DisplayName or folder:FolderClass
    /// with a constant (case-insensitive, as Exchange compares strings); any other restriction → ErrorInvalidRestriction.
    /// Paging views are accepted and ignored: every match is returned with IncludesLastItemInRange="true".
    /// </summary>
    internal sealed class FindFolderOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "FindFolder";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var shape = FolderShape.Parse(request.Element(M + "FolderShape"));
            var traversal = (string?)request.Attribute("Traversal") ?? "Shallow";
            var parents = request.Element(M + "ParentFolderIds")?.Elements() ?? Enumerable.Empty<XElement>();
            var messages = new XElement(M + "ResponseMessages");
            foreach (var parentId in parents)
            {
                try
                {
                    var filter = ParseRestriction(request.Element(M + "Restriction"));
                    var parent = FolderResolver.Resolve(parentId, context);
                    IEnumerable<SandboxFolder> candidates = traversal == "Deep" ? parent.Descendants()
                        : traversal == "Shallow" ? parent.Children
                        : Enumerable.Empty<SandboxFolder>(); // SoftDeleted: nothing is ever deleted here.
                    var found = candidates.Where(f => f.IsCalendar && filter(f)).ToList();
                    messages.Add(SoapWriter.Success("FindFolderResponseMessage",
                        new XElement(M + "RootFolder",
                            new XAttribute("IndexedPagingOffset", found.Count),
                            new XAttribute("TotalItemsInView", found.Count),
                            new XAttribute("IncludesLastItemInRange", "true"),
                            new XElement(T + "Folders", found.Select(f => FolderXml.Write(f, shape))))));
                }
                catch (EwsItemException error)
                {
                    messages.Add(SoapWriter.Failure("FindFolderResponseMessage", error));
                }
            }

            return new XElement(M + "FindFolderResponse", messages);
        }

        private static Func<SandboxFolder, bool> ParseRestriction(XElement? restriction)
        {
            var expression = restriction?.Elements().FirstOrDefault();
            if (expression == null)
            {
                return _ => true;
            }

            var field = (string?)expression.Element(T + "FieldURI")?.Attribute("FieldURI");
            var constant = (string?)expression.Element(T + "FieldURIOrConstant")?.Element(T + "Constant")?.Attribute("Value");
            if (expression.Name != T + "IsEqualTo" || constant == null)
            {
                throw new EwsItemException("ErrorInvalidRestriction");
            }

            switch (field)
            {
                case "folder:DisplayName":
                    return f => string.Equals(f.DisplayName, constant, StringComparison.OrdinalIgnoreCase);
                case "folder:FolderClass":
                    return f => string.Equals(f.FolderClass, constant, StringComparison.OrdinalIgnoreCase);
                default:
                    throw new EwsItemException("ErrorInvalidRestriction");
            }
        }
    }
}
