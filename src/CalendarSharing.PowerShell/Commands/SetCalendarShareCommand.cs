using System.Collections.Generic;
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
    public sealed class SetCalendarShareCommand : CalendarSharingConnectedCmdletBase
    {
        private readonly List<ShareRequest> rows = new List<ShareRequest>();

        /// <summary>The mailbox that owns the calendar (SMTP address or UPN), optionally mailbox:\Calendar.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString]
        public string Mailbox { get; set; } = string.Empty;

        /// <summary>A secondary calendar by display name or folder id; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Calendar { get; set; }

        /// <summary>Who gets the role: an SMTP address, Default (everyone in the organisation) or Anonymous.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Trustee", "Delegate", "Principal")]
        [AllowEmptyString]
        public string User { get; set; } = string.Empty;

        /// <summary>The role, in any spelling: LimitedDetails, FreeBusyTimeAndSubjectAndLocation, limitedRead …</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("AccessRights", "Permission")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(RoleCompleter))]
        public string Role { get; set; } = string.Empty;

        /// <summary>With Delegate: the delegate may see private items (same as -Role DelegateCanViewPrivate).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanTransformation]
        public SwitchParameter CanViewPrivateItems { get; set; }

        /// <summary>The pipeline object itself (a CSV row), kept as the target of any error about it. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            rows.Add(new ShareRequest
            {
                Row = rows.Count + 1,
                Mailbox = Mailbox,
                Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                User = User,
                Role = Role,
                CanViewPrivateItems = CanViewPrivateItems.IsPresent,
                Source = (object?)InputObject ?? Mailbox,
            });
        }

        protected override void EndProcessing() => RunRows(rows, (commands, batch, sink, token) => commands.SetAsync(batch, sink, token));
    }
}
