using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// The AccessReport capability on EWS. The organisation's mailboxes: FindPeople in the global address list, one indexed
    /// page per call (the page token is the next offset), mail users and rooms only (MailboxType Mailbox; contacts and
    /// groups have no calendar). The calendars of a mailbox: the default one by its well-known id, never its name, so a
    /// Kalender or Calendrier is found as any Calendar; secondary ones with FindFolder Deep under it, with one parent per
    /// mailbox and up to MaxBatchSize mailboxes in one request (FindFolder answers one message per parent:
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/findfolder-operation); with impersonation
    /// one mailbox per request, since the header names one mailbox.
    /// </summary>
    public sealed partial class EwsCalendarBackend : IAccessScanBackend
    {
        public async Task<MailboxPage> ListMailboxesAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
        {
            var offset = 0;
            if (pageToken != null && !int.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            {
                throw new BackendException(new BackendError(BackendErrorCode.InvalidInput, $"'{pageToken}' is not a page of this connection's address list."));
            }

            EwsItemResult<EwsPeoplePage> answer;
            try
            {
                answer = await client.ExecuteAsync(new FindPeopleOperation(offset, Math.Max(1, pageSize)), cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }

            if (!answer.IsSuccess)
            {
                throw new BackendException(ItemError(answer.Message, "Cannot list the mailboxes of the global address list"));
            }

            var people = answer.Value!.People;
            var mailboxes = people
                .Where(p => !string.IsNullOrWhiteSpace(p.EmailAddress) && string.Equals(p.MailboxType, "Mailbox", StringComparison.OrdinalIgnoreCase))
                .Select(p => p.EmailAddress!.Trim())
                .ToList();
            var next = offset + people.Count;
            var more = people.Count > 0 && (answer.Value.Total is int total ? next < total : people.Count >= pageSize);
            Trace($"FindPeople offset {offset}: {people.Count} people, {mailboxes.Count} mailboxes" + (more ? ", more follow" : string.Empty));
            return new MailboxPage(mailboxes, more ? next.ToString(CultureInfo.InvariantCulture) : null);
        }

        public async Task<IReadOnlyList<BackendResult<IReadOnlyList<CalendarAddress>>>> ListCalendarsAsync(IReadOnlyList<string> mailboxes, bool includeSecondary, CancellationToken cancellationToken)
        {
            var results = new BackendResult<IReadOnlyList<CalendarAddress>>[mailboxes.Count];
            var pending = new List<int>();
            for (var i = 0; i < mailboxes.Count; i++)
            {
                CalendarAddress address;
                try
                {
                    address = CalendarAddress.Default(mailboxes[i]);
                }
                catch (FormatException ex)
                {
                    results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(new BackendError(BackendErrorCode.InvalidInput, ex.Message));
                    continue;
                }

                if (!includeSecondary)
                {
                    // The default calendar needs no request: GetFolder reaches it by DistinguishedFolderId and says if the mailbox is missing.
                    results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Ok(new[] { address });
                    continue;
                }

                pending.Add(i);
            }

            try
            {
                foreach (var batch in Batches(pending, i => mailboxes[i]))
                {
                    var parents = batch.Select(i => EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder, mailboxes[i])).ToList();
                    var find = new FindFolderOperation(parents, deep: true) { TargetMailbox = mailboxes[batch[0]] };
                    var answers = await client.ExecuteAsync(find, cancellationToken).ConfigureAwait(false);
                    for (var k = 0; k < batch.Count; k++)
                    {
                        var i = batch[k];
                        var mailbox = mailboxes[i];
                        var answer = k < answers.Count ? answers[k] : null;
                        if (answer == null || !answer.IsSuccess)
                        {
                            var error = answer == null
                                ? new BackendError(BackendErrorCode.ServerFault, $"FindFolder in {mailbox} returned no answer.")
                                : ItemError(answer.Message, $"Cannot list the calendars of {mailbox}");
                            results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(error);
                            continue;
                        }

                        var calendars = new List<CalendarAddress> { CalendarAddress.Default(mailbox) };
                        calendars.AddRange(answer.Value!.Where(f => f.IsCalendar).Select(f => CalendarAddress.ById(mailbox, f.FolderId.Id)));
                        results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Ok(calendars);
                    }
                }
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }

            return results;
        }
    }
}
