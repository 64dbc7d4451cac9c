namespace CalendarSharing
{
    /// <summary>The level a delegate holds on one of the principal's folders (EWS DelegateFolderPermissionLevelType).</summary>
    public enum DelegateFolderRole
    {
        None = 0,
        Reviewer,
        Author,
        Editor,
        /// <summary>Read back only: the folder's rights match no named level.</summary>
        Custom,
    }

    /// <summary>Where meeting requests for the principal go once it has delegates (mailbox-wide).</summary>
    public enum MeetingRequestDelivery
    {
        /// <summary>To the delegates only; the principal's copy goes to Deleted Items.</summary>
        DelegatesOnly,
        /// <summary>To the delegates and the principal.</summary>
        DelegatesAndMe,
        /// <summary>To the delegates; the principal gets a copy without Accept/Decline (Exchange's default).</summary>
        DelegatesAndSendInformationToMe,
        /// <summary>Not forwarded to delegates.</summary>
        NoForward,
    }

    /// <summary>One delegate of a mailbox, as Get-MailboxDelegate writes it.</summary>
    public sealed class MailboxDelegate
    {
        public MailboxDelegate(string mailbox, string @delegate)
        {
            Mailbox = mailbox;
            Delegate = @delegate;
        }

        /// <summary>The principal's mailbox.</summary>
        public string Mailbox { get; }

        /// <summary>The delegate's primary SMTP address.</summary>
        public string Delegate { get; }

        public string? DisplayName { get; set; }

        public DelegateFolderRole CalendarRole { get; set; }

        public DelegateFolderRole TasksRole { get; set; }

        public DelegateFolderRole InboxRole { get; set; }

        public DelegateFolderRole ContactsRole { get; set; }

        public DelegateFolderRole NotesRole { get; set; }

        public DelegateFolderRole JournalRole { get; set; }

        /// <summary>The delegate gets copies of the principal's meeting messages.</summary>
        public bool ReceiveMeetingCopies { get; set; }

        /// <summary>Mailbox-wide: the delegate sees the principal's private items.</summary>
        public bool ViewPrivateItems { get; set; }

        /// <summary>The principal's (mailbox-wide) meeting request delivery, when the server reported it.</summary>
        public MeetingRequestDelivery? MeetingRequestDelivery { get; set; }

        /// <summary>Ews, Sandbox, …</summary>
        public string? Source { get; set; }

        public override string ToString() => $"{Delegate} of {Mailbox} (Calendar {CalendarRole})";
    }

    /// <summary>What Add-, Set- or Remove-MailboxDelegate did for one row.</summary>
    public sealed class MailboxDelegateResult
    {
        public MailboxDelegateResult(string mailbox, string @delegate, ShareAction action)
        {
            Mailbox = mailbox;
            Delegate = @delegate;
            Action = action;
        }

        public string Mailbox { get; }

        public string Delegate { get; }

        public ShareAction Action { get; }

        /// <summary>The delegate as it is after the change (null after a removal or a failure).</summary>
        public MailboxDelegate? Current { get; set; }

        /// <summary>What changed, e.g. "InboxRole Reviewer -> None".</summary>
        public string? Changes { get; set; }

        /// <summary>1-based input row number.</summary>
        public int? Row { get; set; }

        /// <summary>A short explanation for Skipped and Failed rows.</summary>
        public string? Message { get; set; }

        public override string ToString() => $"{Action} {Delegate} on {Mailbox}";
    }
}
