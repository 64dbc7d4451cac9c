using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    public sealed class GraphBackendSmokeTests
    {
        [Fact]
        public async Task Reads_alices_calendar_through_the_sdk()
        {
            using var s = await GraphSandboxSession.StartAsync();
            var sink = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" } }, sink, CancellationToken.None);
            Assert.True(sink.Errors.Count == 0, string.Join("\n", sink.Errors.Select(e => e.Message)) + "\n" + string.Join("\n", s.Trace));
            Assert.Contains(sink.OfType<CalendarPermission>(), e => e.User == "carol@contoso.com" && e.Role == CalendarRole.Reviewer);
        }
    }
}
