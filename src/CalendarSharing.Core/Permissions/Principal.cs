using System;

namespace CalendarSharing.Core.Permissions
{
    /// <summary>Who a permission entry is for. Equality is by kind and (case-insensitive) address.</summary>
    public sealed class Principal : IEquatable<Principal>
    {
        public static readonly Principal Default = new Principal(PrincipalKind.Default, null, "Default");

        public static readonly Principal Anonymous = new Principal(PrincipalKind.Anonymous, null, "Anonymous");

        private Principal(PrincipalKind kind, string? address, string? displayName)
        {
            Kind = kind;
            Address = address;
            DisplayName = displayName;
        }

        public PrincipalKind Kind { get; }

        /// <summary>Primary SMTP address for users; null for Default and Anonymous.</summary>
        public string? Address { get; }

        /// <summary>Display name, when known. Not part of equality.</summary>
        public string? DisplayName { get; }

        /// <summary>An opaque server-side id (EWS SID, Graph permission id), when known. Not part of equality.</summary>
        public string? ServerId { get; private set; }

        /// <summary>What output shows in the User column: Default, Anonymous or the SMTP address.</summary>
        public string Name => Address ?? Kind.ToString();

        public static Principal User(string address, string? displayName = null, bool external = false, string? serverId = null)
        {
            if (string.IsNullOrWhiteSpace(address))
            {
                throw new ArgumentException("A user principal needs an address.", nameof(address));
            }

            return new Principal(external ? PrincipalKind.External : PrincipalKind.Internal, address.Trim(), displayName) { ServerId = serverId };
        }

        /// <summary>Default and Anonymous by name (any case; "My Organization" too), otherwise null.</summary>
        public static Principal? TryParseDistinguished(string? text)
        {
            var t = (text ?? string.Empty).Trim();
            if (t.Equals("Default", StringComparison.OrdinalIgnoreCase) || t.Equals("My Organization", StringComparison.OrdinalIgnoreCase))
            {
                return Default;
            }

            if (t.Equals("Anonymous", StringComparison.OrdinalIgnoreCase))
            {
                return Anonymous;
            }

            return null;
        }

        public bool IsDistinguished => Kind == PrincipalKind.Default || Kind == PrincipalKind.Anonymous;

        public bool Equals(Principal? other)
        {
            if (other is null)
            {
                return false;
            }

            if (IsDistinguished || other.IsDistinguished)
            {
                return Kind == other.Kind;
            }

            return string.Equals(Address, other.Address, StringComparison.OrdinalIgnoreCase);
        }

        public override bool Equals(object? obj) => Equals(obj as Principal);

        public override int GetHashCode() => IsDistinguished ? (int)Kind : StringComparer.OrdinalIgnoreCase.GetHashCode(Address!);

        public override string ToString() => Name;
    }
}
