using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;

namespace CalendarSharing.Tests.Support
{
    /// <summary>
    /// The Events and Availability capabilities as a connection declares them (BackendFactory, GraphBackendFactory), over
    /// the strict EWS sandbox or the Graph sandbox through the real clients, optionally with a real handler in front of the
    /// sandbox (a lost answer, a request count at the wire).
    /// </summary>
    public sealed class EventSandbox : IDisposable
    {
        private readonly IDisposable session;

        private EventSandbox(BackendKind kind, SandboxOrganization org, ConnectionServices services, IDisposable session)
        {
            Kind = kind;
            Org = org;
            Services = services;
            this.session = session;
        }

        public BackendKind Kind { get; }

        public SandboxOrganization Org { get; }

        public ConnectionServices Services { get; }

        public ICalendarEventBackend Events => Services.Require<ICalendarEventBackend>(ConnectionCapabilities.Events);

        public IAvailabilityBackend Availability => Services.Require<IAvailabilityBackend>(ConnectionCapabilities.Availability);

        public static async Task<EventSandbox> StartAsync(BackendKind kind, SandboxOptions? options = null, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null)
        {
            if (kind == BackendKind.Ews)
            {
                var ews = await SandboxSession.StartAsync(options, o =>
                {
                    if (wrap != null)
                    {
                        o.Handler = wrap(o.Handler!);
                    }
                });
                return new EventSandbox(kind, ews.Org, BackendFactory.Declare(ews.Backend), ews);
            }

            var graph = await GraphSandboxSession.StartAsync(options, null, o =>
            {
                if (wrap != null)
                {
                    o.Handler = wrap(o.Handler!);
                }
            });
            return new EventSandbox(kind, graph.Org, GraphBackendFactory.Declare(graph.Backend, SandboxOrganization.TenantId), graph);
        }

        /// <summary>Every EWS message of the session was schema-valid (Graph: checked against the metadata by the sandbox).</summary>
        public void AssertWireValid() => Xunit.Assert.Empty(Org.SchemaViolations);

        public void Dispose() => session.Dispose();
    }

    /// <summary>
    /// A real DelegatingHandler that lets the next create reach the server and then loses its answer, as a dropped
    /// connection does: EWS CreateItem (by the SOAP body) or Graph POST …/events. Counts the creates that went through it.
    /// </summary>
    public sealed class LosingHandler : DelegatingHandler
    {
        private int toLose;
        private int creates;

        public LosingHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public int Creates => Volatile.Read(ref creates);

        public int Lost { get; private set; }

        public ConcurrentQueue<string> Requests { get; } = new ConcurrentQueue<string>();

        public void LoseNext(int count = 1) => Interlocked.Exchange(ref toLose, count);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var isCreate = request.Method == HttpMethod.Post
                && (body.Contains(":CreateItem", StringComparison.Ordinal) || body.Contains("<CreateItem", StringComparison.Ordinal)
                    || request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal));
            Requests.Enqueue(request.Method + " " + request.RequestUri!.AbsolutePath + (body.Contains("GetUserAvailability", StringComparison.Ordinal) ? " GetUserAvailability" : string.Empty));
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (isCreate)
            {
                Interlocked.Increment(ref creates);
                if (Interlocked.Decrement(ref toLose) >= 0)
                {
                    Lost++;
                    response.Dispose();
                    throw new HttpRequestException("The connection was closed before the response arrived.");
                }

                Interlocked.Exchange(ref toLose, 0);
            }

            return response;
        }
    }
}
