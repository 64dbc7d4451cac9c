using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using CalendarSharing.Core.Credentials;

namespace CalendarSharing.Tests.Credentials
{
    /// <summary>
    /// A real store in a fresh temporary folder, with its own environment (the key and the paths) so tests never
    /// touch the process environment and run in parallel.
    /// </summary>
    internal sealed class CredentialTestKit : IDisposable
    {
        public const string AlicePassword = "Sandbox!Alice1";

        public CredentialTestKit()
        {
            Folder = Path.Combine(Path.GetTempPath(), "cs-creds-" + Guid.NewGuid().ToString("N"), "credentials");
            Key = NewKey();
        }

        /// <summary>The store folder (not created until the first save).</summary>
        public string Folder { get; }

        public string Key { get; }

        public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        /// <summary>A non-Windows store over <see cref="Folder"/> (or <paramref name="folder"/>) with <paramref name="key"/> as CALENDARSHARING_CREDENTIAL_KEY.</summary>
        public CredentialStore Store(string? key = "(kit)", string? folder = null, bool isWindows = false) =>
            new CredentialStore(Options(key, folder, isWindows));

        public CredentialStoreOptions Options(string? key = "(kit)", string? folder = null, bool isWindows = false)
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [CredentialStore.KeyVariable] = key == "(kit)" ? Key : key,
            };
            return new CredentialStoreOptions
            {
                Folder = folder ?? Folder,
                IsWindows = isWindows,
                GetEnvironmentVariable = name => environment.TryGetValue(name, out var value) ? value : null,
            };
        }

        public static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>Test-only: the password back as a string, to compare with what was saved.</summary>
        public static string Reveal(SecureString secure)
        {
            var ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        public void Dispose()
        {
            var root = Path.GetDirectoryName(Folder)!;
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
