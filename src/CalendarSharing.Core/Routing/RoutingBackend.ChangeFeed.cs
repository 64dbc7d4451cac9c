using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.Core.Routing
{
    /// <summary>
    /// The ChangeFeed capability in a hybrid organisation: each calendar's changes are read on the side that hosts its
    /// mailbox (EWS SyncFolderItems on premises, Graph calendarView delta online), found as events find it
    /// (<see cref="LocateAsync"/>). A watermark belongs to the side that issued it; a mailbox that moved sides is read
    /// on its new side, which does not know the old watermark and says WatermarkExpired (the engine then compares by
    /// stamp). A subscription over calendars on both sides is one subscription per side; a wake-up from either is the
    /// combined subscription's wake-up.
    /// </summary>
    public sealed partial class RoutingBackend : IChangeFeedBackend
    {
        private IChangeFeedBackend? onPremisesChangeFeed;
        private IChangeFeedBackend? onlineChangeFeed;

        public Task<ChangeBatch> ReadChangesAsync(ChangeFeedQuery query, CancellationToken cancellationToken) =>
            OnChangeFeedSideAsync(query.Calendar.Mailbox, (b, t) => b.ReadChangesAsync(query, t), cancellationToken);

        public async Task<IChangeSubscription> SubscribeAsync(IReadOnlyList<CalendarAddress> calendars, ChangeSubscriptionOptions options, CancellationToken cancellationToken)
        {
            if (calendars is null)
            {
                throw new ArgumentNullException(nameof(calendars));
            }

            var sides = new Dictionary<MailboxLocation, List<CalendarAddress>>();
            foreach (var calendar in calendars)
            {
                var side = await LocateAsync(calendar.Mailbox, cancellationToken).ConfigureAwait(false);
                if (!sides.TryGetValue(side, out var list))
                {
                    sides[side] = list = new List<CalendarAddress>();
                }

                list.Add(calendar);
            }

            var parts = new List<IChangeSubscription>();
            try
            {
                foreach (var pair in sides.OrderBy(p => p.Key))
                {
                    var backend = ChangeFeedOf(pair.Key, pair.Value[0].Mailbox);
                    parts.Add(await backend.SubscribeAsync(pair.Value, options, cancellationToken).ConfigureAwait(false));
                }
            }
            catch
            {
                parts.ForEach(p => p.Dispose());
                throw;
            }

            return parts.Count == 1 ? parts[0] : new RoutedSubscription(parts);
        }

        /// <summary>Declares ChangeFeed on the hybrid connection when either side has it.</summary>
        private void ComposeChangeFeed(ConnectionServices onPremisesServices, ConnectionServices onlineServices, ConnectionServices services)
        {
            onPremisesChangeFeed = onPremisesServices.Find<IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed);
            onlineChangeFeed = onlineServices.Find<IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed);
            if (onPremisesChangeFeed != null || onlineChangeFeed != null)
            {
                services.With<IChangeFeedBackend>(ConnectionCapabilities.ChangeFeed, this);
            }
        }

        private async Task<T> OnChangeFeedSideAsync<T>(string mailbox, Func<IChangeFeedBackend, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
        {
            var side = await LocateAsync(mailbox, cancellationToken).ConfigureAwait(false);
            return await run(ChangeFeedOf(side, mailbox), cancellationToken).ConfigureAwait(false);
        }

        private IChangeFeedBackend ChangeFeedOf(MailboxLocation side, string mailbox)
        {
            var backend = side == MailboxLocation.Online ? onlineChangeFeed : onPremisesChangeFeed;
            if (backend is null)
            {
                throw new BackendException(SideCannot(mailbox, side, ConnectionCapabilities.ChangeFeed));
            }

            return backend;
        }

        /// <summary>One subscription per side; each side's wait keeps running across calls, so no wake-up is lost.</summary>
        private sealed class RoutedSubscription : IChangeSubscription
        {
            private readonly IReadOnlyList<IChangeSubscription> parts;
            private readonly Task<ChangeWakeUp>?[] pending;
            private readonly CancellationTokenSource life = new CancellationTokenSource();
            private readonly object gate = new object();

            public RoutedSubscription(IReadOnlyList<IChangeSubscription> parts)
            {
                this.parts = parts;
                pending = new Task<ChangeWakeUp>?[parts.Count];
            }

            public async Task<ChangeWakeUp> WaitAsync(CancellationToken cancellationToken)
            {
                Task<ChangeWakeUp>[] waits;
                lock (gate)
                {
                    for (var i = 0; i < parts.Count; i++)
                    {
                        pending[i] ??= parts[i].WaitAsync(life.Token);
                    }

                    waits = pending.Select(p => p!).ToArray();
                }

                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                {
                    var done = await Task.WhenAny(waits.Cast<Task>().Concat(new[] { cancelled.Task })).ConfigureAwait(false);
                    if (done == cancelled.Task)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }

                    lock (gate)
                    {
                        var index = Array.IndexOf(pending, done);
                        if (index >= 0)
                        {
                            pending[index] = null;
                        }
                    }

                    return await ((Task<ChangeWakeUp>)done).ConfigureAwait(false);
                }
            }

            public void Dispose()
            {
                life.Cancel();
                foreach (var part in parts)
                {
                    part.Dispose();
                }

                life.Dispose();
            }
        }
    }
}
