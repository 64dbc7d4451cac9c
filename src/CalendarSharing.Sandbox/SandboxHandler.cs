using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Auth;
using CalendarSharing.Sandbox.Behaviour;
using CalendarSharing.Sandbox.Ews;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Graph;
using CalendarSharing.Sandbox.Identity;

namespace CalendarSharing.Sandbox
{
    /// <summary>
    /// The sandbox's endpoints as an HttpMessageHandler, routed by path on any host: Graph v1.0 (/v1.0/...), the Entra
    /// token endpoints (/{tenant}/oauth2/v2.0/token, IMDS), and EWS: POST /EWS/Exchange.asmx. Order of work, as a
    /// server does it: authenticate (401), parse, count, throttle (ErrorServerBusy), latency, transient faults
    /// (before any write), then the EWS processing itself.
    /// </summary>
    public sealed class SandboxHandler : HttpMessageHandler
    {
        /// <summary>Request property (HttpRequestMessage.Properties / Options) carrying the transport connection id.</summary>
        public const string ConnectionIdProperty = "CalendarSharing.ConnectionId";

        private const string EwsPath = "/EWS/Exchange.asmx";

        private readonly SandboxOrganization org;
        private readonly EwsProcessor processor;
        private readonly GraphEndpoint graph;
        private readonly TokenEndpoint identity;

        // In-process requests have no transport connection: one handler stands for one connection (NTLM state).
        private readonly string handlerConnectionId = "handler-" + Guid.NewGuid().ToString("N");

        private readonly SandboxEndpointOptions endpoint;

        internal SandboxHandler(SandboxOrganization org, SandboxEndpointOptions? endpoint = null)
        {
            this.org = org;
            this.endpoint = endpoint ?? new SandboxEndpointOptions();
            processor = new EwsProcessor(org);
            graph = new GraphEndpoint(org);
            identity = new TokenEndpoint(org);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await HandleAsync(request, cancellationToken).ConfigureAwait(false);
            response.RequestMessage = request;
            Authenticator.AddFinalToken(request, response); // SPNEGO's last leg rides on the authenticated answer

            // As Exchange: a request-id on every response, and the client's id echoed when it asks for it.
            if (!response.Headers.Contains("request-id"))
            {
                response.Headers.TryAddWithoutValidation("request-id", Guid.NewGuid().ToString());
            }

            if (!response.Headers.Contains("client-request-id") &&
                request.Headers.TryGetValues("client-request-id", out var clientIds) &&
                request.Headers.TryGetValues("return-client-request-id", out var echo) &&
                echo.Any(v => string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase)))
            {
                response.Headers.TryAddWithoutValidation("client-request-id", clientIds);
            }

            return response;
        }

        private async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The Exchange Online admin API (bearer tokens only): AdminRest/AdminRestEndpoint.cs.
            if (AdminRest.AdminRestEndpoint.Matches(request.RequestUri))
            {
                return await org.AdminRest.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            }


