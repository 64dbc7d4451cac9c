namespace CalendarSharing.Sandbox.Directory
{
    internal enum DirectoryEntryKind
    {
        User,
        Room,
        Contact,
    }

    /// <summary>An address-book entry: a mailbox user, a room, or an external mail contact.</summary>
    internal sealed class DirectoryEntry
    {
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

        public bool HasMailbox => Kind != DirectoryEntryKind.Contact;
    }
}
