using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CalendarSharing.Core.Credentials;
using Xunit;

namespace CalendarSharing.Tests.Credentials
{
    /// <summary>The store on disk: round trip, the key, tampering, what the file holds, names, overwrite.</summary>
    public sealed class CredentialStoreTests : IDisposable
    {
        private readonly CredentialTestKit kit = new CredentialTestKit();

        public void Dispose() => kit.Dispose();

        [Fact]
        public void A_saved_credential_reads_back_with_its_user_name_and_password()
        {
            var store = kit.Store();
            var before = DateTimeOffset.UtcNow;
            var saved = store.Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);

            Assert.Equal("onprem", saved.Name);
            Assert.Equal("alice@contoso.com", saved.UserName);
            Assert.Equal(CredentialProtection.EnvironmentKey, saved.Protection);
            Assert.Equal(Path.Combine(kit.Folder, "onprem.credential"), saved.Path);
            Assert.InRange(saved.Created, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

            var read = kit.Store().Read("onprem");
            Assert.Equal("alice@contoso.com", read.UserName);
            Assert.Equal(CredentialTestKit.AlicePassword, CredentialTestKit.Reveal(read.Password));
            Assert.True(read.Password.IsReadOnly());
            Assert.Equal(saved.Created, read.Info.Created);

            // The only file in the folder: no temporary file, no key file.
            Assert.Equal(new[] { "onprem.credential" }, Directory.GetFiles(kit.Folder).Select(Path.GetFileName).ToArray());
        }

        [Theory]
        [InlineData("")]
        [InlineData("p")]
        [InlineData("pässwörd ✓ 密码 with spaces and a \"quote\"")]
        public void Any_password_round_trips_exactly_including_empty_and_non_ascii(string password)
        {
            kit.Store().Save("x", "CONTOSO\\alice", CredentialTestKit.Secure(password), overwrite: false);
            var read = kit.Store().Read("x");
            Assert.Equal(password, CredentialTestKit.Reveal(read.Password));
            Assert.Equal("CONTOSO\\alice", read.UserName);
        }

        [Fact]
        public void Names_are_case_insensitive_on_every_platform()
        {
            kit.Store().Save("OnPrem", "alice@contoso.com", CredentialTestKit.Secure("a"), overwrite: false);
            Assert.Equal("OnPrem", kit.Store().Read("onprem").Info.Name);
            Assert.True(kit.Store().Exists("ONPREM"));
            Assert.True(File.Exists(Path.Combine(kit.Folder, "onprem.credential")));
        }

        [Fact]
        public void A_file_read_with_another_key_fails_naming_the_variable_and_both_key_ids()
        {
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            var otherKey = CredentialTestKit.NewKey();

            var ex = Assert.Throws<CredentialStoreException>(() => kit.Store(key: otherKey).Read("onprem"));

            Assert.Equal(CredentialErrorReason.WrongKey, ex.Reason);
            Assert.Contains("another key", ex.Message);
            Assert.Contains(CredentialStore.KeyVariable, ex.Message);
            Assert.Contains(CredentialStore.KeyVariable, ex.RecommendedAction);
            Assert.Equal("onprem", ex.CredentialName);
            AssertNoSecret(ex, otherKey);
        }

        [Fact]
        public void A_file_copied_to_a_machine_without_the_key_cannot_be_read_and_says_how_to_make_a_key()
        {
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            using var elsewhere = new CredentialTestKit();
            Directory.CreateDirectory(elsewhere.Folder);
            File.Copy(Path.Combine(kit.Folder, "onprem.credential"), Path.Combine(elsewhere.Folder, "onprem.credential"));

            var missing = Assert.Throws<CredentialStoreException>(() => elsewhere.Store(key: null).Read("onprem"));
            Assert.Equal(CredentialErrorReason.KeyMissing, missing.Reason);
            Assert.Contains(CredentialStore.KeyVariable + " is not set", missing.Message);
            Assert.Contains("RandomNumberGenerator", missing.RecommendedAction);
            Assert.Contains("openssl rand -base64 32", missing.RecommendedAction);
            AssertNoSecret(missing);

            var blank = Assert.Throws<CredentialStoreException>(() => elsewhere.Store(key: "  ").Read("onprem"));
            Assert.Equal(CredentialErrorReason.KeyMissing, blank.Reason);

            // That machine's own key is another key, not a damaged file.
            var other = Assert.Throws<CredentialStoreException>(() => elsewhere.Store().Read("onprem"));
            Assert.Equal(CredentialErrorReason.WrongKey, other.Reason);

            // Listing needs no key: the name and the user name are not secret.
            var listed = Assert.Single(elsewhere.Store(key: null).List(out var unreadable));
            Assert.Empty(unreadable);
            Assert.Equal("alice@contoso.com", listed.UserName);
        }

