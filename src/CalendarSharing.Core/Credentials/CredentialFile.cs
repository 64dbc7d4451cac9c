using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>
    /// One stored credential as a small UTF-8 text file (docs/design/credentials.md):
    /// <code>
    /// CalendarSharingCredential: 1
    /// Name: onprem
    /// UserName: alice@contoso.com
    /// Scheme: AES-256-CBC-HMAC-SHA256
    /// KeyId: 9f2c4e1a0b3d5f67          (key scheme only)
    /// Created: 2026-11-21T14:42:49.0000000Z
    /// Data: (base64)
    /// </code>
    /// Everything above <c>Data</c> is the associated data the protection authenticates, so changing the name,
    /// user name, scheme, key id or date is detected like a change to the ciphertext. Parsing is strict: a file
    /// is accepted only if writing back what was read gives exactly its bytes, so no byte can change unnoticed.
    /// </summary>
    internal sealed class CredentialFile
    {
        public const int Version = 1;

        public const string Magic = "CalendarSharingCredential";

        private const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public CredentialFile(string name, string userName, string scheme, string? keyId, DateTimeOffset created)
        {
            Name = name;
            UserName = userName;
            Scheme = scheme;
            KeyId = keyId;
            Created = new DateTimeOffset(created.UtcDateTime, TimeSpan.Zero);
        }

        public string Name { get; }

        public string UserName { get; }

        public string Scheme { get; }

        public string? KeyId { get; }

        public DateTimeOffset Created { get; }

        public byte[] Data { get; set; } = Array.Empty<byte>();

        /// <summary>What the protection authenticates: the header text, every line but Data.</summary>
        public byte[] AssociatedData() => StrictUtf8.GetBytes(Header());

        public byte[] ToBytes() => StrictUtf8.GetBytes(Header() + "Data: " + Convert.ToBase64String(Data) + "\n");

        /// <summary>Reads a file; <see cref="CredentialErrorReason.Corrupted"/> or UnsupportedFormat when it is not one we wrote.</summary>
        public static CredentialFile Parse(byte[] bytes, string expectedName, string path)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (ArgumentException ex)
            {
                throw Corrupted(expectedName, path, "it is not UTF-8 text", ex);
            }

            var lines = text.Split('\n');
            if (lines.Length < 2 || lines[lines.Length - 1].Length != 0)
            {
                throw Corrupted(expectedName, path, "it does not end as a credential file ends");
            }

            var fields = new List<KeyValuePair<string, string>>();
            for (var i = 0; i < lines.Length - 1; i++)
            {
                var colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw Corrupted(expectedName, path, $"line {i + 1} is not 'Field: value'");
                }

                fields.Add(new KeyValuePair<string, string>(lines[i].Substring(0, colon), lines[i].Substring(colon + 2)));
            }

            if (fields[0].Key != Magic)
            {
                throw Corrupted(expectedName, path, "it is not a CalendarSharing credential file");
            }

            if (fields[0].Value != Version.ToString(CultureInfo.InvariantCulture))
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.UnsupportedFormat,
                    $"The stored credential '{expectedName}' ({path}) has format version '{Clean(fields[0].Value)}'; this version of the module reads version {Version}.",
                    expectedName,
                    "Update the CalendarSharing module, or save the credential again with this version.");
            }

            var index = 1;
            string Next(string key)
            {
                if (index >= fields.Count || fields[index].Key != key)
                {
                    throw Corrupted(expectedName, path, $"the field '{key}' is missing or out of place");
                }

                return fields[index++].Value;
            }

            var name = Next("Name");
            var userName = Next("UserName");
            var scheme = Next("Scheme");
            string? keyId = null;
            if (index < fields.Count && fields[index].Key == "KeyId")
            {
                keyId = Next("KeyId");
            }

            var createdText = Next("Created");
            var dataText = Next("Data");
            if (index != fields.Count)
            {
                throw Corrupted(expectedName, path, "it has fields after Data");
            }

            if (!CredentialName.IsValid(name) || !string.Equals(CredentialName.ToFileName(name), CredentialName.ToFileName(expectedName), StringComparison.Ordinal))
            {
                throw Corrupted(expectedName, path, $"its Name field does not match its file name");
            }

            if (!DateTimeOffset.TryParseExact(createdText, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created))
            {
                throw Corrupted(expectedName, path, "its Created field is not a UTC time");
            }

            byte[] data;
            try
            {
                data = Convert.FromBase64String(dataText);
            }
            catch (FormatException ex)
            {
                throw Corrupted(expectedName, path, "its Data field is not base64", ex);
            }

            var file = new CredentialFile(name, userName, scheme, keyId, created) { Data = data };
            if (!BytesEqual(file.ToBytes(), bytes))
            {
                // Non-canonical spelling of the same values (base64 slack bits, a changed digit of precision…).
                throw Corrupted(expectedName, path, "it differs from what this module writes");
            }

            return file;
        }

        public static CredentialStoreException Corrupted(string name, string path, string why, Exception? inner = null) =>
            new CredentialStoreException(
                CredentialErrorReason.Corrupted,
                $"The stored credential '{name}' ({path}) is damaged or was changed after it was saved: {why}.",
                name,
                "Remove it with Remove-CalendarSharingCredential and save it again with Save-CalendarSharingCredential.",
                inner);

        private string Header()
        {
            var text = new StringBuilder();
            text.Append(Magic).Append(": ").Append(Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append("Name: ").Append(Name).Append('\n');
            text.Append("UserName: ").Append(UserName).Append('\n');
            text.Append("Scheme: ").Append(Scheme).Append('\n');
            if (KeyId != null)
            {
                text.Append("KeyId: ").Append(KeyId).Append('\n');
            }

            text.Append("Created: ").Append(Created.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture)).Append('\n');
            return text.ToString();
        }

        private static bool BytesEqual(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string Clean(string value) => value.Length > 16 ? value.Substring(0, 16) + "…" : value;
    }
}
