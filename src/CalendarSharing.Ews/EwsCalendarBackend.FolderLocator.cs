using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Roles;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Folder location: the default calendar by its distinguished id, secondary calendars by display name (FindFolder
    /// under the Calendar folder, then under msgfolderroot).
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
        /// <summary>Finds secondary calendars by display name (case-insensitive): one FindFolder per mailbox.</summary>
        private async Task LocateSecondaryAsync(IReadOnlyList<ReadState> states, CancellationToken cancellationToken)
        {
            var byMailbox = states.GroupBy(s => s.Address.Mailbox, StringComparer.OrdinalIgnoreCase);
            await Task.WhenAll(byMailbox.Select(async group =>
            {
                var mailbox = group.Key;
                var find = new FindFolderOperation(new[] { EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder, mailbox) }, deep: true) { TargetMailbox = mailbox };
                EwsItemResult<IReadOnlyList<EwsCalendarFolder>>? answer;
                try
                {
                    answer = (await client.ExecuteAsync(find, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    foreach (var s in group)
                    {
                        s.Fail(ex);
                    }

                    return;
                }

                if (answer == null || !answer.Message.IsSuccess)
                {
                    var error = answer == null
                        ? new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_FindFolderNoAnswer), mailbox))
                        : ItemError(answer.Message, $"Cannot list the calendars of {mailbox}");
                    foreach (var s in group)
                    {
                        s.Error = error;
                    }

                    return;
                }

                var calendars = answer.Value!.Where(f => f.IsCalendar).ToList();
                foreach (var s in group)
                {
                    var name = s.Address.CalendarName!;
                    var match = calendars.FirstOrDefault(f => string.Equals(f.DisplayName?.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
                    if (match == null)
                    {
                        match = await FindUnderRootAsync(mailbox, name, cancellationToken).ConfigureAwait(false);
                    }

                    if (match != null)
                    {
                        s.Reference = EwsFolderReference.ById(new EwsFolderId(match.FolderId.Id, null));
                        continue;
                    }

                    var existing = new[] { "Calendar (default)" }.Concat(calendars.Select(f => f.DisplayName).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!)).Distinct(StringComparer.OrdinalIgnoreCase);
                    s.Error = new BackendError(
                        BackendErrorCode.CalendarNotFound,
                        $"The mailbox {mailbox} has no calendar named '{name}'. Its calendars: {string.Join(", ", existing)}.",
                        EwsResponseCodes.ErrorFolderNotFound);
                }
            })).ConfigureAwait(false);
        }

        /// <summary>Secondary calendars may also sit beside the Calendar folder: look under msgfolderroot by name.</summary>
        private async Task<EwsCalendarFolder?> FindUnderRootAsync(string mailbox, string name, CancellationToken cancellationToken)
        {
            try
            {
                var find = new FindFolderOperation(new[] { EwsFolderReference.Distinguished(EwsWellKnownNames.MessageFolderRoot, mailbox) }, deep: true, displayName: name) { TargetMailbox = mailbox };
                var answer = (await client.ExecuteAsync(find, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                return answer?.Value?.FirstOrDefault(f => f.IsCalendar && string.Equals(f.DisplayName?.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
            }
            catch (EwsFaultException ex) when (ex.Code != BackendErrorCode.Throttled)
            {
                Trace($"FindFolder under msgfolderroot of {mailbox} failed ({ex.ResponseCode}); the calendar counts as missing");
                return null;
            }
        }
    }
}
