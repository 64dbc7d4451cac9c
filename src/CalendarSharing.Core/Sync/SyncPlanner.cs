using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Events;

namespace CalendarSharing.Core.Sync
{
    /// <summary>The two calendars of a pair.</summary>
    public enum SyncSide
    {
        Source,
        Target,
    }

    /// <summary>
    /// One original and what the pass knows of its copies on the other side: the original as read (null = it is gone, the
    /// engine made sure), why it is not mirrored (a filter, outside the window), the copies found by stamp, and the state's
    /// entry. The engine builds links from the windows (full comparison) or from the changes (incremental).
    /// </summary>
    public sealed class SyncLink
    {
        public SyncLink(SyncSide originSide, string originalId)
        {
            OriginSide = originSide;
            OriginalId = originalId ?? throw new ArgumentNullException(nameof(originalId));
        }

        public SyncSide OriginSide { get; }

        public SyncSide CopySide => OriginSide == SyncSide.Source ? SyncSide.Target : SyncSide.Source;

        public string OriginalId { get; }

        /// <summary>The original as read now; null when it is gone.</summary>
        public CalendarEvent? Original { get; set; }

        /// <summary>Set when the original exists but is not mirrored (filtered, private, outside the window).</summary>
        public string? NotMirroredBecause { get; set; }

        /// <summary>Our copies of the original on the copy side (more than one only after a tool or a crash made two).</summary>
        public List<CalendarEvent> Copies { get; } = new List<CalendarEvent>();

        /// <summary>True when the pass knows no copy exists (the whole window was read, or the copy the state names is gone).</summary>
        public bool CopiesComplete { get; set; }

        public MirrorEntry? Entry { get; set; }

        /// <summary>
        /// The copy in <see cref="Copies"/> was not read: it stands for what the state says the copy was when it was last
        /// written (its id, version and stamp). The engine writes it expecting that version, and reads it for real only
        /// when the write says it changed or is gone.
        /// </summary>
        public bool CopyFromState { get; set; }
    }

    public enum SyncStepKind
    {
        /// <summary>Make the copy.</summary>
        Create,

        /// <summary>Bring the copy in line with the original.</summary>
        Update,

        /// <summary>Two-way: carry an edit of the copy back to its original.</summary>
        WriteBack,

        /// <summary>Delete the copy.</summary>
        Delete,

        /// <summary>Leave things as they are, for <see cref="SyncStep.Reason"/>.</summary>
        Skip,

        /// <summary>The copy is up to date (not reported).</summary>
        Unchanged,
    }

    /// <summary>One thing a pass does (or would do) for one link.</summary>
    public sealed class SyncStep
    {
        public SyncStep(SyncStepKind kind, SyncLink link)
        {
            Kind = kind;
            Link = link;
        }

        public SyncStepKind Kind { get; }

        public SyncLink Link { get; }

        /// <summary>The side written: the copy side, or the origin side for <see cref="SyncStepKind.WriteBack"/>.</summary>
        public SyncSide WriteSide => Kind == SyncStepKind.WriteBack ? Link.OriginSide : Link.CopySide;

        /// <summary>The copy updated or deleted.</summary>
        public CalendarEvent? Copy { get; set; }

        /// <summary>What the copy should be (Create, Update, Unchanged).</summary>
        public SyncCopyPlan? Plan { get; set; }

        public string? Reason { get; set; }

        public bool IsConflict { get; set; }

        /// <summary>Skip: the target's owner deleted the copy (remembered, so it is not made again).</summary>
        public bool OwnerDeleted { get; set; }
    }

    /// <summary>
    /// Turns links into steps by the pair's options: creates, updates, deletes, write-backs (two-way), conflicts by the
    /// Conflict policy, and the owner's deletion of a copy by OwnerDeletion. Pure: it reads nothing and writes nothing.
    /// </summary>
    public sealed class SyncPlanner
    {
        private readonly SyncOptions options;
        private readonly SyncFilter filter;

        public SyncPlanner(SyncOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            filter = new SyncFilter(options);
        }

        public SyncFilter Filter => filter;

        private bool TwoWay => options.Direction == SyncDirection.TwoWay;

        public IReadOnlyList<SyncStep> Plan(IEnumerable<SyncLink> links)
        {
            var steps = new List<SyncStep>();
            foreach (var link in links)
            {
                PlanOne(link, steps);
            }

            return steps;
        }

