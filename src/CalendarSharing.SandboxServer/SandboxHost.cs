using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CalendarSharing.SandboxServer
{
    /// <summary>
    /// Hosts a sandbox organisation on Kestrel over real sockets (HTTPS by default, TLS 1.2/1.3, a self-signed
    /// certificate for 127.0.0.1/localhost that clients pin). Every request is copied into an HttpRequestMessage,
    /// carrying the connection id for NTLM, sent through the sandbox handler, and the response copied back.
    /// </summary>
    public sealed class SandboxHost : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly HttpMessageInvoker invoker;

        private SandboxHost(WebApplication app, HttpMessageInvoker invoker, Uri baseAddress, X509Certificate2 certificate)
        {
            this.app = app;
            this.invoker = invoker;
            BaseAddress = baseAddress;
            Certificate = certificate;
        }

        /// <summary>Scheme, host and the port actually bound (port 0 in the url picks a free one).</summary>
        public Uri BaseAddress { get; }

        public Uri EwsUrl => new Uri(BaseAddress, "/EWS/Exchange.asmx");

        /// <summary>Graph v1.0 on this host (routing is by path, so graph.sandbox.contoso.com maps to BaseAddress + /v1.0/).</summary>
        public Uri GraphBaseUrl => new Uri(BaseAddress, "/v1.0/");

        /// <summary>The Entra authority host on this host (Azure.Identity's AuthorityHost); tokens at /{tenant}/oauth2/v2.0/token.</summary>
        public Uri LoginUrl => BaseAddress;

        /// <summary>The tenant's client-credentials token endpoint on this host.</summary>
        public Uri TokenEndpoint => new Uri(BaseAddress, "/" + SandboxOrganization.TenantId + "/oauth2/v2.0/token");

        /// <summary>The server certificate (generated at start unless one was given).</summary>
        public X509Certificate2 Certificate { get; }

        /// <summary>Starts listening on <paramref name="url"/> (e.g. https://127.0.0.1:0) until disposed.</summary>
        public static Task<SandboxHost> StartAsync(SandboxOrganization org, string url, X509Certificate2? certificate = null, CancellationToken ct = default) =>
            StartAsync(org, url, new SandboxEndpointOptions(), certificate, ct);

        /// <summary>Starts one simulated server of the organisation, behaving as <paramref name="endpoint"/> says.</summary>
        public static Task<SandboxHost> StartAsync(SandboxOrganization org, string url, SandboxEndpointOptions endpoint, X509Certificate2? certificate = null, CancellationToken ct = default) =>
            StartAsync(org, url, endpoint, null, certificate, ct);

        /// <summary>As above, behind an authenticating reverse proxy this server trusts (<paramref name="frontEnd"/>).</summary>
        public static async Task<SandboxHost> StartAsync(SandboxOrganization org, string url, SandboxEndpointOptions endpoint, SandboxFrontEndTrust? frontEnd, X509Certificate2? certificate = null, CancellationToken ct = default)
        {
            if (endpoint == null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            if (org == null)
            {
                throw new ArgumentNullException(nameof(org));
            }

            var requested = new Uri(url);
            var https = string.Equals(requested.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
            if (!https && !string.Equals(requested.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("The url must be http:// or https://.", nameof(url));
            }

            certificate ??= CreateSelfSignedCertificate();
            var address = ListenAddress(requested.Host);

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(address, requested.Port, listen =>
                {
                    // HTTP/1.1 only, as Exchange's EWS vdir is used: NTLM is connection-based and cannot run over HTTP/2.
                    listen.Protocols = HttpProtocols.Http1;
                    if (https)
                    {
                        listen.UseHttps(new HttpsConnectionAdapterOptions
                        {
                            ServerCertificate = certificate,
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 on purpose when a test asks for an outdated server.
                            SslProtocols = endpoint.TlsProtocols ?? (SslProtocols.Tls12 | SslProtocols.Tls13),
#pragma warning restore SYSLIB0039
                        });
                    }
                });
            });
            builder.Services.AddLogging(logging => logging.ClearProviders());

            var app = builder.Build();
            var invoker = new HttpMessageInvoker(org.CreateHandler(endpoint), disposeHandler: true);
            app.Run(context => ForwardAsync(context, invoker, frontEnd));
            await app.StartAsync(ct).ConfigureAwait(false);

            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
            var baseAddress = new UriBuilder(requested.Scheme, requested.Host, port).Uri;
            return new SandboxHost(app, invoker, baseAddress, certificate);
        }

        /// <summary>A self-signed RSA 2048 certificate for 127.0.0.1 and localhost, valid for a week.</summary>
        public static X509Certificate2 CreateSelfSignedCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=sandbox.contoso.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            names.AddDnsName("localhost");
            names.AddDnsName("sandbox.contoso.com");
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

            // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), password: null);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            invoker.Dispose();
        }

        private static IPAddress ListenAddress(string host)
        {
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return IPAddress.Loopback;
            }

            if (host == "*" || host == "+" || host == "0.0.0.0")
            {
                return IPAddress.Any;
            }

            return IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : throw new ArgumentException("Listen on an IP address or localhost, not " + host + ".", nameof(host));
        }

        private static async Task ForwardAsync(HttpContext context, HttpMessageInvoker invoker, SandboxFrontEndTrust? frontEnd)
        {
            var incoming = context.Request;
            using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(incoming.GetEncodedUrlSafe()));
            request.Options.Set(new HttpRequestOptionsKey<string>(SandboxHandler.ConnectionIdProperty), context.Connection.Id);
            var trustedUser = frontEnd?.TrustedUser(context.Connection.RemoteIpAddress, incoming.Headers[SandboxFrontEndTrust.SecretHeader], incoming.Headers[SandboxFrontEndTrust.UserHeader]);
            if (trustedUser != null)
            {
                request.Options.Set(new HttpRequestOptionsKey<string>(CalendarSharing.Sandbox.Auth.SandboxAuthProperties.FrontEndUser), trustedUser);
            }

            var body = new System.IO.MemoryStream();
            await incoming.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            request.Content = new ByteArrayContent(body.ToArray());
            foreach (var header in incoming.Headers)
            {
                if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(header.Key, SandboxFrontEndTrust.SecretHeader, StringComparison.OrdinalIgnoreCase) ||
                    string.Equals(header.Key, SandboxFrontEndTrust.UserHeader, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
                {
                    request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
                }
            }

            using var response = await invoker.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                context.Response.Headers.Append(header.Key, header.Value.ToArray());
            }

            if (response.Headers.TransferEncodingChunked == true)
            {
                // GetStreamingEvents: each envelope goes out as it is made (no length, so Kestrel sends chunks); reading
                // with the abort token ends the sandbox's connection when the client goes away.
                using var parts = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
                var chunk = new byte[16 * 1024];
                try
                {
                    int n;
                    while ((n = await parts.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
                    {
                        await context.Response.Body.WriteAsync(chunk.AsMemory(0, n), context.RequestAborted).ConfigureAwait(false);
                        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                }
                catch (System.IO.IOException)
                {
                    context.Abort(); // a dropped streaming connection (the sandbox's fault knob): the client sees the break
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                }

                return;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    internal static class HttpRequestExtensions
    {
        /// <summary>The absolute request URL (scheme, host, path, query) as the client sent it.</summary>
        public static string GetEncodedUrlSafe(this HttpRequest request) =>
            request.Scheme + "://" + request.Host.ToUriComponent() + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }
}
