using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Removes a user's entry from a calendar (Default and Anonymous cannot be removed; they are set to None).
    /// ConfirmImpact High: asks before each removal unless -Confirm:$false or -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CalendarShare", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CalendarShareResult))]
    public sealed class RemoveCalendarShareCommand : CalendarSharingConnectedCmdletBase
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

        /// <summary>Whose entry to remove: an SMTP address, Default or Anonymous.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Trustee", "Delegate", "Principal")]
        [AllowEmptyString]
        public string User { get; set; } = string.Empty;

        /// <summary>Remove without asking, unless -Confirm is given explicitly. -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

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
                Source = (object?)InputObject ?? Mailbox,
            });
        }

        protected override void EndProcessing() => RunRows(rows, (commands, batch, sink, token) => commands.RemoveAsync(batch, sink, token));

        /// <summary>
        /// -Force skips the High-impact prompt, but -WhatIf still only reports and an explicit -Confirm still asks.
        /// </summary>
        internal override bool ConfirmChange(string target, string action)
        {
            if (!Force || MyInvocation.BoundParameters.ContainsKey("Confirm") || IsWhatIf())
            {
                return ShouldProcess(target, action);
            }

            WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.ForceConfirmed, action, target));
            return true;
        }

        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value))
            {
                return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
            }

            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }
    }
}
