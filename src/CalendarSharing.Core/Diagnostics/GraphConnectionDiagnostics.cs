using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Output;

namespace CalendarSharing.Core.Diagnostics
{
    /// <summary>
    /// The facts an online (Microsoft Graph) connection check needs, gathered by the Graph backend. Like
    /// <see cref="IConnectionProbe"/> it reports what it saw and never returns a token or secret.
    /// </summary>
    public interface IGraphConnectionProbe
    {
        /// <summary>Acquires an app token: the authority, and the roles claim when the token is a JWT.</summary>
        Task<GraphTokenFacts> SignInAsync(CancellationToken cancellationToken);

        /// <summary>One Graph request: GET /users/{mailbox} (User.Read.All).</summary>
        Task<GraphCallFacts> ReadUserAsync(string mailbox, CancellationToken cancellationToken);

        /// <summary>GET /users/{mailbox}/calendar: the mailbox through REST, and canEdit.</summary>
        Task<GraphCallFacts> ReadCalendarAsync(string mailbox, CancellationToken cancellationToken);

        /// <summary>GET /users/{mailbox}/calendar/calendarPermissions.</summary>
        Task<GraphCallFacts> ReadCalendarPermissionsAsync(string mailbox, CancellationToken cancellationToken);
    }

    public sealed class GraphTokenFacts
    {
        public bool Acquired { get; set; }

        /// <summary>The authority host and tenant the token came from (https://login.microsoftonline.com/contoso.onmicrosoft.com).</summary>
        public string Authority { get; set; } = string.Empty;

        /// <summary>The Graph root the token is for.</summary>
        public string Resource { get; set; } = string.Empty;

        /// <summary>Why no token was issued (an AADSTS code and our words; never the secret).</summary>
        public string? Error { get; set; }

        /// <summary>The token's roles claim when it is a JWT; null when the token is opaque.</summary>
        public IReadOnlyList<string>? Roles { get; set; }
    }

    public sealed class GraphCallFacts
    {
        /// <summary>HTTP status; 0 when Graph could not be reached.</summary>
        public int Status { get; set; }

        /// <summary>The Graph error code (ErrorAccessDenied, Authorization_RequestDenied, MailboxNotEnabledForRESTAPI …).</summary>
        public string? Code { get; set; }

        public string Detail { get; set; } = string.Empty;

        /// <summary>The calendar's canEdit, for a calendar read that succeeded.</summary>
        public bool? CanEdit { get; set; }

        public bool Ok => Status >= 200 && Status < 300;
    }

    /// <summary>
    /// The online checklist: sign-in, Graph reachable, the application permissions the token carries (its roles claim,
    /// or the probes when the token is opaque), and one probe per capability. Reads only; changes nothing.
    /// </summary>
    public sealed class GraphConnectionDiagnostics
    {
        public const string SignIn = ConnectionDiagnostics.SignIn;
        public const string GraphReachable = "GraphReachable";
        public const string UserRead = "UserRead";
        public const string MailboxOnline = "MailboxOnline";
        public const string CalendarRead = "CalendarRead";
        public const string CalendarWrite = "CalendarWrite";
        public const string GraphPermissions = ConnectionDiagnostics.GraphPermissions;

        private const string Consent = " in Entra ID (App registrations > API permissions > Microsoft Graph > Application permissions), then Grant admin consent for the tenant.";

        private static readonly string[] ReadRoles = { "Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite" };
        private static readonly string[] UserRoles = { "User.Read.All", "User.ReadBasic.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All" };

        private readonly IGraphConnectionProbe probe;

        public GraphConnectionDiagnostics(IGraphConnectionProbe probe)
        {
            this.probe = probe ?? throw new ArgumentNullException(nameof(probe));
        }

        /// <summary>Runs every check for <paramref name="mailbox"/> (null: the per-mailbox checks are Skipped).</summary>
        public async Task<IReadOnlyList<ConnectionCheck>> RunAsync(string? mailbox, IOutputSink sink, CancellationToken cancellationToken)
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
            }

            // 1. Sign-in.
            var token = await probe.SignInAsync(cancellationToken).ConfigureAwait(false);
            if (!token.Acquired)
            {
                Emit(SignIn, ConnectionCheckResult.Fail, $"no token from {token.Authority} for {token.Resource}: {token.Error}",
                    "Check -TenantId (the tenant id or a verified domain), -ClientId, and the app's client secret (not its secret id, and not expired) or certificate (uploaded to the app registration, private key here); for a national cloud give -Environment.");
                SkipRest("the sign-in failed", GraphReachable, GraphPermissions, UserRead, MailboxOnline, CalendarRead, CalendarWrite);
                return checks;
            }

