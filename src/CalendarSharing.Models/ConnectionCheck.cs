namespace CalendarSharing
{
    /// <summary>The verdict of one connection check.</summary>
    public enum ConnectionCheckResult
    {
        Pass,
        Warn,
        Fail,

        /// <summary>Not run: an earlier check failed, or it does not apply to this connection.</summary>
        Skipped,
    }

    /// <summary>One line of Test-CalendarSharingConnection's checklist. Never holds a secret.</summary>
    public sealed class ConnectionCheck
    {
        public ConnectionCheck(string name, ConnectionCheckResult result, string detail, string? advice = null)
        {
            Name = name;
            Result = result;
            Detail = detail;
            Advice = advice;
        }

        /// <summary>
        /// Autodiscover, Reachable, Tls, Certificate, AuthenticationMethods, SignIn, EwsEnabled, ExchangeVersion, MailboxRights,
        /// GraphPermissions; online: SignIn, GraphReachable, GraphPermissions, UserRead, MailboxOnline, CalendarRead, CalendarWrite.
        /// </summary>
        public string Name { get; }

        public ConnectionCheckResult Result { get; }

        /// <summary>What was found.</summary>
        public string Detail { get; }

        /// <summary>What to do about a Warn or Fail.</summary>
        public string? Advice { get; }

        public override string ToString() => $"{Name}: {Result} - {Detail}";
    }
}
