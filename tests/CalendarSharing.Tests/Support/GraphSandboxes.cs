using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Sandbox;

namespace CalendarSharing.Tests.Support
{
    /// <summary>Which protocol a scenario runs over: the EWS sandbox (on-premises) or the Graph sandbox (cloud).</summary>
    public enum BackendKind
    {
        Ews,
        Graph,
    }

    /// <summary>A request the SDK sent (inner $batch requests included), as the wire carried it.</summary>
    public sealed class RecordedRequest
    {
        public RecordedRequest(string method, string path, string? body, string? ifMatch)
        {
            Method = method;
            Path = path;
            Body = body;
            IfMatch = ifMatch;
        }

        public string Method { get; }

        /// <summary>The path below the version segment, decoded, with the query (…/users/alice@contoso.com/calendar?$select=…).</summary>
        public string Path { get; }

        public string? Body { get; }

        public string? IfMatch { get; }

        public override string ToString() => Method + " " + Path;
    }

    /// <summary>Records every request on its way to the sandbox (a real DelegatingHandler, not a double).</summary>
    public sealed class RecordingHandler : DelegatingHandler
    {
        public RecordingHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Body, string? IfMatch)> Requests { get; } = new ConcurrentQueue<(HttpMethod, Uri, string?, string?)>();

        /// <summary>"status method path" of every answer, in order.</summary>
        public ConcurrentQueue<string> Responses { get; } = new ConcurrentQueue<string>();

        /// <summary>Every text sent or received (token requests, answers), for secret checks.</summary>
        public ConcurrentQueue<string> Wire { get; } = new ConcurrentQueue<string>();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string? body = null;
            if (request.Content != null)
            {
                await request.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }

            var ifMatch = request.Headers.TryGetValues("If-Match", out var v) ? string.Join(",", v) : null;
            Requests.Enqueue((request.Method, request.RequestUri!, body, ifMatch));
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Responses.Enqueue((int)response.StatusCode + " " + request.Method + " " + request.RequestUri!.AbsolutePath);
            if (response.Content != null)
            {
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                Wire.Enqueue(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }

            return response;
        }
    }

    /// <summary>
    /// The sandbox with its mailboxes in the cloud, and our real GraphCalendarBackend over it: the real Microsoft.Graph
    /// SDK and Azure.Identity, signing in at the sandbox's token endpoint (client secret unless told otherwise).
    /// </summary>
    public sealed class GraphSandboxSession : IDisposable
    {
        private GraphSandboxSession(SandboxOrganization org, GraphCalendarBackend backend, RecordingHandler recorder, ConcurrentQueue<string> trace)
        {
            Org = org;
            Backend = backend;
            Recorder = recorder;
            Trace = trace;
        }

        public SandboxOrganization Org { get; }

        public GraphCalendarBackend Backend { get; }

        public RecordingHandler Recorder { get; }

        public ConcurrentQueue<string> Trace { get; }

        public static GraphConnectionOptions Options(SandboxOrganization org, HttpMessageHandler handler, GraphSignIn? signIn = null, ConcurrentQueue<string>? trace = null)
        {
            signIn ??= new GraphSignIn
            {
                Kind = GraphSignInKind.ClientSecret,
                TenantId = SandboxOrganization.TenantId,
                ClientId = SandboxOrganization.SandboxAppClientId,
                ClientSecret = Secure(SandboxOrganization.SandboxAppSecret),
            };
            signIn.AuthorityHost ??= org.LoginUrl;
            return new GraphConnectionOptions
            {
                SignIn = signIn,
                GraphRoot = org.GraphBaseUrl,
                Handler = handler,
                Kind = ConnectionKind.Sandbox,
                OrganizationDomain = "contoso.com",
                Trace = trace == null ? null : (Action<string>)trace.Enqueue,
            };
        }

        public static async Task<GraphSandboxSession> StartAsync(SandboxOptions? options = null, GraphSignIn? signIn = null, Action<GraphConnectionOptions>? configure = null)
        {
            options ??= new SandboxOptions();
            options.Topology = SandboxTopology.Cloud;
            var org = SandboxOrganization.Create(options);
            var recorder = new RecordingHandler(org.CreateHandler());
            var trace = new ConcurrentQueue<string>();
            var graph = Options(org, recorder, signIn, trace);
            configure?.Invoke(graph);
            var backend = new GraphCalendarBackend(graph);
            await backend.ConnectAsync(CancellationToken.None);
            return new GraphSandboxSession(org, backend, recorder, trace);
        }

        public static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        public void Dispose() => Backend.Dispose();
    }

    /// <summary>One scenario, either protocol: the same engine over the EWS sandbox or the Graph sandbox.</summary>
    public sealed class AnySandbox : IDisposable
    {
        private readonly IDisposable session;

        private AnySandbox(BackendKind kind, SandboxOrganization org, ICalendarBackend backend, IDisposable session)
        {
            Kind = kind;
            Org = org;
            Backend = backend;
            this.session = session;
        }

        public BackendKind Kind { get; }

        public SandboxOrganization Org { get; }

        public ICalendarBackend Backend { get; }

        public static async Task<AnySandbox> StartAsync(BackendKind kind, SandboxOptions? options = null)
        {
            if (kind == BackendKind.Ews)
            {
                var ews = await SandboxSession.StartAsync(options);
                return new AnySandbox(kind, ews.Org, ews.Backend, ews);
            }

            var graph = await GraphSandboxSession.StartAsync(options);
            return new AnySandbox(kind, graph.Org, graph.Backend, graph);
        }

        public void AssertWireValid()
        {
            if (session is SandboxSession ews)
            {
                ews.AssertWireValid();
            }
        }

        public void Dispose() => session.Dispose();
    }
}
