using System;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>Seals a password frame into a <see cref="CredentialFile"/> and opens it again.</summary>
    internal interface ICredentialProtector
    {
        CredentialProtection Protection { get; }

        string Scheme { get; }

        /// <summary>The header to seal under (sets the scheme and, for the key scheme, the key id).</summary>
        CredentialFile CreateHeader(string name, string userName, DateTimeOffset created);

        void Seal(CredentialFile file, SecretBuffer plaintext);

        /// <summary>The password frame, or a <see cref="CredentialStoreException"/> saying why not.</summary>
        SecretBuffer Open(CredentialFile file, string path);
    }

    /// <summary>Which protection a new credential gets, and which one reads a file.</summary>
    public static class CredentialProtectionSelector
    {
        /// <summary>
        /// DPAPI (CurrentUser) on Windows, the environment key everywhere else. Reading always follows the scheme
        /// the file names, so a Windows machine that has the key can read a file saved on Linux.
        /// </summary>
        public static CredentialProtection ForNewCredential(bool isWindows) =>
            isWindows ? CredentialProtection.Dpapi : CredentialProtection.EnvironmentKey;

        internal static ICredentialProtector Create(CredentialProtection protection, CredentialStoreOptions options)
        {
            switch (protection)
            {
                case CredentialProtection.Dpapi:
                    return new DpapiProtector(options.IsWindows);
                default:
                    return new EnvironmentKeyProtector(options.GetEnvironmentVariable);
            }
        }

        internal static CredentialProtection? FromScheme(string scheme)
        {
            if (scheme == DpapiProtector.SchemeName)
            {
                return CredentialProtection.Dpapi;
            }

            if (scheme == EnvironmentKeyProtector.SchemeName)
            {
                return CredentialProtection.EnvironmentKey;
            }

            return null;
        }
    }

    /// <summary>
    /// AES-256-CBC, then HMAC-SHA256 over everything (encrypt-then-MAC), keyed from CALENDARSHARING_CREDENTIAL_KEY
    /// (base64 of 32 random bytes). AES-GCM is not in netstandard2.0 and Windows PowerShell 5.1's .NET Framework
    /// has no AesGcm, so this is the authenticated scheme every PowerShell can read. Separate keys for encryption
    /// and MAC are derived from the master key (HKDF-Expand, one block, RFC 5869: the master key is already
    /// uniformly random, so no Extract step); a third derivation gives a key id that tells "another key" apart
    /// from "damaged file" without revealing anything about the key.
    /// MAC input: [4-byte big-endian length of the header][header][IV][ciphertext]; Data = IV ‖ ciphertext ‖ tag.
    /// </summary>
    internal sealed class EnvironmentKeyProtector : ICredentialProtector
    {
        public const string SchemeName = "AES-256-CBC-HMAC-SHA256";

        public const int KeyLength = 32;

        private const int IvLength = 16;

        private const int TagLength = 32;

        private readonly Func<string, string?> getEnvironmentVariable;

        public EnvironmentKeyProtector(Func<string, string?> getEnvironmentVariable)
        {
            this.getEnvironmentVariable = getEnvironmentVariable;
        }

        public CredentialProtection Protection => CredentialProtection.EnvironmentKey;

        public string Scheme => SchemeName;

        public static string HowToMakeAKey =>
            $"Make a key once with [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(32)) " +
            $"(PowerShell 7) or 'openssl rand -base64 32', keep it in your vault or automation variables (never next to the credential files), " +
            $"and set $env:{CredentialStore.KeyVariable} to it in the session or runbook before using stored credentials.";

        public CredentialFile CreateHeader(string name, string userName, DateTimeOffset created)
        {
            using (var keys = LoadKeys(name))
            {
                return new CredentialFile(name, userName, SchemeName, keys.KeyId, created);
            }
        }

        public void Seal(CredentialFile file, SecretBuffer plaintext)
        {
            using (var keys = LoadKeys(file.Name))
            {
                if (file.KeyId != keys.KeyId)
                {
                    throw new InvalidOperationException("The header was made with another key.");
                }

                var iv = new byte[IvLength];
                using (var random = RandomNumberGenerator.Create())
                {
                    random.GetBytes(iv);
                }

                byte[] ciphertext;
                using (var aes = CreateAes(keys.Encryption, iv))
                using (var encryptor = aes.CreateEncryptor())
                {
                    ciphertext = encryptor.TransformFinalBlock(plaintext.Bytes, 0, plaintext.Length);
                }

                var tag = ComputeTag(keys.Authentication, file.AssociatedData(), iv, ciphertext);
                var data = new byte[IvLength + ciphertext.Length + TagLength];
                Buffer.BlockCopy(iv, 0, data, 0, IvLength);
                Buffer.BlockCopy(ciphertext, 0, data, IvLength, ciphertext.Length);
                Buffer.BlockCopy(tag, 0, data, IvLength + ciphertext.Length, TagLength);
                file.Data = data;
            }
        }

        public SecretBuffer Open(CredentialFile file, string path)
        {
            using (var keys = LoadKeys(file.Name))
            {
                if (!string.Equals(file.KeyId, keys.KeyId, StringComparison.Ordinal))
                {
                    throw new CredentialStoreException(
                        CredentialErrorReason.WrongKey,
                        $"The stored credential '{file.Name}' ({path}) was saved with another key (key id {file.KeyId ?? "none"}); " +
                        $"the key in $env:{CredentialStore.KeyVariable} has key id {keys.KeyId}.",
                        file.Name,
                        $"Set $env:{CredentialStore.KeyVariable} to the key the credential was saved with, or save the credential again with Save-CalendarSharingCredential -Force.");
                }

                var data = file.Data;
                var cipherLength = data.Length - IvLength - TagLength;
                if (cipherLength < 16 || cipherLength % 16 != 0)
                {
                    throw CredentialFile.Corrupted(file.Name, path, "its encrypted data has the wrong length");
                }

                var iv = new byte[IvLength];
                var ciphertext = new byte[cipherLength];
                var tag = new byte[TagLength];
                Buffer.BlockCopy(data, 0, iv, 0, IvLength);
                Buffer.BlockCopy(data, IvLength, ciphertext, 0, cipherLength);
                Buffer.BlockCopy(data, IvLength + cipherLength, tag, 0, TagLength);

                var expected = ComputeTag(keys.Authentication, file.AssociatedData(), iv, ciphertext);
                if (!FixedTimeEquals(expected, tag))
                {
                    throw CredentialFile.Corrupted(file.Name, path, "it failed its integrity check (HMAC-SHA256)");
                }

                try
                {
                    using (var aes = CreateAes(keys.Encryption, iv))
                    using (var decryptor = aes.CreateDecryptor())
                    {
                        return SecretBuffer.TakeFrom(decryptor.TransformFinalBlock(ciphertext, 0, ciphertext.Length));
                    }
                }
                catch (CryptographicException ex)
                {
                    throw CredentialFile.Corrupted(file.Name, path, "its encrypted data does not decrypt", ex);
                }
            }
        }

        /// <summary>Compares in time that depends only on the length (CryptographicOperations.FixedTimeEquals is not in netstandard2.0).</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
        internal static bool FixedTimeEquals(byte[] left, byte[] right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            var difference = 0;
            for (var i = 0; i < left.Length; i++)
            {
                difference |= left[i] ^ right[i];
            }

            return difference == 0;
        }

        private static Aes CreateAes(SecretBuffer key, byte[] iv)
        {
            var aes = Aes.Create();
            aes.KeySize = 256;
            aes.Mode = CipherMode.CBC;
            aes.Padding = PaddingMode.PKCS7;
            aes.Key = key.Bytes;
            aes.IV = iv;
            return aes;
        }

        private static byte[] ComputeTag(SecretBuffer key, byte[] header, byte[] iv, byte[] ciphertext)
        {
            using (var hmac = new HMACSHA256(key.Bytes))
            {
                var length = new[] { (byte)(header.Length >> 24), (byte)(header.Length >> 16), (byte)(header.Length >> 8), (byte)header.Length };
                hmac.TransformBlock(length, 0, length.Length, null, 0);
                hmac.TransformBlock(header, 0, header.Length, null, 0);
                hmac.TransformBlock(iv, 0, iv.Length, null, 0);
                hmac.TransformFinalBlock(ciphertext, 0, ciphertext.Length);
                return hmac.Hash!;
            }
        }

        private DerivedKeys LoadKeys(string credentialName)
        {
            var text = getEnvironmentVariable(CredentialStore.KeyVariable);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.KeyMissing,
                    $"The environment variable {CredentialStore.KeyVariable} is not set. Stored credentials outside Windows are encrypted with the key it holds.",
                    credentialName,
                    HowToMakeAKey);
            }

            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(text!.Trim());
            }
            catch (FormatException ex)
            {
                // The exception's own message could quote the value: not kept as the inner exception's text.
                throw new CredentialStoreException(
                    CredentialErrorReason.KeyMalformed,
                    $"The environment variable {CredentialStore.KeyVariable} is not base64 text.",
                    credentialName,
                    HowToMakeAKey,
                    new FormatException(ex.GetType().Name));
            }

            using (var master = SecretBuffer.TakeFrom(raw))
            {
                if (master.Length != KeyLength)
                {
                    throw new CredentialStoreException(
                        CredentialErrorReason.KeyMalformed,
                        $"The environment variable {CredentialStore.KeyVariable} decodes to {master.Length} bytes; the key must be 32 random bytes (AES-256).",
                        credentialName,
                        HowToMakeAKey);
                }

                var encryption = Derive(master, "encryption");
                var authentication = Derive(master, "authentication");
                using (var id = Derive(master, "key id"))
                {
                    var hex = new StringBuilder(16);
                    for (var i = 0; i < 8; i++)
                    {
                        hex.Append(id.Bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    return new DerivedKeys(encryption, authentication, hex.ToString());
                }
            }
        }

        /// <summary>HKDF-Expand (RFC 5869) for one 32-byte block: HMAC-SHA256(master, info ‖ 0x01).</summary>
        private static SecretBuffer Derive(SecretBuffer master, string purpose)
        {
            var info = Encoding.UTF8.GetBytes("CalendarSharing credential v1 " + purpose + "\u0001");
            using (var hmac = new HMACSHA256(master.Bytes))
            {
                return SecretBuffer.TakeFrom(hmac.ComputeHash(info));
            }
        }

        private sealed class DerivedKeys : IDisposable
        {
            public DerivedKeys(SecretBuffer encryption, SecretBuffer authentication, string keyId)
            {
                Encryption = encryption;
                Authentication = authentication;
                KeyId = keyId;
            }

            public SecretBuffer Encryption { get; }

            public SecretBuffer Authentication { get; }

            public string KeyId { get; }

            public void Dispose()
            {
                Encryption.Dispose();
                Authentication.Dispose();
            }
        }
    }

    /// <summary>
    /// Windows DPAPI, CurrentUser scope, with the header as the optional entropy, so only the same Windows user
    /// on the same machine can open it and a changed header fails like a changed blob. Selected only when the
    /// process runs on Windows; elsewhere it refuses with a clear error before touching ProtectedData.
    /// </summary>
    internal sealed class DpapiProtector : ICredentialProtector
    {
        public const string SchemeName = "DPAPI-CurrentUser";

        private readonly bool isWindows;

        public DpapiProtector(bool isWindows)
        {
            this.isWindows = isWindows;
        }

        public CredentialProtection Protection => CredentialProtection.Dpapi;

        public string Scheme => SchemeName;

        public CredentialFile CreateHeader(string name, string userName, DateTimeOffset created)
        {
            RequireWindows(name, null);
            return new CredentialFile(name, userName, SchemeName, null, created);
        }

        public void Seal(CredentialFile file, SecretBuffer plaintext)
        {
            RequireWindows(file.Name, null);
            file.Data = ProtectWithDpapi(plaintext.Bytes, file.AssociatedData());
        }

        public SecretBuffer Open(CredentialFile file, string path)
        {
            RequireWindows(file.Name, path);
            if (file.KeyId != null)
            {
                throw CredentialFile.Corrupted(file.Name, path, "a DPAPI file has no KeyId field");
            }

            try
            {
                return SecretBuffer.TakeFrom(UnprotectWithDpapi(file.Data, file.AssociatedData()));
            }
            catch (CryptographicException ex)
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.DecryptionFailed,
                    $"The stored credential '{file.Name}' ({path}) could not be decrypted with DPAPI: it was saved by another Windows user or on another machine, or it was changed after it was saved.",
                    file.Name,
                    "Save the credential again as this user on this machine (Save-CalendarSharingCredential -Force).",
                    ex);
            }
        }

        // ProtectedData is referenced only from these two methods, which run only on Windows.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static byte[] ProtectWithDpapi(byte[] plaintext, byte[] entropy) =>
            ProtectedData.Protect(plaintext, entropy, DataProtectionScope.CurrentUser);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static byte[] UnprotectWithDpapi(byte[] data, byte[] entropy) =>
            ProtectedData.Unprotect(data, entropy, DataProtectionScope.CurrentUser);

        private void RequireWindows(string name, string? path)
        {
            if (!isWindows)
            {
                var where = path is null ? string.Empty : $" ({path})";
                throw new CredentialStoreException(
                    CredentialErrorReason.NotAvailableOnThisPlatform,
                    $"The stored credential '{name}'{where} is protected with Windows DPAPI, which exists only on Windows; only the Windows user who saved it, on that machine, can read it.",
                    name,
                    $"On this machine save the credential again (Save-CalendarSharingCredential -Force); it will be protected with the key in $env:{CredentialStore.KeyVariable}.");
            }
        }
    }
}
