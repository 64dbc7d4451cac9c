using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Ews.Autodiscover;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Gathers the facts of <see cref="ConnectionDiagnostics"/> over EWS: autodiscover, a raw TCP + TLS handshake (the
    /// version negotiated and the certificate as the platform judges it, with nothing sent), an anonymous POST for the
    /// WWW-Authenticate schemes, a sign-in with our EWS client, and GetFolder of a calendar with and without impersonation.
    /// </summary>
    public sealed class EwsConnectionProbe : IConnectionProbe
    {
        private readonly EwsConnectionOptions template;
        private readonly AutodiscoverOptions? autodiscover;
        private readonly string? discoverMailbox;
        private EwsAuthentication? working;

        /// <param name="template">Credentials, authentication and TLS settings; its Url is replaced by the URL under test.</param>
        /// <param name="autodiscover">Autodiscover settings, or null when the EWS URL is given.</param>
        /// <param name="discoverMailbox">The address to discover from.</param>
        public EwsConnectionProbe(EwsConnectionOptions template, AutodiscoverOptions? autodiscover, string? discoverMailbox)
        {
            this.template = template ?? throw new ArgumentNullException(nameof(template));
            this.autodiscover = autodiscover;
            this.discoverMailbox = discoverMailbox;
        }

        /// <summary>Maps a URL to where to connect (tests: a named host to 127.0.0.1). Null: the URL itself.</summary>
        public Func<Uri, Uri>? MapEndpoint { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

        public async Task<DiscoveryFacts?> DiscoverAsync(CancellationToken cancellationToken)
        {
            if (autodiscover == null || string.IsNullOrEmpty(discoverMailbox))
            {
                return null;
            }

            try
            {
                var result = await new AutodiscoverClient(autodiscover).DiscoverAsync(discoverMailbox!, cancellationToken).ConfigureAwait(false);
                return new DiscoveryFacts { EwsUrl = result.EwsUrl, Detail = $"{result.Protocol} at {result.Endpoint}{(result.FromCache ? ", cached" : string.Empty)}" };
            }
            catch (AutodiscoverException ex)
            {
                return new DiscoveryFacts { Detail = ex.Message, Unauthorized = ex.UnauthorizedCount };
            }
        }

        public async Task<TransportFacts> ProbeTransportAsync(Uri ewsUrl, CancellationToken cancellationToken)
        {
            var physical = MapEndpoint?.Invoke(ewsUrl) ?? ewsUrl;
            var facts = new TransportFacts { Https = string.Equals(ewsUrl.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) };
            using (var tcp = new TcpClient())
            {
                try
                {
                    await ConnectAsync(tcp, physical, cancellationToken).ConfigureAwait(false);
                    facts.Reachable = true;
                }
                catch (Exception ex) when (ex is SocketException || ex is TimeoutException || ex is IOException)
                {
                    facts.ReachError = ex.Message;
                    return facts;
                }

                if (facts.Https)
                {
                    await HandshakeAsync(tcp, ewsUrl, physical, facts, cancellationToken).ConfigureAwait(false);
                }
            }

            if (facts.Https && facts.TlsProtocol == null)
            {
                // Would the server talk TLS 1.0/1.1? Asked only to explain the failure; never used for a request.
                facts.OutdatedTlsProtocol = await TryOutdatedTlsAsync(ewsUrl, physical, cancellationToken).ConfigureAwait(false);
                return facts;
            }

            // Anonymous POST: the schemes the server offers. Nothing secret is sent, so any certificate will do here.
            var handler = new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (a, b, c, d) => true, UseDefaultCredentials = false };
            using (var http = new HttpClient(handler) { Timeout = Timeout })
            using (var request = new HttpRequestMessage(HttpMethod.Post, physical) { Content = new StringContent(string.Empty) })
            {
                try
                {
                    using (var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false))
                    {
                        facts.AnonymousStatus = (int)response.StatusCode;
                        facts.AuthenticationSchemes = response.Headers.WwwAuthenticate.Select(h => h.Scheme).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            return facts;
        }

        private async Task HandshakeAsync(TcpClient tcp, Uri named, Uri physical, TransportFacts facts, CancellationToken cancellationToken)
        {
            X509Certificate2? seen = null;
            var errors = SslPolicyErrors.None;
            bool? acceptedByOptions = null;
            using (var ssl = new SslStream(tcp.GetStream(), false, (sender, certificate, chain, policyErrors) =>
            {
                seen = certificate == null ? null : new X509Certificate2(certificate);
                errors = policyErrors;
                if (template.ServerCertificateValidation != null)
                {
                    acceptedByOptions = template.ServerCertificateValidation(sender, certificate, chain, policyErrors);
                }

                return true; // judged below; nothing is sent on this connection
            }))
            {
                try
                {
                    await ssl.AuthenticateAsClientAsync(named.Host, null, SslProtocols.Tls12 | (SslProtocols)12288, checkCertificateRevocation: false).ConfigureAwait(false);
                    facts.TlsProtocol = ssl.SslProtocol == (SslProtocols)12288 ? "Tls13" : ssl.SslProtocol.ToString();
                }
                catch (Exception ex) when (ex is AuthenticationException || ex is IOException)
                {
                    facts.TlsError = ex.Message;
                    return;
                }
            }

            if (seen != null)
            {
                var valid = acceptedByOptions ?? errors == SslPolicyErrors.None;
                var problem = valid ? "trusted" : acceptedByOptions == false && errors == SslPolicyErrors.None ? "refused by the certificate check in use" : Explain(errors);
                facts.CertificateValid = valid;
                facts.CertificateDetail = $"{seen.Subject}, issued by {seen.Issuer}, valid until {seen.NotAfter:yyyy-MM-dd}: {problem}";
            }
        }

        private async Task<string?> TryOutdatedTlsAsync(Uri named, Uri physical, CancellationToken cancellationToken)
        {
            try
            {
                using (var tcp = new TcpClient())
                {
                    await ConnectAsync(tcp, physical, cancellationToken).ConfigureAwait(false);
                    using (var ssl = new SslStream(tcp.GetStream(), false, (a, b, c, d) => true))
                    {
#pragma warning disable CS0618 // TLS 1.0/1.1 only to tell the admin the server offers nothing better.
                        await ssl.AuthenticateAsClientAsync(named.Host, null, SslProtocols.Tls | SslProtocols.Tls11, false).ConfigureAwait(false);
#pragma warning restore CS0618
                        return ssl.SslProtocol.ToString();
                    }
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return null; // refused here or there (many platforms no longer offer TLS 1.0/1.1 at all)
            }
        }

        private async Task ConnectAsync(TcpClient tcp, Uri physical, CancellationToken cancellationToken)
        {
            var connect = tcp.ConnectAsync(physical.Host, physical.Port);
            var finished = await Task.WhenAny(connect, Task.Delay(Timeout, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (finished != connect)
            {
                throw new TimeoutException(Texts.Format(nameof(Texts.Error_ProbeNoTcp), physical.Host, physical.Port, Timeout.TotalSeconds));
            }

            await connect.ConfigureAwait(false);
        }

        private static string Explain(SslPolicyErrors errors)
        {
            var parts = new List<string>();
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                parts.Add("not issued by a trusted authority (or expired)");
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                parts.Add("issued for another host name");
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                parts.Add("no certificate");
            }

            return parts.Count == 0 ? "not trusted" : string.Join(", ", parts);
        }

        public async Task<SignInFacts> SignInAsync(Uri ewsUrl, CancellationToken cancellationToken)
        {
            // Default means: Negotiate, then NTLM; Basic and OAuth only when chosen.
            var methods = template.Authentication == EwsAuthentication.Default && template.Credential != null
                ? new[] { EwsAuthentication.Negotiate, EwsAuthentication.Ntlm }
                : new[] { template.Authentication };
            var refused = new List<string>();
            foreach (var method in methods)
            {
                var options = Copy(ewsUrl, method, impersonation: false);
                using (var client = new EwsClient(options))
                {
                    try
                    {
                        await client.ExecuteAsync(new GetFolderOperation(new[] { EwsFolderReference.Distinguished("calendar") }, includePermissions: false), cancellationToken).ConfigureAwait(false);
                        working = method;
                        return Version(new SignInFacts { Authenticated = true, EwsAnswered = true, Method = method.ToString(), Detail = "EWS answered" }, client.ServerVersion);
                    }
                    catch (EwsAuthenticationException ex)
                    {
                        refused.Add(method.ToString());
                        if (method == methods[methods.Length - 1])
                        {
                            return new SignInFacts { Method = string.Join(", ", refused), HttpStatus = 401, Detail = ex.Message };
                        }
                    }
                    catch (EwsHttpException ex) when (ex.StatusCode == 403 || ex.StatusCode == 404)
                    {
                        var what = ex.StatusCode == 403 ? "EWS refused the signed-in account with HTTP 403 Forbidden: EWS is turned off" : "no EWS at this URL (HTTP 404)";
                        return new SignInFacts { Authenticated = true, Method = method.ToString(), HttpStatus = ex.StatusCode, Detail = $"{what} ({ewsUrl.GetLeftPart(UriPartial.Authority)})" };
                    }
                    catch (EwsFaultException ex)
                    {
                        // A SOAP fault is still EWS answering an authenticated request.
                        working = method;
                        return Version(new SignInFacts { Authenticated = true, EwsAnswered = true, Method = method.ToString(), Detail = ex.Message }, client.ServerVersion);
                    }
                    catch (EwsException ex)
                    {
                        return new SignInFacts { Method = method.ToString(), Detail = ex.Message };
                    }
                }
            }

            return new SignInFacts { Detail = "no authentication method to try" };
        }

        private static SignInFacts Version(SignInFacts facts, EwsServerVersion? version)
        {
            facts.MajorVersion = version?.MajorVersion;
            facts.MinorVersion = version?.MinorVersion;
            facts.ServerVersion = version?.ToString();
            return facts;
        }

        public async Task<AccessFacts> ReadCalendarAsync(Uri ewsUrl, string mailbox, bool impersonation, CancellationToken cancellationToken)
        {
            // The method that signed in (Default tries Negotiate, then NTLM).
            var options = Copy(ewsUrl, working ?? template.Authentication, impersonation);
            options.Retry = new Core.Resilience.RetryOptions { MaxAttempts = 2 };
            using (var client = new EwsClient(options))
            {
                try
                {
                    var folder = impersonation
                        ? EwsFolderReference.Distinguished("calendar")
                        : EwsFolderReference.Distinguished("calendar", mailbox);
                    var op = new GetFolderOperation(new[] { folder }, includePermissions: false) { TargetMailbox = impersonation ? mailbox : null };
                    var result = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);
                    var message = result[0].Message;
                    return message.IsSuccess
                        ? new AccessFacts { Allowed = true, Detail = "GetFolder succeeded" }
                        : new AccessFacts { Code = message.ResponseCode, Detail = message.ResponseCode };
                }
                catch (EwsFaultException ex)
                {
                    return new AccessFacts { Code = ex.ResponseCode, Detail = ex.ResponseCode };
                }
                catch (EwsException ex)
                {
                    return new AccessFacts { Code = ex.ServerCode, Detail = ex.Message };
                }
            }
        }

        private EwsConnectionOptions Copy(Uri url, EwsAuthentication authentication, bool impersonation) => new EwsConnectionOptions
        {
            Url = url,
            Credential = template.Credential,
            Authentication = authentication,
            AccessTokenProvider = template.AccessTokenProvider,
            Handler = template.Handler,
            ServerCertificateValidation = template.ServerCertificateValidation,
            SkipCertificateCheck = template.SkipCertificateCheck,
            UseImpersonation = impersonation,
            RequestServerVersion = template.RequestServerVersion,
            Retry = new Core.Resilience.RetryOptions { MaxAttempts = 2 },
            Trace = template.Trace,
            RequestTimeout = Timeout,
        };
    }
}
