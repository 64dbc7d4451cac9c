using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Directory
{
    internal enum DirectoryEntryKind
    {
        User,
        Room,
        Contact,

        /// <summary>A distribution group or a mail-enabled security group (<see cref="DirectoryEntry.IsSecurityGroup"/>).</summary>
        Group,
    }

    /// <summary>An address-book entry: a mailbox user, a room, an external mail contact, or a group with its members.</summary>
    internal sealed class DirectoryEntry
    {
        private readonly List<string> members = new List<string>();

        public DirectoryEntry(string address, string displayName, DirectoryEntryKind kind, string sid)
        {
            Address = address;
            DisplayName = displayName;
            Kind = kind;
            Sid = sid;
        }

        public string Address { get; }

        public string DisplayName { get; }

        public DirectoryEntryKind Kind { get; }

        public string Sid { get; }

        public string Alias => Address.Substring(0, Address.IndexOf('@'));

        /// <summary>Users and rooms have mailboxes; contacts and groups do not.</summary>
        public bool HasMailbox => Kind == DirectoryEntryKind.User || Kind == DirectoryEntryKind.Room;

        public bool IsGroup => Kind == DirectoryEntryKind.Group;

        /// <summary>A mail-enabled security group: a security principal, so it can hold folder permissions; a distribution group cannot.</summary>
        public bool IsSecurityGroup { get; set; }

        /// <summary>The Entra object id Graph names a group by (users carry theirs on their account).</summary>
        public Guid ObjectId { get; set; }

        /// <summary>A group's direct members (addresses of users, contacts or other groups), in the order they were added.</summary>
        public IReadOnlyList<string> Members => members;

        public void AddMember(string address)
        {
            if (!IsGroup)
            {
                throw new InvalidOperationException(Address + " is not a group.");
            }

            members.Add(address);
        }
    }
}
