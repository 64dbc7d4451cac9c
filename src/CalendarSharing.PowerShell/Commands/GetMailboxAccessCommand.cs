using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Every grant on mailboxes, one object each: delegates and calendar permissions (through the connection),
    /// Full Access, Send As and Send on Behalf (through -ExchangeSession). With -User, only what that user can
    /// reach across the given mailboxes, read with bounded concurrency.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MailboxAccess")]
    [OutputType(typeof(MailboxAccessGrant))]
    public sealed class GetMailboxAccessCommand : MailboxAccessCmdletBase
    {
        private readonly List<MailboxAccessRequest> rows = new List<MailboxAccessRequest>();

        /// <summary>
        /// The mailboxes: SMTP addresses, or objects with a Mailbox, PrimarySmtpAddress, Identity or Owner property
        /// (CSV rows, Get-Mailbox output), so -Mailbox (Import-Csv mailboxes.csv) works.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("PrimarySmtpAddress", "Identity")]
        [AllowEmptyCollection]
        public PSObject[] Mailbox { get; set; } = Array.Empty<PSObject>();

        /// <summary>Only this user's grants (SMTP address).</summary>
        [Parameter(Position = 1)]
        [Alias("Trustee", "Delegate")]
        public string? User { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in Mailbox)
            {
                rows.Add(new MailboxAccessRequest
                {
                    Row = rows.Count + 1,
                    Mailbox = AddressOf(item),
                    User = string.IsNullOrWhiteSpace(User) ? null : User,
                    Source = item,
                });
            }
        }

        private static string AddressOf(PSObject? item)
        {
            if (item?.BaseObject is string text)
            {
                return text;
            }

            foreach (var name in new[] { "Mailbox", "PrimarySmtpAddress", "Identity", "Owner" })
            {
                var value = item?.Properties[name]?.Value;
                if (value != null)
                {
                    return value.ToString() ?? string.Empty;
                }
            }

            return item?.ToString() ?? string.Empty;
        }

        protected override void EndProcessing() => RunRows(rows, r => r.Source, () => AccessCommands(needExecutor: false).GetAsync);
    }
}
