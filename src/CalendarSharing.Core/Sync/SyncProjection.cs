using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using CalendarSharing.Core.Events;

namespace CalendarSharing.Core.Sync
{
    /// <summary>
    /// What a copy carries of its original, by the pair's Copy and Private options. With <see cref="SyncCopy.Busy"/> the copy
    /// has the times, the time zone, the recurrence and the free/busy status, and nothing of the subject, body, location,
    /// attendees or categories (the subject is "Busy"); SubjectAndLocation adds those two and still no body; Everything
    /// carries the whole body in its own format (text or HTML) and the categories. A copy never has attendees (it would send meeting mail). Times and
    /// zones are carried as they are, never converted: the copy's series is evaluated in the original's zone, so a
    /// daylight-saving change moves neither. The <see cref="SyncCopyPlan.Version"/> is a hash of everything the copy
    /// carries: a copy whose stamp holds that version is up to date.
    /// </summary>
    public static class SyncProjection
    {
        public const string BusySubject = "Busy";

        public const string PrivateSubject = "Private";

        public static SyncCopyPlan Project(CalendarEvent original, SyncOptions options)
        {
            if (original is null)
            {
                throw new ArgumentNullException(nameof(original));
            }

            var masked = original.IsPrivate && options.Private == SyncPrivateItems.Mask;
            var level = masked ? SyncCopy.Busy : options.Copy ?? SyncCopy.Busy;
            var draft = new EventDraft
            {
                Start = original.Start,
                End = original.End,
                TimeZone = original.TimeZone,
                IsAllDay = original.IsAllDay,
                ShowAs = original.ShowAs == EventShowAs.Unknown ? EventShowAs.Busy : original.ShowAs,
                Sensitivity = original.IsPrivate ? EventSensitivity.Private : EventSensitivity.Normal,
                Subject = masked ? PrivateSubject : level == SyncCopy.Busy ? BusySubject : original.Subject ?? string.Empty,
                Location = level == SyncCopy.Busy ? string.Empty : original.Location ?? string.Empty,
                Body = level == SyncCopy.Everything ? original.Body ?? original.BodyPreview ?? string.Empty : string.Empty,
                BodyType = level == SyncCopy.Everything && original.Body != null ? original.BodyType : EventBodyType.Text,
                Categories = level == SyncCopy.Everything ? original.Categories.ToList() : new List<string>(),
                Recurrence = original.Kind == EventKind.SeriesMaster ? original.Recurrence : null,
            };
            if (level == SyncCopy.Everything && !original.IsPrivate)
            {
                draft.Sensitivity = original.Sensitivity;
            }

            var plan = new SyncCopyPlan(draft);
            if (draft.Recurrence != null)
            {
                foreach (var x in original.ModifiedOccurrences.Where(x => x.OriginalStart.HasValue && !x.IsCancelled).OrderBy(x => x.OriginalStart!.Value.UtcDateTime))
                {
                    plan.Exceptions.Add(new SyncOccurrencePlan(x.OriginalStart!.Value, x.Start, x.End)
                    {
                        Subject = masked ? PrivateSubject : level == SyncCopy.Busy ? BusySubject : x.Subject ?? string.Empty,
                        Location = level == SyncCopy.Busy ? string.Empty : x.Location ?? string.Empty,
                        ShowAs = x.ShowAs == EventShowAs.Unknown ? EventShowAs.Busy : x.ShowAs,
                    });
                }

                foreach (var c in original.CancelledOccurrences.Concat(original.ModifiedOccurrences.Where(x => x.IsCancelled && x.OriginalStart.HasValue).Select(x => x.OriginalStart!.Value))
                    .Select(c => c.ToUniversalTime()).Distinct().OrderBy(c => c.UtcDateTime))
                {
                    plan.Cancelled.Add(c);
                }
            }

            plan.Version = Fingerprint(plan);
            return plan;
        }

