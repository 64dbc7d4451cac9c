using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Ews.Autodiscover
{
    /// <summary>One DNS SRV answer.</summary>
    public sealed class SrvRecord
    {
        public SrvRecord(string target, int port, int priority, int weight)
        {
            Target = target;
            Port = port;
            Priority = priority;
            Weight = weight;
        }

        public string Target { get; }

        public int Port { get; }

        public int Priority { get; }

        public int Weight { get; }
    }

    /// <summary>Looks up DNS SRV records (<c>_autodiscover._tcp.contoso.com</c>). Tests inject answers.</summary>
    public interface ISrvResolver
    {
        /// <summary>The records, or an empty list when there are none. Throws NotSupportedException when SRV lookups are not possible here.</summary>
        Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken);
    }

    /// <summary>
    /// A resolver that reports the SRV step as not available (the driver says so in the trace and moves on): for hosts
    /// where DNS must not be asked. The default is <see cref="DnsSrvResolver"/>.
    /// </summary>
    public sealed class UnavailableSrvResolver : ISrvResolver
    {
        public static readonly UnavailableSrvResolver Instance = new UnavailableSrvResolver();

        public Task<IReadOnlyList<SrvRecord>> ResolveAsync(string name, CancellationToken cancellationToken) =>
            throw new NotSupportedException("DNS SRV lookups are turned off here; pass -EwsUrl if autodiscover relies on an SRV record");
    }

    /// <summary>Autodiscover results per SMTP domain, for the life of the process (or of a test).</summary>
    public sealed class AutodiscoverCache
    {
        public static readonly AutodiscoverCache Shared = new AutodiscoverCache();

        private readonly ConcurrentDictionary<string, AutodiscoverResult> results = new ConcurrentDictionary<string, AutodiscoverResult>(StringComparer.OrdinalIgnoreCase);

        public bool TryGet(string domain, out AutodiscoverResult result) => results.TryGetValue(domain, out result!);

        public void Set(string domain, AutodiscoverResult result) => results[domain] = result;

        public void Clear() => results.Clear();
    }

    /// <summary>Where autodiscover found the mailbox's EWS endpoint.</summary>
    public sealed class AutodiscoverResult
    {
        public AutodiscoverResult(Uri ewsUrl, string mailbox, Uri endpoint, string protocol, IReadOnlyList<string> steps)
        {
            EwsUrl = ewsUrl;
            Mailbox = mailbox;
            Endpoint = endpoint;
            Protocol = protocol;
            Steps = steps;
        }

        public Uri EwsUrl { get; }

        /// <summary>The address the answer was for (after redirectAddr).</summary>
        public string Mailbox { get; }

        /// <summary>The autodiscover URL that answered (as named, before any test remapping).</summary>
        public Uri Endpoint { get; }

        /// <summary>SOAP or POX.</summary>
        public string Protocol { get; }

        /// <summary>Every step taken, as reported to the trace.</summary>
        public IReadOnlyList<string> Steps { get; }

        public bool FromCache { get; internal set; }
    }

    /// <summary>Autodiscover found no EWS URL. The message lists what was tried; it never holds a secret.</summary>
    public sealed class AutodiscoverException : Exception
    {
        public AutodiscoverException(string message, IReadOnlyList<string> steps, int unauthorizedCount)
            : base(message)
        {
            Steps = steps;
            UnauthorizedCount = unauthorizedCount;
        }

        public IReadOnlyList<string> Steps { get; }

        /// <summary>How many endpoints answered 401 (all of them refusing suggests wrong credentials).</summary>
        public int UnauthorizedCount { get; }
    }

    /// <summary>How to run autodiscover.</summary>
    public sealed class AutodiscoverOptions
    {
        /// <summary>Credentials, authentication and TLS settings (the Url is ignored; ServerCertificateValidation and SkipCertificateCheck apply).</summary>
        public EwsConnectionOptions Connection { get; set; } = new EwsConnectionOptions();

        /// <summary>
        /// Hosts outside the mailbox's domain that may receive credentials (exact host names, or a domain that covers its
        /// subdomains). Redirects and SRV targets elsewhere are refused.
        /// </summary>
        public IReadOnlyList<string> AllowRedirectTo { get; set; } = Array.Empty<string>();

        /// <summary>SRV lookups; default: a UDP query to the machine's DNS servers.</summary>
        public ISrvResolver SrvResolver { get; set; } = new DnsSrvResolver();

        /// <summary>
        /// Maps a URL as named (https://autodiscover.contoso.com/…) to where to connect. Null: the name itself. Tests map
        /// candidate hosts to sandbox hosts on 127.0.0.1; every rule (HTTPS, domain, loop) applies to the named URL.
        /// </summary>
        public Func<Uri, Uri>? MapEndpoint { get; set; }

        /// <summary>Transport for every request instead of our TLS handler (an in-process sandbox). Only Basic/OAuth then.</summary>
        public Func<Uri, bool, System.Net.Http.HttpMessageHandler>? HandlerFactory { get; set; }

        public AutodiscoverCache? Cache { get; set; } = AutodiscoverCache.Shared;

        /// <summary>Receives each step (for -Verbose). Never a secret.</summary>
        public Action<string>? Trace { get; set; }

        public int MaxRedirects { get; set; } = 10;

        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    }
}
