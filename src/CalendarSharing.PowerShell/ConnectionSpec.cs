using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CalendarSharing.Core.Credentials;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// The sign-in parameters Connect-CalendarSharing declares, as the mapping reads them. Test-CalendarSharingConnection
    /// declares a subset of them (same names, same set names) and answers the rest as "not given".
    /// </summary>
    internal interface IConnectParameters
    {
        string ParameterSetName { get; }

        SwitchParameter Sandbox { get; }

        int SandboxMailboxCount { get; }

        string Backend { get; }

        string? Mailbox { get; }

        Uri? EwsUrl { get; }

        PSCredential? Credential { get; }

        string? CredentialName { get; }

        EwsAuthentication Authentication { get; }

        SecureString? AccessToken { get; }

        SwitchParameter Impersonation { get; }

        string[] AllowRedirectTo { get; }

        SwitchParameter SkipCertificateCheck { get; }

        string? TenantId { get; }

        string? ClientId { get; }

        string? CertificateThumbprint { get; }

        string? CertificatePath { get; }

        SecureString? CertificatePassword { get; }

        X509Certificate2? Certificate { get; }

        SecureString? ClientSecret { get; }

        SwitchParameter ManagedIdentity { get; }

        string? ManagedIdentityClientId { get; }

        SwitchParameter DeviceCode { get; }

        SecureString? GraphAccessToken { get; }

        string Environment { get; }
    }

    /// <summary>
    /// The one mapping from Connect-CalendarSharing's parameter sets to a connection spec (<see cref="ConnectRequest"/>),
    /// used by Connect-CalendarSharing and by Test-CalendarSharingConnection, so a sign-in means the same in both.
    /// </summary>
    internal static class ConnectionSpec
    {
        public const string SandboxSet = "Sandbox";
        public const string EwsSet = "Ews";
        public const string AccessTokenSet = "AccessToken";
        public const string EwsStoredCredentialSet = "EwsStoredCredential";
        public const string AutodiscoverSet = "Autodiscover";
        public const string GraphThumbprintSet = "GraphCertificateThumbprint";
        public const string GraphCertificatePathSet = "GraphCertificatePath";
        public const string GraphCertificateSet = "GraphCertificate";
        public const string GraphSecretSet = "GraphClientSecret";
        public const string GraphManagedIdentitySet = "GraphManagedIdentity";
        public const string GraphDeviceCodeSet = "GraphDeviceCode";
        public const string GraphAccessTokenSet = "GraphAccessToken";

        /// <summary>
        /// The spec for the parameters as bound. <paramref name="resolvePath"/> makes a PowerShell path a file system
        /// path (-CertificatePath); <paramref name="readStoredCredential"/> decrypts -CredentialName.
        /// </summary>
        public static ConnectRequest From(IConnectParameters p, Func<string, string> resolvePath, Func<string, StoredCredential> readStoredCredential)
        {
            var request = new ConnectRequest
            {
                Mailbox = p.Mailbox,
                Trace = DebugTrace.Write,
                Verbose = line => DebugTrace.Current?.WriteVerbose(line),
            };

            switch (p.ParameterSetName)
            {
                case SandboxSet:
                    request.Kind = ConnectionKind.Sandbox;
                    request.SandboxMailboxCount = p.SandboxMailboxCount;
                    request.SandboxBackend = p.Backend;
                    return request;
                case GraphThumbprintSet:
                case GraphCertificatePathSet:
                case GraphCertificateSet:
                case GraphSecretSet:
                case GraphManagedIdentitySet:
                case GraphDeviceCodeSet:
                case GraphAccessTokenSet:
                    request.Kind = ConnectionKind.Graph;
                    request.Graph = GraphSignIn(p, resolvePath);
                    return request;
            }

            request.Kind = ConnectionKind.Ews;
            request.EwsUrl = p.EwsUrl;
            request.Authentication = p.Authentication;
            request.Impersonation = p.Impersonation;
            request.AllowRedirectTo = p.AllowRedirectTo ?? Array.Empty<string>();
            request.SkipCertificateCheck = p.SkipCertificateCheck;
            switch (p.ParameterSetName)
            {
                case AccessTokenSet:
                    request.AccessToken = p.AccessToken;
                    break;
                case EwsStoredCredentialSet:
                    var stored = readStoredCredential(p.CredentialName!);
                    request.UserName = stored.UserName;
                    request.Password = stored.Password;
                    break;
                default:
                    request.UserName = p.Credential?.UserName;
                    request.Password = p.Credential?.Password;
                    break;
            }

            return request;
        }

        private static GraphConnectRequest GraphSignIn(IConnectParameters p, Func<string, string> resolvePath)
        {
            var graph = new GraphConnectRequest
            {
                TenantId = p.TenantId,
                ClientId = p.ClientId,
                Environment = p.Environment,

                // The prompt comes from Azure.Identity on the engine's worker: it goes through the sink to the pipeline thread.
                DeviceCodePrompt = message => DebugTrace.Current?.WriteWarning(message),
            };
            switch (p.ParameterSetName)
            {
                case GraphThumbprintSet:
                    graph.SignIn = "ClientCertificate";
                    graph.CertificateThumbprint = p.CertificateThumbprint;
                    break;
                case GraphCertificatePathSet:
                    graph.SignIn = "ClientCertificate";
                    graph.CertificatePath = resolvePath(p.CertificatePath!);
                    graph.CertificatePassword = p.CertificatePassword;
                    break;
                case GraphCertificateSet:
                    graph.SignIn = "ClientCertificate";
                    graph.Certificate = p.Certificate;
                    break;
                case GraphSecretSet:
                    graph.SignIn = "ClientSecret";
                    graph.ClientSecret = p.ClientSecret;
                    break;
                case GraphManagedIdentitySet:
                    graph.SignIn = "ManagedIdentity";
                    graph.ManagedIdentityClientId = p.ManagedIdentityClientId;
                    break;
                case GraphDeviceCodeSet:
                    graph.SignIn = "DeviceCode";
                    break;
                default:
                    graph.SignIn = "AccessToken";
                    graph.AccessToken = p.GraphAccessToken;
                    break;
            }

            return graph;
        }
    }
}
