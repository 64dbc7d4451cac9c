using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Directory search for tab completion: one ResolveNames call with the prefix. Several matches come back as
    /// ErrorNameResolutionMultipleResults with the candidates in the ResolutionSet, which is what completion wants
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/resolvenames).
    /// </summary>
    public sealed partial class EwsCalendarBackend : IDirectorySearch
    {
        public async Task<IReadOnlyList<Principal>> SearchAsync(string prefix, int max, CancellationToken cancellationToken)
        {
            var text = (prefix ?? string.Empty).Trim();
            if (text.Length == 0 || max <= 0)
            {
                return Array.Empty<Principal>();
            }

            var answer = await client.ExecuteAsync(new ResolveNamesOperation(text), cancellationToken).ConfigureAwait(false);
            return (answer.Value ?? Array.Empty<EwsResolution>())
                .Where(r => !string.IsNullOrEmpty(r.EmailAddress))
                .Select(FromResolution)
                .Take(max)
                .ToList();
        }
    }
}
