using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CalendarSharing.Core.Events;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using GraphAttendee = Microsoft.Graph.Models.Attendee;
using GraphAttendeeType = Microsoft.Graph.Models.AttendeeType;
using GraphEvent = Microsoft.Graph.Models.Event;
using GraphEventType = Microsoft.Graph.Models.EventType;
using GraphLocation = Microsoft.Graph.Models.Location;
using GraphSensitivity = Microsoft.Graph.Models.Sensitivity;
using GraphWorkingHours = Microsoft.Graph.Models.WorkingHours;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// Graph's event model to ours and back (no Graph type leaves the Online assembly). Times: Graph's
    /// dateTimeTimeZone is a wall-clock time plus a zone name (https://learn.microsoft.com/graph/api/resources/datetimetimezone);
    /// ours is a DateTimeOffset in the event's own zone (originalStartTimeZone) unless the caller asked for one zone.
    /// </summary>
    internal static class GraphEventMapping
    {
        /// <summary>
        /// Named properties go into PS_PUBLIC_STRINGS ({00020329-0000-0000-C000-000000000046}), the MAPI namespace EWS calls
        /// DistinguishedPropertySetId="PublicStrings", so a stamp written by either protocol is the same property
        /// (https://learn.microsoft.com/graph/api/resources/extended-properties-overview, [MS-OXPROPS] 1.3.2).
        /// A name already in Graph's id form ("String {guid} Name x") is used as it is.
        /// </summary>
        public const string PublicStrings = "{00020329-0000-0000-C000-000000000046}";

        private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff";

        public static string PropertyId(string name) =>
            name.StartsWith("String ", StringComparison.OrdinalIgnoreCase) ? name : "String " + PublicStrings + " Name " + name;

        public static CalendarEvent ToModel(GraphEvent e, string mailbox, string calendar, string? renderZone, IReadOnlyList<string> properties)
        {
            var ownZone = WindowsOrSelf(e.OriginalStartTimeZone) ?? WindowsOrSelf(e.Start?.TimeZone) ?? "UTC";
            var showZone = renderZone ?? ownZone;
            var model = new CalendarEvent(mailbox, e.Id ?? string.Empty)
            {
                Calendar = calendar,
                Version = ETag(e),
                Subject = e.Subject,
                Location = string.IsNullOrEmpty(e.Location?.DisplayName) ? null : e.Location!.DisplayName,
                BodyPreview = e.BodyPreview,
                Body = e.Body?.Content ?? (e.Body != null ? string.Empty : null),
                BodyType = e.Body?.ContentType == BodyType.Html ? EventBodyType.Html : EventBodyType.Text,
                Start = In(Instant(e.Start), showZone),
                End = In(Instant(e.End), showZone),
                TimeZone = ownZone,
                IsAllDay = e.IsAllDay == true,
                ShowAs = ShowAs(e.ShowAs),
                Sensitivity = Sensitivity(e.Sensitivity),
                IsCancelled = e.IsCancelled == true,
                Organizer = e.Organizer?.EmailAddress?.Address,
                ICalUId = e.ICalUId,
                Kind = Kind(e.Type),
                SeriesMasterId = e.SeriesMasterId,
                OriginalStart = e.OriginalStart.HasValue ? In(e.OriginalStart.Value.UtcDateTime, showZone) : (DateTimeOffset?)null,
                LastModified = e.LastModifiedDateTime,
                Categories = (e.Categories ?? new List<string>()).ToList(),
                Attendees = (e.Attendees ?? new List<GraphAttendee>()).Where(a => a.EmailAddress?.Address != null).Select(ToAttendee).ToList(),
            };

            if (e.Type == GraphEventType.SeriesMaster && e.Recurrence != null)
            {
                model.Recurrence = ToRecurrence(e.Recurrence, ownZone);
                model.ModifiedOccurrences = (e.ExceptionOccurrences ?? new List<GraphEvent>()).Select(x => ToModel(x, mailbox, calendar, renderZone, properties)).ToList();
                model.CancelledOccurrences = Cancelled(e, model, showZone).ToList();
            }

            foreach (var p in e.SingleValueExtendedProperties ?? new List<SingleValueLegacyExtendedProperty>())
            {
                var name = properties.FirstOrDefault(n => string.Equals(PropertyId(n), p.Id, StringComparison.OrdinalIgnoreCase));
                if (name != null && p.Value != null)
                {
                    model.Properties[name] = p.Value;
                }
            }

            return model;
        }

        /// <summary>@odata.etag (W/"changeKey"), else the changeKey quoted the same way: what If-Match takes back.</summary>
        public static string? ETag(GraphEvent e)
        {
            if (e.AdditionalData != null && e.AdditionalData.TryGetValue("@odata.etag", out var tag) && tag is string text && text.Length > 0)
            {
                return text;
            }

            return e.ChangeKey == null ? null : "W/\"" + e.ChangeKey + "\"";
        }

        /// <summary>A version as If-Match wants it: an ETag stays, a bare change key is quoted.</summary>
        public static string IfMatch(string version) =>
            version.StartsWith("W/", StringComparison.Ordinal) || version.StartsWith("\"", StringComparison.Ordinal) ? version : "W/\"" + version + "\"";

        // cancelledOccurrences holds occurrence ids, "OID.{seriesMasterId}.{yyyy-MM-dd}" (the local date of the occurrence);
        // with the series' local start time that is the original start (https://learn.microsoft.com/graph/api/resources/event#properties).
        private static IEnumerable<DateTimeOffset> Cancelled(GraphEvent e, CalendarEvent master, string showZone)
        {
            var seriesZone = Zone(master.Recurrence?.TimeZone ?? master.TimeZone);
            var firstLocal = TimeZoneInfo.ConvertTimeFromUtc(master.Start.UtcDateTime, seriesZone);
            foreach (var text in e.CancelledOccurrences ?? new List<string>())
            {
                var dot = text.LastIndexOf('.');
                if (dot < 0 || !DateTime.TryParseExact(text.Substring(dot + 1), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    continue;
                }

                yield return In(ToUtc(date + firstLocal.TimeOfDay, seriesZone), showZone);
            }
        }

        public static DateTime Instant(DateTimeTimeZone? value)
        {
            if (value?.DateTime is null || !DateTime.TryParse(value.DateTime, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                return DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
            }

            if (parsed.Kind != DateTimeKind.Unspecified)
            {
                return parsed.ToUniversalTime();
            }

            return ToUtc(parsed, Zone(value.TimeZone));
        }

        public static DateTimeOffset In(DateTime utc, string zoneName)
        {
            var zone = Zone(zoneName);
            var u = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
            return new DateTimeOffset(u).ToOffset(zone.GetUtcOffset(u));
        }

        public static TimeZoneInfo Zone(string? name)
        {
            if (string.IsNullOrWhiteSpace(name) || string.Equals(name, "UTC", StringComparison.OrdinalIgnoreCase))
            {
                return TimeZoneInfo.Utc;
            }

            return TimeZoneNames.IsKnown(name) ? TimeZoneNames.Find(name!) : TimeZoneInfo.Utc;
        }

        private static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
            {
                unspecified = unspecified.AddHours(1);
            }

            return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
        }

        /// <summary>A Windows id for a Windows or IANA name; the name itself when it is neither (a custom zone).</summary>
        public static string? WindowsOrSelf(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            if (string.Equals(name, "UTC", StringComparison.OrdinalIgnoreCase))
            {
                return "UTC";
            }

            return TimeZoneNames.IsKnown(name) ? TimeZoneNames.ToWindows(name!) : name;
        }

        public static DateTimeTimeZone ToGraphTime(DateTimeOffset value, string zone)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(value.UtcDateTime, Zone(zone));
            return new DateTimeTimeZone { DateTime = local.ToString(DateTimeFormat, CultureInfo.InvariantCulture), TimeZone = zone };
        }

        /// <summary>The event a draft describes; only the draft's non-null members are set, so a PATCH carries just those.</summary>
        public static GraphEvent ToGraph(EventDraft d, bool create, IDictionary<string, string>? properties)
        {
            var e = new GraphEvent();
            var zone = d.TimeZone ?? "UTC";
            if (d.Subject != null)
            {
                e.Subject = d.Subject;
            }

            if (d.Body != null)
            {
                e.Body = new ItemBody { ContentType = d.BodyType == EventBodyType.Html ? BodyType.Html : BodyType.Text, Content = d.Body };
            }

            if (d.Location != null)
            {
                e.Location = new GraphLocation { DisplayName = d.Location };
            }

            if (d.Start.HasValue)
            {
                e.Start = ToGraphTime(d.Start.Value, zone);
            }

            if (d.End.HasValue)
            {
                e.End = ToGraphTime(d.End.Value, zone);
            }

            if (d.IsAllDay.HasValue)
            {
                e.IsAllDay = d.IsAllDay.Value;
            }

            if (d.ShowAs.HasValue)
            {
                e.ShowAs = ToGraph(d.ShowAs.Value);
            }

            if (d.Sensitivity.HasValue)
            {
                e.Sensitivity = ToGraph(d.Sensitivity.Value);
            }

            if (d.Categories != null)
            {
                e.Categories = d.Categories.ToList();
            }

            if (d.Attendees != null)
            {
                e.Attendees = d.Attendees.Select(a => new GraphAttendee
                {
                    EmailAddress = new EmailAddress { Address = a.Address, Name = a.Name },
                    Type = a.Type == EventAttendeeType.Optional ? GraphAttendeeType.Optional : a.Type == EventAttendeeType.Resource ? GraphAttendeeType.Resource : GraphAttendeeType.Required,
                }).ToList();
            }

            if (d.Recurrence != null)
            {
                e.Recurrence = ToGraph(d.Recurrence, d.Start, zone);
            }

            if (d.ReminderMinutes.HasValue)
            {
                e.ReminderMinutesBeforeStart = d.ReminderMinutes.Value;
                e.IsReminderOn = true;
            }

            if (create && d.TransactionId != null)
            {
                e.TransactionId = d.TransactionId;
            }

            if (properties != null && properties.Count > 0)
            {
                e.SingleValueExtendedProperties = properties.Select(p => new SingleValueLegacyExtendedProperty { Id = PropertyId(p.Key), Value = p.Value }).ToList();
            }

            return e;
        }

        private static PatternedRecurrence ToGraph(EventRecurrence r, DateTimeOffset? start, string zone)
        {
            var seriesZone = r.TimeZone ?? zone;
            // range.startDate must be the date of the event's start (https://learn.microsoft.com/graph/api/resources/recurrencerange).
            var startDate = start.HasValue ? TimeZoneInfo.ConvertTimeFromUtc(start.Value.UtcDateTime, Zone(seriesZone)).Date : r.StartDate.Date;
            var pattern = new RecurrencePattern
            {
                Type = (RecurrencePatternType)(int)r.Pattern,
                Interval = Math.Max(1, r.Interval),
                FirstDayOfWeek = (DayOfWeekObject)(int)r.FirstDayOfWeek,
                Index = (WeekIndex)(int)r.Index,
            };
            if (r.DaysOfWeek.Count > 0)
            {
                pattern.DaysOfWeek = r.DaysOfWeek.Select(day => (DayOfWeekObject?)(DayOfWeekObject)(int)day).ToList();
            }

            if (r.DayOfMonth > 0)
            {
                pattern.DayOfMonth = r.DayOfMonth;
            }

            if (r.Month > 0)
            {
                pattern.Month = r.Month;
            }

            var range = new RecurrenceRange
            {
                StartDate = new Date(startDate),
                RecurrenceTimeZone = seriesZone,
                Type = r.RangeType == RecurrenceRangeKind.EndDate ? RecurrenceRangeType.EndDate : r.RangeType == RecurrenceRangeKind.Numbered ? RecurrenceRangeType.Numbered : RecurrenceRangeType.NoEnd,
            };
            if (r.RangeType == RecurrenceRangeKind.EndDate && r.EndDate.HasValue)
            {
                range.EndDate = new Date(r.EndDate.Value);
            }

            if (r.RangeType == RecurrenceRangeKind.Numbered)
            {
                range.NumberOfOccurrences = r.NumberOfOccurrences ?? 1;
            }

            return new PatternedRecurrence { Pattern = pattern, Range = range };
        }

        private static EventRecurrence ToRecurrence(PatternedRecurrence r, string ownZone)
        {
            var p = r.Pattern;
            var range = r.Range;
            var result = new EventRecurrence
            {
                Pattern = p?.Type.HasValue == true ? (RecurrencePatternKind)(int)p.Type!.Value : RecurrencePatternKind.Daily,
                Interval = Math.Max(1, p?.Interval ?? 1),
                DaysOfWeek = (p?.DaysOfWeek ?? new List<DayOfWeekObject?>()).Where(x => x.HasValue).Select(x => (DayOfWeek)(int)x!.Value).ToList(),
                FirstDayOfWeek = p?.FirstDayOfWeek.HasValue == true ? (DayOfWeek)(int)p.FirstDayOfWeek!.Value : DayOfWeek.Sunday,
                DayOfMonth = p?.DayOfMonth ?? 0,
                Month = p?.Month ?? 0,
                Index = p?.Index.HasValue == true ? (RecurrenceWeekIndex)(int)p.Index!.Value : RecurrenceWeekIndex.First,
                RangeType = range?.Type == RecurrenceRangeType.EndDate ? RecurrenceRangeKind.EndDate : range?.Type == RecurrenceRangeType.Numbered ? RecurrenceRangeKind.Numbered : RecurrenceRangeKind.NoEnd,
                TimeZone = WindowsOrSelf(range?.RecurrenceTimeZone) ?? ownZone,
            };
            if (range?.StartDate is Date start)
            {
                result.StartDate = start.DateTime;
            }

            if (result.RangeType == RecurrenceRangeKind.EndDate && range?.EndDate is Date end)
            {
                result.EndDate = end.DateTime;
            }

            if (result.RangeType == RecurrenceRangeKind.Numbered)
            {
                result.NumberOfOccurrences = range?.NumberOfOccurrences;
            }

            return result;
        }

        private static EventAttendee ToAttendee(GraphAttendee a) =>
            new EventAttendee(a.EmailAddress!.Address!, a.Type == GraphAttendeeType.Optional ? EventAttendeeType.Optional : a.Type == GraphAttendeeType.Resource ? EventAttendeeType.Resource : EventAttendeeType.Required)
            {
                Name = a.EmailAddress.Name,
                Response = Response(a.Status?.Response),
            };

        private static AttendeeResponse Response(ResponseType? r)
        {
            switch (r)
            {
                case ResponseType.Organizer: return AttendeeResponse.Organizer;
                case ResponseType.TentativelyAccepted: return AttendeeResponse.Tentative;
                case ResponseType.Accepted: return AttendeeResponse.Accepted;
                case ResponseType.Declined: return AttendeeResponse.Declined;
                case ResponseType.NotResponded: return AttendeeResponse.NotResponded;
                default: return AttendeeResponse.None;
            }
        }

        public static EventShowAs ShowAs(FreeBusyStatus? s)
        {
            switch (s)
            {
                case FreeBusyStatus.Free: return EventShowAs.Free;
                case FreeBusyStatus.Tentative: return EventShowAs.Tentative;
                case FreeBusyStatus.Busy: return EventShowAs.Busy;
                case FreeBusyStatus.Oof: return EventShowAs.OutOfOffice;
                case FreeBusyStatus.WorkingElsewhere: return EventShowAs.WorkingElsewhere;
                default: return EventShowAs.Unknown;
            }
        }

        private static FreeBusyStatus ToGraph(EventShowAs s)
        {
            switch (s)
            {
                case EventShowAs.Free: return FreeBusyStatus.Free;
                case EventShowAs.Tentative: return FreeBusyStatus.Tentative;
                case EventShowAs.OutOfOffice: return FreeBusyStatus.Oof;
                case EventShowAs.WorkingElsewhere: return FreeBusyStatus.WorkingElsewhere;
                case EventShowAs.Unknown: return FreeBusyStatus.Unknown;
                default: return FreeBusyStatus.Busy;
            }
        }

        private static EventSensitivity Sensitivity(GraphSensitivity? s)
        {
            switch (s)
            {
                case GraphSensitivity.Personal: return EventSensitivity.Personal;
                case GraphSensitivity.Private: return EventSensitivity.Private;
                case GraphSensitivity.Confidential: return EventSensitivity.Confidential;
                default: return EventSensitivity.Normal;
            }
        }

        private static GraphSensitivity ToGraph(EventSensitivity s)
        {
            switch (s)
            {
                case EventSensitivity.Personal: return GraphSensitivity.Personal;
                case EventSensitivity.Private: return GraphSensitivity.Private;
                case EventSensitivity.Confidential: return GraphSensitivity.Confidential;
                default: return GraphSensitivity.Normal;
            }
        }

        private static EventKind Kind(GraphEventType? t)
        {
            switch (t)
            {
                case GraphEventType.Occurrence: return EventKind.Occurrence;
                case GraphEventType.Exception: return EventKind.Exception;
                case GraphEventType.SeriesMaster: return EventKind.SeriesMaster;
                default: return EventKind.SingleInstance;
            }
        }

        /// <summary>Working hours from getSchedule (or mailboxSettings): days, times of day, the zone as a Windows id.</summary>
        public static MailboxWorkingHours? ToWorkingHours(GraphWorkingHours? w)
        {
            if (w == null)
            {
                return null;
            }

            return new MailboxWorkingHours
            {
                DaysOfWeek = (w.DaysOfWeek ?? new List<DayOfWeekObject?>()).Where(d => d.HasValue).Select(d => (DayOfWeek)(int)d!.Value).ToList(),
                StartTime = w.StartTime is Time s ? new TimeSpan(s.Hour, s.Minute, s.Second) : TimeSpan.Zero,
                EndTime = w.EndTime is Time e ? new TimeSpan(e.Hour, e.Minute, e.Second) : TimeSpan.Zero,
                TimeZone = WindowsOrSelf(w.TimeZone?.Name),
            };
        }
    }
}
