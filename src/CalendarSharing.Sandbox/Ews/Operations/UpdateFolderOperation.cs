using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// UpdateFolder with SetFolderField folder:PermissionSet: whole-set replacement, one message per FolderChange.
    /// ChangeKey rules (codes from
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/responsecode; which one for which
    /// case is the sandbox's own choice): missing → ErrorChangeKeyRequiredForWriteOperations, not current →
    /// ErrorStaleObject. The check and the replacement happen under the folder's lock, so two writers cannot both win.
    /// </summary>
    internal sealed class UpdateFolderOperation : IEwsOperation
    {
        private const string PermissionSetField = "folder:PermissionSet";
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "UpdateFolder";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var changes = request.Element(M + "FolderChanges")?.Elements(T + "FolderChange") ?? Enumerable.Empty<XElement>();
            var messages = new XElement(M + "ResponseMessages");
            foreach (var change in changes)
            {
                try
                {
                    var (folder, changeKey) = Apply(change, context);
                    messages.Add(SoapWriter.Success("UpdateFolderResponseMessage",
                        new XElement(M + "Folders", new XElement(T + (folder.IsCalendar ? "CalendarFolder" : "Folder"), FolderXml.FolderId(folder.Id, changeKey)))));
                }
                catch (EwsItemException error)
                {
                    messages.Add(SoapWriter.Failure("UpdateFolderResponseMessage", error, new XElement(M + "Folders")));
                }
            }

            return new XElement(M + "UpdateFolderResponse", messages);
        }

        private static (SandboxFolder Folder, string ChangeKey) Apply(XElement change, EwsRequestContext context)
        {
            var id = change.Elements().FirstOrDefault(e => e.Name == T + "FolderId" || e.Name == T + "DistinguishedFolderId")
                ?? throw new EwsItemException("ErrorInvalidIdMalformed");
            var folder = FolderResolver.Resolve(id, context);
            var expected = (string?)id.Attribute("ChangeKey");
            if (string.IsNullOrEmpty(expected))
            {
                throw new EwsItemException("ErrorChangeKeyRequiredForWriteOperations");
            }

            var current = expected!;
            foreach (var update in change.Element(T + "Updates")?.Elements() ?? Enumerable.Empty<XElement>())
            {
                var entries = ReadPermissionUpdate(update, folder, context);
                current = folder.Replace(entries, current) ?? throw new EwsItemException("ErrorStaleObject");
            }

            return (folder, current);
        }

        private static List<AclEntry> ReadPermissionUpdate(XElement update, SandboxFolder folder, EwsRequestContext context)
        {
            // Only SetFolderField on folder:PermissionSet is modelled (AppendToFolderField/DeleteFolderField are not).
            var field = (string?)update.Element(T + "FieldURI")?.Attribute("FieldURI");
            if (update.Name != T + "SetFolderField" || field != PermissionSetField || !folder.IsCalendar)
            {
                throw new EwsItemException("ErrorInvalidPropertySet", "The sandbox supports only SetFolderField on folder:PermissionSet of a calendar folder.");
            }

            var folderElement = update.Elements().FirstOrDefault(e => e.Name != T + "FieldURI" && e.Name != T + "ExtendedFieldURI" && e.Name != T + "IndexedFieldURI")
                ?? throw new EwsItemException("ErrorIncorrectUpdatePropertyCount");
            var properties = folderElement.Elements().ToList();
            if (properties.Count != 1)
            {
                throw new EwsItemException("ErrorIncorrectUpdatePropertyCount");
            }

            var calendarPermissions = properties[0].Name == T + "PermissionSet" ? properties[0].Element(T + "CalendarPermissions") : null;
            if (calendarPermissions == null)
            {
                throw new EwsItemException("ErrorInvalidPropertySet", "A calendar folder takes t:CalendarFolder/t:PermissionSet/t:CalendarPermissions.");
            }

            return PermissionXml.ReadSet(calendarPermissions, context.Org, folder);
        }
    }
}
