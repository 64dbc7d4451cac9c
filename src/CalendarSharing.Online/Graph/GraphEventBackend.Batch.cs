using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using GraphEvent = Microsoft.Graph.Models.Event;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// The batched Events capability over Graph: many GETs, POSTs, PATCHes and DELETEs of one calendar go out as JSON
    /// batches of up to 20 requests (https://learn.microsoft.com/graph/json-batching), each answered on its own; the
    /// gateway retries an inner 429/503 by its Retry-After.
    /// </summary>
    public sealed partial class GraphEventBackend : ICalendarEventBatchBackend
    {
        public async Task<IReadOnlyList<CalendarEvent?>> GetEventsAsync(CalendarAddress calendar, IReadOnlyList<string> ids, IReadOnlyList<string>? properties, CancellationToken cancellationToken)
        {
            if (calendar is null || ids is null)
            {
                throw new ArgumentNullException(calendar is null ? nameof(calendar) : nameof(ids));
            }

            var all = new CalendarEvent?[ids.Count];
            if (ids.Count == 0)
            {
                return all;
            }

            var resolved = await ResolveAsync(calendar, cancellationToken).ConfigureAwait(false);
            var names = properties ?? Array.Empty<string>();
            var steps = ids.Select(id => new GraphStep(eventRequests.GetEvent(calendar.Mailbox, id, "UTC", Expand(names, exceptions: true)), $"Cannot read the event {id} of {calendar.DisplayText}", NotFoundMeans.Item)).ToList();
            await gateway.ExecuteAsync(steps, cancellationToken).ConfigureAwait(false);
            for (var n = 0; n < steps.Count; n++)
            {
                var step = steps[n];
                if (!step.IsSuccess)
                {
                    if (step.Error?.Code == BackendErrorCode.ItemNotFound)
                    {
                        continue;
                    }

                    throw new BackendException(step.Error ?? Unexpected(step));
                }

                var e = await step.ParseAsync(GraphEvent.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                all[n] = e == null ? null : GraphEventMapping.ToModel(e, calendar.Mailbox, resolved.Name, null, names);
            }

            return all;
        }

        public async Task<IReadOnlyList<EventWriteResult>> WriteEventsAsync(CalendarAddress calendar, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken)
        {
            if (calendar is null || writes is null)
            {
                throw new ArgumentNullException(calendar is null ? nameof(calendar) : nameof(writes));
            }

            var results = new EventWriteResult?[writes.Count];
            if (writes.Count == 0)
            {
                return Array.Empty<EventWriteResult>();
            }

            var resolved = await ResolveAsync(calendar, cancellationToken).ConfigureAwait(false);
            var steps = new List<(int Index, GraphStep Step)>();
            for (var n = 0; n < writes.Count; n++)
            {
                var w = writes[n];
                switch (w.Kind)
                {
                    case EventWriteKind.Create:
                        var body = GraphEventMapping.ToGraph(w.Draft!, create: true, w.Draft!.Properties);
                        steps.Add((n, new GraphStep(eventRequests.CreateEvent(calendar.Mailbox, resolved.Id, body, "UTC"), $"Cannot create the event '{w.Draft.Subject}' in {calendar.DisplayText}", resolved.Id == null ? NotFoundMeans.Mailbox : NotFoundMeans.Calendar)));
                        break;
                    case EventWriteKind.Update:
                        if (w.Draft!.TimeZone == null && (w.Draft.Start.HasValue || w.Draft.End.HasValue || w.Draft.Recurrence != null))
                        {
                            // New times without a zone keep the event's own, which only a read tells: the one-event path does it.
                            results[n] = await OneAsync(() => UpdateEventAsync(calendar, w.Id!, w.ExpectedVersion, w.Draft, cancellationToken)).ConfigureAwait(false);
                            break;
                        }

                        var patch = GraphEventMapping.ToGraph(w.Draft, create: false, w.Draft.Properties);
                        steps.Add((n, new GraphStep(eventRequests.PatchEvent(calendar.Mailbox, w.Id!, patch, w.ExpectedVersion == null ? null : GraphEventMapping.IfMatch(w.ExpectedVersion), "UTC"), $"Cannot change the event {w.Id} of {calendar.DisplayText}", NotFoundMeans.Item)));
                        break;
                    default:
                        steps.Add((n, new GraphStep(eventRequests.DeleteEvent(calendar.Mailbox, w.Id!), $"Cannot remove the event {w.Id} from {calendar.DisplayText}", NotFoundMeans.Item)));
                        break;
                }
            }

            await gateway.ExecuteAsync(steps.Select(s => s.Step).ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var (n, step) in steps)
            {
                var w = writes[n];
                if (step.IsSuccess)
                {
                    var e = w.Kind == EventWriteKind.Delete ? null : await step.ParseAsync(GraphEvent.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                    results[n] = w.Kind == EventWriteKind.Delete ? new EventWriteResult(w.Id, null)
                        : e?.Id == null ? new EventWriteResult(new BackendError(BackendErrorCode.ServerFault, step.What + ": Graph answered without the event."))
                        : new EventWriteResult(e.Id, GraphEventMapping.ToModel(e, calendar.Mailbox, resolved.Name, null, Array.Empty<string>()).Version);
                }
                else if (w.Kind == EventWriteKind.Delete && step.Error?.Code == BackendErrorCode.ItemNotFound)
                {
                    results[n] = new EventWriteResult(w.Id, null) { WasMissing = true };
                }
                else if (w.Kind == EventWriteKind.Create && w.Draft!.TransactionId != null && step.Error?.ServerCode?.StartsWith("ErrorDuplicateTransactionId", StringComparison.OrdinalIgnoreCase) == true)
                {
                    // The transaction was made before (a lost answer, a killed pass): the one-event path finds what it made.
                    results[n] = await OneAsync(() => CreateEventAsync(calendar, w.Draft, cancellationToken)).ConfigureAwait(false);
                }
                else
                {
                    results[n] = new EventWriteResult(step.Error ?? Unexpected(step));
                }
            }

            return results.Select(r => r!).ToList();
        }

        private static async Task<EventWriteResult> OneAsync(Func<Task<CalendarEvent>> write)
        {
            try
            {
                var e = await write().ConfigureAwait(false);
                return new EventWriteResult(e.Id, e.Version);
            }
            catch (BackendException ex) when (ex.Error.Code != BackendErrorCode.Connection && ex.Error.Code != BackendErrorCode.Authentication)
            {
                return new EventWriteResult(ex.Error);
            }
        }
    }
}
