using System;
using CalendarSharing.Core.Credentials;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Identity
{
    /// <summary>
    /// Turns a <see cref="GraphSignIn"/> into the Azure.Identity credential for it. All token traffic goes through the
    /// injected handler when one is given (the sandbox's token endpoint in tests), and a custom authority host turns
    /// off MSAL's instance discovery (which would otherwise ask login.microsoftonline.com about the host).
    /// </summary>
    internal static class CredentialFactory
    {
        public static TokenCredential Create(GraphSignIn signIn, HttpMessageHandler? handler)
        {
            if (signIn is null)
            {
                throw new ArgumentNullException(nameof(signIn));
            }

            var authority = signIn.AuthorityHost ?? GraphCloud.AuthorityHost(signIn.Environment);
            var custom = signIn.AuthorityHost != null;
            switch (signIn.Kind)
            {
                case GraphSignInKind.ClientCertificate:
                    {
                        var options = Configure(new ClientCertificateCredentialOptions(), authority, custom, handler);
                        options.DisableInstanceDiscovery = custom;
                        return new ClientCertificateCredential(Require(signIn.TenantId, "-TenantId"), Require(signIn.ClientId, "-ClientId"), LoadCertificate(signIn), options);
                    }

                case GraphSignInKind.ClientSecret:
                    {
                        var options = Configure(new ClientSecretCredentialOptions(), authority, custom, handler);
                        options.DisableInstanceDiscovery = custom;
                        if (signIn.ClientSecret is null || signIn.ClientSecret.Length == 0)
                        {
                            throw Invalid("A client secret sign-in needs -ClientSecret.");
                        }

                        // Azure.Identity keeps the secret as a string inside the credential; it is revealed here, once,
                        // and never stored anywhere else.
                        return new ClientSecretCredential(Require(signIn.TenantId, "-TenantId"), Require(signIn.ClientId, "-ClientId"), SecureStringText.Reveal(signIn.ClientSecret), options);
                    }

                case GraphSignInKind.ManagedIdentity:
                    {
                        var id = string.IsNullOrWhiteSpace(signIn.ManagedIdentityClientId)
                            ? ManagedIdentityId.SystemAssigned
                            : ManagedIdentityId.FromUserAssignedClientId(signIn.ManagedIdentityClientId!.Trim());
                        var options = new ManagedIdentityCredentialOptions(id);
                        if (handler != null)
                        {
                            options.Transport = new HttpClientTransport(handler);
                        }

                        return new ManagedIdentityCredential(options);
                    }

                case GraphSignInKind.DeviceCode:
                    {
                        var prompt = signIn.DeviceCodePrompt ?? throw Invalid("A device code sign-in needs somewhere to show the code.");
                        var options = Configure(new DeviceCodeCredentialOptions(), authority, custom, handler);
                        options.DisableInstanceDiscovery = custom;
                        options.TenantId = Require(signIn.TenantId, "-TenantId");
                        options.ClientId = Require(signIn.ClientId, "-ClientId");
                        options.DeviceCodeCallback = (info, token) =>
                        {
                            // The message holds the URL and the user code, which are meant for the user; never the token.
                            prompt(info.Message);
                            return Task.CompletedTask;
                        };
                        return new DeviceCodeCredential(options);
                    }

                case GraphSignInKind.AccessToken:
                    if (signIn.AccessToken is null || signIn.AccessToken.Length == 0)
                    {
                        throw Invalid("An access token sign-in needs -GraphAccessToken.");
                    }

                    return new StaticTokenCredential(signIn.AccessToken);

                default:
                    throw Invalid($"Unknown sign-in kind {signIn.Kind}.");
            }
        }

        private static T Configure<T>(T options, Uri authority, bool custom, HttpMessageHandler? handler)
            where T : TokenCredentialOptions
        {
            options.AuthorityHost = authority;
            if (handler != null)
            {
                options.Transport = new HttpClientTransport(handler);
            }

            // No request or response content in Azure.Identity's own event source logs (it would carry tokens).
            options.Diagnostics.IsLoggingContentEnabled = false;
            options.Diagnostics.IsAccountIdentifierLoggingEnabled = false;
            return options;
        }

        /// <summary>The certificate with its private key: as given, from a .pfx file, or from the store by thumbprint.</summary>
        internal static X509Certificate2 LoadCertificate(GraphSignIn signIn)
        {
            X509Certificate2 certificate;
            if (signIn.Certificate != null)
            {
                certificate = signIn.Certificate;
            }
            else if (!string.IsNullOrWhiteSpace(signIn.CertificatePath))
            {
                if (!System.IO.File.Exists(signIn.CertificatePath))
                {
                    throw Invalid(Texts.Format(nameof(Texts.SignIn_CertificateFileMissing), signIn.CertificatePath));
                }

                try
                {
                    certificate = signIn.CertificatePassword is null
                        ? new X509Certificate2(signIn.CertificatePath!)
                        : new X509Certificate2(signIn.CertificatePath!, signIn.CertificatePassword);
                }
                catch (System.Security.Cryptography.CryptographicException ex)
                {
                    // The exception text never holds the password; the message names the file only.
                    throw new BackendException(new BackendError(BackendErrorCode.InvalidInput, Texts.Format(nameof(Texts.SignIn_CertificateFileUnreadable), signIn.CertificatePath)), ex);
                }
            }
            else if (!string.IsNullOrWhiteSpace(signIn.CertificateThumbprint))
            {
                certificate = FromStore(signIn.CertificateThumbprint!)
                    ?? throw Invalid(Texts.Format(nameof(Texts.SignIn_ThumbprintNotFound), signIn.CertificateThumbprint));
            }
            else
            {
                throw Invalid("A certificate sign-in needs -CertificateThumbprint, -CertificatePath or -Certificate.");
            }

            if (!certificate.HasPrivateKey)
            {
                throw Invalid($"The certificate {certificate.Thumbprint} has no private key; app-only sign-in needs it.");
            }

            return certificate;
        }

        private static X509Certificate2? FromStore(string thumbprint)
        {
            var wanted = thumbprint.Replace(" ", string.Empty).Replace(":", string.Empty).Trim();
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using var store = new X509Store(StoreName.My, location);
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                    foreach (var c in found)
                    {
                        if (c.HasPrivateKey)
                        {
                            return c;
                        }
                    }
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    // The store does not exist on this machine (LocalMachine\My on Linux): try the next one.
                }
            }

            return null;
        }

        private static string Require(string? value, string parameter) =>
            string.IsNullOrWhiteSpace(value) ? throw Invalid($"This sign-in needs {parameter}.") : value!.Trim();

        private static BackendException Invalid(string message) => new BackendException(new BackendError(BackendErrorCode.InvalidInput, message));
    }
}
