namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// One row of Add-, Set-, Get- or Remove-MailboxDelegate as the cmdlet received it, before any parsing:
    /// roles are text so a bad value in one CSV row is that row's error, not a binding failure of the whole run.
    /// A null field means "not given": Add gives new delegates defaults, Set keeps what the delegate has.
    /// </summary>
    public sealed class DelegateRequest
    {
        public int? Row { get; set; }

        public string? Mailbox { get; set; }

        /// <summary>The delegate's SMTP address (Get: an optional filter).</summary>
        public string? Delegate { get; set; }

        public string? CalendarRole { get; set; }

        public string? TasksRole { get; set; }

        public string? InboxRole { get; set; }

        public string? ContactsRole { get; set; }

        public string? NotesRole { get; set; }

        public string? JournalRole { get; set; }

        public bool? ReceiveMeetingCopies { get; set; }

        public bool? ViewPrivateItems { get; set; }

        public string? MeetingRequestDelivery { get; set; }

        /// <summary>The input object (a CSV row, a string): the TargetObject of any error about this row.</summary>
        public object? Source { get; set; }

        public override string ToString() => $"row {Row}: {Mailbox} {Delegate}";
    }
}
