using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using CalendarSharing.Sandbox.Behaviour;
using CalendarSharing.Sandbox.Identity;

namespace CalendarSharing.Sandbox
{
    /// <summary>A sharing invitation the sandbox "mailed" because a calendarPermission was created through Graph.</summary>
    public sealed class SandboxInvitation
    {
        public SandboxInvitation(string from, string calendar, string to, string role)
        {
            From = from;
            Calendar = calendar;
            To = to;
            Role = role;
        }

        /// <summary>The calendar owner's SMTP address.</summary>
        public string From { get; }

        /// <summary>The calendar's display name (Calendar, Kalender, Team Events, ...).</summary>
        public string Calendar { get; }

        /// <summary>The recipient's SMTP address.</summary>
        public string To { get; }

        /// <summary>The Graph calendarRoleType granted (freeBusyRead, read, ...).</summary>
        public string Role { get; }

        public override string ToString() => From + ":\\" + Calendar + " -> " + To + " (" + Role + ")";
    }

    // Exchange Online: mailbox homes, the Graph v1.0 endpoint and the Entra-style token endpoint of the sandbox tenant.
    public sealed partial class SandboxOrganization
    {
        /// <summary>The tenant id (also accepted as contoso.onmicrosoft.com or contoso.com in token URLs).</summary>
        public const string TenantId = "7d2c5e8a-3f41-4b6e-9c0d-5a1b2c3d4e5f";

        public const string TenantDomain = "contoso.onmicrosoft.com";

        /// <summary>The seeded app registration (client secret <see cref="SandboxAppSecret"/>), printed by SandboxServer.</summary>
        public const string SandboxAppClientId = "3f0c8a52-6d1e-4b7a-9e25-0c4d8b1a7f36";

        /// <summary>The seeded app's client secret (sandbox-only).</summary>
        public const string SandboxAppSecret = "Sandbox!AppSecret1";

        /// <summary>The seeded system-assigned managed identity (tokens from the IMDS endpoint).</summary>
        public const string ManagedIdentityClientId = "9a4e2b71-0c3d-4f58-8e16-2b7d5c9a0e43";

        /// <summary>Graph v1.0 in process; on SandboxHost it is https://127.0.0.1:PORT/v1.0/ (routing is by path).</summary>
        public static readonly Uri DefaultGraphBaseUrl = new Uri("https://graph.sandbox.contoso.com/v1.0/");

        /// <summary>The Entra authority host in process (Azure.Identity AuthorityHost); on SandboxHost the host's base address.</summary>
        public static readonly Uri DefaultLoginUrl = new Uri("https://login.sandbox.contoso.com/");

        internal static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(3599);

        private readonly Dictionary<string, SandboxAppRegistration> apps = new Dictionary<string, SandboxAppRegistration>(StringComparer.OrdinalIgnoreCase);
        private readonly List<SandboxInvitation> invitations = new List<SandboxInvitation>();
        private int graphThrottledResponses;

        public Uri GraphBaseUrl => DefaultGraphBaseUrl;

        public Uri LoginUrl => DefaultLoginUrl;

        /// <summary>The client-credentials token endpoint of the tenant.</summary>
        public Uri TokenEndpoint => new Uri(LoginUrl, TenantId + "/oauth2/v2.0/token");

        /// <summary>The app registrations of the tenant (the seeded app, the managed identity, and RegisterApp's).</summary>
        public IReadOnlyList<SandboxAppRegistration> Apps
        {
            get
            {
                lock (apps)
                {
                    return apps.Values.ToArray();
                }
            }
        }

        /// <summary>Invitations sent because a calendarPermission was created through Graph, oldest first.</summary>
        public IReadOnlyList<SandboxInvitation> SentInvitations
        {
            get
            {
                lock (invitations)
                {
                    return invitations.ToArray();
                }
            }
        }

        /// <summary>429 responses sent because a caller was past GraphConcurrencyLimit for a mailbox.</summary>
        public int GraphThrottledResponses => Volatile.Read(ref graphThrottledResponses);

        /// <summary>Where the account's mailbox lives, or null for an unknown address.</summary>
        public MailboxHome? HomeOf(string address) => FindMailbox(address)?.Account.Home;

        /// <summary>Registers (or adds a secret to) an app that signs in with a client secret.</summary>
        public SandboxAppRegistration RegisterApp(string clientId, string secret)
        {
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw new ArgumentException("A client secret is required.", nameof(secret));
            }

            var app = App(clientId, "App " + clientId, false);
            app.Add(secret);
            return app;
        }

