using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.Core.Routing
{
    /// <summary>
    /// The AccessReport capability of a hybrid organisation. The mailbox list is the online side's (the cloud directory
    /// holds both sides' mailboxes in a hybrid organisation: https://learn.microsoft.com/exchange/exchange-hybrid), else the
    /// on-premises one's. Default calendars need no request here; secondary calendars are listed on the side that hosts
    /// each mailbox (located as for permissions), so every calendar is then read through its own side.
    /// </summary>
    public sealed partial class RoutingBackend : IAccessScanBackend
    {
        private IAccessScanBackend? onPremisesScan;
        private IAccessScanBackend? onlineScan;

        /// <summary>Declares AccessReport when either side can list (and both can read permissions, which Permissions needs).</summary>
        private void ComposeAccess(ConnectionServices onPremisesServices, ConnectionServices onlineServices, ConnectionServices services)
        {
            onPremisesScan = onPremisesServices.Find<IAccessScanBackend>(ConnectionCapabilities.AccessReport);
            onlineScan = onlineServices.Find<IAccessScanBackend>(ConnectionCapabilities.AccessReport);
            if ((onPremisesScan != null || onlineScan != null) && services.Has(ConnectionCapabilities.Permissions))
            {
                services.With<IAccessScanBackend>(ConnectionCapabilities.AccessReport, this);
            }
        }

        public Task<MailboxPage> ListMailboxesAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) =>
            (onlineScan ?? onPremisesScan ?? throw new BackendException(new BackendError(BackendErrorCode.NotSupported, "Neither side of this hybrid connection can list mailboxes.")))
                .ListMailboxesAsync(pageToken, pageSize, cancellationToken);

        public async Task<IReadOnlyList<BackendResult<IReadOnlyList<CalendarAddress>>>> ListCalendarsAsync(IReadOnlyList<string> mailboxes, bool includeSecondary, CancellationToken cancellationToken)
        {
            var results = new BackendResult<IReadOnlyList<CalendarAddress>>[mailboxes.Count];
            var bySide = new Dictionary<MailboxLocation, List<int>>();
            for (var i = 0; i < mailboxes.Count; i++)
            {
                if (!includeSecondary)
                {
                    try
                    {
                        results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Ok(new[] { CalendarAddress.Default(mailboxes[i]) });
                    }
                    catch (FormatException ex)
                    {
                        results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(new BackendError(BackendErrorCode.InvalidInput, ex.Message));
                    }

                    continue;
                }

                MailboxLocation side;
                try
                {
                    side = await LocateAsync(mailboxes[i], cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.MailboxNotFound || ex.Error.Code == BackendErrorCode.AccessDenied || ex.Error.Code == BackendErrorCode.InvalidInput)
                {
                    results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(ex.Error);
                    continue;
                }

                if (!bySide.TryGetValue(side, out var list))
                {
                    bySide[side] = list = new List<int>();
                }

                list.Add(i);
            }

            foreach (var pair in bySide)
            {
                var backend = pair.Key == MailboxLocation.Online ? onlineScan : onPremisesScan;
                if (backend == null)
                {
                    foreach (var i in pair.Value)
                    {
                        results[i] = BackendResult<IReadOnlyList<CalendarAddress>>.Fail(SideCannot(mailboxes[i], pair.Key, ConnectionCapabilities.AccessReport));
                    }

                    continue;
                }

                var answers = await backend.ListCalendarsAsync(pair.Value.Select(i => mailboxes[i]).ToList(), includeSecondary, cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < pair.Value.Count; k++)
                {
                    results[pair.Value[k]] = answers[k];
                }
            }

            return results;
        }
    }
}
