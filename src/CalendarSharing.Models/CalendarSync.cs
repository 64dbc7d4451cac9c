using System;
using System.Collections.Generic;

namespace CalendarSharing
{
    /// <summary>Which way a pair mirrors.</summary>
    public enum SyncDirection
    {
        /// <summary>Source to target only; the target's own items are never touched.</summary>
        OneWay,

        /// <summary>Both ways; each side's copies are stamped so a change never echoes back.</summary>
        TwoWay,
    }

    /// <summary>How much of each source item a copy carries.</summary>
    public enum SyncCopy
    {
        /// <summary>Only the time and free/busy status: a "Busy" block with no subject, body, location, attendee or category.</summary>
        Busy,

        /// <summary>Time, status, subject and location.</summary>
        SubjectAndLocation,

        /// <summary>Everything but attendees (a copy never sends meeting messages): subject, location, body, categories, sensitivity.</summary>
        Everything,
    }

    /// <summary>What happens to a private (or confidential) source item.</summary>
    public enum SyncPrivateItems
    {
        /// <summary>Not copied (and a copy made earlier is removed).</summary>
        Skip,

        /// <summary>Copied as a block whose subject is "Private", nothing else.</summary>
        Mask,

        /// <summary>Copied as the Copy level says, kept private.</summary>
        Copy,
    }

    /// <summary>What wins when both the source item and our copy changed since the last pass (two-way), or the copy was edited (one-way).</summary>
    public enum SyncConflictPolicy
    {
        SourceWins,
        TargetWins,

        /// <summary>The side changed last wins.</summary>
        LatestWins,

        /// <summary>Neither is written; the conflict is reported.</summary>
        Report,
    }

    /// <summary>What to do when the target's owner deleted one of our copies.</summary>
    public enum SyncOwnerDeletion
    {
        /// <summary>The owner's deletion stands: the copy is not made again (default).</summary>
        Respect,

        /// <summary>The copy is made again on the next pass.</summary>
        Recreate,
    }

    /// <summary>
    /// The options of a pair. In a profile the defaults hold every field; a pair's overrides hold only what differs
    /// (null = the default's value).
    /// </summary>
    public sealed class SyncOptions
    {
        public SyncDirection? Direction { get; set; }

        public SyncCopy? Copy { get; set; }

        public SyncPrivateItems? Private { get; set; }

        /// <summary>How far ahead (from now) items are mirrored.</summary>
        public TimeSpan? Window { get; set; }

        /// <summary>How far back (from now) items are mirrored; default one day.</summary>
        public TimeSpan? PastWindow { get; set; }

        public SyncConflictPolicy? Conflict { get; set; }

        /// <summary>Whether a deleted source item deletes its copy (default true).</summary>
        public bool? PropagateDeletions { get; set; }

        public SyncOwnerDeletion? OwnerDeletion { get; set; }

        /// <summary>A pass that would delete more than this share of the pair's copies stops unless -Force (default 0.2).</summary>
        public double? DeletionThreshold { get; set; }

        /// <summary>Copy a series as its occurrences instead of one series with exceptions (default false).</summary>
        public bool? FlattenSeries { get; set; }

        public bool? SkipDeclined { get; set; }

        public bool? SkipTentative { get; set; }

        public bool? SkipFree { get; set; }

        public bool? SkipAllDay { get; set; }

        /// <summary>Only items with one of these categories (empty = all).</summary>
        public IList<string>? IncludeCategories { get; set; }

        /// <summary>Never items with one of these categories.</summary>
        public IList<string>? ExcludeCategories { get; set; }

        /// <summary>A .NET regular expression the subject must match (case-insensitive).</summary>
        public string? SubjectPattern { get; set; }

