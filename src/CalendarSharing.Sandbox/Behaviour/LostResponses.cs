using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox
{
    // A fault of the behaviour pipeline the seeded transient faults cannot give: the request ran (a write was applied), and
    // then its answer never reached the client (a dropped connection, a proxy timeout). A client that retries a
    // non-idempotent create blindly after this makes a duplicate, which is what the test of "create once" must show it avoids.
    public sealed partial class SandboxOrganization
    {
        private readonly Dictionary<string, int> lostResponses = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>
        /// The next <paramref name="count"/> EWS requests of <paramref name="operation"/> (CreateItem, …) run, and then the
        /// connection drops before the answer is sent: the client sees a transport failure.
        /// </summary>
        public void LoseNextResponses(string operation, int count = 1)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            lock (lostResponses)
            {
                lostResponses[operation] = count;
            }
        }

        /// <summary>Whether the answer to this request (already processed) is to be lost.</summary>
        internal bool TakeLostResponse(string? operation)
        {
            if (operation == null)
            {
                return false;
            }

            lock (lostResponses)
            {
                if (!lostResponses.TryGetValue(operation, out var left) || left <= 0)
                {
                    return false;
                }

                lostResponses[operation] = left - 1;
                return true;
            }
        }
    }
}