            Emit(SignIn, ConnectionCheckResult.Pass, $"token acquired from {token.Authority} for {token.Resource}" + (token.Roles == null ? " (opaque token)" : " (JWT)"));

            var target = string.IsNullOrWhiteSpace(mailbox) ? null : mailbox!.Trim();
            if (target == null)
            {
                EmitRoles(token.Roles, Emit, null, null, null);
                SkipRest("no mailbox given (-Mailbox)", UserRead, MailboxOnline, CalendarRead, CalendarWrite);
                return checks;
            }

            // 2. Graph reachable and the token accepted: the first request.
            var user = await probe.ReadUserAsync(target, cancellationToken).ConfigureAwait(false);
            if (user.Status == 0)
            {
                Emit(GraphReachable, ConnectionCheckResult.Fail, user.Detail, "Check DNS, the proxy and the firewall for the Graph host (graph.microsoft.com in the global cloud), and -Environment.");
                SkipRest("Graph cannot be reached", GraphPermissions, UserRead, MailboxOnline, CalendarRead, CalendarWrite);
                return checks;
            }

            if (user.Status == 401)
            {
                Emit(GraphReachable, ConnectionCheckResult.Fail, "Graph refused the token: " + user.Detail, "The token is not for this Graph (wrong cloud or resource) or expired: check -Environment, and sign in again.");
                SkipRest("Graph refused the token", GraphPermissions, UserRead, MailboxOnline, CalendarRead, CalendarWrite);
                return checks;
            }

            Emit(GraphReachable, ConnectionCheckResult.Pass, $"Graph answered and accepted the token (HTTP {user.Status})");

            var calendar = await probe.ReadCalendarAsync(target, cancellationToken).ConfigureAwait(false);
            var permissions = await probe.ReadCalendarPermissionsAsync(target, cancellationToken).ConfigureAwait(false);
            var onPremises = IsCode(calendar, "MailboxNotEnabledForRESTAPI") || IsCode(permissions, "MailboxNotEnabledForRESTAPI");

            bool? canReadUser = user.Ok ? true : user.Status == 403 ? false : (bool?)null;
            bool? canRead = calendar.Ok || permissions.Ok ? true : permissions.Status == 403 || calendar.Status == 403 ? false : (bool?)null;
            bool? canWrite = token.Roles != null ? token.Roles.Contains("Calendars.ReadWrite", StringComparer.OrdinalIgnoreCase)
                : canRead == false ? false : calendar.CanEdit;

            // 3. The permissions the token carries.
            EmitRoles(token.Roles, Emit, canReadUser, canRead, canWrite);

            // 4. Per capability.
            if (user.Ok)
            {
                Emit(UserRead, ConnectionCheckResult.Pass, $"{target} found in the directory");
            }
            else if (user.Status == 403)
            {
                Emit(UserRead, ConnectionCheckResult.Fail, $"reading {target} was refused: {user.Detail}", "Grant the application permission User.Read.All" + Consent + " Without it mailboxes and users cannot be resolved.");
            }
            else
            {
                Emit(UserRead, ConnectionCheckResult.Fail, $"reading {target}: {user.Detail}", $"Check the address: {target} is not a user of this tenant.");
            }

            if (onPremises)
            {
                Emit(MailboxOnline, ConnectionCheckResult.Fail, $"{target} is not in Exchange Online: {(IsCode(calendar, "MailboxNotEnabledForRESTAPI") ? calendar.Detail : permissions.Detail)}",
                    $"The mailbox is on-premises (hybrid) or has no Exchange Online licence: manage it over EWS (Connect-CalendarSharing -Mailbox {target} -Credential ...), or test that with Test-CalendarSharingConnection -Mailbox {target} -Credential ...");
                SkipRest("the mailbox is not in Exchange Online", CalendarRead, CalendarWrite);
                return checks;
            }

            if (calendar.Ok)
            {
                Emit(MailboxOnline, ConnectionCheckResult.Pass, $"{target}'s calendar answered through REST");
            }
            else if (calendar.Status == 403)
            {
                Emit(MailboxOnline, ConnectionCheckResult.Skipped, "cannot tell: reading the calendar was refused (see CalendarRead)");
            }
            else
            {
                Emit(MailboxOnline, ConnectionCheckResult.Fail, $"{target}'s calendar: {calendar.Detail}", "Check that the user has an Exchange Online mailbox (licence assigned, mailbox provisioned).");
            }

