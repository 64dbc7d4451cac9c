using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.AdminRest
{
    /// <summary>
    /// Our client for the Exchange Online admin API (InvokeCommand), over HttpClient: runs one Exchange cmdlet per
    /// call with the headers the ExchangeOnlineManagement module sends (json response format), follows
    /// @odata.nextLink by POSTing the same body and headers, and retries 429 (Retry-After), 503/504 and the
    /// module's transient exception types within a budget. The bearer token goes only into the Authorization header.
    /// </summary>
    public sealed class AdminRestClient : IExchangeCommandExecutor, IDisposable
    {
        private readonly AdminRestOptions options;
        private readonly HttpClient http;
        private readonly string connectionId = Guid.NewGuid().ToString();

        public AdminRestClient(AdminRestOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            if (string.IsNullOrWhiteSpace(options.Tenant))
            {
                throw new ArgumentException("The admin API needs the tenant (its id or initial domain).", nameof(options));
            }

            if (options.AccessTokenProvider == null)
            {
                throw new ArgumentException("The admin API needs an access token provider.", nameof(options));
            }

            if (!string.Equals(options.BaseUrl.Scheme, "https", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("The admin API is reached over https only (a bearer token is never sent in the clear).", nameof(options));
            }

            http = options.Handler == null ? new HttpClient() : new HttpClient(options.Handler, disposeHandler: false);
            http.Timeout = options.Timeout;
        }

        public ExchangeFlavor Flavor => ExchangeFlavor.Online;

        /// <summary>POST {BaseUrl}{Tenant}/InvokeCommand.</summary>
        public Uri InvokeCommandUrl => new Uri(new Uri(options.BaseUrl.ToString().TrimEnd('/') + "/"), Uri.EscapeDataString(options.Tenant) + "/InvokeCommand");

        public async Task<ExchangeCommandResult> InvokeAsync(ExchangeCommand command, CancellationToken cancellationToken)
        {
            if (command == null)
            {
                throw new ArgumentNullException(nameof(command));
            }

            var body = AdminRestWire.WriteRequest(command);
            var requestId = Guid.NewGuid().ToString();
            var objects = new List<IReadOnlyDictionary<string, object?>>();
            var warnings = new List<string>();
            var url = InvokeCommandUrl;
            for (var page = 1; ; page++)
            {
                var result = await SendAsync(url, command, body, requestId, cancellationToken).ConfigureAwait(false);
                objects.AddRange(result.Objects);
                warnings.AddRange(result.Warnings.Where(w => result.NextLink == null || !w.StartsWith(AdminRestWire.MoreResultsWarning, StringComparison.Ordinal)));
                if (result.NextLink == null)
                {
                    break;
                }

                if (page >= options.MaxPages || !Uri.TryCreate(result.NextLink, UriKind.Absolute, out var next) || next.Scheme != Uri.UriSchemeHttps)
                {
                    warnings.Add($"{command.Name}: output truncated after {page} page(s) of {options.PageSize}.");
                    break;
                }

                url = next;
            }

            return new ExchangeCommandResult(objects, warnings);
        }

        private async Task<AdminRestPage> SendAsync(Uri url, ExchangeCommand command, byte[] body, string requestId, CancellationToken cancellationToken)
        {
            var budget = new RetryBudget(options.Retry);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                BackendError error;
                TimeSpan? hint = null;
                using (var request = await BuildAsync(url, command, body, requestId, cancellationToken).ConfigureAwait(false))
                {
                    HttpResponseMessage response;
                    try
                    {
                        response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException ex)
                    {
                        error = new BackendError(BackendErrorCode.Connection, Texts.Format(nameof(Texts.Error_AdminApiUnreachable), command.Name, url.Host, ex.Message));
                        if (!Retry(budget, null, error, command, out var wait))
                        {
                            throw new BackendException(error, ex);
                        }

                        await RetryBudget.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new BackendException(new BackendError(BackendErrorCode.Transient, Texts.Format(nameof(Texts.Error_AdminApiTimeout), command.Name, options.Timeout.TotalSeconds)), ex);
                    }

                    using (response)
                    {
                        var bytes = response.Content == null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        var status = (int)response.StatusCode;
                        Trace($"{command.Name} -> HTTP {status} ({bytes.Length} bytes), request {requestId}");
                        if (response.IsSuccessStatusCode)
                        {
                            try
                            {
                                return AdminRestWire.ReadResponse(bytes);
                            }
                            catch (System.Text.Json.JsonException ex)
                            {
                                throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_AdminApiNotJson), command.Name, ex.Message)), ex);
                            }
                        }

                        error = AdminRestWire.ReadError(status, bytes, command.Name);
                        hint = RetryAfter(response);
                        var retryable = status == 429 || status == 503 || status == 504 || (error.Code == BackendErrorCode.Transient && status >= 500) || AdminRestWire.IsTransientText(error.Message);
                        if (!retryable)
                        {
                            throw new BackendException(error);
                        }
                    }
                }

                if (!Retry(budget, hint, error, command, out var delay))
                {
                    throw new BackendException(error);
                }

                await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private bool Retry(RetryBudget budget, TimeSpan? hint, BackendError error, ExchangeCommand command, out TimeSpan delay)
        {
            if (!budget.TryNextAttempt(hint, out delay))
            {
                return false;
            }

            Trace($"{command.Name}: {error.Code} ({error.ServerCode}); attempt {budget.Attempts} after {delay.TotalMilliseconds:0} ms");
            return true;
        }

        private async Task<HttpRequestMessage> BuildAsync(Uri url, ExchangeCommand command, byte[] body, string requestId, CancellationToken cancellationToken)
        {
            var token = await options.AccessTokenProvider!(cancellationToken).ConfigureAwait(false);
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.TryAddWithoutValidation("Accept-Charset", "UTF-8");
            request.Headers.TryAddWithoutValidation("X-CmdletName", command.Name);
            request.Headers.TryAddWithoutValidation("client-request-id", requestId);
            request.Headers.TryAddWithoutValidation("connection-id", connectionId);
            request.Headers.TryAddWithoutValidation("X-ResponseFormat", "json");
            request.Headers.TryAddWithoutValidation("X-SerializationLevel", "Partial");
            request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=" + Math.Max(1, Math.Min(options.PageSize, 1000)).ToString(CultureInfo.InvariantCulture));

            // Parameter-based routing, as the module does for cmdlets whose Identity names a mailbox.
            if (command["Identity"] is string identity && SmtpAddress.IsValid(identity))
            {
                request.Headers.TryAddWithoutValidation("X-AnchorMailbox", "SMTP:" + identity);
                request.Headers.TryAddWithoutValidation("parameter-based-routing", "true");
            }
            else if (!string.IsNullOrEmpty(options.AnchorMailbox))
            {
                request.Headers.TryAddWithoutValidation("X-AnchorMailbox", options.AnchorMailbox);
            }

            return request;
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta)
            {
                return delta;
            }

            if (header?.Date is DateTimeOffset date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null;
        }

        private void Trace(string line) => options.Trace?.Invoke("AdminAPI " + line);

        public void Dispose() => http.Dispose();
    }
}
