using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Add-, Set- and Remove-MailboxDelegate: the row parameters they share, bound by property name so a CSV row
    /// (Mailbox/Identity/Owner, Delegate/User/Trustee) binds as it is; rows are collected and applied at the end.
    /// </summary>
    public abstract class MailboxDelegateCmdletBase : CalendarSharingConnectedCmdletBase
    {
        private readonly List<DelegateRequest> rows = new List<DelegateRequest>();

        /// <summary>The principal's mailbox (SMTP address).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Mailbox { get; set; } = string.Empty;

        /// <summary>The delegate's SMTP address.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("User", "Trustee", "Principal")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Delegate { get; set; } = string.Empty;

        /// <summary>The pipeline object itself (a CSV row), kept as the target of any error about it. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        internal IReadOnlyList<DelegateRequest> Rows => rows;

        protected override void ProcessRecord()
        {
            var row = new DelegateRequest
            {
                Row = rows.Count + 1,
                Mailbox = Mailbox,
                Delegate = Delegate,
                Source = (object?)InputObject ?? Mailbox,
            };
            Complete(row);
            rows.Add(row);
        }

        /// <summary>Adds what only this cmdlet binds (the roles, for one) to a row.</summary>
        internal virtual void Complete(DelegateRequest row)
        {
        }
    }

    /// <summary>Add- and Set-MailboxDelegate: the delegate's folder roles, meeting copies, private items and the mailbox's delivery.</summary>
    public abstract class MailboxDelegateSettingsCmdletBase : MailboxDelegateCmdletBase
    {
        /// <summary>The delegate's role on the Calendar: None, Reviewer, Author or Editor.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.DelegateRoleCompleter))]
        public string? CalendarRole { get; set; }

        /// <summary>The delegate's role on Tasks.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.DelegateRoleCompleter))]
        public string? TasksRole { get; set; }

        /// <summary>The delegate's role on the Inbox.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.DelegateRoleCompleter))]
        public string? InboxRole { get; set; }

        /// <summary>The delegate's role on Contacts.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.DelegateRoleCompleter))]
        public string? ContactsRole { get; set; }

        /// <summary>The delegate's role on Notes.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.DelegateRoleCompleter))]
        public string? NotesRole { get; set; }

        /// <summary>The delegate's role on the Journal.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.DelegateRoleCompleter))]
        public string? JournalRole { get; set; }

        /// <summary>The delegate receives copies of meeting messages sent to the principal.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanTransformation]
        public SwitchParameter ReceiveMeetingCopies { get; set; }

        /// <summary>The delegate may see the principal's private items (mailbox-wide).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanTransformation]
        public SwitchParameter ViewPrivateItems { get; set; }

        /// <summary>Where the principal's meeting requests go: DelegatesOnly, DelegatesAndMe, DelegatesAndSendInformationToMe, NoForward.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MeetingRequestDeliveryCompleter))]
        public string? MeetingRequestDelivery { get; set; }

        internal override void Complete(DelegateRequest row)
        {
            row.CalendarRole = CalendarRole;
            row.TasksRole = TasksRole;
            row.InboxRole = InboxRole;
            row.ContactsRole = ContactsRole;
            row.NotesRole = NotesRole;
            row.JournalRole = JournalRole;
            row.ReceiveMeetingCopies = Given(nameof(ReceiveMeetingCopies)) ? ReceiveMeetingCopies.IsPresent : (bool?)null;
            row.ViewPrivateItems = Given(nameof(ViewPrivateItems)) ? ViewPrivateItems.IsPresent : (bool?)null;
            row.MeetingRequestDelivery = MeetingRequestDelivery;
        }
    }
}
