using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing.Sandbox.Directory
{
    /// <summary>The organisation's address book, used by ResolveNames, ACL writes and delegate writes.</summary>
    internal sealed class SandboxDirectory
    {
        private readonly List<DirectoryEntry> entries = new List<DirectoryEntry>();
        private readonly Dictionary<string, DirectoryEntry> byAddress = new Dictionary<string, DirectoryEntry>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, DirectoryEntry> bySid = new Dictionary<string, DirectoryEntry>(StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<DirectoryEntry> Entries => entries;

        public void Add(DirectoryEntry entry)
        {
            entries.Add(entry);
            byAddress.Add(entry.Address, entry);
            bySid.Add(entry.Sid, entry);
        }

        public DirectoryEntry? FindByAddress(string address) =>
            byAddress.TryGetValue(StripRoutingPrefix(address.Trim()), out var entry) ? entry : null;

        public DirectoryEntry? FindBySid(string sid) => bySid.TryGetValue(sid.Trim(), out var entry) ? entry : null;

        /// <summary>The groups of the organisation, in the order they were added.</summary>
        public IEnumerable<DirectoryEntry> Groups => entries.Where(e => e.IsGroup);

        /// <summary>A group by its address or its object id (as Graph names it); null when it names no group.</summary>
        public DirectoryEntry? FindGroup(string addressOrId)
        {
            var text = (addressOrId ?? string.Empty).Trim();
            if (Guid.TryParse(text, out var id))
            {
                return entries.FirstOrDefault(e => e.IsGroup && e.ObjectId == id);
            }

            var entry = text.Length == 0 ? null : FindByAddress(text);
            return entry != null && entry.IsGroup ? entry : null;
        }

        /// <summary>
        /// Ambiguous name resolution as the sandbox does it: an exact SMTP address or alias (also CONTOSO\alias)
        /// wins outright; otherwise every entry whose display name, any word of it, or alias starts with the text.
        /// </summary>
        public IReadOnlyList<DirectoryEntry> Resolve(string text)
        {
            var query = StripRoutingPrefix(text.Trim());
            if (query.Length == 0)
            {
                return Array.Empty<DirectoryEntry>();
            }

            var exact = FindByAddress(query);
            if (exact != null)
            {
                return new[] { exact };
            }

            var slash = query.IndexOf('\\');
            if (slash >= 0)
            {
                var domain = query.Substring(0, slash);
                if (!string.Equals(domain, "CONTOSO", StringComparison.OrdinalIgnoreCase))
                {
                    return Array.Empty<DirectoryEntry>();
                }

                query = query.Substring(slash + 1);
            }

            var byAlias = entries.Where(e => (e.HasMailbox || e.IsGroup) && string.Equals(e.Alias, query, StringComparison.OrdinalIgnoreCase)).ToList();
            if (byAlias.Count == 1)
            {
                return byAlias;
            }

            return entries.Where(e => Matches(e, query)).ToList();
        }

        private static bool Matches(DirectoryEntry entry, string query)
        {
            if (entry.DisplayName.StartsWith(query, StringComparison.OrdinalIgnoreCase) ||
                entry.Alias.StartsWith(query, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return entry.DisplayName.Split(' ').Any(word => word.StartsWith(query, StringComparison.OrdinalIgnoreCase));
        }

        private static string StripRoutingPrefix(string text) =>
            text.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) ? text.Substring(5) : text;
    }
}
