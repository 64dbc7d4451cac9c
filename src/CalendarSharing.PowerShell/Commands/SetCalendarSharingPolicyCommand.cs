using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Assigns a sharing policy to mailboxes (-Mailbox, or piped mailboxes and CSV rows; one result per mailbox, a bad
    /// row never stops the others; a mailbox that has the policy already is Unchanged), enables or disables it, or
    /// makes it the default policy.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CalendarSharingPolicy", SupportsShouldProcess = true)]
    [OutputType(typeof(SharingPolicyAssignment), typeof(SharingPolicyChange))]
    public sealed class SetCalendarSharingPolicyCommand : SharingPolicyCmdletBase
    {
        private readonly List<SharingPolicyAssignmentRequest> rows = new List<SharingPolicyAssignmentRequest>();

        /// <summary>The policy (its name, for example 'Default Sharing Policy').</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Policy", "Name")]
        public string Identity { get; set; } = string.Empty;

        /// <summary>
        /// Mailboxes to assign the policy to: SMTP addresses, or objects with a Mailbox, PrimarySmtpAddress or Identity
        /// property (CSV rows, Get-Mailbox output), so -Mailbox (Import-Csv sales.csv) works.
        /// </summary>
        [Parameter(Position = 1, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public PSObject[] Mailbox { get; set; } = Array.Empty<PSObject>();

        /// <summary>$true enables the policy, $false disables it (no new external sharing under it).</summary>
        [Parameter]
        public bool? Enabled { get; set; }

        /// <summary>Makes it the default policy, for every mailbox without a policy of its own.</summary>
        [Parameter]
        public SwitchParameter Default { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in Mailbox)
            {
                rows.Add(new SharingPolicyAssignmentRequest { Row = rows.Count + 1, Mailbox = AddressOf(item), Source = item });
            }
        }

        protected override void EndProcessing()
        {
            var commands = PolicyCommands();
            if (Enabled.HasValue || Default)
            {
                RunEngine((sink, token) => commands.SetPolicyAsync(Identity, Enabled, Default, sink, token));
            }

            if (rows.Count > 0)
            {
                RunEngine((sink, token) => commands.AssignAsync(Identity, rows, sink, token));
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
    }
}
