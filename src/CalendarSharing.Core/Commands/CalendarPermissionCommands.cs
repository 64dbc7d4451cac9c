using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Output;

namespace CalendarSharing.Core.Commands
{
    /// <summary>
    /// What Get-CalendarPermission, Set-CalendarShare and Remove-CalendarShare do. The cmdlets only
    /// declare parameters and hand rows over; everything else happens here, reported through the sink.
    /// </summary>
    public sealed class CalendarPermissionCommands
    {
        private readonly ICalendarBackend backend;

        public CalendarPermissionCommands(ICalendarBackend backend)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
        }

        /// <summary>Writes one CalendarPermission per entry of each calendar (filtered by User when given).</summary>
        public Task GetAsync(IReadOnlyList<ShareRequest> calendars, IOutputSink sink, CancellationToken cancellationToken) =>
            throw new NotImplementedException();

        /// <summary>Upserts each row; writes one CalendarShareResult per row, an error per bad row.</summary>
        public Task SetAsync(IReadOnlyList<ShareRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            throw new NotImplementedException();

        /// <summary>Removes each row's entry; Default and Anonymous are reset to None instead.</summary>
        public Task RemoveAsync(IReadOnlyList<ShareRequest> rows, IOutputSink sink, CancellationToken cancellationToken) =>
            throw new NotImplementedException();
    }
}
