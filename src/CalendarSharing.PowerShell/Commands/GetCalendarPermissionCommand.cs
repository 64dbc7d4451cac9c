using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Lists the permission entries of calendars. Mailboxes are collected from the pipeline and read in
    /// batches at the end, so `Get-Mailbox | Get-CalendarPermission` makes few round trips.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarPermission")]
    [OutputType(typeof(CalendarPermission))]
    public sealed class GetCalendarPermissionCommand : CalendarSharingConnectedCmdletBase
    {
        private readonly List<ShareRequest> rows = new List<ShareRequest>();

        /// <summary>
        /// Mailboxes (SMTP address or UPN), optionally with a calendar: alice@contoso.com:\Calendar.
        /// PrimarySmtpAddress comes first among the aliases: objects from Get-Mailbox carry both it and an
        /// Identity that is not an address.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString] // an empty CSV cell is the engine's to report, with its row number
        public string[] Mailbox { get; set; } = Array.Empty<string>();

        /// <summary>A secondary calendar by display name or folder id; default: the mailbox's default calendar.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        public string? Calendar { get; set; }

        /// <summary>Only the entries of this user (SMTP address, Default or Anonymous).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Trustee", "Delegate", "Principal")]
        public string? User { get; set; }

        /// <summary>The pipeline object itself, kept as the target of any error about it. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var mailbox in Mailbox)
            {
                rows.Add(new ShareRequest
                {
                    Row = rows.Count + 1,
                    Mailbox = mailbox,
                    Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                    User = string.IsNullOrWhiteSpace(User) ? null : User,
                    Source = (object?)InputObject ?? mailbox,
                });
            }
        }

        protected override void EndProcessing() => RunRows(rows, r => r.Source, () => PermissionCommands().GetAsync);
    }
}
