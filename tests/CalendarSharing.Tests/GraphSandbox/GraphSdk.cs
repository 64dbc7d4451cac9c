using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core.Pipeline;
using Azure.Identity;
using CalendarSharing.Sandbox;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// The real Microsoft.Graph SDK (GraphServiceClient over Azure.Identity) against the sandbox, wired as
    /// docs/design/graph-sandbox.md shows, with every request's path and query recorded on its way out.
    /// </summary>
    internal sealed class GraphSdk : IDisposable
    {
        private readonly HttpClient tokenClient;

        private GraphSdk(SandboxOrganization org, string clientId, string secret)
        {
            Org = org;
            var handler = org.CreateHandler();
            tokenClient = new HttpClient(handler, disposeHandler: false);
            var credential = new ClientSecretCredential(SandboxOrganization.TenantId, clientId, secret, new ClientSecretCredentialOptions
            {
                AuthorityHost = org.LoginUrl,
                Transport = new HttpClientTransport(tokenClient),
                DisableInstanceDiscovery = true,
            });
            var auth = new AzureIdentityAuthenticationProvider(credential, new[] { org.GraphBaseUrl.Host }, null, true, new[] { "https://graph.microsoft.com/.default" });
            var recorder = new Recorder(handler);
            Client = new GraphServiceClient(GraphClientFactory.Create(finalHandler: recorder), auth, org.GraphBaseUrl.AbsoluteUri.TrimEnd('/'));
            Sent = recorder.Sent;
        }

        public SandboxOrganization Org { get; }

        public GraphServiceClient Client { get; }

        /// <summary>"METHOD path?query" of every request the SDK sent (the outer one for $batch).</summary>
        public ConcurrentQueue<string> Sent { get; }

        /// <summary>The seeded, unrestricted app.</summary>
        public static GraphSdk For(SandboxOrganization org) => new GraphSdk(org, SandboxOrganization.SandboxAppClientId, SandboxOrganization.SandboxAppSecret);

        /// <summary>An app registered with exactly these application permissions.</summary>
        public static GraphSdk ForApp(SandboxOrganization org, params string[] roles)
        {
            var clientId = Guid.NewGuid().ToString();
            org.RegisterApp(clientId, "Secret!" + clientId, roles);
            return new GraphSdk(org, clientId, "Secret!" + clientId);
        }

        /// <summary>A cloud organisation in strict mode: every Graph request and answer is checked against the v1.0 metadata.</summary>
        public static SandboxOrganization StrictCloudOrg(SandboxOptions? options = null)
        {
            options ??= new SandboxOptions();
            options.Topology = SandboxTopology.Cloud;
            options.GraphStrictValidation = true;
            return SandboxOrganization.Create(options);
        }

        public void Dispose()
        {
            Client.Dispose();
            tokenClient.Dispose();
        }

        private sealed class Recorder : DelegatingHandler
        {
            public Recorder(HttpMessageHandler inner)
                : base(inner)
            {
            }

            public ConcurrentQueue<string> Sent { get; } = new ConcurrentQueue<string>();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Sent.Enqueue(request.Method + " " + Uri.UnescapeDataString(request.RequestUri!.PathAndQuery));
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// Awaits a Task&lt;T&gt; through a class awaiter. An async method awaiting Task&lt;T&gt; directly keeps a
    /// TaskAwaiter&lt;T&gt; struct field in its state machine, and loading that type (test discovery loads every type)
    /// loads T's assembly: for Microsoft.Graph types that would put Microsoft.Graph into every test host, which
    /// FreshProcessTests forbids. A class-typed field loads nothing until the code runs.
    /// </summary>
    internal static class Boxing
    {
        public static BoxedAwaiter<T> Boxed<T>(this Task<T> task) => new BoxedAwaiter<T>(task);
    }

    internal sealed class BoxedAwaiter<T> : System.Runtime.CompilerServices.INotifyCompletion
    {
        private readonly Task<T> task;

        public BoxedAwaiter(Task<T> task)
        {
            this.task = task;
        }

        public bool IsCompleted => task.IsCompleted;

        public BoxedAwaiter<T> GetAwaiter() => this;

        public void OnCompleted(Action continuation) => task.ConfigureAwait(false).GetAwaiter().OnCompleted(continuation);

        public T GetResult() => task.GetAwaiter().GetResult();
    }
}
