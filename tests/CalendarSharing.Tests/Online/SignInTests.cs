using System;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Identity;
using CalendarSharing.Core.Backends;
using CalendarSharing.Online.Identity;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// Each way to sign in becomes the right Azure.Identity credential; clouds map to the national-cloud table in
    /// https://learn.microsoft.com/graph/deployments.
    /// </summary>
    public sealed class SignInTests
    {
        internal static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        internal static X509Certificate2 SelfSigned(string subject = "CN=CalendarSharing test app")
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        }

        [Theory]
        [InlineData(GraphEnvironment.Global, "https://login.microsoftonline.com/", "https://graph.microsoft.com/")]
        [InlineData(GraphEnvironment.USGov, "https://login.microsoftonline.us/", "https://graph.microsoft.us/")]
        [InlineData(GraphEnvironment.USGovDoD, "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/")]
        [InlineData(GraphEnvironment.China, "https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/")]
        public void Each_cloud_has_its_authority_and_graph_root(GraphEnvironment environment, string authority, string graph)
        {
            Assert.Equal(new Uri(authority), GraphCloud.AuthorityHost(environment));
            Assert.Equal(new Uri(graph), GraphCloud.GraphRoot(environment));
            Assert.Equal(graph + ".default", GraphCloud.DefaultScope(GraphCloud.GraphRoot(environment)));

            var options = new CalendarSharing.Online.Graph.GraphConnectionOptions { SignIn = new GraphSignIn { Environment = environment } };
            Assert.Equal(new Uri(graph + "v1.0"), options.BaseUrl);
        }

        [Fact]
        public void A_certificate_object_becomes_a_ClientCertificateCredential()
        {
            using var cert = SelfSigned();
            var credential = CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.ClientCertificate, TenantId = "contoso.onmicrosoft.com", ClientId = "app", Certificate = cert }, null);
            Assert.IsType<ClientCertificateCredential>(credential);
        }

        [Fact]
        public void A_pfx_path_with_a_password_becomes_a_ClientCertificateCredential_and_a_wrong_password_is_named_without_it()
        {
            using var cert = SelfSigned();
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cs-test-" + Guid.NewGuid().ToString("N") + ".pfx");
            System.IO.File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, "Pfx!Password1"));
            try
            {
                var ok = CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.ClientCertificate, TenantId = "t", ClientId = "app", CertificatePath = path, CertificatePassword = Secure("Pfx!Password1") }, null);
                Assert.IsType<ClientCertificateCredential>(ok);

                var ex = Assert.Throws<BackendException>(() => CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.ClientCertificate, TenantId = "t", ClientId = "app", CertificatePath = path, CertificatePassword = Secure("Wrong!Password2") }, null));
                Assert.Equal(BackendErrorCode.InvalidInput, ex.Error.Code);
                Assert.DoesNotContain("Wrong!Password2", ex.ToString());
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void An_unknown_thumbprint_is_an_input_error_that_names_the_stores()
        {
            var ex = Assert.Throws<BackendException>(() => CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.ClientCertificate, TenantId = "t", ClientId = "app", CertificateThumbprint = "00112233445566778899AABBCCDDEEFF00112233" }, null));
            Assert.Equal(BackendErrorCode.InvalidInput, ex.Error.Code);
            Assert.Contains("CurrentUser\\My", ex.Message);
        }

        [Fact]
        public void A_client_secret_becomes_a_ClientSecretCredential()
        {
            var credential = CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.ClientSecret, TenantId = "t", ClientId = "app", ClientSecret = Secure("Secret!Value1") }, null);
            Assert.IsType<ClientSecretCredential>(credential);
            Assert.DoesNotContain("Secret!Value1", credential.ToString() ?? string.Empty);
        }

        [Fact]
        public void Managed_identity_system_and_user_assigned_become_ManagedIdentityCredential()
        {
            Assert.IsType<ManagedIdentityCredential>(CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.ManagedIdentity }, null));
            Assert.IsType<ManagedIdentityCredential>(CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.ManagedIdentity, ManagedIdentityClientId = "5b0c9e47-1b8f-4d0e-8f5f-6a7b8c9d0e1f" }, null));
        }

        [Fact]
        public void Device_code_becomes_a_DeviceCodeCredential_and_needs_a_prompt()
        {
            Assert.IsType<DeviceCodeCredential>(CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.DeviceCode, TenantId = "t", ClientId = "app", DeviceCodePrompt = _ => { } }, null));
            Assert.Throws<BackendException>(() => CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.DeviceCode, TenantId = "t", ClientId = "app" }, null));
        }

        [Fact]
        public void An_access_token_is_handed_out_as_given_and_never_shown()
        {
            var credential = CredentialFactory.Create(new GraphSignIn { Kind = GraphSignInKind.AccessToken, AccessToken = Secure("eyJ0eXAi.token.value") }, null);
            Assert.IsType<StaticTokenCredential>(credential);
            var token = credential.GetToken(new Azure.Core.TokenRequestContext(new[] { "https://graph.microsoft.com/.default" }), default);
            Assert.Equal("eyJ0eXAi.token.value", token.Token);
            Assert.DoesNotContain("eyJ0eXAi", credential.ToString() ?? string.Empty);
        }

        [Theory]
        [InlineData(GraphSignInKind.ClientSecret)]
        [InlineData(GraphSignInKind.ClientCertificate)]
        [InlineData(GraphSignInKind.DeviceCode)]
        public void Missing_tenant_or_client_id_is_an_input_error(GraphSignInKind kind)
        {
            using var cert = SelfSigned();
            var ex = Assert.Throws<BackendException>(() => CredentialFactory.Create(new GraphSignIn { Kind = kind, ClientSecret = Secure("x"), Certificate = cert, DeviceCodePrompt = _ => { } }, null));
            Assert.Equal(BackendErrorCode.InvalidInput, ex.Error.Code);
            Assert.Contains("-TenantId", ex.Message);
        }
    }
}
