using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>Changes the roles or settings given of an existing delegate; everything not given stays as it is.</summary>
    [Cmdlet(VerbsCommon.Set, "MailboxDelegate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MailboxDelegateResult))]
    public sealed class SetMailboxDelegateCommand : MailboxDelegateSettingsCmdletBase
    {
        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => DelegateCommands().SetAsync);
    }
}
