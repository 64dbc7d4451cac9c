using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Diagnostics
{
    /// <summary>What Test-CalendarSharingConnection was asked to check.</summary>
    public sealed class DiagnosticsRequest
    {
        /// <summary>The EWS URL given (-EwsUrl), or null to use autodiscover's.</summary>
        public Uri? EwsUrl { get; set; }

        /// <summary>The mailbox whose calendar the rights check reads; null skips that check.</summary>
        public string? Mailbox { get; set; }

        /// <summary>-SkipCertificateCheck was given: an invalid certificate is a warning, not a failure.</summary>
        public bool SkipCertificateCheck { get; set; }
    }

    /// <summary>
    /// The connection checklist: each check is a <see cref="ConnectionCheck"/> written to the sink as soon as it is known,
    /// in the order an admin would fix them. A check whose precondition failed is Skipped, saying which.
    /// </summary>
    public sealed class ConnectionDiagnostics
    {
        public const string Autodiscover = "Autodiscover";
        public const string Reachable = "Reachable";
        public const string Tls = "Tls";
        public const string Certificate = "Certificate";
        public const string AuthenticationMethods = "AuthenticationMethods";
        public const string SignIn = "SignIn";
        public const string EwsEnabled = "EwsEnabled";
        public const string ExchangeVersion = "ExchangeVersion";
        public const string MailboxRights = "MailboxRights";
        public const string GraphPermissions = "GraphPermissions";

        private readonly IConnectionProbe probe;

        public ConnectionDiagnostics(IConnectionProbe probe)
        {
            this.probe = probe ?? throw new ArgumentNullException(nameof(probe));
        }

        /// <summary>Runs every check; returns them too (the sink has already received each).</summary>
        public async Task<IReadOnlyList<ConnectionCheck>> RunAsync(DiagnosticsRequest request, IOutputSink sink, CancellationToken cancellationToken)
        {
            var checks = new List<ConnectionCheck>();
            void Emit(string name, ConnectionCheckResult result, string detail, string? advice = null)
            {
                var check = new ConnectionCheck(name, result, detail, advice);
                checks.Add(check);
                sink.WriteObject(check);
            }

            void SkipRest(string because, params string[] names)
            {
                foreach (var name in names)
                {
                    Emit(name, ConnectionCheckResult.Skipped, because);
                }

                Emit(GraphPermissions, ConnectionCheckResult.Skipped, "needs an online connection (Graph); this is an EWS connection");
            }

            // 1. Autodiscover (or the URL given).
            var url = request.EwsUrl;
            var discovery = await probe.DiscoverAsync(cancellationToken).ConfigureAwait(false);
            if (discovery == null)
            {
                Emit(Autodiscover, ConnectionCheckResult.Skipped, $"not needed: the EWS URL {url} was given");
            }
            else if (discovery.EwsUrl != null)
            {
                url = discovery.EwsUrl;
                Emit(Autodiscover, ConnectionCheckResult.Pass, $"EWS URL {url} ({discovery.Detail})");
            }
            else
            {
                var advice = discovery.Unauthorized > 0
                    ? "Every autodiscover endpoint that answered refused the credentials: check the user name and password, or give -EwsUrl."
                    : "Publish autodiscover.<domain> (DNS and certificate) or give the EWS URL with -EwsUrl; -Verbose shows each step.";
                if (url == null)
                {
                    Emit(Autodiscover, ConnectionCheckResult.Fail, discovery.Detail, advice);
                    SkipRest("no EWS URL: autodiscover failed and -EwsUrl was not given", Reachable, Tls, Certificate, AuthenticationMethods, SignIn, EwsEnabled, ExchangeVersion, MailboxRights);
                    return checks;
                }

                Emit(Autodiscover, ConnectionCheckResult.Warn, discovery.Detail + $"; using the EWS URL given, {url}", advice);
            }

            if (url == null)
            {
                throw new ArgumentException(Texts.Error_ProbeNeedsUrlOrMailbox, nameof(request));
            }

            // 2-5. Transport: TCP, TLS, certificate, what the server offers.
            var transport = await probe.ProbeTransportAsync(url, cancellationToken).ConfigureAwait(false);
            var server = url.GetLeftPart(UriPartial.Authority);
            if (!transport.Reachable)
            {
                Emit(Reachable, ConnectionCheckResult.Fail, $"{server} cannot be reached: {transport.ReachError}", "Check the host name, DNS, the port and any firewall or proxy between here and the server.");
                SkipRest($"{server} cannot be reached", Tls, Certificate, AuthenticationMethods, SignIn, EwsEnabled, ExchangeVersion, MailboxRights);
                return checks;
            }

            Emit(Reachable, ConnectionCheckResult.Pass, $"{server} accepts connections");
            if (!transport.Https)
            {
                Emit(Tls, ConnectionCheckResult.Fail, $"{url} is plain http: credentials and calendars would cross the network unencrypted", "Use the https:// EWS URL.");
                Emit(Certificate, ConnectionCheckResult.Skipped, "no TLS");
            }
            else if (transport.TlsProtocol == null)
            {
                if (transport.OutdatedTlsProtocol != null)
                {
                    Emit(Tls, ConnectionCheckResult.Fail, $"{server} offers only {Describe(transport.OutdatedTlsProtocol)}; TLS 1.2 or later is required", "Enable TLS 1.2 on the server (Exchange 2016 CU and Windows Server TLS guidance) and disable TLS 1.0/1.1.");
                }
                else
                {
                    Emit(Tls, ConnectionCheckResult.Fail, $"no TLS 1.2 or 1.3 handshake with {server}: {transport.TlsError}", "Enable TLS 1.2 on the server; TLS 1.0 and 1.1 are refused.");
                }

                SkipRest("no TLS 1.2 connection", Certificate, AuthenticationMethods, SignIn, EwsEnabled, ExchangeVersion, MailboxRights);
                return checks;
            }
            else
            {
                Emit(Tls, ConnectionCheckResult.Pass, $"{Describe(transport.TlsProtocol)} negotiated");
                if (transport.CertificateValid == true)
                {
                    Emit(Certificate, ConnectionCheckResult.Pass, transport.CertificateDetail ?? "trusted");
                }
                else if (request.SkipCertificateCheck)
                {
                    Emit(Certificate, ConnectionCheckResult.Warn, (transport.CertificateDetail ?? "not trusted") + "; accepted because of -SkipCertificateCheck", "Install a certificate from a trusted authority on the server; -SkipCertificateCheck is for labs only.");
                }
                else
                {
                    Emit(Certificate, ConnectionCheckResult.Fail, transport.CertificateDetail ?? "not trusted", "Install a certificate from a trusted authority on the server (or trust its issuer here); for a lab only, -SkipCertificateCheck.");
                    SkipRest("the server certificate is not trusted, so no credentials are sent", AuthenticationMethods, SignIn, EwsEnabled, ExchangeVersion, MailboxRights);
                    return checks;
                }
            }

            var schemes = transport.AuthenticationSchemes;
            if (schemes.Count == 0)
            {
                Emit(AuthenticationMethods, ConnectionCheckResult.Warn, $"the server asked for no authentication (HTTP {transport.AnonymousStatus})", "A 401 with WWW-Authenticate was expected from an EWS endpoint: check the URL points at /EWS/Exchange.asmx.");
            }
            else if (!schemes.Any(s => s.Equals("NTLM", StringComparison.OrdinalIgnoreCase) || s.Equals("Negotiate", StringComparison.OrdinalIgnoreCase) || s.Equals("Bearer", StringComparison.OrdinalIgnoreCase)))
            {
                Emit(AuthenticationMethods, ConnectionCheckResult.Warn, "offered: " + string.Join(", ", schemes), "Only Basic is offered: enable Windows (NTLM/Negotiate) or OAuth authentication on the EWS virtual directory.");
            }
            else
            {
                Emit(AuthenticationMethods, ConnectionCheckResult.Pass, "offered: " + string.Join(", ", schemes));
            }

            // 6-8. Sign-in, EWS, version.
            var signIn = await probe.SignInAsync(url, cancellationToken).ConfigureAwait(false);
            if (!signIn.Authenticated)
            {
                Emit(SignIn, ConnectionCheckResult.Fail, signIn.Detail, "Check the user name (DOMAIN\\user or UPN) and password, that the account is not locked, and that the method is enabled on the EWS virtual directory.");
                SkipRest("the sign-in failed", EwsEnabled, ExchangeVersion, MailboxRights);
                return checks;
            }

            Emit(SignIn, ConnectionCheckResult.Pass, $"{signIn.Method} worked");
            if (!signIn.EwsAnswered)
            {
                Emit(EwsEnabled, ConnectionCheckResult.Fail, signIn.Detail, signIn.HttpStatus == 403
                    ? "EWS is turned off for the organisation or this account: Set-OrganizationConfig -EwsEnabled $true, or Set-CASMailbox <user> -EwsEnabled $true (and check EwsApplicationAccessPolicy)."
                    : "Check the URL ends in /EWS/Exchange.asmx and the EWS virtual directory is published.");
                SkipRest("EWS did not answer", ExchangeVersion, MailboxRights);
                return checks;
            }

            Emit(EwsEnabled, ConnectionCheckResult.Pass, "EWS answered");
            if (signIn.MajorVersion == null)
            {
                Emit(ExchangeVersion, ConnectionCheckResult.Warn, "the server sent no ServerVersionInfo", "Check that the endpoint is Exchange.");
            }
            else if (signIn.MajorVersion > 15 || (signIn.MajorVersion == 15 && signIn.MinorVersion >= 1))
            {
                Emit(ExchangeVersion, ConnectionCheckResult.Pass, $"{ProductName(signIn.MajorVersion.Value, signIn.MinorVersion ?? 0)} ({signIn.ServerVersion})");
            }
            else
            {
                Emit(ExchangeVersion, ConnectionCheckResult.Warn, $"{ProductName(signIn.MajorVersion.Value, signIn.MinorVersion ?? 0)} ({signIn.ServerVersion}) is older than Exchange 2016", "Exchange 2013 and older are out of support; upgrade to Exchange 2016/2019/SE. Some features may be refused.");
            }

            // 9. Rights on the mailbox: as the caller, then impersonating it.
            if (string.IsNullOrWhiteSpace(request.Mailbox))
            {
                Emit(MailboxRights, ConnectionCheckResult.Skipped, "no mailbox given (-Mailbox or -TargetMailbox)");
            }
            else
            {
                var mailbox = request.Mailbox!.Trim();
                var direct = await probe.ReadCalendarAsync(url, mailbox, impersonation: false, cancellationToken).ConfigureAwait(false);
                var impersonated = await probe.ReadCalendarAsync(url, mailbox, impersonation: true, cancellationToken).ConfigureAwait(false);
                var detail = $"{mailbox}\\Calendar: as the signed-in account {(direct.Allowed ? "readable" : "refused (" + direct.Detail + ")")}; impersonating {(impersonated.Allowed ? "readable" : "refused (" + impersonated.Detail + ")")}";
                if (direct.Allowed || impersonated.Allowed)
                {
                    Emit(MailboxRights, ConnectionCheckResult.Pass, detail);
                }
                else
                {
                    Emit(MailboxRights, ConnectionCheckResult.Fail, detail, $"Give the account rights on {mailbox}: the ApplicationImpersonation role (New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>), or Add-MailboxFolderPermission {mailbox}:\\Calendar -User <account> -AccessRights Reviewer (or higher), or full access.");
                }
            }

            Emit(GraphPermissions, ConnectionCheckResult.Skipped, "needs an online connection (Graph); this is an EWS connection");
            return checks;
        }

        private static string Describe(string protocol)
        {
            switch (protocol)
            {
                case "Tls": return "TLS 1.0";
                case "Tls11": return "TLS 1.1";
                case "Tls12": return "TLS 1.2";
                case "Tls13": return "TLS 1.3";
                default: return protocol;
            }
        }

        private static string ProductName(int major, int minor)
        {
            if (major == 15)
            {
                return minor >= 2 ? "Exchange 2019 or SE" : minor == 1 ? "Exchange 2016" : "Exchange 2013";
            }

            return major == 14 ? "Exchange 2010" : major < 14 ? "Exchange 2007 or older" : "Exchange " + major + "." + minor;
        }
    }
}
