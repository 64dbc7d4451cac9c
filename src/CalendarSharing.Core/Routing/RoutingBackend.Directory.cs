using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Permissions;

namespace CalendarSharing.Core.Routing
{
    /// <summary>
    /// Directory search in hybrid: both sides are asked (each directory may hold entries the other does not yet know);
    /// an address found on both is offered once, online first. A side that cannot search or fails adds nothing.
    /// </summary>
    public sealed partial class RoutingBackend : IDirectorySearch
    {
        public async Task<IReadOnlyList<Principal>> SearchAsync(string prefix, int max, CancellationToken cancellationToken)
        {
            var sides = new[] { online, onPremises }.OfType<IDirectorySearch>().Select(s => SearchSideAsync(s, prefix, max, cancellationToken)).ToList();
            var answers = await Task.WhenAll(sides).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            return answers.SelectMany(a => a)
                .Where(p => string.IsNullOrEmpty(p.Address) || seen.Add(p.Address!))
                .Take(max)
                .ToList();
        }

        private static async Task<IReadOnlyList<Principal>> SearchSideAsync(IDirectorySearch side, string prefix, int max, CancellationToken cancellationToken)
        {
            try
            {
                return await side.SearchAsync(prefix, max, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return Array.Empty<Principal>();
            }
        }
    }
}
