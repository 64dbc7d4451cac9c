namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Every user-facing sentence of the cmdlet layer, in one place (STYLE.md item 16), ready to move to a
    /// .resx when the module is translated. Formats use string.Format placeholders. No message ever holds a secret.
    /// </summary>
    internal static class Messages
    {
        public const string NotConnected = "There is no connection. Run Connect-CalendarSharing first (Connect-CalendarSharing -Sandbox needs no tenant).";
        public const string NotConnectedAction = "Run Connect-CalendarSharing, or pass -Connection.";
        public const string ConnectionClosed = "The connection to {0} is closed. Run Connect-CalendarSharing again.";
        public const string ConnectFailed = "Could not connect to {0}: {1}";
        public const string ConnectFailedAction = "Check the URL, the credentials and the authentication method; -Verbose shows what was tried.";
        public const string SkipCertificateCheckWarning = "-SkipCertificateCheck: the server certificate is not checked, so anyone on the network path could pose as the server and read the credentials. Use it only in a lab.";
        public const string Discovering = "Running autodiscover for {0}.";
        public const string AutodiscoverFailedAction = "Give the EWS URL with -EwsUrl (it is used when autodiscover fails); -Verbose shows each autodiscover step.";
        public const string Connecting = "Connecting to {0} as {1} ({2}, {3} authentication).";

        public const string RoutingBetween = "No -Connection: routing each mailbox between the on-premises connection to {0} and the online connection to {1} (online first, on-premises when Exchange Online does not host it).";
        public const string UsingStoredCredential = "Using the stored credential '{0}' for {1} ({2}).";
        public const string Connected = "Connected to {0} as {1} ({2}); server version {3}. This is now the default connection.";
        public const string SandboxCreating = "Creating the sandbox organisation contoso.com in this session ({0} generated mailboxes besides the named ones).";
        public const string Disconnected = "Closed the connection to {0} as {1}.";
        public const string NoSuchConnection = "There is no open connection to {0} as {1}.";
        public const string NoConnectionToClose = "There is no default connection to close.";
        public const string DisconnectAction = "Close the connection";
        public const string EngineFailed = "{0}";
        public const string ForceConfirmed = "Performing the operation \"{0}\" on target \"{1}\" (-Force).";
        public const string ProgressStatus = "{0} of {1}";
    }
}