        /// <summary>
        /// Registers (or adds a secret to) an app whose application permissions are exactly <paramref name="roles"/>
        /// (Calendars.Read, Calendars.ReadWrite, User.Read.All …, as granted with admin consent); an empty array grants
        /// none. Graph refuses what they do not cover with 403, as Exchange Online and Entra do.
        /// </summary>
        public SandboxAppRegistration RegisterApp(string clientId, string secret, params string[] roles)
        {
            var app = RegisterApp(clientId, secret);
            app.SetRoles(roles ?? Array.Empty<string>());
            return app;
        }

        /// <summary>Registers (or adds a certificate to) an app that signs in with a client assertion signed by this certificate.</summary>
        public SandboxAppRegistration RegisterApp(string clientId, X509Certificate2 certificate)
        {
            if (certificate == null)
            {
                throw new ArgumentNullException(nameof(certificate));
            }

            using (var key = certificate.GetRSAPublicKey())
            {
                if (key == null)
                {
                    throw new ArgumentException("Only RSA certificates are supported.", nameof(certificate));
                }
            }

            var app = App(clientId, "App " + clientId, false);
            app.Add(certificate);
            return app;
        }

        /// <summary>
        /// Issues a Graph access token directly: app-only for the seeded app when <paramref name="user"/> is null
        /// (application permission Calendars.ReadWrite on every cloud mailbox), else a delegated token for that user.
        /// A negative <paramref name="lifetime"/> gives an already expired token.
        /// </summary>
        public string IssueGraphToken(string? user = null, TimeSpan? lifetime = null)
        {
            SandboxAccount? account = null;
            if (user != null)
            {
                account = FindAccount(user) ?? throw new ArgumentException("No sandbox account " + user + ".", nameof(user));
            }

            return Tokens.Issue(new IssuedToken(SandboxAppClientId, account, "https://graph.microsoft.com", DateTimeOffset.UtcNow + (lifetime ?? TokenLifetime)));
        }

        internal SandboxAppRegistration? FindApp(string clientId)
        {
            lock (apps)
            {
                return apps.TryGetValue(clientId.Trim(), out var app) ? app : null;
            }
        }

        internal bool IsTenant(string segment) =>
            string.Equals(segment, TenantId, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(segment, TenantDomain, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(segment, Domain, StringComparison.OrdinalIgnoreCase);

        internal string TenantSegmentOrCommon(string segment) => IsTenant(Uri.UnescapeDataString(segment)) ? TenantId : "common";

        internal void RecordInvitation(SandboxInvitation invitation)
        {
            lock (invitations)
            {
                invitations.Add(invitation);
            }
        }

        internal void CountGraphThrottled() => Interlocked.Increment(ref graphThrottledResponses);

        /// <summary>Homes per topology, object ids, and the seeded app registrations.</summary>
        private void SeedCloud()
        {
            foreach (var account in accounts)
            {
                account.ObjectId = ObjectIdOf(account.Address);
                account.Home = HomeIn(Options.Topology, account.Address);
            }

            App(SandboxAppClientId, "CalendarSharing Sandbox App", false).Add(SandboxAppSecret);
            App(ManagedIdentityClientId, "Sandbox Automation Account (managed identity)", true);
        }

        private static MailboxHome HomeIn(SandboxTopology topology, string address)
        {
            switch (topology)
            {
                case SandboxTopology.Cloud:
                    return MailboxHome.Cloud;
                case SandboxTopology.Hybrid:
                    var alias = address.Substring(0, address.IndexOf('@'));
                    if (alias == "admin" || alias == "carol" || alias == "marie")
                    {
                        return MailboxHome.Cloud;
                    }

                    if (alias.StartsWith("user", StringComparison.Ordinal) &&
                        int.TryParse(alias.Substring(4), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                    {
                        return number % 2 == 0 ? MailboxHome.Cloud : MailboxHome.OnPremises;
                    }

                    return MailboxHome.OnPremises;
                default:
                    return MailboxHome.OnPremises;
            }
        }

        // A stable GUID per address, so object ids survive restarts (tests and docs may quote them).
        private static Guid ObjectIdOf(string address)
        {
            using (var md5 = MD5.Create())
            {
                var bytes = md5.ComputeHash(Encoding.UTF8.GetBytes("contoso-object:" + address.ToLowerInvariant()));
                bytes[7] = (byte)((bytes[7] & 0x0F) | 0x30); // version 3 (name-based, MD5)
                bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
                return new Guid(bytes);
            }
        }

        private SandboxAppRegistration App(string clientId, string displayName, bool managedIdentity)
        {
            if (string.IsNullOrWhiteSpace(clientId))
            {
                throw new ArgumentException("A client id is required.", nameof(clientId));
            }

            lock (apps)
            {
                if (!apps.TryGetValue(clientId.Trim(), out var app))
                {
                    app = new SandboxAppRegistration(clientId.Trim(), displayName, managedIdentity);
                    apps.Add(app.ClientId, app);
                }

                return app;
            }
        }
    }
}
