using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using TimeZoneConverter;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// The legacy t:SerializableTimeZone GetUserAvailability needs (https://learn.microsoft.com/exchange/client-developer/web-service-reference/timezone-availability):
    /// Bias = UTC − local standard time in minutes, and the two yearly transitions as "the n-th (5 = last) weekday of a
    /// month at a local time". Built from a zone's actual offsets in one year, so Windows and IANA zone data give the same
    /// answer; and matched back to a Windows id (working hours carry no zone name, only these rules).
    /// </summary>
    internal sealed class EwsAvailabilityZone : IEquatable<EwsAvailabilityZone>
    {
        private static readonly ConcurrentDictionary<string, EwsAvailabilityZone> Cache = new ConcurrentDictionary<string, EwsAvailabilityZone>(StringComparer.Ordinal);

        /// <summary>Zones tried first when rules match several (the commonest ones), then every Windows zone in TZConvert's order.</summary>
        private static readonly string[] Preferred =
        {
            "UTC", "GMT Standard Time", "W. Europe Standard Time", "Romance Standard Time", "Central Europe Standard Time", "E. Europe Standard Time",
            "FLE Standard Time", "Pacific Standard Time", "Mountain Standard Time", "Central Standard Time", "Eastern Standard Time",
            "US Mountain Standard Time", "Tokyo Standard Time", "China Standard Time", "India Standard Time", "AUS Eastern Standard Time",
        };

        public int Bias { get; private set; }

        public Rule Standard { get; private set; } = new Rule();

        public Rule Daylight { get; private set; } = new Rule();

        public sealed class Rule : IEquatable<Rule>
        {
            public int Bias { get; set; }

            public TimeSpan Time { get; set; }

            public int DayOrder { get; set; }

            public int Month { get; set; }

            public DayOfWeek DayOfWeek { get; set; }

            public bool Equals(Rule? other) =>
                other != null && Bias == other.Bias && Month == other.Month && (Month == 0 || (Time == other.Time && DayOrder == other.DayOrder && DayOfWeek == other.DayOfWeek));

            public override bool Equals(object? obj) => Equals(obj as Rule);

            public override int GetHashCode() => (Bias * 31) + Month;
        }

        public static EwsAvailabilityZone From(TimeZoneInfo zone, int year) =>
            Cache.GetOrAdd(zone.Id + "|" + year.ToString(CultureInfo.InvariantCulture), _ => Compute(zone, year));

        private static EwsAvailabilityZone Compute(TimeZoneInfo zone, int year)
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

            var result = new EwsAvailabilityZone { Bias = -(int)zone.GetUtcOffset(start).TotalMinutes };
            if (toDaylight.HasValue && toStandard.HasValue)
            {
                result.Bias = -(int)low.TotalMinutes;
                result.Daylight = RuleAt(toDaylight.Value + low, -(int)(high - low).TotalMinutes);
                result.Standard = RuleAt(toStandard.Value + high, 0);
            }

            return result;
        }

        private static Rule RuleAt(DateTime local, int bias)
        {
            var order = local.Day + 7 > DateTime.DaysInMonth(local.Year, local.Month) ? 5 : ((local.Day - 1) / 7) + 1;
            return new Rule { Bias = bias, Time = local.TimeOfDay, DayOrder = order, Month = local.Month, DayOfWeek = local.DayOfWeek };
        }

        public static EwsAvailabilityZone Read(XElement? e)
        {
            Rule R(XElement? t) => new Rule
            {
                Bias = EwsXml.ParseInt(t.ChildValue("Bias")) ?? 0,
                Time = TimeSpan.TryParse(t.ChildValue("Time") ?? "00:00:00", CultureInfo.InvariantCulture, out var time) ? time : TimeSpan.Zero,
                DayOrder = EwsXml.ParseInt(t.ChildValue("DayOrder")) ?? 0,
                Month = EwsXml.ParseInt(t.ChildValue("Month")) ?? 0,
                DayOfWeek = Enum.TryParse<DayOfWeek>(t.ChildValue("DayOfWeek") ?? "Sunday", out var d) ? d : DayOfWeek.Sunday,
            };
            return new EwsAvailabilityZone { Bias = EwsXml.ParseInt(e.ChildValue("Bias")) ?? 0, Standard = R(e.Child("StandardTime")), Daylight = R(e.Child("DaylightTime")) };
        }

        public XElement Write()
        {
            var t = EwsXml.T;
            XElement W(string name, Rule r) => new XElement(t + name,
                new XElement(t + "Bias", r.Bias.ToString(CultureInfo.InvariantCulture)),
                new XElement(t + "Time", r.Time.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
                new XElement(t + "DayOrder", r.DayOrder.ToString(CultureInfo.InvariantCulture)),
                new XElement(t + "Month", r.Month.ToString(CultureInfo.InvariantCulture)),
                new XElement(t + "DayOfWeek", r.DayOfWeek.ToString()));
            return new XElement(t + "TimeZone", new XElement(t + "Bias", Bias.ToString(CultureInfo.InvariantCulture)), W("StandardTime", Standard), W("DaylightTime", Daylight));
        }

        /// <summary>A Windows zone whose rules in <paramref name="year"/> are these (the commonest first), or null.</summary>
        public string? MatchWindowsId(int year)
        {
            foreach (var id in Preferred.Concat(TZConvert.KnownWindowsTimeZoneIds))
            {
                if (TZConvert.TryGetTimeZoneInfo(id, out var zone) && Equals(From(zone, year)))
                {
                    return id;
                }
            }

            return null;
        }

        public bool Equals(EwsAvailabilityZone? other) =>
            other != null && Bias == other.Bias && Standard.Equals(other.Standard) && Daylight.Equals(other.Daylight);

        public override bool Equals(object? obj) => Equals(obj as EwsAvailabilityZone);

        public override int GetHashCode() => Bias;
    }
}
