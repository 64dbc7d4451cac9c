using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    // What the events and availability backend shares with the permission backend: the connection (one EwsClient, its
    // throttling budget and version) and the calendar locator (secondary calendars by display name, in any language).
    public sealed partial class EwsCalendarBackend
    {
        private EwsEventBackend? eventBackend;

        /// <summary>Calendar events (FindItem, GetItem, Create/Update/DeleteItem) and availability (GetUserAvailability) over this connection.</summary>
        public EwsEventBackend EventBackend => LazyInitializer.EnsureInitialized(ref eventBackend, () => new EwsEventBackend(this))!;

        internal EwsClient Client => client;

        internal EwsConnectionOptions ConnectionOptions => options;

        /// <summary><see cref="LocateCalendarAsync"/> for the Events and ChangeFeed backends: a calendar that cannot be found, or a failed request, is a BackendException.</summary>
        internal async Task<EwsFolderReference> LocateCalendarOrThrowAsync(CalendarAddress address, CancellationToken cancellationToken)
        {
            (EwsFolderReference? Reference, BackendError? Error) located;
            try
            {
                located = await LocateCalendarAsync(address, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw EwsEventBackend.Failure(ex);
            }

            if (located.Error != null)
            {
                throw new BackendException(located.Error);
            }

            return located.Reference!;
        }

        /// <summary>Where a calendar is: the well-known calendar of its mailbox, a folder id, or a secondary calendar found by name.</summary>
        internal async Task<(EwsFolderReference? Reference, BackendError? Error)> LocateCalendarAsync(CalendarAddress address, CancellationToken cancellationToken)
        {
            var state = new ReadState(address);
            if (address.FolderId != null)
            {
                state.Reference = EwsFolderReference.ById(new EwsFolderId(address.FolderId, null));
            }
            else if (address.CalendarName == null)
            {
                state.Reference = EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder, address.Mailbox);
            }
            else
            {
                await LocateSecondaryAsync(new[] { state }, cancellationToken).ConfigureAwait(false);
            }

            return (state.Error == null ? state.Reference : null, state.Error);
        }
    }
}
