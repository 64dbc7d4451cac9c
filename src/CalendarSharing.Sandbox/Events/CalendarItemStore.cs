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
        private long counter;

        // The change journal: for each item id, the sequence number of its last write (or deletion), so SyncFolderItems
        // and Graph delta both answer "what changed after N" from one place. Only the latest change per id is kept,
        // as both protocols report an item once however often it changed.
        private readonly SortedDictionary<long, JournalEntry> journal = new SortedDictionary<long, JournalEntry>();
        private readonly Dictionary<string, long> lastChange = new Dictionary<string, long>(StringComparer.Ordinal);
        private long sequence;
        private int epoch = 1;

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
        public SandboxEvent Add(SandboxEvent item, DateTime nowUtc) => Add(item, nowUtc, null);

        /// <summary>
        /// Adds the item under the lock, named by <paramref name="newId"/> from this folder's own counter (so ids are the
        /// same in every organisation built the same way), unless an item with the same transaction id exists: then that
        /// one is returned unchanged (a retried create makes one event).
        /// </summary>
        public SandboxEvent Add(SandboxEvent item, DateTime nowUtc, Func<long, string>? newId)
        {
            lock (gate)
            {
                if (item.TransactionId != null)
                {
                    foreach (var e in items.Values)
                    {
                        if (string.Equals(e.TransactionId, item.TransactionId, StringComparison.Ordinal))
                        {
                            return e.Clone();
                        }
                    }
                }

                var stored = item.Clone();
                if (newId != null)
                {
                    stored.Id = newId(++counter);
                }

                foreach (var pair in stored.Modified)
                {
                    pair.Value.Id = EventIds.OccurrenceId(stored.Id, pair.Key);
                }

                stored.Version = 1;
                stored.CreatedUtc = nowUtc;
                stored.LastModifiedUtc = nowUtc;
                items[stored.Id] = stored;
                Record(stored.Id, false);
                return stored.Clone();
            }
        }

        /// <summary>
        /// Edits the item under the lock when <paramref name="expectedVersion"/> is current (or null = unconditional).
        /// </summary>
        public StoreWrite Update(string id, long? expectedVersion, Action<SandboxEvent> edit, DateTime nowUtc) =>
            Update(id, expectedVersion, e =>
            {
                edit(e);
                return null;
            }, nowUtc);

        /// <summary>
        /// Edits a copy of the item under the lock; the copy replaces the item only when <paramref name="edit"/> names no
        /// problem, so a refused write leaves nothing half-written. A stale <paramref name="expectedVersion"/> writes nothing.
        /// </summary>
        public StoreWrite Update(string id, long? expectedVersion, Func<SandboxEvent, EventProblem?> edit, DateTime nowUtc)
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
                var problem = edit(edited);
                if (problem.HasValue)
                {
                    return StoreWrite.Rejected(problem.Value, current.Clone());
                }

                edited.Id = current.Id;
                edited.Version = current.Version + 1;
                edited.LastModifiedUtc = nowUtc;
                edited.CreatedUtc = current.CreatedUtc;
                edited.TransactionId = current.TransactionId; // cannot be changed by a later update (Graph event resource)
                items[id] = edited;
                Record(id, false);
                return StoreWrite.Written(edited.Clone());
            }
        }

        public bool Remove(string id)
        {
            lock (gate)
            {
                if (!items.Remove(id))
                {
                    return false;
                }

                Record(id, true);
                return true;
            }
        }

        /// <summary>Seeds many items at once under one lock (generated organisations), ids from this folder's counter.</summary>
        public void AddRange(IEnumerable<SandboxEvent> drafts, DateTime nowUtc, Func<long, string> newId)
        {
            lock (gate)
            {
                foreach (var draft in drafts)
                {
                    draft.Id = newId(++counter);
                    draft.Version = 1;
                    draft.CreatedUtc = nowUtc;
                    draft.LastModifiedUtc = nowUtc;
                    items[draft.Id] = draft;
                    Record(draft.Id, false);
                }
            }
        }
            /// <summary>The sequence number of the latest change (0 = none yet): a watermark "up to here".</summary>
        public long CurrentSequence
        {
            get
            {
                lock (gate)
                {
                    return sequence;
                }
            }
        }

        /// <summary>Watermarks carry this number; <see cref="ExpireWatermarks"/> starts a new one, so every earlier watermark is invalid.</summary>
        public int Epoch
        {
            get
            {
                lock (gate)
                {
                    return epoch;
                }
            }
        }

        /// <summary>
        /// Every item changed or deleted after <paramref name="after"/>, oldest change first, at most
        /// <paramref name="max"/>: each id once, with its latest state (null Item = deleted). <paramref name="upTo"/> is
        /// the sequence the page reaches (the next watermark); <paramref name="more"/> says a page follows. From 0 (a first
        /// read) only live items are listed, as creations. Returns null when <paramref name="watermarkEpoch"/> is not the
        /// current <see cref="Epoch"/> or <paramref name="after"/> was never issued (an expired or forged watermark).
        /// </summary>
        public IReadOnlyList<JournalChange>? ChangesSince(int watermarkEpoch, long after, int max, out long upTo, out bool more)
        {
            lock (gate)
            {
                upTo = after;
                more = false;
                if ((after > 0 && watermarkEpoch != epoch) || after < 0 || after > sequence)
                {
                    return null;
                }

                var page = new List<JournalChange>();
                foreach (var entry in journal)
                {
                    if (entry.Key <= after)
                    {
                        continue;
                    }

                    if (page.Count == max)
                    {
                        more = true;
                        break;
                    }

                    items.TryGetValue(entry.Value.Id, out var item);
                    if (after == 0 && entry.Value.Deleted)
                    {
                        continue;
                    }

                    page.Add(new JournalChange(entry.Value.Id, entry.Key, entry.Value.Deleted ? null : item?.Clone()));
                    upTo = entry.Key;
                }

                if (!more)
                {
                    upTo = sequence;
                }

                return page;
            }
        }

        /// <summary>Makes every watermark issued so far invalid (the fault knob behind an expired delta token or SyncState).</summary>
        public void ExpireWatermarks()
        {
            lock (gate)
            {
                epoch++;
            }
        }

        /// <summary>
        /// Raised on every write (create, update, delete, seeding) with the id, what happened and the new sequence, INSIDE the store's lock
        /// and in write order: a handler must only take note (queue, signal) and never call back into the store.
        /// SandboxOrganization.Changes.cs turns it into per-folder change notices for EWS notifications and Graph delta.
        /// </summary>
        internal event Action<string, StoreChangeKind, long>? Written;

        private void Record(string id, bool deleted)
        {
            var created = !lastChange.TryGetValue(id, out var previous);
            if (!created)
            {
                journal.Remove(previous);
            }

            sequence++;
            journal[sequence] = new JournalEntry(id, deleted);
            lastChange[id] = sequence;
            Written?.Invoke(id, deleted ? StoreChangeKind.Deleted : created ? StoreChangeKind.Created : StoreChangeKind.Modified, sequence);
        }

        private readonly struct JournalEntry
        {
            public JournalEntry(string id, bool deleted)
            {
                Id = id;
                Deleted = deleted;
            }

            public string Id { get; }

            public bool Deleted { get; }
        }
    }

    /// <summary>One entry of <see cref="CalendarItemStore.ChangesSince"/>: the item's latest state, or null when it was deleted.</summary>
    internal sealed class JournalChange
    {
        public JournalChange(string id, long sequence, SandboxEvent? item)
        {
            Id = id;
            Sequence = sequence;
            Item = item;
        }

        public string Id { get; }

        public long Sequence { get; }

        public SandboxEvent? Item { get; }

        public bool IsDeleted => Item is null;
}

    /// <summary>What one write did to an item (<see cref="CalendarItemStore.Written"/>).</summary>
    internal enum StoreChangeKind
    {
        Created,
        Modified,
        Deleted,
    }

    internal sealed class StoreWrite
    {
        private StoreWrite(StoreWriteOutcome outcome, SandboxEvent? item, EventProblem? problem = null)
        {
            Outcome = outcome;
            Item = item;
            Problem = problem;
        }

        public static StoreWrite NotFound { get; } = new StoreWrite(StoreWriteOutcome.NotFound, null);

        public StoreWriteOutcome Outcome { get; }

        /// <summary>The item after the write (Written) or as it is now (Stale, Rejected).</summary>
        public SandboxEvent? Item { get; }

        /// <summary>Rejected: why the organisation refused the write (each protocol renders its own error code).</summary>
        public EventProblem? Problem { get; }

        public static StoreWrite Rejected(EventProblem problem, SandboxEvent? current) => new StoreWrite(StoreWriteOutcome.Rejected, current, problem);

        public static StoreWrite Stale(SandboxEvent current) => new StoreWrite(StoreWriteOutcome.Stale, current);

        public static StoreWrite Written(SandboxEvent item) => new StoreWrite(StoreWriteOutcome.Written, item);
    }

    internal enum StoreWriteOutcome
    {
        Written,
        NotFound,
        Stale,
        /// <summary>The write breaks a rule (see <see cref="StoreWrite.Problem"/>); nothing was written.</summary>
        Rejected,
    }

    /// <summary>
    /// Opaque item ids. A single event or series has "ev" + mailbox + a number; an occurrence is named by its series and
    /// its original start, as Exchange's occurrence ids are (they are valid until the series changes).
    /// </summary>
    internal static class EventIds
    {
        private static long next;

        /// <summary>An id from a process-wide counter (prefer the folder-scoped overload, which is deterministic).</summary>
        public static string NewEventId(string mailbox)
        {
            var n = System.Threading.Interlocked.Increment(ref next);
            return NewEventId(mailbox, "x", n);
        }

        /// <summary>The id of the <paramref name="number"/>th item made in a folder: mailbox, folder key and number.</summary>
        public static string NewEventId(string mailbox, string folderKey, long number) =>
            Encode("ev|" + mailbox.ToLowerInvariant() + "|" + folderKey + "|" + number.ToString(CultureInfo.InvariantCulture));

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
        public static string? MailboxOf(string id) => Part(id, 0);

        /// <summary>The key of the folder an event id was made in ("calendar", "calendar/team-events", ...), or null.</summary>
        public static string? FolderKeyOf(string id) => Part(id, 1);

        private static string? Part(string id, int part)
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

            var parts = text.Substring(3).Split('|');
            return parts.Length == 3 && parts[part].Length > 0 ? parts[part] : null;
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
