using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Sharing invitations are not available through EWS. EWS has no operation that sends one: [MS-OXWSMSHR]
    /// (https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxwsmshr) only hands out the encrypted
    /// sharing metadata of federated (cross-organisation) sharing, and the invitation itself is a message whose sharing
    /// properties [MS-OXSHARE] defines, which a client composes; Exchange's own -SendNotificationToUser exists in Exchange
    /// Online only (https://learn.microsoft.com/powershell/module/exchangepowershell/add-mailboxfolderpermission). So a
    /// change that asks for one is refused before anything is written (never a share without its invitation), and the
    /// other changes of the calendar still run.
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
        private static async Task<IReadOnlyList<BackendResult<CalendarChangeResult>>> RefusingInvitationsAsync(
            IReadOnlyList<CalendarChangeSet> changeSets,
            Func<IReadOnlyList<CalendarChangeSet>, CancellationToken, Task<IReadOnlyList<BackendResult<CalendarChangeResult>>>> apply,
            CancellationToken cancellationToken)
        {
            if (!changeSets.Any(s => s.Changes.Any(c => c.SendInvitation)))
            {
                return await apply(changeSets, cancellationToken).ConfigureAwait(false);
            }

            var results = new BackendResult<CalendarChangeResult>?[changeSets.Count];
            var rest = new List<(int Index, CalendarChangeSet Set, List<int> Kept)>();
            for (var i = 0; i < changeSets.Count; i++)
            {
                var set = changeSets[i];
                var kept = Enumerable.Range(0, set.Changes.Count).Where(k => !set.Changes[k].SendInvitation).ToList();
                if (kept.Count == 0)
                {
                    results[i] = BackendResult<CalendarChangeResult>.Fail(NotOnPremises(set));
                }
                else
                {
                    rest.Add((i, set, kept));
                }
            }

            var applied = rest.Count == 0
                ? Array.Empty<BackendResult<CalendarChangeResult>>()
                : await apply(rest.Select(r => new CalendarChangeSet(r.Set.Calendar, r.Kept.Select(k => r.Set.Changes[k]).ToList())).ToList(), cancellationToken).ConfigureAwait(false);
            for (var n = 0; n < rest.Count; n++)
            {
                var (index, set, kept) = rest[n];
                var result = applied[n];
                if (!result.IsSuccess)
                {
                    results[index] = result;
                    continue;
                }

                var outcomes = new ChangeOutcome[set.Changes.Count];
                for (var k = 0; k < set.Changes.Count; k++)
                {
                    var at = kept.IndexOf(k);
                    if (at >= 0)
                    {
                        outcomes[k] = result.Value!.Outcomes[at];
                        continue;
                    }

                    var previous = result.Value!.Calendar.Entries.FirstOrDefault(e => e.Principal.Equals(set.Changes[k].Principal))?.Role;
                    var error = NotOnPremises(set);
                    outcomes[k] = new ChangeOutcome(ShareAction.Failed, previous, previous ?? CalendarRole.None, error.Message) { ErrorCode = error.Code };
                }

                results[index] = BackendResult<CalendarChangeResult>.Ok(new CalendarChangeResult(result.Value!.Calendar, outcomes));
            }

            return results.Select(r => r!.Value).ToList();
        }

        private static BackendError NotOnPremises(CalendarChangeSet set) => new BackendError(
            BackendErrorCode.InvitationNotAvailable,
            $"{set.Calendar.DisplayText} is on premises, where EWS cannot send a sharing invitation; nothing was changed for this row.");
    }
}
