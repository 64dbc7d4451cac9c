using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Events;
using CalendarSharing.Tests.Support;
using CalendarSharing.Tests.Sync;
using Xunit;

namespace CalendarSharing.Tests.Events
{
    /// <summary>
    /// Whole bodies over each protocol, with their format: New-CalendarEvent's rows write text or HTML (EWS t:Body BodyType,
    /// Graph itemBody contentType), the sandbox stores them once, and Get-CalendarEvent's reads (an EWS calendar view plus
    /// GetItem for the bodies; Graph calendarView) and GetEvent return them whole, 100 KB included.
    /// </summary>
    public class EventBodyTests
    {
        public static IEnumerable<object[]> Kinds() => EventScenarioTests.Kinds();

        [Theory]
        [MemberData(nameof(Kinds))]
        public async Task Bodies_of_100_KB_are_written_and_read_whole_in_their_format(BackendKind kind)
        {
            using var s = await EventSandbox.StartAsync(kind);
            var engine = new EventCommands(s.Events);
            var html = EngineBodyTests.BigHtml("Board pack");
            var text = EngineBodyTests.BigText("Checklist");
            var rows = new[]
            {
                new EventWriteRequest { Row = 1, Mailbox = "boardroom@contoso.com", Subject = "Html", Start = new DateTime(2027, 3, 8, 9, 0, 0), TimeZone = "Europe/Berlin", Body = html, BodyType = EventBodyType.Html },
                new EventWriteRequest { Row = 2, Mailbox = "boardroom@contoso.com", Subject = "Text", Start = new DateTime(2027, 3, 8, 11, 0, 0), TimeZone = "Europe/Berlin", Body = text },
            };
            var made = new RecordingSink();
            await engine.NewAsync(rows, made, CancellationToken.None);
            Assert.Empty(made.Errors);

            // Stored once, in the format written.
            var raw = s.Org.FindMailbox("boardroom@contoso.com")!.Calendar.Items.Snapshot();
            var rawHtml = Assert.Single(raw, r => r.Subject == "Html");
            Assert.Equal((html, EventBodyType.Html), (rawHtml.Body, rawHtml.BodyType));
            var rawText = Assert.Single(raw, r => r.Subject == "Text");
            Assert.Equal((text, EventBodyType.Text), (rawText.Body, rawText.BodyType));

            // Get-CalendarEvent's window read returns the whole bodies.
            var sink = new RecordingSink();
            Assert.True(EventTimes.TryWindow(new DateTime(2027, 3, 8), null, 1, "Europe/Berlin", TimeSpan.FromDays(1), false, sink, out var start, out var end));
            await engine.GetAsync(new[] { new EventReadRequest { Row = 1, Mailbox = "boardroom@contoso.com" } }, new EventReadQuery { Start = start, End = end }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            var read = sink.OfType<CalendarEvent>().ToList();
            var readHtml = Assert.Single(read, e => e.Subject == "Html");
            Assert.Equal(EventBodyType.Html, readHtml.BodyType);
            Assert.Equal(html, readHtml.Body);
            Assert.StartsWith("Board pack", readHtml.BodyPreview);
            Assert.True(readHtml.BodyPreview!.Length <= 255);
            var readText = Assert.Single(read, e => e.Subject == "Text");
            if (kind == BackendKind.Ews)
            {
                // EWS BodyType Best: as stored.
                Assert.Equal((text, EventBodyType.Text), (readText.Body, readText.BodyType));
            }
            else
            {
                // Graph renders bodies as HTML unless Prefer: outlook.body-content-type="text".
                Assert.Equal(EventBodyType.Html, readText.BodyType);
                Assert.Equal(text, EventBodies.ToText(readText.Body, readText.BodyType));
            }

            Assert.StartsWith("Checklist", readText.BodyPreview);

            // GetEvent (the sync engine's read of one item) returns it too.
            var one = await s.Events.GetEventAsync(CalendarAddress.Default("boardroom@contoso.com"), readHtml.Id, null, CancellationToken.None);
            Assert.Equal((html, EventBodyType.Html), (one!.Body, one.BodyType));

            // An update replaces the body and its format.
            var updated = await s.Events.UpdateEventAsync(CalendarAddress.Default("boardroom@contoso.com"), readHtml.Id, null, new EventDraft { Body = "now plain", BodyType = EventBodyType.Text }, CancellationToken.None);
            Assert.Equal("now plain", EventBodies.ToText(updated.Body, updated.BodyType));
            Assert.Equal(EventBodyType.Text, s.Org.FindMailbox("boardroom@contoso.com")!.Calendar.Items.Snapshot().Single(r => r.Subject == "Html").BodyType);
            s.AssertWireValid();
        }
    }
}
