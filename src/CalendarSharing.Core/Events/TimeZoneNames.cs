using System;
using TimeZoneConverter;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Events
{
    /// <summary>
    /// Time-zone names as admins type them: Windows ids ("W. Europe Standard Time", what EWS and Graph return) and IANA
    /// ids ("Europe/Berlin"), on every OS. Conversion uses the CLDR mapping maintained by TimeZoneConverter
    /// (https://github.com/mattjohnsonpint/TimeZoneConverter), so Windows PowerShell 5.1 and Linux agree.
    /// </summary>
    public static class TimeZoneNames
    {
        /// <summary>The Windows id for a Windows or IANA name ("UTC" stays "UTC").</summary>
        /// <exception cref="FormatException">No such zone.</exception>
        public static string ToWindows(string name)
        {
            var text = Require(name);
            if (TZConvert.TryIanaToWindows(text, out var windows))
            {
                return windows;
            }

            if (TZConvert.TryWindowsToIana(text, out _))
            {
                return CanonicalWindows(text);
            }

            throw Unknown(text);
        }

        /// <summary>The IANA id for a Windows or IANA name.</summary>
        /// <exception cref="FormatException">No such zone.</exception>
        public static string ToIana(string name)
        {
            var text = Require(name);
            if (TZConvert.TryWindowsToIana(text, out var iana))
            {
                return iana;
            }

            if (TZConvert.TryIanaToWindows(text, out _))
            {
                return text;
            }

            throw Unknown(text);
        }

        /// <summary>The zone for a Windows or IANA name, from the OS's own data.</summary>
        /// <exception cref="FormatException">No such zone.</exception>
        public static TimeZoneInfo Find(string name)
        {
            var text = Require(name);
            if (TZConvert.TryGetTimeZoneInfo(text, out var zone))
            {
                return zone;
            }

            throw Unknown(text);
        }

        public static bool IsKnown(string? name) =>
            !string.IsNullOrWhiteSpace(name) && TZConvert.TryGetTimeZoneInfo(name!.Trim(), out _);

        private static string CanonicalWindows(string text)
        {
            foreach (var known in TZConvert.KnownWindowsTimeZoneIds)
            {
                if (string.Equals(known, text, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return text;
        }

        private static string Require(string name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new FormatException(Texts.Error_TimeZoneEmpty);
            }

            return name.Trim();
        }

        private static FormatException Unknown(string name) =>
            new FormatException(Texts.Format(nameof(Texts.Error_NotATimeZone), name));
    }
}
