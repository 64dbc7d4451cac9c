using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>Writes t:CalendarFolder / t:Folder in schema order (BaseFolderType, then the calendar extension).</summary>
    internal static class FolderXml
    {
        private static readonly XNamespace T = EwsNames.T;

        public static XElement Write(SandboxFolder folder, FolderShape shape)
        {
            var snapshot = folder.Read();
            var element = new XElement(T + (folder.IsCalendar ? "CalendarFolder" : "Folder"),
                FolderId(folder.Id, snapshot.ChangeKey));
            if (folder.Parent != null && (shape.IsAll || shape.Wants("folder:ParentFolderId")))
            {
                element.Add(new XElement(T + "ParentFolderId", new XAttribute("Id", folder.Parent.Id), new XAttribute("ChangeKey", folder.Parent.CurrentChangeKey)));
            }

            if (shape.IsAll || shape.Wants("folder:FolderClass"))
            {
                element.Add(new XElement(T + "FolderClass", folder.FolderClass));
            }

            // Choice: DisplayName is always written (also with IdOnly), so clients can show and match calendars
            // without asking for folder:DisplayName; a real server writes it only for Default/AllProperties or on request.
            element.Add(new XElement(T + "DisplayName", folder.DisplayName));
            if (shape.IsDefaultOrMore || shape.Wants("folder:TotalCount"))
            {
                element.Add(new XElement(T + "TotalCount", "0"));
            }

            if (shape.IsDefaultOrMore || shape.Wants("folder:ChildFolderCount"))
            {
                element.Add(new XElement(T + "ChildFolderCount", folder.Children.Count));
            }

            if (folder.IsCalendar)
            {
                if (shape.Wants("folder:PermissionSet"))
                {
                    element.Add(new XElement(T + "PermissionSet",
                        new XElement(T + "CalendarPermissions", snapshot.Entries.Select(PermissionXml.Write))));
                }
            }
            else if (shape.IsDefaultOrMore || shape.Wants("folder:UnreadCount"))
            {
                // Choice: the sandbox keeps no ACL on non-calendar folders, so folder:PermissionSet is not written for them.
                element.Add(new XElement(T + "UnreadCount", "0"));
            }

            return element;
        }

        public static XElement FolderId(string id, string changeKey) =>
            new XElement(T + "FolderId", new XAttribute("Id", id), new XAttribute("ChangeKey", changeKey));
    }
}
