using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CalendarSharing.Sandbox.Events;
using TimeZoneConverter;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>How one answer renders events: the zone of start/end (Prefer: outlook.timezone), what $expand asked for.</summary>
    internal sealed class EventRendering
    {
        /// <summary>The zone name as the client gave it ("UTC" by default), and the zone.</summary>
        public string ZoneName { get; set; } = "UTC";

        public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

        /// <summary>Extended property ids to expand (singleValueExtendedProperties($filter=id eq '…')).</summary>
        public List<string> PropertyIds { get; } = new List<string>();

        public bool ExpandExceptions { get; set; }

        /// <summary>Prefer: outlook.body-content-type; Graph's default is HTML whatever the item stores.</summary>
        public EventBodyType BodyType { get; set; } = EventBodyType.Html;

        /// <summary>A $filter reads extended properties: every event carries them all in <see cref="ODataFilter.HiddenProperties"/>.</summary>
        public bool FilterProperties { get; set; }

        /// <summary>
        /// Prefer: outlook.timezone="…" (Windows or IANA name; https://learn.microsoft.com/graph/api/user-list-calendarview#request-headers).
        /// Several preferences may share one header, comma-separated. An unknown zone is ignored (UTC, nothing applied).
        /// </summary>
        public static EventRendering From(GraphRequest request)
        {
            var rendering = new EventRendering();
            var prefer = request.Header("Prefer");
            var match = prefer == null ? null : Regex.Match(prefer, "outlook\\.timezone\\s*=\\s*(?:\"(?<z>[^\"]*)\"|(?<z>[^,;\\s]+))", RegexOptions.IgnoreCase);
            if (match != null && match.Success)
            {
                var name = match.Groups["z"].Value.Trim();
                if (TZConvert.TryGetTimeZoneInfo(name, out var zone))
                {
                    rendering.ZoneName = name;
                    rendering.Zone = zone;
                    rendering.Applied = "outlook.timezone=\"" + name + "\"";
                }
            }

            var body = prefer == null ? null : Regex.Match(prefer, "outlook\\.body-content-type\\s*=\\s*\"?(?<t>text|html)\"?", RegexOptions.IgnoreCase);
            if (body != null && body.Success)
            {
                var text = string.Equals(body.Groups["t"].Value, "text", StringComparison.OrdinalIgnoreCase);
                rendering.BodyType = text ? EventBodyType.Text : EventBodyType.Html;
                var applied = "outlook.body-content-type=\"" + (text ? "text" : "html") + "\"";
                rendering.Applied = rendering.Applied == null ? applied : rendering.Applied + ", " + applied;
            }

            return rendering;
        }

        /// <summary>The Preference-Applied header value, when a preference was honoured.</summary>
        public string? Applied { get; private set; }

        /// <summary>$expand: singleValueExtendedProperties($filter=id eq 'a' or id eq 'b'), exceptionOccurrences.</summary>
        public void Expand(string? expand)
        {
            if (string.IsNullOrWhiteSpace(expand))
            {
                return;
            }

            foreach (var clause in TopLevel(expand!))
            {
                var paren = clause.IndexOf('(');
                var name = (paren < 0 ? clause : clause.Substring(0, paren)).Trim();
                if (string.Equals(name, "exceptionOccurrences", StringComparison.OrdinalIgnoreCase))
                {
                    ExpandExceptions = true;
                }
                else if (string.Equals(name, "singleValueExtendedProperties", StringComparison.OrdinalIgnoreCase))
                {
                    var options = paren < 0 ? string.Empty : clause.Substring(paren + 1).TrimEnd(')');
                    foreach (Match id in Regex.Matches(options, "id\\s+eq\\s+'(?<id>(?:[^']|'')*)'", RegexOptions.IgnoreCase))
                    {
                        PropertyIds.Add(id.Groups["id"].Value.Replace("''", "'"));
                    }
                }
                else
                {
                    throw GraphException.BadRequest("BadRequest", "The sandbox expands only singleValueExtendedProperties and exceptionOccurrences of an event, not '" + name + "'.");
                }
            }
        }

        private static IEnumerable<string> TopLevel(string text)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '(')
                {
                    depth++;
                }
                else if (text[i] == ')')
                {
                    depth--;
                }
                else if (text[i] == ',' && depth == 0)
                {
                    yield return text.Substring(start, i - start);
                    start = i + 1;
                }
            }

            yield return text.Substring(start);
        }
    }

    /// <summary>
    /// microsoft.graph.event in and out (https://learn.microsoft.com/graph/api/resources/event): dateTimeTimeZone with a
    /// wall-clock dateTime of 7 fractional digits and no offset, enums camelCase on output and any case on input,
    /// @odata.etag = W/"changeKey".
    /// </summary>
    internal static class GraphEventJson
    {
        private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff";

        public static void Write(Utf8JsonWriter w, SandboxOccurrence o, EventRendering r, string? context, string serviceRoot)
        {
            var item = o.Item;
            var master = o.Master;
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            var changeKey = EventIds.ChangeKey(item);
            w.WriteString("@odata.etag", "W/\"" + changeKey + "\"");
            w.WriteString("id", o.Id);
            w.WriteString("createdDateTime", Utc(item.CreatedUtc));
            w.WriteString("lastModifiedDateTime", Utc(item.LastModifiedUtc));
            w.WriteString("changeKey", changeKey);
            w.WriteStartArray("categories");
            foreach (var c in item.Categories)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            if (item.TransactionId != null && o.Kind != EventKind.Occurrence && o.Kind != EventKind.Exception)
            {
                // Only returned when an app set it (https://learn.microsoft.com/graph/api/resources/event#properties).
                w.WriteString("transactionId", item.TransactionId);
            }

            w.WriteString("originalStartTimeZone", item.TimeZone);
            w.WriteString("originalEndTimeZone", item.TimeZone);
            w.WriteString("iCalUId", ICalUId(item, o));
            w.WriteNumber("reminderMinutesBeforeStart", item.ReminderMinutes ?? 15);
            w.WriteBoolean("isReminderOn", item.ReminderMinutes != null);
            w.WriteBoolean("hasAttachments", false);
            w.WriteString("subject", item.Subject ?? string.Empty);
            w.WriteString("bodyPreview", EventBodyRules.Preview(item) ?? string.Empty);
            var body = EventBodyRules.Render(item, r.BodyType);
            w.WriteString("importance", "normal");
            w.WriteString("sensitivity", Sensitivity(item.Sensitivity));
            w.WriteBoolean("isAllDay", item.IsAllDay);
            w.WriteBoolean("isCancelled", item.IsCancelled);
            var organizer = item.Organizer ?? string.Empty;
            w.WriteBoolean("isOrganizer", string.Equals(organizer, EventIds.MailboxOf(master?.Id ?? item.Id), StringComparison.OrdinalIgnoreCase));
            w.WriteBoolean("responseRequested", true);
            w.WriteBoolean("isOnlineMeeting", false);
            w.WriteString("onlineMeetingProvider", "unknown");
            w.WriteBoolean("allowNewTimeProposals", true);
            w.WriteBoolean("isDraft", false);
            w.WriteBoolean("hideAttendees", false);
            if (o.Kind == EventKind.Occurrence || o.Kind == EventKind.Exception)
            {
                w.WriteString("seriesMasterId", master!.Id);
            }
            else
            {
                w.WriteNull("seriesMasterId");
            }

            w.WriteString("showAs", ShowAs(item.ShowAs));
            w.WriteString("type", Type(o.Kind));
            w.WriteString("webLink", serviceRoot.Replace("/v1.0", string.Empty) + "/owa/?itemid=" + Uri.EscapeDataString(o.Id) + "&exvsurl=1&path=/calendar/item");
            w.WriteNull("onlineMeetingUrl");
            w.WriteStartObject("responseStatus");
            w.WriteString("response", item.IsMeeting ? "organizer" : "none");
            w.WriteString("time", "0001-01-01T00:00:00Z");
            w.WriteEndObject();
            w.WriteStartObject("body");
            w.WriteString("contentType", body.Type == EventBodyType.Html ? "html" : "text");
            w.WriteString("content", body.Content);
            w.WriteEndObject();
            WriteDateTime(w, "start", o.StartUtc, r);
            WriteDateTime(w, "end", o.EndUtc, r);
            if (o.OriginalStartUtc.HasValue)
            {
                w.WriteString("originalStart", Utc(o.OriginalStartUtc.Value));
            }

            w.WriteStartObject("location");
            w.WriteString("displayName", item.Location ?? string.Empty);
            w.WriteString("locationType", "default");
            w.WriteString("uniqueIdType", "unknown");
            w.WriteEndObject();
            w.WriteStartArray("locations");
            if (!string.IsNullOrEmpty(item.Location))
            {
                w.WriteStartObject();
                w.WriteString("displayName", item.Location);
                w.WriteString("locationType", "default");
                w.WriteString("uniqueIdType", "private");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (o.Kind == EventKind.SeriesMaster && item.Recurrence != null)
            {
                WriteRecurrence(w, item.Recurrence, item.TimeZone);
            }
            else
            {
                w.WriteNull("recurrence");
            }

            w.WriteStartArray("attendees");
            foreach (var a in item.Attendees)
            {
                w.WriteStartObject();
                w.WriteString("type", a.Type == EventAttendeeType.Optional ? "optional" : a.Type == EventAttendeeType.Resource ? "resource" : "required");
                w.WriteStartObject("status");
                w.WriteString("response", Response(a.Response));
                w.WriteString("time", "0001-01-01T00:00:00Z");
                w.WriteEndObject();
                w.WriteStartObject("emailAddress");
                w.WriteString("name", a.Name ?? a.Address);
                w.WriteString("address", a.Address);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("organizer");
            w.WriteStartObject("emailAddress");
            w.WriteString("name", organizer);
            w.WriteString("address", organizer);
            w.WriteEndObject();
            w.WriteEndObject();

            // cancelledOccurrences is non-nullable in v1.0: the occurrence ids of cancelled instances of a master
            // ("OID.{masterId}.{date}"), empty for everything else.
            w.WriteStartArray("cancelledOccurrences");
            if (o.Kind == EventKind.SeriesMaster && item.Recurrence != null)
            {
                var zone = RecurrenceExpander.Zone(item.Recurrence.TimeZone ?? item.TimeZone);
                foreach (var cancelled in item.Cancelled.OrderBy(c => c))
                {
                    w.WriteStringValue(OccurrenceName(item.Id, RecurrenceExpander.ToLocal(cancelled, zone)));
                }
            }

            w.WriteEndArray();

            if (r.PropertyIds.Count > 0)
            {
                w.WriteStartArray("singleValueExtendedProperties");
                foreach (var id in r.PropertyIds)
                {
                    if (item.Properties.TryGetValue(id, out var value))
                    {
                        w.WriteStartObject();
                        w.WriteString("id", id);
                        w.WriteString("value", value);
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
            }

            if (r.FilterProperties)
            {
                w.WriteStartArray(ODataFilter.HiddenProperties);
                foreach (var pair in item.Properties)
                {
                    w.WriteStartObject();
                    w.WriteString("id", pair.Key);
                    w.WriteString("value", pair.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            if (r.ExpandExceptions && o.Kind == EventKind.SeriesMaster)
            {
                w.WriteStartArray("exceptionOccurrences");
                foreach (var pair in item.Modified.OrderBy(p => p.Key))
                {
                    var exception = new SandboxOccurrence(pair.Value, EventKind.Exception, EventIds.OccurrenceId(item.Id, pair.Key), pair.Value.StartUtc, pair.Value.EndUtc, item, pair.Key);
                    Write(w, exception, new EventRendering { ZoneName = r.ZoneName, Zone = r.Zone, BodyType = r.BodyType }, null, serviceRoot);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        /// <summary>The name Graph gives an occurrence in cancelledOccurrences: "OID.", the series id, ".", its local date.</summary>
        public static string OccurrenceName(string masterId, DateTime localStart) =>
            "OID." + masterId + "." + localStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public static void WriteDateTime(Utf8JsonWriter w, string name, DateTime utc, EventRendering r)
        {
            w.WriteStartObject(name);
            w.WriteString("dateTime", RecurrenceExpander.ToLocal(utc, r.Zone).ToString(DateTimeFormat, CultureInfo.InvariantCulture));
            w.WriteString("timeZone", r.ZoneName);
            w.WriteEndObject();
        }

        public static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private static void WriteRecurrence(Utf8JsonWriter w, EventRecurrence rec, string eventZone)
        {
            w.WriteStartObject("recurrence");
            w.WriteStartObject("pattern");
            w.WriteString("type", Camel(rec.Pattern.ToString()));
            w.WriteNumber("interval", Math.Max(1, rec.Interval));
            w.WriteNumber("month", rec.Month);
            w.WriteNumber("dayOfMonth", rec.DayOfMonth);
            w.WriteStartArray("daysOfWeek");
            foreach (var d in rec.DaysOfWeek)
            {
                w.WriteStringValue(Camel(d.ToString()));
            }

            w.WriteEndArray();
            w.WriteString("firstDayOfWeek", Camel(rec.FirstDayOfWeek.ToString()));
            w.WriteString("index", Camel(rec.Index.ToString()));
            w.WriteEndObject();
            w.WriteStartObject("range");
            w.WriteString("type", Camel(rec.RangeType.ToString()));
            w.WriteString("startDate", rec.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("endDate", rec.RangeType == RecurrenceRangeKind.EndDate && rec.EndDate.HasValue
                ? rec.EndDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "0001-01-01");
            w.WriteString("recurrenceTimeZone", rec.TimeZone ?? eventZone);
            w.WriteNumber("numberOfOccurrences", rec.RangeType == RecurrenceRangeKind.Numbered ? rec.NumberOfOccurrences ?? 0 : 0);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        // Every occurrence has its own iCalUId (https://learn.microsoft.com/graph/api/resources/event#properties): the
        // series' UID with the occurrence's date where a GlobalObjectId keeps it (bytes 16-19, [MS-OXOCAL] 2.2.1.27).
        private static string ICalUId(SandboxEvent item, SandboxOccurrence o)
        {
            var uid = (o.Master ?? item).Uid;
            if (!o.OriginalStartUtc.HasValue || uid.Length < 32)
            {
                return uid;
            }

            var d = o.OriginalStartUtc.Value;
            return uid.Substring(0, 32) + d.Year.ToString("X4", CultureInfo.InvariantCulture) + d.Month.ToString("X2", CultureInfo.InvariantCulture) +
                d.Day.ToString("X2", CultureInfo.InvariantCulture) + uid.Substring(32);
        }

        public static string ShowAs(EventShowAs s)
        {
            switch (s)
            {
                case EventShowAs.Free: return "free";
                case EventShowAs.Tentative: return "tentative";
                case EventShowAs.OutOfOffice: return "oof";
                case EventShowAs.WorkingElsewhere: return "workingElsewhere";
                case EventShowAs.Unknown: return "unknown";
                default: return "busy";
            }
        }

        private static string Sensitivity(EventSensitivity s) => Camel(s.ToString());

        private static string Type(EventKind kind)
        {
            switch (kind)
            {
                case EventKind.Occurrence: return "occurrence";
                case EventKind.Exception: return "exception";
                case EventKind.SeriesMaster: return "seriesMaster";
                default: return "singleInstance";
            }
        }

        private static string Response(AttendeeResponse r)
        {
            switch (r)
            {
                case AttendeeResponse.Organizer: return "organizer";
                case AttendeeResponse.Tentative: return "tentativelyAccepted";
                case AttendeeResponse.Accepted: return "accepted";
                case AttendeeResponse.Declined: return "declined";
                case AttendeeResponse.NotResponded: return "notResponded";
                default: return "none";
            }
        }

        private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

        // ------------------------------------------------------------------ reading

        /// <summary>
        /// The edit a POST or PATCH body describes, checked first (400 before anything is written). Read-only members
        /// (id, changeKey, type, …) are ignored, as Graph ignores them; transactionId is taken on create only.
        /// </summary>
        public static EventEdit Read(JsonElement body, bool create)
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                throw GraphException.BadRequest("RequestBodyRead", "The request body must be a JSON object.");
            }

            var edit = new EventEdit();
            foreach (var p in body.EnumerateObject())
            {
                var v = p.Value;
                switch (p.Name)
                {
                    case "subject":
                        edit.Subject = Text(v);
                        break;
                    case "body":
                        edit.Body = v.ValueKind == JsonValueKind.Object ? GraphJson.String(v, "content") ?? string.Empty : Text(v);
                        edit.BodyType = v.ValueKind == JsonValueKind.Object && string.Equals(GraphJson.String(v, "contentType"), "html", StringComparison.OrdinalIgnoreCase)
                            ? EventBodyType.Html
                            : EventBodyType.Text;

                        break;
                    case "start":
                        edit.Start = DateTimeTimeZone(v, "start");
                        break;
                    case "end":
                        edit.End = DateTimeTimeZone(v, "end");
                        break;
                    case "isAllDay":
                        edit.IsAllDay = Bool(v, "isAllDay");
                        break;
                    case "showAs":
                        edit.ShowAs = ParseShowAs(v);
                        break;
                    case "sensitivity":
                        edit.Sensitivity = Enum<EventSensitivity>(v, "sensitivity");
                        break;
                    case "location":
                        edit.Location = v.ValueKind == JsonValueKind.Null ? string.Empty : GraphJson.String(v, "displayName") ?? string.Empty;
                        break;
                    case "categories":
                        edit.Categories = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(Text).Where(t => t != null).Select(t => t!).ToList() : new List<string>();
                        break;
                    case "attendees":
                        edit.Attendees = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(Attendee).ToList() : new List<EventAttendee>();
                        break;
                    case "recurrence":
                        edit.HasRecurrence = true;
                        edit.Recurrence = v.ValueKind == JsonValueKind.Null ? null : Recurrence(v);
                        break;
                    case "reminderMinutesBeforeStart":
                        edit.ReminderMinutes = v.ValueKind == JsonValueKind.Number ? v.GetInt32() : throw CannotConvert(v, "Edm.Int32");
                        break;
                    case "isReminderOn":
                        edit.ReminderOn = Bool(v, "isReminderOn");
                        break;
                    case "transactionId":
                        if (create)
                        {
                            edit.TransactionId = Text(v);
                        }

                        break;
                    case "singleValueExtendedProperties":
                        foreach (var ep in v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : Enumerable.Empty<JsonElement>())
                        {
                            var id = GraphJson.String(ep, "id");
                            if (string.IsNullOrEmpty(id) || !ep.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
                            {
                                throw GraphException.BadRequest("ErrorInvalidProperty", "An extended property needs an id and a string value.");
                            }

                            edit.Properties[id!] = value.GetString()!;
                        }

                        break;
                }
            }

            return edit;
        }

        private static EventAttendee Attendee(JsonElement a)
        {
            var email = a.TryGetProperty("emailAddress", out var e) ? e : default;
            var address = GraphJson.String(email, "address");
            if (string.IsNullOrWhiteSpace(address))
            {
                throw GraphException.BadRequest("ErrorInvalidRecipients", "An attendee needs an emailAddress.address.");
            }

            var type = a.TryGetProperty("type", out var t) ? Enum<EventAttendeeType>(t, "attendeeType") : EventAttendeeType.Required;
            return new EventAttendee(address!.Trim(), type) { Name = GraphJson.String(email, "name") };
        }

        private static EventRecurrence Recurrence(JsonElement v)
        {
            if (!v.TryGetProperty("pattern", out var pattern) || !v.TryGetProperty("range", out var range))
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "A recurrence needs a pattern and a range.");
            }

            var r = new EventRecurrence
            {
                Pattern = Enum<RecurrencePatternKind>(Member(pattern, "type"), "recurrencePatternType"),
                Interval = Int(pattern, "interval", 1),
                DayOfMonth = Int(pattern, "dayOfMonth", 0),
                Month = Int(pattern, "month", 0),
                RangeType = Enum<RecurrenceRangeKind>(Member(range, "type"), "recurrenceRangeType"),
            };

            // Members the pattern type ignores are still validated (https://learn.microsoft.com/graph/outlook-schedule-recurring-events).
            if (pattern.TryGetProperty("daysOfWeek", out var days) && days.ValueKind == JsonValueKind.Array)
            {
                r.DaysOfWeek = days.EnumerateArray().Select(d => Enum<DayOfWeek>(d, "dayOfWeek")).ToList();
            }

            if (pattern.TryGetProperty("firstDayOfWeek", out var first) && first.ValueKind != JsonValueKind.Null)
            {
                r.FirstDayOfWeek = Enum<DayOfWeek>(first, "dayOfWeek");
            }

            if (pattern.TryGetProperty("index", out var index) && index.ValueKind != JsonValueKind.Null)
            {
                r.Index = Enum<RecurrenceWeekIndex>(index, "weekIndex");
            }

            if (r.Interval < 1)
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "The recurrence pattern's interval must be 1 or more.");
            }

            r.StartDate = Date(range, "startDate") ?? throw GraphException.BadRequest("ErrorInvalidRequest", "The recurrence range needs a startDate.");
            r.EndDate = Date(range, "endDate");
            if (r.EndDate.HasValue && r.EndDate.Value.Year <= 1)
            {
                r.EndDate = null;
            }

            var count = Int(range, "numberOfOccurrences", 0);
            r.NumberOfOccurrences = count > 0 ? count : (int?)null;
            if (r.RangeType == RecurrenceRangeKind.EndDate && !r.EndDate.HasValue)
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "A recurrence range of type endDate needs an endDate.");
            }

            if (r.RangeType == RecurrenceRangeKind.Numbered && count <= 0)
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "A recurrence range of type numbered needs numberOfOccurrences greater than 0.");
            }

            if ((r.Pattern == RecurrencePatternKind.Weekly || r.Pattern == RecurrencePatternKind.RelativeMonthly || r.Pattern == RecurrencePatternKind.RelativeYearly) && r.DaysOfWeek.Count == 0)
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "A " + Camel(r.Pattern.ToString()) + " recurrence pattern needs daysOfWeek.");
            }

            var zone = GraphJson.String(range, "recurrenceTimeZone");
            r.TimeZone = string.IsNullOrWhiteSpace(zone) ? null : WindowsZone(zone!, "recurrenceTimeZone");
            return r;
        }

        /// <summary>A Windows id for a Windows or IANA name; 400 when there is no such zone.</summary>
        public static string WindowsZone(string name, string what)
        {
            var text = name.Trim();
            if (string.Equals(text, "UTC", StringComparison.OrdinalIgnoreCase))
            {
                return "UTC";
            }

            if (TZConvert.TryIanaToWindows(text, out var windows))
            {
                return windows;
            }

            if (TZConvert.TryWindowsToIana(text, out _))
            {
                return TZConvert.KnownWindowsTimeZoneIds.FirstOrDefault(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase)) ?? text;
            }

            throw GraphException.BadRequest("TimeZoneNotSupportedException", "A valid TimeZone value must be specified. The following TimeZone value is not supported: '" + text + "' (" + what + ").");
        }

        /// <summary>A dateTimeTimeZone as its UTC instant and the zone (Windows id) it was given in.</summary>
        public static (DateTime Utc, string Zone, DateTime Local) DateTimeTimeZone(JsonElement v, string what)
        {
            var text = GraphJson.String(v, "dateTime") ?? GraphJson.String(v, "DateTime");
            var zoneName = GraphJson.String(v, "timeZone") ?? GraphJson.String(v, "TimeZone") ?? "UTC";
            if (text == null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "The " + what + " needs a dateTime such as 2026-12-08T09:00:00.");
            }

            var windows = WindowsZone(zoneName, what + ".timeZone");
            var zone = RecurrenceExpander.Zone(windows);
            if (parsed.Kind == DateTimeKind.Utc || parsed.Kind == DateTimeKind.Local)
            {
                var utc = parsed.ToUniversalTime();
                return (utc, windows, RecurrenceExpander.ToLocal(utc, zone));
            }

            return (RecurrenceExpander.ToUtc(parsed, zone), windows, parsed);
        }

        private static EventShowAs ParseShowAs(JsonElement v)
        {
            var text = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            switch (text?.ToLowerInvariant())
            {
                case "free": return EventShowAs.Free;
                case "tentative": return EventShowAs.Tentative;
                case "busy": return EventShowAs.Busy;
                case "oof": return EventShowAs.OutOfOffice;
                case "workingelsewhere": return EventShowAs.WorkingElsewhere;
                case "unknown": return EventShowAs.Unknown;
                default: throw CannotConvert(v, "microsoft.graph.freeBusyStatus");
            }
        }

        private static T Enum<T>(JsonElement v, string type)
            where T : struct
        {
            var text = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (text != null && System.Enum.TryParse<T>(text, true, out var value) && System.Enum.IsDefined(typeof(T), value) && !text.Any(char.IsDigit))
            {
                return value;
            }

            throw CannotConvert(v, "microsoft.graph." + type);
        }

        private static JsonElement Member(JsonElement o, string name) => o.TryGetProperty(name, out var v) ? v : default;

        private static int Int(JsonElement o, string name, int fallback)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return fallback;
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw CannotConvert(v, "Edm.Int32");
        }

        private static DateTime? Date(JsonElement o, string name)
        {
            var text = GraphJson.String(o, name);
            if (text == null)
            {
                return null;
            }

            return DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw GraphException.BadRequest("RequestBodyRead", "Cannot convert the literal '" + text + "' to the expected type 'Edm.Date'.");
        }

        private static bool Bool(JsonElement v, string name) =>
            v.ValueKind == JsonValueKind.True ? true : v.ValueKind == JsonValueKind.False ? false : throw CannotConvert(v, "Edm.Boolean");

        private static string? Text(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Null ? null : v.GetRawText();

        private static GraphException CannotConvert(JsonElement v, string type) =>
            GraphException.BadRequest("RequestBodyRead", "Cannot convert the literal '" + (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) + "' to the expected type '" + type + "'.");
    }

    /// <summary>What a POST or PATCH body sets; null members are left as they are.</summary>
    internal sealed class EventEdit
    {
        public string? Subject { get; set; }

        public string? Body { get; set; }

        public EventBodyType BodyType { get; set; }

        public string? Location { get; set; }

        public (DateTime Utc, string Zone, DateTime Local)? Start { get; set; }

        public (DateTime Utc, string Zone, DateTime Local)? End { get; set; }

        public bool? IsAllDay { get; set; }

        public EventShowAs? ShowAs { get; set; }

        public EventSensitivity? Sensitivity { get; set; }

        public List<string>? Categories { get; set; }

        public List<EventAttendee>? Attendees { get; set; }

        public bool HasRecurrence { get; set; }

        public EventRecurrence? Recurrence { get; set; }

        public int? ReminderMinutes { get; set; }

        public bool? ReminderOn { get; set; }

        public string? TransactionId { get; set; }

        public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Applies the edit to <paramref name="e"/> (its times as the edit gives them, the zone of start).</summary>
        public void ApplyTo(SandboxEvent e)
        {
            if (Subject != null)
            {
                e.Subject = Subject;
            }

            if (Body != null)
            {
                e.Body = Body;
                e.BodyType = BodyType;
            }

            if (Location != null)
            {
                e.Location = Location.Length == 0 ? null : Location;
            }

            if (Start.HasValue)
            {
                e.StartUtc = Start.Value.Utc;
                e.TimeZone = Start.Value.Zone;
            }

            if (End.HasValue)
            {
                e.EndUtc = End.Value.Utc;
            }

            if (IsAllDay.HasValue)
            {
                e.IsAllDay = IsAllDay.Value;
            }

            if (ShowAs.HasValue)
            {
                e.ShowAs = ShowAs.Value;
            }

            if (Sensitivity.HasValue)
            {
                e.Sensitivity = Sensitivity.Value;
            }

            if (Categories != null)
            {
                e.Categories = new List<string>(Categories);
            }

            if (Attendees != null)
            {
                e.Attendees = Attendees.Select(a => new EventAttendee(a.Address, a.Type) { Name = a.Name, Response = AttendeeResponse.None }).ToList();
            }

            if (HasRecurrence)
            {
                e.Recurrence = Recurrence;
            }

            if (ReminderOn == false)
            {
                e.ReminderMinutes = null;
            }
            else if (ReminderMinutes.HasValue)
            {
                e.ReminderMinutes = ReminderMinutes;
            }

            foreach (var p in Properties)
            {
                e.Properties[p.Key] = p.Value;
            }
        }

        /// <summary>The checks Graph makes on the result: end after start, all-day at midnight, the range starting on the start's date.</summary>
        public static void Check(SandboxEvent e)
        {
            if (e.EndUtc < e.StartUtc)
            {
                throw GraphException.BadRequest("ErrorInvalidRequest", "The end of an event cannot be before its start.");
            }

            var zone = RecurrenceExpander.Zone(e.TimeZone);
            if (e.IsAllDay)
            {
                // https://learn.microsoft.com/graph/api/resources/event#properties (isAllDay): start and end at midnight.
                var s = RecurrenceExpander.ToLocal(e.StartUtc, zone);
                var en = RecurrenceExpander.ToLocal(e.EndUtc, zone);
                if (s.TimeOfDay != TimeSpan.Zero || en.TimeOfDay != TimeSpan.Zero || en <= s)
                {
                    throw GraphException.BadRequest("ErrorInvalidRequest", "An all-day event must start and end at midnight, in the same time zone, at least a day apart.");
                }
            }

            if (e.Recurrence != null && e.Recurrence.StartDate.Date != RecurrenceExpander.ToLocal(e.StartUtc, RecurrenceExpander.Zone(e.Recurrence.TimeZone ?? e.TimeZone)).Date)
            {
                // https://learn.microsoft.com/graph/api/resources/recurrencerange: startDate must be the date of the event's start.
                throw GraphException.BadRequest("ErrorInvalidRequest", "The recurrence range's startDate must be the date the event starts on.");
            }
        }

        /// <summary>Whether a retried create describes the same event as the one its transaction id made.</summary>
        public bool SameAs(SandboxEvent earlier) =>
            (Subject ?? string.Empty) == (earlier.Subject ?? string.Empty) &&
            (!Start.HasValue || Start.Value.Utc == earlier.StartUtc) &&
            (!End.HasValue || End.Value.Utc == earlier.EndUtc);
    }
}
