using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Permissions;

namespace CalendarSharing.Core.Addressing
{
    /// <summary>
    /// A backend that can list the directory entries a prefix matches (EWS ResolveNames, which matches aliases, SMTP
    /// addresses and the words of display names). Optional: tab completion uses it where a backend has it and offers
    /// nothing from the directory where it does not.
    /// </summary>
    public interface IDirectorySearch
    {
        /// <summary>At most <paramref name="max"/> entries whose alias, address or display name starts with <paramref name="prefix"/>.</summary>
        Task<IReadOnlyList<Principal>> SearchAsync(string prefix, int max, CancellationToken cancellationToken);
    }
}
