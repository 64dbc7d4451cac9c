using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// The AccessReport capability: enumerate the organisation's mailboxes, and each mailbox's calendars (the default one
    /// and, on request, secondary ones), in pages and batches at the protocol's limits. EWS: ResolveNames / FindPeople or
    /// the admin session for the list, FindFolder under the calendar (batched with several mailboxes per request where
    /// EWS allows); Graph: /users paged with $select, /users/{id}/calendars. Permissions, delegates and publishing are read
    /// through their own capabilities; the scan's loop, batching, concurrency, resume and classification are Core's
    /// (CalendarAccessScanner).
    /// </summary>
    public interface IAccessScanBackend
    {
        /// <summary>One page of mailboxes (user, room and equipment mailboxes); <paramref name="pageToken"/> null = the first page.</summary>
        Task<MailboxPage> ListMailboxesAsync(string? pageToken, int pageSize, CancellationToken cancellationToken);

        /// <summary>
        /// The calendars of each mailbox, in order: one result per mailbox (MailboxNotFound, AccessDenied... as a failed
        /// result, never an exception for one mailbox). Without <paramref name="includeSecondary"/> only the default calendar.
        /// </summary>
        Task<IReadOnlyList<BackendResult<IReadOnlyList<CalendarAddress>>>> ListCalendarsAsync(IReadOnlyList<string> mailboxes, bool includeSecondary, CancellationToken cancellationToken);
    }

    public sealed class MailboxPage
    {
        public MailboxPage(IReadOnlyList<string> mailboxes, string? nextPageToken)
        {
            Mailboxes = mailboxes ?? throw new ArgumentNullException(nameof(mailboxes));
            NextPageToken = nextPageToken;
        }

        /// <summary>Primary SMTP addresses.</summary>
        public IReadOnlyList<string> Mailboxes { get; }

        /// <summary>Null on the last page.</summary>
        public string? NextPageToken { get; }
    }
}
