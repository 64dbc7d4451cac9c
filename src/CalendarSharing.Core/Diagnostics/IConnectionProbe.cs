using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Diagnostics
{
    /// <summary>
    /// The facts a connection check needs, gathered by a backend (EWS today). The probe reports what it saw; the
    /// verdicts and advice are <see cref="ConnectionDiagnostics"/>'s. No member ever returns a secret.
    /// </summary>
    public interface IConnectionProbe
    {
        /// <summary>Autodiscover for the mailbox; null when the caller gave an EWS URL and no discovery is needed.</summary>
        Task<DiscoveryFacts?> DiscoverAsync(CancellationToken cancellationToken);

        Task<TransportFacts> ProbeTransportAsync(Uri ewsUrl, CancellationToken cancellationToken);

        Task<SignInFacts> SignInAsync(Uri ewsUrl, CancellationToken cancellationToken);

        /// <summary>A GetFolder of the mailbox's calendar, as the caller (explicit/delegate access) or impersonating it.</summary>
        Task<AccessFacts> ReadCalendarAsync(Uri ewsUrl, string mailbox, bool impersonation, CancellationToken cancellationToken);
    }

    public sealed class DiscoveryFacts
    {
        public Uri? EwsUrl { get; set; }

        /// <summary>Where the URL came from, or why none was found.</summary>
        public string Detail { get; set; } = string.Empty;

        /// <summary>Endpoints that answered 401.</summary>
        public int Unauthorized { get; set; }
    }

    public sealed class TransportFacts
    {
        public bool Reachable { get; set; }

        /// <summary>Why the TCP connection failed.</summary>
        public string? ReachError { get; set; }

        public bool Https { get; set; }

        /// <summary>The TLS version negotiated with TLS 1.2/1.3 offered (Tls12, Tls13), or null when that handshake failed.</summary>
        public string? TlsProtocol { get; set; }

        /// <summary>The TLS version the server accepted when only TLS 1.0/1.1 was offered, when that worked.</summary>
        public string? OutdatedTlsProtocol { get; set; }

        public string? TlsError { get; set; }

        /// <summary>Null when no certificate was seen.</summary>
        public bool? CertificateValid { get; set; }

        /// <summary>Subject, expiry and what is wrong with the certificate.</summary>
        public string? CertificateDetail { get; set; }

        /// <summary>The schemes of WWW-Authenticate on an anonymous request (Negotiate, NTLM, Basic, Bearer).</summary>
        public IReadOnlyList<string> AuthenticationSchemes { get; set; } = Array.Empty<string>();

        /// <summary>HTTP status of the anonymous request.</summary>
        public int? AnonymousStatus { get; set; }
    }

    public sealed class SignInFacts
    {
        /// <summary>The server accepted the credentials (EWS may still refuse the request).</summary>
        public bool Authenticated { get; set; }

        /// <summary>The method that worked, or the methods tried.</summary>
        public string Method { get; set; } = string.Empty;

        /// <summary>EWS answered with a SOAP envelope.</summary>
        public bool EwsAnswered { get; set; }

        /// <summary>HTTP status when EWS did not answer (401, 403, 404 …).</summary>
        public int? HttpStatus { get; set; }

        public string Detail { get; set; } = string.Empty;

        public int? MajorVersion { get; set; }

        public int? MinorVersion { get; set; }

        /// <summary>ServerVersionInfo as text: 15.2.1544.14 (V2017_07_11).</summary>
        public string? ServerVersion { get; set; }
    }

    public sealed class AccessFacts
    {
        public bool Allowed { get; set; }

        /// <summary>The EWS code when refused (ErrorAccessDenied, ErrorImpersonateUserDenied …).</summary>
        public string? Code { get; set; }

        public string Detail { get; set; } = string.Empty;
    }
}
