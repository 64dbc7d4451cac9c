using System;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CalendarSharing.SandboxServer
{
    /// <summary>
    /// Trust in an authenticating reverse proxy in front of the sandbox (Apache httpd with mod_auth_gssapi in the
    /// Negotiate interop test): NTLM is bound to the client's connection to the proxy, so the proxy cannot pass the
    /// handshake on, and tells the sandbox who it authenticated instead (its REMOTE_USER). The sandbox believes that name
    /// only when all of these hold: the request comes from a loopback address, it carries the shared secret this run was
    /// started with (compared in constant time; it reaches the server through the environment, never the command line),
    /// and it names the user in <see cref="UserHeader"/>. Anything else is authenticated as usual, so a client talking
    /// to the sandbox directly can neither skip authentication nor pick a user. Both headers are removed before the
    /// request goes on. See docs/design/connecting.md.
    /// </summary>
    public sealed class SandboxFrontEndTrust
    {
        public const string UserHeader = "X-CalendarSharing-FrontEnd-User";

        public const string SecretHeader = "X-CalendarSharing-FrontEnd-Secret";

        /// <summary>The environment variable SandboxServer reads the secret from (--front-end-auth).</summary>
        public const string SecretVariable = "CALENDARSHARING_SANDBOX_FRONTEND_SECRET";

        private readonly byte[] secret;

        public SandboxFrontEndTrust(string sharedSecret)
        {
            if (sharedSecret == null || sharedSecret.Length < 32)
            {
                throw new ArgumentException("The front end's shared secret must be at least 32 characters.", nameof(sharedSecret));
            }

            secret = Encoding.UTF8.GetBytes(sharedSecret);
        }

        /// <summary>The user the front end vouches for, or null when this request is not from the trusted front end.</summary>
        public string? TrustedUser(IPAddress? remote, string? presentedSecret, string? user)
        {
            if (remote == null || !IPAddress.IsLoopback(remote) || string.IsNullOrEmpty(presentedSecret) || string.IsNullOrWhiteSpace(user))
            {
                return null;
            }

            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presentedSecret), secret) ? user!.Trim() : null;
        }
    }
}
