using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace CalendarSharing.Sandbox.Events
{
    /// <summary>
    /// A calendar item as the sandbox stores it, once for every protocol: a single event or a series master with its
    /// exceptions. Times are UTC; <see cref="TimeZone"/> (a Windows id) is the zone the event was made in, the zone a
    /// series' pattern is evaluated in, and the zone all-day events keep their dates in.
    /// </summary>
    internal sealed class SandboxEvent
    {
        public string Id { get; set; } = string.Empty;

        /// <summary>Bumped on every write; the change key / ETag derive from it.</summary>
        public long Version { get; set; } = 1;

        /// <summary>The iCalendar UID (EWS UID, Graph iCalUId), the same in every attendee's copy.</summary>
        public string Uid { get; set; } = string.Empty;

        public string? Subject { get; set; }

        public string? Location { get; set; }

        public string? Body { get; set; }

        /// <summary>The format <see cref="Body"/> is stored in; each protocol renders it through <see cref="EventBodyRules"/>.</summary>
        public EventBodyType BodyType { get; set; }

        public DateTime StartUtc { get; set; }

        public DateTime EndUtc { get; set; }

        public string TimeZone { get; set; } = "UTC";

        public bool IsAllDay { get; set; }

        public EventShowAs ShowAs { get; set; } = EventShowAs.Busy;

        public EventSensitivity Sensitivity { get; set; }

        public bool IsPrivate => Sensitivity == EventSensitivity.Private || Sensitivity == EventSensitivity.Confidential;

        public bool IsCancelled { get; set; }

        /// <summary>The organizer's SMTP address (the mailbox itself for its own appointments).</summary>
        public string? Organizer { get; set; }

        public List<EventAttendee> Attendees { get; set; } = new List<EventAttendee>();

        public bool IsMeeting => Attendees.Count > 0;

        public List<string> Categories { get; set; } = new List<string>();

        public int? ReminderMinutes { get; set; }

        /// <summary>Series masters only.</summary>
        public EventRecurrence? Recurrence { get; set; }

        /// <summary>Series masters: changed or moved occurrences, by their original start (UTC).</summary>
        public Dictionary<DateTime, SandboxEvent> Modified { get; set; } = new Dictionary<DateTime, SandboxEvent>();

        /// <summary>Series masters: original starts (UTC) of cancelled occurrences.</summary>
        public HashSet<DateTime> Cancelled { get; set; } = new HashSet<DateTime>();

        /// <summary>Graph's transactionId of the create that made this event (a retried create returns this event).</summary>
        public string? TransactionId { get; set; }

        /// <summary>Extended properties (EWS ExtendedFieldURI, Graph singleValueExtendedProperties), by their wire name.</summary>
        public Dictionary<string, string> Properties { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public DateTime CreatedUtc { get; set; }

        public DateTime LastModifiedUtc { get; set; }

        public bool IsSeriesMaster => Recurrence != null;

        public TimeSpan Duration => EndUtc - StartUtc;

        /// <summary>A deep copy, so readers never see a write in progress.</summary>
        public SandboxEvent Clone()
        {
            var copy = (SandboxEvent)MemberwiseClone();
            copy.Attendees = Attendees.Select(a => new EventAttendee(a.Address, a.Type) { Name = a.Name, Response = a.Response }).ToList();
            copy.Categories = new List<string>(Categories);
            copy.Properties = new Dictionary<string, string>(Properties, StringComparer.Ordinal);
            copy.Modified = Modified.ToDictionary(p => p.Key, p => p.Value.Clone());
            copy.Cancelled = new HashSet<DateTime>(Cancelled);
            copy.Recurrence = Recurrence is null ? null : CloneRecurrence(Recurrence);
            return copy;
        }

        private static EventRecurrence CloneRecurrence(EventRecurrence r) => new EventRecurrence
        {
            Pattern = r.Pattern,
            Interval = r.Interval,
            DaysOfWeek = new List<DayOfWeek>(r.DaysOfWeek),
            FirstDayOfWeek = r.FirstDayOfWeek,
            DayOfMonth = r.DayOfMonth,
            Month = r.Month,
            Index = r.Index,
            RangeType = r.RangeType,
            StartDate = r.StartDate,
            EndDate = r.EndDate,
            NumberOfOccurrences = r.NumberOfOccurrences,
            TimeZone = r.TimeZone,
        };
    }

    /// <summary>
    /// One item as a calendar view shows it: a single event, or one occurrence of a series (unchanged or an exception).
    /// <see cref="Item"/> carries the fields that apply (the exception's own, or the master's).
    /// </summary>
    internal sealed class SandboxOccurrence
    {
        public SandboxOccurrence(SandboxEvent item, EventKind kind, string id, DateTime startUtc, DateTime endUtc, SandboxEvent? master, DateTime? originalStartUtc)
        {
            Item = item;
            Kind = kind;
            Id = id;
            StartUtc = startUtc;
            EndUtc = endUtc;
            Master = master;
            OriginalStartUtc = originalStartUtc;
        }

        public SandboxEvent Item { get; }

        public EventKind Kind { get; }

        /// <summary>The item id a client uses for this occurrence (the event's own id for single events).</summary>
        public string Id { get; }

        public DateTime StartUtc { get; }

        public DateTime EndUtc { get; }

        public SandboxEvent? Master { get; }

        public DateTime? OriginalStartUtc { get; }
    }

    /// <summary>
    /// How a stored body is shown, written once for EWS (ItemShape BodyType Best/HTML/Text,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/bodytype) and Graph (Prefer:
    /// outlook.body-content-type, default html, https://learn.microsoft.com/graph/api/user-list-calendarview#request-headers):
    /// a body asked for in its own format is returned as stored; text asked as HTML is wrapped and escaped, HTML asked as
    /// text loses its markup; the preview (EWS Preview, Graph bodyPreview) is the first 255 characters of the text.
    /// </summary>
    internal static class EventBodyRules
    {
        public const int PreviewLength = 255;

        private static readonly Regex Hidden = new Regex("<(script|style|head)\\b[^>]*>.*?</\\1\\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex Breaks = new Regex("<(br|/p|/div|/li|/tr|/h[1-6])\\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Tags = new Regex("<[^>]*>", RegexOptions.CultureInvariant);

        /// <summary>The body in <paramref name="wanted"/> (null: as stored), and the format it is in.</summary>
        public static (string Content, EventBodyType Type) Render(SandboxEvent item, EventBodyType? wanted)
        {
            var body = item.Body ?? string.Empty;
            var type = wanted ?? item.BodyType;
            if (type == item.BodyType)
            {
                return (body, type);
            }

            return type == EventBodyType.Html ? (ToHtml(body), type) : (ToText(body), type);
        }

        public static string? Preview(SandboxEvent item)
        {
            if (string.IsNullOrEmpty(item.Body))
            {
                return null;
            }

            var text = item.BodyType == EventBodyType.Html ? ToText(item.Body!) : item.Body!;
            return text.Length > PreviewLength ? text.Substring(0, PreviewLength) : text;
        }

        public static string ToText(string html)
        {
            var text = Hidden.Replace(html, string.Empty);
            text = Breaks.Replace(text, "\n");
            return WebUtility.HtmlDecode(Tags.Replace(text, string.Empty)).Replace("\r", string.Empty).Trim();
        }

        public static string ToHtml(string text)
        {
            var b = new StringBuilder("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>");
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var n = 0; n < lines.Length; n++)
            {
                b.Append(n == 0 ? string.Empty : "<br>").Append(WebUtility.HtmlEncode(lines[n]));
            }

            return b.Append("</body></html>").ToString();
        }
    }
}
