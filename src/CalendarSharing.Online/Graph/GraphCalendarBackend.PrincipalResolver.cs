using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// Many SMTP addresses at once: one GET /users?$filter=userPrincipalName in (…) names up to 15 of them (the in
    /// operator's default limit, https://learn.microsoft.com/graph/filter-query-parameter; userPrincipalName supports in,
    /// https://learn.microsoft.com/graph/api/resources/user#properties), and those requests go in $batch like the single
    /// ones. A user whose user principal name is the address asked is the answer GET /users/{address} gives; every other
    /// address (a mail address that is not the UPN, an unknown one) is still looked up on its own, as before.
    /// </summary>
    public sealed partial class GraphCalendarBackend
    {
        /// <summary>Values in one in filter.</summary>
        internal const int UpnFilterSize = 15;

        /// <summary>The fewest addresses worth filtered lookups: below it, one GET per address costs no more.</summary>
        internal const int BulkResolutionThreshold = 10;

        /// <summary>The principals found by user principal name, by address; the others are missing.</summary>
        private async Task<Dictionary<string, BackendResult<Principal>>> ResolveByUpnInBulkAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            var settled = new Dictionary<string, BackendResult<Principal>>(StringComparer.OrdinalIgnoreCase);
            var wanted = names
                .Select(n => (n ?? string.Empty).Trim())
                .Where(t => LooksLikeSmtp(t) && !IsExternal(t))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (wanted.Count < BulkResolutionThreshold)
            {
                return settled;
            }

            var steps = new List<GraphStep>();
            for (var i = 0; i < wanted.Count; i += UpnFilterSize)
            {
                var chunk = wanted.Skip(i).Take(UpnFilterSize).ToList();
                steps.Add(new GraphStep(
                    requests.FindUsers("userPrincipalName in (" + string.Join(",", chunk.Select(Literal)) + ")", chunk.Count),
                    $"Cannot look up {chunk.Count} users in the directory",
                    NotFoundMeans.Principal));
            }

            await gateway.ExecuteAsync(steps, cancellationToken).ConfigureAwait(false);
            foreach (var step in steps.Where(s => s.IsSuccess))
            {
                foreach (var user in await ReadUsersAsync(step, cancellationToken).ConfigureAwait(false))
                {
                    var upn = user.UserPrincipalName?.Trim();
                    if (!string.IsNullOrEmpty(upn) && wanted.Contains(upn!, StringComparer.OrdinalIgnoreCase) && !settled.ContainsKey(upn!))
                    {
                        settled[upn!] = BackendResult<Principal>.Ok(ToPrincipal(user, upn!));
                    }
                }
            }

            Trace($"bulk resolution: {wanted.Count} address(es) in {steps.Count} filtered lookup(s), {settled.Count} found by user principal name");
            return settled;
        }
    }
}
