using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>The Graph backend follows @odata.nextLink: a permission list split over pages is read whole.</summary>
    public sealed class GraphPagingTests
    {
        [Fact]
        public async Task A_25_entry_permission_list_split_over_pages_is_read_whole()
        {
            using var s = await GraphSandboxSession.StartAsync(new SandboxOptions { GraphPermissionPageSize = 10 });
            var seeded = s.Org.SeedCalendarPermissions("alice@contoso.com", 25);
            var sink = new RecordingSink();

            await new CalendarPermissionCommands(s.Backend).GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" } }, sink, CancellationToken.None);

            Assert.True(sink.Errors.Count == 0, string.Join("\n", sink.Errors.Select(e => e.Message)));
            var users = sink.OfType<CalendarPermission>().Select(p => p.User).ToList();
            foreach (var address in seeded)
            {
                Assert.Contains(address, users, StringComparer.OrdinalIgnoreCase);
            }

            Assert.Contains("carol@contoso.com", users);
            Assert.Contains("Default", users);
            Assert.Equal(users.Count, users.Distinct(StringComparer.OrdinalIgnoreCase).Count());

            // The next pages were asked for: the sandbox wrote $skip into its nextLinks, and only the backend can send them back.
            var texts = s.Recorder.Requests.Select(r => Uri.UnescapeDataString(r.Uri.ToString()) + " " + (r.Body ?? string.Empty)).ToList();
            Assert.Contains(texts, t => t.Contains("calendarPermissions") && t.Contains("$skip=10"));
            Assert.Contains(texts, t => t.Contains("calendarPermissions") && t.Contains("$skip=20"));
        }
    }
}
