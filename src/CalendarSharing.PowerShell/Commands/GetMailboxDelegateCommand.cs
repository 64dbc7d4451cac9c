using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>Lists the delegates of mailboxes with their folder roles and the mailbox's meeting request delivery.</summary>
    [Cmdlet(VerbsCommon.Get, "MailboxDelegate")]
    [OutputType(typeof(MailboxDelegate))]
    public sealed class GetMailboxDelegateCommand : CalendarSharingConnectedCmdletBase
    {
        private readonly List<DelegateRequest> rows = new List<DelegateRequest>();

        /// <summary>The principals' mailboxes (SMTP addresses).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString]
        public string[] Mailbox { get; set; } = Array.Empty<string>();

        /// <summary>Only this delegate (SMTP address or display name).</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("User", "Trustee", "Principal")]
        public string? Delegate { get; set; }

        /// <summary>The pipeline object itself, kept as the target of any error about it. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var mailbox in Mailbox)
            {
                rows.Add(new DelegateRequest
                {
                    Row = rows.Count + 1,
                    Mailbox = mailbox,
                    Delegate = string.IsNullOrWhiteSpace(Delegate) ? null : Delegate,
                    Source = (object?)InputObject ?? mailbox,
                });
            }
        }

        protected override void EndProcessing() => RunRows(rows, r => r.Source, () => DelegateCommands().GetAsync);
    }
}
