namespace CalendarSharing.Sandbox.Model
{
    internal enum PrincipalType
    {
        Default,
        Anonymous,
        Internal,
        External,
    }

    /// <summary>One entry of a folder ACL. Only the rights are stored; the level is derived on read.</summary>
    internal sealed class AclEntry
    {
        public AclEntry(PrincipalType type, string? address, string? displayName, string? sid, PermissionRights rights)
        {
            Type = type;
            Address = address;
            DisplayName = displayName;
            Sid = sid;
            Rights = rights;
        }

        public PrincipalType Type { get; }

        /// <summary>Primary SMTP address for Internal/External principals; null for Default and Anonymous.</summary>
        public string? Address { get; }

        public string? DisplayName { get; }

        public string? Sid { get; }

        public PermissionRights Rights { get; }

        public string Level => PermissionLevels.Derive(Rights);

        /// <summary>Identity used for duplicate detection and lookups: "Default", "Anonymous" or the lower-case address.</summary>
        public string Key => Type == PrincipalType.Default ? "Default" : Type == PrincipalType.Anonymous ? "Anonymous" : Address!.ToLowerInvariant();

        public AclEntry WithRights(PermissionRights rights) => new AclEntry(Type, Address, DisplayName, Sid, rights);

        public static AclEntry Default(string level) => new AclEntry(PrincipalType.Default, null, null, null, PermissionLevels.RightsOf(level));

        public static AclEntry Anonymous(string level) => new AclEntry(PrincipalType.Anonymous, null, null, null, PermissionLevels.RightsOf(level));
    }
}
