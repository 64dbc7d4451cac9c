using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Model;
using CalendarSharing.Sandbox.Publishing;

namespace CalendarSharing.Sandbox
{
    // Anonymous calendar publishing, written once: what Set-MailboxCalendarFolder keeps per calendar (PublishEnabled,
    // DetailLevel, PublishDateRangeFrom/To, the URLs and -ResetUrl:
    // https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailboxcalendarfolder), and what a published
    // calendar shows anyone holding its link. The admin API's cmdlets and the published-calendar endpoint only render it.
    public sealed partial class SandboxOrganization
    {
        /// <summary>Where published calendars are served (routing is by path: on SandboxHost, its base address + /owa/calendar/).</summary>
        public static readonly Uri DefaultPublishedCalendarUrl = new Uri("https://outlook.sandbox.contoso.com/owa/calendar/");

        private readonly object publishingGate = new object();
        private readonly Dictionary<SandboxFolder, SandboxPublication> publications = new Dictionary<SandboxFolder, SandboxPublication>();

        /// <summary>A copy of the calendar's publishing (a calendar never published reads as Exchange's defaults, not published).</summary>
        internal SandboxPublication PublicationOf(SandboxFolder folder)
        {
            lock (publishingGate)
            {
                return publications.TryGetValue(folder, out var p) ? p.Clone() : new SandboxPublication();
            }
        }

        /// <summary>
        /// Changes a calendar's publishing; what is null stays. The first publication gets URLs, which stay across
        /// unpublishing and publishing again (as Exchange keeps them) until <paramref name="resetUrl"/> gives new ones.
        /// Returns false when nothing changed.
        /// </summary>
        internal bool SetPublication(SandboxFolder folder, bool? enabled, PublishingDetailLevel? level, PublishingDateRange? from, PublishingDateRange? to, bool resetUrl)
        {
            lock (publishingGate)
            {
                if (!publications.TryGetValue(folder, out var p))
                {
                    p = new SandboxPublication();
                }

                var before = p.Clone();
                p.Enabled = enabled ?? p.Enabled;
                p.DetailLevel = level ?? p.DetailLevel;
                p.From = from ?? p.From;
                p.To = to ?? p.To;
                if (resetUrl || (p.Enabled && p.Token == null))
                {
                    p.Token = NewToken();
                }

                publications[folder] = p;
                return before.Enabled != p.Enabled || before.DetailLevel != p.DetailLevel || before.From != p.From || before.To != p.To || before.Token != p.Token;
            }
        }

        /// <summary>The calendar's web page URL, or null before its first publication.</summary>
        internal string? PublishedHtmlUrl(SandboxFolder folder) => PublishedUrl(folder, PublishedCalendarEndpoint.HtmlFile);

        /// <summary>The calendar's iCalendar URL, or null before its first publication.</summary>
        internal string? PublishedIcsUrl(SandboxFolder folder) => PublishedUrl(folder, PublishedCalendarEndpoint.IcsFile);

        /// <summary>The published calendar a path names (…/owa/calendar/{mailbox id}@{domain}/{token}/calendar.ics), or null.</summary>
        internal SandboxFolder? FindPublished(string mailboxSegment, string token)
        {
            lock (publishingGate)
            {
                foreach (var pair in publications)
                {
                    if (pair.Value.Enabled && pair.Value.Token != null && string.Equals(pair.Value.Token, token, StringComparison.Ordinal)
                        && string.Equals(MailboxSegment(pair.Key.Mailbox), mailboxSegment, StringComparison.OrdinalIgnoreCase))
                    {
                        return pair.Key;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// What a published calendar shows for [today - From, today + 1 day + To) (today in UTC): every occurrence that is
        /// not cancelled, with subject and location from LimitedDetails on, the description at FullDetails only, and a
        /// private item never more than its busy time, whatever the level.
        /// </summary>
        internal PublishedView PublishedViewOf(SandboxFolder folder)
        {
            var publication = PublicationOf(folder);
            var (start, end) = PublishingWindow(UtcNow, publication.From, publication.To);
            var view = new PublishedView(folder.Mailbox.Address, folder.DisplayName, publication.DetailLevel, start, end);
            foreach (var o in ExpandWindow(folder, start, end))
            {
                if (o.Item.IsCancelled)
                {
                    continue;
                }

                var details = !o.Item.IsPrivate;
                view.Items.Add(new PublishedItem
                {
                    Uid = o.Item.Uid,
                    RecurrenceIdUtc = o.OriginalStartUtc,
                    StartUtc = o.StartUtc,
                    EndUtc = o.EndUtc,
                    IsAllDay = o.Item.IsAllDay,
                    TimeZone = o.Item.TimeZone,
                    ShowAs = o.Item.ShowAs,
                    IsPrivate = o.Item.IsPrivate,
                    Subject = details && publication.DetailLevel >= PublishingDetailLevel.LimitedDetails ? o.Item.Subject : null,
                    Location = details && publication.DetailLevel >= PublishingDetailLevel.LimitedDetails ? o.Item.Location : null,
                    Description = details && publication.DetailLevel == PublishingDetailLevel.FullDetails ? (o.Item.BodyType == EventBodyType.Html && o.Item.Body != null ? EventBodyRules.ToText(o.Item.Body) : o.Item.Body) : null,
                });
            }

            return view;
        }

        /// <summary>The published window around <paramref name="nowUtc"/>: whole days, from the start of today minus From to the end of today plus To.</summary>
        internal static (DateTime StartUtc, DateTime EndUtc) PublishingWindow(DateTime nowUtc, PublishingDateRange from, PublishingDateRange to)
        {
            var today = nowUtc.Date;
            return (Back(today, from), Ahead(today.AddDays(1), to));
        }

        private static DateTime Back(DateTime day, PublishingDateRange range) => Move(day, range, -1);

        private static DateTime Ahead(DateTime day, PublishingDateRange range) => Move(day, range, 1);

        private static DateTime Move(DateTime day, PublishingDateRange range, int sign)
        {
            switch (range)
            {
                case PublishingDateRange.OneDay: return day.AddDays(sign);
                case PublishingDateRange.ThreeDays: return day.AddDays(3 * sign);
                case PublishingDateRange.OneWeek: return day.AddDays(7 * sign);
                case PublishingDateRange.OneMonth: return day.AddMonths(sign);
                case PublishingDateRange.ThreeMonths: return day.AddMonths(3 * sign);
                case PublishingDateRange.SixMonths: return day.AddMonths(6 * sign);
                default: return day.AddYears(sign);
            }
        }

        private string? PublishedUrl(SandboxFolder folder, string file)
        {
            string? token;
            lock (publishingGate)
            {
                token = publications.TryGetValue(folder, out var p) ? p.Token : null;
            }

            return token == null ? null : new Uri(DefaultPublishedCalendarUrl, MailboxSegment(folder.Mailbox) + "/" + token + "/" + file).AbsoluteUri;
        }

        // As Exchange Online's links: the mailbox's object id (no dashes) @ its domain, then the publication's own token.
        private static string MailboxSegment(SandboxMailbox mailbox) =>
            mailbox.Account.ObjectId.ToString("N") + "@" + mailbox.Address.Substring(mailbox.Address.IndexOf('@') + 1);

        private static string NewToken()
        {
            var bytes = new byte[16];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            return string.Concat(bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
