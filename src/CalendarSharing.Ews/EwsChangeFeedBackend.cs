using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Sync;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// The ChangeFeed capability over EWS. Changes: SyncFolderItems on the calendar folder with an IdOnly shape (ItemId and
    /// ChangeKey, plus the extended properties asked for), the SyncState as the watermark, at most 512 changes a page;
    /// Create, Update and ReadFlagChange are "changed", Delete "deleted"; IncludesLastItemInRange false is
    /// <see cref="ChangeBatch.MoreAvailable"/> (https://learn.microsoft.com/exchange/client-developer/web-service-reference/syncfolderitems-operation).
    /// Calendars report single items and series masters only: a moved or cancelled occurrence is a change of its series
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/calendars-and-ews-in-exchange). An invalid
    /// or expired SyncState (ErrorInvalidSyncStateData,
    /// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/handling-synchronization-related-errors-in-ews-in-exchange)
    /// is <see cref="BackendErrorCode.WatermarkExpired"/>. Wake-ups: EWS streaming notifications
    /// (EwsChangeFeedBackend.Subscription.cs). Retries and throttling are the EwsClient's (Core's RetryBudget).
    /// </summary>
    public sealed partial class EwsChangeFeedBackend : IChangeFeedBackend
    {
        private readonly EwsCalendarBackend connection;

        public EwsChangeFeedBackend(EwsCalendarBackend connection)
        {
            this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        /// <summary>
        /// How long a streaming connection may stay silent (no event, no heartbeat) before it is taken as dropped and opened
        /// again. The EWS Managed API waits 2 × 45 s; tests against the sandbox shorten it with the sandbox's heartbeat.
        /// </summary>
        public TimeSpan StreamingIdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

        private EwsClient Client => connection.Client;

        private EwsConnectionOptions Options => connection.ConnectionOptions;

        public async Task<ChangeBatch> ReadChangesAsync(ChangeFeedQuery query, CancellationToken cancellationToken)
        {
            if (query is null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            var folder = await LocateAsync(query.Calendar, cancellationToken).ConfigureAwait(false);
            var sync = new SyncFolderItemsOperation(folder, Shape(query.Properties), query.Watermark, query.MaxChanges)
            {
                TargetMailbox = query.Calendar.Mailbox,
            };

            EwsSyncResult result;
            try
            {
                result = await Client.ExecuteAsync(sync, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw IsExpiredWatermark(ex.ServerCode)
                    ? Expired(query.Calendar, ex.ServerCode!, ex)
                    : Failure(ex);
            }

            if (!result.Message.IsSuccess)
            {
                if (IsExpiredWatermark(result.Message.ResponseCode))
                {
                    throw Expired(query.Calendar, result.Message.ResponseCode, null);
                }

                var code = result.Message.ResponseCode == "ErrorSyncFolderNotFound" ? BackendErrorCode.CalendarNotFound : EwsEventBackend.CodeOf(result.Message.ResponseCode);
                throw new BackendException(new BackendError(
                    code,
                    $"Cannot read the changes of {query.Calendar.DisplayText}: {result.Message.ResponseCode}" + (result.Message.MessageText != null ? ": " + result.Message.MessageText : string.Empty),
                    result.Message.ResponseCode));
            }

            if (string.IsNullOrEmpty(result.SyncState))
            {
                throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_EwsNoSyncState), query.Calendar.DisplayText)));
            }

            var changes = result.Changes.Select(c => ToChange(c, query.Properties)).ToList();
            return new ChangeBatch(changes, result.SyncState!, !result.IncludesLastItemInRange);
        }

        /// <summary>
        /// Whether a response code says the SyncState cannot be used: ErrorInvalidSyncStateData, and codes of its family
        /// (a state from another folder or an older server, a corrupt one).
        /// </summary>
        internal static bool IsExpiredWatermark(string? responseCode) =>
            responseCode != null && responseCode.StartsWith("ErrorInvalidSyncState", StringComparison.Ordinal);

        private static ItemChange ToChange(EwsSyncChange change, IReadOnlyList<string> properties)
        {
            var kind = change.Kind == EwsSyncChangeKind.Delete ? ItemChangeKind.Deleted : ItemChangeKind.Changed;
            var result = new ItemChange(kind, change.ItemId.Id) { Version = change.ItemId.ChangeKey };
            if (change.Item != null && properties.Count > 0)
            {
                result.Properties = properties
                    .Where(p => change.Item.Properties.ContainsKey(p))
                    .Distinct(StringComparer.Ordinal)
                    .ToDictionary(p => p, p => change.Item.Properties[p], StringComparer.Ordinal);
            }

            return result;
        }

        /// <summary>IdOnly (ItemId with its ChangeKey) and the extended properties asked for; SyncFolderItems returns summary properties only.</summary>
        private static XElement Shape(IReadOnlyList<string> properties)
        {
            var t = EwsXml.T;
            var extended = (properties ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal).Select(p => new EwsExtendedField(p).Uri()).ToList();
            return new XElement(
                EwsXml.M + "ItemShape",
                new XElement(t + "BaseShape", "IdOnly"),
                extended.Count == 0 ? null : new XElement(t + "AdditionalProperties", extended));
        }

        private Task<EwsFolderReference> LocateAsync(CalendarAddress calendar, CancellationToken cancellationToken) =>
            connection.LocateCalendarOrThrowAsync(calendar, cancellationToken);

        private static BackendException Expired(CalendarAddress calendar, string code, Exception? inner) =>
            new BackendException(
                new BackendError(BackendErrorCode.WatermarkExpired, Texts.Format(nameof(Texts.Error_EwsSyncStateExpired), calendar.DisplayText, code), code),
                inner);

        private static BackendException Failure(EwsException ex) => EwsEventBackend.Failure(ex);
    }
}
