using System;
using System.Collections.Generic;
using System.Linq;
using TimeZoneConverter;

namespace CalendarSharing.Core.Events
{
    /// <summary>Every zone name -TimeZone accepts (Windows ids, then IANA names), for tab completion.</summary>
    public static class TimeZoneList
    {
        private static readonly Lazy<IReadOnlyList<string>> Names = new Lazy<IReadOnlyList<string>>(() =>
            TZConvert.KnownWindowsTimeZoneIds.OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Concat(TZConvert.KnownIanaTimeZoneNames.OrderBy(n => n, StringComparer.Ordinal))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList());

        public static IReadOnlyList<string> All => Names.Value;
    }
}
