using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Publishing;
using CalendarSharing.Online.AdminRest;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.SandboxServer;
using CalendarSharing.Tests.Delegation;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Publishing
{
    /// <summary>
    /// Publish-, Unpublish- and Get-CalendarPublishing end to end: PublishingCommands, our admin REST client on real HTTP
    /// messages, the sandbox's Get-/Set-MailboxCalendarFolder, and the published ICS fetched over HTTP from the sandbox
    /// hosted on Kestrel and parsed back by Ical.Net.
    /// </summary>
    public sealed class PublishingScenarioTests
    {
        // Commas, semicolons, backslashes, line breaks and non-ASCII text longer than one 75-octet content line: the
        // writer's escaping and folding (RFC 5545 3.1, 3.3.11) must give back exactly what was stored.
        private const string RoomText = "Room 4, 2nd floor; east wing \\ Bau C";

        private const string AgendaText = "Agenda: the roadmap, Q1; Q2 — Übersicht der Vorhaben für das nächste Halbjahr, mit Zielen und Risiken.\nSecond line, ✓ done.";

        private const string Alice = "alice@contoso.com";

        /// <summary>
        /// The seeded default policy with an Anonymous entry added (Exchange publishes only for a policy that has one, at
        /// most at its level); the seeded policy itself has none, so shares with non-federated domains stay refused.
        /// </summary>
        private static SandboxOrganization Publishable(SandboxOrganization org, string anonymous = "CalendarSharingFreeBusyReviewer")
        {
            org.SetSharingPolicy(SandboxOrganization.DefaultSharingPolicyName, true, true, "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing", "Anonymous:" + anonymous);
            return org;
        }

        private static PublishingRequest Row(int n, string mailbox, string? level = null, string? from = null, string? to = null, bool resetUrl = false, string? calendar = null) =>
            new PublishingRequest { Row = n, Mailbox = mailbox, Calendar = calendar, DetailLevel = level, From = from, To = to, ResetUrl = resetUrl, Source = $"row {n}" };

        private static async Task<RecordingSink> Publish(PublishingCommands c, params PublishingRequest[] rows)
        {
            var sink = new RecordingSink();
            await c.PublishAsync(rows, sink, CancellationToken.None);
            return sink;
        }

        /// <summary>Alice's calendar with one event of each kind around today, each with its own UID.</summary>
        private sealed class Calendar
        {
            public Calendar(SandboxOrganization org)
            {
                Org = org;
                var folder = org.FindMailbox(Alice)!.Calendar;
                var today = org.UtcNow.Date;
                Event Add(string uid, DateTime start, Action<SandboxEvent> set)
                {
                    var draft = new SandboxEvent { Uid = uid, StartUtc = start, EndUtc = start.AddHours(1), TimeZone = "UTC" };
                    set(draft);
                    org.CreateEvent(folder, draft);
                    return new Event(uid, start);
                }

                Public = Add("publish-test-public", today.AddDays(1).AddHours(10), e =>
                {
                    e.Subject = "Roadmap review";
                    e.Location = RoomText;
                    e.Body = AgendaText;
                });
                Private = Add("publish-test-private", today.AddDays(2).AddHours(14), e =>
                {
                    e.Subject = "Doctor";
                    e.Location = "Clinic";
                    e.Body = "Private notes";
                    e.Sensitivity = EventSensitivity.Private;
                });
                RecentPast = Add("publish-test-past", today.AddDays(-3).AddHours(9), e =>
                {
                    e.Subject = "Retro";
                    e.Location = "Room 2";
                });
                TooOld = Add("publish-test-too-old", today.AddDays(-10).AddHours(9), e => e.Subject = "Old planning");
                TooFar = Add("publish-test-too-far", today.AddDays(45).AddHours(9), e => e.Subject = "Far offsite");
            }

            public SandboxOrganization Org { get; }

            public Event Public { get; }

            public Event Private { get; }

            public Event RecentPast { get; }

            public Event TooOld { get; }

            public Event TooFar { get; }
        }

        private sealed record Event(string Uid, DateTime StartUtc);

        private static async Task<(HttpStatusCode Status, string Body, string? MediaType)> FetchAsync(SandboxHost host, string url)
        {
            using var client = new HttpClient();
            using var response = await client.GetAsync(new Uri(host.BaseAddress, new Uri(url).PathAndQuery));
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
        }

        private static List<Ical.Net.CalendarComponents.CalendarEvent> Parse(string ics)
        {
            var calendar = Ical.Net.Calendar.Load(ics);
            Assert.NotNull(calendar);
            Assert.Equal("2.0", calendar!.Version);
            Assert.False(string.IsNullOrEmpty(calendar.ProductId));
            foreach (var e in calendar.Events)
            {
                // RFC 5545 section 3.6.1: UID and DTSTAMP are required, and DTSTART when there is no METHOD-less default.
                Assert.False(string.IsNullOrEmpty(e.Uid));
                Assert.NotNull(e.DtStamp);
                Assert.NotNull(e.DtStart);
            }

            return calendar.Events.ToList();
        }

        private static Ical.Net.CalendarComponents.CalendarEvent Single(List<Ical.Net.CalendarComponents.CalendarEvent> events, Event wanted) =>
            Assert.Single(events, e => e.Uid == wanted.Uid);

        [Fact]
        public async Task The_published_ICS_carries_exactly_what_each_detail_level_allows_inside_the_window_and_never_a_private_items_details()
        {
            var org = Publishable(SandboxOrganization.Create());
            var cal = new Calendar(org);
            await using var host = await SandboxHost.StartAsync(org, "http://127.0.0.1:0");
            using var client = MailboxAccessScenarioTests.Client(org);
            var commands = new PublishingCommands(client);

            var first = await Publish(commands, Row(1, Alice, "AvailabilityOnly", "OneWeek", "OneMonth"));
            Assert.Empty(first.Errors);
            var published = Assert.Single(first.OfType<CalendarPublishingResult>());
            Assert.Equal(ShareAction.Added, published.Action);
            Assert.Equal((PublishingDetailLevel?)PublishingDetailLevel.AvailabilityOnly, published.DetailLevel);
            Assert.EndsWith("/calendar.ics", published.IcsUrl);
            Assert.EndsWith("/calendar.html", published.HtmlUrl);

            // AvailabilityOnly: busy times only.
            var (status, body, mediaType) = await FetchAsync(host, published.IcsUrl!);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("text/calendar", mediaType);
            var events = Parse(body);
            Assert.All(events, e =>
            {
                Assert.Null(e.Summary);
                Assert.Null(e.Location);
                Assert.Null(e.Description);
            });
            Assert.DoesNotContain("SUMMARY", body, StringComparison.Ordinal);
            Assert.DoesNotContain("LOCATION", body, StringComparison.Ordinal);
            Assert.Equal(cal.Public.StartUtc, Single(events, cal.Public).DtStart!.AsUtc);
            Assert.Equal("OPAQUE", Single(events, cal.Public).Transparency);

            // Nothing outside [today - OneWeek, end of today + OneMonth): the window holds the past and future events inside it.
            var (windowStart, windowEnd) = (org.UtcNow.Date.AddDays(-7), org.UtcNow.Date.AddDays(1).AddMonths(1));
            Assert.All(events, e => Assert.True(e.DtStart!.AsUtc < windowEnd && e.DtEnd!.AsUtc > windowStart, $"{e.Uid} at {e.DtStart} is outside the window."));
            Single(events, cal.RecentPast);
            Assert.DoesNotContain(events, e => e.Uid == cal.TooOld.Uid || e.Uid == cal.TooFar.Uid);

            // LimitedDetails: subject and location, no description; the private item still only its busy time.
            var limited = Assert.Single((await Publish(commands, Row(1, Alice, "LimitedDetails"))).OfType<CalendarPublishingResult>());
            Assert.Equal(ShareAction.Updated, limited.Action);
            Assert.Equal(published.IcsUrl, limited.IcsUrl);
            Assert.Equal((PublishingDateRange?)PublishingDateRange.OneWeek, limited.From); // what the row left out stays
            events = Parse((await FetchAsync(host, limited.IcsUrl!)).Body);
            var pub = Single(events, cal.Public);
            Assert.Equal("Roadmap review", pub.Summary);
            Assert.Equal(RoomText, pub.Location);
            Assert.All(events, e => Assert.Null(e.Description));
            var secret = Single(events, cal.Private);
            Assert.Null(secret.Summary);
            Assert.Null(secret.Location);
            Assert.Equal("PRIVATE", secret.Class);

            // FullDetails: the description too; the private item still nothing but its time.
            var full = Assert.Single((await Publish(commands, Row(1, Alice, "FullDetails", to: "ThreeMonths"))).OfType<CalendarPublishingResult>());
            var fullBody = (await FetchAsync(host, full.IcsUrl!)).Body;
            events = Parse(fullBody);
            Assert.Equal(AgendaText, Single(events, cal.Public).Description);
            secret = Single(events, cal.Private);
            Assert.Null(secret.Summary);
            Assert.Null(secret.Location);
            Assert.Null(secret.Description);
            Assert.DoesNotContain("Doctor", fullBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Clinic", fullBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Private notes", fullBody, StringComparison.Ordinal);
            Single(events, cal.TooFar); // ThreeMonths ahead now reaches it

            // The web page shows the same, no more.
            var html = await FetchAsync(host, full.HtmlUrl!);
            Assert.Equal(HttpStatusCode.OK, html.Status);
            Assert.Contains("Roadmap review", html.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Doctor", html.Body, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Publishing_twice_with_the_same_settings_is_Unchanged_and_writes_nothing()
        {
            var org = Publishable(SandboxOrganization.Create());
            using var client = MailboxAccessScenarioTests.Client(org);
            var commands = new PublishingCommands(client);

            var first = await Publish(commands, Row(1, Alice, "LimitedDetails", "OneDay", "SixMonths"));
            Assert.Equal(ShareAction.Added, Assert.Single(first.OfType<CalendarPublishingResult>()).Action);
            Assert.Equal(
                new[] { "Identity=\"alice@contoso.com:\\\\Calendar\"", "PublishEnabled=true", "DetailLevel=\"LimitedDetails\"", "PublishDateRangeFrom=\"OneDay\"", "PublishDateRangeTo=\"SixMonths\"", "Confirm=false" },
                org.AdminCommands.Single(c => c.Name == "Set-MailboxCalendarFolder").Parameters.Select(p => p.Key + "=" + p.Value).ToArray());

            var again = await Publish(commands, Row(1, Alice, "limiteddetails", "OneDay", "SixMonths"), Row(2, Alice));
            Assert.Empty(again.Errors);
            Assert.All(again.OfType<CalendarPublishingResult>(), r => Assert.Equal(ShareAction.Unchanged, r.Action));
            Assert.Equal(2, again.OfType<CalendarPublishingResult>().Count);
            Assert.Single(org.AdminCommands, c => c.Name == "Set-MailboxCalendarFolder");
            Assert.Empty(again.ShouldProcessCalls);

            var unpublish = new RecordingSink();
            await commands.UnpublishAsync(new[] { Row(1, Alice) }, unpublish, CancellationToken.None);
            var removed = Assert.Single(unpublish.OfType<CalendarPublishingResult>());
            Assert.Equal(ShareAction.Removed, removed.Action);
            Assert.Null(removed.IcsUrl);
            var twice = new RecordingSink();
            await commands.UnpublishAsync(new[] { Row(1, Alice) }, twice, CancellationToken.None);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(twice.OfType<CalendarPublishingResult>()).Action);
        }

        [Fact]
        public async Task ResetUrl_gives_new_URLs_and_the_old_ones_stop_serving_and_so_do_they_all_after_unpublishing()
        {
            var org = Publishable(SandboxOrganization.Create());
            new Calendar(org);
            await using var host = await SandboxHost.StartAsync(org, "http://127.0.0.1:0");
            using var client = MailboxAccessScenarioTests.Client(org);
            var commands = new PublishingCommands(client);

            var before = Assert.Single((await Publish(commands, Row(1, Alice, "AvailabilityOnly"))).OfType<CalendarPublishingResult>());
            Assert.Equal(HttpStatusCode.OK, (await FetchAsync(host, before.IcsUrl!)).Status);

            var reset = await Publish(commands, Row(1, Alice, resetUrl: true));
            Assert.Empty(reset.Errors);
            var after = Assert.Single(reset.OfType<CalendarPublishingResult>());
            Assert.Equal(ShareAction.Updated, after.Action);
            Assert.True(after.UrlReset);
            Assert.NotEqual(before.IcsUrl, after.IcsUrl);
            Assert.NotEqual(before.HtmlUrl, after.HtmlUrl);
            Assert.Equal(HttpStatusCode.NotFound, (await FetchAsync(host, before.IcsUrl!)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await FetchAsync(host, before.HtmlUrl!)).Status);
            Assert.Equal(HttpStatusCode.OK, (await FetchAsync(host, after.IcsUrl!)).Status);

            var get = new RecordingSink();
            await commands.GetAsync(new[] { Row(1, Alice) }, get, CancellationToken.None);
            var read = Assert.Single(get.OfType<CalendarPublishing>());
            Assert.True(read.Enabled);
            Assert.Equal(after.IcsUrl, read.IcsUrl);
            Assert.Equal("Calendar", read.Calendar);

            await commands.UnpublishAsync(new[] { Row(1, Alice) }, new RecordingSink(), CancellationToken.None);
            Assert.Equal(HttpStatusCode.NotFound, (await FetchAsync(host, after.IcsUrl!)).Status);
        }

        [Fact]
        public async Task A_localized_or_secondary_calendar_is_found_by_type_or_name_and_bad_rows_fail_alone()
        {
            var org = Publishable(SandboxOrganization.Create());
            using var client = MailboxAccessScenarioTests.Client(org);
            var commands = new PublishingCommands(client);

            var sink = await Publish(
                commands,
                Row(1, "hans@contoso.com", "FullDetails"),
                Row(2, Alice, "Everything"),
                Row(3, Alice, from: "TwoWeeks"),
                Row(4, Alice, calendar: "Team Events"),
                Row(5, "nobody@contoso.com"),
                Row(6, Alice, calendar: "No Such Calendar"));

            var results = sink.OfType<CalendarPublishingResult>().OrderBy(r => r.Row).ToList();
            Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, results.Select(r => r.Row!.Value).ToArray());
            Assert.Equal(ShareAction.Added, results[0].Action);
            Assert.Equal("Kalender", results[0].Calendar);
            Assert.Equal(ShareAction.Added, results[3].Action);
            Assert.Equal("Team Events", results[3].Calendar);
            Assert.Equal(
                new[] { "InvalidDetailLevel", "InvalidPublishingRange", "MailboxNotFound", "CalendarNotFound" },
                sink.Errors.Select(e => e.ErrorId).ToArray());
            Assert.Contains("Row 2", sink.Errors[0].Message, StringComparison.Ordinal);
            Assert.Equal("row 2", sink.Errors[0].Target);
            Assert.Contains(org.AdminCommands, c => c.Name == "Set-MailboxCalendarFolder" && c.Parameters.Any(p => p.Value.Contains("Calendar\\\\Team Events", StringComparison.Ordinal)));
        }

        /// <summary>
        /// Publish-Calendar checks the mailbox's effective policy before it writes: with no Anonymous entry, or beyond its
        /// level, the row fails with PublishingNotAllowedBySharingPolicy naming the policy and the highest level allowed,
        /// and nothing is sent; allowed rows run, and -WhatIf shows the verdict. A mailbox's own policy governs it.
        /// </summary>
        [Fact]
        public async Task Publishing_beyond_the_sharing_policy_is_refused_per_row_naming_the_policy_and_the_highest_level()
        {
            var org = SandboxOrganization.Create();
            using var client = MailboxAccessScenarioTests.Client(org);
            var commands = new PublishingCommands(client);

            // The seeded default policy has no Anonymous entry: nothing may be published.
            var none = await Publish(commands, Row(1, Alice, "AvailabilityOnly"));
            var error = Assert.Single(none.Errors);
            Assert.Equal("PublishingNotAllowedBySharingPolicy", error.ErrorId);
            Assert.Equal(CalendarSharing.Core.Output.ErrorKind.PermissionDenied, error.Kind);
            Assert.Equal("row 1", error.Target);
            Assert.Equal("Row 1: alice@contoso.com\\Calendar: the sharing policy 'Default Sharing Policy' has no Anonymous entry, so the mailbox's calendar may not be published; AvailabilityOnly is beyond it.", error.Message);
            Assert.Contains("Enable-ExternalCalendarSharing -Policy 'Default Sharing Policy' -Anonymous -DetailLevel AvailabilityOnly", error.RecommendedAction, StringComparison.Ordinal);
            Assert.Equal(ShareAction.Failed, Assert.Single(none.OfType<CalendarPublishingResult>()).Action);
            Assert.DoesNotContain(org.AdminCommands, c => c.Name == "Set-MailboxCalendarFolder");

            // Anonymous up to LimitedDetails: FullDetails is refused with the highest level named; the other rows run.
            Publishable(org, "CalendarSharingFreeBusyDetail");
            var sink = await Publish(commands, Row(1, Alice, "FullDetails"), Row(2, "bob@contoso.com", "LimitedDetails"), Row(3, "carol@contoso.com"));
            error = Assert.Single(sink.Errors);
            Assert.Equal("PublishingNotAllowedBySharingPolicy", error.ErrorId);
            Assert.Equal("Row 1: alice@contoso.com\\Calendar: the sharing policy 'Default Sharing Policy' lets the calendar be published with at most LimitedDetails (entry Anonymous:CalendarSharingFreeBusyDetail); FullDetails is beyond it.", error.Message);
            Assert.StartsWith("Publish with -DetailLevel LimitedDetails or less", error.RecommendedAction, StringComparison.Ordinal);
            var results = sink.OfType<CalendarPublishingResult>().OrderBy(r => r.Row).ToList();
            Assert.Equal(new[] { ShareAction.Failed, ShareAction.Added, ShareAction.Added }, results.Select(r => r.Action).ToArray());
            Assert.DoesNotContain(org.AdminCommands, c => c.Name == "Set-MailboxCalendarFolder" && c.Parameters.Any(p => p.Value.Contains("alice", StringComparison.Ordinal)));
            Assert.Equal(2, sink.ShouldProcessCalls.Count);
            Assert.All(sink.ShouldProcessCalls, c => Assert.EndsWith("(within sharing policy 'Default Sharing Policy': Anonymous up to LimitedDetails)", c.Action, StringComparison.Ordinal));

            // -WhatIf: the verdict in the text, nothing written.
            var whatIf = new RecordingSink((target, action) => false);
            await commands.PublishAsync(new[] { Row(1, Alice, "LimitedDetails") }, whatIf, CancellationToken.None);
            var (whatIfTarget, text) = Assert.Single(whatIf.ShouldProcessCalls);
            Assert.Equal("alice@contoso.com\\Calendar", whatIfTarget);
            Assert.Equal("Publish LimitedDetails, ThreeMonths back to ThreeMonths ahead (within sharing policy 'Default Sharing Policy': Anonymous up to LimitedDetails)", text);
            Assert.Equal(2, org.AdminCommands.Count(c => c.Name == "Set-MailboxCalendarFolder"));

            // A mailbox's own policy governs it (Set-Mailbox -SharingPolicy); a disabled one allows nothing.
            org.SetSharingPolicy("Publishing off", false, false, "Anonymous:CalendarSharingFreeBusyReviewer");
            await new CalendarSharing.Core.Sharing.SharingPolicyCommands(new CalendarSharing.Core.Sharing.ExchangeSharingPolicyBackend(client, "t"))
                .AssignAsync("Publishing off", new[] { new CalendarSharing.Core.Sharing.SharingPolicyAssignmentRequest { Row = 1, Mailbox = "marie@contoso.com" } }, new RecordingSink(), CancellationToken.None);
            var disabled = await Publish(commands, Row(1, "marie@contoso.com", "AvailabilityOnly"));
            Assert.Equal("Row 1: marie@contoso.com\\Calendrier: the mailbox's sharing policy 'Publishing off' is disabled, so its calendar may not be published; AvailabilityOnly is beyond it.", Assert.Single(disabled.Errors).Message);

            // Unpublishing is never checked.
            org.SetSharingPolicy(SandboxOrganization.DefaultSharingPolicyName, true, true, "fabrikam.com:CalendarSharingFreeBusyDetail");
            var unpublish = new RecordingSink();
            await commands.UnpublishAsync(new[] { Row(1, "bob@contoso.com") }, unpublish, CancellationToken.None);
            Assert.Empty(unpublish.Errors);
            Assert.Equal(ShareAction.Removed, Assert.Single(unpublish.OfType<CalendarPublishingResult>()).Action);
        }

        /// <summary>
        /// The sandbox enforces the rule itself (what Exchange does behind our check): Set-MailboxCalendarFolder
        /// -PublishEnabled $true through the admin API is refused without an Anonymous entry and beyond its level, and so
        /// is raising the level of a published calendar; within it, it publishes.
        /// </summary>
        [Theory]
        [InlineData(null, "AvailabilityOnly", false)]
        [InlineData("CalendarSharingFreeBusySimple", "AvailabilityOnly", true)]
        [InlineData("CalendarSharingFreeBusySimple", "LimitedDetails", false)]
        [InlineData("CalendarSharingFreeBusyDetail", "LimitedDetails", true)]
        [InlineData("CalendarSharingFreeBusyDetail", "FullDetails", false)]
        [InlineData("CalendarSharingFreeBusyReviewer", "FullDetails", true)]
        [InlineData("ContactsSharing", "AvailabilityOnly", false)]
        public async Task The_sandbox_server_refuses_Set_MailboxCalendarFolder_beyond_the_Anonymous_entry(string? anonymous, string level, bool allowed)
        {
            var org = SandboxOrganization.Create();
            org.SetSharingPolicy(SandboxOrganization.DefaultSharingPolicyName, true, true, anonymous == null ? new[] { "fabrikam.com:CalendarSharingFreeBusyDetail" } : new[] { "fabrikam.com:CalendarSharingFreeBusyDetail", "Anonymous:" + anonymous });
            using var client = MailboxAccessScenarioTests.Client(org);
            var command = new CalendarSharing.Core.Delegation.ExchangeCommand("Set-MailboxCalendarFolder").With("Identity", "alice@contoso.com:\\Calendar").With("PublishEnabled", true).With("DetailLevel", level).With("Confirm", false);
            var folder = org.FindMailbox(Alice)!.Calendar;
            if (allowed)
            {
                await client.InvokeAsync(command, CancellationToken.None);
                Assert.NotNull(org.PublishedIcsUrl(folder));
                return;
            }

            var ex = await Assert.ThrowsAsync<CalendarSharing.Core.Backends.BackendException>(() => client.InvokeAsync(command, CancellationToken.None));
            Assert.Contains("sharing policy \"Default Sharing Policy\"", ex.Error.Message, StringComparison.Ordinal);
            Assert.Null(org.PublishedIcsUrl(folder));
        }

        [Fact]
        public async Task Without_an_Exchange_session_an_on_premises_mailbox_gets_ExchangeSessionRequired_per_row()
        {
            var commands = new PublishingCommands((IPublishingBackend?)null);
            var sink = await Publish(commands, Row(1, Alice, "AvailabilityOnly"), Row(2, "bob@contoso.com"));
            Assert.Equal(new[] { "ExchangeSessionRequired", "ExchangeSessionRequired" }, sink.Errors.Select(e => e.ErrorId).ToArray());
            Assert.Contains("Set-MailboxCalendarFolder", sink.Errors[0].Message, StringComparison.Ordinal);
            Assert.All(sink.OfType<CalendarPublishingResult>(), r => Assert.Equal(ShareAction.Failed, r.Action));
        }

        [Fact]
        public async Task A_hybrid_connection_publishes_an_online_mailbox_through_the_admin_API_and_asks_for_a_session_for_an_on_premises_one()
        {
            using var services = new Disposing(CalendarSharing.PowerShell.BackendFactory.CreateConnection(new CalendarSharing.PowerShell.ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Hybrid" }));
            Assert.True(services.Value.Has(ConnectionCapabilities.Publishing));
            var commands = new PublishingCommands(services.Value.Require<IPublishingBackend>(ConnectionCapabilities.Publishing));
            await new CalendarSharing.Core.Sharing.SharingPolicyCommands(services.Value.Require<CalendarSharing.Core.Sharing.ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy))
                .SetDomainsAsync(null, new[] { "Anonymous" }, CalendarRole.LimitedDetails, new RecordingSink(), CancellationToken.None);

            var sink = await Publish(commands, Row(1, "carol@contoso.com", "LimitedDetails"), Row(2, "hans@contoso.com", "LimitedDetails"));

            var results = sink.OfType<CalendarPublishingResult>().OrderBy(r => r.Row).ToList();
            Assert.Equal(new[] { ShareAction.Added, ShareAction.Failed }, results.Select(r => r.Action).ToArray());
            Assert.Equal("ExchangeSessionRequired", Assert.Single(sink.Errors).ErrorId);
            Assert.Contains("hans@contoso.com", sink.Errors[0].Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// In a hybrid organisation each side has its own sharing policies: a mailbox's publishing and sharing checks
        /// read the policy of the side that hosts it (online: the admin API; on premises: the Exchange session), never
        /// the other side's. Here the on-premises "session" is a second organisation whose default policy is narrower.
        /// </summary>
        [Fact]
        public async Task A_hybrid_connection_checks_each_mailbox_against_the_policies_of_its_own_side()
        {
            using var services = new Disposing(CalendarSharing.PowerShell.BackendFactory.CreateConnection(new CalendarSharing.PowerShell.ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Hybrid" }));
            var online = services.Value.Require<CalendarSharing.Core.Sharing.ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy);
            var policyOnline = new CalendarSharing.Core.Sharing.SharingPolicyCommands(online);
            await policyOnline.SetDomainsAsync(null, new[] { "Anonymous" }, CalendarRole.Reviewer, new RecordingSink(), CancellationToken.None);
            await policyOnline.SetDomainsAsync(null, new[] { "fabrikam.com" }, CalendarRole.Reviewer, new RecordingSink(), CancellationToken.None);
            var onPremisesOrg = Publishable(SandboxOrganization.Create(), "CalendarSharingFreeBusySimple");
            using var session = MailboxAccessScenarioTests.Client(onPremisesOrg);

            // Publishing: carol (online) at FullDetails is within Exchange Online's policy; hans (on premises) is not within his side's.
            var publishing = services.Value.Require<IPublishingBackend>(ConnectionCapabilities.Publishing).WithOnPremisesExecutor(session);
            var sink = await Publish(new PublishingCommands(publishing), Row(1, "carol@contoso.com", "FullDetails"), Row(2, "hans@contoso.com", "FullDetails"));
            var results = sink.OfType<CalendarPublishingResult>().OrderBy(r => r.Row).ToList();
            Assert.Equal(new[] { ShareAction.Added, ShareAction.Failed }, results.Select(r => r.Action).ToArray());
            var error = Assert.Single(sink.Errors);
            Assert.Equal("PublishingNotAllowedBySharingPolicy", error.ErrorId);
            Assert.Contains("hans@contoso.com", error.Message, StringComparison.Ordinal);
            Assert.Contains("at most AvailabilityOnly (entry Anonymous:CalendarSharingFreeBusySimple)", error.Message, StringComparison.Ordinal);
            Assert.Contains(onPremisesOrg.AdminCommands, c => c.Name == "Get-SharingPolicy");
            Assert.Contains(onPremisesOrg.AdminCommands, c => c.Name == "Get-Mailbox" && c.Parameters.Any(p => p.Value.Contains("hans", StringComparison.Ordinal)));
            Assert.DoesNotContain(onPremisesOrg.AdminCommands, c => c.Parameters.Any(p => p.Value.Contains("carol", StringComparison.Ordinal)));

            // Sharing: the same routing for Set-CalendarShare's check.
            var gate = new CalendarSharing.Core.Sharing.SharingPolicyGate(online.WithOnPremisesExecutor(session));
            Assert.True((await gate.EvaluateAsync("carol@contoso.com", "partner@fabrikam.com", CalendarRole.Reviewer, CancellationToken.None)).Allowed);
            var hans = await gate.EvaluateAsync("hans@contoso.com", "partner@fabrikam.com", CalendarRole.Reviewer, CancellationToken.None);
            Assert.False(hans.Allowed);
            Assert.Equal(CalendarRole.LimitedDetails, hans.Highest);

            // Without the session the on-premises side's policy cannot be read: the check says so (and Set-CalendarShare
            // warns and lets the server decide) instead of judging hans by Exchange Online's policy.
            var withoutSession = new CalendarSharing.Core.Sharing.SharingPolicyGate(online);
            var ex = await Assert.ThrowsAsync<CalendarSharing.Core.Backends.BackendException>(() => withoutSession.EvaluateAsync("hans@contoso.com", "partner@fabrikam.com", CalendarRole.Reviewer, CancellationToken.None));
            Assert.Equal(CalendarSharing.Core.Backends.BackendErrorCode.NotSupported, ex.Error.Code);
            Assert.True((await withoutSession.EvaluateAsync("carol@contoso.com", "partner@fabrikam.com", CalendarRole.Reviewer, CancellationToken.None)).Allowed);
        }

        private sealed class Disposing : IDisposable
        {
            public Disposing(CalendarSharing.Core.Connections.ConnectionServices value)
            {
                Value = value;
            }

            public CalendarSharing.Core.Connections.ConnectionServices Value { get; }

            public void Dispose() => Value.Backend.Dispose();
        }

        [Fact]
        public void The_window_runs_from_the_start_of_today_minus_From_to_the_end_of_today_plus_To()
        {
            var now = new DateTime(2026, 12, 7, 15, 30, 0, DateTimeKind.Utc);
            Assert.Equal((new DateTime(2026, 12, 6), new DateTime(2026, 12, 9)), SandboxOrganization.PublishingWindow(now, PublishingDateRange.OneDay, PublishingDateRange.OneDay));
            Assert.Equal((new DateTime(2026, 11, 30), new DateTime(2027, 3, 8)), SandboxOrganization.PublishingWindow(now, PublishingDateRange.OneWeek, PublishingDateRange.ThreeMonths));
            Assert.Equal((new DateTime(2025, 12, 7), new DateTime(2027, 12, 8)), SandboxOrganization.PublishingWindow(now, PublishingDateRange.OneYear, PublishingDateRange.OneYear));
        }
    }
}
