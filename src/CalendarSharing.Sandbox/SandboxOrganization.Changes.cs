using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>One item of a <see cref="FolderChangePage"/>: the item's latest state, or its deletion.</summary>
    internal sealed class FolderChange
    {
        public FolderChange(string itemId, SandboxEvent? item, long sequence)
        {
            ItemId = itemId;
            Item = item;
            Sequence = sequence;
        }

        /// <summary>The stored item's id: a single event or a series master (an occurrence's move or cancellation is a change of its series).</summary>
        public string ItemId { get; }

        /// <summary>The item as it is now; null when it was deleted.</summary>
        public SandboxEvent? Item { get; }

        public bool IsDeleted => Item is null;

        /// <summary>Always null today: the store journals series masters, whose occurrences change with them.</summary>
        public string? SeriesMasterId => null;

        /// <summary>The item's version after the change (EWS ChangeKey / Graph ETag follow from it); 0 when deleted.</summary>
        public long Version => Item?.Version ?? 0;

        /// <summary>The journal position of this change.</summary>
        public long Sequence { get; }
    }

    /// <summary>One page of <see cref="SandboxOrganization.ChangesOf"/>.</summary>
    internal sealed class FolderChangePage
    {
        public FolderChangePage(IReadOnlyList<FolderChange> changes, string nextWatermark, bool moreAvailable)
        {
            Changes = changes;
            NextWatermark = nextWatermark;
            MoreAvailable = moreAvailable;
        }

        /// <summary>Oldest change first, each item once.</summary>
        public IReadOnlyList<FolderChange> Changes { get; }

        /// <summary>Opaque: EWS sends it as SyncState, Graph wraps it in its deltaLink/nextLink.</summary>
        public string NextWatermark { get; }

        public bool MoreAvailable { get; }
    }

    /// <summary>A write to a watched folder (<see cref="SandboxOrganization.WatchChanges"/>).</summary>
    internal sealed class FolderChangeNotice
    {
        public FolderChangeNotice(SandboxFolder folder, string itemId, StoreChangeKind kind, long sequence, DateTime timeUtc)
        {
            Folder = folder;
            ItemId = itemId;
            Kind = kind;
            Sequence = sequence;
            TimeUtc = timeUtc;
        }

        public SandboxFolder Folder { get; }

        public string ItemId { get; }

        public StoreChangeKind Kind { get; }

        public long Sequence { get; }

        public DateTime TimeUtc { get; }
    }

    /// <summary>A read of changes refused by the fault knob <see cref="SandboxOrganization.FailChangeReads"/>: each endpoint renders it as a server error.</summary>
    internal sealed class ChangeReadFaultException : Exception
    {
        public ChangeReadFaultException()
            : base("The sandbox failed this read of changes on purpose (SandboxOrganization.FailChangeReads).")
        {
        }
    }

    // Change tracking, written once for EWS (SyncFolderItems, notifications) and Graph (calendarView delta): both endpoints
    // answer from the folder's change journal (Events/CalendarItemStore.cs) through ChangesOf, and both learn of writes
    // through WatchChanges. The fault knobs of sync tests live here too.
    public sealed partial class SandboxOrganization
    {
        private const string WatermarkPrefix = "CSW1";

        private readonly object changeFaultGate = new object();
        private int failReadsAfterPages = -1;
        private int failReadsRemaining;
        private int changeReadFaults;

        /// <summary>Reads of changes the fault knob refused so far.</summary>
        public int ChangeReadFaults => Volatile.Read(ref changeReadFaults);

        /// <summary>
        /// The changes of <paramref name="folder"/> after <paramref name="watermark"/> (null = from the beginning: every live
        /// item, as a creation), oldest first, at most <paramref name="max"/> (at least 1), each item once with its latest
        /// state. Returns null when the watermark is not one this folder issued in its current epoch (expired by
        /// <see cref="ExpireChangeWatermarks"/>, from another folder, or forged): EWS answers ErrorInvalidSyncStateData,
        /// Graph 410 Gone. Throws <see cref="ChangeReadFaultException"/> when the <see cref="FailChangeReads"/> knob trips.
        /// The watermark is opaque text: "CSW1" + base64url(folder id | epoch | sequence).
        /// </summary>
        internal FolderChangePage? ChangesOf(SandboxFolder folder, string? watermark, int max)
        {
            if (folder is null)
            {
                throw new ArgumentNullException(nameof(folder));
            }

            TripChangeReadFault();
            var epoch = folder.Items.Epoch;
            long after = 0;
            if (!string.IsNullOrEmpty(watermark))
            {
                if (!TryParseWatermark(watermark!, out var folderId, out var issued, out after)
                    || !string.Equals(folderId, folder.Id, StringComparison.Ordinal) || issued != epoch)
                {
                    return null;
                }
            }

            var page = folder.Items.ChangesSince(epoch, after, Math.Max(1, max), out var upTo, out var more);
            if (page is null)
            {
                return null;
            }

            var changes = page.Select(c => new FolderChange(c.Id, c.Item, c.Sequence)).ToList();
            return new FolderChangePage(changes, Watermark(folder, folder.Items.Epoch, upTo), more);
        }

        /// <summary>The watermark "everything up to now" of <paramref name="folder"/> (a subscription's starting point).</summary>
        internal string CurrentWatermark(SandboxFolder folder) => Watermark(folder, folder.Items.Epoch, folder.Items.CurrentSequence);

        /// <summary>
        /// Calls <paramref name="onChange"/> after every write to <paramref name="folder"/> (create, update, occurrence
        /// change, delete, seeding), in write order, until the returned handle is disposed. The callback runs inside the
        /// folder's lock: it must only take note (queue, signal a waiter) and never read or write the folder.
        /// </summary>
        internal IDisposable WatchChanges(SandboxFolder folder, Action<FolderChangeNotice> onChange)
        {
            if (folder is null)
            {
                throw new ArgumentNullException(nameof(folder));
            }

            if (onChange is null)
            {
                throw new ArgumentNullException(nameof(onChange));
            }

            Action<string, StoreChangeKind, long> handler = (id, kind, sequence) => onChange(new FolderChangeNotice(folder, id, kind, sequence, DateTime.UtcNow));
            folder.Items.Written += handler;
            return new Unwatch(() => folder.Items.Written -= handler);
        }

        /// <summary>
        /// Fault knob: after <paramref name="afterPages"/> more pages of changes have been read (any folder, any protocol),
        /// the next <paramref name="times"/> reads fail (EWS: ErrorInternalServerError in the response message; Graph: 500),
        /// so a sync pass fails halfway through. Reset with <see cref="ClearChangeReadFaults"/>.
        /// </summary>
        public void FailChangeReads(int afterPages, int times = 1)
        {
            if (afterPages < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(afterPages));
            }

            if (times < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(times));
            }

            lock (changeFaultGate)
            {
                failReadsAfterPages = afterPages;
                failReadsRemaining = times;
            }
        }

        /// <summary>Turns the <see cref="FailChangeReads"/> knob off.</summary>
        public void ClearChangeReadFaults()
        {
            lock (changeFaultGate)
            {
                failReadsAfterPages = -1;
                failReadsRemaining = 0;
            }
        }

        /// <summary>
        /// Fault knob: makes every watermark issued so far for this calendar invalid (EWS SyncState →
        /// ErrorInvalidSyncStateData, Graph delta token → 410 Gone), as a server does after it drops old sync state.
        /// </summary>
        public void ExpireChangeWatermarks(string address, string? calendarName = null) => FindCalendar(address, calendarName).Items.ExpireWatermarks();

        private void TripChangeReadFault()
        {
            lock (changeFaultGate)
            {
                if (failReadsAfterPages < 0)
                {
                    return;
                }

                if (failReadsAfterPages > 0)
                {
                    failReadsAfterPages--;
                    return;
                }

                if (--failReadsRemaining <= 0)
                {
                    failReadsAfterPages = -1;
                }
            }

            Interlocked.Increment(ref changeReadFaults);
            throw new ChangeReadFaultException();
        }

        private static string Watermark(SandboxFolder folder, int epoch, long sequence) =>
            WatermarkPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(
                folder.Id + "|" + epoch.ToString(CultureInfo.InvariantCulture) + "|" + sequence.ToString(CultureInfo.InvariantCulture)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static bool TryParseWatermark(string watermark, out string folderId, out int epoch, out long sequence)
        {
            folderId = string.Empty;
            epoch = 0;
            sequence = 0;
            if (!watermark.StartsWith(WatermarkPrefix, StringComparison.Ordinal))
            {
                return false;
            }

            var body = watermark.Substring(WatermarkPrefix.Length).Replace('-', '+').Replace('_', '/');
            body = body.PadRight(body.Length + ((4 - (body.Length % 4)) % 4), '=');
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(body));
            }
            catch (FormatException)
            {
                return false;
            }

            var last = text.LastIndexOf('|');
            var middle = last > 0 ? text.LastIndexOf('|', last - 1) : -1;
            if (middle <= 0)
            {
                return false;
            }

            folderId = text.Substring(0, middle);
            return int.TryParse(text.Substring(middle + 1, last - middle - 1), NumberStyles.None, CultureInfo.InvariantCulture, out epoch)
                && long.TryParse(text.Substring(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
        }

        private sealed class Unwatch : IDisposable
        {
            private Action? undo;

            public Unwatch(Action undo)
            {
                this.undo = undo;
            }

            public void Dispose() => Interlocked.Exchange(ref undo, null)?.Invoke();
        }
    }
}
