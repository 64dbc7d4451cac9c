using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sync
{
    /// <summary>One side of a pair: the calendar and the connection's capabilities that read and write it.</summary>
    public sealed class SyncEndpoint
    {
        public SyncEndpoint(CalendarAddress calendar, ICalendarEventBackend events, IChangeFeedBackend? changes)
        {
            Calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
            Events = events ?? throw new ArgumentNullException(nameof(events));
            Changes = changes;
        }

        public CalendarAddress Calendar { get; }

        public ICalendarEventBackend Events { get; }

        /// <summary>Null when the connection has no ChangeFeed: every pass compares the window by stamp.</summary>
        public IChangeFeedBackend? Changes { get; }
    }

    /// <summary>One pass of one pair.</summary>
    public sealed class SyncPassRequest
    {
        public SyncPassRequest(SyncProfile profile, SyncPair pair, SyncEndpoint source, SyncEndpoint target)
        {
            Profile = profile ?? throw new ArgumentNullException(nameof(profile));
            Pair = pair ?? throw new ArgumentNullException(nameof(pair));
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Target = target ?? throw new ArgumentNullException(nameof(target));
        }

        public SyncProfile Profile { get; }

        public SyncPair Pair { get; }

        public SyncEndpoint Source { get; }

        public SyncEndpoint Target { get; }

        /// <summary>Plan only: the result lists every create/update/delete; nothing is written, no state saved.</summary>
        public bool WhatIf { get; set; }

        /// <summary>Go past the deletion threshold.</summary>
        public bool Force { get; set; }

        /// <summary>Ignore the watermarks and compare everything by stamp (Reset-CalendarSync, a first pass).</summary>
        public bool FullComparison { get; set; }

        /// <summary>The pair's lease when the caller (the runner) holds it already; null = the engine takes it for the pass.</summary>
        public ISyncLease? Lease { get; set; }

        /// <summary>
        /// The start of the logical pass this one belongs to (the runner's run): when the pair's state, read under the lease,
        /// says a pass of it ended after this instant, another worker on the same profile has synced it in this logical pass
        /// already, and this one does nothing (Outcome Leased). Null = always sync.
        /// </summary>
        public DateTimeOffset? PassStarted { get; set; }
    }

    /// <summary>
    /// The sync engine: one pass of one pair, backend-neutral, over the Events and ChangeFeed capabilities. It holds the
    /// pair's lease for the pass, reads changes (or the window, by stamp), plans creates/updates/deletes from the
    /// profile's options (<see cref="SyncPlanner"/>, <see cref="SyncProjection"/>, <see cref="SyncFilter"/>), applies them
    /// idempotently (creates carry a transaction id made from the stamp, so a kill and a rerun make one copy), and saves
    /// the state only after the batch it covers is applied.
    /// Safety: a read that fails or comes back incomplete aborts the pass before anything is written; an item missing from
    /// a window is deleted only after it was looked up by id and is really gone; a pass that would delete more than the
    /// pair's DeletionThreshold of its copies aborts unless Force. Copies are found by their stamp (profile id, source
    /// mailbox and item id), never by the state alone, so a lost state or two profiles feeding one target never duplicate
    /// and never touch other items.
    /// </summary>
    public sealed class SyncEngine
    {
        private static readonly string[] StampOnly = { SyncStamp.PropertyName };

        public SyncEngine(ISyncStateStore store, string workerId, TimeProvider time)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
            WorkerId = workerId ?? throw new ArgumentNullException(nameof(workerId));
            Time = time ?? throw new ArgumentNullException(nameof(time));
        }

        public ISyncStateStore Store { get; }

        public string WorkerId { get; }

        public TimeProvider Time { get; }

        /// <summary>How long a pass's lease lasts; renewed while the pass runs.</summary>
        public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// One pass of one pair. Never throws for the pair's own failures (a failed read, a refused write, the deletion
        /// threshold): they are the result's Outcome, ErrorId and Message. Throws OperationCanceledException on Ctrl+C
        /// (the state is then as the last applied batch left it).
        /// </summary>
        public async Task<SyncPairResult> RunPassAsync(SyncPassRequest request, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var started = Time.GetTimestamp();
            var result = new SyncPairResult(request.Profile.Id, request.Pair.Source, request.Pair.Target);
            var lease = request.Lease;
            var ownLease = false;
            if (lease == null && !request.WhatIf)
            {
                lease = await Store.TryAcquireAsync(request.Profile.Id, request.Pair.Key, WorkerId, LeaseDuration, cancellationToken).ConfigureAwait(false);
                if (lease == null)
                {
                    result.Outcome = SyncPassOutcome.Leased;
                    return result;
                }

                ownLease = true;
            }

            try
            {
                var pass = new Pass(this, request, result, lease);
                await pass.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SyncLeaseLostException ex)
            {
                Fail(result, SyncPassOutcome.Failed, ErrorIds.SyncLeaseLost, Texts.Format(nameof(Texts.Error_SyncLeaseLost), request.Pair) + " " + ex.Message, Texts.Advice_SyncLeaseLost);
            }
            finally
            {
                result.Duration = Time.GetElapsedTime(started);
                if (ownLease)
                {
                    lease!.Dispose();
                }
            }

            return result;
        }

        /// <summary>
        /// Removes this profile's copies from <paramref name="target"/> (found by stamp, not by state), sending no
        /// cancellation, and forgets the pairs' state: Remove-CalendarSyncCopy. The owner's own items and other profiles'
        /// copies are never touched. The calendar is read over the pair's window widened by a year each way.
        /// </summary>
        public async Task<SyncPairResult> RemoveCopiesAsync(SyncProfile profile, SyncPair pair, SyncEndpoint target, bool whatIf, CancellationToken cancellationToken)
        {
            if (profile is null || pair is null || target is null)
            {
                throw new ArgumentNullException(profile is null ? nameof(profile) : pair is null ? nameof(pair) : nameof(target));
            }

            var started = Time.GetTimestamp();
            var result = new SyncPairResult(profile.Id, pair.Source, pair.Target);
            var options = profile.OptionsFor(pair);
            var now = Time.GetUtcNow();
            var from = now - (options.PastWindow ?? TimeSpan.FromDays(1)) - TimeSpan.FromDays(366);
            var to = now + (options.Window ?? TimeSpan.FromDays(90)) + TimeSpan.FromDays(366);
            var other = string.Equals(target.Calendar.Mailbox, pair.Target, StringComparison.OrdinalIgnoreCase) ? pair.Source : pair.Target;
            var events = new CountingEvents(target.Events);
            ISyncLease? lease = null;
            try
            {
                IReadOnlyList<CalendarEvent> items;
                try
                {
                    items = await ReadWindowAsync(events, target.Calendar, from, to, true, cancellationToken).ConfigureAwait(false);
                }
                catch (BackendException ex)
                {
                    ReadFailed(result, pair, target.Calendar.DisplayText, ex.Error.Message);
                    return result;
                }

                var ours = items.Where(e => IsCopyOf(e, profile.Id, other)).ToList();
                foreach (var copy in ours)
                {
                    result.Actions.Add(new SyncAction(SyncActionKind.Delete, target.Calendar.Mailbox, copy.Id) { SourceItemId = StampOf(copy)?.SourceItemId, Subject = copy.Subject, Start = copy.Start, Reason = "a copy this profile made" });
                }

                if (whatIf)
                {
                    result.Outcome = SyncPassOutcome.Planned;
                    result.Deleted = ours.Count;
                    return result;
                }

                lease = await Store.TryAcquireAsync(profile.Id, pair.Key, WorkerId, LeaseDuration, cancellationToken).ConfigureAwait(false);
                if (lease == null)
                {
                    result.Outcome = SyncPassOutcome.Leased;
                    return result;
                }

                var failed = new List<string>();
                for (var offset = 0; offset < ours.Count; offset += 100)
                {
                    try
                    {
                        var answers = await events.WriteEventsAsync(target.Calendar, ours.Skip(offset).Take(100).Select(c => EventWrite.Delete(c.Id)).ToList(), cancellationToken).ConfigureAwait(false);
                        result.Deleted += answers.Count(a => a.IsSuccess);
                        failed.AddRange(answers.Where(a => !a.IsSuccess).Select(a => a.Error!.Message));
                    }
                    catch (BackendException ex)
                    {
                        failed.Add(ex.Error.Message);
                        break;
                    }
                }

                if (failed.Count > 0)
                {
                    Fail(result, SyncPassOutcome.Failed, ErrorIds.SyncWriteFailed, Texts.Format(nameof(Texts.Error_SyncWriteFailed), pair, failed.Count, failed[0]), Texts.Advice_SyncWriteFailed);
                }
                else
                {
                    await Store.DeleteAsync(lease, cancellationToken).ConfigureAwait(false);
                    result.Outcome = ours.Count == 0 ? SyncPassOutcome.UpToDate : SyncPassOutcome.Succeeded;
                }

                return result;
            }
            finally
            {
                lease?.Dispose();
                result.Requests = events.Calls;
                result.Duration = Time.GetElapsedTime(started);
            }
        }

        // ------------------------------------------------------------------ helpers shared by the pass

        internal static SyncStamp? StampOf(CalendarEvent e) =>
            SyncStamp.Parse(e.Properties.TryGetValue(SyncStamp.PropertyName, out var v) ? v : null);

        /// <summary>A copy this profile made of an item of <paramref name="originMailbox"/>.</summary>
        internal static bool IsCopyOf(CalendarEvent e, string profileId, string originMailbox)
        {
            var stamp = StampOf(e);
            return stamp != null && stamp.IsOf(profileId) && string.Equals(stamp.SourceMailbox, originMailbox, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>A whole window (split while truncated); an incomplete read throws, never returns a short list.</summary>
        internal static Task<IReadOnlyList<CalendarEvent>> ReadWindowAsync(ICalendarEventBackend events, CalendarAddress calendar, DateTimeOffset from, DateTimeOffset to, bool asSeries, CancellationToken cancellationToken) =>
            ReadWindowAsync(events, calendar, from, to, asSeries, false, cancellationToken);

        /// <summary>As above, with each event's whole body when <paramref name="includeBody"/> (<see cref="SyncProjection.CarriesBody"/>).</summary>
        internal static async Task<IReadOnlyList<CalendarEvent>> ReadWindowAsync(ICalendarEventBackend events, CalendarAddress calendar, DateTimeOffset from, DateTimeOffset to, bool asSeries, bool includeBody, CancellationToken cancellationToken)
        {
            var read = await EventWindowReader.ReadAsync(
                (s, e, ct) => events.ReadWindowAsync(new EventWindowQuery(calendar, s, e) { AsSeries = asSeries, Properties = StampOnly, IncludeBody = includeBody }, ct),
                from,
                to,
                cancellationToken).ConfigureAwait(false);
            if (read.Incomplete)
            {
                throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_SyncWindowTooFull), calendar.DisplayText)));
            }

            return read.Events;
        }

        internal static void ReadFailed(SyncPairResult result, SyncPair pair, string what, string why) =>
            Fail(result, SyncPassOutcome.Aborted, ErrorIds.SyncReadFailed, Texts.Format(nameof(Texts.Error_SyncReadFailed), pair, what, why), Texts.Advice_SyncReadFailed);

        internal static void Fail(SyncPairResult result, SyncPassOutcome outcome, string errorId, string message, string advice)
        {
            result.Outcome = outcome;
            result.ErrorId = errorId;
            result.Message = message + " " + advice;
        }

        /// <summary>One pass of one pair: the state it loaded, what it read, what it plans and applies.</summary>
        private sealed class Pass
        {
            private readonly SyncEngine engine;
            private readonly SyncPassRequest request;
            private readonly SyncPairResult result;
            private readonly ISyncLease? lease;
            private readonly SyncOptions options;
            private readonly SyncPlanner planner;
            private readonly CountingEvents sourceEvents;
            private readonly CountingEvents targetEvents;
            private readonly string profileId;
            private PairSyncState state = null!;
            private DateTimeOffset windowStart;
            private DateTimeOffset windowEnd;
            private string? newSourceWatermark;
            private string? newTargetWatermark;
            private int feedCalls;
            private readonly List<SyncStep> replanned = new List<SyncStep>();

            public Pass(SyncEngine engine, SyncPassRequest request, SyncPairResult result, ISyncLease? lease)
            {
                this.engine = engine;
                this.request = request;
                this.result = result;
                this.lease = lease;
                options = request.Profile.OptionsFor(request.Pair);
                planner = new SyncPlanner(options);
                sourceEvents = new CountingEvents(request.Source.Events);
                targetEvents = new CountingEvents(request.Target.Events);
                profileId = request.Profile.Id;
            }

            private bool TwoWay => options.Direction == SyncDirection.TwoWay;

            private string SourceMailbox => request.Source.Calendar.Mailbox;

            private string TargetMailbox => request.Target.Calendar.Mailbox;

            private SyncEndpoint Endpoint(SyncSide side) => side == SyncSide.Source ? request.Source : request.Target;

            private CountingEvents Events(SyncSide side) => side == SyncSide.Source ? sourceEvents : targetEvents;

            private string Mailbox(SyncSide side) => side == SyncSide.Source ? SourceMailbox : TargetMailbox;

            private static SyncSide Other(SyncSide side) => side == SyncSide.Source ? SyncSide.Target : SyncSide.Source;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                try
                {
                    await RunCoreAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    result.Requests = sourceEvents.Calls + targetEvents.Calls + feedCalls;
                }
            }

            private async Task RunCoreAsync(CancellationToken cancellationToken)
            {
                state = await engine.Store.LoadAsync(profileId, request.Pair.Key, cancellationToken).ConfigureAwait(false)
                    ?? new PairSyncState(profileId, request.Pair.Key);
                state.Source = request.Pair.Source;
                state.Target = request.Pair.Target;
                if (request.PassStarted is DateTimeOffset started && state.LastPass > started && !request.WhatIf)
                {
                    // Read under the lease, so no two workers both see "not yet": the pair was synced in this logical pass.
                    result.Outcome = SyncPassOutcome.Leased;
                    result.Message = Texts.Format(nameof(Texts.Sync_PassedByOtherWorker), request.Pair, state.LastPass.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
                    return;
                }

                // The window on whole UTC days, so a Graph deltaLink made for it stays valid all day.
                var now = engine.Time.GetUtcNow();
                var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
                windowStart = today - (options.PastWindow ?? TimeSpan.FromDays(1));
                windowEnd = today + (options.Window ?? TimeSpan.FromDays(90)) + TimeSpan.FromDays(1);

                IReadOnlyList<SyncLink>? links = null;
                var incremental = !request.FullComparison
                    && options.FlattenSeries != true
                    && request.Source.Changes != null && state.SourceWatermark != null
                    && (!TwoWay || (request.Target.Changes != null && state.TargetWatermark != null))
                    && state.WindowStart == windowStart && state.WindowEnd == windowEnd;
                if (incremental)
                {
                    try
                    {
                        links = await ChangedLinksAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.WatermarkExpired)
                    {
                        links = null; // compare by stamp instead
                    }
                    catch (BackendException ex)
                    {
                        ReadFailed(result, request.Pair, SourceMailbox + " / " + TargetMailbox, ex.Error.Message);
                        return;
                    }
                }

                if (links == null)
                {
                    result.FullComparison = true;
                    try
                    {
                        if (!request.WhatIf)
                        {
                            // A fresh watermark first: whatever changes while the windows are read is read again next pass.
                            newSourceWatermark = request.Source.Changes == null ? null : await FreshWatermarkAsync(request.Source, cancellationToken).ConfigureAwait(false);
                            newTargetWatermark = TwoWay && request.Target.Changes != null ? await FreshWatermarkAsync(request.Target, cancellationToken).ConfigureAwait(false) : null;
                        }

                        links = await WindowLinksAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (BackendException ex)
                    {
                        ReadFailed(result, request.Pair, SourceMailbox + " / " + TargetMailbox, ex.Error.Message);
                        return;
                    }
                }

                var steps = planner.Plan(links);
                var deletes = steps.Count(s => s.Kind == SyncStepKind.Delete);
                var copies = result.FullComparison
                    ? links.Sum(l => l.Copies.Count)
                    : state.Items.Values.Count(e => e.TargetId != null && !e.DeletedByOwner);
                var threshold = options.DeletionThreshold ?? 0.2;
                if (!request.Force && deletes > 1 && deletes > threshold * copies)
                {
                    foreach (var s in steps.Where(s => s.Kind == SyncStepKind.Delete))
                    {
                        result.Actions.Add(ActionOf(s));
                    }

                    Fail(result, SyncPassOutcome.Aborted, ErrorIds.SyncDeletionThresholdExceeded, Texts.Format(nameof(Texts.Error_SyncDeletionThresholdExceeded), request.Pair, deletes, copies, threshold), Texts.Advice_SyncDeletionThresholdExceeded);
                    return;
                }

                if (request.WhatIf)
                {
                    foreach (var s in steps.Where(s => s.Kind != SyncStepKind.Unchanged))
                    {
                        result.Actions.Add(ActionOf(s));
                        Count(s);
                    }

                    result.Outcome = SyncPassOutcome.Planned;
                    return;
                }

                var failures = new List<string>();
                var (rest, stop) = await ApplyBatchedAsync(steps, failures, cancellationToken).ConfigureAwait(false);
                foreach (var step in stop ? new List<SyncStep>() : rest)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        await ApplyAsync(step, cancellationToken).ConfigureAwait(false);
                        Count(step);
                        if (step.Kind == SyncStepKind.Skip)
                        {
                            result.Actions.Add(ActionOf(step));
                        }
                        else if (step.IsConflict)
                        {
                            result.Actions.Add(ActionOf(step));
                        }
                    }
                    catch (BackendException ex)
                    {
                        failures.Add(ex.Error.Message);
                        var failed = ActionOf(step);
                        failed.Reason = "failed: " + ex.Error.Message;
                        result.Actions.Add(failed);
                        if (ex.Error.Code == BackendErrorCode.Connection || ex.Error.Code == BackendErrorCode.Authentication)
                        {
                            // The connection itself is gone (after the client's retries): the other writes would fail the
                            // same way; the next pass does them.
                            break;
                        }
                    }

                    await RenewIfDueAsync(cancellationToken).ConfigureAwait(false);
                }

                // Everything applied: the new watermarks cover it. After a failed write the old ones stay, so the next
                // pass reads those changes again (the copies made are found by stamp or transaction id). A conflict left
                // for the admin (Conflict Report) keeps them too, so it is found again until it is settled.
                var unsettled = steps.Concat(replanned).Count(s => s.IsConflict && s.Kind == SyncStepKind.Skip);
                if (unsettled > 0 && result.FullComparison)
                {
                    state.SourceWatermark = null;
                    state.TargetWatermark = null;
                }
                else if (failures.Count == 0 && unsettled == 0)
                {
                    state.SourceWatermark = newSourceWatermark ?? (result.FullComparison ? null : state.SourceWatermark);
                    state.TargetWatermark = newTargetWatermark ?? (result.FullComparison ? null : state.TargetWatermark);
                    state.WindowStart = windowStart;
                    state.WindowEnd = windowEnd;
                }

                var passEnd = engine.Time.GetUtcNow();
                state.LastPass = passEnd;
                state.LastCreated = result.Created;
                state.LastUpdated = result.Updated;
                state.LastDeleted = result.Deleted;
                if (failures.Count > 0)
                {
                    Fail(result, SyncPassOutcome.Failed, ErrorIds.SyncWriteFailed, Texts.Format(nameof(Texts.Error_SyncWriteFailed), request.Pair, failures.Count, failures[0]), Texts.Advice_SyncWriteFailed);
                }
                else
                {
                    result.Outcome = result.Created + result.Updated + result.Deleted == 0 ? SyncPassOutcome.UpToDate : SyncPassOutcome.Succeeded;
                    state.LastSuccess = passEnd;
                    if (unsettled > 0)
                    {
                        result.ErrorId = ErrorIds.SyncConflict;
                        result.Message = Texts.Format(nameof(Texts.Error_SyncConflict), request.Pair, unsettled) + " " + Texts.Advice_SyncConflict;
                    }
                }

                state.LastOutcome = result.Outcome;
                state.LastErrorId = result.ErrorId;
                state.LastError = result.Message;
                if (lease != null)
                {
                    await engine.Store.SaveAsync(lease, state, cancellationToken).ConfigureAwait(false);
                }
            }

            private async Task RenewIfDueAsync(CancellationToken cancellationToken)
            {
                if (lease != null && lease.Expires - engine.Time.GetUtcNow() < TimeSpan.FromTicks(engine.LeaseDuration.Ticks / 2))
                {
                    await lease.RenewAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            private void Count(SyncStep s)
            {
                switch (s.Kind)
                {
                    case SyncStepKind.Create:
                        result.Created++;
                        break;
                    case SyncStepKind.Update:
                    case SyncStepKind.WriteBack:
                        result.Updated++;
                        break;
                    case SyncStepKind.Delete:
                        result.Deleted++;
                        break;
                    case SyncStepKind.Skip:
                        result.Skipped++;
                        break;
                }

                if (s.IsConflict)
                {
                    result.Conflicts++;
                }
            }

            private SyncAction ActionOf(SyncStep s)
            {
                var kind = s.Kind == SyncStepKind.Create ? SyncActionKind.Create
                    : s.Kind == SyncStepKind.Update || s.Kind == SyncStepKind.WriteBack ? SyncActionKind.Update
                    : s.Kind == SyncStepKind.Delete ? SyncActionKind.Delete
                    : SyncActionKind.Skip;
                var id = s.Kind == SyncStepKind.WriteBack ? s.Link.OriginalId : s.Copy?.Id;
                return new SyncAction(kind, Mailbox(s.WriteSide), id)
                {
                    SourceItemId = s.Link.OriginalId,
                    Subject = s.Kind == SyncStepKind.WriteBack ? s.Link.Original?.Subject : s.Plan?.Draft.Subject ?? s.Copy?.Subject,
                    Start = s.Plan?.Draft.Start ?? s.Copy?.Start ?? s.Link.Original?.Start,
                    Reason = s.Reason,
                    IsConflict = s.IsConflict,
                };
            }

            // -------------------------------------------------------------- reading: full comparison

            private async Task<string?> FreshWatermarkAsync(SyncEndpoint side, CancellationToken cancellationToken)
            {
                string? watermark = null;
                for (var page = 0; ; page++)
                {
                    var batch = await ReadChangesAsync(side, watermark, cancellationToken).ConfigureAwait(false);
                    watermark = batch.Watermark;
                    if (!batch.MoreAvailable)
                    {
                        return watermark;
                    }

                    if (page > 100_000)
                    {
                        throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_SyncChangesEndless), side.Calendar.DisplayText)));
                    }
                }
            }

            private async Task<ChangeBatch> ReadChangesAsync(SyncEndpoint side, string? watermark, CancellationToken cancellationToken)
            {
                feedCalls++;
                return await side.Changes!.ReadChangesAsync(new ChangeFeedQuery(side.Calendar, watermark) { WindowStart = windowStart, WindowEnd = windowEnd }, cancellationToken).ConfigureAwait(false);
            }

            private async Task<IReadOnlyList<SyncLink>> WindowLinksAsync(CancellationToken cancellationToken)
            {
                var flatten = options.FlattenSeries == true;
                var body = SyncProjection.CarriesBody(options);
                var source = await ReadWindowAsync(sourceEvents, request.Source.Calendar, windowStart, windowEnd, !flatten, body, cancellationToken).ConfigureAwait(false);
                var target = await ReadWindowAsync(targetEvents, request.Target.Calendar, windowStart, windowEnd, true, body, cancellationToken).ConfigureAwait(false);
                var links = new List<SyncLink>();
                await AddWindowLinksAsync(SyncSide.Source, source, target, links, cancellationToken).ConfigureAwait(false);
                if (TwoWay)
                {
                    await AddWindowLinksAsync(SyncSide.Target, target, source, links, cancellationToken).ConfigureAwait(false);
                }

                return links;
            }

            /// <summary>Links for the originals of one side: every original in its window, and every copy whose original was not there.</summary>
            private async Task AddWindowLinksAsync(SyncSide origin, IReadOnlyList<CalendarEvent> originItems, IReadOnlyList<CalendarEvent> copyItems, List<SyncLink> links, CancellationToken cancellationToken)
            {
                var originMailbox = Mailbox(origin);
                var copyMailbox = Mailbox(Other(origin));
                var copies = copyItems.Where(e => IsCopyOf(e, profileId, originMailbox))
                    .GroupBy(e => StampOf(e)!.SourceItemId, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in originItems)
                {
                    // A copy this profile made from the other side is never an original (that is how two-way never echoes);
                    // in one-way, the same holds for a leftover of an earlier two-way pass.
                    if (IsCopyOf(item, profileId, copyMailbox) || !seen.Add(item.Id))
                    {
                        continue;
                    }

                    var link = NewLink(origin, item.Id, item);
                    if (copies.TryGetValue(item.Id, out var found))
                    {
                        link.Copies.AddRange(found);
                    }

                    link.CopiesComplete = true;
                    links.Add(link);
                }

                // Copies whose original was not in the window: looked up by id before anything is deleted.
                foreach (var orphan in copies.Where(c => !seen.Contains(c.Key)))
                {
                    var original = await ReadOriginalAsync(origin, orphan.Key, cancellationToken).ConfigureAwait(false);
                    var link = NewLink(origin, orphan.Key, original);
                    link.Copies.AddRange(orphan.Value);
                    link.CopiesComplete = true;
                    links.Add(link);
                }
            }

            private SyncLink NewLink(SyncSide origin, string id, CalendarEvent? original)
            {
                var link = new SyncLink(origin, id) { Original = original };
                if (state.Items.TryGetValue(id, out var entry) && (entry.Origin == null || entry.Origin == OriginName(origin)))
                {
                    link.Entry = entry;
                }

                if (original != null)
                {
                    link.NotMirroredBecause = !InWindow(original) ? "outside the window" : planner.Filter.Refuses(original, Mailbox(origin));
                }

                return link;
            }

            private static string OriginName(SyncSide side) => side == SyncSide.Source ? "source" : "target";

            private bool InWindow(CalendarEvent e)
            {
                if (e.Kind != EventKind.SeriesMaster || e.Recurrence == null)
                {
                    return e.Start < windowEnd && e.End > windowStart;
                }

                var r = e.Recurrence;
                if (e.Start >= windowEnd)
                {
                    return false;
                }

                return r.RangeType != RecurrenceRangeKind.EndDate || !r.EndDate.HasValue || r.EndDate.Value.AddDays(1) > windowStart.UtcDateTime.AddDays(-1);
            }

            /// <summary>An original by id (its series master when the id names an occurrence of one), or null when it is gone.</summary>
            private async Task<CalendarEvent?> ReadOriginalAsync(SyncSide side, string id, CancellationToken cancellationToken)
            {
                var endpoint = Endpoint(side);
                var e = await Events(side).GetEventAsync(endpoint.Calendar, id, StampOnly, cancellationToken).ConfigureAwait(false);
                if (e != null && options.FlattenSeries != true && (e.Kind == EventKind.Occurrence || e.Kind == EventKind.Exception) && e.SeriesMasterId != null)
                {
                    e = await Events(side).GetEventAsync(endpoint.Calendar, e.SeriesMasterId, StampOnly, cancellationToken).ConfigureAwait(false);
                }

                return e;
            }

            // -------------------------------------------------------------- reading: incremental

            private async Task<IReadOnlyList<SyncLink>> ChangedLinksAsync(CancellationToken cancellationToken)
            {
                var sourceRoots = await ChangedRootsAsync(request.Source, state.SourceWatermark!, w => newSourceWatermark = w, cancellationToken).ConfigureAwait(false);
                var targetRoots = TwoWay
                    ? await ChangedRootsAsync(request.Target, state.TargetWatermark!, w => newTargetWatermark = w, cancellationToken).ConfigureAwait(false)
                    : new List<string>();

                // A changed copy stands for its original: both are read again.
                var copyOf = state.Items.Where(p => p.Value.TargetId != null)
                    .GroupBy(p => (p.Value.Origin == "target" ? SyncSide.Source : SyncSide.Target, p.Value.TargetId!))
                    .ToDictionary(g => g.Key, g => g.First());
                var wanted = new List<(SyncSide Origin, string Id)>();
                void Want(SyncSide side, string id)
                {
                    if (copyOf.TryGetValue((side, id), out var entry))
                    {
                        wanted.Add((entry.Value.Origin == "target" ? SyncSide.Target : SyncSide.Source, entry.Key));
                    }
                    else
                    {
                        wanted.Add((side, id));
                    }
                }

                foreach (var id in sourceRoots)
                {
                    Want(SyncSide.Source, id);
                }

                foreach (var id in targetRoots)
                {
                    Want(SyncSide.Target, id);
                }

                // The originals, each side in one batched read (and their series masters in a second, when the feed named
                // occurrences); then the copies: from the state when it knows them, read in one batch only when it does not.
                var distinct = wanted.Distinct().ToList();
                var originals = new Dictionary<(SyncSide, string), CalendarEvent?>();
                foreach (var side in new[] { SyncSide.Source, SyncSide.Target })
                {
                    var ids = distinct.Where(w => w.Origin == side).Select(w => w.Id).ToList();
                    foreach (var pair in await ReadOriginalsAsync(side, ids, cancellationToken).ConfigureAwait(false))
                    {
                        originals[(side, pair.Key)] = pair.Value;
                    }
                }

                var reported = new HashSet<(SyncSide, string)>(sourceRoots.Select(r => (SyncSide.Source, r)).Concat(targetRoots.Select(r => (SyncSide.Target, r))));
                var links = new List<SyncLink>();
                var toRead = new List<SyncLink>();
                foreach (var (origin, id) in distinct)
                {
                    var original = originals[(origin, id)];
                    if (original != null && IsCopyOf(original, profileId, Mailbox(Other(origin))))
                    {
                        continue; // one of our copies that the state does not know (a rerun after a kill): its original's change brings it
                    }

                    var link = NewLink(origin, original?.Id ?? id, original);
                    var entry = link.Entry;
                    if (entry?.TargetId != null)
                    {
                        var plan = original == null || link.NotMirroredBecause != null ? null : SyncProjection.Project(original, options);
                        var fromState = entry.TimesVersion != null && entry.TargetVersion != null
                            && !reported.Contains((link.CopySide, entry.TargetId))
                            && (plan == null || plan.Draft.Recurrence == null || plan.TimesVersion == entry.TimesVersion);
                        if (fromState)
                        {
                            link.Copies.Add(FromState(link, entry));
                            link.CopyFromState = true;
                            link.CopiesComplete = true;
                        }
                        else
                        {
                            toRead.Add(link);
                        }
                    }
                    else if (entry?.PendingTransaction != null)
                    {
                        // A create a killed pass sent: the copy it may have made is found by its transaction id.
                        var made = await Events(link.CopySide).FindByTransactionIdAsync(Endpoint(link.CopySide).Calendar, entry.PendingTransaction, windowStart, windowEnd, cancellationToken).ConfigureAwait(false);
                        made = made == null ? null : await Events(link.CopySide).GetEventAsync(Endpoint(link.CopySide).Calendar, made.Id, StampOnly, cancellationToken).ConfigureAwait(false);
                        if (made != null && IsCopyOf(made, profileId, Mailbox(origin)))
                        {
                            link.Copies.Add(made);
                        }

                        link.CopiesComplete = true;
                    }

                    links.Add(link);
                }

                foreach (var side in new[] { SyncSide.Source, SyncSide.Target })
                {
                    var reads = toRead.Where(l => l.CopySide == side).ToList();
                    if (reads.Count == 0)
                    {
                        continue;
                    }

                    var copies = await Events(side).GetEventsAsync(Endpoint(side).Calendar, reads.Select(l => l.Entry!.TargetId!).ToList(), StampOnly, cancellationToken).ConfigureAwait(false);
                    for (var n = 0; n < reads.Count; n++)
                    {
                        var copy = copies[n];
                        if (copy != null && IsCopyOf(copy, profileId, Mailbox(reads[n].OriginSide)))
                        {
                            reads[n].Copies.Add(copy);
                        }

                        reads[n].CopiesComplete = true;
                    }
                }

                return links;
            }

            /// <summary>What the state says the copy is: its id, the version we left it at, and the stamp we wrote.</summary>
            private CalendarEvent FromState(SyncLink link, MirrorEntry entry)
            {
                var copy = new CalendarEvent(Mailbox(link.CopySide), entry.TargetId!) { Version = entry.TargetVersion };
                copy.Properties[SyncStamp.PropertyName] = new SyncStamp(profileId, Mailbox(link.OriginSide), link.OriginalId, entry.SourceVersion ?? string.Empty).Format();
                return copy;
            }

            /// <summary>Originals by id in one batched read per side (series masters for the occurrences among them); null = gone.</summary>
            private async Task<Dictionary<string, CalendarEvent?>> ReadOriginalsAsync(SyncSide side, IReadOnlyList<string> ids, CancellationToken cancellationToken)
            {
                var found = new Dictionary<string, CalendarEvent?>(StringComparer.Ordinal);
                if (ids.Count == 0)
                {
                    return found;
                }

                var endpoint = Endpoint(side);
                var read = await Events(side).GetEventsAsync(endpoint.Calendar, ids, StampOnly, cancellationToken).ConfigureAwait(false);
                var masters = new List<(string Id, string MasterId)>();
                for (var n = 0; n < ids.Count; n++)
                {
                    var e = read[n];
                    found[ids[n]] = e;
                    if (e != null && options.FlattenSeries != true && (e.Kind == EventKind.Occurrence || e.Kind == EventKind.Exception) && e.SeriesMasterId != null)
                    {
                        masters.Add((ids[n], e.SeriesMasterId));
                    }
                }

                if (masters.Count > 0)
                {
                    var masterIds = masters.Select(m => m.MasterId).Distinct(StringComparer.Ordinal).ToList();
                    var series = await Events(side).GetEventsAsync(endpoint.Calendar, masterIds, StampOnly, cancellationToken).ConfigureAwait(false);
                    var byId = new Dictionary<string, CalendarEvent?>(StringComparer.Ordinal);
                    for (var n = 0; n < masterIds.Count; n++)
                    {
                        byId[masterIds[n]] = series[n];
                    }

                    foreach (var (id, masterId) in masters)
                    {
                        found[id] = byId.TryGetValue(masterId, out var m) ? m : null;
                    }
                }

                return found;
            }

            /// <summary>Every page of changes after the watermark, as series roots (occurrence ids collapse to their master).</summary>
            private async Task<List<string>> ChangedRootsAsync(SyncEndpoint side, string watermark, Action<string> newWatermark, CancellationToken cancellationToken)
            {
                var roots = new List<string>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var current = watermark;
                for (var page = 0; ; page++)
                {
                    var batch = await ReadChangesAsync(side, current, cancellationToken).ConfigureAwait(false);
                    foreach (var change in batch.Changes)
                    {
                        var root = change.SeriesMasterId;
                        if (root != null)
                        {
                            state.OccurrenceMasters[change.ItemId] = root;
                        }
                        else if (!state.OccurrenceMasters.TryGetValue(change.ItemId, out root))
                        {
                            root = change.ItemId;
                        }

                        if (seen.Add(root))
                        {
                            roots.Add(root);
                        }
                    }

                    current = batch.Watermark;
                    if (!batch.MoreAvailable || page > 100_000)
                    {
                        newWatermark(current);
                        return roots;
                    }
                }
            }

            // -------------------------------------------------------------- writing

            /// <summary>Steps one batched write of each kind carries at most (the backend splits further where its protocol needs).</summary>
            private const int StepsPerBatch = 100;

            /// <summary>
            /// Applies the steps that need one write each (deletes, creates of events without exceptions, updates that need
            /// no occurrence written) as batches per side and kind: EWS one CreateItem/UpdateItem/DeleteItem per 100, Graph
            /// $batch. Creates are written ahead in the state with their transaction ids, so a kill before the state is saved
            /// finds them instead of making them again. An update made from the state that finds the copy changed or gone
            /// reads it and is planned again. Returns the steps left for one-by-one (series with exceptions, write-backs,
            /// skips, replans), and whether the connection is gone.
            /// </summary>
            private async Task<(List<SyncStep> Left, bool Stop)> ApplyBatchedAsync(IReadOnlyList<SyncStep> steps, List<string> failures, CancellationToken cancellationToken)
            {
                var rest = new List<SyncStep>();
                var batched = new List<(SyncStep Step, EventWrite Write)>();
                foreach (var step in steps)
                {
                    var write = BatchWriteOf(step);
                    if (write == null)
                    {
                        rest.Add(step);
                    }
                    else
                    {
                        batched.Add((step, write));
                    }
                }

                var creates = batched.Where(b => b.Write.Kind == EventWriteKind.Create).ToList();
                if (creates.Count > 0 && lease != null)
                {
                    foreach (var (step, write) in creates)
                    {
                        EntryOf(step.Link).PendingTransaction = write.Draft!.TransactionId;
                    }

                    await engine.Store.SaveAsync(lease, state, cancellationToken).ConfigureAwait(false);
                }

                // Every kind of one side in one call: EWS sends one request per kind, Graph mixes them in one $batch.
                foreach (var group in batched.GroupBy(b => b.Step.WriteSide).OrderBy(g => g.Key))
                {
                    var side = group.Key;
                    var all = group.ToList();
                    for (var offset = 0; offset < all.Count; offset += StepsPerBatch)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var chunk = all.Skip(offset).Take(StepsPerBatch).ToList();
                        IReadOnlyList<EventWriteResult> answers;
                        try
                        {
                            answers = await Events(side).WriteEventsAsync(Endpoint(side).Calendar, chunk.Select(c => c.Write).ToList(), cancellationToken).ConfigureAwait(false);
                        }
                        catch (BackendException ex)
                        {
                            if (ex.Error.Code == BackendErrorCode.Connection || ex.Error.Code == BackendErrorCode.Authentication)
                            {
                                foreach (var (step, _) in chunk)
                                {
                                    Failed(step, ex.Error.Message, failures);
                                }

                                return (rest, true);
                            }

                            // The request as a whole failed (a fault, throttling past the retries): each goes one by one.
                            rest.AddRange(chunk.Select(c => c.Step));
                            continue;
                        }

                        for (var n = 0; n < chunk.Count; n++)
                        {
                            await SettleAsync(chunk[n].Step, chunk[n].Write, answers[n], rest, failures, cancellationToken).ConfigureAwait(false);
                        }

                        await RenewIfDueAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                return (rest, false);
            }

            /// <summary>What one batched write a step is, or null when it needs more than one (or reads first).</summary>
            private EventWrite? BatchWriteOf(SyncStep step)
            {
                var link = step.Link;
                switch (step.Kind)
                {
                    case SyncStepKind.Delete:
                        return EventWrite.Delete(step.Copy!.Id);
                    case SyncStepKind.Create:
                        if (NeedsOccurrences(step.Plan!) || link.Entry?.TargetId != null)
                        {
                            return null; // exceptions to write after the series, or a copy the state knew of: the careful path
                        }

                        return EventWrite.Create(NewDraft(link, step.Plan!));
                    case SyncStepKind.Update:
                        var copy = step.Copy!;
                        var plan = step.Plan!;
                        if (NeedsOccurrences(plan) || copy.ModifiedOccurrences.Count > 0 || copy.CancelledOccurrences.Count > 0)
                        {
                            return null;
                        }

                        EventDraft changes;
                        if (link.CopyFromState)
                        {
                            // Not read: every field the copy carries, and its times only when they changed since we wrote them.
                            var d = plan.Draft;
                            changes = new EventDraft
                            {
                                Subject = d.Subject,
                                Location = d.Location ?? string.Empty,
                                Body = d.Body ?? string.Empty,
                                BodyType = d.BodyType,
                                ShowAs = d.ShowAs,
                                Sensitivity = d.Sensitivity,
                                Categories = (d.Categories ?? new List<string>()).ToList(),
                            };
                            if (link.Entry?.TimesVersion != plan.TimesVersion)
                            {
                                changes.Start = d.Start;
                                changes.End = d.End;
                                changes.TimeZone = d.TimeZone;
                                changes.IsAllDay = d.IsAllDay;
                            }
                        }
                        else
                        {
                            changes = Difference(plan.Draft, copy);
                        }

                        changes.Properties = Stamp(link, plan.Version);
                        return EventWrite.Update(copy.Id, copy.Version, changes);
                    default:
                        return null;
                }
            }

            /// <summary>Takes one batched write's answer into the state and the result.</summary>
            private async Task SettleAsync(SyncStep step, EventWrite write, EventWriteResult answer, List<SyncStep> rest, List<string> failures, CancellationToken cancellationToken)
            {
                var link = step.Link;
                if (answer.IsSuccess)
                {
                    if (step.Kind == SyncStepKind.Delete)
                    {
                        if (link.Entry != null && link.Entry.TargetId == step.Copy!.Id)
                        {
                            state.Items.Remove(link.OriginalId);
                        }
                    }
                    else
                    {
                        Remember(link, answer.Id ?? step.Copy?.Id ?? string.Empty, answer.Version, step.Plan!.Version, false, step.Plan.TimesVersion);
                    }

                    Count(step);
                    if (step.IsConflict)
                    {
                        result.Actions.Add(ActionOf(step));
                    }

                    return;
                }

                var code = answer.Error!.Code;
                if (step.Kind == SyncStepKind.Update && (code == BackendErrorCode.Conflict || code == BackendErrorCode.ItemNotFound))
                {
                    // The copy changed (or went) since the state or the read saw it: read it, and let the planner decide again.
                    var side = link.CopySide;
                    var now = await Events(side).GetEventAsync(Endpoint(side).Calendar, step.Copy!.Id, StampOnly, cancellationToken).ConfigureAwait(false);
                    link.Copies.Clear();
                    link.CopyFromState = false;
                    if (now != null && IsCopyOf(now, profileId, Mailbox(link.OriginSide)))
                    {
                        link.Copies.Add(now);
                    }

                    link.CopiesComplete = true;
                    var again = planner.Plan(new[] { link });
                    replanned.AddRange(again);
                    rest.AddRange(again);
                    return;
                }

                if (step.Kind == SyncStepKind.Create && MayHaveBeenMade(code))
                {
                    rest.Add(step); // the one-by-one path looks for it by its transaction id before it sends it again
                    return;
                }

                Failed(step, answer.Error.Message, failures);
            }

            private void Failed(SyncStep step, string message, List<string> failures)
            {
                failures.Add(message);
                var failed = ActionOf(step);
                failed.Reason = "failed: " + message;
                result.Actions.Add(failed);
            }

            /// <summary>A new copy: the plan's fields, no invitations, the transaction id and our stamp.</summary>
            private EventDraft NewDraft(SyncLink link, SyncCopyPlan plan)
            {
                var d = plan.Draft;
                return new EventDraft
                {
                    Subject = d.Subject,
                    Location = d.Location,
                    Body = d.Body,
                    BodyType = d.BodyType,
                    Start = d.Start,
                    End = d.End,
                    TimeZone = d.TimeZone,
                    IsAllDay = d.IsAllDay,
                    ShowAs = d.ShowAs,
                    Sensitivity = d.Sensitivity,
                    Categories = d.Categories,
                    Recurrence = d.Recurrence,
                    SendInvitations = false,
                    TransactionId = SyncProjection.TransactionId(profileId, Mailbox(link.OriginSide), link.OriginalId, plan.Version),
                    Properties = Stamp(link, NeedsOccurrences(plan) ? Pending(plan) : plan.Version),
                };
            }

            private async Task ApplyAsync(SyncStep step, CancellationToken cancellationToken)
            {
                var link = step.Link;
                var side = step.WriteSide;
                var calendar = Endpoint(side).Calendar;
                var events = Events(side);
                switch (step.Kind)
                {
                    case SyncStepKind.Unchanged:
                        Remember(link, step.Copy!, step.Plan!.Version, keepVersion: true, timesVersion: step.Plan.TimesVersion);
                        return;
                    case SyncStepKind.Skip:
                        if (step.OwnerDeleted)
                        {
                            var entry = EntryOf(link);
                            entry.DeletedByOwner = true;
                            entry.TargetId = null;
                        }

                        return;
                    case SyncStepKind.Delete:
                        await events.DeleteEventAsync(calendar, step.Copy!.Id, cancellationToken).ConfigureAwait(false);
                        if (link.Entry != null && link.Entry.TargetId == step.Copy.Id)
                        {
                            state.Items.Remove(link.OriginalId);
                        }

                        return;
                    case SyncStepKind.Create:
                        await CreateAsync(step, cancellationToken).ConfigureAwait(false);
                        return;
                    case SyncStepKind.Update:
                        await UpdateCopyAsync(link, step.Copy!, step.Plan!, cancellationToken).ConfigureAwait(false);
                        return;
                    case SyncStepKind.WriteBack:
                        await WriteBackAsync(step, cancellationToken).ConfigureAwait(false);
                        return;
                }
            }

            private MirrorEntry EntryOf(SyncLink link)
            {
                if (!state.Items.TryGetValue(link.OriginalId, out var entry))
                {
                    entry = new MirrorEntry { Origin = OriginName(link.OriginSide) };
                    state.Items[link.OriginalId] = entry;
                }

                link.Entry = entry;
                return entry;
            }

            private void Remember(SyncLink link, CalendarEvent copy, string version, bool keepVersion = false, string? timesVersion = null) =>
                Remember(link, copy.Id, copy.Version, version, keepVersion, timesVersion);

            private void Remember(SyncLink link, string copyId, string? copyVersion, string version, bool keepVersion, string? timesVersion)
            {
                var entry = EntryOf(link);
                var known = keepVersion && entry.TargetId == copyId && entry.TargetVersion != null;
                entry.TargetId = copyId;
                entry.SourceVersion = version;
                entry.Origin = OriginName(link.OriginSide);
                entry.DeletedByOwner = false;
                entry.PendingTransaction = null;
                entry.TimesVersion = timesVersion;
                if (!known)
                {
                    entry.TargetVersion = copyVersion;
                }
            }

            private Dictionary<string, string> Stamp(SyncLink link, string version) => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [SyncStamp.PropertyName] = new SyncStamp(profileId, Mailbox(link.OriginSide), link.OriginalId, version).Format(),
            };

            private static bool NeedsOccurrences(SyncCopyPlan plan) => plan.Exceptions.Count > 0 || plan.Cancelled.Count > 0;

            /// <summary>
            /// A copy whose exceptions are still to be written is stamped with a pending version first, so a kill between the
            /// series and its exceptions leaves a copy the next pass sees as out of date (and finishes), never as done.
            /// </summary>
            private static string Pending(SyncCopyPlan plan) => plan.Version + "~pending";

            private async Task CreateAsync(SyncStep step, CancellationToken cancellationToken)
            {
                var link = step.Link;
                var plan = step.Plan!;
                var side = step.WriteSide;
                var calendar = Endpoint(side).Calendar;
                var events = Events(side);
                var draft = NewDraft(link, plan);
                var transaction = draft.TransactionId!;
                var d = plan.Draft;
                CalendarEvent? copy = null;
                if (!result.FullComparison || link.Entry?.TargetId != null || link.Entry?.PendingTransaction != null)
                {
                    // Without a full read of the copy side, an earlier pass may have made it and been killed before saving.
                    copy = await events.FindByTransactionIdAsync(calendar, transaction, d.Start!.Value, d.End!.Value, cancellationToken).ConfigureAwait(false);
                }

                if (copy == null)
                {
                    try
                    {
                        copy = await events.CreateEventAsync(calendar, draft, cancellationToken).ConfigureAwait(false);
                    }
                    catch (BackendException ex) when (MayHaveBeenMade(ex.Error.Code))
                    {
                        // The answer may have been lost after the server made it: look for it before sending it again.
                        copy = await events.FindByTransactionIdAsync(calendar, transaction, d.Start!.Value, d.End!.Value, cancellationToken).ConfigureAwait(false)
                            ?? await events.CreateEventAsync(calendar, draft, cancellationToken).ConfigureAwait(false);
                    }

                    if (!NeedsOccurrences(plan))
                    {
                        Remember(link, copy, plan.Version, timesVersion: plan.TimesVersion);
                        return;
                    }
                }
                else
                {
                    // Found by its transaction id: read it with its stamp and exceptions, and bring it in line.
                    copy = await events.GetEventAsync(calendar, copy.Id, StampOnly, cancellationToken).ConfigureAwait(false) ?? copy;
                }

                await UpdateCopyAsync(link, copy, plan, cancellationToken).ConfigureAwait(false);
            }

            private async Task UpdateCopyAsync(SyncLink link, CalendarEvent copy, SyncCopyPlan plan, CancellationToken cancellationToken)
            {
                var side = link.CopySide;
                var calendar = Endpoint(side).Calendar;
                var events = Events(side);
                var occurrences = NeedsOccurrences(plan) || copy.ModifiedOccurrences.Count > 0 || copy.CancelledOccurrences.Count > 0;
                var changes = Difference(plan.Draft, copy);
                changes.Properties = Stamp(link, occurrences ? Pending(plan) : plan.Version);
                var written = await events.UpdateEventAsync(calendar, copy.Id, null, changes, cancellationToken).ConfigureAwait(false);
                if (occurrences && plan.Draft.Recurrence != null)
                {
                    await ReconcileOccurrencesAsync(side, written.Id, plan, cancellationToken).ConfigureAwait(false);
                    written = await events.UpdateEventAsync(calendar, written.Id, null, new EventDraft { Properties = Stamp(link, plan.Version) }, cancellationToken).ConfigureAwait(false);
                }
                else if (occurrences)
                {
                    written = await events.UpdateEventAsync(calendar, written.Id, null, new EventDraft { Properties = Stamp(link, plan.Version) }, cancellationToken).ConfigureAwait(false);
                }

                Remember(link, written, plan.Version, timesVersion: plan.TimesVersion);
            }

            /// <summary>The fields of <paramref name="wanted"/> that differ from <paramref name="copy"/> (times and recurrence only when they changed, so a series keeps its exceptions).</summary>
            private static EventDraft Difference(EventDraft wanted, CalendarEvent copy)
            {
                var d = new EventDraft();
                if (!string.Equals(wanted.Subject ?? string.Empty, copy.Subject ?? string.Empty, StringComparison.Ordinal))
                {
                    d.Subject = wanted.Subject;
                }

                if (!string.Equals(wanted.Location ?? string.Empty, copy.Location ?? string.Empty, StringComparison.Ordinal))
                {
                    d.Location = wanted.Location ?? string.Empty;
                }

                if (copy.Body is null
                    || (wanted.BodyType ?? EventBodyType.Text) != copy.BodyType
                    || !string.Equals((wanted.Body ?? string.Empty).Trim(), copy.Body.Trim(), StringComparison.Ordinal))
                {
                    // A copy read without its body (an EWS calendar view) may differ: write it.
                    d.Body = wanted.Body ?? string.Empty;
                    d.BodyType = wanted.BodyType;
                }

                var zoneChanged = wanted.TimeZone != null && !string.Equals(wanted.TimeZone, copy.TimeZone, StringComparison.OrdinalIgnoreCase);
                if (zoneChanged || wanted.Start != copy.Start || wanted.End != copy.End || wanted.IsAllDay != copy.IsAllDay)
                {
                    d.Start = wanted.Start;
                    d.End = wanted.End;
                    d.TimeZone = wanted.TimeZone;
                    d.IsAllDay = wanted.IsAllDay;
                }

                if (wanted.ShowAs != copy.ShowAs)
                {
                    d.ShowAs = wanted.ShowAs;
                }

                if (wanted.Sensitivity != copy.Sensitivity)
                {
                    d.Sensitivity = wanted.Sensitivity;
                }

                var cats = wanted.Categories ?? new List<string>();
                if (!new HashSet<string>(cats, StringComparer.OrdinalIgnoreCase).SetEquals(copy.Categories))
                {
                    d.Categories = cats.ToList();
                }

                if (wanted.Recurrence != null && !SameRecurrence(wanted.Recurrence, copy.Recurrence))
                {
                    d.Recurrence = wanted.Recurrence;
                    d.TimeZone = wanted.TimeZone;
                }

                return d;
            }

            private static bool SameRecurrence(EventRecurrence a, EventRecurrence? b) =>
                b != null && a.Pattern == b.Pattern && a.Interval == b.Interval && a.DaysOfWeek.OrderBy(x => x).SequenceEqual(b.DaysOfWeek.OrderBy(x => x))
                && a.DayOfMonth == b.DayOfMonth && a.Month == b.Month && a.Index == b.Index && a.RangeType == b.RangeType
                && a.StartDate.Date == b.StartDate.Date && a.EndDate?.Date == b.EndDate?.Date && a.NumberOfOccurrences == b.NumberOfOccurrences
                && string.Equals(a.TimeZone ?? string.Empty, b.TimeZone ?? string.Empty, StringComparison.OrdinalIgnoreCase);

            /// <summary>
            /// Gives a series copy the original's exceptions: a cancelled occurrence is deleted from the copy, a moved or
            /// changed one is updated on the copy (which makes it an exception there). Occurrences are found by their
            /// original start in the copy's own calendar view.
            /// </summary>
            private async Task ReconcileOccurrencesAsync(SyncSide side, string copyId, SyncCopyPlan plan, CancellationToken cancellationToken)
            {
                var calendar = Endpoint(side).Calendar;
                var events = Events(side);
                var copy = await events.GetEventAsync(calendar, copyId, StampOnly, cancellationToken).ConfigureAwait(false)
                    ?? throw new BackendException(new BackendError(BackendErrorCode.ItemNotFound, Texts.Format(nameof(Texts.Error_SyncCopyGone), copyId, calendar.DisplayText)));
                var cancelled = new HashSet<DateTime>(copy.CancelledOccurrences.Select(c => c.UtcDateTime));
                var length = copy.End - copy.Start;
                foreach (var c in plan.Cancelled)
                {
                    if (cancelled.Contains(c.UtcDateTime))
                    {
                        continue;
                    }

                    var id = copy.ModifiedOccurrences.FirstOrDefault(x => x.OriginalStart?.UtcDateTime == c.UtcDateTime)?.Id
                        ?? await OccurrenceIdAsync(events, calendar, copy, c, length, cancellationToken).ConfigureAwait(false);
                    if (id != null)
                    {
                        await events.DeleteEventAsync(calendar, id, cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var x in plan.Exceptions)
                {
                    var existing = copy.ModifiedOccurrences.FirstOrDefault(m => m.OriginalStart?.UtcDateTime == x.OriginalStart.UtcDateTime);
                    if (existing != null && existing.Start == x.Start && existing.End == x.End
                        && string.Equals(existing.Subject ?? string.Empty, x.Subject ?? string.Empty, StringComparison.Ordinal)
                        && string.Equals(existing.Location ?? string.Empty, x.Location ?? string.Empty, StringComparison.Ordinal)
                        && existing.ShowAs == x.ShowAs)
                    {
                        continue;
                    }

                    var id = existing?.Id ?? await OccurrenceIdAsync(events, calendar, copy, x.OriginalStart, length, cancellationToken).ConfigureAwait(false);
                    if (id == null)
                    {
                        continue;
                    }

                    await events.UpdateEventAsync(calendar, id, null, new EventDraft
                    {
                        Start = x.Start,
                        End = x.End,
                        TimeZone = copy.TimeZone,
                        Subject = x.Subject,
                        Location = x.Location ?? string.Empty,
                        ShowAs = x.ShowAs,
                    }, cancellationToken).ConfigureAwait(false);
                }
            }

            private static async Task<string?> OccurrenceIdAsync(ICalendarEventBackend events, CalendarAddress calendar, CalendarEvent master, DateTimeOffset originalStart, TimeSpan length, CancellationToken cancellationToken)
            {
                var read = await events.ReadWindowAsync(new EventWindowQuery(calendar, originalStart.AddMinutes(-1), originalStart + length + TimeSpan.FromMinutes(1)), cancellationToken).ConfigureAwait(false);
                var match = read.Events.FirstOrDefault(e =>
                    (e.Kind == EventKind.Occurrence || e.Kind == EventKind.Exception)
                    && (e.SeriesMasterId == master.Id || (master.ICalUId != null && e.ICalUId == master.ICalUId))
                    && (e.OriginalStart ?? e.Start).UtcDateTime == originalStart.UtcDateTime);
                return match?.Id;
            }

            /// <summary>Two-way: the copy's edit goes to the original, then the copy's stamp names the original's new version.</summary>
            private async Task WriteBackAsync(SyncStep step, CancellationToken cancellationToken)
            {
                var link = step.Link;
                var originSide = link.OriginSide;
                var original = link.Original!;
                var draft = SyncProjection.WriteBack(step.Copy!, original, options);
                await Events(originSide).UpdateEventAsync(Endpoint(originSide).Calendar, original.Id, null, draft, cancellationToken).ConfigureAwait(false);
                var now = await Events(originSide).GetEventAsync(Endpoint(originSide).Calendar, original.Id, StampOnly, cancellationToken).ConfigureAwait(false)
                    ?? throw new BackendException(new BackendError(BackendErrorCode.ItemNotFound, Texts.Format(nameof(Texts.Error_SyncOriginalGone), original.Id, Endpoint(originSide).Calendar.DisplayText)));
                var plan = SyncProjection.Project(now, options);
                var copy = await Events(link.CopySide).GetEventAsync(Endpoint(link.CopySide).Calendar, step.Copy!.Id, StampOnly, cancellationToken).ConfigureAwait(false) ?? step.Copy!;
                await UpdateCopyAsync(link, copy, plan, cancellationToken).ConfigureAwait(false);
            }

            private static bool MayHaveBeenMade(BackendErrorCode code) =>
                code == BackendErrorCode.Connection || code == BackendErrorCode.Transient || code == BackendErrorCode.Throttled;
        }

        /// <summary>
        /// The Events capability of one side, counting the calls the pass makes (for the result's Requests); its batched
        /// half is the backend's own when it has one (a batch counts once), else one counted call per item.
        /// </summary>
        private sealed class CountingEvents : ICalendarEventBackend, ICalendarEventBatchBackend
        {
            private readonly ICalendarEventBackend inner;
            private readonly ICalendarEventBatchBackend batch;
            private readonly bool ownBatch;
            private int calls;

            public CountingEvents(ICalendarEventBackend inner)
            {
                this.inner = inner;
                ownBatch = inner is ICalendarEventBatchBackend;
                batch = inner as ICalendarEventBatchBackend ?? EventBatches.Of(new Uncounted(this));
            }

            public Task<IReadOnlyList<CalendarEvent?>> GetEventsAsync(CalendarAddress calendar, IReadOnlyList<string> ids, IReadOnlyList<string>? properties, CancellationToken cancellationToken) =>
                ids.Count == 0 ? Task.FromResult<IReadOnlyList<CalendarEvent?>>(Array.Empty<CalendarEvent?>())
                : !ownBatch ? batch.GetEventsAsync(calendar, ids, properties, cancellationToken)
                : Count(batch.GetEventsAsync(calendar, ids, properties, cancellationToken));

            public Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(CalendarAddress calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken) =>
                writes.Count == 0 ? Task.FromResult<IReadOnlyList<EventWriteResult>>(Array.Empty<EventWriteResult>())
                : !ownBatch ? batch.WriteEventsAsync(calendar, writes, cancellationToken)
                : Count(batch.WriteEventsAsync(calendar, writes, cancellationToken));

            public int Calls => Volatile.Read(ref calls);

            public Task<EventWindowRead> ReadWindowAsync(EventWindowQuery query, CancellationToken cancellationToken) => Count(inner.ReadWindowAsync(query, cancellationToken));

            public Task<CalendarEvent?> GetEventAsync(CalendarAddress calendar, string id, IReadOnlyList<string>? properties, CancellationToken cancellationToken) => Count(inner.GetEventAsync(calendar, id, properties, cancellationToken));

            public Task<CalendarEvent> CreateEventAsync(CalendarAddress calendar, EventDraft draft, CancellationToken cancellationToken) => Count(inner.CreateEventAsync(calendar, draft, cancellationToken));

            public Task<CalendarEvent?> FindByTransactionIdAsync(CalendarAddress calendar, string transactionId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) => Count(inner.FindByTransactionIdAsync(calendar, transactionId, start, end, cancellationToken));

            public Task<CalendarEvent> UpdateEventAsync(CalendarAddress calendar, string id, string? expectedVersion, EventDraft changes, CancellationToken cancellationToken) => Count(inner.UpdateEventAsync(calendar, id, expectedVersion, changes, cancellationToken));

            public Task<bool> DeleteEventAsync(CalendarAddress calendar, string id, CancellationToken cancellationToken) => Count(inner.DeleteEventAsync(calendar, id, cancellationToken));

            private T Count<T>(T task)
            {
                Interlocked.Increment(ref calls);
                return task;
            }

            /// <summary>The one-call-per-item fallback goes through the counting methods, so each of its calls counts.</summary>
            private sealed class Uncounted : ICalendarEventBackend
            {
                private readonly CountingEvents owner;

                public Uncounted(CountingEvents owner)
                {
                    this.owner = owner;
                }

                public Task<EventWindowRead> ReadWindowAsync(EventWindowQuery query, CancellationToken cancellationToken) => owner.ReadWindowAsync(query, cancellationToken);

                public Task<CalendarEvent?> GetEventAsync(CalendarAddress calendar, string id, IReadOnlyList<string>? properties, CancellationToken cancellationToken) => owner.GetEventAsync(calendar, id, properties, cancellationToken);

                public Task<CalendarEvent> CreateEventAsync(CalendarAddress calendar, EventDraft draft, CancellationToken cancellationToken) => owner.CreateEventAsync(calendar, draft, cancellationToken);

                public Task<CalendarEvent?> FindByTransactionIdAsync(CalendarAddress calendar, string transactionId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) => owner.FindByTransactionIdAsync(calendar, transactionId, start, end, cancellationToken);

                public Task<CalendarEvent> UpdateEventAsync(CalendarAddress calendar, string id, string? expectedVersion, EventDraft changes, CancellationToken cancellationToken) => owner.UpdateEventAsync(calendar, id, expectedVersion, changes, cancellationToken);

                public Task<bool> DeleteEventAsync(CalendarAddress calendar, string id, CancellationToken cancellationToken) => owner.DeleteEventAsync(calendar, id, cancellationToken);
            }
        }
    }
}
