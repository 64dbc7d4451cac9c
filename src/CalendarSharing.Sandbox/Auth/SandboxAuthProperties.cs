namespace CalendarSharing.Sandbox.Auth
{
    /// <summary>Request properties (HttpRequestMessage.Options) through which a hosting process talks to authentication.</summary>
    public static class SandboxAuthProperties
    {
        /// <summary>
        /// The logon name (DOMAIN\user or user@domain) a trusted, authenticating front end has already verified. Only the
        /// hosting process can set a request property; a client's headers never become one. SandboxServer sets it for
        /// requests from its trusted reverse proxy (SandboxFrontEndTrust).
        /// </summary>
        public const string FrontEndUser = "CalendarSharing.FrontEndUser";
    }
}
