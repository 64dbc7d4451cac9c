#if NET8_0_OR_GREATER
using System;

using Ical.Net.DataTypes;
using Ical.Net.Serialization;
#endif

namespace CalendarSharing.Sandbox.Publishing
{
    /// <summary>
    /// The published calendar as RFC 5545 iCalendar (https://www.rfc-editor.org/rfc/rfc5545), written by Ical.Net: one
    /// VEVENT per occurrence in the window (an occurrence of a series keeps the series' UID with its RECURRENCE-ID,
    /// section 3.8.4.4), times in UTC, all-day items as DATE values in their own zone. It carries only what the view
    /// holds (no SUMMARY or LOCATION at AvailabilityOnly, no DESCRIPTION below FullDetails, nothing but busy time for a
    /// private item); the free/busy status goes in TRANSP and X-MICROSOFT-CDO-BUSYSTATUS, as Exchange writes it
    /// ([MS-OXCICAL]: https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxcical).
    /// </summary>
    internal static class IcsWriter
    {
        /// <summary>The iCalendar text, or null in a build without the writer (netstandard2.0: see the project file).</summary>
        public static string? Write(PublishedView view)
        {
#if NET8_0_OR_GREATER
            var calendar = new Ical.Net.Calendar
            {
                ProductId = "-//CalendarSharing//Sandbox published calendar//EN",
                Method = "PUBLISH",
            };
            calendar.AddProperty("X-WR-CALNAME", view.Calendar);
            var stamp = new CalDateTime(DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Utc), true);
            foreach (var item in view.Items)
            {
                var e = new Ical.Net.CalendarComponents.CalendarEvent
                {
                    Uid = item.Uid,
                    DtStamp = stamp,
                    Transparency = item.ShowAs == EventShowAs.Free ? "TRANSPARENT" : "OPAQUE",
                };
                if (item.IsAllDay)
                {
                    var zone = Events.RecurrenceExpander.Zone(item.TimeZone);
                    e.DtStart = new CalDateTime(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(item.StartUtc, zone)));
                    e.DtEnd = new CalDateTime(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(item.EndUtc, zone)));
                }
                else
                {
                    e.DtStart = Utc(item.StartUtc);
                    e.DtEnd = Utc(item.EndUtc);
                }

                if (item.RecurrenceIdUtc is DateTime original)
                {
                    e.RecurrenceIdentifier = new RecurrenceIdentifier(Utc(original), null);
                }

                if (item.IsPrivate)
                {
                    e.Class = "PRIVATE";
                }

                e.Summary = item.Subject;
                e.Location = item.Location;
                e.Description = item.Description;
                e.AddProperty("X-MICROSOFT-CDO-BUSYSTATUS", BusyStatus(item.ShowAs));
                calendar.Events.Add(e);
            }

            return new CalendarSerializer().SerializeToString(calendar);
#else
            return null;
#endif
        }

#if NET8_0_OR_GREATER
        private static CalDateTime Utc(DateTime value) => new CalDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc), true);

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
#endif
    }
}
