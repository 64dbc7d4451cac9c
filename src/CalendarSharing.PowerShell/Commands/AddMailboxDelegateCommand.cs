using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Makes a user a delegate of a mailbox, or brings an existing delegate to the given roles: an upsert, so
    /// running the same CSV twice changes nothing the second time. On Exchange a delegate also gets Send on
    /// Behalf and its calendar role as a calendar permission.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "MailboxDelegate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MailboxDelegateResult))]
    public sealed class AddMailboxDelegateCommand : MailboxDelegateSettingsCmdletBase
    {
        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => DelegateCommands().AddAsync);
    }
}
