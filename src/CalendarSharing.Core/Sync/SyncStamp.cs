using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// The mark every copy carries: which profile made it, from which source mailbox, item and version. It lives in one
    /// string extended property in PS_PUBLIC_STRINGS under our own namespaced name (EWS ExtendedFieldURI
    /// DistinguishedPropertySetId="PublicStrings" PropertyName=..., Graph singleValueExtendedProperties id
    /// "String {00020329-0000-0000-C000-000000000046} Name ..."), so a rerun, a lost state file or two profiles feeding
    /// one target never duplicate, and other tools' stamps never collide with ours (inovex/CalendarSync#33).
    /// Read it with <see cref="Events.EventWindowQuery.Properties"/> / write it with <see cref="Events.EventDraft.Properties"/>.
    /// </summary>
    public sealed class SyncStamp
    {
        /// <summary>The extended property's name.</summary>
        public const string PropertyName = "CalendarSharing.Sync.Stamp";

        private const string Prefix = "cs-sync/1";

        public SyncStamp(string profileId, string sourceMailbox, string sourceItemId, string? sourceVersion)
        {
            ProfileId = profileId ?? throw new ArgumentNullException(nameof(profileId));
            SourceMailbox = sourceMailbox ?? throw new ArgumentNullException(nameof(sourceMailbox));
            SourceItemId = sourceItemId ?? throw new ArgumentNullException(nameof(sourceItemId));
            SourceVersion = sourceVersion;
        }

        public string ProfileId { get; }

        public string SourceMailbox { get; }

        public string SourceItemId { get; }

        /// <summary>The source item's version the copy was written from (EWS ChangeKey, Graph ETag, or our own hash).</summary>
        public string? SourceVersion { get; }

        /// <summary>"cs-sync/1;p=..;m=..;i=..;v=.." with each value percent-escaped.</summary>
        public string Format()
        {
            var b = new StringBuilder(Prefix);
            Append(b, "p", ProfileId);
            Append(b, "m", SourceMailbox.ToLowerInvariant());
            Append(b, "i", SourceItemId);
            if (SourceVersion != null)
            {
                Append(b, "v", SourceVersion);
            }

            return b.ToString();
        }

        /// <summary>The stamp in <paramref name="value"/>, or null when it is not one of ours (another tool's, or damaged).</summary>
        public static SyncStamp? Parse(string? value)
        {
            if (value == null || !value.StartsWith(Prefix + ";", StringComparison.Ordinal))
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in value.Substring(Prefix.Length + 1).Split(';'))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0)
                {
                    return null;
                }

                fields[part.Substring(0, eq)] = Uri.UnescapeDataString(part.Substring(eq + 1));
            }

            if (!fields.TryGetValue("p", out var p) || !fields.TryGetValue("m", out var m) || !fields.TryGetValue("i", out var i))
            {
                return null;
            }

            fields.TryGetValue("v", out var v);
            return new SyncStamp(p, m, i, v);
        }

        /// <summary>True when a copy with this stamp belongs to <paramref name="profileId"/>.</summary>
        public bool IsOf(string profileId) => string.Equals(ProfileId, profileId, StringComparison.Ordinal);

        public override string ToString() => Format();

        private static void Append(StringBuilder b, string key, string value) =>
            b.Append(';').Append(key).Append('=').Append(Uri.EscapeDataString(value));
    }
}
