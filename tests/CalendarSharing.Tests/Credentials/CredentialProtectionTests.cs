using System;
using System.IO;
using System.Text;
using CalendarSharing.Core.Credentials;
using Xunit;

namespace CalendarSharing.Tests.Credentials
{
    /// <summary>
    /// Which protection is used where. DPAPI is compiled into the one netstandard2.0 assembly but selected only on
    /// Windows; the selection is a pure function tested for both answers, and the DPAPI path is exercised on this
    /// machine whichever it is: a real round trip on Windows, a clear refusal (before touching ProtectedData) elsewhere.
    /// </summary>
    public sealed class CredentialProtectionTests : IDisposable
    {
        private readonly CredentialTestKit kit = new CredentialTestKit();

        public void Dispose() => kit.Dispose();

        [Fact]
        public void Windows_selects_DPAPI_and_everything_else_the_environment_key()
        {
            Assert.Equal(CredentialProtection.Dpapi, CredentialProtectionSelector.ForNewCredential(isWindows: true));
            Assert.Equal(CredentialProtection.EnvironmentKey, CredentialProtectionSelector.ForNewCredential(isWindows: false));
            Assert.Equal(CredentialProtection.Dpapi, kit.Store(isWindows: true).NewCredentialProtection);
            Assert.Equal(CredentialProtection.EnvironmentKey, kit.Store(isWindows: false).NewCredentialProtection);

            // The default options follow the real platform.
            Assert.Equal(OperatingSystem.IsWindows(), new CredentialStoreOptions().IsWindows);
            Assert.Equal(
                OperatingSystem.IsWindows() ? CredentialProtection.Dpapi : CredentialProtection.EnvironmentKey,
                new CredentialStore(new CredentialStoreOptions { Folder = kit.Folder }).NewCredentialProtection);
        }

        [Fact]
        public void The_protector_for_a_file_follows_its_scheme_not_the_platform()
        {
            Assert.Equal(CredentialProtection.Dpapi, CredentialProtectionSelector.FromScheme("DPAPI-CurrentUser"));
            Assert.Equal(CredentialProtection.EnvironmentKey, CredentialProtectionSelector.FromScheme("AES-256-CBC-HMAC-SHA256"));
            Assert.Null(CredentialProtectionSelector.FromScheme("dpapi-currentuser"));

            // A key-protected file reads on "Windows" too, when the key is there.
            kit.Store(isWindows: false).Save("portable", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            var read = kit.Store(isWindows: true).Read("portable");
            Assert.Equal(CredentialTestKit.AlicePassword, CredentialTestKit.Reveal(read.Password));
            Assert.Equal(CredentialProtection.EnvironmentKey, read.Info.Protection);
        }

        [Fact]
        public void DPAPI_round_trips_on_Windows_and_is_refused_clearly_elsewhere()
        {
            if (OperatingSystem.IsWindows())
            {
                var store = kit.Store(key: null, isWindows: true);
                var saved = store.Save("dpapi", "CONTOSO\\alice", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
                Assert.Equal(CredentialProtection.Dpapi, saved.Protection);
                Assert.Equal(CredentialTestKit.AlicePassword, CredentialTestKit.Reveal(store.Read("dpapi").Password));
                var bytes = File.ReadAllBytes(saved.Path);
                Assert.False(CredentialStoreTests.Contains(bytes, Encoding.UTF8.GetBytes(CredentialTestKit.AlicePassword)));
                Assert.False(CredentialStoreTests.Contains(bytes, Encoding.Unicode.GetBytes(CredentialTestKit.AlicePassword)));

                // The header is DPAPI's entropy: an edited user name does not decrypt.
                File.WriteAllText(saved.Path, File.ReadAllText(saved.Path).Replace("CONTOSO\\alice", "CONTOSO\\admin", StringComparison.Ordinal));
                Assert.Equal(CredentialErrorReason.DecryptionFailed, Assert.Throws<CredentialStoreException>(() => store.Read("dpapi")).Reason);
                return;
            }

            // Not Windows: a save never selects DPAPI (here the key scheme is chosen and the key is missing)…
            var save = Assert.Throws<CredentialStoreException>(() =>
                new CredentialStore(new CredentialStoreOptions { Folder = kit.Folder, IsWindows = false, GetEnvironmentVariable = _ => null })
                    .Save("x", "a", CredentialTestKit.Secure("x"), overwrite: false));
            Assert.Equal(CredentialErrorReason.KeyMissing, save.Reason);

            // …the DPAPI protector itself refuses before ProtectedData is called…
            var protector = new DpapiProtector(isWindows: false);
            var refused = Assert.Throws<CredentialStoreException>(() => protector.CreateHeader("x", "a", DateTimeOffset.UtcNow));
            Assert.Equal(CredentialErrorReason.NotAvailableOnThisPlatform, refused.Reason);

            // …and a DPAPI file copied from Windows says what it is and what to do.
            var file = new CredentialFile("fromwindows", "CONTOSO\\alice", DpapiProtector.SchemeName, null, DateTimeOffset.UtcNow) { Data = new byte[] { 1, 2, 3 } };
            Directory.CreateDirectory(kit.Folder);
            File.WriteAllBytes(Path.Combine(kit.Folder, "fromwindows.credential"), file.ToBytes());
            var info = kit.Store().GetInfo("fromwindows");
            Assert.Equal(CredentialProtection.Dpapi, info.Protection);
            var read = Assert.Throws<CredentialStoreException>(() => kit.Store().Read("fromwindows"));
            Assert.Equal(CredentialErrorReason.NotAvailableOnThisPlatform, read.Reason);
            Assert.Contains("DPAPI", read.Message);
            Assert.Contains("only on Windows", read.Message);
            Assert.Contains("Save-CalendarSharingCredential -Force", read.RecommendedAction);
            Assert.Equal("CredentialProtectionNotAvailable", read.ToOperationError().ErrorId);
        }

        [Fact]
        public void The_tag_comparison_is_exact()
        {
            Assert.True(EnvironmentKeyProtector.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }));
            Assert.False(EnvironmentKeyProtector.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 }));
            Assert.False(EnvironmentKeyProtector.FixedTimeEquals(new byte[] { 1, 2, 3 }, new byte[] { 1, 2 }));
            Assert.True(EnvironmentKeyProtector.FixedTimeEquals(Array.Empty<byte>(), Array.Empty<byte>()));
        }

        [Fact]
        public void The_same_key_gives_the_same_key_id_and_another_key_another()
        {
            kit.Store().Save("one", "a@contoso.com", CredentialTestKit.Secure("1"), overwrite: false);
            kit.Store().Save("two", "b@contoso.com", CredentialTestKit.Secure("2"), overwrite: false);
            kit.Store(key: CredentialTestKit.NewKey()).Save("three", "c@contoso.com", CredentialTestKit.Secure("3"), overwrite: false);
            string KeyId(string name) => Array.Find(File.ReadAllText(Path.Combine(kit.Folder, name + ".credential")).Split('\n'), l => l.StartsWith("KeyId: ", StringComparison.Ordinal))!;
            Assert.Matches("^KeyId: [0-9a-f]{16}$", KeyId("one"));
            Assert.Equal(KeyId("one"), KeyId("two"));
            Assert.NotEqual(KeyId("one"), KeyId("three"));
        }
    }
}
