using CalendarSharing.Core.Resources;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// The cmdlet layer's sentences. The texts themselves live in Core's one resource (Texts.resx, STYLE.md item 16),
    /// beside the error catalogue's; these names only keep the call sites short. No message ever holds a secret.
    /// </summary>
    internal static class Messages
    {
        public static string ConnectFailed => Texts.ConnectFailed;
        public static string SkipCertificateCheckWarning => Texts.SkipCertificateCheckWarning;
        public static string Discovering => Texts.Discovering;
        public static string Connecting => Texts.Connecting;
        public static string RoutingBetween => Texts.RoutingBetween;
        public static string UsingStoredCredential => Texts.UsingStoredCredential;
        public static string Connected => Texts.Connected;
        public static string SandboxCreating => Texts.SandboxCreating;
        public static string Disconnected => Texts.Disconnected;
        public static string NoConnectionToClose => Texts.NoConnectionToClose;
        public static string DisconnectAction => Texts.DisconnectAction;
        public static string ForceConfirmed => Texts.ForceConfirmed;
        public static string ProgressStatus => Texts.ProgressStatus;
    }
}
