using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Events
{
    /// <summary>
    /// What Get-, New- and Remove-CalendarEvent do. Reads cover the whole window whatever the protocol's cap
    /// (<see cref="EventWindowReader"/>). Creates are idempotent: each carries a transaction id made from the row, an
    /// event that already has it makes the row Unchanged, and a create whose answer was lost (a transient failure after
    /// it was sent) is looked for by that id before it is sent again, so exactly one event exists. Removes read the event
    /// first (the -Confirm text names it; a missing one is Unchanged). A bad row is an error naming the row; the others
    /// still run; calendars run concurrently and output follows the input.
    /// </summary>
    public sealed class EventCommands
    {
        private readonly ICalendarEventBackend backend;
        private readonly int maxConcurrency;

        public EventCommands(ICalendarEventBackend backend, int maxConcurrency = 4)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
            this.maxConcurrency = Math.Max(1, maxConcurrency);
        }

        /// <summary>Bounds on sending a create again after a transient failure.</summary>
        public RetryOptions Retry { get; set; } = new RetryOptions { MaxAttempts = 4 };

        /// <summary>The events of each row's calendar in the window, sorted by start.</summary>
        public async Task GetAsync(IReadOnlyList<EventReadRequest> rows, EventReadQuery query, IOutputSink sink, CancellationToken cancellationToken)
        {
            if (!Availability.AvailabilityCommands.TryZone(query.TimeZone, sink, out var zone, out var zoneId)
                || !Availability.AvailabilityCommands.CheckWindow(query.Start, query.End, sink))
            {
                return;
            }

            // One zone for every row, as -TimeZone's help says (this computer's when not given): a table that mixed each
            // event's own zone would show a Pacific meeting at 08:00 beside a Berlin one at 10:00. Each event's own zone
            // stays in its TimeZone property.
            var shown = zone;
            var valid = new List<(EventReadRequest Row, CalendarAddress Address)>();
            foreach (var row in rows)
            {
                var address = ParseAddress(row.Mailbox, row.Calendar, row.Row, row.Source ?? row.Mailbox ?? (object)row, sink);
                if (address != null)
                {
                    valid.Add((row, address));
                }
            }

            var progress = new ProgressReporter(sink, "Reading calendar events", valid.Count);
            var emitter = new OrderedEmitter(valid.Count);
            await BulkRunner.RunAsync(
                Enumerable.Range(0, valid.Count).ToList(),
                maxConcurrency,
                async (i, token) =>
                {
                    var (row, address) = valid[i];
                    var writes = new List<Action>();
                    try
                    {
                        var result = await EventWindowReader.ReadAsync(
                            (s, e, t) => backend.ReadWindowAsync(
                                new EventWindowQuery(address, s, e) { AsSeries = query.AsSeries, TimeZone = shown is null ? null : zoneId, IncludeBody = true },
                                t),
                            query.Start,
                            query.End,
                            token).ConfigureAwait(false);
                        var line = $"{address.DisplayText}: {result.Events.Count} event(s) from {Text(query.Start)} to {Text(query.End)} in {result.Reads} read(s).";
                        writes.Add(() => sink.WriteVerbose(line));
                        if (result.Incomplete)
                        {
                            var warning = Texts.Format(nameof(Texts.Warning_EventWindowIncomplete), address.DisplayText);
                            writes.Add(() => sink.WriteWarning(warning));
                        }

                        foreach (var ev in result.Events)
                        {
                            // An all-day event is a day of its own calendar, wherever it is read (as Outlook shows it).
                            if (shown != null && !ev.IsAllDay)
                            {
                                ev.Start = TimeZoneInfo.ConvertTime(ev.Start, shown);
                                ev.End = TimeZoneInfo.ConvertTime(ev.End, shown);
                            }

                            writes.Add(() => sink.WriteObject(ev));
                        }
                    }
                    catch (BackendException ex)
                    {
                        var error = ErrorCatalog.FromBackend(ex.Error, ErrorFamily.Events, Ref(row.Row, row.Source, address, null), ex);
                        writes.Add(() => sink.WriteError(error));
                    }

                    emitter.Complete(i, writes);
                    progress.Advance(1);
                },
                (i, ex) =>
                {
                    var error = ErrorCatalog.Unexpected(ex, valid[i].Row.Row, valid[i].Row.Source ?? valid[i].Address.Mailbox, valid[i].Address.DisplayText, null);
                    emitter.Complete(i, new List<Action> { () => sink.WriteError(error) });
                    progress.Advance(1);
                },
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
        }

        /// <summary>Creates each row's event (Added), or finds the one an earlier run of the same row made (Unchanged).</summary>
        public async Task NewAsync(IReadOnlyList<EventWriteRequest> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            // One output slot per row, so results (and the errors of bad rows) come out in input order.
            var progress = new ProgressReporter(sink, "Creating calendar events", rows.Count);
            var emitter = new OrderedEmitter(rows.Count);
            var approved = new List<(int Slot, PendingCreate Row)>();
            for (var i = 0; i < rows.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var buffer = new RowBuffer(sink);
                var pending = ParseCreate(rows[i], buffer);
                if (pending == null)
                {
                    emitter.Complete(i, buffer.Writes);
                    progress.Advance(1);
                    continue;
                }

                var action = Texts.Format(nameof(Texts.ShouldProcess_NewEvent), pending.Draft.Subject, Text(pending.Draft.Start!.Value), Text(pending.Draft.End!.Value), pending.Draft.TimeZone);
                if (sink.ShouldProcess(pending.Address.DisplayText, action))
                {
                    approved.Add((i, pending));
                }
                else
                {
                    emitter.Complete(i, new List<Action>());
                    progress.Advance(1);
                }
            }

            await BulkRunner.RunAsync(
                approved,
                maxConcurrency,
                async (item, token) =>
                {
                    var writes = await CreateOneAsync(item.Row, sink, token).ConfigureAwait(false);
                    emitter.Complete(item.Slot, writes);
                    progress.Advance(1);
                },
                (item, ex) =>
                {
                    var p = item.Row;
                    var error = ErrorCatalog.Unexpected(ex, p.Row.Row, p.Row.Source ?? p.Address.Mailbox, p.Address.DisplayText, p.Draft.Subject);
                    emitter.Complete(item.Slot, new List<Action> { () => Report(sink, p.Row, p.Address, error) });
                    progress.Advance(1);
                },
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
        }

        /// <summary>Removes each row's event (Removed); one that is not there is Unchanged.</summary>
        public async Task RemoveAsync(IReadOnlyList<EventWriteRequest> rows, IOutputSink sink, CancellationToken cancellationToken)
        {
            var progress = new ProgressReporter(sink, "Removing calendar events", rows.Count);
            var emitter = new OrderedEmitter(rows.Count);
            var parsed = new List<PendingRemove>();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var buffer = new RowBuffer(sink);
                var address = ParseAddress(row.Mailbox, row.Calendar, row.Row, row.Source ?? row.Mailbox ?? (object)row, buffer, writeResult: true, row: row);
                if (address != null && string.IsNullOrWhiteSpace(row.Id))
                {
                    Report(buffer, row, address, ErrorCatalog.InvalidRow(ErrorIds.MissingEventId, row.Row, row.Source ?? row, address.DisplayText, null, Texts.Error_MissingEventId, Texts.Advice_MissingEventId));
                    address = null;
                }

                if (address is null)
                {
                    emitter.Complete(i, buffer.Writes);
                    progress.Advance(1);
                    continue;
                }

                parsed.Add(new PendingRemove(i, row, address, row.Id!.Trim()));
            }

            // 1. Read each event, so -Confirm names it and a missing one is Unchanged without asking.
            await BulkRunner.RunAsync(
                parsed,
                maxConcurrency,
                async (p, token) =>
                {
                    try
                    {
                        p.Event = await backend.GetEventAsync(p.Address, p.Id, null, token).ConfigureAwait(false);
                    }
                    catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.ItemNotFound)
                    {
                        p.Event = null;
                    }
                    catch (BackendException ex)
                    {
                        p.Failure = ErrorCatalog.FromBackend(ex.Error, ErrorFamily.Events, Ref(p.Row.Row, p.Row.Source, p.Address, p.Row.Subject), ex);
                    }
                },
                (p, ex) => p.Failure = ErrorCatalog.Unexpected(ex, p.Row.Row, p.Row.Source ?? p.Address.Mailbox, p.Address.DisplayText, null),
                cancellationToken).ConfigureAwait(false);

            // 2. -WhatIf / -Confirm in input order, now that the event is known.
            var approved = new List<PendingRemove>();
            foreach (var p in parsed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (p.Failure != null)
                {
                    var failure = p.Failure;
                    emitter.Complete(p.Slot, new List<Action> { () => Report(sink, p.Row, p.Address, failure) });
                    progress.Advance(1);
                    continue;
                }

                if (p.Event is null)
                {
                    var output = new CalendarEventResult(p.Address.Mailbox, CalendarName(p.Address, null), ShareAction.Unchanged)
                    {
                        Id = p.Id,
                        Subject = p.Row.Subject,
                        Row = p.Row.Row,
                        Message = Texts.Format(nameof(Texts.Message_EventNotThere), p.Address.DisplayText),
                    };
                    emitter.Complete(p.Slot, new List<Action> { () => sink.WriteObject(output) });
                    progress.Advance(1);
                    continue;
                }

                var action = Texts.Format(nameof(Texts.ShouldProcess_RemoveEvent), p.Event.Subject, Text(p.Event.Start));
                if (sink.ShouldProcess(p.Address.DisplayText, action))
                {
                    approved.Add(p);
                }
                else
                {
                    emitter.Complete(p.Slot, new List<Action>());
                    progress.Advance(1);
                }
            }

            // 3. Delete.
            await BulkRunner.RunAsync(
                approved,
                maxConcurrency,
                async (p, token) =>
                {
                    var writes = new List<Action>();
                    try
                    {
                        var removed = await backend.DeleteEventAsync(p.Address, p.Id, token).ConfigureAwait(false);
                        var output = new CalendarEventResult(p.Address.Mailbox, CalendarName(p.Address, p.Event), removed ? ShareAction.Removed : ShareAction.Unchanged)
                        {
                            Id = p.Id,
                            Subject = p.Event!.Subject,
                            Start = p.Event.Start,
                            End = p.Event.End,
                            Row = p.Row.Row,
                            Message = removed ? null : Texts.Format(nameof(Texts.Message_EventNotThere), p.Address.DisplayText),
                        };
                        var line = $"{p.Address.DisplayText}: event '{p.Event.Subject}' ({Text(p.Event.Start)}) {output.Action}.";
                        writes.Add(() =>
                        {
                            sink.WriteVerbose(line);
                            sink.WriteObject(output);
                        });
                    }
                    catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.ItemNotFound)
                    {
                        var output = new CalendarEventResult(p.Address.Mailbox, CalendarName(p.Address, p.Event), ShareAction.Unchanged) { Id = p.Id, Subject = p.Event!.Subject, Row = p.Row.Row };
                        writes.Add(() => sink.WriteObject(output));
                    }
                    catch (BackendException ex)
                    {
                        var error = ErrorCatalog.FromBackend(ex.Error, ErrorFamily.Events, Ref(p.Row.Row, p.Row.Source, p.Address, p.Event!.Subject), ex);
                        writes.Add(() => Report(sink, p.Row, p.Address, error));
                    }

                    emitter.Complete(p.Slot, writes);
                    progress.Advance(1);
                },
                (p, ex) =>
                {
                    var error = ErrorCatalog.Unexpected(ex, p.Row.Row, p.Row.Source ?? p.Address.Mailbox, p.Address.DisplayText, null);
                    emitter.Complete(p.Slot, new List<Action> { () => Report(sink, p.Row, p.Address, error) });
                    progress.Advance(1);
                },
                cancellationToken).ConfigureAwait(false);
            progress.Complete();
        }

        // ------------------------------------------------------------------ create

        private async Task<List<Action>> CreateOneAsync(PendingCreate p, IOutputSink sink, CancellationToken cancellationToken)
        {
            var writes = new List<Action>();
            var draft = p.Draft;
            var where = p.Address.DisplayText;
            try
            {
                // An earlier run of this row made the event already: nothing to do.
                var existing = await backend.FindByTransactionIdAsync(p.Address, draft.TransactionId!, draft.Start!.Value, draft.End!.Value, cancellationToken).ConfigureAwait(false);
                if (existing != null)
                {
                    var same = Result(p, existing, ShareAction.Unchanged, Texts.Format(nameof(Texts.Message_EventExists), draft.TransactionId));
                    writes.Add(() =>
                    {
                        sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_EventExists), where, draft.Subject, draft.TransactionId));
                        sink.WriteObject(same);
                    });
                    return writes;
                }

                var budget = new RetryBudget(Retry);
                while (true)
                {
                    try
                    {
                        var created = await backend.CreateEventAsync(p.Address, draft, cancellationToken).ConfigureAwait(false);
                        var added = Result(p, created, ShareAction.Added, null);
                        writes.Add(() =>
                        {
                            sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_EventCreated), where, draft.Subject, Text(created.Start)));
                            sink.WriteObject(added);
                        });
                        return writes;
                    }
                    catch (BackendException ex) when (MayHaveBeenMade(ex.Error.Code))
                    {
                        // The answer may have been lost after the server made the event (a dropped connection, a timeout,
                        // a 5xx from a proxy): look for it by its transaction id before sending it again.
                        var found = await backend.FindByTransactionIdAsync(p.Address, draft.TransactionId!, draft.Start!.Value, draft.End!.Value, cancellationToken).ConfigureAwait(false);
                        if (found != null)
                        {
                            var added = Result(p, found, ShareAction.Added, null);
                            writes.Add(() =>
                            {
                                sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_EventAnswerLost), where, draft.Subject, ex.Error.Code));
                                sink.WriteObject(added);
                            });
                            return writes;
                        }

                        if (!budget.TryNextAttempt(null, out var delay))
                        {
                            throw;
                        }

                        writes.Add(() => sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_EventResending), where, draft.Subject, ex.Error.Code)));
                        await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (BackendException ex)
            {
                var error = ErrorCatalog.FromBackend(ex.Error, ErrorFamily.Events, Ref(p.Row.Row, p.Row.Source, p.Address, draft.Subject), ex);
                writes.Add(() => Report(sink, p.Row, p.Address, error));
                return writes;
            }
        }

        /// <summary>
        /// Failures after which the create may have run on the server: the connection dropped (the request may have been
        /// sent), a transient fault or throttling (a retry is due). Refusals of the request itself are not retried.
        /// </summary>
        private static bool MayHaveBeenMade(BackendErrorCode code) =>
            code == BackendErrorCode.Connection || code == BackendErrorCode.Transient || code == BackendErrorCode.Throttled;

        private static CalendarEventResult Result(PendingCreate p, CalendarEvent ev, ShareAction action, string? message) =>
            new CalendarEventResult(p.Address.Mailbox, CalendarName(p.Address, ev), action)
            {
                Id = ev.Id,
                Subject = ev.Subject ?? p.Draft.Subject,
                Start = ev.Start,
                End = ev.End,
                Event = ev,
                Row = p.Row.Row,
                Message = message,
            };

        private static PendingCreate? ParseCreate(EventWriteRequest row, IOutputSink sink)
        {
            var address = ParseAddress(row.Mailbox, row.Calendar, row.Row, row.Source ?? row.Mailbox ?? (object)row, sink, writeResult: true, row: row);
            if (address is null)
            {
                return null;
            }

            var where = address.DisplayText;
            var target = row.Source ?? row;
            var subject = (row.Subject ?? string.Empty).Trim();
            if (subject.Length == 0)
            {
                Report(sink, row, address, ErrorCatalog.InvalidRow(ErrorIds.MissingSubject, row.Row, target, where, null, Texts.Error_MissingSubject, Texts.Advice_MissingSubject));
                return null;
            }

            TimeZoneInfo zone;
            string zoneId;
            try
            {
                var name = string.IsNullOrWhiteSpace(row.TimeZone) ? LocalZoneName() : row.TimeZone!;
                zone = TimeZoneNames.Find(name);
                zoneId = TimeZoneNames.ToWindows(name);
            }
            catch (FormatException ex)
            {
                Report(sink, row, address, ErrorCatalog.InvalidRow(ErrorIds.InvalidTimeZone, row.Row, target, where, Quote(subject), ex.Message, Texts.Advice_InvalidTimeZone));
                return null;
            }

            if (row.Start is null)
            {
                Report(sink, row, address, ErrorCatalog.InvalidRow(ErrorIds.InvalidEventWindow, row.Row, target, where, Quote(subject), Texts.Error_MissingStart, Texts.Advice_InvalidEventWindow));
                return null;
            }

            DateTimeOffset start;
            DateTimeOffset end;
            if (row.AllDay)
            {
                // An all-day event runs from midnight to midnight of its own zone; End names the last day (or the next midnight).
                var firstDay = EventTimes.Resolve(row.Start.Value, zone).Date;
                start = EventTimes.Midnight(firstDay, zone);
                var lastDay = row.End.HasValue ? EventTimes.Resolve(row.End.Value, zone) : start;
                var endDay = lastDay.TimeOfDay == TimeSpan.Zero && lastDay > start ? lastDay.Date : lastDay.Date.AddDays(1);
                end = EventTimes.Midnight(endDay, zone);
            }
            else
            {
                start = EventTimes.Resolve(row.Start.Value, zone);
                end = row.End.HasValue ? EventTimes.Resolve(row.End.Value, zone) : start.AddMinutes(30);
            }

            if (end <= start)
            {
                Report(sink, row, address, ErrorCatalog.InvalidRow(ErrorIds.InvalidEventWindow, row.Row, target, where, Quote(subject), Texts.Format(nameof(Texts.Error_InvalidEventWindow), Text(start), Text(end)), Texts.Advice_InvalidEventWindow));
                return null;
            }

            var attendees = new List<EventAttendee>();
            foreach (var a in SplitList(row.Attendees))
            {
                var text = a.Trim();
                if (text.IndexOf('@') <= 0 || text.IndexOfAny(new[] { ' ', ',', ';', '<', '>' }) >= 0)
                {
                    Report(sink, row, address, ErrorCatalog.InvalidRow(ErrorIds.InvalidMailbox, row.Row, target, where, Quote(subject), Texts.Format(nameof(Texts.Error_InvalidAttendee), text), Texts.Advice_InvalidMailbox));
                    return null;
                }

                attendees.Add(new EventAttendee(text));
            }

            var draft = new EventDraft
            {
                Subject = subject,
                Location = string.IsNullOrWhiteSpace(row.Location) ? null : row.Location!.Trim(),
                Body = string.IsNullOrEmpty(row.Body) ? null : row.Body,
                BodyType = string.IsNullOrEmpty(row.Body) ? null : row.BodyType,
                Start = start,
                End = end,
                TimeZone = zoneId,
                IsAllDay = row.AllDay,
                ShowAs = row.ShowAs ?? (row.AllDay ? EventShowAs.Free : EventShowAs.Busy),
                Sensitivity = row.Private ? EventSensitivity.Private : EventSensitivity.Normal,
                Categories = SplitList(row.Categories, commas: false).ToList(),
                Attendees = attendees,
                SendInvitations = row.SendInvitation,
                TransactionId = TransactionIds.For(address.Mailbox, address.CalendarName ?? address.FolderId, subject, start, end, row.AllDay),
            };
            return new PendingCreate(row, address, draft);
        }

        // ------------------------------------------------------------------ helpers

        /// <summary>List values as given, or one CSV cell holding several ("a@x; b@x"): split on ';' (and ',' for addresses).</summary>
        private static IEnumerable<string> SplitList(IEnumerable<string> values, bool commas = true) =>
            values.Where(v => !string.IsNullOrWhiteSpace(v))
                .SelectMany(v => v.Split(commas ? new[] { ';', ',' } : new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
                .Select(v => v.Trim())
                .Where(v => v.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase);

        private static CalendarAddress? ParseAddress(string? mailbox, string? calendar, int? rowNumber, object target, IOutputSink sink, bool writeResult = false, EventWriteRequest? row = null)
        {
            if (string.IsNullOrWhiteSpace(mailbox))
            {
                var error = ErrorCatalog.InvalidRow(ErrorIds.MissingMailbox, rowNumber, target, null, null, Texts.Error_MissingMailbox, Texts.Advice_MissingMailbox);
                if (writeResult && row != null)
                {
                    Report(sink, row, null, error);
                }
                else
                {
                    sink.WriteError(error);
                }

                return null;
            }

            try
            {
                return CalendarAddress.Parse(mailbox!, calendar);
            }
            catch (FormatException ex)
            {
                var error = ErrorCatalog.InvalidRow(ErrorIds.InvalidMailbox, rowNumber, target, mailbox!.Trim(), null, ex.Message, Texts.Advice_InvalidMailbox);
                if (writeResult && row != null)
                {
                    Report(sink, row, null, error);
                }
                else
                {
                    sink.WriteError(error);
                }

                return null;
            }
        }

        /// <summary>A failed row: its error, then its result saying Failed (so a CSV run's results line up with its rows).</summary>
        private static void Report(IOutputSink sink, EventWriteRequest row, CalendarAddress? address, OperationError error)
        {
            sink.WriteError(error);
            sink.WriteObject(new CalendarEventResult(address?.Mailbox ?? row.Mailbox?.Trim() ?? string.Empty, address is null ? (row.Calendar ?? "Calendar") : CalendarName(address, null), ShareAction.Failed)
            {
                Id = row.Id,
                Subject = row.Subject,
                Row = row.Row,
                Message = error.Message,
            });
        }

        private static RowRef Ref(int? row, object? source, CalendarAddress address, string? subject) =>
            new RowRef(row, source ?? address.Mailbox, address.DisplayText, Quote(subject));

        private static string? Quote(string? subject) => string.IsNullOrWhiteSpace(subject) ? null : "'" + subject!.Trim() + "'";

        /// <summary>"Calendar" for the default calendar (whatever its language), else the name or id the row gave.</summary>
        private static string CalendarName(CalendarAddress address, CalendarEvent? ev) =>
            address.IsDefaultCalendar ? "Calendar" : address.CalendarName ?? address.FolderId ?? ev?.Calendar ?? "Calendar";

        internal static string LocalZoneName() =>
            TimeZoneNames.IsKnown(TimeZoneInfo.Local.Id) ? TimeZoneInfo.Local.Id : "UTC";

        private static string Text(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        private sealed class PendingCreate
        {
            public PendingCreate(EventWriteRequest row, CalendarAddress address, EventDraft draft)
            {
                Row = row;
                Address = address;
                Draft = draft;
            }

            public EventWriteRequest Row { get; }

            public CalendarAddress Address { get; }

            public EventDraft Draft { get; }
        }

        private sealed class PendingRemove
        {
            public PendingRemove(int slot, EventWriteRequest row, CalendarAddress address, string id)
            {
                Slot = slot;
                Row = row;
                Address = address;
                Id = id;
            }

            public int Slot { get; }

            public EventWriteRequest Row { get; }

            public CalendarAddress Address { get; }

            public string Id { get; }

            public CalendarEvent? Event { get; set; }

            public OperationError? Failure { get; set; }
        }

        /// <summary>
        /// Holds a row's writes (its error, its Failed result) so they take the row's place in the output; ShouldProcess and
        /// progress go straight through.
        /// </summary>
        private sealed class RowBuffer : IOutputSink
        {
            private readonly IOutputSink inner;

            public RowBuffer(IOutputSink inner)
            {
                this.inner = inner;
            }

            public List<Action> Writes { get; } = new List<Action>();

            public void WriteObject(object item) => Writes.Add(() => inner.WriteObject(item));

            public void WriteError(OperationError error) => Writes.Add(() => inner.WriteError(error));

            public void WriteWarning(string message) => Writes.Add(() => inner.WriteWarning(message));

            public void WriteVerbose(string message) => Writes.Add(() => inner.WriteVerbose(message));

            public void WriteDebug(string message) => Writes.Add(() => inner.WriteDebug(message));

            public void WriteProgress(ProgressInfo progress) => inner.WriteProgress(progress);

            public bool ShouldProcess(string target, string action) => inner.ShouldProcess(target, action);
        }
    }
}
