using System;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;

namespace CalendarSharing.Online.Graph
{
    // The ChangeFeed capability of a Graph connection, over this connection's gateway (one sign-in, one retry policy).
    public sealed partial class GraphCalendarBackend
    {
        private GraphChangeFeedBackend? changeFeed;

        /// <summary>calendarView delta over the same Graph connection.</summary>
        public GraphChangeFeedBackend ChangeFeed => changeFeed ??= new GraphChangeFeedBackend(options, gateway, Events);
    }

    // calendarView delta names a calendar the way the Events capability does: the default one by /calendar, a secondary
    // one by its id, found by name once per connection.
    public sealed partial class GraphEventBackend
    {
        internal Task<(string? Id, string Name)> ResolveCalendarAsync(CalendarAddress address, CancellationToken cancellationToken) =>
            ResolveAsync(address, cancellationToken);
    }
}
