using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CalendarSharing.Sandbox.Events
{
    /// <summary>
    /// The items of one calendar folder, guarded by one lock: every read returns copies, every write is atomic and bumps
    /// the item's version, so EWS change keys and Graph ETags both follow from one counter.
    /// </summary>
    internal sealed class CalendarItemStore
    {
        private readonly object gate = new object();
        private readonly Dictionary<string, SandboxEvent> items = new Dictionary<string, SandboxEvent>(StringComparer.Ordinal);

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return items.Count;
                }
            }
        }

        /// <summary>Copies of every stored item (singles and series masters).</summary>
        public IReadOnlyList<SandboxEvent> Snapshot()
        {
            lock (gate)
            {
                return items.Values.Select(e => e.Clone()).ToList();
            }
        }

        public SandboxEvent? Find(string id)
        {
            lock (gate)
            {
                return items.TryGetValue(id, out var item) ? item.Clone() : null;
            }
        }

        /// <summary>Adds the item, unless one with the same transaction id exists: then that one is returned unchanged.</summary>
        public SandboxEvent Add(SandboxEvent item, DateTime nowUtc)
        {
            lock (gate)
            {
                if (item.TransactionId != null)
                {
                    var earlier = items.Values.FirstOrDefault(e => string.Equals(e.TransactionId, item.TransactionId, StringComparison.Ordinal));
                    if (earlier != null)
                    {
                        return earlier.Clone();
                    }
                }

                var stored = item.Clone();
                stored.Version = 1;
                stored.CreatedUtc = nowUtc;
                stored.LastModifiedUtc = nowUtc;
                items[stored.Id] = stored;
                return stored.Clone();
            }
        }

        /// <summary>
        /// Edits the item under the lock when <paramref name="expectedVersion"/> is current (or null = unconditional).
        /// </summary>
        public StoreWrite Update(string id, long? expectedVersion, Action<SandboxEvent> edit, DateTime nowUtc)
        {
            lock (gate)
            {
                if (!items.TryGetValue(id, out var current))
                {
                    return StoreWrite.NotFound;
                }

                if (expectedVersion.HasValue && expectedVersion.Value != current.Version)
                {
                    return StoreWrite.Stale(current.Clone());
                }

                var edited = current.Clone();
                edit(edited);
                edited.Id = current.Id;
                edited.Version = current.Version + 1;
                edited.LastModifiedUtc = nowUtc;
                items[id] = edited;
                return StoreWrite.Written(edited.Clone());
            }
        }

        public bool Remove(string id)
        {
            lock (gate)
            {
                return items.Remove(id);
            }
        }
    }

    internal sealed class StoreWrite
    {
        private StoreWrite(StoreWriteOutcome outcome, SandboxEvent? item)
        {
            Outcome = outcome;
            Item = item;
        }

        public static StoreWrite NotFound { get; } = new StoreWrite(StoreWriteOutcome.NotFound, null);

        public StoreWriteOutcome Outcome { get; }

        /// <summary>The item after the write (Written) or as it is now (Stale).</summary>
        public SandboxEvent? Item { get; }

        public static StoreWrite Stale(SandboxEvent current) => new StoreWrite(StoreWriteOutcome.Stale, current);

        public static StoreWrite Written(SandboxEvent item) => new StoreWrite(StoreWriteOutcome.Written, item);
    }

    internal enum StoreWriteOutcome
    {
        Written,
        NotFound,
        Stale,
    }

    /// <summary>
    /// Opaque item ids. A single event or series has "ev" + mailbox + a number; an occurrence is named by its series and
    /// its original start, as Exchange's occurrence ids are (they are valid until the series changes).
    /// </summary>
    internal static class EventIds
    {
        private static long next;

        public static string NewEventId(string mailbox)
        {
            var n = System.Threading.Interlocked.Increment(ref next);
            return Encode("ev|" + mailbox.ToLowerInvariant() + "|" + n.ToString(CultureInfo.InvariantCulture));
        }

        public static string OccurrenceId(string masterId, DateTime originalStartUtc) =>
            Encode("oc|" + masterId + "|" + originalStartUtc.Ticks.ToString(CultureInfo.InvariantCulture));

        /// <summary>For an occurrence id: its series' id and original start.</summary>
        public static bool TryParseOccurrence(string id, out string masterId, out DateTime originalStartUtc)
        {
            masterId = string.Empty;
            originalStartUtc = default;
            var text = Decode(id);
            if (text is null || !text.StartsWith("oc|", StringComparison.Ordinal))
            {
                return false;
            }

            var last = text.LastIndexOf('|');
            if (last <= 3 || !long.TryParse(text.Substring(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                return false;
            }

            masterId = text.Substring(3, last - 3);
            originalStartUtc = new DateTime(ticks, DateTimeKind.Utc);
            return true;
        }

        /// <summary>The mailbox an id belongs to, or null when the id is not one of ours.</summary>
        public static string? MailboxOf(string id)
        {
            if (TryParseOccurrence(id, out var master, out _))
            {
                id = master;
            }

            var text = Decode(id);
            if (text is null || !text.StartsWith("ev|", StringComparison.Ordinal))
            {
                return null;
            }

            var last = text.LastIndexOf('|');
            return last > 3 ? text.Substring(3, last - 3) : null;
        }

        /// <summary>The change key / ETag text of a version (opaque to clients).</summary>
        public static string ChangeKey(SandboxEvent item) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes("ck" + item.Version.ToString(CultureInfo.InvariantCulture) + "|" + item.Id.Length.ToString(CultureInfo.InvariantCulture)));

        /// <summary>The version a change key names, or null when it is not one of ours.</summary>
        public static long? VersionOf(string changeKey)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(changeKey));
                var bar = text.IndexOf('|');
                return text.StartsWith("ck", StringComparison.Ordinal) && bar > 2
                    && long.TryParse(text.Substring(2, bar - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (long?)null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static string Encode(string text) =>
            "AAMk" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static string? Decode(string id)
        {
            if (id is null || !id.StartsWith("AAMk", StringComparison.Ordinal))
            {
                return null;
            }

            var body = id.Substring(4).Replace('-', '+').Replace('_', '/');
            body = body.PadRight(body.Length + ((4 - (body.Length % 4)) % 4), '=');
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(body));
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
