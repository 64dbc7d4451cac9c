using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>One entry of a calendarView delta round: an occurrence, exception or single event as it is now, or an id removed.</summary>
    internal sealed class CalendarDeltaEntry
    {
        private CalendarDeltaEntry(string id, SandboxOccurrence? item)
        {
            Id = id;
            Item = item;
        }

        public string Id { get; }

        /// <summary>Null: removed from the view (deleted, cancelled, or moved out of the window).</summary>
        public SandboxOccurrence? Item { get; }

        public bool IsRemoved => Item is null;

        public static CalendarDeltaEntry Changed(SandboxOccurrence item) => new CalendarDeltaEntry(item.Id, item);

        public static CalendarDeltaEntry Removed(string id) => new CalendarDeltaEntry(id, null);
    }

    /// <summary>One round of a calendarView delta: every entry it reports (paged by the endpoint), and the token of the state after it.</summary>
    internal sealed class CalendarDeltaRound
    {
        public CalendarDeltaRound(string id, IReadOnlyList<CalendarDeltaEntry> entries, string deltaToken, int pageSize)
        {
            Id = id;
            Entries = entries;
            DeltaToken = deltaToken;
            PageSize = pageSize;
        }

        public string Id { get; }

        public IReadOnlyList<CalendarDeltaEntry> Entries { get; }

        /// <summary>The $deltatoken the last page links to.</summary>
        public string DeltaToken { get; }

        /// <summary>The page size the round was started with (Prefer: odata.maxpagesize), used when a page asks for none.</summary>
        public int PageSize { get; }
    }

    /// <summary>Why a delta request cannot go on (each protocol endpoint renders it).</summary>
    internal enum CalendarDeltaProblem
    {
        /// <summary>The token is expired, unknown, of another calendar or of an earlier epoch: 410 syncStateNotFound.</summary>
        SyncStateNotFound,

        /// <summary>The fault knob <see cref="SandboxOrganization.FailDeltaAfterPages"/>: the page fails with a server error.</summary>
        InjectedFailure,

        /// <summary>The fault knob <see cref="SandboxOrganization.ThrottleDeltaPages"/>: the page is throttled.</summary>
        InjectedThrottling,
    }

    /// <summary>
    /// The calendarView delta rule (https://learn.microsoft.com/graph/api/event-delta, https://learn.microsoft.com/graph/delta-query-events),
    /// written once over the store's change journal: a round reports the occurrences, exceptions and single events of the
    /// window (never series masters), and for later rounds what changed since: every instance of a changed item, and as
    /// removed every instance the client was given that is gone (the item deleted, the occurrence cancelled, moved out of
    /// the window, or its series shortened). The sync state (which instances a client holds, the journal position, the
    /// window) stays on the server, as Exchange keeps it; tokens only name it. A token of an earlier epoch
    /// (<see cref="ExpireDeltaTokens"/>) or one the server no longer keeps is syncStateNotFound. Replays are allowed by
    /// the protocol (https://learn.microsoft.com/graph/delta-query-overview): a change racing a round may come twice.
    /// </summary>
    public sealed partial class SandboxOrganization
    {
        /// <summary>Sync states kept at most (oldest dropped first, their tokens then expire as Exchange's cache does).</summary>
        internal const int MaxDeltaStates = 10_000;

        private readonly object deltaGate = new object();
        private readonly Dictionary<string, DeltaState> deltaStates = new Dictionary<string, DeltaState>(StringComparer.Ordinal);
        private readonly Dictionary<string, (CalendarDeltaRound Round, DeltaState State)> deltaRounds = new Dictionary<string, (CalendarDeltaRound, DeltaState)>(StringComparer.Ordinal);
        private readonly Queue<string> deltaOrder = new Queue<string>();
        private long deltaCounter;
        private int deltaPagesBeforeFailure = -1;
        private int deltaPagesToThrottle;

        /// <summary>
        /// Fault knob: after <paramref name="pages"/> more delta pages are served, the next delta request fails once with a
        /// server error (a read failing halfway through a pass). Negative turns it off.
        /// </summary>
        public void FailDeltaAfterPages(int pages)
        {
            lock (deltaGate)
            {
                deltaPagesBeforeFailure = pages;
            }
        }

        /// <summary>Fault knob: the next <paramref name="count"/> delta requests are throttled (429 with Retry-After).</summary>
        public void ThrottleDeltaPages(int count)
        {
            lock (deltaGate)
            {
                deltaPagesToThrottle = Math.Max(0, count);
            }
        }

        /// <summary>Fault knob: every delta token (and SyncState) issued so far for this calendar expires.</summary>
        public void ExpireDeltaTokens(string address, string? calendarName = null) => FindCalendar(address, calendarName).Items.ExpireWatermarks();

        /// <summary>Delta pages served so far (every page of every round).</summary>
        public int DeltaPagesServed { get; private set; }

        /// <summary>The injected fault due for this delta request, if any (counted per request, before anything is read).</summary>
        internal CalendarDeltaProblem? DeltaFault()
        {
            lock (deltaGate)
            {
                if (deltaPagesToThrottle > 0)
                {
                    deltaPagesToThrottle--;
                    CountGraphThrottled();
                    return CalendarDeltaProblem.InjectedThrottling;
                }

                if (deltaPagesBeforeFailure == 0)
                {
                    deltaPagesBeforeFailure = -1;
                    return CalendarDeltaProblem.InjectedFailure;
                }

                if (deltaPagesBeforeFailure > 0)
                {
                    deltaPagesBeforeFailure--;
                }

                DeltaPagesServed++;
                return null;
            }
        }

        /// <summary>A new round: everything the window shows, as changes (an initial sync).</summary>
        internal CalendarDeltaRound StartDelta(SandboxFolder folder, DateTime startUtc, DateTime endUtc, int pageSize)
        {
            // The journal position is read before the view, so a write racing the read is reported again next round.
            var epoch = folder.Items.Epoch;
            var sequence = folder.Items.CurrentSequence;
            var view = ExpandWindow(folder, startUtc, endUtc);
            var known = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var o in view)
            {
                Remember(known, StoredIdOf(o), o.Id);
            }

            var state = new DeltaState(folder, epoch, sequence, startUtc, endUtc, known);
            return NewRound(view.Select(CalendarDeltaEntry.Changed).ToList(), state, pageSize);
        }

        /// <summary>The round after a deltaLink: what changed since; null with <paramref name="problem"/> when the token cannot be used.</summary>
        internal CalendarDeltaRound? ContinueDelta(SandboxFolder folder, string deltaToken, int? pageSize, out CalendarDeltaProblem? problem)
        {
            problem = null;
            DeltaState? state;
            lock (deltaGate)
            {
                deltaStates.TryGetValue(deltaToken, out state);
            }

            if (state is null || state.Folder != folder || state.Epoch != folder.Items.Epoch)
            {
                problem = CalendarDeltaProblem.SyncStateNotFound;
                return null;
            }

            var changes = JournalSince(folder, state.Epoch, state.Sequence, out var upTo);
            if (changes is null)
            {
                problem = CalendarDeltaProblem.SyncStateNotFound;
                return null;
            }

            var known = state.Known.ToDictionary(p => p.Key, p => new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
            var entries = new List<CalendarDeltaEntry>();
            foreach (var change in changes)
            {
                known.TryGetValue(change.Id, out var before);
                var now = new List<SandboxOccurrence>();
                if (change.Item != null)
                {
                    now.AddRange(change.Item.IsSeriesMaster
                        ? RecurrenceExpander.Expand(change.Item, state.WindowStart, state.WindowEnd)
                        : Overlaps(change.Item.StartUtc, change.Item.EndUtc, state.WindowStart, state.WindowEnd)
                            ? new[] { new SandboxOccurrence(change.Item, EventKind.SingleInstance, change.Item.Id, change.Item.StartUtc, change.Item.EndUtc, null, null) }
                            : Array.Empty<SandboxOccurrence>());
                }

                var ids = new HashSet<string>(now.Select(o => o.Id), StringComparer.Ordinal);
                entries.AddRange(now.OrderBy(o => o.StartUtc).Select(CalendarDeltaEntry.Changed));
                foreach (var gone in (before ?? new HashSet<string>()).Where(id => !ids.Contains(id)).OrderBy(id => id, StringComparer.Ordinal))
                {
                    entries.Add(CalendarDeltaEntry.Removed(gone));
                }

                if (ids.Count == 0)
                {
                    known.Remove(change.Id);
                }
                else
                {
                    known[change.Id] = ids;
                }
            }

            var next = new DeltaState(folder, state.Epoch, upTo, state.WindowStart, state.WindowEnd, known);
            return NewRound(entries, next, pageSize ?? state.PageSize);
        }

        /// <summary>A round in progress, by the id its $skiptoken names; null with <paramref name="problem"/> when it is gone or expired.</summary>
        internal CalendarDeltaRound? FindDeltaRound(SandboxFolder folder, string roundId, out CalendarDeltaProblem? problem)
        {
            problem = null;
            (CalendarDeltaRound Round, DeltaState State) found;
            lock (deltaGate)
            {
                if (!deltaRounds.TryGetValue(roundId, out found))
                {
                    problem = CalendarDeltaProblem.SyncStateNotFound;
                    return null;
                }
            }

            if (found.State.Folder != folder || found.State.Epoch != folder.Items.Epoch)
            {
                problem = CalendarDeltaProblem.SyncStateNotFound;
                return null;
            }

            return found.Round;
        }

        /// <summary>
        /// The journal the round answers from (the same one SyncFolderItems answers from): every item changed after
        /// <paramref name="after"/>, with its current state; null for a watermark of another epoch.
        /// </summary>
        private IReadOnlyList<JournalChange>? JournalSince(SandboxFolder folder, int epoch, long after, out long upTo) =>
            folder.Items.ChangesSince(epoch, after, int.MaxValue, out upTo, out _);

        private CalendarDeltaRound NewRound(IReadOnlyList<CalendarDeltaEntry> entries, DeltaState next, int pageSize)
        {
            lock (deltaGate)
            {
                var roundId = Token("r", ++deltaCounter);
                var stateId = Token("d", ++deltaCounter);
                next.PageSize = pageSize;
                var round = new CalendarDeltaRound(roundId, entries, stateId, pageSize);
                deltaStates[stateId] = next;
                deltaRounds[roundId] = (round, next);
                deltaOrder.Enqueue(stateId);
                deltaOrder.Enqueue(roundId);
                while (deltaOrder.Count > 2 * MaxDeltaStates)
                {
                    var old = deltaOrder.Dequeue();
                    deltaStates.Remove(old);
                    deltaRounds.Remove(old);
                }

                return round;
            }
        }

        // Opaque to clients: base64url of a kind letter, the organisation's counter and a check of both.
        private static string Token(string kind, long n)
        {
            var text = kind + "." + n.ToString(CultureInfo.InvariantCulture) + "." + ((n * 2654435761L) & 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        private static string StoredIdOf(SandboxOccurrence o) => o.Master?.Id ?? o.Id;

        private static void Remember(Dictionary<string, HashSet<string>> known, string stored, string instance)
        {
            if (!known.TryGetValue(stored, out var set))
            {
                known[stored] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(instance);
        }

        /// <summary>What a client holds after a round: journal position, window, and the instances it was given per stored item.</summary>
        private sealed class DeltaState
        {
            public DeltaState(SandboxFolder folder, int epoch, long sequence, DateTime windowStart, DateTime windowEnd, Dictionary<string, HashSet<string>> known)
            {
                Folder = folder;
                Epoch = epoch;
                Sequence = sequence;
                WindowStart = windowStart;
                WindowEnd = windowEnd;
                Known = known;
            }

            public SandboxFolder Folder { get; }

            public int Epoch { get; }

            public long Sequence { get; }

            public DateTime WindowStart { get; }

            public DateTime WindowEnd { get; }

            public Dictionary<string, HashSet<string>> Known { get; }

            public int PageSize { get; set; }
        }
    }
}
