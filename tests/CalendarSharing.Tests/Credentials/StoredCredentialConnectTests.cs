using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Credentials;
using CalendarSharing.Ews;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.SandboxServer;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Credentials
{
    /// <summary>
    /// What Connect-CalendarSharing -CredentialName does, over real sockets: the stored credential is decrypted
    /// into a SecureString and signs in to the sandbox on Kestrel through the same conversion the cmdlet uses
    /// (BackendFactory.ToNetworkCredential).
    /// </summary>
    public sealed class StoredCredentialConnectTests : IDisposable
    {
        private readonly CredentialTestKit kit = new CredentialTestKit();

        public void Dispose() => kit.Dispose();

        [Fact]
        public async Task A_stored_credential_signs_in_to_the_sandbox_over_tls_and_a_wrong_one_is_refused()
        {
            kit.Store().Save("sandbox-alice", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            kit.Store().Save("sandbox-wrong", "CONTOSO\\alice", CredentialTestKit.Secure("not-her-password"), overwrite: false);
            var org = SandboxOrganization.Create(new SandboxOptions());
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");

            using (var backend = Connect(host, kit.Store().Read("sandbox-alice")))
            {
                await backend.ConnectAsync(CancellationToken.None);
                Assert.Equal("alice@contoso.com", backend.Info.UserName);

                var sink = new RecordingSink();
                await new CalendarPermissionCommands(backend).GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" } }, sink, CancellationToken.None);
                Assert.Empty(sink.Errors);
                Assert.Contains(sink.OfType<CalendarPermission>(), p => p.User == "carol@contoso.com" && p.Role == CalendarRole.Reviewer);
            }

            using (var backend = Connect(host, kit.Store().Read("sandbox-wrong")))
            {
                var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));
                Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
                Assert.DoesNotContain("not-her-password", ex.ToString());
            }
        }

        private static EwsCalendarBackend Connect(SandboxHost host, StoredCredential stored) =>
            new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = host.EwsUrl,
                Credential = BackendFactory.ToNetworkCredential(stored.UserName, stored.Password),
                Authentication = EwsAuthentication.Basic,
                ServerCertificateValidation = (_, cert, _, _) => cert != null && cert.GetCertHashString() == host.Certificate.GetCertHashString(),
            });
    }
}
