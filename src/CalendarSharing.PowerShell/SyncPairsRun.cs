using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell
{
    /// <summary>The one template of Reset-CalendarSync and Remove-CalendarSyncCopy: profile, picked pairs, store, connections, runner.</summary>
    internal static class SyncPairsRun
    {
        public static void Run(
            CalendarSharingConnectedCmdletBase cmdlet,
            string profilePath,
            string? source,
            string? target,
            string? stateStore,
            string? workerId,
            bool force,
            Func<SyncRunner, SyncRunRequest, IOutputSink, CancellationToken, Task<IReadOnlyList<SyncPairResult>>> run)
        {
            var profile = SyncCmdletSupport.LoadProfile(cmdlet, profilePath);
            var picked = new List<SyncPair>();
            cmdlet.RunEngine((sink, token) =>
            {
                picked.AddRange(SyncProfileCommands.Select(profile, source, target, sink));
                return Task.CompletedTask;
            });
            if (picked.Count == 0)
            {
                return;
            }

            IOutputSink? current = null;
            using var store = SyncCmdletSupport.OpenStore(cmdlet, stateStore, profile, () => current);
            var runner = SyncRunner.Create(store, SyncCmdletSupport.WorkerId(workerId), SyncCmdletSupport.Connections(cmdlet, picked));
            var request = new SyncRunRequest(profile, picked) { WhatIf = cmdlet.IsWhatIf(), Force = force };
            cmdlet.RunEngine(async (sink, token) =>
            {
                current = sink;
                await run(runner, request, sink, token).ConfigureAwait(false);
            });
        }
    }
}
