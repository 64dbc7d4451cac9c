using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.Core.Addressing
{
    /// <summary>
    /// The text -WhatIf and -Confirm name a calendar by, the same as the result names it: the default calendar is
    /// addressed by its well-known id (ARCHITECTURE.md section 4), so its display name (Kalender, Calendrier) is only
    /// known once the folder is read. Reads each distinct default calendar once, in batches; a calendar that cannot be
    /// read keeps its typed text (the change that follows reports why).
    /// </summary>
    public static class CalendarTargetNames
    {
        public static async Task<IReadOnlyDictionary<CalendarAddress, string>> ReadAsync(
            ICalendarBackend backend, IEnumerable<CalendarAddress> addresses, CancellationToken cancellationToken)
        {
            var names = new Dictionary<CalendarAddress, string>();
            var defaults = addresses.Where(a => a.IsDefaultCalendar).Distinct().ToList();
            foreach (var batch in BulkRunner.Chunk(defaults, backend.Info.MaxBatchSize))
            {
                IReadOnlyList<BackendResult<Permissions.CalendarPermissionSet>> results;
                try
                {
                    results = await backend.GetPermissionsAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException)
                {
                    continue;
                }

                for (var i = 0; i < batch.Count && i < results.Count; i++)
                {
                    if (results[i].IsSuccess && !string.IsNullOrEmpty(results[i].Value!.CalendarName))
                    {
                        names[batch[i]] = results[i].Value!.Mailbox + "\\" + results[i].Value!.CalendarName;
                    }
                }
            }

            return names;
        }

        /// <summary>The name read for the address, else the address as typed.</summary>
        public static string For(IReadOnlyDictionary<CalendarAddress, string> names, CalendarAddress address) =>
            names.TryGetValue(address, out var name) ? name : address.DisplayText;
    }
}