        /// <summary>The values of <paramref name="overrides"/> where set, else these.</summary>
        public SyncOptions Merge(SyncOptions? overrides)
        {
            var o = overrides ?? new SyncOptions();
            return new SyncOptions
            {
                Direction = o.Direction ?? Direction,
                Copy = o.Copy ?? Copy,
                Private = o.Private ?? Private,
                Window = o.Window ?? Window,
                PastWindow = o.PastWindow ?? PastWindow,
                Conflict = o.Conflict ?? Conflict,
                PropagateDeletions = o.PropagateDeletions ?? PropagateDeletions,
                OwnerDeletion = o.OwnerDeletion ?? OwnerDeletion,
                DeletionThreshold = o.DeletionThreshold ?? DeletionThreshold,
                FlattenSeries = o.FlattenSeries ?? FlattenSeries,
                SkipDeclined = o.SkipDeclined ?? SkipDeclined,
                SkipTentative = o.SkipTentative ?? SkipTentative,
                SkipFree = o.SkipFree ?? SkipFree,
                SkipAllDay = o.SkipAllDay ?? SkipAllDay,
                IncludeCategories = o.IncludeCategories ?? IncludeCategories,
                ExcludeCategories = o.ExcludeCategories ?? ExcludeCategories,
                SubjectPattern = o.SubjectPattern ?? SubjectPattern,
            };
        }

        /// <summary>The built-in defaults every profile starts from.</summary>
        public static SyncOptions BuiltInDefaults() => new SyncOptions
        {
            Direction = SyncDirection.OneWay,
            Copy = SyncCopy.Busy,
            Private = SyncPrivateItems.Skip,
            Window = TimeSpan.FromDays(90),
            PastWindow = TimeSpan.FromDays(1),
            Conflict = SyncConflictPolicy.SourceWins,
            PropagateDeletions = true,
            OwnerDeletion = SyncOwnerDeletion.Respect,
            DeletionThreshold = 0.2,
            FlattenSeries = false,
            SkipDeclined = true,
            SkipTentative = false,
            SkipFree = false,
            SkipAllDay = false,
        };
    }

    /// <summary>One source calendar mirrored into one target calendar.</summary>
    public sealed class SyncPair
    {
        public SyncPair(string source, string target)
        {
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Target = target ?? throw new ArgumentNullException(nameof(target));
        }

        /// <summary>The source mailbox (SMTP).</summary>
        public string Source { get; }

        /// <summary>The target mailbox (SMTP).</summary>
        public string Target { get; }

        /// <summary>The source calendar's name or path; null = the default calendar.</summary>
        public string? SourceCalendar { get; set; }

        /// <summary>The target calendar's name or path; null = the default calendar.</summary>
        public string? TargetCalendar { get; set; }

        /// <summary>The connection the source is read with, by name (a stored credential or a session connection); null = the session's default.</summary>
        public string? SourceConnection { get; set; }

        /// <summary>The connection the target is written with; null = the session's default.</summary>
        public string? TargetConnection { get; set; }

        /// <summary>What differs from the profile's defaults.</summary>
        public SyncOptions Overrides { get; set; } = new SyncOptions();

        /// <summary>The pair's stable key in the state store: lower-case source|calendar|target|calendar.</summary>
        public string Key => string.Join("|", Source.ToLowerInvariant(), (SourceCalendar ?? string.Empty).ToLowerInvariant(), Target.ToLowerInvariant(), (TargetCalendar ?? string.Empty).ToLowerInvariant());

        public override string ToString() => $"{Source} -> {Target}";
    }

    /// <summary>A sync profile: global defaults and the pairs. Stored as JSON; never holds a secret.</summary>
    public sealed class SyncProfile
    {
        public SyncProfile(string id)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
        }

        /// <summary>Stamped on every copy (with the source mailbox, item id and version), so two profiles feeding one target never touch each other's copies.</summary>
        public string Id { get; }

        /// <summary>Where the profile was read from (not stored in it).</summary>
        public string? Path { get; set; }

        public SyncOptions Defaults { get; set; } = SyncOptions.BuiltInDefaults();

        public IList<SyncPair> Pairs { get; } = new List<SyncPair>();

        /// <summary>The state store: null = a file beside the profile; else a name the engine understands (e.g. an Azure Table URI).</summary>
        public string? StateStore { get; set; }

