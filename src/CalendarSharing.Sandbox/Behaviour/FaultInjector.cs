using System;

namespace CalendarSharing.Sandbox.Behaviour
{
    internal enum TransientFault
    {
        None,
        ServiceUnavailable,
        InternalServerTransientError,
    }

    /// <summary>Seeded transient faults; drawn before a request is processed, so never after a write was applied.</summary>
    internal sealed class FaultInjector
    {
        private readonly double rate;
        private readonly Random random;

        public FaultInjector(double rate, int seed)
        {
            this.rate = rate;
            random = new Random(seed);
        }

        public TransientFault Next()
        {
            if (rate <= 0)
            {
                return TransientFault.None;
            }

            lock (random)
            {
                if (random.NextDouble() >= rate)
                {
                    return TransientFault.None;
                }

                return random.Next(2) == 0 ? TransientFault.ServiceUnavailable : TransientFault.InternalServerTransientError;
            }
        }
    }
}
