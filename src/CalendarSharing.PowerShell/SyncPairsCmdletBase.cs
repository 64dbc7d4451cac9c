using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Reset-CalendarSync and Remove-CalendarSyncCopy: the same parameters (the profile, the pairs picked by source and
    /// target, -Force, the state store, the worker id) and one template: profile, picked pairs, store, connections, runner.
    /// What -Force means is each cmdlet's.
    /// </summary>
    public abstract class SyncPairsCmdletBase : CalendarSharingConnectedCmdletBase
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

        /// <summary>Reset: go past the deletion threshold in the pass that follows. Remove: do not ask (unless -Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public string? StateStore { get; set; }

        [Parameter]
        public string? WorkerId { get; set; }

        /// <summary>No connection is resolved up front: each pair names its own (or the session's default) when it runs.</summary>
        protected override void BeginProcessing()
        {
        }

        /// <summary>Runs <paramref name="run"/> over the picked pairs; <paramref name="force"/> goes to the runner.</summary>
        internal void Run(bool force, Func<SyncRunner, SyncRunRequest, IOutputSink, CancellationToken, Task<IReadOnlyList<SyncPairResult>>> run)
        {
            var profile = SyncCmdletSupport.LoadProfile(this, Profile);
            var source = Source;
            var target = Target;
            var picked = new List<SyncPair>();
            RunEngine((sink, token) =>
            {
                picked.AddRange(SyncProfileCommands.Select(profile, source, target, sink));
                return Task.CompletedTask;
            });
            if (picked.Count == 0)
            {
                return;
            }

            IOutputSink? current = null;
            using var store = SyncCmdletSupport.OpenStore(this, StateStore, profile, () => current);
            using var connections = SyncCmdletSupport.Connections(this, picked);
            var runner = SyncRunner.Create(store, SyncCmdletSupport.WorkerId(WorkerId), connections.Resolve);
            var request = new SyncRunRequest(profile, picked) { WhatIf = IsWhatIf(), Force = force };
            RunEngine(async (sink, token) =>
            {
                current = sink;
                await run(runner, request, sink, token).ConfigureAwait(false);
            });
        }
    }
}
