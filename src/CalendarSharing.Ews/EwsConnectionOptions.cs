using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;

namespace CalendarSharing.Ews
{
    /// <summary>How to reach and authenticate to an EWS endpoint.</summary>
    public sealed class EwsConnectionOptions
    {
        public Uri Url { get; set; } = new Uri("https://localhost/EWS/Exchange.asmx");

        /// <summary>User name (UPN, SMTP or DOMAIN\user) and password. The password stays a SecureString.</summary>
        public NetworkCredential? Credential { get; set; }

        public EwsAuthentication Authentication { get; set; } = EwsAuthentication.Default;

        /// <summary>For OAuth: returns a bearer token when asked. Never logged.</summary>
        public Func<CancellationToken, Task<string>>? AccessTokenProvider { get; set; }

        /// <summary>Transport override (the sandbox's handler, a test server's). Null: a SocketsHttpHandler-like default.</summary>
        public HttpMessageHandler? Handler { get; set; }

        /// <summary>Server certificate check override; null = the platform's validation.</summary>
        public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

        /// <summary>
        /// Accept any server certificate (a lab with a self-signed one). Off by default; the transport writes a warning to
        /// <see cref="Warning"/> when it is on. Ignored when <see cref="ServerCertificateValidation"/> is set.
        /// </summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>Receives warnings meant for the user (Write-Warning), such as a skipped certificate check.</summary>
        public Action<string>? Warning { get; set; }

        /// <summary>Send ExchangeImpersonation + X-AnchorMailbox for each target mailbox instead of explicit access.</summary>
        public bool UseImpersonation { get; set; }

        /// <summary>RequestServerVersion sent on every request.</summary>
        public string RequestServerVersion { get; set; } = "Exchange2013_SP1";

        public RetryOptions Retry { get; set; } = new RetryOptions();

        /// <summary>Requests in flight at once (bulk runs).</summary>
        public int MaxConcurrency { get; set; } = 8;

        /// <summary>Calendars per batched GetFolder / UpdateFolder.</summary>
        public int MaxBatchSize { get; set; } = 10;

        /// <summary>What the connection reports as its kind (Sandbox for the in-process sandbox).</summary>
        public ConnectionKind Kind { get; set; } = ConnectionKind.Ews;

        /// <summary>Receives one line per request/response/retry for -Debug. Never receives a secret.</summary>
        public Action<string>? Trace { get; set; }

        /// <summary>How long one HTTP request may take before it counts as a connection failure.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// The organisation's SMTP domain (contoso.com): principals of other domains are External. Null: taken from
        /// the credential's SMTP user name, or found at connect time with ResolveNames.
        /// </summary>
        public string? OrganizationDomain { get; set; }
    }

}
