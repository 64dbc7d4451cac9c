using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>m:ItemShape: the base shape, the FieldURIs and the ExtendedFieldURIs asked for.</summary>
    internal sealed class ItemShape
    {
        /// <summary>What BaseShape Default returns for a calendar item (the sandbox's choice, close to Exchange's).</summary>
        private static readonly HashSet<string> DefaultFields = new HashSet<string>(StringComparer.Ordinal)
        {
            "item:ItemId", "item:ParentFolderId", "item:ItemClass", "item:Subject", "item:Sensitivity", "item:Categories",
            "item:ReminderIsSet", "item:ReminderMinutesBeforeStart", "item:LastModifiedTime", "calendar:UID", "calendar:Start",
            "calendar:End", "calendar:OriginalStart", "calendar:IsAllDayEvent", "calendar:LegacyFreeBusyStatus", "calendar:Location",
            "calendar:IsMeeting", "calendar:IsCancelled", "calendar:IsRecurring", "calendar:CalendarItemType", "calendar:MyResponseType",
            "calendar:Organizer", "calendar:RequiredAttendees", "calendar:OptionalAttendees", "calendar:Resources",
        };

        /// <summary>What AllProperties adds on GetItem (never on FindItem: recurrence blobs and bodies are GetItem's).</summary>
        private static readonly HashSet<string> GetItemOnlyFields = new HashSet<string>(StringComparer.Ordinal)
        {
            "item:Body", "item:Preview", "calendar:Recurrence", "calendar:FirstOccurrence", "calendar:ModifiedOccurrences",
            "calendar:DeletedOccurrences", "calendar:StartTimeZone", "calendar:EndTimeZone", "calendar:MeetingTimeZone", "calendar:TimeZone",
        };

        private readonly HashSet<string> fields;

        private ItemShape(string baseShape, HashSet<string> fields, IReadOnlyList<ExtendedField> extended, EventBodyType? bodyType)
        {
            BaseShape = baseShape;
            this.fields = fields;
            Extended = extended;
            BodyType = bodyType;
        }

        public string BaseShape { get; }

        /// <summary>t:BodyType: HTML or Text; null for Best (and when absent: Best is the default), the body as stored.</summary>
        public EventBodyType? BodyType { get; }

        public IReadOnlyList<ExtendedField> Extended { get; }

        public static ItemShape Parse(XElement? shape)
        {
            var baseShape = ((string?)shape?.Element(EwsNames.T + "BaseShape") ?? "Default").Trim();
            var additional = shape?.Element(EwsNames.T + "AdditionalProperties")?.Elements().ToList() ?? new List<XElement>();
            var fields = new HashSet<string>(
                additional.Where(e => e.Name == EwsNames.T + "FieldURI").Select(e => (string?)e.Attribute("FieldURI") ?? string.Empty),
                StringComparer.Ordinal);
            var extended = additional.Where(e => e.Name == EwsNames.T + "ExtendedFieldURI").Select(ExtendedField.Parse).ToList();
            var bodyType = ((string?)shape?.Element(EwsNames.T + "BodyType"))?.Trim();
            return new ItemShape(baseShape, fields, extended, bodyType == "HTML" ? EventBodyType.Html : bodyType == "Text" ? EventBodyType.Text : (EventBodyType?)null);
        }

        /// <summary>Whether a property is written; <paramref name="forFind"/>: FindItem, which never returns GetItem-only properties.</summary>
        public bool Wants(string fieldUri, bool forFind)
        {
            if (fieldUri == "item:ItemId" || fields.Contains(fieldUri))
            {
                return true;
            }

            if (BaseShape == "Default")
            {
                return DefaultFields.Contains(fieldUri);
            }

            if (BaseShape == "AllProperties")
            {
                return DefaultFields.Contains(fieldUri) || (!forFind && GetItemOnlyFields.Contains(fieldUri));
            }

            return false;
        }

        /// <summary>A FindItem shape that asks for a GetItem-only property (ErrorInvalidPropertyRequest).</summary>
        public string? FindItemViolation() => fields.FirstOrDefault(f => f == "item:Body" || f == "calendar:Recurrence" || f == "calendar:ModifiedOccurrences" || f == "calendar:DeletedOccurrences");
    }

    /// <summary>
    /// A t:ExtendedFieldURI ([MS-OXWSXPROP]; https://learn.microsoft.com/exchange/client-developer/web-service-reference/extendedfielduri).
    /// The sandbox keys a property by the id Graph's singleValueExtendedProperties use ("String {GUID} Name X" with the GUID
    /// upper-case as Graph writes PS_PUBLIC_STRINGS, "String 0x1234"), so both protocols read and write one value.
    /// </summary>
    internal sealed class ExtendedField
    {
        // Well-known property sets, https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxprops/ (2.* property set GUIDs).
        private static readonly Dictionary<string, string> PropertySets = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Meeting"] = "6ed8da90-450b-101b-98da-00aa003f1305",
            ["Appointment"] = "00062002-0000-0000-c000-000000000046",
            ["Common"] = "00062008-0000-0000-c000-000000000046",
            ["PublicStrings"] = "00020329-0000-0000-c000-000000000046",
            ["Address"] = "00062004-0000-0000-c000-000000000046",
            ["InternetHeaders"] = "00020386-0000-0000-c000-000000000046",
            ["CalendarAssistant"] = "11000e07-b51b-40d6-af21-caa85edab1d0",
            ["UnifiedMessaging"] = "4442858e-a9e3-4e80-b900-317a210cc15b",
            ["Task"] = "00062003-0000-0000-c000-000000000046",
            ["Sharing"] = "00062040-0000-0000-c000-000000000046",
        };

        private ExtendedField(XElement element, string key, string type)
        {
            Element = element;
            Key = key;
            Type = type;
        }

        /// <summary>The URI as the request spelled it (echoed back in responses).</summary>
        public XElement Element { get; }

        public string Key { get; }

        public string Type { get; }

        public bool IsArray => Type.EndsWith("Array", StringComparison.Ordinal);

        public static ExtendedField Parse(XElement uri)
        {
            var type = (string?)uri.Attribute("PropertyType") ?? string.Empty;
            var tag = (string?)uri.Attribute("PropertyTag");
            var distinguished = (string?)uri.Attribute("DistinguishedPropertySetId");
            var setId = (string?)uri.Attribute("PropertySetId");
            var name = (string?)uri.Attribute("PropertyName");
            var id = (string?)uri.Attribute("PropertyId");
            string key;
            if (tag != null)
            {
                if (distinguished != null || setId != null || name != null || id != null)
                {
                    throw new EwsItemException("ErrorInvalidExtendedProperty");
                }

                var number = tag.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    ? int.Parse(tag.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                    : int.Parse(tag, CultureInfo.InvariantCulture);
                key = type + " 0x" + number.ToString("X4", CultureInfo.InvariantCulture);
            }
            else
            {
                if ((distinguished == null) == (setId == null) || (name == null) == (id == null))
                {
                    throw new EwsItemException("ErrorInvalidExtendedProperty");
                }

                var guid = setId != null ? Guid.Parse(setId).ToString("D") : PropertySets.TryGetValue(distinguished!, out var g) ? g : throw new EwsItemException("ErrorInvalidExtendedProperty");
                key = type + " {" + guid.ToUpperInvariant() + "} " + (name != null ? "Name " + name : "Id 0x" + int.Parse(id!, CultureInfo.InvariantCulture).ToString("X4", CultureInfo.InvariantCulture));
            }

            return new ExtendedField(new XElement(uri), key, type);
        }

        /// <summary>The value of a t:ExtendedProperty (Values joined by a newline for array types).</summary>
        public static string ReadValue(XElement property, ExtendedField field)
        {
            var value = property.Element(EwsNames.T + "Value");
            var values = property.Element(EwsNames.T + "Values");
            var text = value != null ? value.Value : string.Join("\n", values?.Elements(EwsNames.T + "Value").Select(v => v.Value) ?? Enumerable.Empty<string>());
            Validate(text, field);
            return text;
        }

        private static void Validate(string text, ExtendedField field)
        {
            bool ok;
            switch (field.Type)
            {
                case "Integer":
                case "Short":
                    ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
                    break;
                case "Long":
                    ok = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
                    break;
                case "Boolean":
                    ok = text == "true" || text == "false" || text == "1" || text == "0";
                    break;
                case "SystemTime":
                    ok = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
                    break;
                default:
                    ok = true;
                    break;
            }

            if (!ok)
            {
                throw new EwsItemException("ErrorInvalidExtendedPropertyValue");
            }
        }

        public XElement Write(string value) =>
            new XElement(EwsNames.T + "ExtendedProperty",
                new XElement(Element),
                IsArray
                    ? new XElement(EwsNames.T + "Values", value.Split('\n').Select(v => new XElement(EwsNames.T + "Value", v)))
                    : new XElement(EwsNames.T + "Value", value));
    }

    /// <summary>
    /// Writes and reads t:CalendarItem in schema order (ItemType, then CalendarItemType; types.xsd), from the event store's
    /// items. Times are written in UTC. Version gates: StartTimeZone/EndTimeZone from Exchange2010, MeetingTimeZone before
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/starttimezone), WorkingElsewhere from
    /// Exchange2013 (https://learn.microsoft.com/exchange/client-developer/web-service-reference/legacyfreebusystatus).
    /// </summary>
    internal static class CalendarItemXml
    {
        private static readonly XNamespace T = EwsNames.T;

        private static readonly string[] VersionOrder =
        {
            "Exchange2007", "Exchange2007_SP1", "Exchange2009", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2", "Exchange2012",
            "Exchange2013", "Exchange2013_SP1", "Exchange2015", "Exchange2016", "V2015_10_05", "V2016_01_06", "V2016_04_13",
            "V2016_07_13", "V2016_10_10", "V2017_01_07", "V2017_04_14", "V2017_07_11",
        };

        public static bool AtLeast(string version, string minimum) => Array.IndexOf(VersionOrder, version) >= Array.IndexOf(VersionOrder, minimum);

        public static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public static string FreeBusy(EventShowAs showAs, string version)
        {
            switch (showAs)
            {
                case EventShowAs.Free: return "Free";
                case EventShowAs.Tentative: return "Tentative";
                case EventShowAs.OutOfOffice: return "OOF";
                // Before Exchange 2013 the value does not exist; the sandbox shows it as Free (its choice).
                case EventShowAs.WorkingElsewhere: return AtLeast(version, "Exchange2013") ? "WorkingElsewhere" : "Free";
                case EventShowAs.Unknown: return "NoData";
                default: return "Busy";
            }
        }

        public static EventShowAs ParseFreeBusy(string text, string version)
        {
            switch (text.Trim())
            {
                case "Free": return EventShowAs.Free;
                case "Tentative": return EventShowAs.Tentative;
                case "Busy": return EventShowAs.Busy;
                case "OOF": return EventShowAs.OutOfOffice;
                case "WorkingElsewhere":
                    if (!AtLeast(version, "Exchange2013"))
                    {
                        throw new EwsFaultException("ErrorSchemaValidation", "The request failed schema validation: WorkingElsewhere needs RequestServerVersion Exchange2013 or later.", new[]
                        {
                            new KeyValuePair<string, string>("Line", "1"), new KeyValuePair<string, string>("Position", "1"),
                        });
                    }

                    return EventShowAs.WorkingElsewhere;
                case "NoData": return EventShowAs.Unknown;
                default: throw new FormatException("Unknown LegacyFreeBusyStatus " + text);
            }
        }

        /// <summary>
        /// A private item as someone reading the calendar by its permissions sees it: times and status, no subject, location,
        /// body, attendees, categories or extended properties (the sandbox's choice; delegates with ViewPrivateItems are not modelled).
        /// </summary>
        public static SandboxOccurrence Masked(SandboxOccurrence o)
        {
            if (!o.Item.IsPrivate)
            {
                return o;
            }

            var item = o.Item.Clone();
            item.Subject = null;
            item.Location = null;
            item.Body = null;
            item.Attendees.Clear();
            item.Categories.Clear();
            item.Properties.Clear();
            return new SandboxOccurrence(item, o.Kind, o.Id, o.StartUtc, o.EndUtc, o.Master, o.OriginalStartUtc);
        }

        /// <summary>One calendar item as a view or GetItem shows it.</summary>
        public static XElement Write(SandboxOccurrence o, SandboxFolder folder, ItemShape shape, bool forFind, string version)
        {
            var item = o.Item;
            var master = o.Kind == EventKind.SeriesMaster ? item : o.Master;
            bool W(string field) => shape.Wants(field, forFind);
            var e = new XElement(T + "CalendarItem",
                new XElement(T + "ItemId", new XAttribute("Id", o.Id), new XAttribute("ChangeKey", EventIds.ChangeKey(master ?? item))));
            if (W("item:ParentFolderId"))
            {
                e.Add(new XElement(T + "ParentFolderId", new XAttribute("Id", folder.Id), new XAttribute("ChangeKey", folder.CurrentChangeKey)));
            }

            if (W("item:ItemClass"))
            {
                e.Add(new XElement(T + "ItemClass", "IPM.Appointment"));
            }

            if (W("item:Subject") && item.Subject != null)
            {
                e.Add(new XElement(T + "Subject", item.Subject));
            }

            if (W("item:Sensitivity"))
            {
                e.Add(new XElement(T + "Sensitivity", item.Sensitivity.ToString()));
            }

            if (W("item:Body"))
            {
                var body = EventBodyRules.Render(item, shape.BodyType);
                e.Add(new XElement(T + "Body", new XAttribute("BodyType", body.Type == EventBodyType.Html ? "HTML" : "Text"), body.Content));
            }

            if (W("item:Categories") && item.Categories.Count > 0)
            {
                e.Add(new XElement(T + "Categories", item.Categories.Select(c => new XElement(T + "String", c))));
            }

            if (W("item:ReminderIsSet"))
            {
                e.Add(new XElement(T + "ReminderIsSet", item.ReminderMinutes.HasValue ? "true" : "false"));
            }

            if (W("item:ReminderMinutesBeforeStart"))
            {
                e.Add(new XElement(T + "ReminderMinutesBeforeStart", (item.ReminderMinutes ?? 15).ToString(CultureInfo.InvariantCulture)));
            }

            foreach (var field in shape.Extended)
            {
                if (item.Properties.TryGetValue(field.Key, out var value))
                {
                    e.Add(field.Write(value));
                }
            }

            if (W("item:LastModifiedTime"))
            {
                e.Add(new XElement(T + "LastModifiedTime", Utc(item.LastModifiedUtc == default ? item.CreatedUtc : item.LastModifiedUtc)));
            }

            if (W("item:Preview") && EventBodyRules.Preview(item) is string preview)
            {
                e.Add(new XElement(T + "Preview", preview));
            }

            if (W("calendar:UID") && !string.IsNullOrEmpty(item.Uid))
            {
                e.Add(new XElement(T + "UID", item.Uid));
            }

            if (W("calendar:Start"))
            {
                e.Add(new XElement(T + "Start", Utc(o.StartUtc)));
            }

            if (W("calendar:End"))
            {
                e.Add(new XElement(T + "End", Utc(o.EndUtc)));
            }

            if (W("calendar:OriginalStart") && o.OriginalStartUtc.HasValue && (o.Kind == EventKind.Occurrence || o.Kind == EventKind.Exception))
            {
                e.Add(new XElement(T + "OriginalStart", Utc(o.OriginalStartUtc.Value)));
            }

            if (W("calendar:IsAllDayEvent"))
            {
                e.Add(new XElement(T + "IsAllDayEvent", item.IsAllDay ? "true" : "false"));
            }

            if (W("calendar:LegacyFreeBusyStatus"))
            {
                e.Add(new XElement(T + "LegacyFreeBusyStatus", FreeBusy(item.ShowAs, version)));
            }

            if (W("calendar:Location") && item.Location != null)
            {
                e.Add(new XElement(T + "Location", item.Location));
            }

            if (W("calendar:IsMeeting"))
            {
                e.Add(new XElement(T + "IsMeeting", item.IsMeeting ? "true" : "false"));
            }

            if (W("calendar:IsCancelled"))
            {
                e.Add(new XElement(T + "IsCancelled", item.IsCancelled ? "true" : "false"));
            }

            if (W("calendar:IsRecurring"))
            {
                e.Add(new XElement(T + "IsRecurring", o.Kind == EventKind.SingleInstance ? "false" : "true"));
            }

            if (W("calendar:CalendarItemType"))
            {
                e.Add(new XElement(T + "CalendarItemType", KindName(o.Kind)));
            }

            var isOrganizer = item.Organizer == null || string.Equals(item.Organizer, folder.Mailbox.Address, StringComparison.OrdinalIgnoreCase);
            if (W("calendar:MyResponseType"))
            {
                e.Add(new XElement(T + "MyResponseType", isOrganizer ? "Organizer" : "NoResponseReceived"));
            }

            if (W("calendar:Organizer"))
            {
                var organizer = item.Organizer ?? folder.Mailbox.Address;
                e.Add(new XElement(T + "Organizer", Mailbox(organizer, organizer == folder.Mailbox.Address ? folder.Mailbox.Account.DisplayName : null)));
            }

            AddAttendees(e, W("calendar:RequiredAttendees"), "RequiredAttendees", item.Attendees.Where(a => a.Type == EventAttendeeType.Required));
            AddAttendees(e, W("calendar:OptionalAttendees"), "OptionalAttendees", item.Attendees.Where(a => a.Type == EventAttendeeType.Optional));
            AddAttendees(e, W("calendar:Resources"), "Resources", item.Attendees.Where(a => a.Type == EventAttendeeType.Resource));

            if (W("calendar:TimeZone"))
            {
                e.Add(new XElement(T + "TimeZone", RecurrenceExpander.Zone(item.TimeZone).StandardName));
            }

            if (o.Kind == EventKind.SeriesMaster && item.Recurrence != null)
            {
                if (W("calendar:Recurrence"))
                {
                    e.Add(Recurrence(item.Recurrence));
                }

                if (W("calendar:FirstOccurrence"))
                {
                    var first = RecurrenceExpander.Expand(item, item.StartUtc.AddDays(-1), item.StartUtc.AddYears(5)).FirstOrDefault();
                    if (first != null)
                    {
                        e.Add(Occurrence("FirstOccurrence", first.Id, first.StartUtc, first.EndUtc, first.OriginalStartUtc ?? first.StartUtc));
                    }
                }

                if (W("calendar:ModifiedOccurrences") && item.Modified.Count > 0)
                {
                    e.Add(new XElement(T + "ModifiedOccurrences", item.Modified.OrderBy(p => p.Key).Select(p =>
                        Occurrence("Occurrence", EventIds.OccurrenceId(item.Id, p.Key), p.Value.StartUtc, p.Value.EndUtc, p.Key))));
                }

                if (W("calendar:DeletedOccurrences") && item.Cancelled.Count > 0)
                {
                    e.Add(new XElement(T + "DeletedOccurrences", item.Cancelled.OrderBy(d => d).Select(d =>
                        new XElement(T + "DeletedOccurrence", new XElement(T + "Start", Utc(d))))));
                }
            }

            var zone = master?.TimeZone ?? item.TimeZone;
            if (!AtLeast(version, "Exchange2010"))
            {
                if (W("calendar:MeetingTimeZone"))
                {
                    e.Add(new XElement(T + "MeetingTimeZone", new XAttribute("TimeZoneName", zone)));
                }
            }
            else
            {
                if (W("calendar:StartTimeZone"))
                {
                    e.Add(ZoneDefinition("StartTimeZone", zone));
                }

                if (W("calendar:EndTimeZone"))
                {
                    e.Add(ZoneDefinition("EndTimeZone", zone));
                }
            }

            return e;
        }

        public static string KindName(EventKind kind) =>
            kind == EventKind.Occurrence ? "Occurrence" : kind == EventKind.Exception ? "Exception" : kind == EventKind.SeriesMaster ? "RecurringMaster" : "Single";

        private static XElement ZoneDefinition(string name, string zone) =>
            new XElement(T + name, new XAttribute("Id", zone), new XAttribute("Name", RecurrenceExpander.Zone(zone).DisplayName));

        private static XElement Occurrence(string name, string id, DateTime start, DateTime end, DateTime originalStart) =>
            new XElement(T + name,
                new XElement(T + "ItemId", new XAttribute("Id", id)),
                new XElement(T + "Start", Utc(start)),
                new XElement(T + "End", Utc(end)),
                new XElement(T + "OriginalStart", Utc(originalStart)));

        private static void AddAttendees(XElement e, bool wanted, string name, IEnumerable<EventAttendee> attendees)
        {
            var list = attendees.ToList();
            if (wanted && list.Count > 0)
            {
                e.Add(new XElement(T + name, list.Select(a => new XElement(T + "Attendee",
                    Mailbox(a.Address, a.Name),
                    new XElement(T + "ResponseType", Response(a.Response))))));
            }
        }

        private static XElement Mailbox(string address, string? name) =>
            new XElement(T + "Mailbox",
                name == null ? null : new XElement(T + "Name", name),
                new XElement(T + "EmailAddress", address),
                new XElement(T + "RoutingType", "SMTP"));

        private static string Response(AttendeeResponse response)
        {
            switch (response)
            {
                case AttendeeResponse.Organizer: return "Organizer";
                case AttendeeResponse.Tentative: return "Tentative";
                case AttendeeResponse.Accepted: return "Accept";
                case AttendeeResponse.Declined: return "Decline";
                case AttendeeResponse.NotResponded: return "NoResponseReceived";
                default: return "Unknown";
            }
        }

        private static AttendeeResponse ParseResponse(string? text)
        {
            switch (text)
            {
                case "Organizer": return AttendeeResponse.Organizer;
                case "Tentative": return AttendeeResponse.Tentative;
                case "Accept": return AttendeeResponse.Accepted;
                case "Decline": return AttendeeResponse.Declined;
                case "NoResponseReceived": return AttendeeResponse.NotResponded;
                default: return AttendeeResponse.None;
            }
        }

        // ------------------------------------------------------------------ recurrence

        public static XElement Recurrence(EventRecurrence r)
        {
            XElement pattern;
            var interval = new XElement(T + "Interval", Math.Max(1, r.Interval).ToString(CultureInfo.InvariantCulture));
            var month = r.Month >= 1 && r.Month <= 12 ? CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(r.Month) : "January";
            var firstDay = r.DaysOfWeek.Count > 0 ? r.DaysOfWeek[0].ToString() : "Monday";
            switch (r.Pattern)
            {
                case RecurrencePatternKind.Daily:
                    pattern = new XElement(T + "DailyRecurrence", interval);
                    break;
                case RecurrencePatternKind.Weekly:
                    pattern = new XElement(T + "WeeklyRecurrence", interval,
                        new XElement(T + "DaysOfWeek", string.Join(" ", r.DaysOfWeek.Select(d => d.ToString()))),
                        new XElement(T + "FirstDayOfWeek", r.FirstDayOfWeek.ToString()));
                    break;
                case RecurrencePatternKind.AbsoluteMonthly:
                    pattern = new XElement(T + "AbsoluteMonthlyRecurrence", interval, new XElement(T + "DayOfMonth", r.DayOfMonth.ToString(CultureInfo.InvariantCulture)));
                    break;
                case RecurrencePatternKind.RelativeMonthly:
                    pattern = new XElement(T + "RelativeMonthlyRecurrence", interval, new XElement(T + "DaysOfWeek", firstDay), new XElement(T + "DayOfWeekIndex", r.Index.ToString()));
                    break;
                case RecurrencePatternKind.AbsoluteYearly:
                    pattern = new XElement(T + "AbsoluteYearlyRecurrence", new XElement(T + "DayOfMonth", r.DayOfMonth.ToString(CultureInfo.InvariantCulture)), new XElement(T + "Month", month));
                    break;
                default:
                    pattern = new XElement(T + "RelativeYearlyRecurrence", new XElement(T + "DaysOfWeek", firstDay), new XElement(T + "DayOfWeekIndex", r.Index.ToString()), new XElement(T + "Month", month));
                    break;
            }

            var start = new XElement(T + "StartDate", r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            XElement range;
            switch (r.RangeType)
            {
                case RecurrenceRangeKind.EndDate:
                    range = new XElement(T + "EndDateRecurrence", start, new XElement(T + "EndDate", (r.EndDate ?? r.StartDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    break;
                case RecurrenceRangeKind.Numbered:
                    range = new XElement(T + "NumberedRecurrence", start, new XElement(T + "NumberOfOccurrences", (r.NumberOfOccurrences ?? 1).ToString(CultureInfo.InvariantCulture)));
                    break;
                default:
                    range = new XElement(T + "NoEndRecurrence", start);
                    break;
            }

            return new XElement(T + "Recurrence", pattern, range);
        }

        public static EventRecurrence ParseRecurrence(XElement recurrence, string timeZone)
        {
            var elements = recurrence.Elements().ToList();
            if (elements.Count != 2)
            {
                throw new EwsItemException("ErrorCalendarInvalidRecurrence");
            }

            var p = elements[0];
            var r = new EventRecurrence { TimeZone = timeZone };
            int Int(XElement parent, string name) => int.Parse(((string?)parent.Element(T + name) ?? "0").Trim(), CultureInfo.InvariantCulture);
            List<DayOfWeek> Days(XElement parent) =>
                ((string?)parent.Element(T + "DaysOfWeek") ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(d => Enum.TryParse<DayOfWeek>(d, out var day) ? day : throw new EwsItemException("ErrorCalendarInvalidRecurrence", "The sandbox supports named days of the week only (not " + d + ")."))
                    .ToList();
            int Month(XElement parent) => DateTime.ParseExact((string)parent.Element(T + "Month")!, "MMMM", CultureInfo.InvariantCulture).Month;
            RecurrenceWeekIndex Index(XElement parent) => (RecurrenceWeekIndex)Enum.Parse(typeof(RecurrenceWeekIndex), (string)parent.Element(T + "DayOfWeekIndex")!);
            switch (p.Name.LocalName)
            {
                case "DailyRecurrence":
                    r.Pattern = RecurrencePatternKind.Daily;
                    r.Interval = Int(p, "Interval");
                    break;
                case "WeeklyRecurrence":
                    r.Pattern = RecurrencePatternKind.Weekly;
                    r.Interval = Int(p, "Interval");
                    r.DaysOfWeek = Days(p);
                    var first = (string?)p.Element(T + "FirstDayOfWeek");
                    r.FirstDayOfWeek = first != null && Enum.TryParse<DayOfWeek>(first, out var f) ? f : DayOfWeek.Sunday;
                    break;
                case "AbsoluteMonthlyRecurrence":
                    r.Pattern = RecurrencePatternKind.AbsoluteMonthly;
                    r.Interval = Int(p, "Interval");
                    r.DayOfMonth = Int(p, "DayOfMonth");
                    break;
                case "RelativeMonthlyRecurrence":
                    r.Pattern = RecurrencePatternKind.RelativeMonthly;
                    r.Interval = Int(p, "Interval");
                    r.DaysOfWeek = Days(p);
                    r.Index = Index(p);
                    break;
                case "AbsoluteYearlyRecurrence":
                    r.Pattern = RecurrencePatternKind.AbsoluteYearly;
                    r.DayOfMonth = Int(p, "DayOfMonth");
                    r.Month = Month(p);
                    break;
                case "RelativeYearlyRecurrence":
                    r.Pattern = RecurrencePatternKind.RelativeYearly;
                    r.DaysOfWeek = Days(p);
                    r.Index = Index(p);
                    r.Month = Month(p);
                    break;
                default:
                    throw new EwsItemException("ErrorCalendarInvalidRecurrence");
            }

            if (r.Interval < 1 && (r.Pattern == RecurrencePatternKind.Daily || r.Pattern == RecurrencePatternKind.Weekly || r.Pattern == RecurrencePatternKind.AbsoluteMonthly || r.Pattern == RecurrencePatternKind.RelativeMonthly))
            {
                throw new EwsItemException("ErrorCalendarInvalidRecurrence");
            }

            var range = elements[1];
            r.StartDate = ParseDate((string)range.Element(T + "StartDate")!);
            switch (range.Name.LocalName)
            {
                case "EndDateRecurrence":
                    r.RangeType = RecurrenceRangeKind.EndDate;
                    r.EndDate = ParseDate((string)range.Element(T + "EndDate")!);
                    break;
                case "NumberedRecurrence":
                    r.RangeType = RecurrenceRangeKind.Numbered;
                    r.NumberOfOccurrences = Int(range, "NumberOfOccurrences");
                    break;
                default:
                    r.RangeType = RecurrenceRangeKind.NoEnd;
                    break;
            }

            return r;
        }

        /// <summary>An xs:date, with or without a zone suffix (Exchange writes "2026-12-07-08:00"): the date part.</summary>
        private static DateTime ParseDate(string text) =>
            DateTime.ParseExact(text.Trim().Substring(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);

        // ------------------------------------------------------------------ reading items (CreateItem, UpdateItem)

        /// <summary>An xs:dateTime: with Z or an offset it is that instant; without, local time in <paramref name="zone"/>.</summary>
        public static DateTime ParseDateTime(string text, string zone)
        {
            text = text.Trim();
            var hasZone = text.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || (text.Length > 19 && (text.LastIndexOf('+') > 10 || text.LastIndexOf('-') > 10));
            if (hasZone)
            {
                return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime;
            }

            var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
            return RecurrenceExpander.ToUtc(local, RecurrenceExpander.Zone(zone));
        }

        /// <summary>The time zone a create or update names: StartTimeZone (2010+), MeetingTimeZone (2007), else null.</summary>
        public static string? ZoneOf(XElement calendarItem, string version)
        {
            var start = calendarItem.Element(T + "StartTimeZone");
            var meeting = calendarItem.Element(T + "MeetingTimeZone");
            if (start != null || calendarItem.Element(T + "EndTimeZone") != null)
            {
                if (!AtLeast(version, "Exchange2010"))
                {
                    throw new EwsFaultException("ErrorSchemaValidation", "The request failed schema validation: StartTimeZone needs RequestServerVersion Exchange2010 or later.", new[]
                    {
                        new KeyValuePair<string, string>("Line", "1"), new KeyValuePair<string, string>("Position", "1"),
                    });
                }

                var id = (string?)start?.Attribute("Id") ?? (string?)calendarItem.Element(T + "EndTimeZone")?.Attribute("Id");
                return CheckZone(id);
            }

            if (meeting != null)
            {
                return CheckZone((string?)meeting.Attribute("TimeZoneName"));
            }

            return null;
        }

        private static string CheckZone(string? id)
        {
            if (string.IsNullOrWhiteSpace(id) || !TimeZoneConverter.TZConvert.TryGetTimeZoneInfo(id!, out _))
            {
                throw new EwsItemException("ErrorCalendarInvalidTimeZone", "The time zone " + id + " is not known to the server.");
            }

            return id!.Trim();
        }

        /// <summary>
        /// Applies the properties of a t:CalendarItem to an event (CreateItem: all of them; UpdateItem: the one of a
        /// SetItemField). <paramref name="zone"/> is the zone unqualified times are in.
        /// </summary>
        public static void Apply(XElement calendarItem, SandboxEvent target, string zone, string version, SandboxOrganization org)
        {
            foreach (var p in calendarItem.Elements())
            {
                switch (p.Name.LocalName)
                {
                    case "Subject": target.Subject = p.Value; break;
                    case "Sensitivity": target.Sensitivity = (EventSensitivity)Enum.Parse(typeof(EventSensitivity), p.Value.Trim()); break;
                    case "Body":
                        target.Body = p.Value;
                        target.BodyType = ((string?)p.Attribute("BodyType"))?.Trim() == "HTML" ? EventBodyType.Html : EventBodyType.Text;
                        break;
                    case "Categories": target.Categories = p.Elements(T + "String").Select(s => s.Value).ToList(); break;
                    case "ReminderIsSet":
                        if (!XmlConvert.ToBoolean(p.Value.Trim()))
                        {
                            target.ReminderMinutes = null;
                        }
                        else
                        {
                            target.ReminderMinutes ??= 15;
                        }

                        break;
                    case "ReminderMinutesBeforeStart": target.ReminderMinutes = int.Parse(p.Value.Trim(), CultureInfo.InvariantCulture); break;
                    case "ExtendedProperty":
                        var field = ExtendedField.Parse(p.Element(T + "ExtendedFieldURI")!);
                        target.Properties[field.Key] = ExtendedField.ReadValue(p, field);
                        break;
                    case "Start": target.StartUtc = ParseDateTime(p.Value, zone); break;
                    case "End": target.EndUtc = ParseDateTime(p.Value, zone); break;
                    case "IsAllDayEvent": target.IsAllDay = XmlConvert.ToBoolean(p.Value.Trim()); break;
                    case "LegacyFreeBusyStatus": target.ShowAs = ParseFreeBusy(p.Value, version); break;
                    case "Location": target.Location = p.Value; break;
                    case "RequiredAttendees": ReplaceAttendees(target, p, EventAttendeeType.Required, org); break;
                    case "OptionalAttendees": ReplaceAttendees(target, p, EventAttendeeType.Optional, org); break;
                    case "Resources": ReplaceAttendees(target, p, EventAttendeeType.Resource, org); break;
                    case "Recurrence": target.Recurrence = ParseRecurrence(p, zone); break;
                    case "StartTimeZone":
                    case "EndTimeZone":
                    case "MeetingTimeZone":
                        target.TimeZone = ZoneOf(calendarItem, version) ?? target.TimeZone;
                        if (target.Recurrence != null)
                        {
                            target.Recurrence.TimeZone = target.TimeZone;
                        }

                        break;
                    default:
                        throw new EwsItemException("ErrorInvalidPropertySet", "The sandbox cannot set " + p.Name.LocalName + " on a calendar item.");
                }
            }
        }

        private static void ReplaceAttendees(SandboxEvent target, XElement list, EventAttendeeType type, SandboxOrganization org)
        {
            target.Attendees.RemoveAll(a => a.Type == type);
            foreach (var attendee in list.Elements(T + "Attendee"))
            {
                var mailbox = attendee.Element(T + "Mailbox");
                var address = ((string?)mailbox?.Element(T + "EmailAddress") ?? string.Empty).Trim();
                if (address.Length == 0)
                {
                    throw new EwsItemException("ErrorMissingEmailAddress", "An attendee has no e-mail address.");
                }

                var name = (string?)mailbox!.Element(T + "Name") ?? org.FindAccount(address)?.DisplayName;
                target.Attendees.Add(new EventAttendee(address, type) { Name = name, Response = ParseResponse((string?)attendee.Element(T + "ResponseType")) });
            }
        }

        /// <summary>Clears the property a DeleteItemField names.</summary>
        public static void Delete(string fieldUri, SandboxEvent target)
        {
            switch (fieldUri)
            {
                case "item:Body": target.Body = null; target.BodyType = EventBodyType.Text; break;
                case "item:Categories": target.Categories.Clear(); break;
                case "calendar:Location": target.Location = null; break;
                case "item:ReminderMinutesBeforeStart": target.ReminderMinutes = null; break;
                case "calendar:RequiredAttendees": target.Attendees.RemoveAll(a => a.Type == EventAttendeeType.Required); break;
                case "calendar:OptionalAttendees": target.Attendees.RemoveAll(a => a.Type == EventAttendeeType.Optional); break;
                case "calendar:Resources": target.Attendees.RemoveAll(a => a.Type == EventAttendeeType.Resource); break;
                default: throw new EwsItemException("ErrorInvalidPropertyDelete", "The property " + fieldUri + " cannot be deleted.");
            }
        }
    }
}
