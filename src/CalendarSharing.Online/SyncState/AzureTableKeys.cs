using System;
using System.Security.Cryptography;
using System.Text;

namespace CalendarSharing.Online.SyncState
{
    /// <summary>
    /// How a profile's pairs are laid out in the table. One partition per pair (so the pair's lease and state rows can be
    /// written together in one entity group transaction), its key the escaped profile id and pair key:
    /// <c>{profile}|{pair}</c>. Rows: <c>lease</c>, <c>state</c> and, for a state too large for one entity,
    /// <c>chunk~{generation}~{index}</c>.
    /// PartitionKey and RowKey may not contain '/', '\', '#', '?' or control characters, and are at most 1 KiB
    /// (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields).
    /// </summary>
    internal static class AzureTableKeys
    {
        public const string LeaseRow = "lease";
        public const string StateRow = "state";
        public const string ChunkPrefix = "chunk~";

        /// <summary>Separates the escaped profile id from the escaped pair key; escaped inside both.</summary>
        public const char Separator = '|';

        // A key is at most 1 KiB (UTF-16 code units count as 2 bytes); the profile part stays whole so ListAsync can find
        // the profile by prefix, a long pair key is shortened to a prefix plus its SHA-256.
        private const int MaxPairPart = 300;

        public static string Partition(string profileId, string pairKey)
        {
            var pair = Escape(pairKey);
            if (pair.Length > MaxPairPart)
            {
                pair = pair.Substring(0, 200) + "~" + Hash(pairKey);
            }

            return ProfilePrefix(profileId) + pair;
        }

        /// <summary>Every partition of the profile starts with this (and the next profile's would not: '|' is escaped).</summary>
        public static string ProfilePrefix(string profileId)
        {
            var profile = Escape(profileId);
            if (profile.Length > MaxPairPart)
            {
                profile = profile.Substring(0, 200) + "~" + Hash(profileId);
            }

            return profile + Separator;
        }

        public static string ChunkRow(string generation, int index) => ChunkPrefix + generation + "~" + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Percent-escapes what a key may not hold, plus '%' and the separator, so the mapping is one to one.</summary>
        public static string Escape(string value)
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            var builder = new StringBuilder(value.Length + 8);
            foreach (var c in value)
            {
                if (c == '/' || c == '\\' || c == '#' || c == '?' || c == '%' || c == Separator || c == '~' || c < 0x20 || (c >= 0x7F && c <= 0x9F))
                {
                    builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        private static string Hash(string value)
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(value));
            var builder = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }
    }
}
