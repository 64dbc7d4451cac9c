using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Sends EWS operations: builds the envelope, sets the headers, authenticates, retries what the server
    /// says may pass (ErrorServerBusy with BackOffMilliseconds, 503/429 with Retry-After, transient codes),
    /// and turns request-level failures into typed <see cref="EwsException"/>s. Per-item results are values.
    /// </summary>
    internal sealed class EwsClient : IDisposable
    {
        private readonly EwsConnectionOptions options;
        private readonly HttpClient http;
        private readonly bool ownHandler;
        private readonly AdaptiveConcurrencyLimiter gate;
        private int requestCounter;

        public EwsClient(EwsConnectionOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            ValidateOptions(options);
            ManagedNtlm.EnsureWhereNeeded();
            HttpMessageHandler handler;
            if (options.Handler != null)
            {
                handler = options.Handler;
            }
            else
            {
                handler = CreateDefaultHandler(options);
                ownHandler = true;
            }

            http = new HttpClient(handler, disposeHandler: ownHandler) { Timeout = options.RequestTimeout };
            gate = new AdaptiveConcurrencyLimiter(options.MaxConcurrency);
        }

        /// <summary>What the last answer's header said about the server.</summary>
        public EwsServerVersion? ServerVersion { get; private set; }

        /// <summary>The user name shown in messages (never a secret).</summary>
        public string UserText => options.Credential?.UserName is { Length: > 0 } u
            ? (string.IsNullOrEmpty(options.Credential.Domain) ? u : options.Credential.Domain + "\\" + u)
            : options.Authentication == EwsAuthentication.OAuth ? "(OAuth token)" : "(current Windows user)";

        private static void ValidateOptions(EwsConnectionOptions options)
        {
            if (options.Url == null || !options.Url.IsAbsoluteUri)
            {
                throw new ArgumentException("The EWS URL must be absolute, such as https://mail.contoso.com/EWS/Exchange.asmx.", nameof(options));
            }

            var https = string.Equals(options.Url.Scheme, "https", StringComparison.OrdinalIgnoreCase);
            if (!https && (options.Authentication == EwsAuthentication.Basic || options.Authentication == EwsAuthentication.OAuth))
            {
                throw new ArgumentException(
                    $"{options.Authentication} authentication sends the secret with every request and is refused over plain http ({options.Url.GetLeftPart(UriPartial.Authority)}). Use an https:// EWS URL.",
                    nameof(options));
            }

            if (options.Authentication == EwsAuthentication.Basic && options.Credential == null)
            {
                throw new ArgumentException("Basic authentication needs a credential.", nameof(options));
            }

            if (options.Authentication == EwsAuthentication.OAuth && options.AccessTokenProvider == null)
            {
                throw new ArgumentException("OAuth authentication needs an AccessTokenProvider.", nameof(options));
            }
        }

        private static HttpMessageHandler CreateDefaultHandler(EwsConnectionOptions options)
        {
            if (options.ServerCertificateValidation == null && options.SkipCertificateCheck)
            {
                options.Warning?.Invoke(Texts.Format(nameof(Texts.Warning_EwsCertificateNotChecked), options.Url.GetLeftPart(UriPartial.Authority)));
            }

            return CreateHandler(options.Url, options, sendCredentials: true);
        }

        /// <summary>
        /// The transport every request of ours goes through (EWS and autodiscover): TLS 1.2 or later only, no automatic
        /// redirects, the platform's certificate check unless the options say otherwise, and NTLM/Negotiate credentials
        /// registered for <paramref name="url"/> only (a CredentialCache entry, so a redirect elsewhere gets none).
        /// Basic and OAuth are sent by the caller as a header on each request.
        /// </summary>
        internal static HttpClientHandler CreateHandler(Uri url, EwsConnectionOptions options, bool sendCredentials)
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                PreAuthenticate = false,
                AllowAutoRedirect = false,
                UseCookies = true,
            };

            try
            {
                // Tls13 is 12288; the enum member is not in netstandard2.0. TLS 1.0/1.1 are never offered.
                handler.SslProtocols = SslProtocols.Tls12 | (SslProtocols)12288;
            }
            catch (PlatformNotSupportedException)
            {
                handler.SslProtocols = SslProtocols.Tls12;
            }

            if (options.ServerCertificateValidation != null)
            {
                var callback = options.ServerCertificateValidation;
                handler.ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => callback(request, certificate, chain, errors);
            }
            else if (options.SkipCertificateCheck)
            {
                handler.ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => true;
            }

            handler.UseDefaultCredentials = false;
            if (!sendCredentials)
            {
                return handler;
            }

            switch (options.Authentication)
            {
                case EwsAuthentication.Ntlm:
                case EwsAuthentication.Negotiate:
                case EwsAuthentication.Default:
                    if (options.Credential != null)
                    {
                        var credential = SplitDomain(options.Credential);
                        var cache = new CredentialCache();
                        if (options.Authentication != EwsAuthentication.Ntlm)
                        {
                            cache.Add(url, "Negotiate", credential);
                        }

                        if (options.Authentication != EwsAuthentication.Negotiate)
                        {
                            cache.Add(url, "NTLM", credential);
                        }

                        handler.Credentials = cache;
                    }
                    else
                    {
                        handler.UseDefaultCredentials = true;
                    }

                    break;
            }

            return handler;
        }

        /// <summary>NTLM and Kerberos want DOMAIN\user as user + domain; the password stays a SecureString.</summary>
        internal static NetworkCredential SplitDomain(NetworkCredential credential)
        {
            var user = credential.UserName ?? string.Empty;
            var slash = user.IndexOf('\\');
            if (slash <= 0 || !string.IsNullOrEmpty(credential.Domain))
            {
                return credential;
            }

            return new NetworkCredential(user.Substring(slash + 1), credential.SecurePassword, user.Substring(0, slash));
        }

        /// <summary>Sends one operation with retries; returns what its reader made of the answer.</summary>
        public async Task<TResult> ExecuteAsync<TResult>(EwsOperation<TResult> operation, CancellationToken cancellationToken)
        {
            if (!EwsVersions.AtLeast(options.RequestServerVersion, operation.MinimumVersion))
            {
                throw new EwsRequestRejectedException(EwsResponseCodes.ErrorInvalidServerVersion, Texts.Format(nameof(Texts.Error_EwsServerVersionTooOld), operation.Name, operation.MinimumVersion, options.RequestServerVersion));
            }

            var header = new EwsRequestHeader(options.RequestServerVersion)
            {
                ImpersonatedSmtpAddress = options.UseImpersonation ? operation.TargetMailbox : null,
            };
            var body = EwsEnvelopeWriter.Write(header, operation.WriteRequest());
            var budget = new RetryBudget(options.Retry);
            var lastWasBusy = false;
            var authRetryUsed = false;
            var mailbox = operation.TargetMailbox ?? "(own)";

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var attempt = budget.Attempts;
                var outcome = await SendOnceAsync(operation.Name, mailbox, attempt, operation.TargetMailbox, body, cancellationToken).ConfigureAwait(false);

                TimeSpan? hint = null;
                EwsException failure;
                switch (outcome.Kind)
                {
                    case OutcomeKind.Envelope:
                        var envelope = outcome.Envelope!;
                        if (envelope.ServerVersion != null)
                        {
                            ServerVersion = envelope.ServerVersion;
                        }

                        if (envelope.Fault == null)
                        {
                            try
                            {
                                return operation.ReadResponse(envelope.Payload!);
                            }
                            catch (EwsProtocolException)
                            {
                                throw;
                            }
                            catch (Exception ex) when (ex is FormatException || ex is InvalidOperationException || ex is ArgumentException)
                            {
                                throw new EwsProtocolException($"{operation.Name}: the server's answer could not be read: {ex.Message}", ex);
                            }
                        }

                        var fault = envelope.Fault;
                        var code = fault.ResponseCode ?? EwsResponseCodes.ErrorInternalServerError;
                        if (code == EwsResponseCodes.ErrorServerBusy)
                        {
                            lastWasBusy = true;
                            // At least what the server asked for, plus a spread that grows per attempt: a crowd of
                            // requests throttled together must not all come back in the same millisecond.
                            hint = fault.BackOffMilliseconds is int ms ? TimeSpan.FromMilliseconds(ms) + Spread(attempt) : (TimeSpan?)null;
                            failure = new EwsServerBusyException(Texts.Format(nameof(Texts.Error_EwsServerBusy), Host, operation.Name, mailbox, fault.Text), fault.BackOffMilliseconds);
                        }
                        else
                        {
                            lastWasBusy = false;
                            var text = $"{operation.Name} for {mailbox} failed on {Host}: {code}: {fault.Text}";
                            if (fault.Line.HasValue)
                            {
                                text += $" (line {fault.Line}, position {fault.Position})";
                            }

                            failure = EwsErrorMap.Fault(code, text + outcome.CasSuffix);
                            if (!EwsErrorMap.IsTransient(code))
                            {
                                throw failure;
                            }
                        }

                        break;

                    case OutcomeKind.Unauthorized:
                        failure = new EwsAuthenticationException(
                            $"The server {Host} refused the credentials of {UserText} ({options.Authentication} authentication, HTTP 401){outcome.CasSuffix}. Check the user name and password, and that the account may use EWS.");
                        if (!(lastWasBusy && !authRetryUsed))
                        {
                            throw failure;
                        }

                        // Some servers answer 401 with connection: close while throttling (STYLE 5): one more try.
                        authRetryUsed = true;
                        lastWasBusy = false;
                        break;

                    default:
                        lastWasBusy = outcome.Status == 429;
                        hint = outcome.RetryAfter;
                        failure = outcome.Failure!;
                        if (!(outcome.Status == 503 || outcome.Status == 429 || (outcome.Kind == OutcomeKind.ConnectionFailed && outcome.Retryable && operation.RetryWhenOutcomeUnknown)))
                        {
                            throw failure;
                        }

                        break;
                }

                if (!budget.TryNextAttempt(hint, out var delay))
                {
                    Trace($"{operation.Name} {mailbox} giving up after {attempt} attempts ({budget.TotalWaited.TotalMilliseconds:0} ms waited): {failure.ServerCode}");
                    throw failure;
                }

                Trace($"{operation.Name} {mailbox} retry {attempt + 1} in {delay.TotalMilliseconds:0} ms after {failure.ServerCode ?? failure.Code.ToString()}");
                await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private TimeSpan Spread(int attempt)
        {
            double random;
            lock (Jitter)
            {
                random = Jitter.NextDouble();
            }

            var ceiling = options.Retry.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 10));
            return TimeSpan.FromMilliseconds(Math.Min(random * ceiling, options.Retry.MaxDelay.TotalMilliseconds));
        }

        private static readonly Random Jitter = new Random();

        private string Host => options.Url.GetLeftPart(UriPartial.Authority);

        private enum OutcomeKind
        {
            Envelope,
            Unauthorized,
            HttpFailure,
            ConnectionFailed,
        }

        private sealed class SendOutcome
        {
            public OutcomeKind Kind { get; set; }

            public int Status { get; set; }

            public EwsResponseEnvelope? Envelope { get; set; }

            public TimeSpan? RetryAfter { get; set; }

            public EwsException? Failure { get; set; }

            public string CasSuffix { get; set; } = string.Empty;

            /// <summary>False for failures another try cannot cure (an untrusted server certificate).</summary>
            public bool Retryable { get; set; } = true;
        }

        private async Task<SendOutcome> SendOnceAsync(string name, string mailbox, int attempt, string? anchor, string body, CancellationToken cancellationToken)
        {
            // In flight: never more than the server has lately accepted (ErrorServerBusy, 429 and 503 halve the limit).
            var lease = await gate.AcquireAsync(cancellationToken).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            try
            {
                using (var request = await BuildRequestAsync(body, anchor, cancellationToken).ConfigureAwait(false))
                {
                    Trace($"{name} {mailbox} request attempt {attempt}");
                    HttpResponseMessage response;
                    try
                    {
                        response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException || ex is IOException)
                    {
                        var timedOut = ex is OperationCanceledException;
                        var tls = Innermost(ex) is AuthenticationException || ex is HttpRequestException && ex.InnerException is AuthenticationException;
                        Trace($"{name} {mailbox} {(timedOut ? "timeout" : "connection failure")} {watch.ElapsedMilliseconds} ms attempt {attempt}");
                        return new SendOutcome
                        {
                            Kind = OutcomeKind.ConnectionFailed,
                            Retryable = !tls,
                            Failure = new EwsConnectionException(
                                timedOut
                                    ? $"{name}: the server {Host} did not answer within {options.RequestTimeout.TotalSeconds:0} s."
                                    : tls
                                        ? $"{name}: the TLS handshake with {Host} failed ({Innermost(ex).Message}). Check the server certificate, or pass a certificate check."
                                        : $"{name}: could not reach {Host}: {Innermost(ex).Message}",
                                ex),
                        };
                    }

                    using (response)
                    {
                        var status = (int)response.StatusCode;
                        var text = await ReadBodyAsync(response).ConfigureAwait(false);
                        Trace($"{name} {mailbox} HTTP {status} {watch.ElapsedMilliseconds} ms attempt {attempt}");
                        var cas = response.Headers.TryGetValues("X-CasErrorCode", out var casValues) ? string.Join(",", casValues) : null;
                        var outcome = new SendOutcome { Status = status, CasSuffix = cas == null ? string.Empty : $" (X-CasErrorCode: {cas})" };

                        if (status == 401)
                        {
                            outcome.Kind = OutcomeKind.Unauthorized;
                            return outcome;
                        }

                        if ((status == 200 || status == 500) && LooksLikeXml(text))
                        {
                            EwsResponseEnvelope envelope;
                            try
                            {
                                envelope = EwsEnvelopeReader.Read(text);
                            }
                            catch (EwsProtocolException) when (status == 500)
                            {
                                envelope = null!;
                            }

                            if (envelope != null)
                            {
                                outcome.Kind = OutcomeKind.Envelope;
                                if (envelope.Fault?.ResponseCode == EwsResponseCodes.ErrorServerBusy)
                                {
                                    lease.BackOff();
                                }

                                outcome.Envelope = envelope;
                                return outcome;
                            }
                        }

                        outcome.Kind = OutcomeKind.HttpFailure;
                        if (status == 429 || status == 503)
                        {
                            lease.BackOff();
                        }

                        outcome.RetryAfter = RetryAfter(response);
                        var reason = status == 503 ? "is unavailable (HTTP 503)"
                            : status == 429 ? "throttled the request (HTTP 429)"
                            : $"answered HTTP {status} {response.ReasonPhrase}";
                        outcome.Failure = new EwsHttpException(status, $"{name} for {mailbox}: the server {Host} {reason}{outcome.CasSuffix}.");
                        return outcome;
                    }
                }
            }
            finally
            {
                lease.Dispose();
            }
        }

        private async Task<HttpRequestMessage> BuildRequestAsync(string body, string? anchor, CancellationToken cancellationToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, options.Url)
            {
                Content = new StringContent(body, new UTF8Encoding(false), "text/xml"),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/xml"));
            if (!ownHandler)
            {
                // Our own handler decompresses itself (and sends this header); a supplied one may not.
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("deflate"));
            }

            var requestId = Guid.NewGuid().ToString();
            request.Headers.TryAddWithoutValidation("client-request-id", requestId);
            request.Headers.TryAddWithoutValidation("return-client-request-id", "true");
            var anchorMailbox = anchor ?? OwnSmtp();
            if (!string.IsNullOrEmpty(anchorMailbox))
            {
                request.Headers.TryAddWithoutValidation("X-AnchorMailbox", anchorMailbox);
            }

            Interlocked.Increment(ref requestCounter);
            await ApplyAuthorizationAsync(request, options, cancellationToken).ConfigureAwait(false);
            return request;
        }

        /// <summary>Basic and OAuth: the Authorization header of one request (NTLM/Negotiate are answered by the handler).</summary>
        internal static async Task ApplyAuthorizationAsync(HttpRequestMessage request, EwsConnectionOptions options, CancellationToken cancellationToken)
        {
            switch (options.Authentication)
            {
                case EwsAuthentication.Basic:
                    var cred = options.Credential!;
                    var user = string.IsNullOrEmpty(cred.Domain) ? cred.UserName : cred.Domain + "\\" + cred.UserName;
                    var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + cred.Password));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
                    break;
                case EwsAuthentication.OAuth:
                    var bearer = await options.AccessTokenProvider!(cancellationToken).ConfigureAwait(false);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                    break;
            }
        }

        private string? OwnSmtp()
        {
            var name = options.Credential?.UserName;
            return SmtpAddress.IsValid(name) ? name : null;
        }

        private static async Task<string> ReadBodyAsync(HttpResponseMessage response)
        {
            if (response.Content == null)
            {
                return string.Empty;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var encoding = response.Content.Headers.ContentEncoding;
            if (encoding.Contains("gzip", StringComparer.OrdinalIgnoreCase) || encoding.Contains("deflate", StringComparer.OrdinalIgnoreCase))
            {
                var gzip = encoding.Contains("gzip", StringComparer.OrdinalIgnoreCase);
                using (var input = new MemoryStream(bytes))
                using (Stream decompressor = gzip ? new GZipStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress))
                using (var output = new MemoryStream())
                {
                    await decompressor.CopyToAsync(output).ConfigureAwait(false);
                    bytes = output.ToArray();
                }
            }

            var charset = response.Content.Headers.ContentType?.CharSet;
            Encoding textEncoding = Encoding.UTF8;
            if (!string.IsNullOrEmpty(charset))
            {
                try
                {
                    textEncoding = Encoding.GetEncoding(charset!.Trim('"'));
                }
                catch (ArgumentException)
                {
                }
            }

            var text = textEncoding.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        }

        private static bool LooksLikeXml(string text)
        {
            var trimmed = text.TrimStart();
            return trimmed.StartsWith("<", StringComparison.Ordinal);
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var retry = response.Headers.RetryAfter;
            if (retry == null)
            {
                return null;
            }

            if (retry.Delta.HasValue)
            {
                return retry.Delta.Value;
            }

            if (retry.Date.HasValue)
            {
                var d = retry.Date.Value - DateTimeOffset.UtcNow;
                return d > TimeSpan.Zero ? d : TimeSpan.Zero;
            }

            return null;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }

        private void Trace(string line) => options.Trace?.Invoke("EWS " + line);

        public void Dispose()
        {
            http.Dispose();
        }
    }
}
