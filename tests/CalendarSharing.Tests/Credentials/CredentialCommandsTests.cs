using System;
using System.IO;
using System.Linq;
using System.Security;
using CalendarSharing.Core.Credentials;
using CalendarSharing.Core.Output;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Credentials
{
    /// <summary>
    /// What Save-, Get- and Remove-CalendarSharingCredential do (the cmdlets only hand their parameters over):
    /// -Force, -WhatIf, per-name errors with stable ids, and no secret in any stream.
    /// </summary>
    public sealed class CredentialCommandsTests : IDisposable
    {
        private readonly CredentialTestKit kit = new CredentialTestKit();

        public void Dispose() => kit.Dispose();

        private CredentialCommands Commands(string? key = "(kit)") => new CredentialCommands(kit.Store(key));

        [Fact]
        public void Save_asks_ShouldProcess_then_saves_and_PassThru_writes_the_description()
        {
            var sink = new RecordingSink();
            Commands().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), force: false, passThru: true, sink);

            Assert.Empty(sink.Errors);
            var (target, action) = Assert.Single(sink.ShouldProcessCalls);
            Assert.Equal($"onprem (alice@contoso.com) in {kit.Folder}", target);
            Assert.StartsWith("Save the credential", action);
            var info = Assert.Single(sink.OfType<StoredCredentialInfo>());
            Assert.Equal("alice@contoso.com", info.UserName);
            Assert.Contains(sink.Verbose, v => v.Contains("Saved the credential 'onprem'", StringComparison.Ordinal));
            AssertNoSecret(sink);
        }

        [Fact]
        public void Save_over_an_existing_name_without_Force_is_an_error_and_never_asks()
        {
            Commands().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), force: false, passThru: false, new RecordingSink());
            var original = File.ReadAllBytes(Path.Combine(kit.Folder, "onprem.credential"));

            var refused = new RecordingSink();
            Commands().Save("onprem", "bob@contoso.com", CredentialTestKit.Secure("Sandbox!Bob1"), force: false, passThru: true, refused);
            var error = Assert.Single(refused.Errors);
            Assert.Equal("CredentialExists", error.ErrorId);
            Assert.Equal(ErrorKind.ResourceExists, error.Kind);
            Assert.Equal("onprem", error.Target);
            Assert.Contains("-Force", error.RecommendedAction);
            Assert.Empty(refused.ShouldProcessCalls);
            Assert.Empty(refused.Objects);
            Assert.Equal(original, File.ReadAllBytes(Path.Combine(kit.Folder, "onprem.credential")));

            // -Force -WhatIf: asked (as a replacement), answered no, nothing changes.
            var whatIf = new RecordingSink((_, _) => false);
            Commands().Save("onprem", "bob@contoso.com", CredentialTestKit.Secure("Sandbox!Bob1"), force: true, passThru: true, whatIf);
            Assert.StartsWith("Replace the stored credential", Assert.Single(whatIf.ShouldProcessCalls).Action);
            Assert.Empty(whatIf.Errors);
            Assert.Equal(original, File.ReadAllBytes(Path.Combine(kit.Folder, "onprem.credential")));

            // -Force: replaced.
            var forced = new RecordingSink();
            Commands().Save("onprem", "bob@contoso.com", CredentialTestKit.Secure("Sandbox!Bob1"), force: true, passThru: false, forced);
            Assert.Empty(forced.Errors);
            Assert.Equal("bob@contoso.com", kit.Store().Read("onprem").UserName);
        }

        [Fact]
        public void Save_without_a_key_is_an_error_naming_the_variable_and_writes_nothing()
        {
            var sink = new RecordingSink();
            Commands(key: null).Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), force: false, passThru: false, sink);
            var error = Assert.Single(sink.Errors);
            Assert.Equal("CredentialKeyMissing", error.ErrorId);
            Assert.Equal(ErrorKind.SecurityError, error.Kind);
            Assert.Contains(CredentialStore.KeyVariable, error.Message);
            Assert.False(File.Exists(Path.Combine(kit.Folder, "onprem.credential")));
        }

        [Fact]
        public void List_filters_by_name_and_wildcard_and_reports_a_missing_exact_name()
        {
            var store = kit.Store();
            store.Save("onprem", "alice@contoso.com", CredentialTestKit.Secure("1"), overwrite: false);
            store.Save("onprem-test", "bob@contoso.com", CredentialTestKit.Secure("2"), overwrite: false);
            store.Save("cloud", "carol@contoso.com", CredentialTestKit.Secure("3"), overwrite: false);

            var all = new RecordingSink();
            Commands(key: null).List(Array.Empty<string>(), all); // listing needs no key
            Assert.Equal(new[] { "cloud", "onprem", "onprem-test" }, all.OfType<StoredCredentialInfo>().Select(i => i.Name).ToArray());
            Assert.Empty(all.Errors);

            var some = new RecordingSink();
            Commands().List(new[] { "ONPREM*", "cloud", "nothing", "no*match" }, some);
            Assert.Equal(new[] { "cloud", "onprem", "onprem-test" }, some.OfType<StoredCredentialInfo>().Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            var missing = Assert.Single(some.Errors);
            Assert.Equal("CredentialNotFound", missing.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, missing.Kind);
            Assert.Equal("nothing", missing.Target);

            var bad = new RecordingSink();
            Commands().List(new[] { "../x" }, bad);
            Assert.Equal("InvalidCredentialName", Assert.Single(bad.Errors).ErrorId);
            Assert.Empty(bad.Objects);
        }

        [Fact]
        public void List_reports_a_damaged_file_as_an_error_and_still_lists_the_others()
        {
            var store = kit.Store();
            store.Save("good", "alice@contoso.com", CredentialTestKit.Secure("1"), overwrite: false);
            File.WriteAllText(Path.Combine(kit.Folder, "damaged.credential"), "CalendarSharingCredential: 1\nName: damaged\n");

            var sink = new RecordingSink();
            Commands().List(Array.Empty<string>(), sink);
            Assert.Equal("good", Assert.Single(sink.OfType<StoredCredentialInfo>()).Name);
            var error = Assert.Single(sink.Errors);
            Assert.Equal("CredentialFileCorrupted", error.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, error.Kind);

            // Asking for another name does not drag the damaged file in.
            var other = new RecordingSink();
            Commands().List(new[] { "good" }, other);
            Assert.Empty(other.Errors);
        }

        [Fact]
        public void GetCredential_hands_the_user_name_and_the_SecureString_to_the_wrapper()
        {
            kit.Store().Save("onprem", "alice@contoso.com", CredentialTestKit.Secure(CredentialTestKit.AlicePassword), overwrite: false);
            var sink = new RecordingSink();
            Commands().GetCredential("onprem", (user, password) => Tuple.Create(user, password), sink);

            var (user, password) = Assert.Single(sink.OfType<Tuple<string, SecureString>>());
            Assert.Equal("alice@contoso.com", user);
            Assert.Equal(CredentialTestKit.AlicePassword, CredentialTestKit.Reveal(password));
            Assert.Empty(sink.Errors);
            Assert.DoesNotContain(CredentialTestKit.AlicePassword, string.Join("\n", sink.Verbose));

            var wrongKey = new RecordingSink();
            Commands(key: CredentialTestKit.NewKey()).GetCredential("onprem", (u, p) => Tuple.Create(u, p), wrongKey);
            var error = Assert.Single(wrongKey.Errors);
            Assert.Equal("CredentialWrongKey", error.ErrorId);
            Assert.Empty(wrongKey.Objects);
            AssertNoSecret(wrongKey);
        }

        [Fact]
        public void Remove_asks_with_the_user_name_honours_WhatIf_and_removes_damaged_files_too()
        {
            var store = kit.Store();
            store.Save("onprem", "alice@contoso.com", CredentialTestKit.Secure("1"), overwrite: false);
            File.WriteAllText(Path.Combine(kit.Folder, "damaged.credential"), "garbage\n");

            var whatIf = new RecordingSink((_, _) => false);
            Commands().Remove(new[] { "onprem" }, passThru: true, whatIf);
            Assert.Equal(($"onprem (alice@contoso.com) in {kit.Folder}", "Remove the stored credential"), Assert.Single(whatIf.ShouldProcessCalls));
            Assert.True(store.Exists("onprem"));
            Assert.Empty(whatIf.Objects);

            var sink = new RecordingSink();
            Commands(key: null).Remove(new[] { "onprem", "damaged", "missing", "a/b" }, passThru: true, sink);
            Assert.False(store.Exists("onprem"));
            Assert.False(store.Exists("damaged"));
            Assert.Equal("onprem", Assert.Single(sink.OfType<StoredCredentialInfo>()).Name);
            Assert.Contains(sink.ShouldProcessCalls, c => c.Target.StartsWith("damaged (unreadable)", StringComparison.Ordinal));
            Assert.Equal(new[] { "CredentialNotFound", "InvalidCredentialName" }, sink.Errors.Select(e => e.ErrorId).ToArray());
            Assert.Equal(new object?[] { "missing", "a/b" }, sink.Errors.Select(e => e.Target).ToArray());
        }

        private void AssertNoSecret(RecordingSink sink)
        {
            Assert.DoesNotContain(CredentialTestKit.AlicePassword, sink.AllText);
            Assert.DoesNotContain(kit.Key, sink.AllText);
        }
    }
}
