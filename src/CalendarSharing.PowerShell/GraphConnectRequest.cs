using System;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace CalendarSharing.PowerShell
{
    /// <summary>How a Graph connection signs in, as Connect-CalendarSharing received it. Free of PowerShell, Graph and Azure types.</summary>
    internal sealed class GraphConnectRequest
    {
        /// <summary>ClientCertificate, ClientSecret, ManagedIdentity, DeviceCode or AccessToken.</summary>
        public string SignIn { get; set; } = "ClientCertificate";

        public string? TenantId { get; set; }

        public string? ClientId { get; set; }

        public string? CertificateThumbprint { get; set; }

        public string? CertificatePath { get; set; }

        public SecureString? CertificatePassword { get; set; }

        public X509Certificate2? Certificate { get; set; }

        public SecureString? ClientSecret { get; set; }

        public string? ManagedIdentityClientId { get; set; }

        public SecureString? AccessToken { get; set; }

        /// <summary>Global, USGov, USGovDoD or China.</summary>
        public string Environment { get; set; } = "Global";

        /// <summary>Where the device code prompt goes (the host, as a warning).</summary>
        public Action<string>? DeviceCodePrompt { get; set; }

        /// <summary>Test hooks: another Graph root, authority host and transport (the sandbox's).</summary>
        public Uri? GraphRoot { get; set; }

        public Uri? AuthorityHost { get; set; }

        public System.Net.Http.HttpMessageHandler? Handler { get; set; }

        public override string ToString() => $"{SignIn} {ClientId ?? ManagedIdentityClientId} ({Environment})";
    }
}
