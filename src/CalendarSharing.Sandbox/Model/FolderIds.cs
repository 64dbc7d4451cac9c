using System;
using System.Text;

namespace CalendarSharing.Sandbox.Model
{
    /// <summary>
    /// Opaque folder ids: base64 of a small tagged string that encodes mailbox and folder, so a later call by id needs
    /// no Mailbox element (the sandbox's own choice;
    /// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-identifiers-in-exchange).
    /// Clients must treat them as opaque.
    /// </summary>
    internal static class FolderIds
    {
        private const string Prefix = "CSBX1\u0001";

        public static string Encode(string mailbox, string folderKey) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + mailbox.ToLowerInvariant() + "\u0001" + folderKey));

        public static bool TryDecode(string id, out string mailbox, out string folderKey)
        {
            mailbox = folderKey = string.Empty;
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(id));
            }
            catch (FormatException)
            {
                return false;
            }

            if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return false;
            }

            var parts = text.Substring(Prefix.Length).Split('\u0001');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                return false;
            }

            mailbox = parts[0];
            folderKey = parts[1];
            return true;
        }
    }
}