        private void PlanOne(SyncLink link, List<SyncStep> steps)
        {
            // The copy the state names is kept; other copies of the same original are duplicates and go.
            var copies = link.Copies
                .OrderBy(c => link.Entry?.TargetId != null && c.Id == link.Entry.TargetId ? 0 : 1)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList();
            var copy = copies.FirstOrDefault();
            foreach (var extra in copies.Skip(1))
            {
                steps.Add(new SyncStep(SyncStepKind.Delete, link) { Copy = extra, Reason = "a second copy of the same item" });
            }

            var original = link.Original;
            if (original == null || link.NotMirroredBecause != null)
            {
                if (copy == null)
                {
                    return;
                }

                if (original == null && options.PropagateDeletions == false)
                {
                    steps.Add(new SyncStep(SyncStepKind.Skip, link) { Copy = copy, Reason = "the original was deleted and deletions do not propagate" });
                    return;
                }

                steps.Add(new SyncStep(SyncStepKind.Delete, link) { Copy = copy, Reason = original == null ? "the original was deleted" : "the original is not mirrored: " + link.NotMirroredBecause });
                return;
            }

            var plan = SyncProjection.Project(original, options);
            if (copy == null)
            {
                var made = link.Entry != null && (link.Entry.DeletedByOwner || (link.Entry.TargetId != null && link.CopiesComplete));
                if (made && options.OwnerDeletion != SyncOwnerDeletion.Recreate)
                {
                    steps.Add(new SyncStep(SyncStepKind.Skip, link) { Plan = plan, OwnerDeleted = true, Reason = "the owner of the calendar deleted the copy" });
                    return;
                }

                steps.Add(new SyncStep(SyncStepKind.Create, link) { Plan = plan, Reason = made ? "the owner deleted the copy; OwnerDeletion is Recreate" : null });
                return;
            }

            var stamp = SyncStamp.Parse(copy.Properties.TryGetValue(SyncStamp.PropertyName, out var s) ? s : null);
            var originalChanged = !string.Equals(stamp?.SourceVersion, plan.Version, StringComparison.Ordinal);
            var copyEdited = link.Entry?.TargetVersion != null && link.Entry.TargetId == copy.Id && !string.Equals(copy.Version, link.Entry.TargetVersion, StringComparison.Ordinal);
            if (!originalChanged && !copyEdited)
            {
                steps.Add(new SyncStep(SyncStepKind.Unchanged, link) { Copy = copy, Plan = plan });
                return;
            }

            if (originalChanged && !copyEdited)
            {
                steps.Add(new SyncStep(SyncStepKind.Update, link) { Copy = copy, Plan = plan });
                return;
            }

            var canWriteBack = TwoWay && original.Kind != EventKind.SeriesMaster;
            if (!originalChanged)
            {
                // Only the copy was edited.
                if (canWriteBack)
                {
                    steps.Add(new SyncStep(SyncStepKind.WriteBack, link) { Copy = copy, Plan = plan, Reason = "the copy was edited" });
                }
                else if (options.Conflict == SyncConflictPolicy.SourceWins && !TwoWay)
                {
                    steps.Add(new SyncStep(SyncStepKind.Update, link) { Copy = copy, Plan = plan, Reason = "the copy was edited in the target; the source wins" });
                }
                else
                {
                    steps.Add(new SyncStep(SyncStepKind.Skip, link) { Copy = copy, Plan = plan, Reason = TwoWay ? "the copy of a series was edited; series edits are not carried back" : "the copy was edited in the target" });
                }

                return;
            }

            // Both sides changed since the last pass: the policy decides, and the result says so.
            var winner = options.Conflict ?? SyncConflictPolicy.SourceWins;
            if (winner == SyncConflictPolicy.LatestWins)
            {
                var o = original.LastModified ?? DateTimeOffset.MinValue;
                var c = copy.LastModified ?? DateTimeOffset.MinValue;
                winner = c > o ? SyncConflictPolicy.TargetWins : SyncConflictPolicy.SourceWins;
            }

            // "Source" and "target" in the policy name the pair's sides; the original may live on either.
            var originalWins = (winner == SyncConflictPolicy.SourceWins) == (link.OriginSide == SyncSide.Source);
            if (winner == SyncConflictPolicy.Report)
            {
                steps.Add(new SyncStep(SyncStepKind.Skip, link) { Copy = copy, Plan = plan, IsConflict = true, Reason = "changed on both sides; Conflict is Report" });
            }
            else if (originalWins)
            {
                steps.Add(new SyncStep(SyncStepKind.Update, link) { Copy = copy, Plan = plan, IsConflict = true, Reason = "changed on both sides; " + (options.Conflict ?? SyncConflictPolicy.SourceWins) + " kept the original" });
            }
            else if (canWriteBack)
            {
                steps.Add(new SyncStep(SyncStepKind.WriteBack, link) { Copy = copy, Plan = plan, IsConflict = true, Reason = "changed on both sides; " + options.Conflict + " kept the copy's edit" });
            }
            else
            {
                steps.Add(new SyncStep(SyncStepKind.Skip, link) { Copy = copy, Plan = plan, IsConflict = true, Reason = "changed on both sides; " + options.Conflict + " keeps the copy as it is" });
            }
        }
    }
}
