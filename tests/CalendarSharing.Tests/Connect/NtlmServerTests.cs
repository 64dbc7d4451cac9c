using System;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Ews;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Auth;
using CalendarSharing.SandboxServer;
using Xunit;

namespace CalendarSharing.Tests.Connect
{
    /// <summary>The sandbox's NTLM server side against .NET's NTLM client, through our EWS client over real sockets.</summary>
    public class NtlmServerTests
    {
        [Theory]
        [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
        [InlineData("a", "bde52cb31de33e46245e05fbdbd6fb24")]
        [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
        [InlineData("message digest", "d9130a8164549fe818874806e1c7014b")]
        [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
        public void Md4_matches_the_rfc_1320_test_suite(string input, string hex)
        {
            Assert.Equal(hex, Convert.ToHexString(Md4.Hash(Encoding.ASCII.GetBytes(input))).ToLowerInvariant());
        }

        private static EwsConnectionOptions Options(SandboxHost host, string user, string password) => new EwsConnectionOptions
        {
            Url = host.EwsUrl,
            Credential = new NetworkCredential(user, password),
            Authentication = EwsAuthentication.Ntlm,
            Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) },
            ServerCertificateValidation = (_, certificate, _, _) => certificate != null && certificate.GetCertHashString() == host.Certificate.GetCertHashString(),
        };

        [Theory]
        [InlineData("CONTOSO\\alice")]
        [InlineData("alice@contoso.com")]
        public async Task The_right_password_connects_over_real_sockets(string user)
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            using var backend = new EwsCalendarBackend(Options(host, user, "Sandbox!Alice1"));

            await backend.ConnectAsync(CancellationToken.None);

            Assert.NotNull(backend.Info.ServerVersion);
        }

        [Fact]
        public async Task A_wrong_password_is_an_authentication_error_naming_user_and_server_never_the_password()
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            using var backend = new EwsCalendarBackend(Options(host, "CONTOSO\\alice", "Wrong-Secret-42"));

            var ex = await Assert.ThrowsAsync<BackendException>(() => backend.ConnectAsync(CancellationToken.None));

            Assert.Equal(BackendErrorCode.Authentication, ex.Error.Code);
            Assert.Contains("CONTOSO\\alice", ex.Message);
            Assert.Contains("127.0.0.1:" + host.BaseAddress.Port, ex.Message);
            Assert.Contains("Ntlm", ex.Message);
            Assert.DoesNotContain("Wrong-Secret-42", ex.ToString());
        }

        [Fact]
        public async Task SkipCertificateCheck_accepts_an_untrusted_certificate_and_warns()
        {
            var org = SandboxOrganization.Create();
            await using var host = await SandboxHost.StartAsync(org, "https://127.0.0.1:0");
            var warnings = new System.Collections.Generic.List<string>();
            var options = Options(host, "CONTOSO\\alice", "Sandbox!Alice1");
            options.ServerCertificateValidation = null;
            options.SkipCertificateCheck = true;
            options.Warning = warnings.Add;
            using var backend = new EwsCalendarBackend(options);

            await backend.ConnectAsync(CancellationToken.None);

            Assert.Contains("not checked", Assert.Single(warnings));
        }

        [Fact]
        public void Managed_ntlm_is_on_exactly_where_gss_ntlmssp_is_not_registered()
        {
            ManagedNtlm.EnsureWhereNeeded(); // the test process's ModuleInitializer made the same decision already
            var expected = !OperatingSystem.IsWindows() &&
                (OperatingSystem.IsMacOS() || !ManagedNtlm.GssNtlmSspRegistered(Environment.GetEnvironmentVariable("GSS_MECH_CONFIG")));
            Assert.Equal(expected, ManagedNtlm.InUse);
        }

        [Fact]
        public void Gss_ntlmssp_registration_is_read_as_mit_gssapi_reads_it()
        {
            var root = Path.Combine(Path.GetTempPath(), "cs-gss-" + Guid.NewGuid().ToString("N"));
            var mechD = Path.Combine(root, "etc", "gss", "mech.d");
            Directory.CreateDirectory(mechD);
            try
            {
                var library = Path.Combine(root, "gssntlmssp.so");
                File.WriteAllText(library, string.Empty);
                Assert.False(ManagedNtlm.GssNtlmSspRegistered(null, root));

                // A commented-out line, another mechanism, a file not ending in .conf: not registered.
                File.WriteAllText(Path.Combine(mechD, "other.conf"), "# gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 " + library + "\nkrb5 1.2.840.113554.1.2.2 /x/krb5.so\n");
                File.WriteAllText(Path.Combine(mechD, "ntlmssp.disabled"), "gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 " + library + "\n");
                Assert.False(ManagedNtlm.GssNtlmSspRegistered(null, root));

                // Registered but its library is missing (the package removed, the file left): GSSAPI cannot load it.
                File.WriteAllText(Path.Combine(mechD, "mech.ntlmssp.conf"), "gssntlmssp_v1\t1.3.6.1.4.1.311.2.2.10\t" + Path.Combine(root, "gone.so") + "\n");
                Assert.False(ManagedNtlm.GssNtlmSspRegistered(null, root));

                File.WriteAllText(Path.Combine(mechD, "mech.ntlmssp.conf"), "gssntlmssp_v1\t1.3.6.1.4.1.311.2.2.10\t" + library + "\n");
                Assert.True(ManagedNtlm.GssNtlmSspRegistered(null, root));

                // /etc/gss/mech counts too; GSS_MECH_CONFIG replaces both system files.
                var empty = Path.Combine(root, "empty.conf");
                File.WriteAllText(empty, string.Empty);
                Assert.False(ManagedNtlm.GssNtlmSspRegistered(empty, root));
                Assert.False(ManagedNtlm.GssNtlmSspRegistered(string.Empty, root));
                var own = Path.Combine(root, "own.conf");
                File.WriteAllText(own, "gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 " + library + " # ours\n");
                Directory.Delete(mechD, recursive: true);
                Assert.True(ManagedNtlm.GssNtlmSspRegistered(own, root));
                File.WriteAllText(Path.Combine(root, "etc", "gss", "mech"), "gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 " + library + "\n");
                Assert.True(ManagedNtlm.GssNtlmSspRegistered(null, root));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
