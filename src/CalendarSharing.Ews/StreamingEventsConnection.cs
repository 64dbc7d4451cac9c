using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// One GetStreamingEvents hanging request: POSTed like any EWS request, answered by one HTTP 200 response with
    /// Transfer-Encoding chunked whose body is whole SOAP envelopes one after another, read as they arrive, never waiting
    /// for the end (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-stream-notifications-about-mailbox-events-by-using-ews-in-exchange).
    /// It has its own HttpClient (no overall timeout, headers-read completion) over the connection's handler, because
    /// <see cref="EwsClient"/> reads whole answers. Silence longer than the idle timeout counts as a dropped connection
    /// (the idle timeout is this module's choice; an open connection carries GetStreamingEvents messages with a
    /// ConnectionStatus, https://learn.microsoft.com/exchange/client-developer/web-service-reference/connectionstatus).
    /// </summary>
    internal sealed class StreamingEventsConnection : IDisposable
    {
        // The end of one envelope, whatever prefix the server gives the SOAP namespace.
        private static readonly Regex EnvelopeEnd = new Regex(@"</(?:[A-Za-z_][\w.\-]*:)?Envelope\s*>", RegexOptions.CultureInvariant);

        private readonly HttpClient http;
        private readonly HttpResponseMessage response;
        private readonly Stream body;
        private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
        private readonly StringBuilder pending = new StringBuilder();
        private readonly byte[] buffer = new byte[16 * 1024];
        private readonly char[] chars = new char[16 * 1024 + 4];
        private readonly TimeSpan idleTimeout;
        private bool ended;

        private StreamingEventsConnection(HttpClient http, HttpResponseMessage response, Stream body, TimeSpan idleTimeout)
        {
            this.http = http;
            this.response = response;
            this.body = body;
            this.idleTimeout = idleTimeout;
        }

        /// <summary>
        /// Sends GetStreamingEvents and returns once the response headers are in. Request-level failures are thrown as the
        /// EwsClient throws them (401 → EwsAuthenticationException, SOAP fault → EwsFaultException, other HTTP → EwsHttpException,
        /// unreachable → EwsConnectionException).
        /// </summary>
        public static async Task<StreamingEventsConnection> OpenAsync(EwsConnectionOptions options, GetStreamingEventsOperation operation, TimeSpan idleTimeout, CancellationToken cancellationToken)
        {
            var handler = options.Handler ?? EwsClient.CreateHandler(options.Url, options, sendCredentials: true);
            var http = new HttpClient(handler, disposeHandler: options.Handler == null) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            try
            {
                var header = new EwsRequestHeader(options.RequestServerVersion)
                {
                    ImpersonatedSmtpAddress = options.UseImpersonation ? operation.TargetMailbox : null,
                };
                var request = new HttpRequestMessage(HttpMethod.Post, options.Url)
                {
                    Content = new StringContent(EwsEnvelopeWriter.Write(header, operation.WriteRequest()), new UTF8Encoding(false), "text/xml"),
                };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/xml"));
                request.Headers.TryAddWithoutValidation("client-request-id", Guid.NewGuid().ToString());
                request.Headers.TryAddWithoutValidation("return-client-request-id", "true");
                if (!string.IsNullOrEmpty(operation.TargetMailbox))
                {
                    request.Headers.TryAddWithoutValidation("X-AnchorMailbox", operation.TargetMailbox);
                }

                await EwsClient.ApplyAuthorizationAsync(request, options, cancellationToken).ConfigureAwait(false);
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException)
                {
                    throw new EwsConnectionException(Texts.Format(nameof(Texts.Error_StreamingUnreachable), options.Url.GetLeftPart(UriPartial.Authority), ex.Message), ex);
                }

                var status = (int)response.StatusCode;
                if (status == 401)
                {
                    response.Dispose();
                    throw new EwsAuthenticationException(Texts.Format(nameof(Texts.Error_StreamingRefused), options.Url.GetLeftPart(UriPartial.Authority)));
                }

                if (status != 200)
                {
                    var text = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    response.Dispose();
                    if (status == 500 && text.TrimStart().StartsWith("<", StringComparison.Ordinal))
                    {
                        var envelope = EwsEnvelopeReader.Read(text);
                        if (envelope.Fault != null)
                        {
                            var code = envelope.Fault.ResponseCode ?? EwsResponseCodes.ErrorInternalServerError;
                            throw EwsErrorMap.Fault(code, $"GetStreamingEvents failed: {code}: {envelope.Fault.Text}");
                        }
                    }

                    throw new EwsHttpException(status, Texts.Format(nameof(Texts.Error_StreamingHttp), options.Url.GetLeftPart(UriPartial.Authority), status, response.ReasonPhrase));
                }

                var stream = await response.Content!.ReadAsStreamAsync().ConfigureAwait(false);
                return new StreamingEventsConnection(http, response, stream, idleTimeout);
            }
            catch
            {
                http.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The next envelope of the stream, read as a GetStreamingEvents part; null when the server ended the response.
        /// Throws EwsConnectionException when the connection broke or stayed silent past the idle timeout.
        /// </summary>
        public async Task<EwsStreamingPart?> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var match = EnvelopeEnd.Match(pending.ToString());
                if (match.Success)
                {
                    var end = match.Index + match.Length;
                    var text = pending.ToString(0, end);
                    pending.Remove(0, end);
                    var envelope = EwsEnvelopeReader.Read(text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t'));
                    if (envelope.Fault != null)
                    {
                        var code = envelope.Fault.ResponseCode ?? EwsResponseCodes.ErrorInternalServerError;
                        throw EwsErrorMap.Fault(code, $"GetStreamingEvents failed: {code}: {envelope.Fault.Text}");
                    }

                    return GetStreamingEventsOperation.ReadPart(envelope.Payload!);
                }

                if (ended)
                {
                    if (pending.ToString().Trim().Length > 0)
                    {
                        throw new EwsConnectionException("GetStreamingEvents: the connection ended in the middle of a notification.", null);
                    }

                    return null;
                }

                int read;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    idle.CancelAfter(idleTimeout);
                    try
                    {
                        read = await body.ReadAsync(buffer, 0, buffer.Length, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (OperationCanceledException ex)
                    {
                        throw new EwsConnectionException(Texts.Format(nameof(Texts.Error_StreamingSilent), idleTimeout.TotalSeconds), ex);
                    }
                    catch (Exception ex) when (ex is IOException || ex is HttpRequestException || ex is ObjectDisposedException)
                    {
                        throw new EwsConnectionException("GetStreamingEvents: the connection was dropped: " + ex.Message, ex);
                    }
                }

                if (read == 0)
                {
                    ended = true;
                    var tail = decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
                    pending.Append(chars, 0, tail);
                    continue;
                }

                var n = decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                pending.Append(chars, 0, n);
            }
        }

        public void Dispose()
        {
            body.Dispose();
            response.Dispose();
            http.Dispose();
        }
    }
}
