using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>Writers for the types the operations share, in exact schema order.</summary>
    internal static class EwsTypeWriter
    {
        private static readonly XNamespace T = EwsXml.T;

        public static XElement FolderShape(params string[] fieldUris) =>
            new XElement(
                EwsXml.M + "FolderShape",
                new XElement(T + "BaseShape", "IdOnly"),
                fieldUris.Length == 0 ? null : new XElement(T + "AdditionalProperties", fieldUris.Select(f => new XElement(T + "FieldURI", new XAttribute("FieldURI", f)))));

        public static XElement FolderReference(EwsFolderReference folder)
        {
            if (folder.FolderId != null)
            {
                return FolderId(folder.FolderId);
            }

            return new XElement(
                T + "DistinguishedFolderId",
                new XAttribute("Id", folder.DistinguishedId!),
                folder.Mailbox == null ? null : new XElement(T + "Mailbox", new XElement(T + "EmailAddress", folder.Mailbox)));
        }

        public static XElement FolderId(EwsFolderId id) =>
            new XElement(T + "FolderId", new XAttribute("Id", id.Id), id.ChangeKey == null ? null : new XAttribute("ChangeKey", id.ChangeKey));

        public static XElement UserId(EwsUserId user) =>
            new XElement(
                T + "UserId",
                Opt("SID", user.Sid),
                Opt("PrimarySmtpAddress", user.PrimarySmtpAddress),
                Opt("DisplayName", user.DisplayName),
                Opt("DistinguishedUser", user.DistinguishedUser),
                Opt("ExternalUserIdentity", user.ExternalUserIdentity));

        /// <summary>
        /// A CalendarPermission. A named level is written alone (a level plus flags is ErrorInvalidPermissionSettings);
        /// a Custom entry is written with the flags it was read with, so it survives a whole-set replacement.
        /// </summary>
        public static XElement CalendarPermission(EwsCalendarPermission p)
        {
            var e = new XElement(T + "CalendarPermission", UserId(p.UserId));
            if (p.IsCustom)
            {
                e.Add(
                    OptBool("CanCreateItems", p.CanCreateItems),
                    OptBool("CanCreateSubFolders", p.CanCreateSubFolders),
                    OptBool("IsFolderOwner", p.IsFolderOwner),
                    OptBool("IsFolderVisible", p.IsFolderVisible),
                    OptBool("IsFolderContact", p.IsFolderContact),
                    Opt("EditItems", p.EditItems),
                    Opt("DeleteItems", p.DeleteItems),
                    Opt("ReadItems", p.ReadItems));
            }

            e.Add(new XElement(T + "CalendarPermissionLevel", p.Level));
            return e;
        }

        public static XElement DelegateUser(EwsDelegateUser d) =>
            new XElement(
                T + "DelegateUser",
                UserId(d.UserId),
                d.HasPermissions
                    ? new XElement(
                        T + "DelegatePermissions",
                        Opt("CalendarFolderPermissionLevel", d.CalendarFolderPermissionLevel),
                        Opt("TasksFolderPermissionLevel", d.TasksFolderPermissionLevel),
                        Opt("InboxFolderPermissionLevel", d.InboxFolderPermissionLevel),
                        Opt("ContactsFolderPermissionLevel", d.ContactsFolderPermissionLevel),
                        Opt("NotesFolderPermissionLevel", d.NotesFolderPermissionLevel),
                        Opt("JournalFolderPermissionLevel", d.JournalFolderPermissionLevel))
                    : null,
                OptBool("ReceiveCopiesOfMeetingMessages", d.ReceiveCopiesOfMeetingMessages),
                OptBool("ViewPrivateItems", d.ViewPrivateItems));

        public static XElement DelegateMailbox(string mailbox) =>
            new XElement(EwsXml.M + "Mailbox", new XElement(T + "EmailAddress", mailbox));

        private static XElement? Opt(string name, string? value) => value == null ? null : new XElement(T + name, value);

        private static XElement? OptBool(string name, bool? value) => value.HasValue ? new XElement(T + name, EwsXml.Bool(value.Value)) : null;
    }
}
