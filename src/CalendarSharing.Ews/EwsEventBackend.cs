using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// The Events capability over EWS: FindItem with a CalendarView for windows (occurrences expanded, cut at the view's
    /// cap, which <see cref="EventWindowRead.IsTruncated"/> reports so Core splits the window), GetItem for series masters
    /// with their exceptions and extended properties, Create/Update/DeleteItem that never send meeting mail unless asked.
    /// A create stamps its transaction id as an extended property; <see cref="FindByTransactionIdAsync"/> finds it, since
    /// EWS has no idempotent create. Times go to the server in UTC with the event's Windows zone id beside them, and come
    /// back as DateTimeOffset in the event's own zone. Also the Availability capability (EwsEventBackend.Availability.cs).
    /// </summary>
    public sealed partial class EwsEventBackend : ICalendarEventBackend
    {
        /// <summary>The extended property a create's transaction id is stamped in.</summary>
        public const string TransactionIdProperty = "CalendarSharing.TransactionId";

        /// <summary>EWSFindCountLimit's default: a calendar view never returns more (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange).</summary>
        public const int CalendarViewCap = 1000;

        /// <summary>A calendar view may span at most two years (ErrorCalendarViewRangeTooBig, https://learn.microsoft.com/exchange/client-developer/web-service-reference/responsecode).</summary>
        private static readonly TimeSpan MaxViewRange = TimeSpan.FromDays(365 * 2);

        private const int GetItemBatch = 100;

        /// <summary>
        /// Bodies as the item stores them, HTML or text, with their BodyType
        /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/bodytype).
        /// </summary>
        private const string BestBody = "Best";

        private readonly EwsCalendarBackend connection;

        internal EwsEventBackend(EwsCalendarBackend connection)
        {
            this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        }

        private EwsClient Client => connection.Client;

        private EwsConnectionOptions Options => connection.ConnectionOptions;

        /// <summary>Exchange 2007 knows MeetingTimeZone only; StartTimeZone/EndTimeZone came with Exchange 2010.</summary>
        private bool LegacyZones => !EwsVersions.AtLeast(Options.RequestServerVersion, "Exchange2010");

        private string ZoneField => LegacyZones ? "calendar:MeetingTimeZone" : "calendar:StartTimeZone";

        // ---------------------------------------------------------------- read

        public async Task<EventWindowRead> ReadWindowAsync(EventWindowQuery query, CancellationToken cancellationToken)
        {
            if (query is null)
            {
                throw new ArgumentNullException(nameof(query));
            }

            if (query.End <= query.Start)
            {
                throw Invalid($"The window of {query.Calendar.DisplayText} ends ({query.End:u}) before it starts ({query.Start:u}).");
            }

            var folder = await LocateAsync(query.Calendar, cancellationToken).ConfigureAwait(false);
            var name = CalendarName(query.Calendar);
            if (query.End - query.Start > MaxViewRange)
            {
                // The server would refuse the view (ErrorCalendarViewRangeTooBig): ask Core to split it instead.
                return new EventWindowRead(Array.Empty<CalendarEvent>(), true) { CalendarName = name };
            }

            var cap = Math.Max(1, Math.Min(query.MaxItems ?? CalendarViewCap, CalendarViewCap));
            var shape = EwsCalendarXml.Shape(EwsCalendarXml.ViewFields, query.Properties, false, ZoneField);
            var find = FindItemOperation.CalendarView(folder, shape, query.Start, query.End, cap);
            find.TargetMailbox = query.Calendar.Mailbox;
            var result = await RunAsync(find, cancellationToken).ConfigureAwait(false);
            if (!result.Message.IsSuccess)
            {
                throw ItemFailure(result.Message, $"Cannot read the calendar {query.Calendar.DisplayText}");
            }

            var events = result.Items.Select(i => ToEvent(i, query.Calendar, name, query.TimeZone)).ToList();
            var recurring = result.Items.Where(i => i.ItemType == "Occurrence" || i.ItemType == "Exception").ToList();
            if (query.IncludeBody)
            {
                // A calendar view never returns Body: read it with GetItem, for the items whose body is theirs (a series'
                // masters come with theirs from MastersAsync).
                await FillBodiesAsync(query.Calendar, events.Where(e => !query.AsSeries || e.Kind == EventKind.SingleInstance).ToList(), cancellationToken).ConfigureAwait(false);
            }

            if (!query.AsSeries)
            {
                var masters = await MasterIdsAsync(query.Calendar, recurring, cancellationToken).ConfigureAwait(false);
                foreach (var e in events.Where(e => e.Kind == EventKind.Occurrence || e.Kind == EventKind.Exception))
                {
                    e.SeriesMasterId = masters.TryGetValue(SeriesKey(e.ICalUId, e.Id), out var master) ? master : null;
                }

                return new EventWindowRead(events, !result.IncludesLastItemInRange) { CalendarName = name };
            }

            var series = await MastersAsync(query.Calendar, name, recurring, query.Properties, query.TimeZone, cancellationToken).ConfigureAwait(false);
            var asSeries = events.Where(e => e.Kind == EventKind.SingleInstance || e.Kind == EventKind.SeriesMaster).Concat(series)
                .GroupBy(e => e.Id, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(e => e.Start).ToList();
            return new EventWindowRead(asSeries, !result.IncludesLastItemInRange) { CalendarName = name };
        }

        public async Task<CalendarEvent?> GetEventAsync(CalendarAddress calendar, string id, IReadOnlyList<string>? properties, CancellationToken cancellationToken)
        {
            if (calendar is null)
            {
                throw new ArgumentNullException(nameof(calendar));
            }

            if (string.IsNullOrWhiteSpace(id))
            {
                throw Invalid("An event id is needed.");
            }

            var names = properties ?? Array.Empty<string>();
            var results = await GetItemsAsync(calendar.Mailbox, new[] { EwsItemReference.Item(id) }, FullShape(names), cancellationToken).ConfigureAwait(false);
            var answer = results[0];
            if (!answer.IsSuccess)
            {
                if (IsNoSuchItem(answer.Message.ResponseCode))
                {
                    return null;
                }

                throw ItemFailure(answer.Message, $"Cannot read the event {id} of {calendar.DisplayText}");
            }

            var e = ToEvent(answer.Value!, calendar, CalendarName(calendar), null);
            if (e.Kind == EventKind.SeriesMaster)
            {
                await FillExceptionsAsync(calendar, new[] { (e, answer.Value!) }, names, null, cancellationToken).ConfigureAwait(false);
            }
            else if (e.Kind == EventKind.Occurrence || e.Kind == EventKind.Exception)
            {
                var masters = await MasterIdsAsync(calendar, new[] { answer.Value! }, cancellationToken).ConfigureAwait(false);
                e.SeriesMasterId = masters.TryGetValue(SeriesKey(e.ICalUId, e.Id), out var master) ? master : null;
            }

            return e;
        }

        /// <summary>For each recurring series in the view (known by its UID), the master's id: one GetItem RecurringMasterItemId per series.</summary>
        private async Task<Dictionary<string, string>> MasterIdsAsync(CalendarAddress calendar, IReadOnlyList<EwsCalendarItem> recurring, CancellationToken cancellationToken)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var firsts = recurring.GroupBy(i => SeriesKey(i.Uid, i.ItemId.Id), StringComparer.Ordinal).Select(g => g.First()).ToList();
            if (firsts.Count == 0)
            {
                return map;
            }

            var shape = EwsCalendarXml.Shape(new[] { "calendar:CalendarItemType" }, Array.Empty<string>(), false, ZoneField);
            var answers = await GetItemsAsync(calendar.Mailbox, firsts.Select(i => EwsItemReference.SeriesOf(i.ItemId.Id)).ToList(), shape, cancellationToken).ConfigureAwait(false);
            for (var n = 0; n < firsts.Count; n++)
            {
                if (answers[n].IsSuccess)
                {
                    map[SeriesKey(firsts[n].Uid, firsts[n].ItemId.Id)] = answers[n].Value!.ItemId.Id;
                }
            }

            return map;
        }

        /// <summary>The series masters of the occurrences in a view, each with its exceptions read.</summary>
        private async Task<IReadOnlyList<CalendarEvent>> MastersAsync(CalendarAddress calendar, string name, IReadOnlyList<EwsCalendarItem> recurring, IReadOnlyList<string> properties, string? renderZone, CancellationToken cancellationToken)
        {
            var firsts = recurring.GroupBy(i => SeriesKey(i.Uid, i.ItemId.Id), StringComparer.Ordinal).Select(g => g.First()).ToList();
            if (firsts.Count == 0)
            {
                return Array.Empty<CalendarEvent>();
            }

            var answers = await GetItemsAsync(calendar.Mailbox, firsts.Select(i => EwsItemReference.SeriesOf(i.ItemId.Id)).ToList(), FullShape(properties), cancellationToken).ConfigureAwait(false);
            var masters = new List<(CalendarEvent Event, EwsCalendarItem Item)>();
            foreach (var a in answers)
            {
                if (!a.IsSuccess)
                {
                    throw ItemFailure(a.Message, $"Cannot read a series of {calendar.DisplayText}");
                }

                if (masters.All(m => m.Item.ItemId.Id != a.Value!.ItemId.Id))
                {
                    masters.Add((ToEvent(a.Value!, calendar, name, renderZone), a.Value!));
                }
            }

            await FillExceptionsAsync(calendar, masters, properties, renderZone, cancellationToken).ConfigureAwait(false);
            return masters.Select(m => m.Event).ToList();
        }

        /// <summary>Reads the moved or changed occurrences the masters list (ModifiedOccurrences) into each master.</summary>
        private async Task FillExceptionsAsync(CalendarAddress calendar, IReadOnlyList<(CalendarEvent Event, EwsCalendarItem Item)> masters, IReadOnlyList<string> properties, string? renderZone, CancellationToken cancellationToken)
        {
            var wanted = masters.SelectMany(m => m.Item.ModifiedOccurrences.Select(o => (Master: m.Event, o.Id))).ToList();
            if (wanted.Count == 0)
            {
                return;
            }

            var shape = EwsCalendarXml.Shape(EwsCalendarXml.ViewFields.Concat(new[] { "item:Body" }), properties, BestBody, ZoneField);
            var answers = await GetItemsAsync(calendar.Mailbox, wanted.Select(w => EwsItemReference.Item(w.Id)).ToList(), shape, cancellationToken).ConfigureAwait(false);
            for (var n = 0; n < wanted.Count; n++)
            {
                if (!answers[n].IsSuccess)
                {
                    throw ItemFailure(answers[n].Message, $"Cannot read an exception of a series of {calendar.DisplayText}");
                }

                var exception = ToEvent(answers[n].Value!, calendar, wanted[n].Master.Calendar, renderZone);
                exception.SeriesMasterId = wanted[n].Master.Id;
                wanted[n].Master.ModifiedOccurrences.Add(exception);
            }
        }

        /// <summary>Sets each event's Body (as stored: BodyType Best) from GetItem, 100 items a call.</summary>
        private async Task FillBodiesAsync(CalendarAddress calendar, IReadOnlyList<CalendarEvent> events, CancellationToken cancellationToken)
        {
            if (events.Count == 0)
            {
                return;
            }

            var shape = EwsCalendarXml.Shape(new[] { "item:Body" }, Array.Empty<string>(), BestBody, ZoneField);
            var answers = await GetItemsAsync(calendar.Mailbox, events.Select(e => EwsItemReference.Item(e.Id)).ToList(), shape, cancellationToken).ConfigureAwait(false);
            for (var n = 0; n < events.Count; n++)
            {
                if (!answers[n].IsSuccess)
                {
                    throw ItemFailure(answers[n].Message, $"Cannot read the body of an event of {calendar.DisplayText}");
                }

                SetBody(events[n], answers[n].Value!);
            }
        }

        private static void SetBody(CalendarEvent e, EwsCalendarItem i)
        {
            e.BodyType = string.Equals(i.BodyType, "HTML", StringComparison.OrdinalIgnoreCase) ? EventBodyType.Html : EventBodyType.Text;
            e.Body = i.Body ?? (i.BodyType != null ? string.Empty : null);
            e.BodyPreview = EventBodies.Preview(e.Body, e.BodyType);
        }

        private static string SeriesKey(string? uid, string id) => string.IsNullOrEmpty(uid) ? "id:" + id : uid!;

        private XElement FullShape(IEnumerable<string> properties) =>
            EwsCalendarXml.Shape(EwsCalendarXml.ViewFields.Concat(EwsCalendarXml.ItemFields), properties, BestBody, ZoneField);

        private async Task<IReadOnlyList<EwsItemResult<EwsCalendarItem>>> GetItemsAsync(string mailbox, IReadOnlyList<EwsItemReference> ids, XElement shape, CancellationToken cancellationToken)
        {
            var all = new List<EwsItemResult<EwsCalendarItem>>();
            for (var offset = 0; offset < ids.Count; offset += GetItemBatch)
            {
                var op = new GetItemOperation(ids.Skip(offset).Take(GetItemBatch).ToList(), new XElement(shape)) { TargetMailbox = mailbox };
                all.AddRange(await RunAsync(op, cancellationToken).ConfigureAwait(false));
            }

            return all;
        }

        // ---------------------------------------------------------------- write

        public async Task<CalendarEvent> CreateEventAsync(CalendarAddress calendar, EventDraft draft, CancellationToken cancellationToken)
        {
            if (calendar is null)
            {
                throw new ArgumentNullException(nameof(calendar));
            }

            if (draft is null)
            {
                throw new ArgumentNullException(nameof(draft));
            }

            if (!draft.Start.HasValue || !draft.End.HasValue)
            {
                throw Invalid($"A new event in {calendar.DisplayText} needs a start and an end.");
            }

            if (draft.End.Value < draft.Start.Value)
            {
                throw Invalid($"The event '{draft.Subject}' ends before it starts.");
            }

            var (zone, zoneId) = Zone(draft.TimeZone ?? "UTC");
            var folder = await LocateAsync(calendar, cancellationToken).ConfigureAwait(false);
            var properties = new Dictionary<string, string>(draft.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (!string.IsNullOrEmpty(draft.TransactionId))
            {
                properties[TransactionIdProperty] = draft.TransactionId!;
            }

            var create = new CreateItemOperation(folder, draft, zone, zoneId, LegacyZones, properties) { TargetMailbox = calendar.Mailbox };
            var result = await RunAsync(create, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw ItemFailure(result.Message, $"Cannot create the event '{draft.Subject}' in {calendar.DisplayText}");
            }

            return await GetEventAsync(calendar, result.Value!.Id, properties.Keys.ToList(), cancellationToken).ConfigureAwait(false)
                ?? throw new BackendException(new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_EventCreatedNotReadBack), draft.Subject, calendar.DisplayText)));
        }

        /// <summary>
        /// FindItem over the calendar's stored items (singles and series masters) restricted to the transaction id
        /// property. A restriction cannot be combined with a calendar view, so the window is not needed: the id is unique.
        /// </summary>
        public async Task<CalendarEvent?> FindByTransactionIdAsync(CalendarAddress calendar, string transactionId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
        {
            if (calendar is null)
            {
                throw new ArgumentNullException(nameof(calendar));
            }

            if (string.IsNullOrEmpty(transactionId))
            {
                throw Invalid("A transaction id is needed.");
            }

            var folder = await LocateAsync(calendar, cancellationToken).ConfigureAwait(false);
            var shape = EwsCalendarXml.Shape(new[] { "calendar:Start" }, new[] { TransactionIdProperty }, false, ZoneField);
            var find = FindItemOperation.WithProperty(folder, shape, new EwsExtendedField(TransactionIdProperty), transactionId, 10);
            find.TargetMailbox = calendar.Mailbox;
            var result = await RunAsync(find, cancellationToken).ConfigureAwait(false);
            if (!result.Message.IsSuccess)
            {
                throw ItemFailure(result.Message, $"Cannot search {calendar.DisplayText}");
            }

            var match = result.Items.FirstOrDefault(i => i.Properties.TryGetValue(TransactionIdProperty, out var v) && v == transactionId);
            return match == null ? null : await GetEventAsync(calendar, match.ItemId.Id, new[] { TransactionIdProperty }, cancellationToken).ConfigureAwait(false);
        }

        public async Task<CalendarEvent> UpdateEventAsync(CalendarAddress calendar, string id, string? expectedVersion, EventDraft changes, CancellationToken cancellationToken)
        {
            if (calendar is null)
            {
                throw new ArgumentNullException(nameof(calendar));
            }

            if (changes is null)
            {
                throw new ArgumentNullException(nameof(changes));
            }

            var changeKey = expectedVersion;
            string? currentZone = null;
            if (changeKey == null || (changes.Recurrence != null && changes.TimeZone == null))
            {
                // The server needs a current ChangeKey on every write, whatever the conflict resolution.
                var shape = EwsCalendarXml.Shape(Array.Empty<string>(), Array.Empty<string>(), false, ZoneField);
                var current = (await GetItemsAsync(calendar.Mailbox, new[] { EwsItemReference.Item(id) }, shape, cancellationToken).ConfigureAwait(false))[0];
                if (!current.IsSuccess)
                {
                    throw ItemFailure(current.Message, $"Cannot change the event {id} of {calendar.DisplayText}");
                }

                changeKey ??= current.Value!.ItemId.ChangeKey;
                currentZone = current.Value!.TimeZone;
            }

            var (zone, zoneId) = Zone(changes.TimeZone ?? currentZone ?? "UTC");
            var properties = new Dictionary<string, string>(changes.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            var update = new UpdateItemOperation(new EwsItemId(id, changeKey), expectedVersion != null ? "NeverOverwrite" : "AlwaysOverwrite", changes, zone, changes.TimeZone == null ? null : zoneId, LegacyZones, properties)
            {
                TargetMailbox = calendar.Mailbox,
            };
            var newId = id;
            if (update.Updates().Count > 0)
            {
                var result = await RunAsync(update, cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    throw ItemFailure(result.Message, $"Cannot change the event {id} of {calendar.DisplayText}");
                }

                newId = result.Value!.Id;
            }

            return await GetEventAsync(calendar, newId, properties.Keys.ToList(), cancellationToken).ConfigureAwait(false)
                ?? throw new BackendException(new BackendError(BackendErrorCode.ItemNotFound, Texts.Format(nameof(Texts.Error_EventGone), id, calendar.DisplayText), EwsResponseCodes.ErrorItemNotFound));
        }

        public async Task<bool> DeleteEventAsync(CalendarAddress calendar, string id, CancellationToken cancellationToken)
        {
            if (calendar is null)
            {
                throw new ArgumentNullException(nameof(calendar));
            }

            var delete = new DeleteItemOperation(new[] { id }) { TargetMailbox = calendar.Mailbox };
            var message = (await RunAsync(delete, cancellationToken).ConfigureAwait(false))[0];
            if (message.IsSuccess)
            {
                return true;
            }

            if (IsNoSuchItem(message.ResponseCode))
            {
                return false;
            }

            throw ItemFailure(message, $"Cannot delete the event {id} of {calendar.DisplayText}");
        }

        // ---------------------------------------------------------------- mapping

        private CalendarEvent ToEvent(EwsCalendarItem i, CalendarAddress calendar, string calendarName, string? renderZone)
        {
            var zoneId = i.TimeZone ?? "UTC";
            var zone = TimeZoneNames.IsKnown(zoneId) ? TimeZoneNames.Find(zoneId) : TimeZoneInfo.Utc;
            var render = renderZone != null && TimeZoneNames.IsKnown(renderZone) ? TimeZoneNames.Find(renderZone) : zone;
            var e = new CalendarEvent(calendar.Mailbox, i.ItemId.Id)
            {
                Calendar = calendarName,
                Version = i.ItemId.ChangeKey,
                Subject = i.Subject,
                Location = i.Location,
                Start = At(i.StartUtc ?? default, render),
                End = At(i.EndUtc ?? i.StartUtc ?? default, render),
                TimeZone = zoneId,
                IsAllDay = i.IsAllDay,
                ShowAs = EwsCalendarXml.ParseFreeBusy(i.FreeBusy),
                Sensitivity = Enum.TryParse<EventSensitivity>(i.Sensitivity ?? "Normal", out var s) ? s : EventSensitivity.Normal,
                IsCancelled = i.IsCancelled,
                Organizer = i.Organizer,
                ICalUId = i.Uid,
                Kind = Kind(i.ItemType),
                OriginalStart = i.OriginalStartUtc.HasValue ? At(i.OriginalStartUtc.Value, zone) : (DateTimeOffset?)null,
                LastModified = i.LastModifiedUtc.HasValue ? new DateTimeOffset(i.LastModifiedUtc.Value, TimeSpan.Zero) : (DateTimeOffset?)null,
                Recurrence = EwsCalendarXml.ReadRecurrence(i.Recurrence, zoneId),
            };
            if (i.Body != null || i.BodyType != null)
            {
                SetBody(e, i);
            }

            e.Categories = i.Categories.ToList();
            e.Attendees = i.Attendees.Select(a => new EventAttendee(a.Address, a.Type == "Optional" ? EventAttendeeType.Optional : a.Type == "Resource" ? EventAttendeeType.Resource : EventAttendeeType.Required)
            {
                Name = a.Name,
                Response = Response(a.Response),
            }).ToList();
            e.CancelledOccurrences = i.DeletedOccurrences.Select(d => At(d, zone)).ToList();
            foreach (var p in i.Properties)
            {
                e.Properties[p.Key] = p.Value;
            }

            return e;
        }

        internal static DateTimeOffset At(DateTime utc, TimeZoneInfo zone)
        {
            var value = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
            return new DateTimeOffset(value).ToOffset(zone.GetUtcOffset(value));
        }

        private static EventKind Kind(string? type)
        {
            switch (type)
            {
                case "Occurrence": return EventKind.Occurrence;
                case "Exception": return EventKind.Exception;
                case "RecurringMaster": return EventKind.SeriesMaster;
                default: return EventKind.SingleInstance;
            }
        }

        private static AttendeeResponse Response(string? type)
        {
            switch (type)
            {
                case "Organizer": return AttendeeResponse.Organizer;
                case "Tentative": return AttendeeResponse.Tentative;
                case "Accept": return AttendeeResponse.Accepted;
                case "Decline": return AttendeeResponse.Declined;
                case "NoResponseReceived": return AttendeeResponse.NotResponded;
                default: return AttendeeResponse.None;
            }
        }

        private static string CalendarName(CalendarAddress calendar) => calendar.CalendarName ?? (calendar.FolderId != null ? calendar.FolderId : "Calendar");

        private static (TimeZoneInfo Zone, string WindowsId) Zone(string name)
        {
            try
            {
                var windows = TimeZoneNames.ToWindows(name);
                return (TimeZoneNames.Find(windows), windows);
            }
            catch (FormatException ex)
            {
                throw Invalid(ex.Message);
            }
        }

        private Task<EwsFolderReference> LocateAsync(CalendarAddress calendar, CancellationToken cancellationToken) =>
            connection.LocateCalendarOrThrowAsync(calendar, cancellationToken);

        private async Task<T> RunAsync<T>(EwsOperation<T> operation, CancellationToken cancellationToken)
        {
            try
            {
                return await Client.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw Failure(ex);
            }
        }

        private static bool IsNoSuchItem(string code) =>
            code == EwsResponseCodes.ErrorItemNotFound || code == "ErrorInvalidIdMalformed" || code == "ErrorCalendarOccurrenceIsDeletedFromRecurrence";

        /// <summary>EWS response codes in the engine's words (the permission map, with the codes items and availability add).</summary>
        internal static BackendErrorCode CodeOf(string? responseCode)
        {
            switch (responseCode)
            {
                case EwsResponseCodes.ErrorItemNotFound:
                case "ErrorInvalidIdMalformed":
                case "ErrorCalendarOccurrenceIsDeletedFromRecurrence":
                case "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange":
                    return BackendErrorCode.ItemNotFound;
                case EwsResponseCodes.ErrorFolderNotFound:
                case "ErrorCalendarFolderIsInvalidForCalendarView":
                case "ErrorCannotCreateCalendarItemInNonCalendarFolder":
                    return BackendErrorCode.CalendarNotFound;
                case "ErrorNoFreeBusyAccess":
                    return BackendErrorCode.AccessDenied;
                case "ErrorCalendarViewRangeTooBig":
                case "ErrorMailboxDataArrayTooBig":
                case "ErrorTimeIntervalTooBig":
                case "ErrorInvalidTimeInterval":
                case "ErrorCalendarEndDateIsEarlierThanStartDate":
                case "ErrorCalendarInvalidTimeZone":
                case "ErrorCalendarInvalidRecurrence":
                case "ErrorCalendarInvalidPropertyValue":
                case "ErrorInvalidExtendedPropertyValue":
                case "ErrorMissingEmailAddress":
                    return BackendErrorCode.InvalidInput;
                default:
                    return EwsErrorMap.ToBackendCode(responseCode);
            }
        }

        /// <summary>A fault answered for one request, as the Events capability's codes (item, calendar, mailbox...); the rest as every EWS failure.</summary>
        internal static BackendException Failure(EwsException ex) =>
            ex is EwsFaultException fault && !(ex is EwsServerBusyException) && !(ex is EwsAccessDeniedException)
                ? new BackendException(new BackendError(CodeOf(fault.ResponseCode), ex.Message, fault.ResponseCode), ex)
                : ex.ToBackendException();

        private static BackendException ItemFailure(EwsResponseMessage message, string what) =>
            new BackendException(new BackendError(CodeOf(message.ResponseCode), $"{what}: {message.ResponseCode}" + (message.MessageText != null ? ": " + message.MessageText : string.Empty), message.ResponseCode));

        private static BackendException Invalid(string message) => new BackendException(new BackendError(BackendErrorCode.InvalidInput, message));
    }
}
