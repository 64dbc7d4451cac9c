using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>Readers for the shared types (lenient: by local name).</summary>
    internal static class EwsTypeReader
    {
        public static EwsUserId UserId(XElement? e) => new EwsUserId
        {
            Sid = e.ChildValue("SID"),
            PrimarySmtpAddress = e.ChildValue("PrimarySmtpAddress"),
            DisplayName = e.ChildValue("DisplayName"),
            DistinguishedUser = e.ChildValue("DistinguishedUser"),
            ExternalUserIdentity = e.ChildValue("ExternalUserIdentity"),
        };

        public static EwsCalendarPermission CalendarPermission(XElement e) =>
            new EwsCalendarPermission(UserId(e.Child("UserId")), e.ChildValue("CalendarPermissionLevel") ?? e.ChildValue("PermissionLevel") ?? "Custom")
            {
                CanCreateItems = e.ChildBool("CanCreateItems"),
                CanCreateSubFolders = e.ChildBool("CanCreateSubFolders"),
                IsFolderOwner = e.ChildBool("IsFolderOwner"),
                IsFolderVisible = e.ChildBool("IsFolderVisible"),
                IsFolderContact = e.ChildBool("IsFolderContact"),
                EditItems = e.ChildValue("EditItems"),
                DeleteItems = e.ChildValue("DeleteItems"),
                ReadItems = e.ChildValue("ReadItems"),
            };

        public static EwsCalendarFolder? Folder(XElement? folder)
        {
            if (folder == null)
            {
                return null;
            }

            var idElement = folder.Child("FolderId");
            var id = idElement.Attr("Id");
            if (id == null)
            {
                return null;
            }

            List<EwsCalendarPermission>? permissions = null;
            var set = folder.Child("PermissionSet");
            if (set != null)
            {
                // Calendar form (CalendarPermissions/CalendarPermission); tolerate the plain form too.
                var list = set.Child("CalendarPermissions") ?? set.Child("Permissions");
                permissions = list.AllChildren().Where(x => x.Name.LocalName == "CalendarPermission" || x.Name.LocalName == "Permission").Select(CalendarPermission).ToList();
            }

            return new EwsCalendarFolder(new EwsFolderId(id, idElement.Attr("ChangeKey")), folder.ChildValue("DisplayName"), folder.ChildValue("FolderClass"), permissions, folder.Name.LocalName);
        }

        public static EwsDelegateUser DelegateUser(XElement e)
        {
            var perms = e.Child("DelegatePermissions");
            return new EwsDelegateUser(UserId(e.Child("UserId")))
            {
                CalendarFolderPermissionLevel = perms.ChildValue("CalendarFolderPermissionLevel"),
                TasksFolderPermissionLevel = perms.ChildValue("TasksFolderPermissionLevel"),
                InboxFolderPermissionLevel = perms.ChildValue("InboxFolderPermissionLevel"),
                ContactsFolderPermissionLevel = perms.ChildValue("ContactsFolderPermissionLevel"),
                NotesFolderPermissionLevel = perms.ChildValue("NotesFolderPermissionLevel"),
                JournalFolderPermissionLevel = perms.ChildValue("JournalFolderPermissionLevel"),
                ReceiveCopiesOfMeetingMessages = e.ChildBool("ReceiveCopiesOfMeetingMessages"),
                ViewPrivateItems = e.ChildBool("ViewPrivateItems"),
            };
        }
    }
}
