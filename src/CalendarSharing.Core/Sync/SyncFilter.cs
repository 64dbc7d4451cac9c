using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// Which items of a calendar a pair mirrors: the profile's filters (declined, tentative, free, all-day, categories, a
    /// subject pattern), private items under <see cref="SyncPrivateItems.Skip"/>, and cancelled meetings. An item the filter
    /// refuses is not copied, and a copy made of it earlier is removed.
    /// </summary>
    public sealed class SyncFilter
    {
        private readonly SyncOptions options;
        private readonly Regex? subject;

        public SyncFilter(SyncOptions options)
        {
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            if (!string.IsNullOrEmpty(options.SubjectPattern))
            {
                subject = new Regex(options.SubjectPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
        }

        /// <summary>Null when <paramref name="item"/> (owned by <paramref name="owner"/>) is mirrored, else why not.</summary>
        public string? Refuses(CalendarEvent item, string owner)
        {
            if (item.IsCancelled)
            {
                return "cancelled";
            }

            if (item.IsPrivate && options.Private == SyncPrivateItems.Skip)
            {
                return "private";
            }

            var response = item.Attendees.FirstOrDefault(a => string.Equals(a.Address, owner, StringComparison.OrdinalIgnoreCase))?.Response;
            if (options.SkipDeclined == true && response == AttendeeResponse.Declined)
            {
                return "declined";
            }

            if (options.SkipTentative == true && (item.ShowAs == EventShowAs.Tentative || response == AttendeeResponse.Tentative))
            {
                return "tentative";
            }

            if (options.SkipFree == true && item.ShowAs == EventShowAs.Free)
            {
                return "free";
            }

            if (options.SkipAllDay == true && item.IsAllDay)
            {
                return "all-day";
            }

            var include = options.IncludeCategories;
            if (include != null && include.Count > 0 && !item.Categories.Any(c => include.Contains(c, StringComparer.OrdinalIgnoreCase)))
            {
                return "not in the included categories";
            }

            var exclude = options.ExcludeCategories;
            if (exclude != null && item.Categories.Any(c => exclude.Contains(c, StringComparer.OrdinalIgnoreCase)))
            {
                return "in an excluded category";
            }

            if (subject != null && !subject.IsMatch(item.Subject ?? string.Empty))
            {
                return "subject does not match the pattern";
            }

            return null;
        }
    }
}
