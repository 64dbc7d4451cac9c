namespace CalendarSharing.Online.Graph
{
    // The Events and Availability capabilities of a Graph connection, over this connection's gateway (one sign-in, one
    // retry policy, one HTTP pipeline for every capability).
    public sealed partial class GraphCalendarBackend
    {
        private GraphEventBackend? events;

        /// <summary>Events and availability over the same Graph connection.</summary>
        public GraphEventBackend Events => events ??= new GraphEventBackend(options, gateway, requests);
    }
}