        /// <summary>
        /// Two-way: the fields an edit of a copy may carry back to its original. A Busy (or masked) copy carries only its
        /// times and status back (its subject "Busy" is not the original's); SubjectAndLocation adds those; Everything the
        /// body and categories. Series are not written back (their copies' edits are reported, not applied).
        /// </summary>
        public static EventDraft WriteBack(CalendarEvent copy, CalendarEvent original, SyncOptions options)
        {
            var masked = original.IsPrivate && options.Private == SyncPrivateItems.Mask;
            var level = masked ? SyncCopy.Busy : options.Copy ?? SyncCopy.Busy;
            var draft = new EventDraft
            {
                Start = copy.Start,
                End = copy.End,
                TimeZone = copy.TimeZone ?? original.TimeZone,
                IsAllDay = copy.IsAllDay,
                ShowAs = copy.ShowAs == EventShowAs.Unknown ? (EventShowAs?)null : copy.ShowAs,
            };
            if (level != SyncCopy.Busy)
            {
                draft.Subject = copy.Subject;
                draft.Location = copy.Location ?? string.Empty;
            }

            if (level == SyncCopy.Everything)
            {
                // Null (the copy was read without its body) leaves the original's body as it is.
                draft.Body = copy.Body;
                draft.BodyType = copy.Body is null ? (EventBodyType?)null : copy.BodyType;
                draft.Categories = copy.Categories.ToList();
            }

            return draft;
        }

        /// <summary>
        /// Whether a pair's copies carry the original's body (Copy Everything): only then do its reads ask for bodies, which
        /// an EWS calendar view cannot return without a GetItem per 100 items.
        /// </summary>
        public static bool CarriesBody(SyncOptions options) => options != null && (options.Copy ?? SyncCopy.Busy) == SyncCopy.Everything;

        /// <summary>The idempotency key of the create of one copy: the same profile, original and version ask for the same event.</summary>
        public static string TransactionId(string profileId, string sourceMailbox, string sourceItemId, string version)
        {
            var text = string.Join("\n", "calendarsharing-sync-v1", profileId, sourceMailbox.ToLowerInvariant(), sourceItemId, version);
            using var sha = SHA256.Create();
            return new Guid(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Take(16).ToArray()).ToString("D");
        }

        private static string Fingerprint(SyncCopyPlan plan)
        {
            var d = plan.Draft;
            var b = new StringBuilder("v1");
            void Add(object? value) => b.Append('\u001f').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
            string Utc(DateTimeOffset? t) => t?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture) ?? string.Empty;
            Add(d.Subject);
            Add(d.Location);
            Add(d.Body);
            if (d.BodyType == EventBodyType.Html)
            {
                // Only HTML adds a field, so the versions of text and empty bodies stay what they were.
                Add("html");
            }

            Add(Utc(d.Start));
            Add(Utc(d.End));
            Add(d.TimeZone);
            Add(d.IsAllDay);
            Add(d.ShowAs);
            Add(d.Sensitivity);
            Add(string.Join(",", (d.Categories ?? new List<string>()).OrderBy(c => c, StringComparer.Ordinal)));
            var r = d.Recurrence;
            if (r != null)
            {
                Add(r.Pattern);
                Add(r.Interval);
                Add(string.Join(",", r.DaysOfWeek.OrderBy(x => x)));
                Add(r.FirstDayOfWeek);
                Add(r.DayOfMonth);
                Add(r.Month);
                Add(r.Index);
                Add(r.RangeType);
                Add(r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Add(r.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Add(r.NumberOfOccurrences);
                Add(r.TimeZone);
            }

            foreach (var x in plan.Exceptions)
            {
                Add("x" + Utc(x.OriginalStart) + "|" + Utc(x.Start) + "|" + Utc(x.End) + "|" + x.Subject + "|" + x.Location + "|" + x.ShowAs);
            }

            foreach (var c in plan.Cancelled)
            {
                Add("c" + Utc(c));
            }

            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(b.ToString()));
            return Convert.ToBase64String(hash, 0, 12).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }

    /// <summary>What one copy should be: the event's fields, the series' exceptions and cancellations, and the version they make.</summary>
    public sealed class SyncCopyPlan
    {
        public SyncCopyPlan(EventDraft draft)
        {
            Draft = draft;
        }

        public EventDraft Draft { get; }

        public IList<SyncOccurrencePlan> Exceptions { get; } = new List<SyncOccurrencePlan>();

        /// <summary>Original starts of the cancelled occurrences (UTC).</summary>
        public IList<DateTimeOffset> Cancelled { get; } = new List<DateTimeOffset>();

        public string Version { get; set; } = string.Empty;
    }

    /// <summary>One moved or changed occurrence a series copy must have.</summary>
    public sealed class SyncOccurrencePlan
    {
        public SyncOccurrencePlan(DateTimeOffset originalStart, DateTimeOffset start, DateTimeOffset end)
        {
            OriginalStart = originalStart;
            Start = start;
            End = end;
        }

        public DateTimeOffset OriginalStart { get; }

        public DateTimeOffset Start { get; }

        public DateTimeOffset End { get; }

        public string? Subject { get; set; }

        public string? Location { get; set; }

        public EventShowAs ShowAs { get; set; } = EventShowAs.Busy;
    }
}
