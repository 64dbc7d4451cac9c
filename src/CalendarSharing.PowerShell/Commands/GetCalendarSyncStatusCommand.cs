using System.Management.Automation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// What the state store knows of each pair of a profile: the last pass and its outcome, counts, the last error, whether
    /// a watermark is held, how many copies the pair has, the change-to-mirror latency of -Continuous, and which worker
    /// holds the pair's lease now. Reads the store only: no connection is needed.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarSyncStatus")]
    [OutputType(typeof(SyncPairStatus))]
    public sealed class GetCalendarSyncStatusCommand : CalendarSharingCmdletBase
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

        [Parameter]
        public string? StateStore { get; set; }

        protected override void EndProcessing()
        {
            var profile = SyncCmdletSupport.LoadProfile(this, Profile);
            IOutputSink? current = null;
            using var store = SyncCmdletSupport.OpenStore(this, StateStore, profile, () => current);
            var source = Source;
            var target = Target;
            var all = string.IsNullOrWhiteSpace(source) && string.IsNullOrWhiteSpace(target);
            RunEngine(async (sink, token) =>
            {
                current = sink;
                var pairs = SyncProfileCommands.Select(profile, source, target, sink);
                if (pairs.Count == 0 && !all)
                {
                    return;
                }

                foreach (var status in await SyncRunner.StatusAsync(store, profile, pairs, includeOrphans: all, token).ConfigureAwait(false))
                {
                    sink.WriteObject(status);
                }
            });
        }
    }
}
