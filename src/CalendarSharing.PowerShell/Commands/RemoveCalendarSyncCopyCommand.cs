using System.Management.Automation;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Removes the copies a profile made in its pairs' targets (two-way: on both sides), found by our stamp, not by state:
    /// events the profile did not make, and other profiles' copies, are never touched, and no cancellation is sent. The
    /// pairs' state is forgotten. For when a mirror is retired or access to the source was revoked.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CalendarSyncCopy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SyncPairResult))]
    public sealed class RemoveCalendarSyncCopyCommand : CalendarSharingConnectedCmdletBase
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

        /// <summary>Remove without asking (unless -Confirm is given); -WhatIf still only lists.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public string? StateStore { get; set; }

        [Parameter]
        public string? WorkerId { get; set; }

        protected override void BeginProcessing()
        {
        }

        internal override bool ConfirmChange(string target, string action) => ConfirmUnlessForced(Force.IsPresent, target, action);

        protected override void EndProcessing() => SyncPairsRun.Run(this, Profile, Source, Target, StateStore, WorkerId, force: false, (runner, request, sink, token) => runner.RemoveCopiesAsync(request, sink, token));
    }
}
