using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Resilience;

namespace CalendarSharing.Online.AdminRest
{
    /// <summary>How to reach the Exchange Online admin API (the InvokeCommand endpoint ExchangeOnlineManagement uses).</summary>
    public sealed class AdminRestOptions
    {
        /// <summary>https://outlook.office365.com/adminapi/beta/ (or a national cloud's host, or the sandbox's).</summary>
        public Uri BaseUrl { get; set; } = new Uri("https://outlook.office365.com/adminapi/beta/");

        /// <summary>Tenant id (GUID) or initial domain (contoso.onmicrosoft.com).</summary>
        public string Tenant { get; set; } = string.Empty;

        /// <summary>
        /// Returns a bearer token for https://outlook.office365.com/.default. Called per request; the token is put
        /// into the Authorization header and never kept, logged or shown.
        /// </summary>
        public Func<CancellationToken, Task<string>>? AccessTokenProvider { get; set; }

        /// <summary>X-AnchorMailbox when the cmdlet's Identity is not a mailbox address (app-only: the system mailbox).</summary>
        public string? AnchorMailbox { get; set; }

        /// <summary>Prefer: odata.maxpagesize (at most 1000).</summary>
        public int PageSize { get; set; } = 1000;

        /// <summary>How many @odata.nextLink pages to follow before reporting the output as truncated.</summary>
        public int MaxPages { get; set; } = 100;

        public RetryOptions Retry { get; set; } = new RetryOptions { MaxAttempts = 5, BaseDelay = TimeSpan.FromSeconds(2) };

        /// <summary>The transport under our HttpClient (the sandbox's handler in tests); null for a real socket.</summary>
        public HttpMessageHandler? Handler { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(960);

        /// <summary>Receives one line per request and retry (never a token).</summary>
        public Action<string>? Trace { get; set; }
    }
}
