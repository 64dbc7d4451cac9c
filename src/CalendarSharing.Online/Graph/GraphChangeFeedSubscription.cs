using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Sync;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// "Real time" on Graph: calendarView delta polled at a short interval (see <see cref="GraphChangeFeedBackend"/> for
    /// why not webhooks). The subscription keeps its own delta round per calendar, apart from the engine's watermarks:
    /// it only says which calendars changed, the engine then reads the changes with its own watermark. Starting takes
    /// one full round per calendar (the baseline); each poll is one request per calendar while nothing changes. An
    /// expired token starts a new baseline and reports that calendar as reconnected (changes in between are not
    /// known; a baseline that fails is made at the next poll). A poll that fails transiently (throttled, unavailable, unreachable) is tried again at the next interval:
    /// the server keeps the sync state, so nothing is missed.
    /// </summary>
    internal sealed class GraphChangeFeedSubscription : IChangeSubscription
    {
        private readonly GraphChangeFeedBackend backend;
        private readonly IReadOnlyList<CalendarAddress> calendars;
        private readonly string?[] links;
        private readonly TimeSpan interval;
        private readonly DateTimeOffset windowStart;
        private readonly DateTimeOffset windowEnd;
        private readonly TimeProvider clock;
        private readonly Action<string> trace;
        private readonly CancellationTokenSource disposed = new CancellationTokenSource();

        public GraphChangeFeedSubscription(GraphChangeFeedBackend backend, IReadOnlyList<CalendarAddress> calendars, TimeSpan interval, DateTimeOffset windowStart, DateTimeOffset windowEnd, TimeProvider clock, Action<string> trace)
        {
            this.backend = backend;
            this.calendars = calendars.ToList();
            links = new string?[this.calendars.Count];
            this.interval = interval;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.clock = clock;
            this.trace = trace;
        }

        /// <summary>Polls made so far (each is one delta request per calendar while nothing changed).</summary>
        internal int Polls { get; private set; }

        /// <summary>The baseline of every calendar: one full round each, whose changes are discarded.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            for (var i = 0; i < calendars.Count; i++)
            {
                links[i] = (await DrainAsync(calendars[i], null, cancellationToken).ConfigureAwait(false)).Link;
            }
        }

        public async Task<ChangeWakeUp> WaitAsync(CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposed.Token);
            var token = linked.Token;
            while (true)
            {
                token.ThrowIfCancellationRequested();
                Polls++;
                var changed = new List<CalendarAddress>();
                var reconnected = false;
                DateTimeOffset? changedAt = null;
                for (var i = 0; i < calendars.Count; i++)
                {
                    try
                    {
                        if (links[i] is null)
                        {
                            // A baseline that failed earlier: made now, and reported as a reconnect (changes in between are not known).
                            links[i] = (await DrainAsync(calendars[i], null, token).ConfigureAwait(false)).Link;
                            changed.Add(calendars[i]);
                            reconnected = true;
                            continue;
                        }

                        var (count, link, lastModified) = await DrainAsync(calendars[i], links[i], token).ConfigureAwait(false);
                        links[i] = link;
                        if (count > 0)
                        {
                            changed.Add(calendars[i]);
                            changedAt = Later(changedAt, lastModified);
                        }
                    }
                    catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.WatermarkExpired)
                    {
                        trace($"Graph {calendars[i].DisplayText}: the polling delta token expired; starting a new baseline");
                        links[i] = null;
                        changed.Add(calendars[i]);
                        reconnected = true;
                        try
                        {
                            links[i] = (await DrainAsync(calendars[i], null, token).ConfigureAwait(false)).Link;
                        }
                        catch (BackendException again) when (IsPassing(again.Error.Code))
                        {
                            trace($"Graph {calendars[i].DisplayText}: the new baseline failed ({again.Error.ServerCode ?? again.Error.Code.ToString()}); trying again at the next poll");
                        }
                    }
                    catch (BackendException ex) when (IsPassing(ex.Error.Code))
                    {
                        trace($"Graph {calendars[i].DisplayText}: a delta poll failed ({ex.Error.ServerCode ?? ex.Error.Code.ToString()}); polling again in {interval.TotalSeconds:0.#} s");
                    }
                }

                if (changed.Count > 0)
                {
                    return new ChangeWakeUp(changed, reconnected) { ChangedAt = changedAt };
                }

                await clock.Delay(interval, token).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            disposed.Cancel();
            disposed.Dispose();
        }

        /// <summary>Reads a round to its deltaLink: how many changes, the new deltaLink, the latest change time.</summary>
        private async Task<(int Count, string Link, DateTimeOffset? LastModified)> DrainAsync(CalendarAddress calendar, string? watermark, CancellationToken cancellationToken)
        {
            var count = 0;
            DateTimeOffset? last = null;
            for (var page = 0; ; page++)
            {
                var query = new ChangeFeedQuery(calendar, watermark) { WindowStart = windowStart, WindowEnd = windowEnd, MaxChanges = GraphChangeFeedBackend.MaxPageSize };
                var (batch, lastModified) = await backend.ReadPageAsync(query, cancellationToken).ConfigureAwait(false);
                count += batch.Changes.Count;
                last = Later(last, lastModified);
                watermark = batch.Watermark;
                if (!batch.MoreAvailable)
                {
                    return (count, watermark, last);
                }

                if (page >= 100_000)
                {
                    throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_GraphChangesEndless), calendar.DisplayText), "TooManyPages"));
                }
            }
        }

        private static bool IsPassing(BackendErrorCode code) =>
            code == BackendErrorCode.Transient || code == BackendErrorCode.Throttled || code == BackendErrorCode.Connection || code == BackendErrorCode.ServerFault;

        private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);
    }
}
