using System;
using System.Management.Automation;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Creates a sync profile: a JSON file with a new profile id (stamped on every copy) and the defaults every pair runs
    /// with unless it overrides them. It holds no secret: pairs name their connections. An existing file is kept unless -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CalendarSyncProfile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SyncProfile))]
    public sealed class NewCalendarSyncProfileCommand : CalendarSharingCmdletBase
    {
        /// <summary>Where the profile is written (a .json file).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; } = string.Empty;

        [Parameter]
        public SyncDirection Direction { get; set; }

        [Parameter]
        public SyncCopy Copy { get; set; }

        [Parameter]
        public SyncPrivateItems Private { get; set; }

        [Parameter]
        public TimeSpan Window { get; set; }

        [Parameter]
        public TimeSpan PastWindow { get; set; }

        [Parameter]
        public SyncConflictPolicy Conflict { get; set; }

        [Parameter]
        public bool PropagateDeletions { get; set; }

        [Parameter]
        public SyncOwnerDeletion OwnerDeletion { get; set; }

        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double DeletionThreshold { get; set; }

        [Parameter]
        public bool FlattenSeries { get; set; }

        [Parameter]
        public bool SkipDeclined { get; set; }

        [Parameter]
        public bool SkipTentative { get; set; }

        [Parameter]
        public bool SkipFree { get; set; }

        [Parameter]
        public bool SkipAllDay { get; set; }

        [Parameter]
        [Alias("IncludeCategories")]
        public string[] IncludeCategory { get; set; } = Array.Empty<string>();

        [Parameter]
        [Alias("ExcludeCategories")]
        public string[] ExcludeCategory { get; set; } = Array.Empty<string>();

        [Parameter]
        public string? SubjectPattern { get; set; }

        /// <summary>Where the sync state goes: a folder, or an Azure Table URI; default: a folder beside the profile.</summary>
        [Parameter]
        public string? StateStore { get; set; }

        /// <summary>Replace a profile that is there.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            var defaults = new SyncOptions
            {
                Direction = Given(nameof(Direction)) ? Direction : (SyncDirection?)null,
                Copy = Given(nameof(Copy)) ? Copy : (SyncCopy?)null,
                Private = Given(nameof(Private)) ? Private : (SyncPrivateItems?)null,
                Window = Given(nameof(Window)) ? Window : (TimeSpan?)null,
                PastWindow = Given(nameof(PastWindow)) ? PastWindow : (TimeSpan?)null,
                Conflict = Given(nameof(Conflict)) ? Conflict : (SyncConflictPolicy?)null,
                PropagateDeletions = Given(nameof(PropagateDeletions)) ? PropagateDeletions : (bool?)null,
                OwnerDeletion = Given(nameof(OwnerDeletion)) ? OwnerDeletion : (SyncOwnerDeletion?)null,
                DeletionThreshold = Given(nameof(DeletionThreshold)) ? DeletionThreshold : (double?)null,
                FlattenSeries = Given(nameof(FlattenSeries)) ? FlattenSeries : (bool?)null,
                SkipDeclined = Given(nameof(SkipDeclined)) ? SkipDeclined : (bool?)null,
                SkipTentative = Given(nameof(SkipTentative)) ? SkipTentative : (bool?)null,
                SkipFree = Given(nameof(SkipFree)) ? SkipFree : (bool?)null,
                SkipAllDay = Given(nameof(SkipAllDay)) ? SkipAllDay : (bool?)null,
                IncludeCategories = IncludeCategory.Length > 0 ? IncludeCategory : null,
                ExcludeCategories = ExcludeCategory.Length > 0 ? ExcludeCategory : null,
                SubjectPattern = string.IsNullOrEmpty(SubjectPattern) ? null : SubjectPattern,
            };
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            var store = StateStore;
            var force = Force.IsPresent;
            RunEngine((sink, token) =>
            {
                SyncProfileCommands.Create(path, defaults, store, force, sink);
                return System.Threading.Tasks.Task.CompletedTask;
            });
        }
    }
}
