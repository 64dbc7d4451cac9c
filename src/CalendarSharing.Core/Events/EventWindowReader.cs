using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Events
{
    /// <summary>
    /// Reads a whole window although one call returns at most a protocol's cap (EWS CalendarView: 1,000 items,
    /// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-get-appointments-and-meetings-by-using-ews-in-exchange):
    /// while a read says it was truncated, the window is cut in halves (on whole minutes) and each half read again, until
    /// every part fits or a part is a minute long. An event overlapping two parts comes back from both: it is kept once
    /// (by id). Sorted by start, then end, then subject.
    /// </summary>
    public static class EventWindowReader
    {
        /// <summary>A part this short is not cut again (what it returned is kept, and <see cref="WindowResult.Incomplete"/> is set).</summary>
        public static readonly TimeSpan ShortestPart = TimeSpan.FromMinutes(1);

        /// <summary>The two halves of a window, cut on a whole minute (ticks when shorter than two minutes).</summary>
        public static (DateTimeOffset Start, DateTimeOffset Middle, DateTimeOffset End) Halve(DateTimeOffset start, DateTimeOffset end)
        {
            var half = TimeSpan.FromTicks((end - start).Ticks / 2);
            var middle = start + half;
            if (end - start >= TimeSpan.FromMinutes(2))
            {
                var minute = TimeSpan.TicksPerMinute;
                var rounded = new DateTimeOffset(middle.UtcTicks - (middle.UtcTicks % minute), TimeSpan.Zero).ToOffset(start.Offset);
                if (rounded > start && rounded < end)
                {
                    middle = rounded;
                }
            }

            return (start, middle, end);
        }

        public static async Task<WindowResult> ReadAsync(
            Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<EventWindowRead>> read,
            DateTimeOffset start,
            DateTimeOffset end,
            CancellationToken cancellationToken)
        {
            var result = new WindowResult();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await ReadPartAsync(start, end).ConfigureAwait(false);
            result.Events.Sort((a, b) =>
            {
                var c = a.Start.UtcDateTime.CompareTo(b.Start.UtcDateTime);
                if (c == 0)
                {
                    c = a.End.UtcDateTime.CompareTo(b.End.UtcDateTime);
                }

                return c != 0 ? c : string.Compare(a.Subject, b.Subject, StringComparison.CurrentCultureIgnoreCase);
            });
            return result;

            async Task ReadPartAsync(DateTimeOffset s, DateTimeOffset e)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var part = await read(s, e, cancellationToken).ConfigureAwait(false);
                result.Reads++;
                result.CalendarName ??= part.CalendarName;
                if (part.IsTruncated && e - s > ShortestPart)
                {
                    var (_, middle, _) = Halve(s, e);
                    await ReadPartAsync(s, middle).ConfigureAwait(false);
                    await ReadPartAsync(middle, e).ConfigureAwait(false);
                    return;
                }

                if (part.IsTruncated)
                {
                    result.Incomplete = true;
                }

                foreach (var ev in part.Events)
                {
                    if (seen.Add(ev.Id))
                    {
                        result.Events.Add(ev);
                    }
                }
            }
        }

        /// <summary>What a whole window read gave.</summary>
        public sealed class WindowResult
        {
            public List<CalendarEvent> Events { get; } = new List<CalendarEvent>();

            /// <summary>Calls made (1 when the window fitted).</summary>
            public int Reads { get; set; }

            /// <summary>A minute-long part still held more than one call returns: some events are missing.</summary>
            public bool Incomplete { get; set; }

            public string? CalendarName { get; set; }
        }
    }

    /// <summary>
    /// The idempotency key of a create, made from the row itself (mailbox, calendar, subject, start, end, all-day), so
    /// running the same CSV row again asks for the same event: Graph's transactionId
    /// (https://learn.microsoft.com/graph/api/resources/event, "transactionId") and the EWS extended property find it.
    /// </summary>
    public static class TransactionIds
    {
        public static string For(string mailbox, string? calendar, string? subject, DateTimeOffset start, DateTimeOffset end, bool allDay)
        {
            var text = string.Join(
                "\n",
                "calendarsharing-event-v1",
                mailbox.Trim().ToLowerInvariant(),
                (calendar ?? string.Empty).Trim().ToLowerInvariant(),
                (subject ?? string.Empty).Trim(),
                start.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                end.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                allDay ? "allday" : "timed");
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return new Guid(hash.Take(16).ToArray()).ToString("D");
        }
    }

    /// <summary>Wall-clock times of a row as instants in the event's zone.</summary>
    public static class EventTimes
    {
        /// <summary>
        /// A DateTime as the instant it means: Utc and Local ones are instants already; an Unspecified one (typed text, a
        /// CSV cell) is a wall-clock time in <paramref name="zone"/>. The offset of the result is the zone's at that instant.
        /// </summary>
        public static DateTimeOffset Resolve(DateTime value, TimeZoneInfo zone)
        {
            switch (value.Kind)
            {
                case DateTimeKind.Utc:
                case DateTimeKind.Local:
                    return TimeZoneInfo.ConvertTime(new DateTimeOffset(value), zone);
                default:
                    return Availability.WorkingHoursCalendar.At(zone, value);
            }
        }

        /// <summary>The midnight that begins a day of the zone.</summary>
        public static DateTimeOffset Midnight(DateTime day, TimeZoneInfo zone) => Availability.WorkingHoursCalendar.At(zone, day.Date);

        /// <summary>
        /// The window of -Start, -End and -Days in -TimeZone (this machine's zone when none): Start defaults to today's
        /// midnight (or now, with <paramref name="startNow"/>), End to Start plus Days (wall-clock days, so a week across a
        /// daylight-saving change still ends at the same hour) or plus <paramref name="defaultLength"/>. False after writing
        /// InvalidTimeZone or InvalidEventWindow.
        /// </summary>
        public static bool TryWindow(
            DateTime? start,
            DateTime? end,
            double? days,
            string? timeZone,
            TimeSpan defaultLength,
            bool startNow,
            Output.IOutputSink sink,
            out DateTimeOffset from,
            out DateTimeOffset to)
        {
            from = to = default;
            TimeZoneInfo zone;
            try
            {
                zone = string.IsNullOrWhiteSpace(timeZone) ? TimeZoneInfo.Local : TimeZoneNames.Find(timeZone!);
            }
            catch (FormatException ex)
            {
                sink.WriteError(new Output.OperationError(Commands.ErrorIds.InvalidTimeZone, Output.ErrorKind.InvalidArgument, ex.Message, timeZone, Resources.Texts.Advice_InvalidTimeZone));
                return false;
            }

            var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
            from = start.HasValue ? Resolve(start.Value, zone) : startNow ? now : Midnight(now.DateTime, zone);
            if (end.HasValue)
            {
                to = Resolve(end.Value, zone);
            }
            else
            {
                var wall = TimeZoneInfo.ConvertTime(from, zone).DateTime;
                to = days.HasValue ? Availability.WorkingHoursCalendar.At(zone, wall.AddDays(days.Value)) : from + defaultLength;
            }

            return Availability.AvailabilityCommands.CheckWindow(from, to, sink);
        }
    }
}
