using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    // Small event-store look-ups the EWS operations need beyond SandboxOrganization.Events.cs (ids that name no folder).
    public sealed partial class SandboxOrganization
    {
        private int meetingMessagesSent;

        /// <summary>Meeting requests and cancellations EWS writes asked to send (one per attendee); SendToNone sends none.</summary>
        public int MeetingMessagesSent => System.Threading.Volatile.Read(ref meetingMessagesSent);

        internal void CountMeetingMessages(int count) => System.Threading.Interlocked.Add(ref meetingMessagesSent, count);

        /// <summary>Tests: the stored items (singles and series masters) of a calendar whose subject is <paramref name="subject"/>.</summary>
        public int CountEvents(string address, string subject, string? calendarName = null) =>
            FindCalendar(address, calendarName).Items.Snapshot().Count(e => string.Equals(e.Subject, subject, StringComparison.Ordinal));

        /// <summary>The calendar folder of <paramref name="mailbox"/> that holds the item (stored, or an occurrence of a stored series).</summary>
        internal SandboxFolder? FolderOfItem(SandboxMailbox mailbox, string id)
        {
            var lookup = EventIds.TryParseOccurrence(id, out var masterId, out _) ? masterId : id;
            return mailbox.Folders.Where(f => f.IsCalendar).FirstOrDefault(f => f.Items.Find(lookup) != null);
        }

        /// <summary>The stored items of a folder (singles and series masters) whose extended property <paramref name="key"/> is <paramref name="value"/>.</summary>
        internal IReadOnlyList<SandboxEvent> ItemsWithProperty(SandboxFolder folder, string key, string value) =>
            folder.Items.Snapshot()
                .Where(e => e.Properties.TryGetValue(key, out var v) && string.Equals(v, value, StringComparison.Ordinal))
                .OrderBy(e => e.StartUtc)
                .ToList();

        /// <summary>
        /// The <paramref name="instanceIndex"/>-th (1-based) occurrence of a series, cancelled ones counted
        /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/occurrenceitemid); null past its end.
        /// </summary>
        internal string? OccurrenceIdByIndex(SandboxEvent master, int instanceIndex)
        {
            if (master.Recurrence is null || instanceIndex < 1)
            {
                return null;
            }

            var zone = RecurrenceExpander.Zone(master.Recurrence.TimeZone ?? master.TimeZone);
            var timeOfDay = RecurrenceExpander.ToLocal(master.StartUtc, zone).TimeOfDay;
            var date = RecurrenceExpander.OccurrenceDates(master.Recurrence, RecurrenceExpander.ToLocal(master.StartUtc, zone).Date)
                .Skip(instanceIndex - 1)
                .Select(d => (DateTime?)d)
                .FirstOrDefault();
            return date.HasValue ? EventIds.OccurrenceId(master.Id, RecurrenceExpander.ToUtc(date.Value + timeOfDay, zone)) : null;
        }
    }
}
