using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Events;
using CalendarSharing.Ews;
using CalendarSharing.Online.Graph;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Ews
{
    /// <summary>
    /// A stamp (extended property) written over EWS is the property Graph reads, and the other way round: a mailbox moved
    /// to Exchange Online keeps what the sync engine wrote on premises. Both wires are checked against their schemas.
    /// </summary>
    public class EventsEwsCrossProtocolTests
    {
        private const string User = "user0001@contoso.com";
        private const string Stamp = "CalendarSharing.SyncSource";

        [Fact]
        public async Task A_stamp_written_over_EWS_is_read_over_Graph_after_the_mailbox_moves_and_back()
        {
            using var ews = await SandboxSession.StartAsync(new SandboxOptions { GeneratedMailboxes = 1, GraphStrictValidation = true });
            var org = ews.Org;
            var calendar = CalendarAddress.Default(User);
            var start = new DateTimeOffset(2027, 4, 6, 9, 0, 0, TimeSpan.FromHours(2));
            var created = await ews.Backend.EventBackend.CreateEventAsync(calendar, new EventDraft
            {
                Subject = "Stamped on premises",
                Start = start,
                End = start.AddHours(1),
                TimeZone = "W. Europe Standard Time",
                Properties = new Dictionary<string, string> { [Stamp] = "ews:1" },
            }, CancellationToken.None);
            Assert.Equal("ews:1", created.Properties[Stamp]);

            // The mailbox moves to Exchange Online: Graph reads the same item and the same property.
            org.FindAccount(User)!.Home = MailboxHome.Cloud;
            using var graph = new GraphCalendarBackend(GraphSandboxSession.Options(org, org.CreateHandler()));
            await graph.ConnectAsync(CancellationToken.None);
            var window = new EventWindowQuery(calendar, start.AddHours(-1), start.AddHours(2)) { Properties = new[] { Stamp } };
            var online = Assert.Single((await graph.Events.ReadWindowAsync(window, CancellationToken.None)).Events);
            Assert.Equal("Stamped on premises", online.Subject);
            Assert.Equal("ews:1", online.Properties[Stamp]);

            var later = start.AddDays(1);
            await graph.Events.CreateEventAsync(calendar, new EventDraft
            {
                Subject = "Stamped online",
                Start = later,
                End = later.AddHours(1),
                TimeZone = "W. Europe Standard Time",
                Properties = new Dictionary<string, string> { [Stamp] = "graph:2" },
            }, CancellationToken.None);

            // And back on premises, EWS reads what Graph wrote.
            org.FindAccount(User)!.Home = MailboxHome.OnPremises;
            var back = (await ews.Backend.EventBackend.ReadWindowAsync(new EventWindowQuery(calendar, start.AddHours(-1), later.AddHours(2)) { Properties = new[] { Stamp } }, CancellationToken.None)).Events;
            Assert.Equal(new[] { "ews:1", "graph:2" }, back.Select(e => e.Properties[Stamp]));
            ews.AssertWireValid();
        }
    }
}
