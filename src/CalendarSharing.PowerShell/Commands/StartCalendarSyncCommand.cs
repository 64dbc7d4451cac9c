using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Runs a profile's pairs (all, or those -Source/-Target pick), or one ad hoc pair: one incremental pass each, one
    /// result per pair; -WhatIf lists every create, update and delete a pass would do; -Continuous keeps mirroring as
    /// changes arrive until Ctrl+C. Pairs run concurrently; one pair's failure never stops the others; a pair another
    /// worker holds is Leased.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "CalendarSync", DefaultParameterSetName = ProfileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SyncPairResult))]
    public sealed class StartCalendarSyncCommand : CalendarSharingConnectedCmdletBase
    {
        public const string ProfileSet = "Profile";
        public const string AdHocSet = "AdHoc";

        /// <summary>The profile file.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileSet)]
        [Alias("Path")]
        public string Profile { get; set; } = string.Empty;

        /// <summary>Profile: only the pairs of this source. Ad hoc: the source mailbox.</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        [Parameter(Mandatory = true, ParameterSetName = AdHocSet)]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string? Source { get; set; }

        /// <summary>Profile: only the pairs into this target. Ad hoc: the target mailbox.</summary>
        [Parameter(ParameterSetName = ProfileSet)]
        [Parameter(Mandatory = true, ParameterSetName = AdHocSet)]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string? Target { get; set; }

        /// <summary>Ad hoc: which way (default OneWay).</summary>
        [Parameter(ParameterSetName = AdHocSet)]
        public SyncDirection Direction { get; set; }

        /// <summary>Ad hoc: what a copy carries (default Busy).</summary>
        [Parameter(ParameterSetName = AdHocSet)]
        public SyncCopy Copy { get; set; }

        /// <summary>Ad hoc: private items (default Skip).</summary>
        [Parameter(ParameterSetName = AdHocSet)]
        public SyncPrivateItems Private { get; set; }

        /// <summary>Ad hoc: how far ahead (default 90 days).</summary>
        [Parameter(ParameterSetName = AdHocSet)]
        public TimeSpan Window { get; set; }

        /// <summary>Go past the deletion threshold.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Keep mirroring as changes arrive, until Ctrl+C.</summary>
        [Parameter]
        public SwitchParameter Continuous { get; set; }

        /// <summary>-Continuous: how often Graph delta (and connections without a change feed) are polled.</summary>
        [Parameter]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>The state store: a folder, or an Azure Table URI; default: the profile's (a folder beside it).</summary>
        [Parameter]
        public string? StateStore { get; set; }

        /// <summary>This worker's name on the pairs' leases; default: computer/process id.</summary>
        [Parameter]
        public string? WorkerId { get; set; }

        /// <summary>The pairs may name every connection they use: the default connection is looked up only when a pair needs it.</summary>
        protected override void BeginProcessing()
        {
        }

        protected override void EndProcessing()
        {
            var adHoc = ParameterSetName == AdHocSet;
            var profile = adHoc ? AdHocProfile() : SyncCmdletSupport.LoadProfile(this, Profile);
            IReadOnlyList<SyncPair> pairs;
            if (adHoc)
            {
                pairs = profile.Pairs.ToList();
            }
            else
            {
                var picked = new List<SyncPair>();
                var source = Source;
                var target = Target;
                RunEngine((sink, token) =>
                {
                    picked.AddRange(SyncProfileCommands.Select(profile, source, target, sink));
                    return System.Threading.Tasks.Task.CompletedTask;
                });
                pairs = picked;
            }

            if (pairs.Count == 0)
            {
                return;
            }

            IOutputSink? current = null;
            using var store = SyncCmdletSupport.OpenStore(this, StateStore, profile, () => current);
            using var connections = SyncCmdletSupport.Connections(this, pairs);
            var runner = SyncRunner.Create(store, SyncCmdletSupport.WorkerId(WorkerId), connections.Resolve);
            var request = new SyncRunRequest(profile, pairs)
            {
                WhatIf = IsWhatIf(),
                Force = Force.IsPresent,
                PollInterval = PollInterval > TimeSpan.Zero ? PollInterval : TimeSpan.FromSeconds(15),
            };
            var continuous = Continuous.IsPresent && !request.WhatIf;
            RunEngine(async (sink, token) =>
            {
                current = sink;
                if (continuous)
                {
                    await runner.RunContinuousAsync(request, sink, token).ConfigureAwait(false);
                }
                else
                {
                    await runner.RunOnceAsync(request, sink, token).ConfigureAwait(false);
                }
            });
        }

        /// <summary>
        /// The profile of an ad hoc pair: its id comes from the pair, so every run of the same pair stamps the same id
        /// (a rerun finds its copies); its state is kept in the per-user sync folder.
        /// </summary>
        private SyncProfile AdHocProfile()
        {
            var pair = new SyncPair(Source!.Trim(), Target!.Trim());
            using var sha = System.Security.Cryptography.SHA256.Create();
            var digest = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(pair.Key));
            var id = "adhoc-" + string.Concat(digest.Take(8).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            var profile = new SyncProfile(id)
            {
                Defaults = SyncOptions.BuiltInDefaults().Merge(new SyncOptions
                {
                    Direction = Given(nameof(Direction)) ? Direction : (SyncDirection?)null,
                    Copy = Given(nameof(Copy)) ? Copy : (SyncCopy?)null,
                    Private = Given(nameof(Private)) ? Private : (SyncPrivateItems?)null,
                    Window = Given(nameof(Window)) ? Window : (TimeSpan?)null,
                }),
            };
            var problems = SyncProfileFile.CheckPair(pair, 1).Concat(SyncProfileFile.CheckOptions(profile.Defaults, "defaults", null, null)).ToList();
            if (problems.Count > 0)
            {
                var error = new SyncProfileException(CalendarSharing.Core.Commands.ErrorIds.InvalidSyncProfile, pair.ToString(), string.Join("; ", problems), problems);
                ThrowTerminatingError(ErrorRecords.From(SyncProfileCommands.ErrorOf(error)));
            }

            profile.Pairs.Add(pair);
            return profile;
        }
    }
}