        [Theory]
        [InlineData("not base64 at all!", "not base64")]
        [InlineData("AAECAwQFBgcICQoLDA0ODw==", "decodes to 16 bytes")]
        [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj", "decodes to 36 bytes")]
        public void A_malformed_key_is_a_clear_error_that_never_quotes_the_value(string key, string expected)
        {
            var ex = Assert.Throws<CredentialStoreException>(() =>
                kit.Store(key: key).Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false));
            Assert.Equal(CredentialErrorReason.KeyMalformed, ex.Reason);
            Assert.Contains(CredentialStore.KeyVariable, ex.Message);
            Assert.Contains(expected, ex.Message);
            Assert.Contains("32", ex.RecommendedAction);
            AssertNoSecret(ex, key);
            Assert.False(Directory.Exists(kit.Folder) && Directory.GetFiles(kit.Folder).Length > 0, "nothing may be written without a usable key");
        }

        [Fact]
        public void Changing_any_byte_of_the_file_is_detected()
        {
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            var path = Path.Combine(kit.Folder, "onprem.credential");
            var original = File.ReadAllBytes(path);
            var reasons = new HashSet<CredentialErrorReason>();

            foreach (var flip in new byte[] { 0x01, 0x20, 0x80 })
            {
                for (var i = 0; i < original.Length; i++)
                {
                    var tampered = (byte[])original.Clone();
                    tampered[i] ^= flip;
                    File.WriteAllBytes(path, tampered);
                    var ex = Assert.Throws<CredentialStoreException>(() => kit.Store().Read("onprem"));
                    Assert.True(
                        ex.Reason == CredentialErrorReason.Corrupted || ex.Reason == CredentialErrorReason.WrongKey || ex.Reason == CredentialErrorReason.UnsupportedFormat,
                        $"byte {i} ^ 0x{flip:x2}: {ex.Reason}");
                    AssertNoSecret(ex);
                    reasons.Add(ex.Reason);
                }
            }

            // Truncated, extended, emptied.
            foreach (var tampered in new[] { original.Take(original.Length - 1).ToArray(), original.Concat(new byte[] { (byte)'\n' }).ToArray(), Array.Empty<byte>() })
            {
                File.WriteAllBytes(path, tampered);
                Assert.Equal(CredentialErrorReason.Corrupted, Assert.Throws<CredentialStoreException>(() => kit.Store().Read("onprem")).Reason);
            }

            Assert.Contains(CredentialErrorReason.Corrupted, reasons);
            File.WriteAllBytes(path, original);
            Assert.Equal(CredentialTestKit.AlicePassword, CredentialTestKit.Reveal(kit.Store().Read("onprem").Password));
        }

