using System;
using System.Text.RegularExpressions;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>
    /// A credential's name becomes a file name, so only a safe alphabet is accepted: no path separators, no
    /// "..", no drive letters, no Windows device names. Names compare case-insensitively on every platform
    /// (the file name is the lower-case name), so a store copied between Windows and Linux means the same.
    /// </summary>
    public static class CredentialName
    {
        public const int MaxLength = 64;

        public const string FileExtension = ".credential";

        private static readonly Regex Allowed = new Regex("^[A-Za-z0-9](?:[A-Za-z0-9._@-]*[A-Za-z0-9_@-])?$", RegexOptions.CultureInvariant);

        private static readonly Regex Reserved = new Regex(@"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>Throws <see cref="CredentialStoreException"/> (InvalidName) unless <paramref name="name"/> is safe.</summary>
        public static void Validate(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Invalid(string.Empty, "The credential name is empty.");
            }

            var value = name!;
            if (value.Length > MaxLength)
            {
                throw Invalid(value, $"The credential name is {value.Length} characters long; at most {MaxLength} are allowed.");
            }

            if (value.IndexOf('/') >= 0 || value.IndexOf('\\') >= 0 || value.IndexOf(':') >= 0 || value.Contains(".."))
            {
                throw Invalid(value, $"The credential name '{Printable(value)}' contains a path separator, a drive or '..'; it names a credential, not a file.");
            }

            if (!Allowed.IsMatch(value))
            {
                throw Invalid(value, $"The credential name '{Printable(value)}' may use only letters, digits and . _ @ -, must start with a letter or a digit and must not end with a dot.");
            }

            if (Reserved.IsMatch(value))
            {
                throw Invalid(value, $"The credential name '{value}' is a Windows device name and cannot be a file name.");
            }
        }

        public static bool IsValid(string? name)
        {
            try
            {
                Validate(name);
                return true;
            }
            catch (CredentialStoreException)
            {
                return false;
            }
        }

        /// <summary>The file name a valid name is stored under.</summary>
        public static string ToFileName(string name) => name.ToLowerInvariant() + FileExtension;

        /// <summary>
        /// The name as a wildcard pattern (* and ?), for Get-CalendarSharingCredential -Name; case-insensitive.
        /// </summary>
        public static Regex ToPattern(string pattern)
        {
            var escaped = Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".");
            return new Regex("^" + escaped + "$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        }

        public static bool HasWildcard(string pattern) => pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0;

        private static CredentialStoreException Invalid(string name, string message) =>
            new CredentialStoreException(
                CredentialErrorReason.InvalidName,
                message,
                name,
                "Choose a name of letters, digits and . _ @ - such as 'onprem' or 'contoso-admin'.");

        /// <summary>Control characters shown as '?', so a message never carries a line break or an escape sequence.</summary>
        private static string Printable(string value)
        {
            var chars = value.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsControl(chars[i]))
                {
                    chars[i] = '?';
                }
            }

            return new string(chars);
        }
    }
}
