using System;
using System.Globalization;
using System.Text;

namespace CalendarSharing.Sandbox.Publishing
{
    /// <summary>
    /// The published calendar as RFC 5545 iCalendar (https://www.rfc-editor.org/rfc/rfc5545): one VEVENT per occurrence
    /// in the window (an occurrence of a series keeps the series' UID with its RECURRENCE-ID, section 3.8.4.4), times in
    /// UTC, all-day items as DATE values in their own zone. It carries only what the view holds (no SUMMARY or LOCATION at
    /// AvailabilityOnly, no DESCRIPTION below FullDetails, nothing but busy time for a private item); the free/busy status
    /// goes in TRANSP and X-MICROSOFT-CDO-BUSYSTATUS, as Exchange writes it
    /// ([MS-OXCICAL]: https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxcical).
    /// Written here rather than by a library so every build of the sandbox (the module loads netstandard2.0) serves it;
    /// the tests read it back with Ical.Net, an independent parser.
    /// </summary>
    internal static class IcsWriter
    {
        /// <summary>RFC 5545 3.1: lines longer than 75 octets are folded.</summary>
        private const int MaxLineOctets = 75;

        public static string Write(PublishedView view)
        {
            var b = new StringBuilder();
            Line(b, "BEGIN", "VCALENDAR");
            Line(b, "PRODID", Text("-//CalendarSharing//Sandbox published calendar//EN"));
            Line(b, "VERSION", "2.0");
            Line(b, "METHOD", "PUBLISH");
            Line(b, "X-WR-CALNAME", Text(view.Calendar));
            var stamp = UtcText(DateTime.UtcNow);
            foreach (var item in view.Items)
            {
                Line(b, "BEGIN", "VEVENT");
                Line(b, "UID", Text(item.Uid));
                Line(b, "DTSTAMP", stamp);
                if (item.IsAllDay)
                {
                    var zone = Events.RecurrenceExpander.Zone(item.TimeZone);
                    Line(b, "DTSTART;VALUE=DATE", DateText(TimeZoneInfo.ConvertTimeFromUtc(item.StartUtc, zone)));
                    Line(b, "DTEND;VALUE=DATE", DateText(TimeZoneInfo.ConvertTimeFromUtc(item.EndUtc, zone)));
                }
                else
                {
                    Line(b, "DTSTART", UtcText(item.StartUtc));
                    Line(b, "DTEND", UtcText(item.EndUtc));
                }

                if (item.RecurrenceIdUtc is DateTime original)
                {
                    Line(b, "RECURRENCE-ID", UtcText(original));
                }

                if (item.IsPrivate)
                {
                    Line(b, "CLASS", "PRIVATE");
                }

                if (item.Subject != null)
                {
                    Line(b, "SUMMARY", Text(item.Subject));
                }

                if (item.Location != null)
                {
                    Line(b, "LOCATION", Text(item.Location));
                }

                if (item.Description != null)
                {
                    Line(b, "DESCRIPTION", Text(item.Description));
                }

                Line(b, "TRANSP", item.ShowAs == EventShowAs.Free ? "TRANSPARENT" : "OPAQUE");
                Line(b, "X-MICROSOFT-CDO-BUSYSTATUS", BusyStatus(item.ShowAs));
                Line(b, "END", "VEVENT");
            }

            Line(b, "END", "VCALENDAR");
            return b.ToString();
        }

        /// <summary>A content line (3.1): NAME:value, folded at 75 octets of UTF-8 with CRLF + space, never inside a character.</summary>
        private static void Line(StringBuilder b, string name, string value)
        {
            var line = name + ":" + value;
            var octets = 0;
            for (var i = 0; i < line.Length; i++)
            {
                var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(line.ToCharArray(i, length));
                if (octets + size > MaxLineOctets)
                {
                    b.Append("\r\n ");
                    octets = 1;
                }

                b.Append(line, i, length);
                octets += size;
                i += length - 1;
            }

            b.Append("\r\n");
        }

        /// <summary>A TEXT value (3.3.11): backslash, semicolon, comma escaped; line breaks as \n.</summary>
        private static string Text(string value) =>
            value.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\\n").Replace("\n", "\\n").Replace("\r", "\\n");

        private static string UtcText(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        private static string DateText(DateTime local) => local.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        private static string BusyStatus(EventShowAs showAs)
        {
            switch (showAs)
            {
                case EventShowAs.Free: return "FREE";
                case EventShowAs.Tentative: return "TENTATIVE";
                case EventShowAs.OutOfOffice: return "OOF";
                case EventShowAs.WorkingElsewhere: return "WORKINGELSEWHERE";
                default: return "BUSY";
            }
        }
    }
}
