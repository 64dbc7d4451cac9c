using System;
using System.Linq;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// The scan at the protocols' limits: mailboxes listed page by page, permissions read for a batch of mailboxes per
    /// request, every mailbox present once, also when the server throttles (requests in flight past its limit are answered
    /// ErrorServerBusy / 429 and the scan backs off). Request counts are read at the sandbox; no timing is asserted.
    /// </summary>
    public sealed class ScanBatchingTests
    {
        [Fact]
        public async Task EWS_lists_the_address_list_page_by_page_and_reads_ten_mailboxes_per_GetFolder()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews", options: o => o.GeneratedMailboxes = 33);
            var before = sandbox.Org.RequestCount("GetFolder"); // connecting reads the admin's own calendar
            var (rows, sink, stats) = await sandbox.ScanAsync(new AccessScanOptions { PageSize = 10 });
            Assert.Equal(40, stats.Mailboxes);
            Assert.Equal(40, rows.Where(r => r.Path == AccessPath.Default).Select(r => r.Mailbox).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Contains(rows, r => r.Mailbox == "user0033@contoso.com");
            Assert.Equal(4, sandbox.Org.RequestCount("FindPeople")); // 40 people in pages of 10: TotalNumberOfPeopleInView says when to stop
            Assert.Equal(before + 4, sandbox.Org.RequestCount("GetFolder")); // pages of 10, one batch of 10 mailboxes each
            Assert.Empty(sink.Errors);
            sandbox.AssertWireValid();
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        public async Task Under_throttling_every_mailbox_is_read_once_and_none_is_lost(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind, options: o =>
            {
                o.GeneratedMailboxes = 40;
                o.EwsConcurrencyLimit = 2;
                o.GraphConcurrencyLimit = 2;
                o.BackOffMilliseconds = 10;
                o.GraphRetryAfterSeconds = 0;
                o.Latency = TimeSpan.FromMilliseconds(5);
            });
            var (rows, sink, stats) = await sandbox.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true }, s =>
            {
                s.BatchSize = 2;
                s.MaxConcurrency = 8;
            });
            Assert.Equal(47, stats.Mailboxes);
            Assert.Equal(0, stats.Failed);
            Assert.Equal(47, rows.Where(r => r.Path == AccessPath.Default && r.IsDefaultCalendar).Select(r => r.Mailbox).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Equal(rows.Count, rows.Select(r => r.Mailbox + "|" + r.Calendar + "|" + r.Principal + "|" + r.Path).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Contains(@"hans@contoso.com\Kalender marie@contoso.com FolderEntry LimitedDetails Internal", rows.Select(ScanSandbox.Line));
            Assert.Empty(sink.Errors);
            Assert.True(sandbox.Org.ThrottledResponses > 0, "the sandbox throttled nothing: the test did not test throttling");
            sandbox.AssertWireValid();
        }
    }
}
