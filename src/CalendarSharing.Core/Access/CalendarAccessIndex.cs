using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// The reverse view of an access scan (Get-CalendarAccess -User): from the rows of a scan (run now, or saved as a resume
    /// file or with Export-Csv), every calendar a user reaches and how: their own folder entry, a delegate entry, a group's
    /// entry (for the groups the caller says the user is in, where the protocol shows membership), Full Access to the
    /// mailbox, or the Default entry of a calendar where they have no entry of their own (Exchange applies Default only
    /// then: https://learn.microsoft.com/exchange/recipients/mailbox-permissions). Calendars the scan could not read are
    /// returned as they are (with ErrorId), so the answer never hides a calendar it could not check.
    /// </summary>
    public sealed class CalendarAccessIndex
    {
        private readonly List<CalendarAccessRow> rows;
        private readonly HashSet<string> domains;

        public CalendarAccessIndex(IEnumerable<CalendarAccessRow> rows)
        {
            this.rows = (rows ?? throw new ArgumentNullException(nameof(rows))).ToList();
            domains = new HashSet<string>(
                this.rows.Select(r => DomainOf(r.Mailbox)).Where(d => d.Length > 0),
                StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Every row of the scan.</summary>
        public IReadOnlyList<CalendarAccessRow> Rows => rows;

        /// <summary>Reads a saved scan: a resume file (-Resume) or a report saved with Export-Csv.</summary>
        /// <exception cref="AccessScanFileException">The file is neither, or a row of it cannot be read.</exception>
        /// <exception cref="IOException">The file cannot be opened.</exception>
        public static CalendarAccessIndex Load(string path)
        {
            if (AccessScanState.LooksLikeStateFile(path))
            {
                return new CalendarAccessIndex(AccessScanState.Read(path).Rows);
            }

            return new CalendarAccessIndex(ReadCsv(path));
        }

        /// <summary>
        /// Every calendar <paramref name="user"/> reaches, one row per way in: Path says how, Via names the group, the
        /// Default entry, the delegate entry or Full Access it goes through. The user's own mailbox is left out.
        /// </summary>
        /// <param name="user">SMTP address (a display name matches entries that carry it too).</param>
        /// <param name="groups">
        /// Groups the user belongs to (addresses), directly or nested, when the caller knows them: each of their entries is a
        /// row with Path Group and Via the group's address. Such a row stands beside the user's own entry and Default: the
        /// rights of a user's own entry and of the groups they are in add up, the least restrictive applying (Microsoft KB
        /// 180004, "Public folder permissions are cumulative", https://support.microsoft.com/kb/180004; Microsoft Learn says no
        /// more for mailbox folders), so every way in is listed and none hides another.
        /// </param>
        public IReadOnlyList<CalendarAccessRow> ReachableBy(string user, IEnumerable<string>? groups = null)
        {
            if (string.IsNullOrWhiteSpace(user))
            {
                throw new ArgumentException("The user is empty.", nameof(user));
            }

            user = user.Trim();
            var groupSet = new HashSet<string>((groups ?? Array.Empty<string>()).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()), StringComparer.OrdinalIgnoreCase);
            var external = rows.Any(r => Is(r, user) && r.PrincipalKind == PrincipalKind.External)
                || (!domains.Contains(DomainOf(user)) && domains.Count > 0);
            var result = new List<CalendarAccessRow>();
            foreach (var calendar in rows.GroupBy(r => (r.Mailbox.ToLowerInvariant(), r.Calendar.ToLowerInvariant(), r.CalendarId)))
            {
                var list = calendar.ToList();
                if (string.Equals(list[0].Mailbox, user, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var own = false;
                foreach (var r in list)
                {
                    if (r.ErrorId != null)
                    {
                        result.Add(Copy(r, r.Principal, null));
                        continue;
                    }

                    if (Is(r, user))
                    {
                        if (r.Path == AccessPath.FolderEntry || r.Path == AccessPath.Delegate)
                        {
                            own = true;
                        }

                        result.Add(Copy(r, user, r.Path == AccessPath.Delegate ? "Delegate" : r.Path == AccessPath.FullAccess ? "Full Access" : null));
                    }
                    else if (r.Principal != null && groupSet.Contains(r.Principal) && (r.Path == AccessPath.FolderEntry || r.Path == AccessPath.Delegate))
                    {
                        var copy = Copy(r, user, r.Principal);
                        copy.Path = AccessPath.Group;
                        copy.PrincipalDisplayName = null; // the group's name is in Via; the row's principal is the user
                        result.Add(copy);
                    }
                }

                if (!own && !external)
                {
                    var byDefault = list.FirstOrDefault(r => r.ErrorId == null && r.Path == AccessPath.Default && r.Role is CalendarRole role && role != CalendarRole.None);
                    if (byDefault != null)
                    {
                        result.Add(Copy(byDefault, user, "Default"));
                    }
                }
            }

            return result;
        }

        /// <summary>
        /// The principals of the scan's folder entries that may be groups: addresses inside the organisation that name no
        /// mailbox the scan read (a mailbox user's own entry names a scanned mailbox; a group has no mailbox). Each once, in
        /// the order the rows show them. A scan of part of the organisation lists users of the rest here too; expanding such
        /// an address finds it is no group, so the answer stays right, only dearer.
        /// </summary>
        public IReadOnlyList<string> GroupCandidates()
        {
            var mailboxes = new HashSet<string>(rows.Select(r => r.Mailbox), StringComparer.OrdinalIgnoreCase);
            return rows
                .Where(r => r.ErrorId == null && r.Path == AccessPath.FolderEntry && r.PrincipalKind == PrincipalKind.Internal
                    && r.Principal != null && r.Principal.IndexOf('@') > 0 && !mailboxes.Contains(r.Principal))
                .Select(r => r.Principal!)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>
        /// What an alias or display name typed for -User stands for in a saved scan, where there is no directory to ask:
        /// the one address among the scan's mailboxes and principals whose display name is <paramref name="name"/> or whose
        /// part before '@' is. An address is returned as it is; null when none or several match (<paramref name="matches"/>).
        /// </summary>
        public string? AddressOf(string name, out IReadOnlyList<string> matches)
        {
            var text = (name ?? string.Empty).Trim();
            if (!AccessNames.NeedsResolving(text))
            {
                matches = new[] { text };
                return text;
            }

            var found = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in rows)
            {
                if (LocalPart(r.Mailbox) == text.ToLowerInvariant())
                {
                    found.Add(r.Mailbox);
                }

                if (r.Principal != null && r.Principal.IndexOf('@') > 0
                    && (LocalPart(r.Principal) == text.ToLowerInvariant() || string.Equals(r.PrincipalDisplayName, text, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add(r.Principal);
                }
            }

            matches = found.ToList();
            return found.Count == 1 ? found.Min : null;
        }

        private static string LocalPart(string? address)
        {
            var at = (address ?? string.Empty).IndexOf('@');
            return at <= 0 ? string.Empty : address!.Substring(0, at).Trim().ToLowerInvariant();
        }

        private static bool Is(CalendarAccessRow r, string user) =>
            r.Principal != null && (string.Equals(r.Principal, user, StringComparison.OrdinalIgnoreCase)
                || (r.PrincipalDisplayName != null && string.Equals(r.PrincipalDisplayName, user, StringComparison.OrdinalIgnoreCase)));

        private static CalendarAccessRow Copy(CalendarAccessRow r, string? principal, string? via)
        {
            var copy = AccessRowFields.FromFields(Lookup(r));
            copy.Principal = principal;
            copy.Via = via;
            return copy;
        }

        private static Func<string, string?> Lookup(CalendarAccessRow r)
        {
            var values = AccessRowFields.ToFields(r);
            return name =>
            {
                for (var i = 0; i < AccessRowFields.Names.Count; i++)
                {
                    if (AccessRowFields.Names[i] == name)
                    {
                        return values[i];
                    }
                }

                return null;
            };
        }

        private static string DomainOf(string address)
        {
            var at = (address ?? string.Empty).LastIndexOf('@');
            return at < 0 ? string.Empty : address!.Substring(at + 1).Trim().ToLowerInvariant();
        }

        // ------------------------------------------------------------------ Export-Csv files

        /// <summary>Rows of a report saved with Export-Csv (PowerShell 7 or 5.1, whose first line is #TYPE).</summary>
        public static IReadOnlyList<CalendarAccessRow> ReadCsv(string path)
        {
            string text;
            using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            {
                text = reader.ReadToEnd();
            }

            var records = ParseCsv(text).Where(r => !(r.Count == 1 && r[0].Length == 0)).ToList();
            if (records.Count > 0 && records[0].Count > 0 && records[0][0].StartsWith("#TYPE", StringComparison.Ordinal))
            {
                records.RemoveAt(0);
            }

            if (records.Count == 0 || !records[0].Any(h => string.Equals(h, "Mailbox", StringComparison.OrdinalIgnoreCase)))
            {
                throw new AccessScanFileException(Texts.Format(nameof(Texts.Error_AccessScanFileInvalid), path));
            }

            var header = records[0];
            var result = new List<CalendarAccessRow>();
            for (var n = 1; n < records.Count; n++)
            {
                var record = records[n];
                try
                {
                    result.Add(AccessRowFields.FromFields(name =>
                    {
                        var i = header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                        return i < 0 || i >= record.Count ? null : record[i];
                    }));
                }
                catch (FormatException ex)
                {
                    throw new AccessScanFileException(Texts.Format(nameof(Texts.Error_AccessScanFileRow), path, n + 1, ex.Message), ex);
                }
            }

            return result;
        }

        /// <summary>RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks.</summary>
        internal static List<List<string>> ParseCsv(string text)
        {
            var records = new List<List<string>>();
            var record = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        field.Append(c);
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                        quoted = true;
                        break;
                    case ',':
                        record.Add(field.ToString());
                        field.Clear();
                        break;
                    case '\r':
                        break;
                    case '\n':
                        record.Add(field.ToString());
                        field.Clear();
                        records.Add(record);
                        record = new List<string>();
                        break;
                    default:
                        field.Append(c);
                        break;
                }
            }

            if (field.Length > 0 || record.Count > 0)
            {
                record.Add(field.ToString());
                records.Add(record);
            }

            return records;
        }
    }
}
