namespace CalendarSharing
{
    /// <summary>A mailbox-level right Grant-/Revoke-MailboxAccess change.</summary>
    public enum MailboxAccessRight
    {
        FullAccess,
        SendAs,
        SendOnBehalf,
    }

    /// <summary>Kinds of access Get-MailboxAccess reports.</summary>
    public enum MailboxAccessKind
    {
        /// <summary>A delegate record (EWS delegate / Outlook delegate form).</summary>
        Delegate,
        /// <summary>A permission entry on a folder (the calendar).</summary>
        FolderPermission,
        FullAccess,
        SendAs,
        SendOnBehalf,
    }

    /// <summary>One grant on a mailbox: who may see it, or send in its name, and through what.</summary>
    public sealed class MailboxAccessGrant
    {
        public MailboxAccessGrant(string mailbox, string user, MailboxAccessKind kind, string rights, string source)
        {
            Mailbox = mailbox;
            User = user;
            Kind = kind;
            Rights = rights;
            Source = source;
        }

        public string Mailbox { get; }

        /// <summary>The user (SMTP address or the name the server gave) holding the right.</summary>
        public string User { get; }

        public MailboxAccessKind Kind { get; }

        /// <summary>The rights, e.g. "FullAccess", "SendAs", "Calendar:Editor, Inbox:Reviewer", "Reviewer".</summary>
        public string Rights { get; }

        /// <summary>Where it was read: the operation or Exchange cmdlet (GetDelegate, Get-MailboxPermission, …).</summary>
        public string Source { get; }

        /// <summary>The folder, for FolderPermission grants.</summary>
        public string? Folder { get; set; }

        public override string ToString() => $"{User} {Kind} {Rights} on {Mailbox}";
    }

    /// <summary>What Grant- or Revoke-MailboxAccess did for one mailbox, user and right.</summary>
    public sealed class MailboxAccessResult
    {
        public MailboxAccessResult(string mailbox, string user, MailboxAccessRight accessRight, ShareAction action)
        {
            Mailbox = mailbox;
            User = user;
            AccessRight = accessRight;
            Action = action;
        }

        public string Mailbox { get; }

        public string User { get; }

        public MailboxAccessRight AccessRight { get; }

        public ShareAction Action { get; }

        public int? Row { get; set; }

        public string? Message { get; set; }

        public override string ToString() => $"{Action} {AccessRight} for {User} on {Mailbox}";
    }
}
