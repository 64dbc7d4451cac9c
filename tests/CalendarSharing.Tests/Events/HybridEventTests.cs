using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;
using CalendarSharing.PowerShell;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Events
{
    /// <summary>The hybrid connection declares Events and Availability and sends each mailbox to its side.</summary>
    public class HybridEventTests
    {
        [Fact]
        public async Task Events_and_free_busy_go_to_the_side_that_hosts_each_mailbox()
        {
            var verbose = new ConcurrentQueue<string>();
            var services = BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Hybrid", Verbose = verbose.Enqueue });
            using var backend = services.Backend;
            Assert.True(services.Has(ConnectionCapabilities.Events));
            Assert.True(services.Has(ConnectionCapabilities.Availability));
            var events = new EventCommands(services.Require<ICalendarEventBackend>(ConnectionCapabilities.Events));
            var sink = new RecordingSink();
            await events.NewAsync(
                new[]
                {
                    new EventWriteRequest { Row = 1, Mailbox = "alice@contoso.com", Subject = "On premises", Start = new DateTime(2027, 3, 16, 9, 0, 0), TimeZone = "Europe/Berlin" },
                    new EventWriteRequest { Row = 2, Mailbox = "carol@contoso.com", Subject = "Online", Start = new DateTime(2027, 3, 16, 9, 0, 0), TimeZone = "Europe/Berlin" },
                },
                sink,
                CancellationToken.None);
            Assert.Empty(sink.Errors);
            Assert.Equal(new[] { ShareAction.Added, ShareAction.Added }, sink.OfType<CalendarEventResult>().Select(r => r.Action));

            var routing = (CalendarSharing.Core.Routing.RoutingBackend)services.Backend;
            Assert.Equal(CalendarSharing.Core.Routing.MailboxLocation.OnPremises, routing.RouteOf("alice@contoso.com"));
            Assert.Equal(CalendarSharing.Core.Routing.MailboxLocation.Online, routing.RouteOf("carol@contoso.com"));

            var zone = TimeZoneNames.Find("Europe/Berlin");
            var grid = new RecordingSink();
            await new AvailabilityCommands(services.Require<IAvailabilityBackend>(ConnectionCapabilities.Availability)).GetAsync(
                new[] { "alice@contoso.com", "nobody@contoso.com", "carol@contoso.com" }.Select((m, i) => new AvailabilityRequest { Row = i + 1, Mailbox = m }).ToList(),
                new AvailabilityQuery { Start = WorkingHoursCalendar.At(zone, new DateTime(2027, 3, 16, 8, 0, 0)), End = WorkingHoursCalendar.At(zone, new DateTime(2027, 3, 16, 10, 0, 0)), IntervalMinutes = 30, TimeZone = "Europe/Berlin" },
                grid,
                CancellationToken.None);
            Assert.Empty(grid.Errors);
            var answers = grid.OfType<MailboxAvailability>();
            Assert.Equal(new[] { "..#.", "????", "..#." }, answers.Select(a => a.Grid));
            Assert.Equal("MailboxNotFound", answers[1].ErrorId);
        }
    }
}
