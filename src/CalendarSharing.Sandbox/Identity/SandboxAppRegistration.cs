using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace CalendarSharing.Sandbox.Identity
{
    /// <summary>
    /// An Entra app registration of the sandbox tenant: a client id with client secrets and/or certificates (only the
    /// public key is used). By default its app tokens act as every application permission (Calendars.ReadWrite on every
    /// cloud mailbox, User.Read.All); <see cref="Roles"/>, once set, limits them to the permissions granted.
    /// </summary>
    public sealed class SandboxAppRegistration
    {
        private readonly object gate = new object();
        private readonly List<string> secrets = new List<string>();
        private readonly List<X509Certificate2> certificates = new List<X509Certificate2>();
        private string[]? roles;

        internal SandboxAppRegistration(string clientId, string displayName, bool isManagedIdentity)
        {
            ClientId = clientId;
            DisplayName = displayName;
            IsManagedIdentity = isManagedIdentity;
        }

        public string ClientId { get; }

        public string DisplayName { get; }

        /// <summary>A managed identity: tokens come from the IMDS endpoint, not the token endpoint.</summary>
        public bool IsManagedIdentity { get; }

        /// <summary>The registered client secrets (sandbox-only; SandboxServer prints the seeded one).</summary>
        public IReadOnlyList<string> Secrets
        {
            get
            {
                lock (gate)
                {
                    return secrets.ToArray();
                }
            }
        }

        /// <summary>The registered certificates (public keys).</summary>
        public IReadOnlyList<X509Certificate2> Certificates
        {
            get
            {
                lock (gate)
                {
                    return certificates.ToArray();
                }
            }
        }

        /// <summary>
        /// The application permissions granted with admin consent (Calendars.Read, Calendars.ReadWrite, User.Read.All …),
        /// or null when the app may do everything (the default, and the seeded app).
        /// </summary>
        public IReadOnlyList<string>? Roles
        {
            get
            {
                lock (gate)
                {
                    return roles == null ? null : (string[])roles.Clone();
                }
            }
        }

        internal void SetRoles(IEnumerable<string> granted)
        {
            var list = new List<string>();
            foreach (var role in granted)
            {
                if (!string.IsNullOrWhiteSpace(role))
                {
                    list.Add(role.Trim());
                }
            }

            lock (gate)
            {
                roles = list.ToArray();
            }
        }

        internal void Add(string secret)
        {
            lock (gate)
            {
                secrets.Add(secret);
            }
        }

        internal void Add(X509Certificate2 certificate)
        {
            lock (gate)
            {
                certificates.Add(certificate);
            }
        }

        internal bool HasSecret(string secret)
        {
            lock (gate)
            {
                foreach (var known in secrets)
                {
                    if (FixedTimeEquals(known, secret))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private static bool FixedTimeEquals(string a, string b)
        {
            var diff = a.Length ^ b.Length;
            for (var i = 0; i < a.Length && i < b.Length; i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }
    }
}