        [Fact]
        public void An_edited_user_name_or_a_ciphertext_moved_from_another_file_fails_the_integrity_check()
        {
            var store = kit.Store();
            store.Save("alice", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            store.Save("bob", "bob@contoso.com", CredentialTestKit.Secure("Sandbox!Bob1"), overwrite: false);
            var alicePath = Path.Combine(kit.Folder, "alice.credential");
            var bobPath = Path.Combine(kit.Folder, "bob.credential");
            var aliceText = File.ReadAllText(alicePath);
            var bobText = File.ReadAllText(bobPath);

            // The user name is plain text, so it can be edited; the edit is detected.
            File.WriteAllText(alicePath, aliceText.Replace("UserName: alice@contoso.com", "UserName: admin@contoso.com", StringComparison.Ordinal));
            var edited = Assert.Throws<CredentialStoreException>(() => store.Read("alice"));
            Assert.Equal(CredentialErrorReason.Corrupted, edited.Reason);
            Assert.Contains("integrity check", edited.Message);
            Assert.Contains("Remove-CalendarSharingCredential", edited.RecommendedAction);

            // Bob's Data line in Alice's file: the header binds it to its file.
            var bobData = bobText.Split('\n').Single(l => l.StartsWith("Data: ", StringComparison.Ordinal));
            var aliceData = aliceText.Split('\n').Single(l => l.StartsWith("Data: ", StringComparison.Ordinal));
            File.WriteAllText(alicePath, aliceText.Replace(aliceData, bobData, StringComparison.Ordinal));
            Assert.Equal(CredentialErrorReason.Corrupted, Assert.Throws<CredentialStoreException>(() => store.Read("alice")).Reason);

            // Bob's whole file under Alice's name: its Name field gives it away.
            File.WriteAllText(alicePath, bobText);
            Assert.Equal(CredentialErrorReason.Corrupted, Assert.Throws<CredentialStoreException>(() => store.Read("alice")).Reason);
        }

        [Fact]
        public void The_file_holds_no_form_of_the_password_but_shows_the_user_name_and_the_scheme()
        {
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            var bytes = File.ReadAllBytes(Path.Combine(kit.Folder, "onprem.credential"));
            var password = CredentialTestKit.AlicePassword;

            var forms = new List<byte[]>
            {
                Encoding.UTF8.GetBytes(password),
                Encoding.Unicode.GetBytes(password),
                Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(password))),
                Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.Unicode.GetBytes(password))),
            };

            // Base64 of the password at the other two alignments inside a longer stream: the stable middle part.
            for (var shift = 1; shift <= 2; shift++)
            {
                foreach (var encoded in new[] { Encoding.UTF8.GetBytes(password), Encoding.Unicode.GetBytes(password) })
                {
                    var text = Convert.ToBase64String(new byte[shift].Concat(encoded).ToArray());
                    forms.Add(Encoding.ASCII.GetBytes(text.Substring(4, text.Length - 8)));
                }
            }

            foreach (var form in forms)
            {
                Assert.False(Contains(bytes, form), "the file holds a plain form of the password: " + Encoding.ASCII.GetString(form));
            }

            // Nor does the decoded Data field (any alignment of the raw bytes).
            var data = Convert.FromBase64String(Encoding.UTF8.GetString(bytes).Split('\n').Single(l => l.StartsWith("Data: ", StringComparison.Ordinal)).Substring(6));
            Assert.False(Contains(data, Encoding.UTF8.GetBytes(password)));
            Assert.False(Contains(data, Encoding.Unicode.GetBytes(password)));

            var fileText = Encoding.UTF8.GetString(bytes);
            Assert.Contains("\nUserName: alice@contoso.com\n", fileText);
            Assert.Contains("\nScheme: AES-256-CBC-HMAC-SHA256\n", fileText);
            Assert.DoesNotContain(kit.Key, fileText);
        }

        [Fact]
        public void The_ciphertext_size_does_not_tell_the_password_length_within_a_bucket()
        {
            var store = kit.Store();
            store.Save("short", "alice@contoso.com", CredentialTestKit.Secure("a"), overwrite: false);
            store.Save("longer", "alice@contoso.com", CredentialTestKit.Secure("Sandbox!Alice1-and-more"), overwrite: false);
            string Data(string name) => File.ReadAllText(Path.Combine(kit.Folder, name + ".credential")).Split('\n').Single(l => l.StartsWith("Data: ", StringComparison.Ordinal));
            Assert.Equal(Data("short").Length, Data("longer").Length);
            Assert.NotEqual(Data("short"), Data("longer"));
        }

        [Theory]
        [InlineData("../evil")]
        [InlineData("..")]
        [InlineData("a/b")]
        [InlineData("a\\b")]
        [InlineData("/etc/passwd")]
        [InlineData("C:evil")]
        [InlineData(".hidden")]
        [InlineData("trailing.")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("tab\tname")]
        [InlineData("nul")]
        [InlineData("COM1")]
        [InlineData("x*")]
        public void Names_that_are_not_plain_names_are_refused_everywhere(string name)
        {
            var store = kit.Store();
            var parent = Path.GetDirectoryName(kit.Folder)!;
            var before = Directory.Exists(parent) ? Directory.GetFileSystemEntries(parent, "*", SearchOption.AllDirectories) : Array.Empty<string>();

            var errors = new List<CredentialStoreException>
            {
                Assert.Throws<CredentialStoreException>(() => store.Save(name, "alice@contoso.com", CredentialTestKit.Secure("x"), overwrite: true)),
                Assert.Throws<CredentialStoreException>(() => store.Read(name)),
                Assert.Throws<CredentialStoreException>(() => store.GetInfo(name)),
                Assert.Throws<CredentialStoreException>(() => store.Exists(name)),
                Assert.Throws<CredentialStoreException>(() => store.Remove(name)),
            };

            Assert.All(errors, e => Assert.Equal(CredentialErrorReason.InvalidName, e.Reason));
            Assert.All(errors, e => Assert.Contains("onprem", e.RecommendedAction));
            Assert.All(errors, e => Assert.DoesNotContain("\t", e.Message));
            var after = Directory.Exists(parent) ? Directory.GetFileSystemEntries(parent, "*", SearchOption.AllDirectories) : Array.Empty<string>();
            Assert.Equal(before, after);
        }

        [Theory]
        [InlineData("onprem")]
        [InlineData("contoso-admin")]
        [InlineData("svc_calendar.prod")]
        [InlineData("alice@contoso.com")]
        [InlineData("A1")]
        public void Plain_names_are_accepted(string name) => Assert.True(CredentialName.IsValid(name));

        [Fact]
        public void Saving_over_an_existing_name_needs_overwrite_and_otherwise_changes_nothing()
        {
            var store = kit.Store();
            store.Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            var path = Path.Combine(kit.Folder, "onprem.credential");
            var original = File.ReadAllBytes(path);

            var ex = Assert.Throws<CredentialStoreException>(() => store.Save("ONPREM", "bob@contoso.com", CredentialTestKit.Secure("Sandbox!Bob1"), overwrite: false));
            Assert.Equal(CredentialErrorReason.AlreadyExists, ex.Reason);
            Assert.Contains("-Force", ex.RecommendedAction);
            Assert.Equal(original, File.ReadAllBytes(path));

            store.Save("onprem", "bob@contoso.com", CredentialTestKit.Secure("Sandbox!Bob1"), overwrite: true);
            var read = store.Read("onprem");
            Assert.Equal("bob@contoso.com", read.UserName);
            Assert.Equal("Sandbox!Bob1", CredentialTestKit.Reveal(read.Password));
            Assert.Single(Directory.GetFiles(kit.Folder));
        }

        [Theory]
        [InlineData("")]
        [InlineData(" alice@contoso.com")]
        [InlineData("alice@contoso.com\nScheme: none")]
        public void A_user_name_that_could_break_the_file_is_refused(string userName)
        {
            var ex = Assert.Throws<CredentialStoreException>(() => kit.Store().Save("onprem", userName, CredentialTestKit.Secure("x"), overwrite: false));
            Assert.Equal(CredentialErrorReason.InvalidInput, ex.Reason);
        }

        [Fact]
        public void Listing_and_removing_work_by_name_and_report_what_is_missing()
        {
            var store = kit.Store();
            Assert.Empty(store.List(out _)); // no folder yet
            store.Save("b-cred", "bob@contoso.com", CredentialTestKit.Secure("1"), overwrite: false);
            store.Save("a-cred", "alice@contoso.com", CredentialTestKit.Secure("2"), overwrite: false);
            File.WriteAllText(Path.Combine(kit.Folder, "broken.credential"), "not a credential\n");
            File.WriteAllText(Path.Combine(kit.Folder, "notes.txt"), "ignored");

            var listed = store.List(out var unreadable);
            Assert.Equal(new[] { "a-cred", "b-cred" }, listed.Select(i => i.Name).ToArray());
            Assert.Equal("broken", Assert.Single(unreadable).CredentialName);

            store.Remove("A-CRED");
            Assert.False(store.Exists("a-cred"));
            var missing = Assert.Throws<CredentialStoreException>(() => store.Remove("a-cred"));
            Assert.Equal(CredentialErrorReason.NotFound, missing.Reason);
            Assert.Contains(kit.Folder, missing.Message);
            Assert.Contains("Get-CalendarSharingCredential", missing.RecommendedAction);
            Assert.Equal(CredentialErrorReason.NotFound, Assert.Throws<CredentialStoreException>(() => store.Read("a-cred")).Reason);
        }

        [Fact]
        public void A_file_of_a_newer_format_or_an_unknown_scheme_says_to_update_the_module()
        {
            var store = kit.Store();
            store.Save("onprem", "alice@contoso.com", CredentialTestKit.Secure("x"), overwrite: false);
            var path = Path.Combine(kit.Folder, "onprem.credential");
            var text = File.ReadAllText(path);

            File.WriteAllText(path, text.Replace("CalendarSharingCredential: 1", "CalendarSharingCredential: 2", StringComparison.Ordinal));
            var newer = Assert.Throws<CredentialStoreException>(() => store.Read("onprem"));
            Assert.Equal(CredentialErrorReason.UnsupportedFormat, newer.Reason);
            Assert.Contains("Update the CalendarSharing module", newer.RecommendedAction);

            File.WriteAllText(path, text.Replace("Scheme: AES-256-CBC-HMAC-SHA256", "Scheme: AES-256-GCM", StringComparison.Ordinal));
            var scheme = Assert.Throws<CredentialStoreException>(() => store.Read("onprem"));
            Assert.Equal(CredentialErrorReason.UnsupportedFormat, scheme.Reason);
            Assert.Contains("AES-256-GCM", scheme.Message);
        }

        [Fact]
        public void On_unix_the_folder_is_0700_and_the_file_0600()
        {
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure("x"), overwrite: false);
            var path = Path.Combine(kit.Folder, "onprem.credential");
            if (OperatingSystem.IsWindows())
            {
                // Windows: no chmod; the default folder is under the user's own LOCALAPPDATA, and DPAPI is the protection.
                Assert.Equal(CredentialProtection.Dpapi, new CredentialStore().NewCredentialProtection);
                Assert.StartsWith(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), new CredentialStore(new CredentialStoreOptions { GetEnvironmentVariable = _ => null }).Folder);
                return;
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(kit.Folder));

            // An overwrite keeps the file private too.
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure("y"), overwrite: true);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        [Fact]
        public void The_folder_is_the_parameter_else_the_environment_variable_else_the_per_user_default()
        {
            var environment = new Dictionary<string, string?>
            {
                ["HOME"] = Path.Combine(Path.GetTempPath(), "home-alice"),
                ["LOCALAPPDATA"] = Path.Combine(Path.GetTempPath(), "alice-localappdata"),
            };
            string? Env(string name) => environment.TryGetValue(name, out var v) ? v : null;

            Assert.Equal(Path.Combine(environment["HOME"]!, ".calendarsharing", "credentials"), CredentialStore.DefaultFolder(false, Env));
            Assert.Equal(Path.Combine(environment["LOCALAPPDATA"]!, "CalendarSharing", "credentials"), CredentialStore.DefaultFolder(true, Env));
            Assert.Equal(Path.GetFullPath(CredentialStore.DefaultFolder(false, Env)), CredentialStore.ResolveFolder(new CredentialStoreOptions { IsWindows = false, GetEnvironmentVariable = Env }));

            environment[CredentialStore.PathVariable] = Path.Combine(Path.GetTempPath(), "runbook-store");
            Assert.Equal(environment[CredentialStore.PathVariable], CredentialStore.ResolveFolder(new CredentialStoreOptions { GetEnvironmentVariable = Env }));
            Assert.Equal(kit.Folder, CredentialStore.ResolveFolder(new CredentialStoreOptions { Folder = kit.Folder, GetEnvironmentVariable = Env }));
        }

        [Fact]
        public void No_secret_in_any_ToString()
        {
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            var read = kit.Store().Read("onprem");
            foreach (var text in new[] { read.ToString(), read.Info.ToString(), read.Password.ToString()! })
            {
                Assert.DoesNotContain(CredentialTestKit.AlicePassword, text);
                Assert.DoesNotContain(kit.Key, text);
            }

            Assert.Equal("onprem (alice@contoso.com)", read.ToString());
        }

        internal static bool Contains(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return true;
                }
            }

            return false;
        }

        private void AssertNoSecret(CredentialStoreException ex, string? extraKey = null)
        {
            foreach (var text in new[] { ex.Message, ex.ToString(), ex.RecommendedAction, ex.ToOperationError().ToString() })
            {
                Assert.DoesNotContain(CredentialTestKit.AlicePassword, text);
                Assert.DoesNotContain(kit.Key, text);
                if (extraKey != null)
                {
                    Assert.DoesNotContain(extraKey.Trim(), text);
                }
            }
        }
    }
}
