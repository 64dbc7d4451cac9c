using System;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace CalendarSharing.Online.Identity
{
    /// <summary>How a Graph connection signs in.</summary>
    public enum GraphSignInKind
    {
        /// <summary>App-only with a certificate (store thumbprint, .pfx file, or an X509Certificate2).</summary>
        ClientCertificate,
        /// <summary>App-only with a client secret.</summary>
        ClientSecret,
        /// <summary>The Azure managed identity of the host (system- or user-assigned).</summary>
        ManagedIdentity,
        /// <summary>A user signs in on another device with a code shown here.</summary>
        DeviceCode,
        /// <summary>A token the caller already acquired.</summary>
        AccessToken,
    }

    /// <summary>
    /// What the sign-in needs. Secrets stay SecureString (or the certificate object); nothing here is ever written
    /// to output, and <see cref="ToString"/> names the kind and ids only.
    /// </summary>
    public sealed class GraphSignIn
    {
        public GraphSignInKind Kind { get; set; }

        /// <summary>Directory (tenant) id or a verified domain such as contoso.onmicrosoft.com.</summary>
        public string? TenantId { get; set; }

        /// <summary>Application (client) id of the app registration.</summary>
        public string? ClientId { get; set; }

        /// <summary>Thumbprint of a certificate in CurrentUser\My or LocalMachine\My (with its private key).</summary>
        public string? CertificateThumbprint { get; set; }

        /// <summary>Path of a .pfx/.p12 file holding the certificate and its private key.</summary>
        public string? CertificatePath { get; set; }

        public SecureString? CertificatePassword { get; set; }

        public X509Certificate2? Certificate { get; set; }

        public SecureString? ClientSecret { get; set; }

        /// <summary>Client id of a user-assigned managed identity; null for the system-assigned one.</summary>
        public string? ManagedIdentityClientId { get; set; }

        public SecureString? AccessToken { get; set; }

        /// <summary>Receives the device code prompt ("To sign in, use a web browser to open …"). Required for DeviceCode.</summary>
        public Action<string>? DeviceCodePrompt { get; set; }

        public GraphEnvironment Environment { get; set; } = GraphEnvironment.Global;

        /// <summary>Overrides the cloud's authority host (the sandbox's token endpoint, a test server).</summary>
        public Uri? AuthorityHost { get; set; }

        /// <summary>What the connection shows as its user: the app id, "managed identity", or "access token".</summary>
        public string DisplayName
        {
            get
            {
                switch (Kind)
                {
                    case GraphSignInKind.ManagedIdentity:
                        return ManagedIdentityClientId is null ? "managed identity (system-assigned)" : $"managed identity {ManagedIdentityClientId}";
                    case GraphSignInKind.AccessToken:
                        return "access token";
                    case GraphSignInKind.DeviceCode:
                        return $"device code sign-in, app {ClientId}";
                    default:
                        return $"app {ClientId}";
                }
            }
        }

        public override string ToString() => $"{Kind} {DisplayName} ({Environment})";
    }
}
