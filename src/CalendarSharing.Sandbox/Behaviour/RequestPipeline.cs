using System;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Sandbox.Behaviour
{
    /// <summary>Which protocol a request came in on: picks the concurrency budget it draws on.</summary>
    internal enum SandboxProtocol
    {
        /// <summary>EWS: EwsConcurrencyLimit per authenticated account (EWSMaxConcurrency).</summary>
        Ews,

        /// <summary>Graph: GraphConcurrencyLimit per caller and mailbox (Outlook's MailboxConcurrency).</summary>
        Graph,

        /// <summary>The Exchange Online admin API: the EWS budget, per caller (user address or app:{client id}).</summary>
        AdminApi,
    }

    /// <summary>Why the pipeline refused a request before it ran; each protocol renders it in its own wire form.</summary>
    internal enum Refusal
    {
        /// <summary>Past the concurrency limit (EWS ErrorServerBusy, Graph 429 ApplicationThrottled, admin API 429).</summary>
        Throttled,

        /// <summary>An injected transient fault the protocol answers with HTTP 503.</summary>
        ServiceUnavailable,

        /// <summary>An injected transient fault of the other kind (EWS ErrorInternalServerTransientError, Graph 504).</summary>
        InternalServerTransientError,
    }

    /// <summary>
    /// The one behaviour pipeline of the organisation, the same for EWS, Graph and the admin API: throttle (an in-flight
    /// slot per key, held while the request runs), latency (inside the slot), seeded transient faults (drawn before
    /// anything is processed, so never after a write), then the concurrent-writer hook
    /// (<see cref="SandboxOrganization.BeforeOperation"/>) and the request itself.
    /// </summary>
    internal sealed class RequestPipeline
    {
        private readonly SandboxOrganization org;
        private readonly ConcurrencyGate ewsGate;
        private readonly ConcurrencyGate graphGate;
        private readonly FaultInjector faults;

        public RequestPipeline(SandboxOrganization org)
        {
            this.org = org;
            ewsGate = new ConcurrencyGate(org.Options.EwsConcurrencyLimit);
            graphGate = new ConcurrencyGate(org.Options.GraphConcurrencyLimit);
            faults = new FaultInjector(org.Options.TransientFaultRate, org.Options.Seed);
        }

        /// <summary>
        /// Runs <paramref name="run"/> through the pipeline, or answers <paramref name="refuse"/> for a refusal.
        /// <paramref name="operation"/> (when given) is passed to the concurrent-writer hook just before the run;
        /// EWS passes null and calls <see cref="ConcurrentWriter"/> itself, after its schema and version checks.
        /// </summary>
        public async Task<T> RunAsync<T>(
            SandboxProtocol protocol, string throttleKey, bool applyLatency, string? operation,
            Func<Refusal, T> refuse, Func<Task<T>> run, CancellationToken cancellationToken)
        {
            var gate = protocol == SandboxProtocol.Graph ? graphGate : ewsGate;
            if (!gate.TryEnter(throttleKey))
            {
                if (protocol == SandboxProtocol.Graph)
                {
                    org.CountGraphThrottled();
                }
                else
                {
                    org.CountThrottled();
                }

                return refuse(Refusal.Throttled);
            }

            try
            {
                await DelayAsync(applyLatency, cancellationToken).ConfigureAwait(false);
                switch (faults.Next())
                {
                    case TransientFault.ServiceUnavailable:
                        org.CountTransientFault();
                        return refuse(Refusal.ServiceUnavailable);
                    case TransientFault.InternalServerTransientError:
                        org.CountTransientFault();
                        return refuse(Refusal.InternalServerTransientError);
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (operation != null)
                {
                    ConcurrentWriter(operation);
                }

                return await run().ConfigureAwait(false);
            }
            finally
            {
                gate.Exit(throttleKey);
            }
        }

        /// <summary>The latency alone, for a request that is not throttled itself (the outer request of a Graph $batch).</summary>
        public Task DelayAsync(bool applyLatency, CancellationToken cancellationToken) =>
            applyLatency && org.Options.Latency > TimeSpan.Zero ? Task.Delay(org.Options.Latency, cancellationToken) : Task.CompletedTask;

        /// <summary>Tests act as a concurrent writer here (or press Ctrl+C at a known point).</summary>
        public void ConcurrentWriter(string operation) => org.BeforeOperation?.Invoke(operation);
    }
}
