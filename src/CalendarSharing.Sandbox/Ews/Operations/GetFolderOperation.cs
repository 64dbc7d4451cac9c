using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>GetFolder: one GetFolderResponseMessage per folder id, in request order, each with its own ResponseClass.</summary>
    internal sealed class GetFolderOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;

        public string Name => "GetFolder";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var shape = FolderShape.Parse(request.Element(M + "FolderShape"));
            var ids = request.Element(M + "FolderIds")?.Elements() ?? Enumerable.Empty<XElement>();
            var messages = new XElement(M + "ResponseMessages");
            foreach (var id in ids)
            {
                try
                {
                    var folder = FolderResolver.Resolve(id, context);
                    messages.Add(SoapWriter.Success("GetFolderResponseMessage", new XElement(M + "Folders", FolderXml.Write(folder, shape))));
                }
                catch (EwsItemException error)
                {
                    // As for GetItem's empty m:Items, an error message carries an empty m:Folders.
                    messages.Add(SoapWriter.Failure("GetFolderResponseMessage", error, new XElement(M + "Folders")));
                }
            }

            return new XElement(M + "GetFolderResponse", messages);
        }
    }
}
