using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>RequestServerVersion names in release order, for MinimumVersion checks.</summary>
    internal static class EwsVersions
    {
        private static readonly string[] Order =
        {
            "Exchange2007", "Exchange2007_SP1", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2", "Exchange2013", "Exchange2013_SP1",
            "Exchange2015", "Exchange2016", "V2015_10_05", "V2016_01_06", "V2016_04_13", "V2016_07_13", "V2016_10_10", "V2017_01_07",
            "V2017_04_14", "V2017_07_11", "V2017_10_09", "V2018_01_08",
        };

        /// <summary>True when <paramref name="requested"/> is at least <paramref name="minimum"/>; unknown names pass (the server decides).</summary>
        public static bool AtLeast(string requested, string minimum)
        {
            var r = Array.IndexOf(Order, requested);
            var m = Array.IndexOf(Order, minimum);
            return r < 0 || m < 0 || r >= m;
        }
    }
}
