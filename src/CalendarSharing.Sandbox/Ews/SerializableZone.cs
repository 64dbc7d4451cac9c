using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>
    /// The legacy t:SerializableTimeZone of GetUserAvailability: a bias (UTC − local, minutes) and the two yearly
    /// transitions as "the n-th (5 = last) weekday of a month at a local time"
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/timezone-availability). The server reads
    /// the request's window in it and writes times back in it; working hours carry the mailbox's own.
    /// </summary>
    internal sealed class SerializableZone
    {
        private static readonly XNamespace T = EwsNames.T;
        private static readonly ConcurrentDictionary<string, SerializableZone> Cache = new ConcurrentDictionary<string, SerializableZone>(StringComparer.Ordinal);

        public int Bias { get; private set; }

        public Transition Standard { get; private set; } = new Transition();

        public Transition Daylight { get; private set; } = new Transition();

        public sealed class Transition
        {
            public int Bias { get; set; }

            public TimeSpan Time { get; set; }

            public int DayOrder { get; set; }

            public int Month { get; set; }

            public DayOfWeek DayOfWeek { get; set; }
        }

        public bool HasDaylight => Standard.Month > 0 && Daylight.Month > 0 && Daylight.Bias != Standard.Bias;

        public static SerializableZone Parse(XElement e)
        {
            Transition Read(XElement t) => new Transition
            {
                Bias = int.Parse((string)t.Element(T + "Bias")!, CultureInfo.InvariantCulture),
                Time = TimeSpan.Parse((string)t.Element(T + "Time")!, CultureInfo.InvariantCulture),
                DayOrder = int.Parse((string)t.Element(T + "DayOrder")!, CultureInfo.InvariantCulture),
                Month = int.Parse((string)t.Element(T + "Month")!, CultureInfo.InvariantCulture),
                DayOfWeek = Enum.TryParse<DayOfWeek>((string)t.Element(T + "DayOfWeek")!, out var d) ? d : DayOfWeek.Sunday,
            };
            return new SerializableZone
            {
                Bias = int.Parse((string)e.Element(T + "Bias")!, CultureInfo.InvariantCulture),
                Standard = Read(e.Element(T + "StandardTime")!),
                Daylight = Read(e.Element(T + "DaylightTime")!),
            };
        }

        /// <summary>The rules of <paramref name="zone"/> in <paramref name="year"/>, found from its offsets (works with Windows and IANA data alike).</summary>
        public static SerializableZone From(TimeZoneInfo zone, int year) =>
            Cache.GetOrAdd(zone.Id + "|" + year.ToString(CultureInfo.InvariantCulture), _ => Compute(zone, year));

        private static SerializableZone Compute(TimeZoneInfo zone, int year)
        {
            var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var offset = zone.GetUtcOffset(start);
            DateTime? toDaylight = null, toStandard = null;
            TimeSpan low = offset, high = offset;
            for (var day = start; day.Year == year; day = day.AddDays(1))
            {
                var next = zone.GetUtcOffset(day.AddDays(1));
                if (next == offset)
                {
                    continue;
                }

                var instant = day;
                while (zone.GetUtcOffset(instant.AddMinutes(15)) == offset)
                {
                    instant = instant.AddMinutes(15);
                }

                instant = instant.AddMinutes(15);
                if (next > offset)
                {
                    toDaylight = instant;
                    low = offset;
                    high = next;
                }
                else
                {
                    toStandard = instant;
                    high = offset;
                    low = next;
                }

                offset = next;
            }

            var result = new SerializableZone { Bias = -(int)low.TotalMinutes };
            if (toDaylight.HasValue && toStandard.HasValue)
            {
                result.Daylight = Rule(toDaylight.Value + low, -(int)(high - low).TotalMinutes);
                result.Standard = Rule(toStandard.Value + high, 0);
            }
            else
            {
                result.Bias = -(int)zone.GetUtcOffset(start).TotalMinutes;
            }

            return result;
        }

        private static Transition Rule(DateTime local, int bias)
        {
            var order = ((local.Day - 1) / 7) + 1;
            if (local.Day + 7 > DateTime.DaysInMonth(local.Year, local.Month))
            {
                order = 5;
            }

            return new Transition { Bias = bias, Time = local.TimeOfDay, DayOrder = order, Month = local.Month, DayOfWeek = local.DayOfWeek };
        }

        public XElement Write(string name = "TimeZone")
        {
            XElement Time(string element, Transition t) => new XElement(T + element,
                new XElement(T + "Bias", t.Bias.ToString(CultureInfo.InvariantCulture)),
                new XElement(T + "Time", t.Time.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
                new XElement(T + "DayOrder", t.DayOrder.ToString(CultureInfo.InvariantCulture)),
                new XElement(T + "Month", t.Month.ToString(CultureInfo.InvariantCulture)),
                new XElement(T + "DayOfWeek", t.DayOfWeek.ToString()));
            return new XElement(T + name, new XElement(T + "Bias", Bias.ToString(CultureInfo.InvariantCulture)), Time("StandardTime", Standard), Time("DaylightTime", Daylight));
        }

        private DateTime TransitionOn(int year, Transition t)
        {
            var first = new DateTime(year, t.Month, 1);
            var day = first.AddDays(((int)t.DayOfWeek - (int)first.DayOfWeek + 7) % 7);
            for (var n = 1; n < Math.Min(5, Math.Max(1, t.DayOrder)) && day.AddDays(7).Month == t.Month; n++)
            {
                day = day.AddDays(7);
            }

            if (t.DayOrder >= 5)
            {
                while (day.AddDays(7).Month == t.Month)
                {
                    day = day.AddDays(7);
                }
            }

            return day + t.Time;
        }

        private bool InDaylight(DateTime local)
        {
            if (!HasDaylight)
            {
                return false;
            }

            var toDaylight = TransitionOn(local.Year, Daylight);
            var toStandard = TransitionOn(local.Year, Standard);
            return toDaylight < toStandard ? local >= toDaylight && local < toStandard : !(local >= toStandard && local < toDaylight);
        }

        public DateTime ToUtc(DateTime local)
        {
            var bias = Bias + (InDaylight(local) ? Daylight.Bias : Standard.Bias);
            return DateTime.SpecifyKind(local.AddMinutes(bias), DateTimeKind.Utc);
        }

        public DateTime ToLocal(DateTime utc)
        {
            var daylight = utc.AddMinutes(-(Bias + Daylight.Bias));
            var local = HasDaylight && InDaylight(daylight) ? daylight : utc.AddMinutes(-(Bias + Standard.Bias));
            return DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        }

        public static string Local(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
