using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>What a request wants to do with the items of a calendar folder.</summary>
    internal enum ItemAccess
    {
        Read,
        Create,
        Edit,
        Delete,
    }

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

        /// <summary>
        /// Whether <paramref name="callerAddress"/>, who does not own the folder, may read or write its items: its own entry
        /// in the folder's permissions, else the Default entry (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/delegate-access-and-ews-in-exchange:
        /// reading items needs FullDetails, i.e. Reviewer or more; creating CanCreateItems; changing and deleting EditItems /
        /// DeleteItems All, since the sandbox does not track who created an item).
        /// </summary>
        internal bool MayAccessItems(string callerAddress, SandboxFolder folder, ItemAccess access)
        {
            var acl = folder.Read().Entries;
            var entry = acl.FirstOrDefault(e => e.Type == PrincipalType.Internal && string.Equals(e.Address, callerAddress, StringComparison.OrdinalIgnoreCase))
                ?? acl.FirstOrDefault(e => e.Type == PrincipalType.Default);
            if (entry is null)
            {
                return false;
            }

            switch (access)
            {
                case ItemAccess.Read: return entry.Rights.ReadItems == "FullDetails";
                case ItemAccess.Create: return entry.Rights.CanCreateItems;
                case ItemAccess.Edit: return entry.Rights.EditItems == "All";
                default: return entry.Rights.DeleteItems == "All";
            }
        }

        /// <summary>The calendar folder of <paramref name="mailbox"/> that holds the item (stored, or an occurrence of a stored series).</summary>
        internal SandboxFolder? FolderOfItem(SandboxMailbox mailbox, string id)
        {
            var lookup = EventIds.TryParseOccurrence(id, out var masterId, out _) ? masterId : id;
            return mailbox.Folders.Where(f => f.IsCalendar).FirstOrDefault(f => f.Items.Find(lookup) != null);
        }

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
