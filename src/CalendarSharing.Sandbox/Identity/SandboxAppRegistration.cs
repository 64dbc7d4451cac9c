using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace CalendarSharing.Sandbox.Identity
{
    /// <summary>
    /// An Entra app registration of the sandbox tenant: a client id with client secrets and/or certificates (only the
    /// public key is used). App tokens act as the application permission Calendars.ReadWrite on every cloud mailbox.
    /// </summary>
    public sealed class SandboxAppRegistration
    {
        private readonly object gate = new object();
        private readonly List<string> secrets = new List<string>();
        private readonly List<X509Certificate2> certificates = new List<X509Certificate2>();

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
