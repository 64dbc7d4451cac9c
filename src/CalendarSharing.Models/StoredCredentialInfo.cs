using System;

namespace CalendarSharing
{
    /// <summary>How a stored credential's password is protected at rest.</summary>
    public enum CredentialProtection
    {
        /// <summary>Windows DPAPI, CurrentUser scope: only the same Windows user on the same machine can read it.</summary>
        Dpapi,

        /// <summary>
        /// AES-256-CBC then HMAC-SHA256 (encrypt-then-MAC) with a key from the CALENDARSHARING_CREDENTIAL_KEY
        /// environment variable: whoever has that key can read it, on any machine.
        /// </summary>
        EnvironmentKey,
    }

    /// <summary>
    /// A credential saved by Save-CalendarSharingCredential, as Get-CalendarSharingCredential lists it. It never
    /// holds the password: that stays encrypted in the file until Connect-CalendarSharing -CredentialName (or
    /// Get-CalendarSharingCredential -AsCredential) reads it.
    /// </summary>
    public sealed class StoredCredentialInfo
    {
        public StoredCredentialInfo(string name, string userName, CredentialProtection protection, DateTimeOffset created, string path)
        {
            Name = name;
            UserName = userName;
            Protection = protection;
            Created = created;
            Path = path;
        }

        /// <summary>The name it was saved under (Save-CalendarSharingCredential -Name).</summary>
        public string Name { get; }

        /// <summary>The account (UPN, SMTP address or DOMAIN\user); not a secret.</summary>
        public string UserName { get; }

        public CredentialProtection Protection { get; }

        /// <summary>When it was saved (UTC).</summary>
        public DateTimeOffset Created { get; }

        /// <summary>The file that holds it.</summary>
        public string Path { get; }

        public override string ToString() => $"{Name} ({UserName})";
    }
}