            // Routed by path, so every endpoint works on any host (in process and on SandboxHost alike).
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            if (GraphEndpoint.Matches(path))
            {
                return await graph.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (TokenEndpoint.Matches(path))
            {
                return await identity.HandleAsync(request).ConfigureAwait(false);
            }

            // Published calendars: anyone with the link, no authentication (Publishing/PublishedCalendarEndpoint.cs).
            if (Publishing.PublishedCalendarEndpoint.Matches(path))
            {
                return Publishing.PublishedCalendarEndpoint.Handle(org, request);
            }

            var isAutodiscover = path.StartsWith(AutodiscoverPrefix, StringComparison.OrdinalIgnoreCase);
            if (isAutodiscover && request.Method == HttpMethod.Get && endpoint.AutodiscoverRedirectLocation != null &&
                string.Equals(path, AutodiscoverPrefix + "autodiscover.xml", StringComparison.OrdinalIgnoreCase))
            {
                // The HTTP redirect method ([MS-OXDISCO] 3.1.5.4): answered without authentication.
                var redirect = new HttpResponseMessage(HttpStatusCode.Found) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                redirect.Headers.Location = endpoint.AutodiscoverRedirectLocation;
                return redirect;
            }

            var auth = org.Authenticator.Authenticate(request, ConnectionId(request), endpoint.AuthenticationSchemes);
            if (auth.Account == null)
            {
                return auth.Challenge!;
            }

            if (isAutodiscover)
            {
                return await AutodiscoverAsync(request, path, auth.Account).ConfigureAwait(false);
            }

            if (!string.Equals(path, EwsPath, StringComparison.OrdinalIgnoreCase))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent(Array.Empty<byte>()) };
            }

            if (!endpoint.EwsEnabled)
            {
                // What IIS/Exchange answers when EWS is turned off for the organisation or the user (EwsEnabled $false).
                var forbidden = new HttpResponseMessage(HttpStatusCode.Forbidden)
                {
                    Content = new StringContent(EwsDisabledBody, System.Text.Encoding.UTF8, "text/html"),
                };
                return forbidden;
            }

            if (request.Method != HttpMethod.Post)
            {
                var notAllowed = new HttpResponseMessage(HttpStatusCode.MethodNotAllowed) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                notAllowed.Content.Headers.Allow.Add("POST");
                return notAllowed;
            }

            var body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            XDocument document;
            try
            {
                document = Parse(body);
            }
            catch (XmlException ex)
            {
                org.CountRequest("(malformed)");
                return Fault(new EwsFaultException("ErrorSchemaValidation", "The request failed schema validation: " + ex.Message, new[]
                {
                    new KeyValuePair<string, string>("Line", ex.LineNumber.ToString(CultureInfo.InvariantCulture)),
                    new KeyValuePair<string, string>("Position", ex.LinePosition.ToString(CultureInfo.InvariantCulture)),
                }));
            }

            org.CountRequest(EwsProcessor.OperationName(document) ?? "(empty)");
            var caller = auth.Account;
            return await org.Behaviour.RunAsync(
                SandboxProtocol.Ews,
                caller.Address,
                applyLatency: true,
                operation: null, // EwsProcessor calls the concurrent-writer hook after its version and schema checks
                refusal =>
                {
                    switch (refusal)
                    {
                        case Refusal.Throttled:
                            return Fault(new EwsFaultException("ErrorServerBusy", null, null, new[]
                            {
                                new KeyValuePair<string, string>("BackOffMilliseconds", org.Options.BackOffMilliseconds.ToString(CultureInfo.InvariantCulture)),
                            }));
                        case Refusal.ServiceUnavailable:
                            var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                            unavailable.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                            return unavailable;
                        default:
                            return Fault(new EwsFaultException("ErrorInternalServerTransientError"));
                    }
                },
                () =>
                {
                    try
                    {
                        var answer = processor.Process(document, caller, out var streaming);
                        if (streaming != null)
                        {
                            // GetStreamingEvents: one chunked response of many envelopes (Ews/StreamingEnvelopeContent.cs).
                            var streamed = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamingEnvelopeContent(org, streaming) };
                            streamed.Headers.TransferEncodingChunked = true;
                            return Task.FromResult(streamed);
                        }

                        if (org.TakeLostResponse(EwsProcessor.OperationName(document)))
                        {
                            // Behaviour/LostResponses.cs: the request ran, its answer is lost on the way back.
                            throw new HttpRequestException("The connection was closed before the response was received (sandbox: response lost after the request ran).");
                        }

                        return Task.FromResult(Xml(HttpStatusCode.OK, answer!));
                    }
                    catch (EwsFaultException fault)
                    {
                        return Task.FromResult(Fault(fault));
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        private const string AutodiscoverPrefix = "/autodiscover/";

        private const string EwsDisabledBody =
            "<!DOCTYPE html><html><head><title>403 - Forbidden: Access is denied.</title></head><body><div id=\"header\"><h1>Server Error</h1></div>" +
            "<div id=\"content\"><h2>403 - Forbidden: Access is denied.</h2><h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>" +
            "<p>Exchange Web Services are not enabled for this mailbox or organization (EwsEnabled is False).</p></div></body></html>";

        private async Task<HttpResponseMessage> AutodiscoverAsync(HttpRequestMessage request, string path, SandboxAccount account)
        {
            var soap = path.EndsWith(".svc", StringComparison.OrdinalIgnoreCase);
            var pox = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);
            if (endpoint.Autodiscover == null || !(soap || pox))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent(Array.Empty<byte>()) };
            }

            if (request.Method != HttpMethod.Post)
            {
                var notAllowed = new HttpResponseMessage(HttpStatusCode.MethodNotAllowed) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                notAllowed.Content.Headers.Allow.Add("POST");
                return notAllowed;
            }

            var body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var address = Autodiscover.AutodiscoverResponder.ReadAddress(body, soap);
            if (string.IsNullOrEmpty(address))
            {
                return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new ByteArrayContent(Array.Empty<byte>()) };
            }

            org.CountRequest(soap ? "Autodiscover(SOAP)" : "Autodiscover(POX)");
            var reply = endpoint.Autodiscover(new SandboxAutodiscoverRequest(address!, request.RequestUri!, soap, account));
            switch (reply.Kind)
            {
                case "401":
                    return Authenticator.Unauthorized(endpoint.AuthenticationSchemes);
                case "404":
                    return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                case "302":
                    var found = new HttpResponseMessage(HttpStatusCode.Found) { Content = new ByteArrayContent(Array.Empty<byte>()) };
                    found.Headers.Location = new Uri(reply.Value!);
                    return found;
            }

            var display = org.FindAccount(address!)?.DisplayName ?? address!;
            var document = soap ? Autodiscover.AutodiscoverResponder.SoapAnswer(reply, org.Options.ServerVersion) : Autodiscover.AutodiscoverResponder.Pox(reply, address!, display);
            return Xml(HttpStatusCode.OK, document);
        }

        private string ConnectionId(HttpRequestMessage request)
        {
#pragma warning disable CS0618 // Properties is the netstandard2.0 name of what .NET 5+ calls Options (same dictionary).
            return request.Properties.TryGetValue(ConnectionIdProperty, out var value) && value is string id && id.Length > 0 ? id : handlerConnectionId;
#pragma warning restore CS0618
        }

        private static XDocument Parse(byte[] body)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using (var reader = XmlReader.Create(new MemoryStream(body), settings))
            {
                return XDocument.Load(reader, LoadOptions.SetLineInfo);
            }
        }

        // Faults have no EWS schema: strict mode checks only the envelope around them (types.xsd/messages.xsd define no
        // fault detail).
        private HttpResponseMessage Fault(EwsFaultException fault)
        {
            var document = SoapWriter.Fault(fault);
            if (org.Validator != null)
            {
                org.RecordViolations("fault " + fault.ResponseCode, org.Validator.ValidateEnvelope(document));
            }

            return Xml(HttpStatusCode.InternalServerError, document);
        }

        private static HttpResponseMessage Xml(HttpStatusCode status, XDocument document)
        {
            var content = new ByteArrayContent(SoapWriter.ToBytes(document));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            return new HttpResponseMessage(status) { Content = content };
        }
    }
}
