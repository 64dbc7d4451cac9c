using System;

namespace CalendarSharing
{
    /// <summary>A pair of a profile as Add-/Set-CalendarSyncPair wrote it: what changed, and the options it runs with.</summary>
    public sealed class SyncPairInfo
    {
        public SyncPairInfo(string profile, SyncPair pair, SyncOptions effective, ShareAction change)
        {
            Profile = profile;
            Pair = pair ?? throw new ArgumentNullException(nameof(pair));
            Source = pair.Source;
            Target = pair.Target;
            Change = change;
            Direction = effective.Direction ?? SyncDirection.OneWay;
            Copy = effective.Copy ?? SyncCopy.Busy;
            Private = effective.Private ?? SyncPrivateItems.Skip;
            Window = effective.Window ?? TimeSpan.Zero;
            Conflict = effective.Conflict ?? SyncConflictPolicy.SourceWins;
        }

        /// <summary>The profile's path.</summary>
        public string Profile { get; }

        /// <summary>The input row it came from (Import-Csv), when there was one.</summary>
        public int? Row { get; set; }

        public string Source { get; }

        public string Target { get; }

        /// <summary>Added, Updated, Unchanged (running a CSV twice changes nothing the second time) or Failed.</summary>
        public ShareAction Change { get; }

        /// <summary>The options the pair runs with: the profile's defaults and its overrides.</summary>
        public SyncDirection Direction { get; }

        public SyncCopy Copy { get; }

        public SyncPrivateItems Private { get; }

        public TimeSpan Window { get; }

        public SyncConflictPolicy Conflict { get; }

        /// <summary>What differs from the defaults, as the profile holds it ("copy=SubjectAndLocation; window=7.00:00:00").</summary>
        public string? Overrides { get; set; }

        /// <summary>The pair as stored (calendars, connection names, overrides).</summary>
        public SyncPair Pair { get; }

        public override string ToString() => $"{Source} -> {Target}: {Change}";
    }
}
