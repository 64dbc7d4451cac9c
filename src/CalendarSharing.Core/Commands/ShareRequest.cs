namespace CalendarSharing.Core.Commands
{
    /// <summary>
    /// One row as the cmdlet received it, before any parsing: the engine validates it and reports a bad
    /// row as an error naming the row, so the good rows still run.
    /// </summary>
    public sealed class ShareRequest
    {
        /// <summary>1-based position in the pipeline input.</summary>
        public int? Row { get; set; }

        public string? Mailbox { get; set; }

        public string? Calendar { get; set; }

        public string? User { get; set; }

        /// <summary>The role as given; an AccessRights array arrives joined with ", " (see Roles/RoleInput).</summary>
        public string? Role { get; set; }

        /// <summary>Exchange's SharingPermissionFlags (Delegate, CanViewPrivateItems) that go with AccessRights Editor.</summary>
        public string? SharingPermissionFlags { get; set; }

        public bool CanViewPrivateItems { get; set; }

        /// <summary>-SendInvitation: the recipient gets a sharing invitation to accept (where the protocol can send one).</summary>
        public bool SendInvitation { get; set; }

        /// <summary>The input object (a CSV row, a string): the TargetObject of any error about this row.</summary>
        public object? Source { get; set; }

        public override string ToString() => $"row {Row}: {Mailbox} {User} {Role}";
    }
}
