using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Sandbox.Behaviour;
using CalendarSharing.Sandbox.Identity;
using CalendarSharing.Sandbox.Validation;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// Graph v1.0 on any host, routed by the path prefix /v1.0. Order of work per request, as for EWS: authenticate
    /// (401 InvalidAuthenticationToken), route, count, throttle (429 ApplicationThrottled past GraphConcurrencyLimit per
    /// caller and mailbox), latency, transient faults (503/504, before any write), then the resource itself.
    /// $batch: the outer request pays the latency once; its inner requests are throttled and faulted one by one,
    /// at most 4 at a time, dependsOn honoured (424 when a dependency failed).
    /// </summary>
    internal sealed class GraphEndpoint
    {
        public const string VersionPrefix = "/v1.0";
        private const int MaxBatchRequests = 20;
        private const int BatchParallelism = 4;

        private static readonly HashSet<string> GraphAudiences = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "https://graph.microsoft.com", "https://graph.sandbox.contoso.com", "00000003-0000-0000-c000-000000000000",
            "https://graph.microsoft.us", "https://dod-graph.microsoft.us", "https://microsoftgraph.chinacloudapi.cn",
        };

        private readonly SandboxOrganization org;
        private readonly GraphCalendarService calendars;

        public GraphEndpoint(SandboxOrganization org)
        {
            this.org = org;
            calendars = new GraphCalendarService(org);
        }

        public static bool Matches(string path) =>
            string.Equals(path, VersionPrefix, StringComparison.OrdinalIgnoreCase) ||
            path.StartsWith(VersionPrefix + "/", StringComparison.OrdinalIgnoreCase);

        public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var requestId = Guid.NewGuid().ToString();
            var clientRequestId = Single(request.Headers, "client-request-id");
            var uri = request.RequestUri!;
            var serviceRoot = uri.GetLeftPart(UriPartial.Authority) + VersionPrefix;

            GraphResponse response;
            var caller = Authenticate(request, uri, out var failure);
            if (caller == null)
            {
                response = GraphResponse.Error(failure!, requestId, clientRequestId);
                response.Headers["WWW-Authenticate"] = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
            }
            else
            {
                var segments = GraphRequest.Split(uri.AbsolutePath.Substring(VersionPrefix.Length));
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
                {
                    headers[header.Key] = string.Join(", ", header.Value);
                }

                var body = request.Content == null ? null : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                var graphRequest = new GraphRequest(request.Method.Method, segments, headers, body != null && body.Length == 0 ? null : body, serviceRoot, uri.Query.TrimStart('?'));
                response = segments.Count == 1 && segments[0] == "$batch"
                    ? await BatchAsync(graphRequest, caller, requestId, clientRequestId, cancellationToken).ConfigureAwait(false)
                    : await ExecuteAsync(graphRequest, caller, requestId, clientRequestId, applyLatency: true, cancellationToken).ConfigureAwait(false);
            }

            var content = new ByteArrayContent(response.Body ?? Array.Empty<byte>());
            var message = new HttpResponseMessage((HttpStatusCode)response.Status) { Content = content };
            foreach (var header in response.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            // Every Graph response carries request-id and echoes client-request-id
            // (https://learn.microsoft.com/graph/best-practices-concept).
            message.Headers.TryAddWithoutValidation("request-id", requestId);
            if (clientRequestId != null)
            {
                message.Headers.TryAddWithoutValidation("client-request-id", clientRequestId);
            }

            return message;
        }

        private GraphCaller? Authenticate(HttpRequestMessage request, Uri uri, out GraphException? failure)
        {
            failure = null;
            var authorization = request.Headers.Authorization;
            if (authorization == null || string.IsNullOrEmpty(authorization.Parameter))
            {
                failure = Unauthorized("Access token is empty.");
                return null;
            }

            var token = string.Equals(authorization.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) ? org.Tokens.Find(authorization.Parameter!) : null;
            if (token == null)
            {
                failure = Unauthorized("Access token validation failure.");
                return null;
            }

            if (token.ExpiresOn <= DateTimeOffset.UtcNow)
            {
                failure = Unauthorized("Lifetime validation failed, the token is expired.");
                return null;
            }

            var audience = token.Audience.TrimEnd('/');
            if (!GraphAudiences.Contains(audience) && !string.Equals(audience, uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                failure = Unauthorized("Access token validation failure. Invalid audience.");
                return null;
            }

            return new GraphCaller(token, token.User == null ? org.FindApp(token.ClientId)?.Roles : null);
        }

        private static GraphException Unauthorized(string message) => new GraphException(401, "InvalidAuthenticationToken", message);

        /// <summary>One resource request: route, count, throttle, latency, fault, execute; errors become Graph error bodies.</summary>
        private async Task<GraphResponse> ExecuteAsync(GraphRequest request, GraphCaller caller, string requestId, string? clientRequestId, bool applyLatency, CancellationToken cancellationToken)
        {
            try
            {
                var route = GraphRoute.Parse(request.Segments, caller.User?.Address);
                var operation = GraphCalendarService.OperationName(route, request.Method);
                org.CountRequest("Graph:" + operation);

                // OData query options are checked with the URL, before anything runs (https://learn.microsoft.com/graph/query-parameters).
                request.Query = ODataQuery.Parse(request.RawQuery);
                var resource = ODataResource.For(route, request.Method, org.Options);
                ODataShaper.Check(resource, request.Query);
                // GET /users and /groups name no user: they run as the organisation's admin account for throttling.
                var account = route.Kind == GraphRouteKind.Users || route.Kind == GraphRouteKind.Groups || route.Kind == GraphRouteKind.Group || route.Kind == GraphRouteKind.GroupMembers
                    ? org.Admin
                    : FindUser(route.UserSegment);
                if (account == null)
                {
                    throw route.Kind == GraphRouteKind.User
                        ? new GraphException(404, "Request_ResourceNotFound", "Resource '" + route.UserSegment + "' does not exist or one of its queried reference-property objects are not present.")
                        : new GraphException(404, "ErrorInvalidUser", "The requested user '" + route.UserSegment + "' is invalid.");
                }

                return await org.Behaviour.RunAsync(
                    SandboxProtocol.Graph,
                    caller.ThrottleKey + "|" + account.Address,
                    applyLatency,
                    operation: null, // the hook runs after the strict request check, below
                    refusal =>
                    {
                        switch (refusal)
                        {
                            case Refusal.Throttled:
                                var throttled = GraphResponse.Error(new GraphException(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit."), requestId, clientRequestId);
                                throttled.Headers["Retry-After"] = org.Options.GraphRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                                return throttled;
                            case Refusal.ServiceUnavailable:
                                var unavailable = GraphResponse.Error(new GraphException(503, "ServiceUnavailable", "The service is temporarily unavailable. Retry the request later."), requestId, clientRequestId);
                                unavailable.Headers["Retry-After"] = "1";
                                return unavailable;
                            default:
                                return GraphResponse.Error(new GraphException(504, "GatewayTimeout", "The request timed out at the gateway. Retry the request."), requestId, clientRequestId);
                        }
                    },
                    () =>
                    {
                        try
                        {
                            ValidateRequest(request);
                            org.Behaviour.ConcurrentWriter("Graph:" + operation);
                            var result = ODataShaper.Shape(resource, request, calendars.Execute(route, request, account, caller));
                            ValidateResponse(request, result);
                            return Task.FromResult(result);
                        }
                        catch (GraphException error)
                        {
                            return Task.FromResult(GraphResponse.Error(error, requestId, clientRequestId));
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (GraphException error)
            {
                return GraphResponse.Error(error, requestId, clientRequestId);
            }
        }

        // GraphStrictValidation: the request's path and body, as the client sent them, against the v1.0 metadata.
        private void ValidateRequest(GraphRequest request)
        {
            var validator = org.GraphValidator;
            if (validator == null)
            {
                return;
            }

            var where = request.Method + " /" + string.Join("/", request.Segments);
            var findings = new List<string>(validator.CheckPath(request.Segments, where, out var type));
            if (request.Body != null && request.Method == "POST")
            {
                try
                {
                    using (var document = JsonDocument.Parse(request.Body))
                    {
                        findings.AddRange(validator.CheckActionBody(request.Segments, document.RootElement, where + " body", out var isAction));
                        type = isAction ? null : type; // an action's body holds its parameters, not its result type
                    }
                }
                catch (JsonException)
                {
                    // reported below, or by the action itself
                }
            }

            if (type != null && request.Body != null && (request.Method == "POST" || request.Method == "PATCH"))
            {
                try
                {
                    using (var document = JsonDocument.Parse(request.Body))
                    {
                        findings.AddRange(validator.Check(document.RootElement, type, where + " body"));
                    }
                }
                catch (JsonException ex)
                {
                    findings.Add(where + " body: not JSON (" + ex.Message + ")");
                }
            }

            org.RecordViolations("graph request", findings);
        }

        // GraphStrictValidation: what the sandbox answers, typed by its own @odata.context.
        private void ValidateResponse(GraphRequest request, GraphResponse response)
        {
            var validator = org.GraphValidator;
            if (validator == null || response.Body == null || response.Status >= 300)
            {
                return;
            }

            var where = "response to " + request.Method + " /" + string.Join("/", request.Segments);
            var findings = new List<string>();
            using (var document = JsonDocument.Parse(response.Body))
            {
                var root = document.RootElement;
                var context = GraphJson.String(root, "@odata.context");
                var hash = context?.IndexOf('#') ?? -1;
                if (hash < 0)
                {
                    findings.Add(where + ": no @odata.context");
                }
                else
                {
                    findings.AddRange(validator.CheckPath(context!.Substring(hash + 1).Split('/'), where, out var type));
                    if (type != null)
                    {
                        var items = root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : new[] { root };
                        foreach (var item in items)
                        {
                            findings.AddRange(validator.Check(item, type, where));
                        }
                    }
                }
            }

            org.RecordViolations("graph response", findings);
        }

        private SandboxAccount? FindUser(string segment)
        {
            if (Guid.TryParse(segment, out var objectId))
            {
                return org.Accounts.FirstOrDefault(a => a.ObjectId == objectId);
            }

            // Directory (Entra) users: every sandbox account, wherever its mailbox lives; SMTP = UPN here.
            return segment.IndexOf('\\') >= 0 ? null : org.FindAccount(segment);
        }

        /// <summary>JSON batching (https://learn.microsoft.com/graph/json-batching).</summary>
        private async Task<GraphResponse> BatchAsync(GraphRequest request, GraphCaller caller, string requestId, string? clientRequestId, CancellationToken cancellationToken)
        {
            org.CountRequest("Graph:$batch");
            if (request.Method != "POST")
            {
                return GraphResponse.Error(new GraphException(405, "BadRequest", "The HTTP method '" + request.Method + "' is not allowed on $batch."), requestId, clientRequestId);
            }

            List<BatchItem> items;
            try
            {
                items = ParseBatch(request);
            }
            catch (GraphException error)
            {
                return GraphResponse.Error(error, requestId, clientRequestId);
            }

            await org.Behaviour.DelayAsync(true, cancellationToken).ConfigureAwait(false);
            var done = new ConcurrentQueue<(BatchItem Item, GraphResponse Response)>();
            var tasks = new Dictionary<string, Task<GraphResponse>>(StringComparer.Ordinal);
            using (var parallel = new SemaphoreSlim(BatchParallelism))
            {
                foreach (var item in items)
                {
                    var dependencies = item.DependsOn.Select(d => tasks[d]).ToArray();
                    tasks[item.Id] = RunItemAsync(item, dependencies, parallel, caller, request.ServiceRoot, requestId, clientRequestId, done, cancellationToken);
                }

                await Task.WhenAll(tasks.Values).ConfigureAwait(false);
            }

            // Responses in completion order: Graph promises no order (https://learn.microsoft.com/graph/json-batching).
            var body = GraphJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("responses");
                foreach (var (item, response) in done)
                {
                    w.WriteStartObject();
                    w.WriteString("id", item.Id);
                    w.WriteNumber("status", response.Status);
                    w.WriteStartObject("headers");
                    foreach (var header in response.Headers)
                    {
                        w.WriteString(header.Key, header.Value);
                    }

                    w.WriteEndObject();
                    if (response.Body != null && response.Body.Length > 0)
                    {
                        using (var document = JsonDocument.Parse(response.Body))
                        {
                            w.WritePropertyName("body");
                            document.RootElement.WriteTo(w);
                        }
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return new GraphResponse(200, body);
        }

        private async Task<GraphResponse> RunItemAsync(
            BatchItem item, Task<GraphResponse>[] dependencies, SemaphoreSlim parallel, GraphCaller caller, string serviceRoot,
            string requestId, string? clientRequestId, ConcurrentQueue<(BatchItem, GraphResponse)> done, CancellationToken cancellationToken)
        {
            GraphResponse response;
            var results = await Task.WhenAll(dependencies).ConfigureAwait(false);
            if (results.Any(r => r.Status >= 400))
            {
                response = GraphResponse.Error(new GraphException(424, "FailedDependency", "The request was not run because a request it depends on failed."), requestId, clientRequestId);
            }
            else if (item.Invalid != null)
            {
                response = GraphResponse.Error(item.Invalid, requestId, clientRequestId);
            }
            else
            {
                await parallel.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var inner = new GraphRequest(item.Method, item.Segments, item.Headers, item.Body, serviceRoot, item.Query);
                    response = await ExecuteAsync(inner, caller, requestId, clientRequestId, applyLatency: false, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    parallel.Release();
                }
            }

            done.Enqueue((item, response));
            return response;
        }

        private static List<BatchItem> ParseBatch(GraphRequest request)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(request.Body ?? Array.Empty<byte>());
            }
            catch (JsonException)
            {
                throw GraphException.BadRequest("BadRequest", "Invalid batch payload format.");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object ||
                    !document.RootElement.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
                {
                    throw GraphException.BadRequest("BadRequest", "Invalid batch payload format.");
                }

                if (requests.GetArrayLength() > MaxBatchRequests)
                {
                    throw GraphException.BadRequest("BadRequest", "Number of batch request steps exceeds the maximum of 20.");
                }

                var items = new List<BatchItem>();
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var element in requests.EnumerateArray())
                {
                    var item = BatchItem.Parse(element);
                    if (!ids.Add(item.Id))
                    {
                        throw GraphException.BadRequest("BadRequest", "Batch request id '" + item.Id + "' is duplicated.");
                    }

                    foreach (var dependency in item.DependsOn)
                    {
                        // Only earlier requests can be depended on, which also rules out cycles.
                        if (!ids.Contains(dependency) || dependency == item.Id)
                        {
                            throw GraphException.BadRequest("BadRequest", "Batch request '" + item.Id + "' depends on '" + dependency + "', which is not an earlier request of the batch.");
                        }
                    }

                    items.Add(item);
                }

                return items;
            }
        }

        private static string? Single(HttpHeaders headers, string name) =>
            headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        private sealed class BatchItem
        {
            private BatchItem(string id)
            {
                Id = id;
            }

            public string Id { get; }

            public string Method { get; private set; } = "GET";

            public List<string> Segments { get; private set; } = new List<string>();

            public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public byte[]? Body { get; private set; }

            /// <summary>The inner URL's query string (OData options apply inside $batch too).</summary>
            public string? Query { get; private set; }

            public List<string> DependsOn { get; } = new List<string>();

            /// <summary>Set when this one request is malformed: it fails alone, with this error.</summary>
            public GraphException? Invalid { get; private set; }

            public static BatchItem Parse(JsonElement element)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("id", out var idElement) ||
                    (idElement.ValueKind != JsonValueKind.String && idElement.ValueKind != JsonValueKind.Number))
                {
                    throw GraphException.BadRequest("BadRequest", "Every batch request needs an id.");
                }

                var item = new BatchItem(idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : idElement.GetRawText());
                if (element.TryGetProperty("dependsOn", out var depends) && depends.ValueKind == JsonValueKind.Array)
                {
                    item.DependsOn.AddRange(depends.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.String ? d.GetString()! : d.GetRawText()));
                }

                var method = GraphJson.String(element, "method");
                var url = GraphJson.String(element, "url");
                if (string.IsNullOrEmpty(method) || string.IsNullOrEmpty(url))
                {
                    item.Invalid = GraphException.BadRequest("BadRequest", "A batch request needs a method and a url.");
                    return item;
                }

                item.Method = method!.ToUpperInvariant();
                if (url!.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
                {
                    item.Invalid = GraphException.BadRequest("BadRequest", "The url of a batch request must be relative, e.g. /users/{id}/calendar.");
                    return item;
                }

                var question = url.IndexOf('?');
                var path = question < 0 ? url : url.Substring(0, question);
                item.Query = question < 0 ? null : url.Substring(question + 1);
                item.Segments = GraphRequest.Split(path);
                if (item.Segments.Count > 0 && string.Equals(item.Segments[0], "v1.0", StringComparison.OrdinalIgnoreCase))
                {
                    item.Segments.RemoveAt(0);
                }

                if (element.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
                {
                    foreach (var header in headers.EnumerateObject())
                    {
                        item.Headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
                    }
                }

                if (element.TryGetProperty("body", out var body) && body.ValueKind != JsonValueKind.Null)
                {
                    if (!item.Headers.TryGetValue("Content-Type", out var contentType))
                    {
                        item.Invalid = GraphException.BadRequest("BadRequest", "A batch request with a body must have a Content-Type header.");
                        return item;
                    }

                    if (body.ValueKind == JsonValueKind.String && contentType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
                    {
                        try
                        {
                            item.Body = Convert.FromBase64String(body.GetString()!); // a non-JSON body travels base64-encoded
                        }
                        catch (FormatException)
                        {
                            item.Invalid = GraphException.BadRequest("BadRequest", "The body of a batch request with a non-JSON Content-Type must be base64.");
                        }
                    }
                    else
                    {
                        item.Body = Encoding.UTF8.GetBytes(body.GetRawText());
                    }
                }

                return item;
            }
        }
    }
}
