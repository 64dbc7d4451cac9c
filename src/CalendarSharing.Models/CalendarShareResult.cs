namespace CalendarSharing
{
    /// <summary>What Set-CalendarShare or Remove-CalendarShare did for one row.</summary>
    public sealed class CalendarShareResult
    {
        public CalendarShareResult(string mailbox, string calendar, string user, ShareAction action)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            User = user;
            Action = action;
        }

        public string Mailbox { get; }

        public string Calendar { get; }

        public string User { get; }

        public ShareAction Action { get; }

        /// <summary>The role after the change (None after a removal).</summary>
        public CalendarRole Role { get; set; }

        /// <summary>The role before the change, when the principal had an entry.</summary>
        public CalendarRole? PreviousRole { get; set; }

        /// <summary>1-based input row number when the input came from the pipeline.</summary>
        public int? Row { get; set; }

        /// <summary>True when the recipient was sent a sharing invitation (-SendInvitation).</summary>
        public bool InvitationSent { get; set; }

        /// <summary>A short explanation for Skipped and Failed rows.</summary>
        public string? Message { get; set; }

        public override string ToString() => $"{Action} {User} on {Mailbox}\\{Calendar} ({Role})";
    }
}
