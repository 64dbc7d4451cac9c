using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>Reads and writes t:CalendarPermission entries, and applies the organisation's sharing policy on write.</summary>
    internal static class PermissionXml
    {
        private static readonly XNamespace T = EwsNames.T;

        private static readonly string[] FlagNames =
        {
            "CanCreateItems", "CanCreateSubFolders", "IsFolderOwner", "IsFolderVisible", "IsFolderContact", "EditItems", "DeleteItems", "ReadItems",
        };

        /// <summary>Every flag, then the level (as the learn GetFolder sample shows a server doing).</summary>
        public static XElement Write(AclEntry entry)
        {
            var r = entry.Rights;
            return new XElement(T + "CalendarPermission",
                WriteUserId(entry),
                new XElement(T + "CanCreateItems", XmlConvert.ToString(r.CanCreateItems)),
                new XElement(T + "CanCreateSubFolders", XmlConvert.ToString(r.CanCreateSubFolders)),
                new XElement(T + "IsFolderOwner", XmlConvert.ToString(r.IsFolderOwner)),
                new XElement(T + "IsFolderVisible", XmlConvert.ToString(r.IsFolderVisible)),
                new XElement(T + "IsFolderContact", XmlConvert.ToString(r.IsFolderContact)),
                new XElement(T + "EditItems", r.EditItems),
                new XElement(T + "DeleteItems", r.DeleteItems),
                new XElement(T + "ReadItems", r.ReadItems),
                new XElement(T + "CalendarPermissionLevel", entry.Level));
        }

        /// <summary>
        /// t:UserId for an entry. Internal users: SID, PrimarySmtpAddress, DisplayName. External users (choice): also
        /// PrimarySmtpAddress and DisplayName, then ExternalUserIdentity, so clients reading either form find the address.
        /// </summary>
        public static XElement WriteUserId(AclEntry entry)
        {
            switch (entry.Type)
            {
                case PrincipalType.Default:
                    return new XElement(T + "UserId", new XElement(T + "DistinguishedUser", "Default"));
                case PrincipalType.Anonymous:
                    return new XElement(T + "UserId", new XElement(T + "DistinguishedUser", "Anonymous"));
                case PrincipalType.External:
                    return new XElement(T + "UserId",
                        new XElement(T + "PrimarySmtpAddress", entry.Address),
                        new XElement(T + "DisplayName", entry.DisplayName ?? entry.Address),
                        new XElement(T + "ExternalUserIdentity", entry.Address));
                default:
                    return new XElement(T + "UserId",
                        new XElement(T + "SID", entry.Sid),
                        new XElement(T + "PrimarySmtpAddress", entry.Address),
                        new XElement(T + "DisplayName", entry.DisplayName));
            }
        }

        /// <summary>Reads a whole t:CalendarPermissions set for UpdateFolder; the first invalid entry fails the item.</summary>
        public static List<AclEntry> ReadSet(XElement calendarPermissions, SandboxOrganization org, SandboxFolder? folder = null)
        {
            // The sharing policy judges what the write adds or changes; entries the folder already has stay as they are.
            var current = folder?.Read().Entries ?? (IReadOnlyList<AclEntry>)Array.Empty<AclEntry>();
            var result = new List<AclEntry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var permission in calendarPermissions.Elements(T + "CalendarPermission"))
            {
                var entry = ReadEntry(permission, org, folder, current);
                if (!seen.Add(entry.Key))
                {
                    throw new EwsItemException("ErrorDuplicateUserIdsSpecified");
                }

                result.Add(entry);
            }

            return result;
        }

        private static AclEntry ReadEntry(XElement permission, SandboxOrganization org, SandboxFolder? folder, IReadOnlyList<AclEntry> current)
        {
            var rights = ReadRights(permission);
            var userId = permission.Element(T + "UserId") ?? throw new EwsItemException("ErrorInvalidUserInfo");
            var distinguished = ((string?)userId.Element(T + "DistinguishedUser"))?.Trim();
            if (distinguished == "Default")
            {
                return new AclEntry(PrincipalType.Default, null, null, null, rights);
            }

            if (distinguished == "Anonymous")
            {
                return new AclEntry(PrincipalType.Anonymous, null, null, null, rights);
            }

            var address = ((string?)userId.Element(T + "PrimarySmtpAddress") ?? (string?)userId.Element(T + "ExternalUserIdentity"))?.Trim();
            var sid = ((string?)userId.Element(T + "SID"))?.Trim();
            AclEntry principal;
            try
            {
                principal = org.ResolvePrincipal(address, sid);
            }
            catch (PrincipalException error)
            {
                switch (error.Problem)
                {
                    case PrincipalProblem.UnknownSid:
                        throw new EwsItemException("ErrorInvalidUserSid", "The user SID is not valid or could not be found.");
                    case PrincipalProblem.ExternalDomainNotAllowed:
                        throw new EwsItemException("ErrorNotAllowedExternalSharingByPolicy");
                    default:
                        throw new EwsItemException("ErrorInvalidUserInfo");
                }
            }

            var unchanged = current.Any(e => e.Key == principal.Key && e.Rights.Equals(rights));
            switch (unchanged ? SharingPolicyOutcome.Allowed : org.SharingPolicyAllows(folder?.Mailbox, principal, rights))
            {
                case SharingPolicyOutcome.DomainNotAllowed:
                    throw new EwsItemException("ErrorNotAllowedExternalSharingByPolicy");
                case SharingPolicyOutcome.LevelNotAllowed:
                    throw new EwsItemException("ErrorPermissionNotAllowedByPolicy");
            }

            return principal.WithRights(rights);
        }

        private static PermissionRights ReadRights(XElement permission)
        {
            var level = ((string?)permission.Element(T + "CalendarPermissionLevel") ?? string.Empty).Trim();
            var hasFlags = false;
            foreach (var name in FlagNames)
            {
                hasFlags |= permission.Element(T + name) != null;
            }

            if (level == PermissionLevels.Custom)
            {
                // Custom with individual flags is how a client asks for a custom entry; absent flags mean no right.
                return new PermissionRights(
                    Flag(permission, "CanCreateItems"),
                    Flag(permission, "CanCreateSubFolders"),
                    Flag(permission, "IsFolderOwner"),
                    Flag(permission, "IsFolderVisible"),
                    Flag(permission, "IsFolderContact"),
                    Text(permission, "EditItems"),
                    Text(permission, "DeleteItems"),
                    Text(permission, "ReadItems"));
            }

            if (hasFlags || !PermissionLevels.TryGetRights(level, out var rights))
            {
                throw new EwsItemException("ErrorInvalidPermissionSettings");
            }

            return rights;
        }

        private static bool Flag(XElement permission, string name)
        {
            var value = (string?)permission.Element(T + name);
            return value != null && XmlConvert.ToBoolean(value.Trim());
        }

        private static string Text(XElement permission, string name) =>
            ((string?)permission.Element(T + name))?.Trim() ?? "None";
    }
}
