namespace CalendarSharing.Core.Delegation
{
    /// <summary>One row of Grant-, Revoke- or Get-MailboxAccess as received, before parsing.</summary>
    public sealed class MailboxAccessRequest
    {
        public int? Row { get; set; }

        public string? Mailbox { get; set; }

        /// <summary>Grant/Revoke: who gets or loses the rights. Get: only this user's grants (optional).</summary>
        public string? User { get; set; }

        /// <summary>FullAccess, SendAs, SendOnBehalf (text, so one bad CSV cell fails one row).</summary>
        public string[]? AccessRights { get; set; }

        /// <summary>Add-MailboxPermission -AutoMapping (Full Access only).</summary>
        public bool AutoMapping { get; set; } = true;

        public object? Source { get; set; }

        public override string ToString() => $"row {Row}: {Mailbox} {User}";
    }
}
