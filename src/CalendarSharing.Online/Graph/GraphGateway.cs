using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Online.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace CalendarSharing.Online.Graph
{
    /// <summary>One Graph request to run: built apart from sending (STYLE.md item 7), answered as a value.</summary>
    internal sealed class GraphStep
    {
        public GraphStep(RequestInformation request, string what, NotFoundMeans notFound)
        {
            Request = request;
            What = what;
            NotFound = notFound;
        }

        public RequestInformation Request { get; }

        /// <summary>"Cannot read the permissions of alice@contoso.com\Calendar", the start of any error message.</summary>
        public string What { get; }

        public NotFoundMeans NotFound { get; }

        public int Status { get; internal set; }

        /// <summary>The response body (JSON) on success; null for 204.</summary>
        public string? Body { get; internal set; }

        public BackendError? Error { get; internal set; }

        public bool IsSuccess => Error is null && Status >= 200 && Status < 300;

        /// <summary>The body as a Graph model.</summary>
        public async Task<T?> ParseAsync<T>(ParsableFactory<T> factory, CancellationToken cancellationToken)
            where T : IParsable
        {
            if (string.IsNullOrEmpty(Body))
            {
                return default;
            }

            return await KiotaJsonSerializer.DeserializeAsync(Body!, factory, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The Microsoft.Graph SDK client with our transport, sign-in and retry settings, and the two ways we send: one
    /// request through the SDK's request adapter, or up to 20 through the SDK's JSON batch. Either way each step ends
    /// with a status and a body or our error; inner 429/503/504 of a batch are retried here (the SDK's RetryHandler
    /// retries whole HTTP requests only, never the inner answers of a $batch).
    /// </summary>
    internal sealed class GraphGateway : IDisposable
    {
        private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new Dictionary<string, ParsableFactory<IParsable>>
        {
            { "XXX", ODataError.CreateFromDiscriminatorValue },
        };

        private readonly GraphConnectionOptions options;
        private readonly HttpClient httpClient;

        public GraphGateway(GraphConnectionOptions options, TokenCredential credential)
        {
            this.options = options;
            Credential = credential;
            var baseUrl = options.BaseUrl;
            Scope = GraphCloud.DefaultScope(options.ScopeRoot);

            var handlers = GraphClientFactory.CreateDefaultHandlers();
            for (var i = 0; i < handlers.Count; i++)
            {
                if (handlers[i] is RetryHandler)
                {
                    handlers[i] = new RetryHandler(RetryOption(options.Retry));
                }
            }

            httpClient = GraphClientFactory.Create(
                handlers,
                version: "v1.0",
                nationalCloud: GraphClientFactory.Global_Cloud,
                proxy: null,
                finalHandler: options.Handler,
                disposeHandler: options.Handler is null);
            httpClient.BaseAddress = baseUrl;
            httpClient.Timeout = TimeSpan.FromSeconds(100);

            var auth = new AzureIdentityAuthenticationProvider(credential, new[] { baseUrl.Host }, null, false, Scope);
            Client = new GraphServiceClient(httpClient, auth, baseUrl.ToString().TrimEnd('/'));
        }

        public GraphServiceClient Client { get; }

        public TokenCredential Credential { get; }

        public string Scope { get; }

        /// <summary>
        /// The SDK's RetryHandler already honours Retry-After for 429/503/504 on every request (A9). It is configured
        /// from our budget instead of adding a second retry loop around it: at most MaxAttempts-1 retries (the SDK caps
        /// at 10) and no more than MaxTotalDelay of waiting in all. The ShouldRetry delegate alone decides whether a
        /// response is retried (kiota-dotnet RetryHandler.SendAsync), so it must name the retriable statuses itself.
        /// </summary>
        internal static RetryHandlerOption RetryOption(CalendarSharing.Core.Resilience.RetryOptions retry)
        {
            var maxRetry = Math.Max(0, Math.Min(10, retry.MaxAttempts - 1));
            return new RetryHandlerOption
            {
                MaxRetry = maxRetry,
                Delay = (int)Math.Max(1, Math.Min(180, Math.Ceiling(retry.BaseDelay.TotalSeconds))),
                RetriesTimeLimit = retry.MaxTotalDelay,
                ShouldRetry = (delay, attempt, response) => IsRetriable((int)response.StatusCode),
            };
        }

        internal static bool IsRetriable(int status) => status == 429 || status == 503 || status == 504;

        /// <summary>Runs steps: one alone through the adapter, several as $batch (MaxBatchSize per request, run concurrently).</summary>
        public async Task ExecuteAsync(IReadOnlyList<GraphStep> steps, CancellationToken cancellationToken)
        {
            if (steps.Count == 0)
            {
                return;
            }

            if (steps.Count == 1)
            {
                await SendOneAsync(steps[0], cancellationToken).ConfigureAwait(false);
                return;
            }

            var size = Math.Max(1, Math.Min(20, options.MaxBatchSize));
            var chunks = new List<List<GraphStep>>();
            for (var i = 0; i < steps.Count; i += size)
            {
                chunks.Add(steps.Skip(i).Take(size).ToList());
            }

            await Task.WhenAll(chunks.Select(c => c.Count == 1 ? SendOneAsync(c[0], cancellationToken) : BatchAsync(c, cancellationToken))).ConfigureAwait(false);
        }

        private async Task SendOneAsync(GraphStep step, CancellationToken cancellationToken)
        {
            Trace($"{step.Request.HttpMethod} {step.Request.URI.AbsolutePath}");
            try
            {
                using var stream = await Client.RequestAdapter.SendPrimitiveAsync<Stream>(step.Request, ErrorMapping, cancellationToken).ConfigureAwait(false);
                step.Status = 200;
                if (stream != null)
                {
                    using var reader = new StreamReader(stream);
                    step.Body = await reader.ReadToEndAsync().ConfigureAwait(false);
                }
                else
                {
                    step.Status = 204;
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                step.Error = GraphErrorMap.FromException(ex, step.What, step.NotFound);
                step.Status = ex is ApiException api ? api.ResponseStatusCode : 0;
                if (step.Error.Code == BackendErrorCode.Authentication)
                {
                    throw new BackendException(step.Error, ex);
                }
            }
        }

        private async Task BatchAsync(List<GraphStep> steps, CancellationToken cancellationToken)
        {
            var budget = new RetryBudget(options.Retry);
            var pending = steps;
            while (pending.Count > 0)
            {
                // The SDK refuses a per-batch limit outside 2..20, so a retry of one throttled step must still ask for 2.
                var batch = new BatchRequestContentCollection(Client, Math.Min(Math.Max(pending.Count, 2), 20));
                var ids = new List<string>(pending.Count);
                foreach (var s in pending)
                {
                    // A retried step's body stream was read by the previous batch: rewind it, or the SDK embeds nothing.
                    if (s.Request.Content is { CanSeek: true } body)
                    {
                        body.Position = 0;
                    }

                    ids.Add(await batch.AddBatchRequestStepAsync(s.Request).ConfigureAwait(false));
                }

                Trace($"$batch of {pending.Count}: " + string.Join(", ", pending.Select(s => s.Request.HttpMethod + " " + s.Request.URI.AbsolutePath)));
                BatchResponseContentCollection answers;
                try
                {
                    answers = await Client.Batch.PostAsync(batch, cancellationToken, ErrorMapping).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
                {
                    var error = GraphErrorMap.FromException(ex, "The Graph $batch request failed", NotFoundMeans.Calendar);
                    if (error.Code == BackendErrorCode.Authentication)
                    {
                        throw new BackendException(error, ex);
                    }

                    foreach (var s in pending)
                    {
                        s.Error = new BackendError(error.Code, s.What + ": " + error.Message, error.ServerCode);
                    }

                    return;
                }

                var retry = new List<GraphStep>();
                TimeSpan? hint = null;
                for (var i = 0; i < pending.Count; i++)
                {
                    var s = pending[i];
                    using var response = await answers.GetResponseByIdAsync(ids[i]).ConfigureAwait(false);
                    if (response is null)
                    {
                        s.Status = 0;
                        s.Error = new BackendError(BackendErrorCode.ServerFault, s.What + ": the $batch answer had no response for this request.");
                        continue;
                    }

                    s.Status = (int)response.StatusCode;
                    var body = response.Content is null ? null : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if (s.Status >= 200 && s.Status < 300)
                    {
                        s.Body = string.IsNullOrEmpty(body) ? null : body;
                        s.Error = null;
                        continue;
                    }

                    ODataError? odata = null;
                    if (!string.IsNullOrWhiteSpace(body))
                    {
                        try
                        {
                            odata = await KiotaJsonSerializer.DeserializeAsync(body!, ODataError.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is System.Text.Json.JsonException || ex is InvalidOperationException || ex is FormatException)
                        {
                            odata = null;
                        }
                    }

                    s.Error = GraphErrorMap.Map(s.Status, odata?.Error?.Code, odata?.Error?.Message, s.What, s.NotFound);
                    if (IsRetriable(s.Status))
                    {
                        retry.Add(s);
                        var ra = response.Headers.RetryAfter;
                        var h = ra?.Delta ?? (ra?.Date is DateTimeOffset d ? d - DateTimeOffset.UtcNow : (TimeSpan?)null);
                        if (h.HasValue && (!hint.HasValue || h.Value > hint.Value))
                        {
                            hint = h;
                        }
                    }
                    else if (s.Error.Code == BackendErrorCode.Authentication)
                    {
                        throw new BackendException(s.Error);
                    }
                }

                if (retry.Count == 0 || !budget.TryNextAttempt(hint, out var delay))
                {
                    return;
                }

                Trace($"$batch: {retry.Count} request(s) throttled or unavailable; retrying in {delay.TotalMilliseconds:0} ms");
                await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                pending = retry;
            }
        }

        private void Trace(string line) => options.Trace?.Invoke("Graph " + line);

        public void Dispose() => httpClient.Dispose();
    }
}
