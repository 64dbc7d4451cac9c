using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// The resume file of an access scan (-Resume): one line per finished mailbox holding all its rows, appended and flushed
    /// to disk in one write when the mailbox is done. A line cut short by a crash has no end mark and is dropped when the
    /// file is opened again (and cut off, so the next line starts clean): a mailbox is in the file whole or not at all, and
    /// a resumed scan reads exactly the mailboxes that are not. Holds what the report shows and nothing secret.
    /// The same file is a saved scan for Get-CalendarAccess -FromReport.
    /// </summary>
    public sealed class AccessScanState : IDisposable
    {
        private const string Magic = "#CalendarSharing access scan 1";
        private const string EndMark = ".";
        private readonly object gate = new object();
        private readonly Dictionary<string, IReadOnlyList<CalendarAccessRow>> finished = new Dictionary<string, IReadOnlyList<CalendarAccessRow>>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> order = new List<string>();
        private FileStream? stream;

        private AccessScanState(string path, bool includeSecondary)
        {
            Path = path;
            IncludeSecondaryCalendars = includeSecondary;
        }

        public string Path { get; }

        public bool IncludeSecondaryCalendars { get; }

        /// <summary>Mailboxes finished, in the order they finished.</summary>
        public IReadOnlyList<string> FinishedMailboxes
        {
            get
            {
                lock (gate)
                {
                    return order.ToList();
                }
            }
        }

        /// <summary>Every row in the file, mailbox by mailbox in the order they finished.</summary>
        public IReadOnlyList<CalendarAccessRow> Rows
        {
            get
            {
                lock (gate)
                {
                    return order.SelectMany(m => finished[m]).ToList();
                }
            }
        }

        /// <summary>The rows of a finished mailbox, or null when it is not in the file.</summary>
        public IReadOnlyList<CalendarAccessRow>? RowsOf(string mailbox)
        {
            lock (gate)
            {
                return finished.TryGetValue(mailbox, out var rows) ? rows : null;
            }
        }

        /// <summary>Opens (or creates) the resume file for a scan with these settings.</summary>
        /// <exception cref="AccessScanFileException">The file is not a resume file, or one of a scan with other settings.</exception>
        public static AccessScanState Open(string path, bool includeSecondary)
        {
            var state = new AccessScanState(path, includeSecondary);
            var full = System.IO.Path.GetFullPath(path);
            var directory = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
            {
                System.IO.Directory.CreateDirectory(directory);
            }

            var fresh = !File.Exists(full) || new FileInfo(full).Length == 0;
            var s = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            try
            {
                if (fresh)
                {
                    var header = Encoding.UTF8.GetBytes(Magic + "\tsecondary=" + (includeSecondary ? "True" : "False") + "\n#fields\t" + string.Join("\t", AccessRowFields.Names) + "\n");
                    s.SetLength(0);
                    s.Write(header, 0, header.Length);
                    s.Flush(flushToDisk: true);
                }
                else
                {
                    var keep = state.Load(s, path, includeSecondary);
                    s.SetLength(keep);
                    s.Seek(keep, SeekOrigin.Begin);
                }
            }
            catch
            {
                s.Dispose();
                throw;
            }

            state.stream = s;
            return state;
        }

        /// <summary>Reads a resume file without opening it for writing (Get-CalendarAccess -FromReport).</summary>
        /// <exception cref="AccessScanFileException">Not a resume file.</exception>
        public static AccessScanState Read(string path)
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var state = new AccessScanState(path, includeSecondary: false);
            state.Load(s, path, includeSecondary: null);
            return state;
        }

        /// <summary>True when the file starts as a resume file does.</summary>
        public static bool LooksLikeStateFile(string path)
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            var first = reader.ReadLine();
            return first != null && first.StartsWith(Magic, StringComparison.Ordinal);
        }

        /// <summary>Records a finished mailbox with all its rows, in one flushed write.</summary>
        public void Record(string mailbox, IReadOnlyList<CalendarAccessRow> rows)
        {
            var line = new StringBuilder();
            line.Append('M').Append('\t').Append(Escape(mailbox)).Append('\t').Append(rows.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var row in rows)
            {
                foreach (var field in AccessRowFields.ToFields(row))
                {
                    line.Append('\t').Append(Escape(field));
                }
            }

            line.Append('\t').Append(EndMark).Append('\n');
            var bytes = Encoding.UTF8.GetBytes(line.ToString());
            lock (gate)
            {
                var s = stream ?? throw new ObjectDisposedException(nameof(AccessScanState));
                s.Write(bytes, 0, bytes.Length);
                s.Flush(flushToDisk: true);
                if (!finished.ContainsKey(mailbox))
                {
                    order.Add(mailbox);
                }

                finished[mailbox] = rows.ToList();
            }
        }

        /// <summary>Reads the records; returns the length of the file up to the last whole line.</summary>
        private long Load(Stream s, string path, bool? includeSecondary)
        {
            var bytes = new byte[s.Length];
            s.Seek(0, SeekOrigin.Begin);
            var read = 0;
            while (read < bytes.Length)
            {
                var n = s.Read(bytes, read, bytes.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var lastNewline = Array.LastIndexOf(bytes, (byte)'\n', read - 1);
            var keep = lastNewline + 1;
            var text = Encoding.UTF8.GetString(bytes, 0, keep);
            var lines = text.Split('\n');
            if (lines.Length < 2 || !lines[0].StartsWith(Magic, StringComparison.Ordinal))
            {
                throw new AccessScanFileException(Texts.Format(nameof(Texts.Error_AccessScanFileInvalid), path));
            }

            var secondary = lines[0].IndexOf("secondary=True", StringComparison.Ordinal) >= 0;
            if (includeSecondary is bool wanted && wanted != secondary)
            {
                throw new AccessScanFileException(Texts.Format(nameof(Texts.Error_AccessScanStateMismatch), path, secondary ? "with" : "without", wanted ? "with" : "without"), null, Commands.ErrorIds.AccessScanStateMismatch);
            }

            var names = lines.Length > 1 && lines[1].StartsWith("#fields\t", StringComparison.Ordinal)
                ? lines[1].Split('\t').Skip(1).ToArray()
                : AccessRowFields.Names.ToArray();
            foreach (var line in lines.Skip(2))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var parts = line.Split('\t');
                if (parts.Length < 4 || parts[0] != "M" || parts[parts.Length - 1] != EndMark
                    || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    || parts.Length != 4 + (count * names.Length))
                {
                    continue; // not a whole record: the mailbox counts as not finished
                }

                var mailbox = Unescape(parts[1]) ?? string.Empty;
                var rows = new List<CalendarAccessRow>(count);
                try
                {
                    for (var r = 0; r < count; r++)
                    {
                        var offset = 3 + (r * names.Length);
                        rows.Add(AccessRowFields.FromFields(name =>
                        {
                            var i = Array.IndexOf(names, name);
                            return i < 0 ? null : Unescape(parts[offset + i]);
                        }));
                    }
                }
                catch (FormatException)
                {
                    continue;
                }

                if (!finished.ContainsKey(mailbox))
                {
                    order.Add(mailbox);
                }

                finished[mailbox] = rows;
            }

            return keep;
        }

        private static string Escape(string? value)
        {
            if (value == null)
            {
                return "\\0";
            }

            var b = new StringBuilder(value.Length + 2);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\': b.Append("\\\\"); break;
                    case '\t': b.Append("\\t"); break;
                    case '\n': b.Append("\\n"); break;
                    case '\r': b.Append("\\r"); break;
                    default: b.Append(c); break;
                }
            }

            return b.ToString();
        }

        private static string? Unescape(string value)
        {
            if (value == "\\0")
            {
                return null;
            }

            if (value.IndexOf('\\') < 0)
            {
                return value;
            }

            var b = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '\\' && i + 1 < value.Length)
                {
                    var n = value[++i];
                    b.Append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
                }
                else
                {
                    b.Append(c);
                }
            }

            return b.ToString();
        }

        public void Dispose()
        {
            lock (gate)
            {
                stream?.Dispose();
                stream = null;
            }
        }
    }

    /// <summary>A resume file or saved scan that cannot be used (not one, or one of a scan with other settings).</summary>
    public sealed class AccessScanFileException : Exception
    {
        public AccessScanFileException(string message, Exception? inner = null, string errorId = Commands.ErrorIds.AccessScanFileInvalid)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        /// <summary>AccessScanFileInvalid or AccessScanStateMismatch.</summary>
        public string ErrorId { get; }
    }
}
