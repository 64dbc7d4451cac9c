using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Behaviour
{
    /// <summary>
    /// EWSMaxConcurrency: requests in flight per authenticated account
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange).
    /// </summary>
    internal sealed class ConcurrencyGate
    {
        private readonly int limit;
        private readonly Dictionary<string, int> inFlight = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        public ConcurrencyGate(int limit)
        {
            this.limit = limit;
        }

        /// <summary>Takes a slot for the account; false when it already has <c>limit</c> requests in flight (0 = no limit).</summary>
        public bool TryEnter(string account)
        {
            lock (inFlight)
            {
                inFlight.TryGetValue(account, out var count);
                if (limit > 0 && count >= limit)
                {
                    return false;
                }

                inFlight[account] = count + 1;
                return true;
            }
        }

        public void Exit(string account)
        {
            lock (inFlight)
            {
                if (inFlight.TryGetValue(account, out var count))
                {
                    if (count <= 1)
                    {
                        inFlight.Remove(account);
                    }
                    else
                    {
                        inFlight[account] = count - 1;
                    }
                }
            }
        }
    }
}
