using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// A t:ExtendedFieldURI for a named String property (https://learn.microsoft.com/exchange/client-developer/web-service-reference/extendedfielduri).
    /// A plain name goes into PS_PUBLIC_STRINGS (DistinguishedPropertySetId="PublicStrings", the set Graph's
    /// singleValueExtendedProperties call {00020329-0000-0000-C000-000000000046}), so a stamp written over EWS and one
    /// written over Graph are the same property of the item ([MS-OXPROPS] 1.3.2). A name in Graph's id form
    /// ("String {guid} Name x") names its own set.
    /// </summary>
    internal sealed class EwsExtendedField
    {
        public const string PublicStringsGuid = "00020329-0000-0000-c000-000000000046";

        public EwsExtendedField(string name)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            var parts = name.Split(new[] { ' ' }, 4);
            if (parts.Length == 4 && parts[0] == "String" && parts[2] == "Name" && Guid.TryParse(parts[1].Trim('{', '}'), out var set))
            {
                SetId = set.ToString("D");
                PropertyName = parts[3];
            }
            else
            {
                SetId = PublicStringsGuid;
                PropertyName = name;
            }
        }

        /// <summary>The name Core uses (plain, or Graph's id form).</summary>
        public string Name { get; }

        public string SetId { get; }

        public string PropertyName { get; }

        public XElement Uri() =>
            new XElement(EwsXml.T + "ExtendedFieldURI",
                SetId == PublicStringsGuid ? new XAttribute("DistinguishedPropertySetId", "PublicStrings") : new XAttribute("PropertySetId", SetId),
                new XAttribute("PropertyName", PropertyName),
                new XAttribute("PropertyType", "String"));

        public XElement Property(string value) => new XElement(EwsXml.T + "ExtendedProperty", Uri(), new XElement(EwsXml.T + "Value", value));

        /// <summary>
        /// The name a returned ExtendedFieldURI stands for (matched on attributes, never on position): a plain name for
        /// PublicStrings, Graph's id form for another set; null for a tag or an id.
        /// </summary>
        public static string? NameOf(XElement? uri)
        {
            var name = uri.Attr("PropertyName");
            if (uri == null || name == null)
            {
                return null;
            }

            var set = uri.Attr("DistinguishedPropertySetId") == "PublicStrings" ? PublicStringsGuid
                : Guid.TryParse(uri.Attr("PropertySetId") ?? string.Empty, out var g) ? g.ToString("D") : null;
            return set == null ? null : set == PublicStringsGuid ? name : "String {" + set.ToUpperInvariant() + "} Name " + name;
        }
    }

    /// <summary>A t:OccurrenceInfoType (FirstOccurrence, ModifiedOccurrences/Occurrence).</summary>
    internal sealed class EwsOccurrenceInfo
    {
        public string Id { get; set; } = string.Empty;

        public DateTime StartUtc { get; set; }

        public DateTime EndUtc { get; set; }

        public DateTime OriginalStartUtc { get; set; }
    }

    /// <summary>A t:CalendarItem as read, times in UTC, in the words of the schema.</summary>
    internal sealed class EwsCalendarItem
    {
        public EwsItemId ItemId { get; set; } = new EwsItemId(string.Empty, null);

        public string? ParentFolderId { get; set; }

        public string? Subject { get; set; }

        public string? Sensitivity { get; set; }

        public string? Body { get; set; }

        /// <summary>The BodyType attribute of t:Body: "HTML" or "Text" (types.xsd BodyTypeType).</summary>
        public string? BodyType { get; set; }

        public List<string> Categories { get; } = new List<string>();

        public bool? ReminderIsSet { get; set; }

        public int? ReminderMinutes { get; set; }

        public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public DateTime? LastModifiedUtc { get; set; }

        public string? Uid { get; set; }

        public DateTime? StartUtc { get; set; }

        public DateTime? EndUtc { get; set; }

        public DateTime? OriginalStartUtc { get; set; }

        public bool IsAllDay { get; set; }

        public string? FreeBusy { get; set; }

        public string? Location { get; set; }

        public bool IsCancelled { get; set; }

        /// <summary>Single, Occurrence, Exception, RecurringMaster.</summary>
        public string? ItemType { get; set; }

        public string? Organizer { get; set; }

        /// <summary>(address, name, Required|Optional|Resource, ResponseType).</summary>
        public List<(string Address, string? Name, string Type, string? Response)> Attendees { get; } = new List<(string, string?, string, string?)>();

        public XElement? Recurrence { get; set; }

        public EwsOccurrenceInfo? FirstOccurrence { get; set; }

        public List<EwsOccurrenceInfo> ModifiedOccurrences { get; } = new List<EwsOccurrenceInfo>();

        public List<DateTime> DeletedOccurrences { get; } = new List<DateTime>();

        /// <summary>StartTimeZone/@Id (2010+) or MeetingTimeZone/@TimeZoneName (2007).</summary>
        public string? TimeZone { get; set; }
    }

    internal sealed class EwsItemId
    {
        public EwsItemId(string id, string? changeKey)
        {
            Id = id;
            ChangeKey = changeKey;
        }

        public string Id { get; }

        public string? ChangeKey { get; }
    }

    /// <summary>An id in an m:ItemIds list: a plain ItemId, or the series of an occurrence (RecurringMasterItemId).</summary>
    internal sealed class EwsItemReference
    {
        private EwsItemReference(string id, string? changeKey, bool masterOf)
        {
            Id = id;
            ChangeKey = changeKey;
            MasterOf = masterOf;
        }

        public string Id { get; }

        public string? ChangeKey { get; }

        public bool MasterOf { get; }

        public static EwsItemReference Item(string id, string? changeKey = null) => new EwsItemReference(id, changeKey, false);

        /// <summary>The series master of the occurrence or exception with this id.</summary>
        public static EwsItemReference SeriesOf(string occurrenceId) => new EwsItemReference(occurrenceId, null, true);

        public XElement Write() =>
            MasterOf
                ? new XElement(EwsXml.T + "RecurringMasterItemId", new XAttribute("OccurrenceId", Id))
                : new XElement(EwsXml.T + "ItemId", new XAttribute("Id", Id), ChangeKey == null ? null : new XAttribute("ChangeKey", ChangeKey));
    }

    /// <summary>Writers and readers of calendar items, in the exact order of ItemType then CalendarItemType (types.xsd).</summary>
    internal static class EwsCalendarXml
    {
        private static readonly XNamespace T = EwsXml.T;

        /// <summary>The properties a calendar view may return (https://learn.microsoft.com/exchange/client-developer/web-service-reference/calendarview).</summary>
        public static readonly string[] ViewFields =
        {
            "item:Subject", "item:Sensitivity", "item:Categories", "item:LastModifiedTime", "calendar:UID", "calendar:Start", "calendar:End",
            "calendar:OriginalStart", "calendar:IsAllDayEvent", "calendar:LegacyFreeBusyStatus", "calendar:Location", "calendar:IsCancelled",
            "calendar:CalendarItemType", "calendar:Organizer", "calendar:RequiredAttendees", "calendar:OptionalAttendees", "calendar:Resources",
        };

        /// <summary>What GetItem adds: the body, reminders, the recurrence blob and its exceptions.</summary>
        public static readonly string[] ItemFields =
        {
            "item:ParentFolderId", "item:Body", "item:ReminderIsSet", "item:ReminderMinutesBeforeStart", "calendar:Recurrence", "calendar:FirstOccurrence",
            "calendar:ModifiedOccurrences", "calendar:DeletedOccurrences",
        };

        /// <summary>The BodyType attribute for a body of this format (types.xsd BodyTypeType).</summary>
        public static string BodyTypeOf(EventBodyType? type) => type == EventBodyType.Html ? "HTML" : "Text";

        public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public static string Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>m:ItemShape: IdOnly, plain-text bodies, the fields and our extended properties.</summary>
        public static XElement Shape(IEnumerable<string> fields, IEnumerable<string> properties, bool textBody, string zoneField) =>
            Shape(fields, properties, textBody ? "Text" : null, zoneField);

        /// <summary>
        /// m:ItemShape with the bodies in <paramref name="bodyType"/> (types.xsd BodyTypeResponseType: "Best" = as the item
        /// stores it, "HTML", "Text"; null = the server's default).
        /// </summary>
        public static XElement Shape(IEnumerable<string> fields, IEnumerable<string> properties, string? bodyType, string zoneField)
        {
            var paths = fields.Concat(new[] { zoneField }).Distinct().Select(f => (object)new XElement(T + "FieldURI", new XAttribute("FieldURI", f)))
                .Concat(properties.Distinct(StringComparer.Ordinal).Select(p => new EwsExtendedField(p).Uri()))
                .ToList();
            return new XElement(
                EwsXml.M + "ItemShape",
                new XElement(T + "BaseShape", "IdOnly"),
                bodyType != null ? new XElement(T + "BodyType", bodyType) : null,
                new XElement(T + "AdditionalProperties", paths));
        }

        public static DateTime ParseUtc(string text) =>
            DateTimeOffset.Parse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

        public static EwsCalendarItem Read(XElement e)
        {
            var id = e.Child("ItemId");
            var item = new EwsCalendarItem
            {
                ItemId = new EwsItemId(id.Attr("Id") ?? string.Empty, id.Attr("ChangeKey")),
                ParentFolderId = e.Child("ParentFolderId").Attr("Id"),
                Subject = e.ChildValue("Subject"),
                Sensitivity = e.ChildValue("Sensitivity"),
                Body = e.ChildValue("Body"),
                BodyType = e.Child("Body").Attr("BodyType"),
                ReminderIsSet = e.ChildBool("ReminderIsSet"),
                ReminderMinutes = EwsXml.ParseInt(e.ChildValue("ReminderMinutesBeforeStart")),
                Uid = e.ChildValue("UID"),
                IsAllDay = e.ChildBool("IsAllDayEvent") ?? false,
                FreeBusy = e.ChildValue("LegacyFreeBusyStatus"),
                Location = e.ChildValue("Location"),
                IsCancelled = e.ChildBool("IsCancelled") ?? false,
                ItemType = e.ChildValue("CalendarItemType"),
                Organizer = e.Child("Organizer").Child("Mailbox").ChildValue("EmailAddress"),
                Recurrence = e.Child("Recurrence"),
                TimeZone = e.Child("StartTimeZone").Attr("Id") ?? e.Child("MeetingTimeZone").Attr("TimeZoneName"),
            };
            item.Categories.AddRange(e.Child("Categories").Children("String").Select(s => s.Value));
            foreach (var p in e.Children("ExtendedProperty"))
            {
                var name = EwsExtendedField.NameOf(p.Child("ExtendedFieldURI"));
                if (name != null)
                {
                    item.Properties[name] = p.ChildValue("Value") ?? string.Join("\n", p.Child("Values").Children("Value").Select(v => v.Value));
                }
            }

            DateTime? Time(string name) => e.ChildValue(name) is string t ? ParseUtc(t) : (DateTime?)null;
            item.LastModifiedUtc = Time("LastModifiedTime");
            item.StartUtc = Time("Start");
            item.EndUtc = Time("End");
            item.OriginalStartUtc = Time("OriginalStart");
            foreach (var (list, type) in new[] { ("RequiredAttendees", "Required"), ("OptionalAttendees", "Optional"), ("Resources", "Resource") })
            {
                foreach (var a in e.Child(list).Children("Attendee"))
                {
                    var mailbox = a.Child("Mailbox");
                    var address = mailbox.ChildValue("EmailAddress");
                    if (!string.IsNullOrEmpty(address))
                    {
                        item.Attendees.Add((address!, mailbox.ChildValue("Name"), type, a.ChildValue("ResponseType")));
                    }
                }
            }

            if (e.Child("FirstOccurrence") is XElement first)
            {
                item.FirstOccurrence = Occurrence(first);
            }

            item.ModifiedOccurrences.AddRange(e.Child("ModifiedOccurrences").Children("Occurrence").Select(Occurrence));
            item.DeletedOccurrences.AddRange(e.Child("DeletedOccurrences").Children("DeletedOccurrence").Select(d => ParseUtc(d.ChildValue("Start")!)));
            return item;
        }

        private static EwsOccurrenceInfo Occurrence(XElement o) => new EwsOccurrenceInfo
        {
            Id = o.Child("ItemId").Attr("Id") ?? string.Empty,
            StartUtc = ParseUtc(o.ChildValue("Start")!),
            EndUtc = ParseUtc(o.ChildValue("End")!),
            OriginalStartUtc = ParseUtc(o.ChildValue("OriginalStart")!),
        };

        // ---------------------------------------------------------------- recurrence

        public static XElement WriteRecurrence(EventRecurrence r, DateTime firstLocalDate)
        {
            var interval = new XElement(T + "Interval", Math.Max(1, r.Interval).ToString(CultureInfo.InvariantCulture));
            var month = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(r.Month >= 1 && r.Month <= 12 ? r.Month : firstLocalDate.Month);
            var day = (r.DaysOfWeek.Count > 0 ? r.DaysOfWeek[0] : firstLocalDate.DayOfWeek).ToString();
            var dayOfMonth = (r.DayOfMonth >= 1 ? r.DayOfMonth : firstLocalDate.Day).ToString(CultureInfo.InvariantCulture);
            XElement pattern;
            switch (r.Pattern)
            {
                case RecurrencePatternKind.Daily:
                    pattern = new XElement(T + "DailyRecurrence", interval);
                    break;
                case RecurrencePatternKind.Weekly:
                    var days = r.DaysOfWeek.Count > 0 ? r.DaysOfWeek : new List<DayOfWeek> { firstLocalDate.DayOfWeek };
                    pattern = new XElement(T + "WeeklyRecurrence", interval,
                        new XElement(T + "DaysOfWeek", string.Join(" ", days.Select(d => d.ToString()))),
                        new XElement(T + "FirstDayOfWeek", r.FirstDayOfWeek.ToString()));
                    break;
                case RecurrencePatternKind.AbsoluteMonthly:
                    pattern = new XElement(T + "AbsoluteMonthlyRecurrence", interval, new XElement(T + "DayOfMonth", dayOfMonth));
                    break;
                case RecurrencePatternKind.RelativeMonthly:
                    pattern = new XElement(T + "RelativeMonthlyRecurrence", interval, new XElement(T + "DaysOfWeek", day), new XElement(T + "DayOfWeekIndex", r.Index.ToString()));
                    break;
                case RecurrencePatternKind.AbsoluteYearly:
                    pattern = new XElement(T + "AbsoluteYearlyRecurrence", new XElement(T + "DayOfMonth", dayOfMonth), new XElement(T + "Month", month));
                    break;
                default:
                    pattern = new XElement(T + "RelativeYearlyRecurrence", new XElement(T + "DaysOfWeek", day), new XElement(T + "DayOfWeekIndex", r.Index.ToString()), new XElement(T + "Month", month));
                    break;
            }

            var startDate = (r.StartDate == default ? firstLocalDate : r.StartDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var start = new XElement(T + "StartDate", startDate);
            XElement range;
            switch (r.RangeType)
            {
                case RecurrenceRangeKind.EndDate:
                    range = new XElement(T + "EndDateRecurrence", start, new XElement(T + "EndDate", (r.EndDate ?? firstLocalDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    break;
                case RecurrenceRangeKind.Numbered:
                    range = new XElement(T + "NumberedRecurrence", start, new XElement(T + "NumberOfOccurrences", Math.Max(1, r.NumberOfOccurrences ?? 1).ToString(CultureInfo.InvariantCulture)));
                    break;
                default:
                    range = new XElement(T + "NoEndRecurrence", start);
                    break;
            }

            return new XElement(T + "Recurrence", pattern, range);
        }

        public static EventRecurrence? ReadRecurrence(XElement? recurrence, string? timeZone)
        {
            var parts = recurrence.AllChildren().ToList();
            if (parts.Count < 2)
            {
                return null;
            }

            var p = parts[0];
            var r = new EventRecurrence { TimeZone = timeZone, Interval = EwsXml.ParseInt(p.ChildValue("Interval")) ?? 1 };
            var days = (p.ChildValue("DaysOfWeek") ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Enum.TryParse<DayOfWeek>(d, out var v) ? (DayOfWeek?)v : null).Where(d => d.HasValue).Select(d => d!.Value).ToList();
            r.DaysOfWeek = days;
            r.DayOfMonth = EwsXml.ParseInt(p.ChildValue("DayOfMonth")) ?? 0;
            if (p.ChildValue("Month") is string month && DateTime.TryParseExact(month.Trim(), "MMMM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
            {
                r.Month = m.Month;
            }

            if (p.ChildValue("DayOfWeekIndex") is string index && Enum.TryParse<RecurrenceWeekIndex>(index.Trim(), out var i))
            {
                r.Index = i;
            }

            if (p.ChildValue("FirstDayOfWeek") is string firstDay && Enum.TryParse<DayOfWeek>(firstDay.Trim(), out var f))
            {
                r.FirstDayOfWeek = f;
            }

            switch (p.Name.LocalName)
            {
                case "DailyRecurrence": r.Pattern = RecurrencePatternKind.Daily; break;
                case "WeeklyRecurrence": r.Pattern = RecurrencePatternKind.Weekly; break;
                case "AbsoluteMonthlyRecurrence": r.Pattern = RecurrencePatternKind.AbsoluteMonthly; break;
                case "RelativeMonthlyRecurrence": r.Pattern = RecurrencePatternKind.RelativeMonthly; break;
                case "AbsoluteYearlyRecurrence": r.Pattern = RecurrencePatternKind.AbsoluteYearly; break;
                case "RelativeYearlyRecurrence": r.Pattern = RecurrencePatternKind.RelativeYearly; break;
                default: return null;
            }

            var range = parts[1];
            DateTime Date(string? text) => DateTime.ParseExact(text!.Trim().Substring(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            r.StartDate = Date(range.ChildValue("StartDate"));
            switch (range.Name.LocalName)
            {
                case "EndDateRecurrence":
                    r.RangeType = RecurrenceRangeKind.EndDate;
                    r.EndDate = Date(range.ChildValue("EndDate"));
                    break;
                case "NumberedRecurrence":
                    r.RangeType = RecurrenceRangeKind.Numbered;
                    r.NumberOfOccurrences = EwsXml.ParseInt(range.ChildValue("NumberOfOccurrences"));
                    break;
                default:
                    r.RangeType = RecurrenceRangeKind.NoEnd;
                    break;
            }

            return r;
        }

        // ---------------------------------------------------------------- writing

        public static string FreeBusy(EventShowAs showAs)
        {
            switch (showAs)
            {
                case EventShowAs.Free: return "Free";
                case EventShowAs.Tentative: return "Tentative";
                case EventShowAs.OutOfOffice: return "OOF";
                case EventShowAs.WorkingElsewhere: return "WorkingElsewhere";
                case EventShowAs.Unknown: return "NoData";
                default: return "Busy";
            }
        }

        public static EventShowAs ParseFreeBusy(string? text)
        {
            switch (text?.Trim())
            {
                case "Free": return EventShowAs.Free;
                case "Tentative": return EventShowAs.Tentative;
                case "OOF": return EventShowAs.OutOfOffice;
                case "WorkingElsewhere": return EventShowAs.WorkingElsewhere;
                case "NoData": return EventShowAs.Unknown;
                case null: return EventShowAs.Busy;
                default: return EventShowAs.Busy;
            }
        }

        public static XElement Attendees(string name, IEnumerable<EventAttendee> attendees) =>
            new XElement(T + name, attendees.Select(a => new XElement(T + "Attendee",
                new XElement(T + "Mailbox", a.Name == null ? null : new XElement(T + "Name", a.Name), new XElement(T + "EmailAddress", a.Address), new XElement(T + "RoutingType", "SMTP")))));
    }
}
