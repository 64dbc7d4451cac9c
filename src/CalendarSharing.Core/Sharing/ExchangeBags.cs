using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing.Core.Sharing
{
    /// <summary>Reading the property bags Exchange cmdlets return (admin API JSON or a remote session's objects).</summary>
    internal static class ExchangeBags
    {
        public static object? Get(IReadOnlyDictionary<string, object?> o, string name)
        {
            if (o.TryGetValue(name, out var v))
            {
                return v;
            }

            return o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        public static string? Text(IReadOnlyDictionary<string, object?> o, string name)
        {
            var v = Get(o, name);
            return v is IReadOnlyList<string> list ? string.Join(", ", list) : v?.ToString();
        }

        public static bool Flag(IReadOnlyDictionary<string, object?> o, string name, bool absent = false)
        {
            var v = Get(o, name);
            if (v == null)
            {
                return absent;
            }

            return v is bool b ? b : string.Equals(v.ToString(), "True", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>A multi-valued property: a list, or one text such as "{a.com, b.com}".</summary>
        public static IReadOnlyList<string> List(IReadOnlyDictionary<string, object?> o, string name)
        {
            var v = Get(o, name);
            if (v is IReadOnlyList<string> list)
            {
                return list;
            }

            var text = v?.ToString();
            return string.IsNullOrWhiteSpace(text)
                ? Array.Empty<string>()
                : text!.Trim('{', '}').Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        }

        /// <summary>
        /// A sharing policy's Domains: a list of entries, or (a remote session's text form) one text
        /// "{Anonymous:CalendarSharingFreeBusyReviewer, fabrikam.com:CalendarSharingFreeBusyDetail, ContactsSharing}",
        /// where an item without a colon is one more action of the entry before it.
        /// </summary>
        public static IReadOnlyList<string> DomainEntries(IReadOnlyDictionary<string, object?> o, string name)
        {
            var entries = new List<string>();
            foreach (var item in List(o, name))
            {
                if (item.IndexOf(':') < 0 && entries.Count > 0)
                {
                    entries[entries.Count - 1] += "," + item.Trim();
                }
                else
                {
                    entries.Add(item.Trim());
                }
            }

            return entries;
        }
    }
}
