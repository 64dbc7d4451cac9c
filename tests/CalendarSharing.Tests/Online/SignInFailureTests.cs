using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Diagnostics;
using CalendarSharing.Online.Graph;
using CalendarSharing.Online.Identity;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// A failed sign-in names its real cause in the message (not only in an inner exception), over real sockets or the
    /// sandbox's token endpoint, and never holds the secret. The unreachable endpoints are real: a name under the
    /// reserved .invalid TLD (RFC 2606) and a closed port on 127.0.0.1.
    /// </summary>
    public sealed class SignInFailureTests
    {
        private const string Secret = "Never!Shown42";

        [Fact]
        public async Task An_authority_whose_name_does_not_resolve_is_named_as_a_DNS_failure()
        {
            var ex = await ConnectAsync(new GraphSignIn
            {
                Kind = GraphSignInKind.ClientSecret,
                TenantId = "contoso.onmicrosoft.com",
                ClientId = "11111111-2222-3333-4444-555555555555",
                ClientSecret = GraphSandboxSession.Secure(Secret),
                AuthorityHost = new Uri("https://login.invalid/"),
            });

            Assert.Equal(BackendErrorCode.Connection, ex.Error.Code);
            Assert.Contains("login.invalid could not be resolved (DNS)", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("sign-in failed. Check the tenant", ex.Message, StringComparison.Ordinal);
            AssertNoSecret(ex);
        }

        [Fact]
        public async Task An_authority_that_refuses_the_connection_is_named_with_its_endpoint()
        {
            var port = ClosedPort();
            var ex = await ConnectAsync(new GraphSignIn
            {
                Kind = GraphSignInKind.ClientSecret,
                TenantId = "contoso.onmicrosoft.com",
                ClientId = "11111111-2222-3333-4444-555555555555",
                ClientSecret = GraphSandboxSession.Secure(Secret),
                AuthorityHost = new Uri("https://127.0.0.1:" + port + "/"),
            });

            Assert.Equal(BackendErrorCode.Connection, ex.Error.Code);
            Assert.Contains("127.0.0.1:" + port + " refused the connection", ex.Message, StringComparison.Ordinal);
            AssertNoSecret(ex);
        }

        [Fact]
        public async Task A_managed_identity_endpoint_that_cannot_be_reached_says_this_machine_has_no_managed_identity()
        {
            // The real socket stack, with the IMDS address (169.254.169.254) sent to a closed local port instead, so the
            // refusal is immediate and certain on any machine.
            var port = ClosedPort();
            using var handler = new RedirectingHandler("169.254.169.254", port);
            var options = new GraphConnectionOptions { SignIn = new GraphSignIn { Kind = GraphSignInKind.ManagedIdentity }, Handler = handler };
            using var backend = new GraphCalendarBackend(options);
            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));

            Assert.Contains("managed identity", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Azure VM", ex.Message, StringComparison.Ordinal);
            Assert.True(handler.Redirected > 0, "the managed identity credential never asked the IMDS endpoint");
        }

        [Fact]
        public async Task A_wrong_client_secret_names_AADSTS7000215_and_what_to_check_without_the_secret()
        {
            var org = SandboxOrganization.Create(new SandboxOptions { Topology = SandboxTopology.Cloud });
            var options = GraphSandboxSession.Options(org, org.CreateHandler(), new GraphSignIn
            {
                Kind = GraphSignInKind.ClientSecret,
                TenantId = SandboxOrganization.TenantId,
                ClientId = SandboxOrganization.SandboxAppClientId,
                ClientSecret = GraphSandboxSession.Secure(Secret),
            });
            using var backend = new GraphCalendarBackend(options);
            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));

            Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
            Assert.Contains("AADSTS7000215", ex.Message, StringComparison.Ordinal);
            Assert.Contains("the secret's value, not its id", ex.Message, StringComparison.Ordinal);
            AssertNoSecret(ex);
            Assert.DoesNotContain(SandboxOrganization.SandboxAppSecret, ex.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void A_missing_certificate_file_is_named_as_missing_not_as_a_bad_password()
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cs-missing-" + Guid.NewGuid().ToString("N") + ".pfx");
            var ex = Assert.Throws<BackendException>(() => CredentialFactory.Create(
                new GraphSignIn { Kind = GraphSignInKind.ClientCertificate, TenantId = "t", ClientId = "app", CertificatePath = path, CertificatePassword = GraphSandboxSession.Secure(Secret) },
                null));

            Assert.Equal(BackendErrorCode.InvalidInput, ex.Error.Code);
            Assert.Contains("'" + path + "' does not exist", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("password is wrong", ex.Message, StringComparison.Ordinal);
            AssertNoSecret(ex);
        }

        [Fact]
        public async Task Verbose_lines_name_each_exception_under_the_failure_and_never_the_secret()
        {
            var ex = await ConnectAsync(new GraphSignIn
            {
                Kind = GraphSignInKind.ClientSecret,
                TenantId = "contoso.onmicrosoft.com",
                ClientId = "11111111-2222-3333-4444-555555555555",
                ClientSecret = GraphSandboxSession.Secure(Secret),
                AuthorityHost = new Uri("https://login.invalid/"),
            });

            var lines = ExceptionChain.VerboseLines(ex.InnerException!).ToList();
            Assert.Contains(lines, l => l.Contains("System.Net.Sockets.SocketException", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Azure.Identity.AuthenticationFailedException", StringComparison.Ordinal));
            Assert.All(lines, l => Assert.DoesNotContain(Secret, l, StringComparison.Ordinal));
        }

        private static async Task<BackendException> ConnectAsync(GraphSignIn signIn)
        {
            // No handler: the platform's own sockets, as a real sign-in uses.
            var options = new GraphConnectionOptions { SignIn = signIn };
            using var backend = new GraphCalendarBackend(options);
            return await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));
        }

        private static void AssertNoSecret(Exception ex)
        {
            Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
            foreach (var e in ExceptionChain.Flatten(ex))
            {
                Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
            }
        }

        /// <summary>A port on 127.0.0.1 nothing listens on: bound, then released.</summary>
        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Real sockets, with one host sent to a local port instead.</summary>
        private sealed class RedirectingHandler : DelegatingHandler
        {
            private readonly string host;
            private readonly int port;
            private int redirected;

            public RedirectingHandler(string host, int port)
                : base(new SocketsHttpHandler())
            {
                this.host = host;
                this.port = port;
            }

            public int Redirected => redirected;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri is { } uri && string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref redirected);
                    request.RequestUri = new UriBuilder(uri) { Host = "127.0.0.1", Port = port }.Uri;
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
