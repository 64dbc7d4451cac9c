using System;
using System.Security.Authentication;

namespace CalendarSharing.Sandbox
{
    /// <summary>
    /// How one simulated server (one handler, one SandboxHost) behaves beyond the organisation's data: its autodiscover
    /// answers, whether EWS is enabled, which TLS versions it offers. Several hosts over one organisation stand for
    /// contoso.com, autodiscover.contoso.com, mail.contoso.com … in autodiscover and diagnostics tests.
    /// </summary>
    public sealed class SandboxEndpointOptions
    {
        /// <summary>False: /EWS answers 403 Forbidden after authentication, as Exchange does with EWS turned off.</summary>
        public bool EwsEnabled { get; set; } = true;

        /// <summary>
        /// Answers to POST /autodiscover/autodiscover.xml (POX) and /autodiscover/autodiscover.svc (SOAP GetUserSettings),
        /// after authentication. Null: 404 (no autodiscover on this host).
        /// </summary>
        public Func<SandboxAutodiscoverRequest, SandboxAutodiscoverReply>? Autodiscover { get; set; }

        /// <summary>
        /// Answer to the unauthenticated GET /autodiscover/autodiscover.xml (the HTTP redirect method): 302 to this
        /// location. Null: that GET is treated like any unauthenticated request (401).
        /// </summary>
        public Uri? AutodiscoverRedirectLocation { get; set; }

        /// <summary>TLS versions SandboxHost offers (default TLS 1.2 and 1.3). Ignored in process.</summary>
        public SslProtocols? TlsProtocols { get; set; }

        /// <summary>The schemes advertised in WWW-Authenticate on a 401 (default Negotiate, NTLM, Basic).</summary>
        public string[] AuthenticationSchemes { get; set; } = { "Negotiate", "NTLM", "Basic" };
    }

    /// <summary>An autodiscover request as the sandbox received it.</summary>
    public sealed class SandboxAutodiscoverRequest
    {
        internal SandboxAutodiscoverRequest(string emailAddress, Uri url, bool soap, SandboxAccount account)
        {
            EmailAddress = emailAddress;
            Url = url;
            Soap = soap;
            Account = account;
        }

        /// <summary>EMailAddress (POX) or Mailbox (SOAP).</summary>
        public string EmailAddress { get; }

        /// <summary>The URL posted to (query included, so a chain of redirectUrl hops can count itself).</summary>
        public Uri Url { get; }

        public bool Soap { get; }

        /// <summary>The account that authenticated.</summary>
        public SandboxAccount Account { get; }
    }

    /// <summary>What a sandbox autodiscover endpoint answers.</summary>
    public sealed class SandboxAutodiscoverReply
    {
        private SandboxAutodiscoverReply(string kind, string? value, string? internalValue = null)
        {
            Kind = kind;
            Value = value;
            InternalValue = internalValue;
        }

        internal string Kind { get; }

        internal string? Value { get; }

        internal string? InternalValue { get; }

        /// <summary>Settings: the external EWS URL (EXPR / ExternalEwsUrl) and optionally an internal one (EXCH / InternalEwsUrl).</summary>
        public static SandboxAutodiscoverReply Settings(Uri externalEwsUrl, Uri? internalEwsUrl = null) =>
            new SandboxAutodiscoverReply("settings", externalEwsUrl?.ToString(), internalEwsUrl?.ToString());

        /// <summary>POX redirectAddr / SOAP RedirectAddress.</summary>
        public static SandboxAutodiscoverReply RedirectAddress(string address) => new SandboxAutodiscoverReply("redirectAddr", address);

        /// <summary>POX redirectUrl / SOAP RedirectUrl (any string, so tests can send http:// ones).</summary>
        public static SandboxAutodiscoverReply RedirectUrl(string url) => new SandboxAutodiscoverReply("redirectUrl", url);

        /// <summary>POX Error 500 "The e-mail address cannot be found." / SOAP InvalidUser.</summary>
        public static SandboxAutodiscoverReply InvalidUser() => new SandboxAutodiscoverReply("error", null);

        /// <summary>HTTP 401 whatever the credentials (a candidate that refuses us).</summary>
        public static SandboxAutodiscoverReply Unauthorized() => new SandboxAutodiscoverReply("401", null);

        /// <summary>HTTP 404 (this protocol is not served here, e.g. SOAP on a POX-only server).</summary>
        public static SandboxAutodiscoverReply NotFound() => new SandboxAutodiscoverReply("404", null);

        /// <summary>HTTP 302 to this location.</summary>
        public static SandboxAutodiscoverReply HttpRedirect(Uri location) => new SandboxAutodiscoverReply("302", location.ToString());
    }
}