            if (permissions.Ok)
            {
                Emit(CalendarRead, ConnectionCheckResult.Pass, $"{target}\\Calendar's permissions are readable");
            }
            else if (permissions.Status == 403 || calendar.Status == 403)
            {
                Emit(CalendarRead, ConnectionCheckResult.Fail, $"reading {target}\\Calendar's permissions was refused: {(permissions.Status == 403 ? permissions.Detail : calendar.Detail)}",
                    "Grant the application permission Calendars.ReadWrite (Calendars.Read is enough for Get-CalendarPermission only)" + Consent + " If it is granted, check for an application access policy (New-ApplicationAccessPolicy) that leaves this mailbox out.");
            }
            else
            {
                Emit(CalendarRead, ConnectionCheckResult.Fail, $"reading {target}\\Calendar's permissions: {permissions.Detail}", "Run again with -Debug to see the request; check the mailbox.");
            }

            if (canWrite == true)
            {
                Emit(CalendarWrite, ConnectionCheckResult.Pass, token.Roles != null ? "the token carries Calendars.ReadWrite" : $"{target}\\Calendar reports canEdit: true");
            }
            else if (canWrite == false)
            {
                Emit(CalendarWrite, ConnectionCheckResult.Fail, token.Roles != null ? "the token does not carry Calendars.ReadWrite" : canRead == false ? "the calendar cannot even be read" : $"{target}\\Calendar reports canEdit: false (read-only access)",
                    "Grant the application permission Calendars.ReadWrite" + Consent + " Set-CalendarShare and Remove-CalendarShare need it.");
            }
            else
            {
                Emit(CalendarWrite, ConnectionCheckResult.Warn, "cannot tell: the token is opaque and the calendar did not say canEdit", "Make sure the app has the application permission Calendars.ReadWrite with admin consent.");
            }

            return checks;
        }

        private static void EmitRoles(IReadOnlyList<string>? roles, Action<string, ConnectionCheckResult, string, string?> emit, bool? canReadUser, bool? canRead, bool? canWrite)
        {
            if (roles != null)
            {
                var has = new Func<string[], bool>(names => roles.Any(r => names.Contains(r, StringComparer.OrdinalIgnoreCase)));
                var list = roles.Count == 0 ? "none" : string.Join(", ", roles.OrderBy(r => r, StringComparer.OrdinalIgnoreCase));
                var missing = new List<string>();
                if (!roles.Contains("Calendars.ReadWrite", StringComparer.OrdinalIgnoreCase))
                {
                    missing.Add("Calendars.ReadWrite");
                }

                if (!has(UserRoles))
                {
                    missing.Add("User.Read.All");
                }

                var result = missing.Count == 0 ? ConnectionCheckResult.Pass : has(ReadRoles) ? ConnectionCheckResult.Warn : ConnectionCheckResult.Fail;
                emit(GraphPermissions, result, "application permissions in the token: " + list,
                    missing.Count == 0 ? null : "Grant the application permission " + string.Join(" and ", missing) + Consent);
                return;
            }

            if (canReadUser == null && canRead == null && canWrite == null)
            {
                emit(GraphPermissions, ConnectionCheckResult.Skipped, "the token is opaque (not a JWT) and no mailbox was given to probe with", null);
                return;
            }

            string Say(bool? value) => value == true ? "yes" : value == false ? "no" : "unknown";
            var text = $"the token is opaque; probed: User.Read.All {Say(canReadUser)}, Calendars.Read {Say(canRead)}, Calendars.ReadWrite {Say(canWrite)}";
            var lacking = new List<string>();
            if (canWrite == false)
            {
                lacking.Add("Calendars.ReadWrite");
            }

            if (canReadUser == false)
            {
                lacking.Add("User.Read.All");
            }

            if (lacking.Count > 0)
            {
                emit(GraphPermissions, canRead == true ? ConnectionCheckResult.Warn : ConnectionCheckResult.Fail, text, "Grant the application permission " + string.Join(" and ", lacking) + Consent);
            }
            else if (canReadUser == true && canRead == true && canWrite == true)
            {
                emit(GraphPermissions, ConnectionCheckResult.Pass, text, null);
            }
            else
            {
                emit(GraphPermissions, ConnectionCheckResult.Skipped, text + " (test with a mailbox in Exchange Online to know more)", null);
            }
        }

        private static bool IsCode(GraphCallFacts facts, string code) => string.Equals(facts.Code, code, StringComparison.OrdinalIgnoreCase);
    }
}
