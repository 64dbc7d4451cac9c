using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Model
{
    /// <summary>
    /// The individual rights of one folder permission entry ([MS-OXWSMTGS] §2.2.5.4; the level table in
    /// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-set-folder-permissions-for-another-user-by-using-ews-in-exchange).
    /// </summary>
    internal struct PermissionRights : IEquatable<PermissionRights>
    {
        public bool CanCreateItems;
        public bool CanCreateSubFolders;
        public bool IsFolderOwner;
        public bool IsFolderVisible;
        public bool IsFolderContact;

        /// <summary>None | Owned | All.</summary>
        public string EditItems;

        /// <summary>None | Owned | All.</summary>
        public string DeleteItems;

        /// <summary>None | TimeOnly | TimeAndSubjectAndLocation | FullDetails.</summary>
        public string ReadItems;

        public PermissionRights(bool create, bool createSub, bool owner, bool visible, bool contact, string edit, string delete, string read)
        {
            CanCreateItems = create;
            CanCreateSubFolders = createSub;
            IsFolderOwner = owner;
            IsFolderVisible = visible;
            IsFolderContact = contact;
            EditItems = edit;
            DeleteItems = delete;
            ReadItems = read;
        }

        public bool Equals(PermissionRights other) =>
            CanCreateItems == other.CanCreateItems && CanCreateSubFolders == other.CanCreateSubFolders &&
            IsFolderOwner == other.IsFolderOwner && IsFolderVisible == other.IsFolderVisible &&
            IsFolderContact == other.IsFolderContact && EditItems == other.EditItems &&
            DeleteItems == other.DeleteItems && ReadItems == other.ReadItems;

        public override bool Equals(object? obj) => obj is PermissionRights other && Equals(other);

        public override int GetHashCode() =>
            (CanCreateItems ? 1 : 0) | (CanCreateSubFolders ? 2 : 0) | (IsFolderOwner ? 4 : 0) | (IsFolderVisible ? 8 : 0) |
            (IsFolderContact ? 16 : 0) | (StringComparer.Ordinal.GetHashCode(EditItems ?? "") * 31) ^
            (StringComparer.Ordinal.GetHashCode(DeleteItems ?? "") * 17) ^ StringComparer.Ordinal.GetHashCode(ReadItems ?? "");
    }

    /// <summary>CalendarPermissionLevel names and the rights each implies; Custom is derived, never stored.</summary>
    internal static class PermissionLevels
    {
        public const string Custom = "Custom";
        public const string None = "None";

        private static readonly KeyValuePair<string, PermissionRights>[] Table =
        {
            Level("None", false, false, false, false, false, "None", "None", "None"),
            Level("Owner", true, true, true, true, true, "All", "All", "FullDetails"),
            Level("PublishingEditor", true, true, false, true, false, "All", "All", "FullDetails"),
            Level("Editor", true, false, false, true, false, "All", "All", "FullDetails"),
            Level("PublishingAuthor", true, true, false, true, false, "Owned", "Owned", "FullDetails"),
            Level("Author", true, false, false, true, false, "Owned", "Owned", "FullDetails"),
            Level("NoneditingAuthor", true, false, false, true, false, "None", "Owned", "FullDetails"),
            Level("Reviewer", false, false, false, true, false, "None", "None", "FullDetails"),
            Level("Contributor", true, false, false, true, false, "None", "None", "None"),
            Level("FreeBusyTimeOnly", false, false, false, false, false, "None", "None", "TimeOnly"),
            Level("FreeBusyTimeAndSubjectAndLocation", false, false, false, false, false, "None", "None", "TimeAndSubjectAndLocation"),
        };

        /// <summary>The rights a named level implies; false for Custom or an unknown name.</summary>
        public static bool TryGetRights(string level, out PermissionRights rights)
        {
            foreach (var row in Table)
            {
                if (string.Equals(row.Key, level, StringComparison.Ordinal))
                {
                    rights = row.Value;
                    return true;
                }
            }

            rights = default;
            return false;
        }

        public static PermissionRights RightsOf(string level) =>
            TryGetRights(level, out var rights) ? rights : throw new ArgumentException("unknown permission level " + level, nameof(level));

        /// <summary>The named level matching the rights exactly, else Custom (as a server derives it on read).</summary>
        public static string Derive(PermissionRights rights)
        {
            foreach (var row in Table)
            {
                if (row.Value.Equals(rights))
                {
                    return row.Key;
                }
            }

            return Custom;
        }

        private static KeyValuePair<string, PermissionRights> Level(string name, bool create, bool createSub, bool owner, bool visible, bool contact, string edit, string delete, string read) =>
            new KeyValuePair<string, PermissionRights>(name, new PermissionRights(create, createSub, owner, visible, contact, edit, delete, read));
    }
}
