using System.Threading;

namespace CalendarSharing.Ews
{
    // The ChangeFeed capability of a connection: one per connection, sharing its EwsClient (throttling budget, version).
    public sealed partial class EwsCalendarBackend
    {
        private EwsChangeFeedBackend? changeFeedBackend;

        /// <summary>Calendar changes (SyncFolderItems) and wake-ups (streaming notifications) over this connection.</summary>
        public EwsChangeFeedBackend ChangeFeedBackend => LazyInitializer.EnsureInitialized(ref changeFeedBackend, () => new EwsChangeFeedBackend(this))!;
    }
}
