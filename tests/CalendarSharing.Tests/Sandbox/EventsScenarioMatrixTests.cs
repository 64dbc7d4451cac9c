using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>
    /// The scenario matrix for events and availability: one sandbox organisation, read through the real EWS client while
    /// its mailboxes are on-premises, then, once they have moved to Exchange Online (as a migration moves them), through
    /// the real Graph client (Microsoft.Graph SDK). Both must give the same events (ids and versions aside) for every seeded
    /// calendar and window, the daylight-saving weeks included, and the same availability (blocks, working hours, the
    /// per-mailbox error), because both render the organisation's one store and one free/busy rule. EWS traffic is
    /// checked against the XSDs and Graph traffic against the v1.0 metadata throughout.
    /// </summary>
    public sealed class EventsScenarioMatrixTests
    {
        private static readonly CancellationToken None = CancellationToken.None;

        private static readonly string[] Calendars =
        {
            "alice@contoso.com", "alice@contoso.com:\\Team Events", "bob@contoso.com", "carol@contoso.com",
            "hans@contoso.com", "hans@contoso.com:\\Projekte", "marie@contoso.com", "boardroom@contoso.com",
        };

        private static readonly string[] Schedules =
        {
            "alice@contoso.com", "bob@contoso.com", "carol@contoso.com", "hans@contoso.com", "marie@contoso.com",
            "boardroom@contoso.com", "nobody@contoso.com",
        };

        /// <summary>The seeded week (Pacific, the widest of the zones) and four weeks around both 2027 daylight-saving changes.</summary>
        private static readonly (DateTimeOffset Start, DateTimeOffset End)[] Windows =
        {
            (new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(-8)), new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.FromHours(-8))),
            (new DateTimeOffset(2027, 3, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 4, 3, 0, 0, 0, TimeSpan.Zero)),
        };

        [Fact]
        public async Task Both_protocols_give_the_same_events_and_the_same_availability_for_the_seeded_organisation()
        {
            var org = SandboxOrganization.Create(new SandboxOptions
            {
                StrictValidation = true,
                SchemaDirectory = SandboxSession.SchemaDirectory,
                GraphStrictValidation = true,
                Topology = SandboxTopology.OnPremises,
            });

            List<string> ewsEvents, ewsSeries, ewsSchedules;
            using (var ews = new EwsCalendarBackend(new EwsConnectionOptions
            {
                Url = org.EwsUrl,
                Credential = new NetworkCredential(org.Admin.Address, org.Admin.Password),
                Authentication = EwsAuthentication.Basic,
                Handler = org.CreateHandler(),
                Kind = ConnectionKind.Sandbox,
            }))
            {
                await ews.ConnectAsync(None);
                ewsEvents = await ReadEventsAsync(ews.EventBackend, asSeries: false);
                ewsSeries = await ReadEventsAsync(ews.EventBackend, asSeries: true);
                ewsSchedules = await ReadSchedulesAsync(ews.EventBackend);
            }

            Assert.Empty(org.SchemaViolations);

            // The mailboxes move to Exchange Online: EWS no longer sees them, Graph does, and the store is the same one.
            foreach (var account in org.Accounts)
            {
                account.Home = MailboxHome.Cloud;
            }

            List<string> graphEvents, graphSeries, graphSchedules;
            using (var graph = new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler())))
            {
                await graph.ConnectAsync(None);
                graphEvents = await ReadEventsAsync(graph.Events, asSeries: false);
                graphSeries = await ReadEventsAsync(graph.Events, asSeries: true);
                graphSchedules = await ReadSchedulesAsync(graph.Events);
            }

            Assert.Empty(org.SchemaViolations);

            // Something real was compared: every calendar had events in the seeded week and the DST weeks hold the sync.
            foreach (var calendar in Calendars)
            {
                Assert.Contains(ewsEvents, line => line.StartsWith(calendar + "|w0|", StringComparison.Ordinal));
            }

            Assert.Contains(ewsEvents, line => line.Contains("|w1|", StringComparison.Ordinal) && line.Contains("Transatlantic sync", StringComparison.Ordinal));
            Assert.Contains(ewsSeries, line => line.Contains("SeriesMaster", StringComparison.Ordinal) && line.Contains("cancelled=1", StringComparison.Ordinal));
            Assert.Contains(ewsSchedules, line => line.StartsWith("nobody@contoso.com|", StringComparison.Ordinal) && line.Contains("error=", StringComparison.Ordinal));
            Assert.Contains(ewsSchedules, line => line.Contains("WorkingElsewhere", StringComparison.Ordinal));

            AssertSame(ewsEvents, graphEvents, "events");
            AssertSame(ewsSeries, graphSeries, "series");
            AssertSame(ewsSchedules, graphSchedules, "availability");
        }

        private static async Task<List<string>> ReadEventsAsync(ICalendarEventBackend backend, bool asSeries)
        {
            var lines = new List<string>();
            foreach (var text in Calendars)
            {
                var parts = text.Split(new[] { ":\\" }, StringSplitOptions.None);
                var calendar = CalendarAddress.Parse(parts[0], parts.Length > 1 ? parts[1] : null);
                for (var w = 0; w < Windows.Length; w++)
                {
                    var read = await backend.ReadWindowAsync(new EventWindowQuery(calendar, Windows[w].Start, Windows[w].End) { AsSeries = asSeries }, None);
                    Assert.False(read.IsTruncated);
                    lines.AddRange(read.Events.Select(e => text + "|w" + w.ToString(CultureInfo.InvariantCulture) + "|" + Shape(e)).OrderBy(x => x, StringComparer.Ordinal));
                }
            }

            return lines;
        }

        private static async Task<List<string>> ReadSchedulesAsync(IAvailabilityBackend backend)
        {
            var lines = new List<string>();
            for (var w = 0; w < Windows.Length; w++)
            {
                var request = new ScheduleRequest(Schedules, Windows[w].Start, Windows[w].End, 30);
                var schedules = await backend.GetSchedulesAsync(request, None);
                Assert.Equal(Schedules, schedules.Select(s => s.Mailbox));
                foreach (var s in schedules)
                {
                    var head = s.Mailbox + "|w" + w.ToString(CultureInfo.InvariantCulture) + "|";
                    if (s.Error != null)
                    {
                        lines.Add(head + "error=" + s.Error.Code);
                        continue;
                    }

                    var hours = s.WorkingHours;
                    lines.Add(head + "hours=" + (hours is null ? "none" : string.Join(",", hours.DaysOfWeek) + " " + hours.StartTime + "-" + hours.EndTime + " " + ZoneRules(hours.TimeZone)));
                    lines.AddRange(s.Blocks
                        .Select(b => head + Utc(b.Start) + "-" + Utc(b.End) + "|" + b.ShowAs + "|" + b.Subject + "|" + b.Location + "|private=" + b.IsPrivate)
                        .OrderBy(x => x, StringComparer.Ordinal));
                }
            }

            return lines;
        }

        /// <summary>What both protocols express of an event: ids, versions and body aside.</summary>
        private static string Shape(CalendarEvent e)
        {
            var text = string.Join("|",
                Utc(e.Start), Utc(e.End), e.Subject, e.Location, e.Kind, e.ShowAs, e.Sensitivity, "allDay=" + e.IsAllDay,
                "tz=" + e.TimeZone, "cancelledItem=" + e.IsCancelled, "organizer=" + e.Organizer, "uid=" + SeriesUid(e.ICalUId),
                "original=" + (e.OriginalStart.HasValue ? Utc(e.OriginalStart.Value) : string.Empty),
                "attendees=" + string.Join(",", e.Attendees.Select(a => a.Address + ":" + a.Type + ":" + a.Response)),
                "categories=" + string.Join(",", e.Categories));
            if (e.Recurrence is { } r)
            {
                text += "|" + string.Join("|",
                    r.Pattern, "every=" + r.Interval, "days=" + string.Join(",", r.DaysOfWeek), "first=" + r.FirstDayOfWeek,
                    "day=" + r.DayOfMonth, "month=" + r.Month, "index=" + r.Index, r.RangeType, r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    "end=" + r.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "n=" + r.NumberOfOccurrences, "rtz=" + r.TimeZone,
                    "cancelled=" + e.CancelledOccurrences.Count + ":" + string.Join(",", e.CancelledOccurrences.Select(Utc).OrderBy(x => x, StringComparer.Ordinal)),
                    "modified=" + string.Join(",", e.ModifiedOccurrences.Select(m => (m.OriginalStart.HasValue ? Utc(m.OriginalStart.Value) : "?") + ">" + Utc(m.Start)).OrderBy(x => x, StringComparer.Ordinal)));
            }

            return text;
        }

        /// <summary>
        /// The UID as both protocols name the series: Graph's iCalUId of an occurrence also carries the instance date ("different
        /// for each occurrence in a recurring series", https://learn.microsoft.com/graph/api/resources/event#properties; the
        /// instance date of a GlobalObjectId, [MS-OXOCAL] 2.2.1.27), EWS's UID names the series; both end in the same bytes.
        /// </summary>
        private static string? SeriesUid(string? uid) =>
            uid != null && uid.Length > 56 ? uid.Substring(0, 32) + ".." + uid.Substring(uid.Length - 24) : uid;

        /// <summary>
        /// A zone by its rules: EWS WorkingHours carry a SerializableTimeZone (bias and transitions, no id,
        /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/timezone-availability), so zones with
        /// the same rules (Berlin and Paris) are one zone there; Graph names the zone.
        /// </summary>
        private static string ZoneRules(string? name)
        {
            if (name is null)
            {
                return "none";
            }

            var zone = CalendarSharing.Sandbox.Events.RecurrenceExpander.Zone(name);
            var instants = new[] { "2027-01-15T12:00Z", "2027-03-13T12:00Z", "2027-03-15T12:00Z", "2027-03-27T12:00Z", "2027-03-29T12:00Z", "2027-07-15T12:00Z", "2027-10-30T12:00Z", "2027-11-01T12:00Z", "2027-11-08T12:00Z" };
            return string.Join(",", instants.Select(i => zone.GetUtcOffset(DateTime.Parse(i, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)).TotalMinutes.ToString(CultureInfo.InvariantCulture)));
        }

        private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture);

        private static void AssertSame(List<string> ews, List<string> graph, string what)
        {
            var onlyEws = ews.Except(graph).Take(20).ToList();
            var onlyGraph = graph.Except(ews).Take(20).ToList();
            Assert.True(onlyEws.Count == 0 && onlyGraph.Count == 0 && ews.Count == graph.Count,
                what + " differ between the protocols (first 20 each).\nEWS only:\n  " + string.Join("\n  ", onlyEws) + "\nGraph only:\n  " + string.Join("\n  ", onlyGraph));
        }
    }
}
