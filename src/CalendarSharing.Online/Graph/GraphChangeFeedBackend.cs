using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Sync;
using Microsoft.Kiota.Abstractions;
using DeltaGetResponse = Microsoft.Graph.Users.Item.CalendarView.Delta.DeltaGetResponse;
using GraphEvent = Microsoft.Graph.Models.Event;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The ChangeFeed capability over Microsoft Graph v1.0: calendarView delta
    /// (https://learn.microsoft.com/graph/api/event-delta, https://learn.microsoft.com/graph/delta-query-events).
    /// A round starts with <c>GET /users/{id}/calendarView/delta?startDateTime&amp;endDateTime</c> (the default calendar) or
    /// <c>/users/{id}/calendars/{id}/calendarView/delta</c>, pages follow <c>@odata.nextLink</c> and the last page carries
    /// <c>@odata.deltaLink</c>; both links are the watermark, kept verbatim (they are opaque). The window is bound into the
    /// token by the service ("do not re-send startDateTime/endDateTime with a token"), so with a watermark the query's
    /// window is not sent again; to move the window, start over (null watermark). Page size is
    /// <c>Prefer: odata.maxpagesize</c>, sent on every page (a link carries no headers).
    /// <para>
    /// Delta reports occurrences, exceptions and single events (never series masters) by their own id with
    /// <c>seriesMasterId</c>; deletions, cancelled occurrences and events that left the window as <c>@removed</c>.
    /// Delta supports no <c>$select</c>, <c>$expand</c> or <c>$filter</c> (https://learn.microsoft.com/graph/api/event-delta#optional-query-parameters),
    /// so it cannot <c>$expand=singleValueExtendedProperties</c>: the sync engine reads its stamps
    /// (<see cref="SyncStamp.PropertyName"/>) from the target's calendarView/events through the Events capability.
    /// </para>
    /// <para>
    /// An expired token (410 Gone, <c>syncStateNotFound</c>, <c>resyncRequired</c>;
    /// https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset) is a <see cref="BackendException"/>
    /// with <see cref="BackendErrorCode.WatermarkExpired"/>. Throttled pages (429 Retry-After) are retried by the
    /// connection's one retry policy (the SDK's RetryHandler configured from <see cref="GraphConnectionOptions.Retry"/>).
    /// </para>
    /// <para>
    /// <see cref="SubscribeAsync"/> polls delta at <see cref="ChangeSubscriptionOptions.PollInterval"/>. Graph change
    /// notifications (webhooks) would need a public HTTPS endpoint that answers Graph's validation request within 10
    /// seconds (https://learn.microsoft.com/graph/change-notifications-delivery-webhooks); a PowerShell session, a runbook
    /// job or a container behind NAT has none, so short-interval delta polling is the one way that works everywhere, and it
    /// never misses a change (the delta token holds the server's sync state between polls).
    /// </para>
    /// </summary>
    public sealed class GraphChangeFeedBackend : IChangeFeedBackend
    {
        /// <summary>The largest page we ask for (Prefer: odata.maxpagesize); EWS's MaxChangesReturned cap, so Core plans alike.</summary>
        internal const int MaxPageSize = 512;

        /// <summary>When no window is given for a subscription: how far back and ahead it watches.</summary>
        internal static readonly TimeSpan DefaultPastWindow = TimeSpan.FromDays(1);
        internal static readonly TimeSpan DefaultFutureWindow = TimeSpan.FromDays(365);

        private readonly GraphConnectionOptions options;
        private readonly GraphGateway gateway;
        private readonly GraphEventBackend events;
        private readonly TimeProvider clock;

        internal GraphChangeFeedBackend(GraphConnectionOptions options, GraphGateway gateway, GraphEventBackend events, TimeProvider? clock = null)
        {
            this.options = options;
            this.gateway = gateway;
            this.events = events;
            this.clock = clock ?? TimeProvider.System;
        }

        public async Task<ChangeBatch> ReadChangesAsync(ChangeFeedQuery query, CancellationToken cancellationToken) =>
            (await ReadPageAsync(query, cancellationToken).ConfigureAwait(false)).Batch;

        /// <summary>One page, and the latest lastModifiedDateTime among its changed events (for latency figures).</summary>
        internal async Task<(ChangeBatch Batch, DateTimeOffset? LastModified)> ReadPageAsync(ChangeFeedQuery query, CancellationToken cancellationToken)
        {
            if (query is null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            var what = $"Cannot read the changes of {query.Calendar.DisplayText}";
            var size = Math.Max(1, Math.Min(MaxPageSize, query.MaxChanges));
            RequestInformation request;
            NotFoundMeans notFound;
            if (query.Watermark is null)
            {
                if (query.WindowEnd <= query.WindowStart)
                {
                    throw new BackendException(new BackendError(BackendErrorCode.InvalidInput, what + ": calendarView delta needs a window (WindowStart before WindowEnd)."));
                }

                var calendar = await events.ResolveCalendarAsync(query.Calendar, cancellationToken).ConfigureAwait(false);
                request = Start(query.Calendar.Mailbox, calendar.Id, query.WindowStart, query.WindowEnd, size);
                notFound = calendar.Id == null ? NotFoundMeans.Mailbox : NotFoundMeans.Calendar;
            }
            else
            {
                request = Follow(query.Watermark, size, what);
                notFound = NotFoundMeans.Calendar;
            }

            var step = new GraphStep(request, what, notFound);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                // A page that cannot be read fails the read: a failed read is never "no changes".
                var error = step.Error ?? new BackendError(BackendErrorCode.ServerFault, $"{what}: Graph answered HTTP {step.Status} without a body.", "HTTP " + step.Status);
                if (error.Code == BackendErrorCode.WatermarkExpired)
                {
                    Trace($"{query.Calendar.DisplayText}: the delta token expired ({error.ServerCode}); a full comparison is due");
                }

                throw new BackendException(error);
            }

            var page = await step.ParseAsync(DeltaGetResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var items = page?.Value ?? new List<GraphEvent>();
            var changes = items.Select(ToChange).Where(c => c != null).Select(c => c!).ToList();
            var lastModified = items.Where(e => e.LastModifiedDateTime.HasValue).Select(e => e.LastModifiedDateTime).DefaultIfEmpty(null).Max();
            var next = page?.OdataNextLink;
            if (!string.IsNullOrEmpty(next))
            {
                return (new ChangeBatch(changes, next!, moreAvailable: true), lastModified);
            }

            var delta = page?.OdataDeltaLink;
            if (string.IsNullOrEmpty(delta))
            {
                throw new BackendException(new BackendError(BackendErrorCode.ServerFault, what + ": Graph answered a delta page with neither @odata.nextLink nor @odata.deltaLink.", "NoDeltaLink"));
            }

            return (new ChangeBatch(changes, delta!, moreAvailable: false), lastModified);
        }

        public async Task<IChangeSubscription> SubscribeAsync(IReadOnlyList<CalendarAddress> calendars, ChangeSubscriptionOptions options, CancellationToken cancellationToken)
        {
            if (calendars is null)
            {
                throw new ArgumentNullException(nameof(calendars));
            }

            options ??= new ChangeSubscriptionOptions();
            var now = clock.GetUtcNow();
            var subscription = new GraphChangeFeedSubscription(
                this,
                calendars,
                options.PollInterval > TimeSpan.Zero ? options.PollInterval : TimeSpan.FromSeconds(15),
                now - DefaultPastWindow,
                now + DefaultFutureWindow,
                clock,
                Trace);
            await subscription.StartAsync(cancellationToken).ConfigureAwait(false);
            return subscription;
        }

        /// <summary>One delta entry as a change: @removed is a deletion (also of a cancelled occurrence, or one that left the window).</summary>
        internal static ItemChange? ToChange(GraphEvent e)
        {
            if (string.IsNullOrEmpty(e.Id))
            {
                return null;
            }

            if (e.AdditionalData != null && e.AdditionalData.ContainsKey("@removed"))
            {
                return new ItemChange(ItemChangeKind.Deleted, e.Id!);
            }

            return new ItemChange(ItemChangeKind.Changed, e.Id!)
            {
                SeriesMasterId = string.IsNullOrEmpty(e.SeriesMasterId) ? null : e.SeriesMasterId,
                Version = GraphEventMapping.ETag(e),
            };
        }

        /// <summary>The first request of a round, built with the SDK's calendarView delta builders.</summary>
        private RequestInformation Start(string mailbox, string? calendarId, DateTimeOffset start, DateTimeOffset end, int size)
        {
            var s = Iso(start);
            var e = Iso(end);
            var request = calendarId == null
                ? gateway.Client.Users[mailbox].CalendarView.Delta.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.StartDateTime = s;
                    rc.QueryParameters.EndDateTime = e;
                })
                : gateway.Client.Users[mailbox].Calendars[calendarId].CalendarView.Delta.ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.StartDateTime = s;
                    rc.QueryParameters.EndDateTime = e;
                });
            request.Headers.TryAdd("Prefer", Prefer(size));
            return request;
        }

        /// <summary>A nextLink or deltaLink, exactly as the service gave it, with the Prefer header again.</summary>
        private RequestInformation Follow(string watermark, int size, string what)
        {
            // Our watermarks are links on this connection's Graph root; anything else (another connection's, a damaged
            // state file) cannot be followed, and the engine then compares by stamp, as for an expired token.
            if (!Uri.TryCreate(watermark, UriKind.Absolute, out var link)
                || !string.Equals(link.GetLeftPart(UriPartial.Authority), options.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
                || link.AbsolutePath.IndexOf("/delta", StringComparison.OrdinalIgnoreCase) < 0)
            {
                throw new BackendException(new BackendError(BackendErrorCode.WatermarkExpired, what + ": the watermark is not a calendarView delta link of this connection.", "InvalidWatermark"));
            }

            var request = GraphRequests.NextPage(watermark);
            request.Headers.TryAdd("Prefer", Prefer(size));
            return request;
        }

        private static string Prefer(int size) => "odata.maxpagesize=" + size.ToString(CultureInfo.InvariantCulture) + ", " + GraphEventRequests.PreferZone("UTC");

        private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private void Trace(string line) => options.Trace?.Invoke("Graph " + line);
    }
}
