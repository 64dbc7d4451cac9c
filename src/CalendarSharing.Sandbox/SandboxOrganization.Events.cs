using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>What a caller may learn of another mailbox's schedule ([MS-OXWSMTGS]; Graph getSchedule).</summary>
    internal enum FreeBusyDetail
    {
        /// <summary>Nothing: the caller has no free/busy access.</summary>
        None = 0,
        /// <summary>Start, end and status.</summary>
        TimeOnly,
        /// <summary>And subject and location.</summary>
        TimeAndSubjectAndLocation,
        /// <summary>Everything (the owner, a reviewer or more, an app with calendar read permission).</summary>
        FullDetails,
    }

    internal enum FreeBusyProblem
    {
        MailboxNotFound,
        NoAccess,
    }

    /// <summary>One block of a schedule as the organisation answers it: details only where the caller may see them.</summary>
    internal sealed class FreeBusyBlock
    {
        public DateTime StartUtc { get; set; }

        public DateTime EndUtc { get; set; }

        public EventShowAs ShowAs { get; set; }

        public string? Subject { get; set; }

        public string? Location { get; set; }

        public bool IsPrivate { get; set; }

        public bool IsMeeting { get; set; }

        public bool IsRecurring { get; set; }

        public bool IsException { get; set; }

        public bool IsAllDay { get; set; }
    }

    /// <summary>A mailbox's schedule for a window, or why there is none.</summary>
    internal sealed class FreeBusyAnswer
    {
        public FreeBusyAnswer(string mailbox)
        {
            Mailbox = mailbox;
        }

        public string Mailbox { get; }

        public FreeBusyProblem? Problem { get; set; }

        public FreeBusyDetail Detail { get; set; }

        public List<FreeBusyBlock> Blocks { get; } = new List<FreeBusyBlock>();

        public MailboxSettingsState? Settings { get; set; }
    }

    // Events, written once for EWS and Graph: each endpoint renders these outcomes in its own wire form.
    public sealed partial class SandboxOrganization
    {
        /// <summary>The sandbox's clock (UTC); tests that need a fixed "now" use the seeded dates instead.</summary>
        internal DateTime UtcNow => DateTime.UtcNow;

        /// <summary>
        /// The items of <paramref name="folder"/> a calendar view of [startUtc, endUtc) shows: single events and the
        /// occurrences of series (exceptions applied), ordered by start. An item overlaps when it starts before the end
        /// and ends after the start (a zero-length item at the start counts).
        /// </summary>
        internal IReadOnlyList<SandboxOccurrence> ExpandWindow(SandboxFolder folder, DateTime startUtc, DateTime endUtc)
        {
            var result = new List<SandboxOccurrence>();
            foreach (var item in folder.Items.Snapshot())
            {
                if (item.IsSeriesMaster)
                {
                    result.AddRange(RecurrenceExpander.Expand(item, startUtc, endUtc));
                }
                else if (Overlaps(item.StartUtc, item.EndUtc, startUtc, endUtc))
                {
                    result.Add(new SandboxOccurrence(item, EventKind.SingleInstance, item.Id, item.StartUtc, item.EndUtc, null, null));
                }
            }

            return result.OrderBy(o => o.StartUtc).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
        }

        /// <summary>The series masters and single events of <paramref name="folder"/> with something in the window.</summary>
        internal IReadOnlyList<SandboxEvent> MastersInWindow(SandboxFolder folder, DateTime startUtc, DateTime endUtc) =>
            folder.Items.Snapshot()
                .Where(e => e.IsSeriesMaster ? RecurrenceExpander.Expand(e, startUtc, endUtc).Any() : Overlaps(e.StartUtc, e.EndUtc, startUtc, endUtc))
                .OrderBy(e => e.StartUtc)
                .ToList();

        /// <summary>
        /// An item by id: a stored event (single or series master), or an occurrence named by its series and original
        /// start. Null when the folder has no such item.
        /// </summary>
        internal SandboxOccurrence? FindItem(SandboxFolder folder, string id)
        {
            var stored = folder.Items.Find(id);
            if (stored != null)
            {
                return new SandboxOccurrence(stored, stored.IsSeriesMaster ? EventKind.SeriesMaster : EventKind.SingleInstance, stored.Id, stored.StartUtc, stored.EndUtc, null, null);
            }

            if (!EventIds.TryParseOccurrence(id, out var masterId, out var originalStart))
            {
                return null;
            }

            var master = folder.Items.Find(masterId);
            if (master?.Recurrence is null || master.Cancelled.Contains(originalStart))
            {
                return null;
            }

            if (master.Modified.TryGetValue(originalStart, out var exception))
            {
                return new SandboxOccurrence(exception, EventKind.Exception, id, exception.StartUtc, exception.EndUtc, master, originalStart);
            }

            var isOccurrence = RecurrenceExpander.Expand(master, originalStart, originalStart.AddTicks(1))
                .Any(o => o.OriginalStartUtc == originalStart);
            return isOccurrence
                ? new SandboxOccurrence(master, EventKind.Occurrence, id, originalStart, originalStart + master.Duration, master, originalStart)
                : null;
        }

        /// <summary>
        /// Stores a new event in <paramref name="folder"/>: assigns its id and UID. A create carrying a transaction id already
        /// used in this folder returns the earlier event (Graph's transactionId:
        /// https://learn.microsoft.com/graph/api/resources/event#properties).
        /// </summary>
        internal SandboxEvent CreateEvent(SandboxFolder folder, SandboxEvent draft)
        {
            var item = draft.Clone();
            item.Id = EventIds.NewEventId(folder.Mailbox.Address);
            if (string.IsNullOrEmpty(item.Uid))
            {
                item.Uid = "040000008200E00074C5B7101A82E008" + Guid.NewGuid().ToString("N").ToUpperInvariant();
            }

            item.Organizer ??= folder.Mailbox.Address;
            return folder.Items.Add(item, UtcNow);
        }

        /// <summary>
        /// Changes a stored event, or one occurrence of a series (which becomes an exception). A stale
        /// <paramref name="expectedVersion"/> changes nothing.
        /// </summary>
        internal StoreWrite UpdateEvent(SandboxFolder folder, string id, long? expectedVersion, Action<SandboxEvent> edit)
        {
            if (folder.Items.Find(id) != null)
            {
                return folder.Items.Update(id, expectedVersion, edit, UtcNow);
            }

            var occurrence = FindItem(folder, id);
            if (occurrence?.Master is null || occurrence.OriginalStartUtc is null)
            {
                return StoreWrite.NotFound;
            }

            var originalStart = occurrence.OriginalStartUtc.Value;
            SandboxEvent? changed = null;
            var write = folder.Items.Update(occurrence.Master.Id, null, master =>
            {
                if (!master.Modified.TryGetValue(originalStart, out var exception))
                {
                    exception = master.Clone();
                    exception.Recurrence = null;
                    exception.Modified.Clear();
                    exception.Cancelled.Clear();
                    exception.Id = id;
                    exception.StartUtc = originalStart;
                    exception.EndUtc = originalStart + master.Duration;
                }

                edit(exception);
                exception.Id = id;
                exception.Version++;
                exception.LastModifiedUtc = UtcNow;
                master.Modified[originalStart] = exception;
                changed = exception.Clone();
            }, UtcNow);
            return write.Outcome == StoreWriteOutcome.Written && changed != null ? StoreWrite.Written(changed) : write;
        }

        /// <summary>
        /// Deletes a stored event (a series with all its occurrences), or cancels one occurrence of a series. False when
        /// the folder has no such item.
        /// </summary>
        internal bool DeleteEvent(SandboxFolder folder, string id)
        {
            if (folder.Items.Remove(id))
            {
                return true;
            }

            var occurrence = FindItem(folder, id);
            if (occurrence?.Master is null || occurrence.OriginalStartUtc is null)
            {
                return false;
            }

            var originalStart = occurrence.OriginalStartUtc.Value;
            return folder.Items.Update(occurrence.Master.Id, null, master =>
            {
                master.Modified.Remove(originalStart);
                master.Cancelled.Add(originalStart);
            }, UtcNow).Outcome == StoreWriteOutcome.Written;
        }

        /// <summary>
        /// What <paramref name="callerAddress"/> may see of <paramref name="mailboxAddress"/>'s default calendar: the caller's
        /// own entry in its permissions, else the Default entry (FreeBusyTimeOnly gives times, ...AndSubjectAndLocation
        /// subjects and locations, Reviewer and more everything). The owner and, for null (an application signed in with
        /// calendar read permission), everything.
        /// </summary>
        internal FreeBusyDetail FreeBusyDetailFor(string? callerAddress, SandboxMailbox mailbox)
        {
            if (callerAddress is null || string.Equals(callerAddress, mailbox.Address, StringComparison.OrdinalIgnoreCase))
            {
                return FreeBusyDetail.FullDetails;
            }

            var acl = mailbox.Calendar.Read().Entries;
            var entry = acl.FirstOrDefault(e => e.Type == PrincipalType.Internal && string.Equals(e.Address, callerAddress, StringComparison.OrdinalIgnoreCase))
                ?? acl.First(e => e.Type == PrincipalType.Default);
            switch (entry.Rights.ReadItems)
            {
                case "FullDetails": return FreeBusyDetail.FullDetails;
                case "TimeAndSubjectAndLocation": return FreeBusyDetail.TimeAndSubjectAndLocation;
                case "TimeOnly": return FreeBusyDetail.TimeOnly;
                default: return FreeBusyDetail.None;
            }
        }

        /// <summary>
        /// A mailbox's schedule for [startUtc, endUtc) as <paramref name="callerAddress"/> may see it (null: an application).
        /// Cancelled items are left out; free items are kept (the protocols report them with their status); a private
        /// item never shows its subject or location to anyone but the owner.
        /// </summary>
        internal FreeBusyAnswer FreeBusy(string? callerAddress, string mailboxAddress, DateTime startUtc, DateTime endUtc)
        {
            var answer = new FreeBusyAnswer(mailboxAddress);
            var mailbox = FindMailbox(mailboxAddress);
            if (mailbox is null)
            {
                answer.Problem = FreeBusyProblem.MailboxNotFound;
                return answer;
            }

            answer.Detail = FreeBusyDetailFor(callerAddress, mailbox);
            if (answer.Detail == FreeBusyDetail.None)
            {
                answer.Problem = FreeBusyProblem.NoAccess;
                return answer;
            }

            lock (mailbox.DelegateGate)
            {
                answer.Settings = mailbox.Settings;
            }

            var isOwner = callerAddress != null && string.Equals(callerAddress, mailbox.Address, StringComparison.OrdinalIgnoreCase);
            foreach (var o in ExpandWindow(mailbox.Calendar, startUtc, endUtc))
            {
                if (o.Item.IsCancelled)
                {
                    continue;
                }

                var showDetails = answer.Detail >= FreeBusyDetail.TimeAndSubjectAndLocation && (!o.Item.IsPrivate || isOwner);
                answer.Blocks.Add(new FreeBusyBlock
                {
                    StartUtc = o.StartUtc,
                    EndUtc = o.EndUtc,
                    ShowAs = o.Item.ShowAs,
                    Subject = showDetails ? o.Item.Subject : null,
                    Location = showDetails ? o.Item.Location : null,
                    IsPrivate = o.Item.IsPrivate,
                    IsMeeting = o.Item.IsMeeting,
                    IsRecurring = o.Kind == EventKind.Occurrence || o.Kind == EventKind.Exception,
                    IsException = o.Kind == EventKind.Exception,
                    IsAllDay = o.Item.IsAllDay,
                });
            }

            return answer;
        }

        private static bool Overlaps(DateTime itemStart, DateTime itemEnd, DateTime windowStart, DateTime windowEnd) =>
            itemStart < windowEnd && (itemEnd > windowStart || (itemEnd == itemStart && itemStart == windowStart));
    }
}
