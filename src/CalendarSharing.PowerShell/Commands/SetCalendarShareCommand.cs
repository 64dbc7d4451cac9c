using System.Management.Automation;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Grants a role on a calendar, or changes it: an upsert, so running the same CSV twice changes nothing
    /// the second time. Rows are collected from the pipeline and applied at the end; a bad row is an error
    /// naming the row, and the good rows still run. The engine asks ShouldProcess per row once it knows the
    /// real target ("alice@contoso.com\Calendar", "Grant Reviewer to bob@contoso.com").
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "CalendarShare", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CalendarShareResult))]
    public sealed class SetCalendarShareCommand : CalendarShareRowsCmdletBase
    {
        /// <summary>The role, in any spelling: LimitedDetails, FreeBusyTimeAndSubjectAndLocation, limitedRead …</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("AccessRights", "Permission")]
        [AllowEmptyString]
        [AllowNull]
        [AccessRightsTransformation]
        [ArgumentCompleter(typeof(RoleCompleter))]
        public string Role { get; set; } = string.Empty;

        /// <summary>Exchange's SharingPermissionFlags with AccessRights Editor: Delegate, or Delegate, CanViewPrivateItems.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        [AccessRightsTransformation]
        public string? SharingPermissionFlags { get; set; }

        /// <summary>With Delegate: the delegate may see private items (same as -Role DelegateCanViewPrivate).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanTransformation]
        public SwitchParameter CanViewPrivateItems { get; set; }

        /// <summary>Sends the recipient a sharing invitation to accept (Exchange Online; not available on premises).</summary>
        [Parameter]
        public SwitchParameter SendInvitation { get; set; }

        internal override void Complete(ShareRequest row)
        {
            row.SendInvitation = SendInvitation.IsPresent;
            row.Role = Role;
            row.SharingPermissionFlags = SharingPermissionFlags;
            row.CanViewPrivateItems = CanViewPrivateItems.IsPresent;
        }

        protected override void EndProcessing() => RunRows(Rows, r => r.Source, () => PermissionCommands().SetAsync);
    }
}
