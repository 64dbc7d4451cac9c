using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Resilience
{
    /// <summary>
    /// How many requests a client keeps in flight against one server, adapted to what the server accepts:
    /// additive increase, multiplicative decrease (AIMD, the congestion-control rule of RFC 5681 section 3.1).
    /// Every answer that is not a back-off adds 1/limit to the limit, up to the configured ceiling; a back-off answer
    /// (EWS ErrorServerBusy, HTTP 429 or 503) halves it, at most once per round: answers to requests that were sent
    /// before the last decrease do not decrease it again, so a burst of back-offs from one wave counts once.
    /// Exchange's EWS throttling policy limits concurrent connections per account
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange),
    /// and Graph limits concurrent requests per app and mailbox
    /// (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits): past either, more requests in flight
    /// only earn more back-off answers. Thread-safe; one per connection.
    /// </summary>
    public sealed class AdaptiveConcurrencyLimiter
    {
        private readonly object gate = new object();
        private readonly Queue<TaskCompletionSource<Lease>> waiters = new Queue<TaskCompletionSource<Lease>>();
        private readonly int ceiling;
        private double limit;
        private int inFlight;
        private long round;

        public AdaptiveConcurrencyLimiter(int maxConcurrency)
        {
            ceiling = Math.Max(1, maxConcurrency);
            limit = ceiling;
        }

        /// <summary>The most requests allowed in flight right now (at least 1).</summary>
        public int CurrentLimit
        {
            get
            {
                lock (gate)
                {
                    return Allowed;
                }
            }
        }

        /// <summary>The ceiling the limit grows back to.</summary>
        public int MaxConcurrency => ceiling;

        /// <summary>Requests in flight now.</summary>
        public int InFlight
        {
            get
            {
                lock (gate)
                {
                    return inFlight;
                }
            }
        }

        /// <summary>Times the limit was halved.</summary>
        public int Decreases { get; private set; }

        private int Allowed => Math.Max(1, (int)Math.Floor(limit));

        /// <summary>Waits for a slot. Dispose the lease (or report through it) when the answer is in.</summary>
        public Task<Lease> AcquireAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource<Lease> waiter;
            lock (gate)
            {
                if (inFlight < Allowed && waiters.Count == 0)
                {
                    inFlight++;
                    return Task.FromResult(new Lease(this, round));
                }

                waiter = new TaskCompletionSource<Lease>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Enqueue(waiter);
            }

            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
                waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return waiter.Task;
        }

        private void Cancel(TaskCompletionSource<Lease> waiter, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                if (!waiter.TrySetCanceled(cancellationToken))
                {
                    return;
                }

                // Leave it in the queue: Release skips completed waiters.
            }
        }

        private void Release(long sentInRound, bool backOff)
        {
            var wake = new List<(TaskCompletionSource<Lease> Waiter, Lease Lease)>();
            lock (gate)
            {
                inFlight--;
                if (backOff)
                {
                    if (sentInRound == round)
                    {
                        limit = Math.Max(1, limit / 2);
                        round++;
                        Decreases++;
                    }
                }
                else if (limit < ceiling)
                {
                    limit = Math.Min(ceiling, limit + (1 / limit));
                }

                while (inFlight < Allowed && waiters.Count > 0)
                {
                    var next = waiters.Dequeue();
                    if (next.Task.IsCompleted)
                    {
                        continue;
                    }

                    inFlight++;
                    wake.Add((next, new Lease(this, round)));
                }
            }

            foreach (var (waiter, lease) in wake)
            {
                if (!waiter.TrySetResult(lease))
                {
                    lease.Dispose();
                }
            }
        }

        /// <summary>One slot. Report a back-off answer with <see cref="BackOff"/>; otherwise disposing counts as a good answer.</summary>
        public sealed class Lease : IDisposable
        {
            private readonly AdaptiveConcurrencyLimiter owner;
            private readonly long sentInRound;
            private int done;

            internal Lease(AdaptiveConcurrencyLimiter owner, long sentInRound)
            {
                this.owner = owner;
                this.sentInRound = sentInRound;
            }

            /// <summary>The server asked us to back off (ErrorServerBusy, 429, 503): frees the slot and halves the limit.</summary>
            public void BackOff()
            {
                if (Interlocked.Exchange(ref done, 1) == 0)
                {
                    owner.Release(sentInRound, backOff: true);
                }
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref done, 1) == 0)
                {
                    owner.Release(sentInRound, backOff: false);
                }
            }
        }
    }
}