        /// <summary>The pair's effective options.</summary>
        public SyncOptions OptionsFor(SyncPair pair) => SyncOptions.BuiltInDefaults().Merge(Defaults).Merge(pair.Overrides);
    }

    /// <summary>What a pass did to one item (the -WhatIf plan lists these without doing them).</summary>
    public enum SyncActionKind
    {
        Create,
        Update,
        Delete,

        /// <summary>The item is left as it is; <see cref="SyncAction.Reason"/> says why (filtered, private, owner deleted the copy, conflict reported...).</summary>
        Skip,
    }

    /// <summary>One create/update/delete a pass does (or would do).</summary>
    public sealed class SyncAction
    {
        public SyncAction(SyncActionKind kind, string mailbox, string? itemId)
        {
            Kind = kind;
            Mailbox = mailbox;
            ItemId = itemId;
        }

        public SyncActionKind Kind { get; }

        /// <summary>The mailbox written (the target, or the source side of a two-way pair).</summary>
        public string Mailbox { get; }

        /// <summary>The item written, when it exists.</summary>
        public string? ItemId { get; }

        /// <summary>The source item this mirrors.</summary>
        public string? SourceItemId { get; set; }

        /// <summary>As the copy will show it (a Busy copy shows "Busy").</summary>
        public string? Subject { get; set; }

        public DateTimeOffset? Start { get; set; }

        public string? Reason { get; set; }

        /// <summary>True when both sides changed and the profile's conflict policy decided.</summary>
        public bool IsConflict { get; set; }
    }

    /// <summary>How one pair's pass ended.</summary>
    public enum SyncPassOutcome
    {
        Succeeded,

        /// <summary>Nothing to do.</summary>
        UpToDate,

        /// <summary>-WhatIf: the plan only.</summary>
        Planned,

        /// <summary>Stopped before writing anything risky (a failed read, the deletion threshold); nothing was deleted.</summary>
        Aborted,

        Failed,

        /// <summary>Another worker holds the pair's lease.</summary>
        Leased,
    }

    /// <summary>One result per pair per pass (Start-CalendarSync's output).</summary>
    public sealed class SyncPairResult
    {
        public SyncPairResult(string profileId, string source, string target)
        {
            ProfileId = profileId;
            Source = source;
            Target = target;
        }

        public string ProfileId { get; }

        public string Source { get; }

        public string Target { get; }

        public SyncPassOutcome Outcome { get; set; }

        public int Created { get; set; }

        public int Updated { get; set; }

        public int Deleted { get; set; }

        public int Skipped { get; set; }

        public int Conflicts { get; set; }

        /// <summary>True when this pass read everything and compared by stamp (first pass, reset, an expired watermark).</summary>
        public bool FullComparison { get; set; }

        /// <summary>Requests this pass sent (both sides).</summary>
        public int Requests { get; set; }

        public TimeSpan Duration { get; set; }

        /// <summary>The actions (all of them under -WhatIf; conflicts and skips with reasons otherwise).</summary>
        public IList<SyncAction> Actions { get; } = new List<SyncAction>();

        /// <summary>The error id when Outcome is Aborted or Failed.</summary>
        public string? ErrorId { get; set; }

        public string? Message { get; set; }

        public override string ToString() => $"{Source} -> {Target}: {Outcome}";
    }

    /// <summary>What the state store knows of one pair (Get-CalendarSyncStatus).</summary>
    public sealed class SyncPairStatus
    {
        public SyncPairStatus(string profileId, string source, string target)
        {
            ProfileId = profileId;
            Source = source;
            Target = target;
        }

        public string ProfileId { get; }

        public string Source { get; }

        public string Target { get; }

        public DateTimeOffset? LastPass { get; set; }

        public SyncPassOutcome? LastOutcome { get; set; }

        public DateTimeOffset? LastSuccess { get; set; }

        /// <summary>How many copies the pair has in its target(s).</summary>
        public int Copies { get; set; }

        /// <summary>True when an incremental watermark is held (the next pass reads only changes).</summary>
        public bool HasWatermark { get; set; }

        public int LastCreated { get; set; }

        public int LastUpdated { get; set; }

        public int LastDeleted { get; set; }

        public string? LastErrorId { get; set; }

        public string? LastError { get; set; }

        /// <summary>-Continuous: the median time from a change at the source to its copy written.</summary>
        public TimeSpan? MirrorLatency { get; set; }

        /// <summary>The worker holding the pair's lease, while one does.</summary>
        public string? LeaseHolder { get; set; }

        public DateTimeOffset? LeaseExpires { get; set; }
    }
}
