using System;
using System.Management.Automation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Full re-sync of pairs: forgets their state (watermarks, the item map) and runs a pass that compares the whole
    /// window by stamp, so the copies already there are found (no duplicates) and what is missing or changed is mirrored.
    /// </summary>
    [Cmdlet(VerbsCommon.Reset, "CalendarSync", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SyncPairResult))]
    public sealed class ResetCalendarSyncCommand : CalendarSharingConnectedCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Path")]
        public string Profile { get; set; } = string.Empty;

        /// <summary>Only the pairs of this source.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string? Source { get; set; }

        /// <summary>Only the pairs into this target.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string? Target { get; set; }

        /// <summary>Go past the deletion threshold in the pass that follows.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public string? StateStore { get; set; }

        [Parameter]
        public string? WorkerId { get; set; }

        protected override void BeginProcessing()
        {
        }

        protected override void EndProcessing() => SyncPairsRun.Run(this, Profile, Source, Target, StateStore, WorkerId, Force.IsPresent, (runner, request, sink, token) => runner.ResetAsync(request, sink, token));
    }
}
