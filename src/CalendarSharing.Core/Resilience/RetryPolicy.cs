using System;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Resilience
{
    /// <summary>Bounds on retrying. Shared by every client (EWS, Graph, admin REST).</summary>
    public sealed class RetryOptions
    {
        /// <summary>Attempts for throttling and transient faults, the first included.</summary>
        public int MaxAttempts { get; set; } = 8;

        /// <summary>Attempts for optimistic-concurrency conflicts (re-read and merge), the first included.</summary>
        public int MaxConflictAttempts { get; set; } = 60;

        /// <summary>First back-off when the server gives no hint; doubles per attempt, with jitter.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>Longest single wait, whatever the server asks for.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Longest total wait for one request before it is reported as throttled.</summary>
        public TimeSpan MaxTotalDelay { get; set; } = TimeSpan.FromMinutes(5);

        public static RetryOptions Default => new RetryOptions();
    }

    /// <summary>
    /// The retry state of one logical request. Server hints (EWS BackOffMilliseconds, HTTP Retry-After)
    /// rule the wait; without one it backs off exponentially with jitter. Not thread-safe: one per request.
    /// </summary>
    public sealed class RetryBudget
    {
        private static readonly ThreadLocal<Random> Jitter = new ThreadLocal<Random>(() => new Random(Guid.NewGuid().GetHashCode()));
        private readonly RetryOptions options;
        private TimeSpan waited;

        public RetryBudget(RetryOptions? options = null)
        {
            this.options = options ?? RetryOptions.Default;
        }

        /// <summary>Attempts made so far for throttling or transient faults.</summary>
        public int Attempts { get; private set; } = 1;

        /// <summary>Attempts made so far for conflicts.</summary>
        public int ConflictAttempts { get; private set; } = 1;

        public TimeSpan TotalWaited => waited;

        /// <summary>
        /// Takes one more attempt for a throttled or transient failure. Returns false when the budget is spent;
        /// otherwise gives the delay to wait first.
        /// </summary>
        public bool TryNextAttempt(TimeSpan? serverHint, out TimeSpan delay)
        {
            delay = TimeSpan.Zero;
            if (Attempts >= options.MaxAttempts)
            {
                return false;
            }

            delay = Compute(Attempts, serverHint);
            if (waited + delay > options.MaxTotalDelay)
            {
                return false;
            }

            Attempts++;
            waited += delay;
            return true;
        }

        /// <summary>Takes one more attempt after a conflict; a short jittered pause spreads competing writers.</summary>
        public bool TryNextConflictAttempt(out TimeSpan delay)
        {
            delay = TimeSpan.Zero;
            if (ConflictAttempts >= options.MaxConflictAttempts)
            {
                return false;
            }

            ConflictAttempts++;
            var ceiling = Math.Min(options.BaseDelay.TotalMilliseconds * Math.Min(ConflictAttempts, 10) / 4, 1000);
            delay = TimeSpan.FromMilliseconds(Jitter.Value!.NextDouble() * ceiling);
            waited += delay;
            return true;
        }

        private TimeSpan Compute(int attempt, TimeSpan? serverHint)
        {
            double ms;
            if (serverHint.HasValue && serverHint.Value > TimeSpan.Zero)
            {
                // At least what the server asked for, plus up to 10% so a crowd of clients does not return at once.
                ms = serverHint.Value.TotalMilliseconds * (1 + (Jitter.Value!.NextDouble() * 0.1));
            }
            else
            {
                var ceiling = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
                ms = (ceiling / 2) + (Jitter.Value!.NextDouble() * ceiling / 2);
            }

            return TimeSpan.FromMilliseconds(Math.Min(ms, options.MaxDelay.TotalMilliseconds));
        }

        /// <summary>Waits, honouring cancellation.</summary>
        public static Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
