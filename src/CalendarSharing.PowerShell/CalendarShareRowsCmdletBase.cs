using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Set-CalendarShare and Remove-CalendarShare: the row parameters they share, bound by property name so a
    /// CSV row (Mailbox/Identity/Owner, User/Trustee/Delegate/Principal) binds as it is, and the rows collected
    /// from the pipeline for the engine to apply at the end.
    /// </summary>
    public abstract class CalendarShareRowsCmdletBase : PipelineRowsCmdletBase
    {
        private readonly List<ShareRequest> rows = new List<ShareRequest>();

        /// <summary>The mailbox that owns the calendar (SMTP address or UPN), optionally mailbox:\Calendar.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Mailbox { get; set; } = string.Empty;

        /// <summary>A secondary calendar by display name or folder id; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.CalendarCompleter))]
        public string? Calendar { get; set; }

        /// <summary>The principal: an SMTP address, Default (everyone in the organisation) or Anonymous.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Trustee", "Delegate", "Principal")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.UserCompleter))]
        public string User { get; set; } = string.Empty;

        internal IReadOnlyList<ShareRequest> Rows => rows;

        protected override void ProcessRecord()
        {
            var row = new ShareRequest
            {
                Row = RowNumber(rows.Count),
                Mailbox = Mailbox,
                Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                User = User,
                Source = (object?)InputObject ?? Mailbox,
            };
            Complete(row);
            rows.Add(row);
        }

        /// <summary>Adds what only this cmdlet binds (the role, for one) to a row.</summary>
        internal virtual void Complete(ShareRequest row)
        {
        }
    }
}
