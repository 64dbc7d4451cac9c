using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CalendarSharing.Sandbox.Model
{
    /// <summary>
    /// A folder of a sandbox mailbox. The ACL and the version are guarded by the folder's own lock, so a
    /// read or a whole-set replacement is atomic per folder while other folders proceed in parallel.
    /// </summary>
    internal sealed class SandboxFolder
    {
        private readonly object gate = new object();
        private readonly List<SandboxFolder> children = new List<SandboxFolder>();
        private List<AclEntry> acl;
        private long version = 1;

        public SandboxFolder(SandboxMailbox mailbox, string key, string displayName, string? distinguishedName, bool isCalendar, SandboxFolder? parent)
        {
            Mailbox = mailbox;
            Key = key;
            DisplayName = displayName;
            DistinguishedName = distinguishedName;
            IsCalendar = isCalendar;
            Parent = parent;
            Id = FolderIds.Encode(mailbox.Address, key);
            acl = WithDistinguishedEntries(new[] { AclEntry.Default(NewFolderDefaultLevel(distinguishedName)) });
            parent?.children.Add(this);
        }

        /// <summary>
        /// The Default entry a folder is made with, however it is made (the mailbox's own folders, a seed, any protocol that
        /// creates one): free/busy on the default calendar, nothing on every other folder. Anonymous starts at None
        /// everywhere. Microsoft Learn, "Share or delegate a calendar in Outlook"
        /// (https://learn.microsoft.com/graph/outlook-share-or-delegate-calendar): "The primary calendar of a user is always
        /// shared with 'My Organization' ... By default, they can read the owner's free/busy status on that calendar and
        /// have the freeBusyRead permission", and the role none "applies to only My Organization which does not have any
        /// permissions to the calendar" (a calendar the owner made and has not shared). EWS and Get-MailboxFolderPermission
        /// list both distinguished users on every folder (DistinguishedUserType Default and Anonymous,
        /// https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxwsmtgs), so a folder is never without them.
        /// </summary>
        internal static string NewFolderDefaultLevel(string? distinguishedName) =>
            distinguishedName == "calendar" ? "FreeBusyTimeOnly" : "None";

        public SandboxMailbox Mailbox { get; }

        /// <summary>Stable key inside the mailbox (root, calendar, calendar/team-events, ...).</summary>
        public string Key { get; }

        /// <summary>The opaque EWS folder id; never changes.</summary>
        public string Id { get; }

        public string DisplayName { get; }

        /// <summary>calendar, msgfolderroot, ... or null for a user-created folder.</summary>
        public string? DistinguishedName { get; }

        public bool IsCalendar { get; }

        /// <summary>The calendar items of this folder (empty for folders that are not calendars).</summary>
        public Events.CalendarItemStore Items { get; } = new Events.CalendarItemStore();

        public string FolderClass => IsCalendar ? "IPF.Appointment" : "IPF.Note";

        public SandboxFolder? Parent { get; }

        public IReadOnlyList<SandboxFolder> Children => children;

        public IEnumerable<SandboxFolder> Descendants() => children.SelectMany(c => new[] { c }.Concat(c.Descendants()));

        /// <summary>A consistent copy of the ACL and its change key.</summary>
        public AclSnapshot Read()
        {
            lock (gate)
            {
                return new AclSnapshot(acl.ToArray(), ChangeKeyOf(version));
            }
        }

        public string CurrentChangeKey
        {
            get
            {
                lock (gate)
                {
                    return ChangeKeyOf(version);
                }
            }
        }

        /// <summary>Replaces the ACL when <paramref name="expectedChangeKey"/> is current (or null = unconditional).</summary>
        /// <returns>The new change key, or null when the expected key was stale.</returns>
        public string? Replace(IReadOnlyList<AclEntry> entries, string? expectedChangeKey)
        {
            lock (gate)
            {
                if (expectedChangeKey != null && !string.Equals(expectedChangeKey, ChangeKeyOf(version), StringComparison.Ordinal))
                {
                    return null;
                }

                acl = WithDistinguishedEntries(entries);
                version++;
                return ChangeKeyOf(version);
            }
        }

        /// <summary>Edits the ACL in place under the folder lock and rotates the change key (delegate writes, out-of-band writers).</summary>
        public string Modify(Func<List<AclEntry>, List<AclEntry>> edit)
        {
            lock (gate)
            {
                acl = WithDistinguishedEntries(edit(new List<AclEntry>(acl)));
                version++;
                return ChangeKeyOf(version);
            }
        }

        /// <summary>Seeds the ACL without rotating the change key.</summary>
        public void Seed(IEnumerable<AclEntry> entries)
        {
            lock (gate)
            {
                acl = WithDistinguishedEntries(entries.ToList());
            }
        }

        // Default and Anonymous are always present (as Exchange returns them; [MS-OXWSMTGS] describes both); a set that
        // omits them resets them to None.
        private static List<AclEntry> WithDistinguishedEntries(IReadOnlyList<AclEntry> entries)
        {
            var result = new List<AclEntry>(entries.Count + 2);
            var defaultEntry = entries.FirstOrDefault(e => e.Type == PrincipalType.Default) ?? AclEntry.Default(PermissionLevels.None);
            var anonymousEntry = entries.FirstOrDefault(e => e.Type == PrincipalType.Anonymous) ?? AclEntry.Anonymous(PermissionLevels.None);
            result.Add(defaultEntry);
            result.Add(anonymousEntry);
            result.AddRange(entries.Where(e => e.Type == PrincipalType.Internal || e.Type == PrincipalType.External));
            return result;
        }

        private string ChangeKeyOf(long v)
        {
            // Opaque, but stable for one version: the version number plus a few bytes of the folder id.
            var bytes = new byte[12];
            BitConverter.GetBytes(v).CopyTo(bytes, 0);
            var idHash = Encoding.UTF8.GetBytes(Id);
            for (var i = 0; i < idHash.Length; i++)
            {
                bytes[8 + (i % 4)] ^= idHash[i];
            }

            return Convert.ToBase64String(bytes);
        }
    }

    internal sealed class AclSnapshot
    {
        public AclSnapshot(IReadOnlyList<AclEntry> entries, string changeKey)
        {
            Entries = entries;
            ChangeKey = changeKey;
        }

        public IReadOnlyList<AclEntry> Entries { get; }

        public string ChangeKey { get; }
    }
}
