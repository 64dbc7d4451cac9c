using System.Management.Automation;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Grants Full Access, Send As and/or Send on Behalf on a mailbox. On-premises through the admin's Exchange
    /// Management Shell session (-ExchangeSession). An upsert: a right the user already has is Unchanged; Send on
    /// Behalf is added with @{Add=…}, so every other grantee stays.
    /// </summary>
    [Cmdlet(VerbsSecurity.Grant, "MailboxAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MailboxAccessResult))]
    public sealed class GrantMailboxAccessCommand : MailboxAccessRowsCmdletBase
    {
        /// <summary>Full Access only: Outlook opens the mailbox automatically (Add-MailboxPermission -AutoMapping). Default $true.</summary>
        [Parameter]
        public bool AutoMapping { get; set; } = true;

        internal override void Complete(MailboxAccessRequest row) => row.AutoMapping = AutoMapping;

        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => AccessCommands(needExecutor: true).GrantAsync);
    }
}
