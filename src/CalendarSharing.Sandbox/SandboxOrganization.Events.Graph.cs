using System;
using System.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    // Small event look-ups the Graph endpoint needs beyond the shared store API (SandboxOrganization.Events.cs).
    public sealed partial class SandboxOrganization
    {
        /// <summary>
        /// The calendar folder of <paramref name="mailbox"/> holding the item <paramref name="id"/> (a stored event or an
        /// occurrence), and the item; null when no calendar of the mailbox has it. Graph's /users/{id}/events/{id} names
        /// no calendar (https://learn.microsoft.com/graph/api/event-get).
        /// </summary>
        internal (SandboxFolder Folder, SandboxOccurrence Item)? FindEventAnywhere(SandboxMailbox mailbox, string id)
        {
            foreach (var folder in mailbox.Folders.Where(f => f.IsCalendar).OrderBy(f => f == mailbox.Calendar ? 0 : 1))
            {
                var item = FindItem(folder, id);
                if (item != null)
                {
                    return (folder, item);
                }
            }

            return null;
        }

        /// <summary>The event an earlier create with this transaction id made in <paramref name="folder"/>, or null.</summary>
        internal SandboxEvent? FindByTransactionId(SandboxFolder folder, string transactionId) =>
            folder.Items.Snapshot().FirstOrDefault(e => string.Equals(e.TransactionId, transactionId, StringComparison.Ordinal));
    }
}
