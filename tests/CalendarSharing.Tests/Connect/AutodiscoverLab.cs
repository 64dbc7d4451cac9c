using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Ews;
using CalendarSharing.Ews.Autodiscover;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;

namespace CalendarSharing.Tests.Connect
{
    /// <summary>
    /// Several sandbox hosts on 127.0.0.1 standing for named servers (https://contoso.com, https://autodiscover.contoso.com,
    /// http://autodiscover.contoso.com …) of one organisation. The autodiscover driver's MapEndpoint sends each named URL
    /// to its host; names without a host go to a closed port (connection refused), as an unreachable candidate.
    /// </summary>
    internal sealed class AutodiscoverLab : IAsyncDisposable
    {
        private readonly Dictionary<string, SandboxHost> hosts = new Dictionary<string, SandboxHost>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> posts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        private AutodiscoverLab(SandboxOrganization org, SandboxHost ews)
        {
            Org = org;
            Ews = ews;
        }

        public SandboxOrganization Org { get; }

        /// <summary>The EWS server the autodiscover answers point at.</summary>
        public SandboxHost Ews { get; }

        public X509Certificate2 Certificate => Ews.Certificate;

        public List<string> Trace { get; } = new List<string>();

        public static async Task<AutodiscoverLab> StartAsync(SandboxOptions? options = null)
        {
            var org = SandboxOrganization.Create(options);
            var ews = await SandboxHost.StartAsync(org, "https://127.0.0.1:0", new SandboxEndpointOptions(), SandboxHost.CreateSelfSignedCertificate());
            return new AutodiscoverLab(org, ews);
        }

        /// <summary>Autodiscover POSTs a named host received (counted by the lab's wrapper).</summary>
        public int PostsTo(string named) => posts.TryGetValue(named, out var n) ? n : 0;

        /// <summary>Serves <paramref name="named"/> (scheme://host) with these autodiscover answers.</summary>
        public async Task AddAsync(string named, Func<SandboxAutodiscoverRequest, SandboxAutodiscoverReply>? autodiscover, Uri? redirectLocation = null)
        {
            var key = new Uri(named).GetLeftPart(UriPartial.Authority);
            var endpoint = new SandboxEndpointOptions
            {
                AutodiscoverRedirectLocation = redirectLocation,
                Autodiscover = autodiscover == null ? null : request =>
                {
                    lock (posts)
                    {
                        posts[key] = PostsTo(key) + 1;
                    }

                    return autodiscover(request);
                },
            };
            var https = key.StartsWith("https", StringComparison.OrdinalIgnoreCase);
            hosts[key] = await SandboxHost.StartAsync(Org, https ? "https://127.0.0.1:0" : "http://127.0.0.1:0", endpoint, Certificate);
        }

        /// <summary>A host that answers every autodiscover request with the EWS server's URL.</summary>
        public Task AddSettingsAsync(string named) => AddAsync(named, _ => SandboxAutodiscoverReply.Settings(Ews.EwsUrl));

        public Uri Map(Uri named)
        {
            var key = named.GetLeftPart(UriPartial.Authority);
            var builder = new UriBuilder(named) { Host = "127.0.0.1" };
            if (hosts.TryGetValue(key, out var host))
            {
                builder.Scheme = host.BaseAddress.Scheme;
                builder.Port = host.BaseAddress.Port;
            }
            else
            {
                builder.Port = 1; // nothing listens there: connection refused
            }

            return builder.Uri;
        }

        public AutodiscoverOptions Options(string user = "CONTOSO\\alice", string password = "Sandbox!Alice1", EwsAuthentication authentication = EwsAuthentication.Ntlm)
        {
            var pinned = Certificate.GetCertHashString();
            return new AutodiscoverOptions
            {
                Connection = new EwsConnectionOptions
                {
                    Credential = new NetworkCredential(user, password),
                    Authentication = authentication,
                    ServerCertificateValidation = (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == pinned,
                },
                Cache = new AutodiscoverCache(),
                SrvResolver = new FixedSrvResolver(), // no records; never the machine's DNS in a test
                MapEndpoint = Map,
                Trace = line =>
                {
                    lock (Trace)
                    {
                        Trace.Add(line);
                    }
                },
                RequestTimeout = TimeSpan.FromSeconds(20),
            };
        }

        public Task<AutodiscoverResult> DiscoverAsync(AutodiscoverOptions options, string address = "alice@contoso.com") =>
            new AutodiscoverClient(options).DiscoverAsync(address, CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            foreach (var host in hosts.Values)
            {
                await host.DisposeAsync();
            }

            await Ews.DisposeAsync();
        }
    }

    /// <summary>SRV answers a test chooses.</summary>
    internal sealed class FixedSrvResolver : ISrvResolver
    {
        private readonly SrvRecord[] records;

        public FixedSrvResolver(params SrvRecord[] records)
        {
            this.records = records;
        }

        public List<string> Queries { get; } = new List<string>();

        public Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            Queries.Add(name);
            return Task.FromResult<IReadOnlyList<SrvRecord>>(records);
        }
    }
}
