using System;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// What every state store's lease is: whose (profile, pair, worker), for how long each renewal extends it, until
    /// when it holds, and a release that runs once however often the lease is disposed. A store adds how it proves the
    /// lease is still its own (a token in the lease file, an ETag on the lease row) and how it renews and releases it.
    /// </summary>
    public abstract class SyncLease : ISyncLease
    {
        private int released;

        protected SyncLease(string profileId, string pairKey, string workerId, TimeSpan duration, DateTimeOffset expires)
        {
            ProfileId = profileId ?? throw new ArgumentNullException(nameof(profileId));
            PairKey = pairKey ?? throw new ArgumentNullException(nameof(pairKey));
            WorkerId = workerId ?? throw new ArgumentNullException(nameof(workerId));
            Duration = duration;
            Expires = expires;
        }

        public string ProfileId { get; }

        public string PairKey { get; }

        public string WorkerId { get; }

        /// <summary>How far each renewal moves <see cref="Expires"/> from now.</summary>
        public TimeSpan Duration { get; }

        public DateTimeOffset Expires { get; protected set; }

        /// <summary>True once the lease was disposed.</summary>
        protected bool IsReleased => Volatile.Read(ref released) != 0;

        public abstract Task RenewAsync(CancellationToken cancellationToken);

        /// <summary>Releases the lease the first time (the next worker need not wait for the expiry); later calls do nothing.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) != 0)
            {
                return;
            }

            Release();
        }

        /// <summary>Gives the lease up in the store, if it is still this one; runs once, and never throws for a lease lost already.</summary>
        protected abstract void Release();
    }
}
