using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews.Autodiscover
{
    /// <summary>
    /// Finds a mailbox's EWS URL ([MS-OXDISCO] 3.1.5): for the mailbox's domain, SOAP then POX on
    /// https://domain and https://autodiscover.domain, then the unauthenticated plain-HTTP GET to
    /// http://autodiscover.domain looking for a 302 to an https URL, then DNS SRV <c>_autodiscover._tcp.domain</c>.
    /// Follows redirectAddr (restart with the new address) and redirectUrl / HTTP 302 (HTTPS only), at most
    /// <see cref="AutodiscoverOptions.MaxRedirects"/> hops, with loop detection; sends credentials only over HTTPS and
    /// only to the mailbox's domain and the hosts of <see cref="AutodiscoverOptions.AllowRedirectTo"/>; a 401 moves on
    /// to the next candidate. The SCP (Active Directory) step is skipped: it applies to domain-joined clients only.
    /// </summary>
    public sealed class AutodiscoverClient
    {
        private readonly AutodiscoverOptions options;

        public AutodiscoverClient(AutodiscoverOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
        }

        public async Task<AutodiscoverResult> DiscoverAsync(string emailAddress, CancellationToken cancellationToken)
        {
            var address = (emailAddress ?? string.Empty).Trim();
            var originalDomain = DomainOf(address)
                ?? throw new ArgumentException(Texts.Format(nameof(Texts.Error_AutodiscoverNotAnAddress), emailAddress), nameof(emailAddress));
            var run = new Run(originalDomain, options);

            if (options.Cache != null && options.Cache.TryGet(originalDomain, out var cached))
            {
                run.Step($"{originalDomain}: using the EWS URL found earlier in this session, {cached.EwsUrl} (from {cached.Endpoint})");
                return new AutodiscoverResult(cached.EwsUrl, address, cached.Endpoint, cached.Protocol, run.Steps) { FromCache = true };
            }

            var seenAddresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { address };
            while (true)
            {
                var outcome = await DiscoverAddressAsync(run, address, cancellationToken).ConfigureAwait(false);
                if (outcome.Result != null)
                {
                    options.Cache?.Set(originalDomain, outcome.Result);
                    return outcome.Result;
                }

                if (outcome.RestartWith == null)
                {
                    break;
                }

                if (!seenAddresses.Add(outcome.RestartWith))
                {
                    run.Step($"redirectAddr to {outcome.RestartWith} was already followed: a redirect loop; stopping");
                    break;
                }

                run.Step($"restarting with {outcome.RestartWith} (redirectAddr)");
                address = outcome.RestartWith;
            }

            var advice = run.Unauthorized > 0 && run.Unauthorized == run.Answered
                ? $" Every endpoint that answered refused the credentials ({run.Unauthorized} x HTTP 401): check the user name and password."
                : string.Empty;
            throw new AutodiscoverException(
                $"Autodiscover found no EWS URL for {emailAddress} after {run.Steps.Count} steps ({string.Join("; ", run.Steps)}).{advice} Give the EWS URL with -EwsUrl, such as https://mail.{originalDomain}/EWS/Exchange.asmx.",
                run.Steps,
                run.Unauthorized);
        }

        private async Task<Outcome> DiscoverAddressAsync(Run run, string address, CancellationToken cancellationToken)
        {
            var domain = DomainOf(address)!;
            run.Tried.Clear();

            foreach (var host in new[] { domain, "autodiscover." + domain })
            {
                var outcome = await TryHostAsync(run, host, address, cancellationToken).ConfigureAwait(false);
                if (outcome.IsFinal)
                {
                    return outcome;
                }
            }

            // The HTTP redirect method: an unauthenticated GET over plain HTTP, only a 302 to https is used.
            var probe = new Uri("http://autodiscover." + domain + "/autodiscover/autodiscover.xml");
            run.Step($"GET {probe} (plain HTTP, no credentials) for a redirect");
            var answer = await SendAsync(run, probe, HttpMethod.Get, null, soap: false, credentials: false, cancellationToken).ConfigureAwait(false);
            if (answer.Failure != null)
            {
                run.Step($"{probe.Host}: {answer.Failure}");
            }
            else if ((answer.Status == 301 || answer.Status == 302) && answer.Location != null)
            {
                var target = answer.Location;
                run.Step($"{probe.Host}: HTTP {answer.Status} to {target}");
                if (!IsHttps(target))
                {
                    run.Step($"refused the redirect to {target}: not HTTPS");
                }
                else
                {
                    run.Hop(target);
                    var outcome = await TryChainAsync(run, target, target.AbsolutePath.EndsWith(".svc", StringComparison.OrdinalIgnoreCase), address, cancellationToken).ConfigureAwait(false);
                    if (outcome.IsFinal)
                    {
                        return outcome;
                    }
                }
            }
            else
            {
                run.Step($"{probe.Host}: HTTP {answer.Status}, no redirect");
            }

            // DNS SRV: SSL targets (port 443) only, the highest priority (lowest number), then the highest weight.
            var srvName = "_autodiscover._tcp." + domain;
            IReadOnlyList<SrvRecord> records;
            try
            {
                records = await options.SrvResolver.ResolveAsync(srvName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is System.Net.Sockets.SocketException || ex is InvalidOperationException || ex is FormatException)
            {
                run.Step($"SRV {srvName}: {ex.Message}");
                records = Array.Empty<SrvRecord>();
            }

            var best = records.Where(r => r.Port == 443).OrderBy(r => r.Priority).ThenByDescending(r => r.Weight).FirstOrDefault();
            if (best != null)
            {
                var target = best.Target.TrimEnd('.');
                run.Step($"SRV {srvName}: {target}:443 (priority {best.Priority}, weight {best.Weight})");
                var outcome = await TryHostAsync(run, target, address, cancellationToken).ConfigureAwait(false);
                if (outcome.IsFinal)
                {
                    return outcome;
                }
            }
            else if (records.Count > 0)
            {
                run.Step($"SRV {srvName}: no record on port 443");
            }
            else
            {
                run.Step($"SRV {srvName}: no record");
            }

            return Outcome.NotFound;
        }

        private async Task<Outcome> TryHostAsync(Run run, string host, string address, CancellationToken cancellationToken)
        {
            foreach (var soap in new[] { true, false })
            {
                var url = new Uri("https://" + host + "/autodiscover/autodiscover." + (soap ? "svc" : "xml"));
                var outcome = await TryChainAsync(run, url, soap, address, cancellationToken).ConfigureAwait(false);
                if (outcome.IsFinal)
                {
                    return outcome;
                }

                if (outcome.HostUnreachable)
                {
                    break; // the same host will not answer the other protocol either
                }
            }

            return Outcome.NotFound;
        }

        /// <summary>One endpoint and the redirectUrl / HTTP 302 chain it starts.</summary>
        private async Task<Outcome> TryChainAsync(Run run, Uri url, bool soap, string address, CancellationToken cancellationToken)
        {
            var current = url;
            while (true)
            {
                var kind = soap ? "SOAP" : "POX";
                if (!IsHttps(current))
                {
                    run.Step($"refused {current}: credentials are sent over HTTPS only");
                    return Outcome.NotFound;
                }

                if (!run.IsTrusted(current.Host))
                {
                    run.Step($"refused {current}: {current.Host} is outside {run.OriginalDomain}; credentials are not sent there unless it is named in -AllowRedirectTo");
                    return Outcome.NotFound;
                }

                if (!run.Tried.Add(current.AbsoluteUri))
                {
                    run.Step($"{current} was already tried for {address}: a redirect loop; giving up on this endpoint");
                    return Outcome.NotFound;
                }

                run.Step($"POST {current} ({kind}) for {address}");
                var body = soap ? SoapAutodiscover.BuildRequest(address, current) : PoxAutodiscover.BuildRequest(address);
                var answer = await SendAsync(run, current, HttpMethod.Post, body, soap, credentials: true, cancellationToken).ConfigureAwait(false);
                if (answer.Failure != null)
                {
                    run.Step($"{current.Host}: {answer.Failure}");
                    return new Outcome { HostUnreachable = true };
                }

                run.Answered++;
                if (answer.Status == 401)
                {
                    run.Unauthorized++;
                    run.Step($"{current.Host}: HTTP 401 (not fatal: trying the next candidate)");
                    return Outcome.NotFound;
                }

                if ((answer.Status == 301 || answer.Status == 302) && answer.Location != null)
                {
                    run.Step($"{current.Host}: HTTP {answer.Status} to {answer.Location}");
                    run.Hop(answer.Location);
                    current = answer.Location;
                    continue;
                }

                if (answer.Status != 200)
                {
                    run.Step($"{current.Host}: HTTP {answer.Status}");
                    return Outcome.NotFound;
                }

                AutodiscoverAnswer parsed;
                try
                {
                    parsed = soap ? SoapAutodiscover.Parse(answer.Body) : PoxAutodiscover.Parse(answer.Body);
                }
                catch (Exception ex) when (ex is FormatException || ex is System.Xml.XmlException)
                {
                    run.Step($"{current.Host}: the answer is not a {kind} autodiscover response ({ex.Message})");
                    return Outcome.NotFound;
                }

                switch (parsed.Kind)
                {
                    case AutodiscoverAnswerKind.Settings:
                        if (!Uri.TryCreate(parsed.EwsUrl, UriKind.Absolute, out var ews) || !IsHttps(ews))
                        {
                            run.Step($"{current.Host}: the EWS URL '{parsed.EwsUrl}' is not an https URL; ignored");
                            return Outcome.NotFound;
                        }

                        run.Step($"{current.Host}: EWS URL {ews} ({(string.IsNullOrEmpty(parsed.ExternalEwsUrl) ? "internal" : "external")})");
                        return new Outcome { Result = new AutodiscoverResult(ews, address, current, kind, run.Steps) };

                    case AutodiscoverAnswerKind.RedirectAddress:
                        if (string.IsNullOrEmpty(parsed.RedirectTarget) || DomainOf(parsed.RedirectTarget!) == null ||
                            string.Equals(parsed.RedirectTarget, address, StringComparison.OrdinalIgnoreCase))
                        {
                            run.Step($"{current.Host}: redirectAddr to '{parsed.RedirectTarget}' is no new address; endpoint ignored");
                            return Outcome.NotFound;
                        }

                        run.Step($"{current.Host}: redirectAddr to {parsed.RedirectTarget}");
                        run.Hop(null);
                        return new Outcome { RestartWith = parsed.RedirectTarget };

                    case AutodiscoverAnswerKind.RedirectUrl:
                        if (!Uri.TryCreate(parsed.RedirectTarget, UriKind.Absolute, out var next))
                        {
                            run.Step($"{current.Host}: redirectUrl '{parsed.RedirectTarget}' is not a URL; endpoint ignored");
                            return Outcome.NotFound;
                        }

                        run.Step($"{current.Host}: redirectUrl to {next}");
                        if (!IsHttps(next))
                        {
                            run.Step($"refused the redirectUrl {next}: not HTTPS");
                            return Outcome.NotFound;
                        }

                        run.Hop(next);
                        current = next;
                        continue;

                    default:
                        run.Step($"{current.Host}: error {parsed.ErrorCode} {parsed.ErrorMessage}".TrimEnd());
                        return Outcome.NotFound;
                }
            }
        }

        private async Task<Answer> SendAsync(Run run, Uri named, HttpMethod method, string? body, bool soap, bool credentials, CancellationToken cancellationToken)
        {
            var physical = options.MapEndpoint?.Invoke(named) ?? named;
            var handler = options.HandlerFactory?.Invoke(physical, credentials) ?? EwsClient.CreateHandler(physical, options.Connection, credentials);
            using (var http = new HttpClient(handler, disposeHandler: true) { Timeout = options.RequestTimeout })
            using (var request = new HttpRequestMessage(method, physical))
            {
                if (body != null)
                {
                    request.Content = new StringContent(body, new UTF8Encoding(false), "text/xml");
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
                    if (soap)
                    {
                        request.Headers.TryAddWithoutValidation("SOAPAction", "\"" + SoapAutodiscover.Action + "\"");
                    }
                }

                if (credentials)
                {
                    await EwsClient.ApplyAuthorizationAsync(request, options.Connection, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    using (var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false))
                    {
                        var text = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        Uri? location = null;
                        if (response.Headers.Location != null)
                        {
                            location = response.Headers.Location.IsAbsoluteUri ? response.Headers.Location : new Uri(named, response.Headers.Location);
                        }

                        return new Answer { Status = (int)response.StatusCode, Body = text, Location = location };
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException || ex is System.IO.IOException)
                {
                    var inner = Innermost(ex);
                    var tls = inner is AuthenticationException || ex.InnerException is AuthenticationException;
                    return new Answer
                    {
                        Failure = ex is OperationCanceledException
                            ? $"no answer within {options.RequestTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"
                            : tls ? "TLS handshake failed (" + inner.Message + ")" : "unreachable (" + inner.Message + ")",
                    };
                }
            }
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }

        private static bool IsHttps(Uri url) => string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);

        internal static string? DomainOf(string address)
        {
            var at = address.LastIndexOf('@');
            return at > 0 && at < address.Length - 1 && address.IndexOf(' ') < 0 ? address.Substring(at + 1).ToLowerInvariant() : null;
        }

        private sealed class Answer
        {
            public int Status { get; set; }

            public string Body { get; set; } = string.Empty;

            public Uri? Location { get; set; }

            public string? Failure { get; set; }
        }

        private sealed class Outcome
        {
            public static Outcome NotFound => new Outcome();

            public AutodiscoverResult? Result { get; set; }

            public string? RestartWith { get; set; }

            public bool HostUnreachable { get; set; }

            public bool IsFinal => Result != null || RestartWith != null;
        }

        /// <summary>The state of one discovery: steps, hop count, what was tried, 401s.</summary>
        private sealed class Run
        {
            private readonly AutodiscoverOptions options;
            private readonly List<string> steps = new List<string>();
            private int hops;

            public Run(string originalDomain, AutodiscoverOptions options)
            {
                OriginalDomain = originalDomain;
                this.options = options;
            }

            public string OriginalDomain { get; }

            public IReadOnlyList<string> Steps => steps.ToArray();

            /// <summary>URLs already posted to for the current address.</summary>
            public HashSet<string> Tried { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            public int Unauthorized { get; set; }

            public int Answered { get; set; }

            public void Step(string text)
            {
                steps.Add(text);
                options.Trace?.Invoke("Autodiscover: " + text);
            }

            /// <summary>Counts one redirect (redirectAddr, redirectUrl, HTTP 301/302); past the limit the whole run stops.</summary>
            public void Hop(Uri? to)
            {
                hops++;
                if (hops > options.MaxRedirects)
                {
                    Step($"more than {options.MaxRedirects} redirects; stopping");
                    throw new AutodiscoverException(
                        $"Autodiscover stopped after {options.MaxRedirects} redirects{(to == null ? string.Empty : " (the last to " + to + ")")}: the server's redirects do not end. Ask the Exchange administrator to check the autodiscover configuration, or give the EWS URL with -EwsUrl.",
                        Steps,
                        Unauthorized);
                }
            }

            public bool IsTrusted(string host) =>
                Within(host, OriginalDomain) || options.AllowRedirectTo.Any(allowed => !string.IsNullOrWhiteSpace(allowed) && Within(host, allowed.Trim().TrimStart('*', '.')));

            private static bool Within(string host, string domain) =>
                string.Equals(host, domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
        }
    }
}
