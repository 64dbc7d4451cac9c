using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// The batched Events capability over EWS: GetItem, CreateItem, UpdateItem and DeleteItem each carry many items in
    /// one request and answer one response message per item, in order
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-process-email-messages-in-batches-by-using-ews-in-exchange
    /// shows the same shape for items of any kind). Chunks of <see cref="WriteBatch"/> keep each request well under
    /// EWS's default MaxRequestSize and the throttling policy's per-request budget.
    /// </summary>
    public sealed partial class EwsEventBackend : ICalendarEventBatchBackend
    {
        /// <summary>Items one CreateItem/UpdateItem/DeleteItem request carries at most.</summary>
        private const int WriteBatch = 100;

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

            var names = properties ?? Array.Empty<string>();
            var name = CalendarName(calendar);
            var answers = await GetItemsAsync(calendar.Mailbox, ids.Select(id => EwsItemReference.Item(id)).ToList(), FullShape(names), cancellationToken).ConfigureAwait(false);
            var masters = new List<(CalendarEvent Event, EwsCalendarItem Item)>();
            var occurrences = new List<(CalendarEvent Event, EwsCalendarItem Item)>();
            for (var n = 0; n < ids.Count; n++)
            {
                var answer = answers[n];
                if (!answer.IsSuccess)
                {
                    if (IsNoSuchItem(answer.Message.ResponseCode))
                    {
                        continue;
                    }

                    throw ItemFailure(answer.Message, $"Cannot read the event {ids[n]} of {calendar.DisplayText}");
                }

                var e = ToEvent(answer.Value!, calendar, name, null);
                all[n] = e;
                if (e.Kind == EventKind.SeriesMaster)
                {
                    masters.Add((e, answer.Value!));
                }
                else if (e.Kind == EventKind.Occurrence || e.Kind == EventKind.Exception)
                {
                    occurrences.Add((e, answer.Value!));
                }
            }

            // Every master's exceptions in one GetItem, every occurrence's master id in another (when there are any).
            await FillExceptionsAsync(calendar, masters, names, null, cancellationToken).ConfigureAwait(false);
            if (occurrences.Count > 0)
            {
                var map = await MasterIdsAsync(calendar, occurrences.Select(o => o.Item).ToList(), cancellationToken).ConfigureAwait(false);
                foreach (var (e, _) in occurrences)
                {
                    e.SeriesMasterId = map.TryGetValue(SeriesKey(e.ICalUId, e.Id), out var master) ? master : null;
                }
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
            var creates = new List<int>();
            var updates = new List<int>();
            var deletes = new List<int>();
            for (var n = 0; n < writes.Count; n++)
            {
                (writes[n].Kind == EventWriteKind.Create ? creates : writes[n].Kind == EventWriteKind.Update ? updates : deletes).Add(n);
            }

            if (creates.Count > 0)
            {
                await CreateAllAsync(calendar, writes, creates, results, cancellationToken).ConfigureAwait(false);
            }

            if (updates.Count > 0)
            {
                await UpdateAllAsync(calendar, writes, updates, results, cancellationToken).ConfigureAwait(false);
            }

            for (var offset = 0; offset < deletes.Count; offset += WriteBatch)
            {
                var chunk = deletes.Skip(offset).Take(WriteBatch).ToList();
                var delete = new DeleteItemOperation(chunk.Select(n => writes[n].Id!).ToList()) { TargetMailbox = calendar.Mailbox };
                var messages = await RunAsync(delete, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < chunk.Count; i++)
                {
                    var m = messages[i];
                    var id = writes[chunk[i]].Id;
                    results[chunk[i]] = m.IsSuccess ? new EventWriteResult(id, null)
                        : IsNoSuchItem(m.ResponseCode) ? new EventWriteResult(id, null) { WasMissing = true }
                        : new EventWriteResult(ItemFailure(m, $"Cannot delete the event {id} of {calendar.DisplayText}").Error);
                }
            }

            return results.Select(r => r!).ToList();
        }

        private async Task CreateAllAsync(CalendarAddress calendar, IReadOnlyList<EventWrite> writes, List<int> creates, EventWriteResult?[] results, CancellationToken cancellationToken)
        {
            var folder = await LocateAsync(calendar, cancellationToken).ConfigureAwait(false);
            var ready = new List<(int Index, CreateItemOperation Item)>();
            foreach (var n in creates)
            {
                var draft = writes[n].Draft!;
                if (!draft.Start.HasValue || !draft.End.HasValue || draft.End.Value < draft.Start.Value)
                {
                    results[n] = new EventWriteResult(Invalid($"The event '{draft.Subject}' in {calendar.DisplayText} needs a start and an end after it.").Error);
                    continue;
                }

                try
                {
                    var (zone, zoneId) = Zone(draft.TimeZone ?? "UTC");
                    var properties = new Dictionary<string, string>(draft.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                    if (!string.IsNullOrEmpty(draft.TransactionId))
                    {
                        properties[TransactionIdProperty] = draft.TransactionId!;
                    }

                    ready.Add((n, new CreateItemOperation(folder, draft, zone, zoneId, LegacyZones, properties)));
                }
                catch (BackendException ex)
                {
                    results[n] = new EventWriteResult(ex.Error);
                }
            }

            for (var offset = 0; offset < ready.Count; offset += WriteBatch)
            {
                var chunk = ready.Skip(offset).Take(WriteBatch).ToList();
                var op = new CreateItemsOperation(folder, chunk.Select(c => c.Item).ToList()) { TargetMailbox = calendar.Mailbox };
                var answers = await RunAsync(op, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < chunk.Count; i++)
                {
                    var a = answers[i];
                    results[chunk[i].Index] = a.IsSuccess
                        ? new EventWriteResult(a.Value!.Id, a.Value.ChangeKey)
                        : new EventWriteResult(ItemFailure(a.Message, $"Cannot create the event '{chunk[i].Item.Draft.Subject}' in {calendar.DisplayText}").Error);
                }
            }
        }

        private async Task UpdateAllAsync(CalendarAddress calendar, IReadOnlyList<EventWrite> writes, List<int> updates, EventWriteResult?[] results, CancellationToken cancellationToken)
        {
            // The server needs a current ChangeKey on every write: one GetItem for the updates that bring none (and for new
            // times without a zone, which keep the item's own).
            var unknown = updates.Where(n => writes[n].ExpectedVersion == null || (writes[n].Draft!.Recurrence != null && writes[n].Draft!.TimeZone == null)).ToList();
            var current = new Dictionary<int, EwsCalendarItem>();
            if (unknown.Count > 0)
            {
                var shape = EwsCalendarXml.Shape(Array.Empty<string>(), Array.Empty<string>(), false, ZoneField);
                var answers = await GetItemsAsync(calendar.Mailbox, unknown.Select(n => EwsItemReference.Item(writes[n].Id!)).ToList(), shape, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < unknown.Count; i++)
                {
                    if (answers[i].IsSuccess)
                    {
                        current[unknown[i]] = answers[i].Value!;
                    }
                    else
                    {
                        results[unknown[i]] = new EventWriteResult(ItemFailure(answers[i].Message, $"Cannot change the event {writes[unknown[i]].Id} of {calendar.DisplayText}").Error);
                    }
                }
            }

            // One request per conflict resolution: writes that expect a version must not overwrite another writer's edit.
            foreach (var group in updates.Where(n => results[n] == null).GroupBy(n => writes[n].ExpectedVersion != null ? "NeverOverwrite" : "AlwaysOverwrite"))
            {
                var ready = new List<(int Index, UpdateItemOperation Change)>();
                foreach (var n in group)
                {
                    var w = writes[n];
                    var changes = w.Draft!;
                    current.TryGetValue(n, out var now);
                    try
                    {
                        var (zone, zoneId) = Zone(changes.TimeZone ?? now?.TimeZone ?? "UTC");
                        var properties = new Dictionary<string, string>(changes.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                        var change = new UpdateItemOperation(new EwsItemId(w.Id!, w.ExpectedVersion ?? now!.ItemId.ChangeKey), group.Key, changes, zone, changes.TimeZone == null ? null : zoneId, LegacyZones, properties);
                        if (change.Updates().Count == 0)
                        {
                            results[n] = new EventWriteResult(w.Id, w.ExpectedVersion ?? now!.ItemId.ChangeKey);
                            continue;
                        }

                        ready.Add((n, change));
                    }
                    catch (BackendException ex)
                    {
                        results[n] = new EventWriteResult(ex.Error);
                    }
                }

                for (var offset = 0; offset < ready.Count; offset += WriteBatch)
                {
                    var chunk = ready.Skip(offset).Take(WriteBatch).ToList();
                    var op = new UpdateItemsOperation(group.Key, chunk.Select(c => c.Change).ToList()) { TargetMailbox = calendar.Mailbox };
                    var answers = await RunAsync(op, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < chunk.Count; i++)
                    {
                        var a = answers[i];
                        results[chunk[i].Index] = a.IsSuccess
                            ? new EventWriteResult(a.Value!.Id, a.Value.ChangeKey)
                            : new EventWriteResult(ItemFailure(a.Message, $"Cannot change the event {writes[chunk[i].Index].Id} of {calendar.DisplayText}").Error);
                    }
                }
            }
        }
    }
}
