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

        /// <summary>Null unless the caller may see details (LimitedDetails or more, and the item is not private to them).</summary>
        public string? Subject { get; set; }

        public string? Location { get; set; }

        /// <summary>The item's id (EWS CalendarEventDetails ID): only with full details.</summary>
        public string? Id { get; set; }

        /// <summary>
        /// Only told to a caller with LimitedDetails or more: times-only access learns nothing but the times and the status
        /// (EWS sends no CalendarEventDetails then, so Graph's isPrivate must not tell more).
        /// </summary>
        public bool IsPrivate { get; set; }

        public bool IsMeeting { get; set; }

        public bool IsRecurring { get; set; }

        public bool IsException { get; set; }

        public bool IsAllDay { get; set; }

        public bool IsReminderSet { get; set; }

        /// <summary>Whether this block carries details (EWS writes CalendarEventDetails only then).</summary>
        public bool HasDetails { get; set; }
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

        /// <summary>Whether private items show their details to this caller (the owner, a delegate with ViewPrivateItems, Full Access).</summary>
        public bool CanSeePrivate { get; set; }

        public List<FreeBusyBlock> Blocks { get; } = new List<FreeBusyBlock>();

        public MailboxSettingsState? Settings { get; set; }

        /// <summary>The mailbox's own time zone (Windows id), from its settings.</summary>
        public string? TimeZone { get; set; }

        /// <summary>Working days and hours in the mailbox's own zone, from its settings (rooms too).</summary>
        public MailboxWorkingHours? WorkingHours { get; set; }

        /// <summary>Whether the mailbox is a room (EWS AttendeeType Room, Graph schedules of rooms).</summary>
        public bool IsRoom { get; set; }
    }

    // Events, written once for EWS and Graph: each endpoint renders these outcomes in its own wire form.
    public sealed partial class SandboxOrganization
    {
        /// <summary>The sandbox's clock (UTC); tests that need a fixed "now" use the seeded dates instead.</summary>
        internal DateTime UtcNow => DateTime.UtcNow;

        /// <summary>
        /// The items of <paramref name="folder"/> a calendar view of [startUtc, endUtc) shows: single events and the
        /// occurrences of series (exceptions applied), ordered by start. An item overlaps when it starts before the end
        /// and ends after the start (a zero-length item at the start counts), as EWS CalendarView and Graph calendarView
        /// select (https://learn.microsoft.com/exchange/client-developer/web-service-reference/calendarview).
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

            return result.OrderBy(o => o.StartUtc).ThenBy(o => o.EndUtc).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
        }

        /// <summary>The series masters and single events of <paramref name="folder"/> with something in the window.</summary>
        internal IReadOnlyList<SandboxEvent> MastersInWindow(SandboxFolder folder, DateTime startUtc, DateTime endUtc) =>
            folder.Items.Snapshot()
                .Where(e => e.IsSeriesMaster ? RecurrenceExpander.Expand(e, startUtc, endUtc).Any() : Overlaps(e.StartUtc, e.EndUtc, startUtc, endUtc))
                .OrderBy(e => e.StartUtc)
                .ThenBy(e => e.Id, StringComparer.Ordinal)
                .ToList();

        /// <summary>The occurrences of one series in a window (Graph /events/{id}/instances); null when there is no such series.</summary>
        internal IReadOnlyList<SandboxOccurrence>? InstancesOf(SandboxFolder folder, string masterId, DateTime startUtc, DateTime endUtc)
        {
            var master = folder.Items.Find(masterId);
            return master?.Recurrence is null ? null : RecurrenceExpander.Expand(master, startUtc, endUtc).ToList();
        }

        /// <summary>
        /// An item by id: a stored event (single or series master), or an occurrence named by its series and original
        /// start. Null when the folder has no such item, or the occurrence was cancelled.
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
            return master?.Recurrence is null ? null : OccurrenceOf(master, originalStart);
        }

        /// <summary>
        /// The occurrence of a series by its 1-based index (EWS OccurrenceItemId InstanceIndex, counting cancelled ones, as
        /// [MS-OXWSCORE] numbers instances). A cancelled one gives <see cref="EventProblem.OccurrenceCancelled"/>, one past the
        /// range <see cref="EventProblem.OccurrenceIndexOutOfRange"/>, an unknown series <see cref="EventProblem.OccurrenceNotFound"/>.
        /// </summary>
        internal SandboxOccurrence? FindOccurrenceByIndex(SandboxFolder folder, string masterId, int index, out EventProblem? problem)
        {
            problem = null;
            var master = folder.Items.Find(masterId);
            if (master?.Recurrence is null)
            {
                problem = EventProblem.OccurrenceNotFound;
                return null;
            }

            var slot = RecurrenceExpander.SlotByIndex(master, index);
            if (slot is null)
            {
                problem = EventProblem.OccurrenceIndexOutOfRange;
                return null;
            }

            var occurrence = OccurrenceOf(master, slot.Value.StartUtc);
            if (occurrence is null)
            {
                problem = EventProblem.OccurrenceCancelled;
            }

            return occurrence;
        }

        /// <summary>
        /// The calendar of <paramref name="mailbox"/> that holds the item <paramref name="id"/> (Graph /users/{id}/events/{id}
        /// names no calendar): the folder the id was made in, else any calendar that has it. Null when none has it.
        /// </summary>
        internal SandboxFolder? FindEventFolder(SandboxMailbox mailbox, string id)
        {
            var key = EventIds.FolderKeyOf(id);
            var home = key is null ? null : mailbox.FindByKey(key);
            if (home != null && home.IsCalendar && FindItem(home, id) != null)
            {
                return home;
            }

            return mailbox.Folders.Where(f => f.IsCalendar).FirstOrDefault(f => FindItem(f, id) != null);
        }

        /// <summary>
        /// Whether the organisation accepts <paramref name="draft"/> as a new or changed event: end not before start, a time
        /// zone it knows (Windows or IANA id), a recurrence with a valid pattern and range, at least one occurrence, and
        /// occurrences that do not overlap one another. Null when it does; endpoints check before <see cref="CreateEvent"/>.
        /// </summary>
        internal EventProblem? CheckEvent(SandboxEvent draft)
        {
            if (draft.EndUtc < draft.StartUtc)
            {
                return EventProblem.EndBeforeStart;
            }

            if (!RecurrenceExpander.IsKnownZone(draft.TimeZone))
            {
                return EventProblem.InvalidTimeZone;
            }

            return RecurrenceExpander.CheckSeries(draft);
        }

        /// <summary>
        /// Stores a new event in <paramref name="folder"/>: assigns its id (from the folder's own counter, so the same
        /// organisation built twice has the same ids) and UID; the time zone is kept as a Windows id. A create carrying a
        /// transaction id already used in this folder returns the earlier event (Graph's transactionId:
        /// https://learn.microsoft.com/graph/api/resources/event#properties). Check the draft with <see cref="CheckEvent"/> first.
        /// </summary>
        internal SandboxEvent CreateEvent(SandboxFolder folder, SandboxEvent draft)
        {
            var item = draft.Clone();
            if (string.IsNullOrEmpty(item.Uid))
            {
                item.Uid = NewUid();
            }

            item.TimeZone = RecurrenceExpander.WindowsId(item.TimeZone) ?? item.TimeZone;
            if (item.Recurrence?.TimeZone != null)
            {
                item.Recurrence.TimeZone = RecurrenceExpander.WindowsId(item.Recurrence.TimeZone) ?? item.Recurrence.TimeZone;
            }

            item.Organizer ??= folder.Mailbox.Address;
            var mailbox = folder.Mailbox.Address;
            var key = folder.Key;
            return folder.Items.Add(item, UtcNow, n => EventIds.NewEventId(mailbox, key, n));
        }

        /// <summary>
        /// Changes a stored event, or one occurrence of a series (which becomes an exception), atomically under the folder's
        /// lock. A stale <paramref name="expectedVersion"/> changes nothing (an occurrence's version is its exception's, or
        /// the series' while it has none). A change that breaks a rule is Rejected with its <see cref="EventProblem"/>:
        /// an occurrence moved onto or past a neighbour (<see cref="RecurrenceExpander.CheckMove"/>), an end before the
        /// start, an invalid recurrence. When a series' pattern, range or time changes, exceptions and cancellations of
        /// occurrences that no longer exist are dropped: occurrence ids name the series and the original start, and are
        /// valid only until the series changes (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/recurrence-patterns-and-ews).
        /// </summary>
        internal StoreWrite UpdateEvent(SandboxFolder folder, string id, long? expectedVersion, Action<SandboxEvent> edit)
        {
            if (folder.Items.Find(id) != null)
            {
                return folder.Items.Update(id, expectedVersion, item =>
                {
                    var wasSeries = item.IsSeriesMaster;
                    edit(item);
                    var problem = CheckEvent(item);
                    if (problem.HasValue)
                    {
                        return problem;
                    }

                    if (!item.IsSeriesMaster)
                    {
                        item.Modified.Clear();
                        item.Cancelled.Clear();
                    }
                    else if (wasSeries)
                    {
                        foreach (var gone in item.Modified.Keys.Where(k => RecurrenceExpander.SlotAt(item, k) is null).ToList())
                        {
                            item.Modified.Remove(gone);
                        }

                        item.Cancelled.RemoveWhere(k => RecurrenceExpander.SlotAt(item, k) is null);
                        foreach (var pair in item.Modified)
                        {
                            pair.Value.Id = EventIds.OccurrenceId(item.Id, pair.Key);
                        }
                    }

                    return null;
                }, UtcNow);
            }

            if (!EventIds.TryParseOccurrence(id, out var masterId, out var originalStart))
            {
                return StoreWrite.NotFound;
            }

            SandboxEvent? changed = null;
            var write = folder.Items.Update(masterId, null, master =>
            {
                if (master.Recurrence is null || RecurrenceExpander.SlotAt(master, originalStart) is not { } slot)
                {
                    return EventProblem.OccurrenceNotFound;
                }

                if (master.Cancelled.Contains(originalStart))
                {
                    return EventProblem.OccurrenceCancelled;
                }

                var existing = master.Modified.TryGetValue(originalStart, out var earlier);
                var current = existing ? earlier!.Version : master.Version;
                if (expectedVersion.HasValue && expectedVersion.Value != current)
                {
                    return EventProblem.StaleVersion;
                }

                var exception = existing ? earlier!.Clone() : ExceptionOf(master, slot);
                edit(exception);
                exception.Id = id;
                exception.Uid = master.Uid;
                exception.Recurrence = null;
                exception.Modified.Clear();
                exception.Cancelled.Clear();
                if (exception.StartUtc != slot.StartUtc || exception.EndUtc != slot.EndUtc)
                {
                    var problem = RecurrenceExpander.CheckMove(master, originalStart, exception.StartUtc, exception.EndUtc);
                    if (problem.HasValue)
                    {
                        return problem;
                    }
                }

                exception.Version = Math.Max(current, master.Version) + 1;
                exception.LastModifiedUtc = UtcNow;
                master.Modified[originalStart] = exception;
                changed = exception.Clone();
                return null;
            }, UtcNow);

            if (write.Outcome == StoreWriteOutcome.Rejected && write.Problem == EventProblem.StaleVersion)
            {
                var now = write.Item?.Modified.TryGetValue(originalStart, out var e) == true ? e : write.Item;
                return StoreWrite.Stale(now!);
            }

            if (write.Outcome == StoreWriteOutcome.Rejected && write.Problem == EventProblem.OccurrenceNotFound)
            {
                return StoreWrite.NotFound;
            }

            return write.Outcome == StoreWriteOutcome.Written && changed != null ? StoreWrite.Written(changed) : write;
        }

        /// <summary>
        /// Deletes a stored event (a series with all its occurrences), or cancels one occurrence of a series (its
        /// exception, if any, goes with it), atomically. False when the folder has no such item or the occurrence was
        /// already cancelled.
        /// </summary>
        internal bool DeleteEvent(SandboxFolder folder, string id)
        {
            if (folder.Items.Remove(id))
            {
                return true;
            }

            if (!EventIds.TryParseOccurrence(id, out var masterId, out var originalStart))
            {
                return false;
            }

            return folder.Items.Update(masterId, null, master =>
            {
                if (master.Recurrence is null || master.Cancelled.Contains(originalStart) || RecurrenceExpander.SlotAt(master, originalStart) is null)
                {
                    return EventProblem.OccurrenceNotFound;
                }

                master.Modified.Remove(originalStart);
                master.Cancelled.Add(originalStart);
                return null;
            }, UtcNow).Outcome == StoreWriteOutcome.Written;
        }

        /// <summary>
        /// Puts a meeting into its attendees' default calendars, as Exchange's calendar processing does when invitations
        /// are sent: one copy per internal attendee with the organizer's UID, the organizer's attendee list with each
        /// response, and the series' exceptions and cancellations. An attendee who has not responded gets it as Tentative
        /// (Exchange places a new request tentatively); one who declined gets no copy (a declined meeting is removed from
        /// the calendar). A room accepts, and keeps the organizer's name as subject (Set-CalendarProcessing defaults
        /// DeleteSubject and AddOrganizerToSubject, https://learn.microsoft.com/powershell/module/exchange/set-calendarprocessing).
        /// Returns the copies made, by attendee address.
        /// </summary>
        internal IReadOnlyDictionary<string, SandboxEvent> DeliverMeeting(SandboxFolder organizerFolder, string eventId)
        {
            var copies = new Dictionary<string, SandboxEvent>(StringComparer.OrdinalIgnoreCase);
            var meeting = organizerFolder.Items.Find(eventId);
            if (meeting is null)
            {
                return copies;
            }

            var organizerName = Directory.FindByAddress(organizerFolder.Mailbox.Address)?.DisplayName ?? organizerFolder.Mailbox.Address;
            foreach (var attendee in meeting.Attendees)
            {
                var target = FindMailbox(attendee.Address);
                if (target is null || target == organizerFolder.Mailbox || attendee.Response == AttendeeResponse.Declined)
                {
                    continue;
                }

                var copy = meeting.Clone();
                copy.TransactionId = null;
                copy.Properties.Clear();
                var isRoom = target.Account.Kind == SandboxMailboxKind.Room;
                if (isRoom)
                {
                    copy.Subject = organizerName;
                    copy.Sensitivity = EventSensitivity.Normal;
                    copy.ShowAs = EventShowAs.Busy;
                }
                else if (attendee.Response == AttendeeResponse.Tentative || attendee.Response == AttendeeResponse.None || attendee.Response == AttendeeResponse.NotResponded)
                {
                    copy.ShowAs = EventShowAs.Tentative;
                }

                foreach (var exception in copy.Modified.Values)
                {
                    exception.Subject = isRoom ? organizerName : exception.Subject;
                    exception.ShowAs = copy.ShowAs;
                }

                copies[target.Address] = CreateEvent(target.Calendar, copy);
            }

            return copies;
        }

        private static SandboxEvent ExceptionOf(SandboxEvent master, RecurrenceSlot slot)
        {
            var exception = master.Clone();
            exception.Recurrence = null;
            exception.Modified.Clear();
            exception.Cancelled.Clear();
            exception.TransactionId = null;
            exception.StartUtc = slot.StartUtc;
            exception.EndUtc = slot.EndUtc;
            return exception;
        }

        private static SandboxOccurrence? OccurrenceOf(SandboxEvent master, DateTime originalStart)
        {
            if (master.Cancelled.Contains(originalStart))
            {
                return null;
            }

            var id = EventIds.OccurrenceId(master.Id, originalStart);
            if (master.Modified.TryGetValue(originalStart, out var exception))
            {
                return RecurrenceExpander.SlotAt(master, originalStart) is null
                    ? null
                    : new SandboxOccurrence(exception, EventKind.Exception, id, exception.StartUtc, exception.EndUtc, master, originalStart);
            }

            return RecurrenceExpander.SlotAt(master, originalStart) is { } slot
                ? new SandboxOccurrence(master, EventKind.Occurrence, id, slot.StartUtc, slot.EndUtc, master, originalStart)
                : null;
        }

        private static string NewUid() => "040000008200E00074C5B7101A82E008" + Guid.NewGuid().ToString("N").ToUpperInvariant();

        /// <summary>
        /// What <paramref name="callerAddress"/> may see of <paramref name="mailbox"/>'s schedule. Free/busy follows the
        /// permission on the default calendar only (https://learn.microsoft.com/exchange/recipients/mailbox-permissions;
        /// getSchedule: "the target's sharing settings toward the caller", https://learn.microsoft.com/graph/outlook-get-free-busy-schedule):
        /// the owner sees everything; a holder of Full Access on the mailbox too; otherwise the caller's own entry in the
        /// calendar's permissions, else the Default entry ("My Organization"): FreeBusyTimeOnly gives times,
        /// FreeBusyTimeAndSubjectAndLocation subjects and locations, Reviewer and more (a delegate is Editor) everything.
        /// An application signed in with Calendars.Read (<paramref name="callerAddress"/> null) is not a principal of the
        /// calendar's permissions: it gets what the Default entry gives, and at least times (it may read free/busy of every
        /// mailbox of the tenant).
        /// </summary>
        internal FreeBusyDetail FreeBusyDetailFor(string? callerAddress, SandboxMailbox mailbox)
        {
            if (callerAddress != null && string.Equals(callerAddress.Trim(), mailbox.Address, StringComparison.OrdinalIgnoreCase))
            {
                return FreeBusyDetail.FullDetails;
            }

            var acl = mailbox.Calendar.Read().Entries;
            var defaultEntry = acl.First(e => e.Type == PrincipalType.Default);
            if (callerAddress is null)
            {
                var forApp = DetailOf(defaultEntry);
                return forApp < FreeBusyDetail.TimeOnly ? FreeBusyDetail.TimeOnly : forApp;
            }

            var caller = callerAddress.Trim();
            if (mailbox.Rights.FullAccess.Any(p => string.Equals(p.Key, caller, StringComparison.OrdinalIgnoreCase)))
            {
                return FreeBusyDetail.FullDetails;
            }

            var entry = acl.FirstOrDefault(e => (e.Type == PrincipalType.Internal || e.Type == PrincipalType.External)
                && string.Equals(e.Address, caller, StringComparison.OrdinalIgnoreCase)) ?? defaultEntry;
            return DetailOf(entry);
        }

        /// <summary>
        /// Whether private items show their subject and location to <paramref name="callerAddress"/>: the owner, a delegate
        /// with ViewPrivateItems (Graph delegateWithPrivateEventAccess), a holder of Full Access (which implies it,
        /// https://learn.microsoft.com/exchange/recipients/mailbox-permissions). Nobody else, whatever the folder level, and
        /// never an application ("private items never reveal subject", getSchedule).
        /// </summary>
        internal bool CanSeePrivateItems(string? callerAddress, SandboxMailbox mailbox)
        {
            if (callerAddress is null)
            {
                return false;
            }

            var caller = callerAddress.Trim();
            if (string.Equals(caller, mailbox.Address, StringComparison.OrdinalIgnoreCase)
                || mailbox.Rights.FullAccess.Any(p => string.Equals(p.Key, caller, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            lock (mailbox.DelegateGate)
            {
                return FindDelegate(mailbox, caller)?.ViewPrivateItems == true;
            }
        }

        /// <summary>
        /// A mailbox's schedule for [startUtc, endUtc) as <paramref name="callerAddress"/> may see it (null: an application),
        /// from its default calendar only. Cancelled items are left out; free, tentative, away and working-elsewhere items
        /// are kept with their status (each protocol writes its own digits for them); an item partly inside the window is
        /// returned whole; a private item shows its subject and location only to those of <see cref="CanSeePrivateItems"/>.
        /// Working hours and the time zone come from the mailbox's settings, in its own zone.
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

            answer.CanSeePrivate = CanSeePrivateItems(callerAddress, mailbox);
            answer.IsRoom = mailbox.Account.Kind == SandboxMailboxKind.Room;
            lock (mailbox.DelegateGate)
            {
                answer.Settings = mailbox.Settings;
                answer.TimeZone = mailbox.Settings.TimeZone;
                answer.WorkingHours = WorkingHoursOf(mailbox.Settings);
            }

            foreach (var o in ExpandWindow(mailbox.Calendar, startUtc, endUtc))
            {
                if (o.Item.IsCancelled)
                {
                    continue;
                }

                var detailed = answer.Detail >= FreeBusyDetail.TimeAndSubjectAndLocation;
                var showDetails = detailed && (!o.Item.IsPrivate || answer.CanSeePrivate);
                var full = showDetails && answer.Detail == FreeBusyDetail.FullDetails;
                answer.Blocks.Add(new FreeBusyBlock
                {
                    StartUtc = o.StartUtc,
                    EndUtc = o.EndUtc,
                    ShowAs = o.Item.ShowAs,
                    Subject = showDetails ? o.Item.Subject : null,
                    Location = showDetails ? o.Item.Location : null,
                    Id = full ? o.Id : null,
                    HasDetails = showDetails,
                    IsPrivate = detailed && o.Item.IsPrivate,
                    IsMeeting = o.Item.IsMeeting,
                    IsRecurring = o.Kind == EventKind.Occurrence || o.Kind == EventKind.Exception,
                    IsException = o.Kind == EventKind.Exception,
                    IsAllDay = o.Item.IsAllDay,
                    IsReminderSet = o.Item.ReminderMinutes.HasValue,
                });
            }

            return answer;
        }

        /// <summary>A mailbox's working hours as its settings keep them (Graph mailboxSettings.workingHours, EWS WorkingHours).</summary>
        internal static MailboxWorkingHours WorkingHoursOf(MailboxSettingsState settings)
        {
            var days = new List<DayOfWeek>();
            foreach (var name in settings.WorkingDays)
            {
                if (Enum.TryParse<DayOfWeek>(name, true, out var day) && !days.Contains(day))
                {
                    days.Add(day);
                }
            }

            return new MailboxWorkingHours
            {
                DaysOfWeek = days.OrderBy(d => ((int)d + 6) % 7).ToList(),
                StartTime = settings.WorkingStart,
                EndTime = settings.WorkingEnd,
                TimeZone = settings.WorkingTimeZone,
            };
        }

        private static FreeBusyDetail DetailOf(AclEntry entry)
        {
            switch (entry.Rights.ReadItems)
            {
                case "FullDetails": return FreeBusyDetail.FullDetails;
                case "TimeAndSubjectAndLocation": return FreeBusyDetail.TimeAndSubjectAndLocation;
                case "TimeOnly": return FreeBusyDetail.TimeOnly;
                default: return FreeBusyDetail.None;
            }
        }

        private static bool Overlaps(DateTime itemStart, DateTime itemEnd, DateTime windowStart, DateTime windowEnd) =>
            itemStart < windowEnd && (itemEnd > windowStart || (itemEnd == itemStart && itemStart == windowStart));
    }
}
