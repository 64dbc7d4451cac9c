using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Output;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// -Resume: a scan stopped halfway and resumed reads no mailbox twice (counted at the sandbox) and ends with the same
    /// rows, field by field, as a scan that never stopped; a record cut short by a crash is dropped, not half-read.
    /// </summary>
    public sealed class ScanResumeTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "cs-scan-" + Guid.NewGuid().ToString("N"));

        public ScanResumeTests()
        {
            Directory.CreateDirectory(directory);
        }

        public void Dispose() => Directory.Delete(directory, recursive: true);

        private static string Fields(CalendarAccessRow r) => string.Join("|", AccessRowFields.ToFields(r));

        /// <summary>Stops the scan (as Ctrl+C does) once rows of <paramref name="mailboxes"/> mailboxes have come out.</summary>
        private sealed class StopAfter : IOutputSink
        {
            private readonly int mailboxes;
            private readonly CancellationTokenSource stop;
            private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            public StopAfter(int mailboxes, CancellationTokenSource stop)
            {
                this.mailboxes = mailboxes;
                this.stop = stop;
            }

            public List<CalendarAccessRow> Rows { get; } = new List<CalendarAccessRow>();

            public void WriteObject(object item)
            {
                var row = (CalendarAccessRow)item;
                Rows.Add(row);
                seen.Add(row.Mailbox);
                if (seen.Count == mailboxes)
                {
                    stop.Cancel();
                }
            }

            public void WriteError(OperationError error) => throw new InvalidOperationException(error.ToString());

            public void WriteWarning(string message)
            {
            }

            public void WriteVerbose(string message)
            {
            }

            public void WriteDebug(string message)
            {
            }

            public void WriteProgress(ProgressInfo progress)
            {
            }

            public bool ShouldProcess(string target, string action) => true;
        }

        [Theory]
        [InlineData("Ews", "GetFolder")]
        [InlineData("Graph", "Graph:ListCalendarPermissions")]
        public async Task A_scan_stopped_halfway_and_resumed_reads_no_mailbox_twice_and_ends_with_the_same_rows(string kind, string readOperation)
        {
            // One mailbox per batch, one batch at a time: each permission read is one mailbox's.
            void OneByOne(CalendarAccessScanner s)
            {
                s.BatchSize = 1;
                s.MaxConcurrency = 1;
            }

            using var whole = await ScanSandbox.StartAsync(kind);
            var (expected, _, _) = await whole.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true }, OneByOne);
            var wholeReads = whole.Org.RequestCount(readOperation);

            using var sandbox = await ScanSandbox.StartAsync(kind);
            var state = Path.Combine(directory, kind + ".state");
            var scanner = sandbox.Scanner();
            OneByOne(scanner);
            using (var stop = new CancellationTokenSource())
            {
                var first = new StopAfter(3, stop);
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scanner.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true, ResumePath = state }, first, stop.Token));
                Assert.Equal(3, first.Rows.Select(r => r.Mailbox).Distinct().Count());
            }

            var readsBefore = sandbox.Org.RequestCount(readOperation);
            Assert.True(readsBefore < wholeReads, $"the stopped scan read {readsBefore} of {wholeReads}");
            var (resumed, _, stats) = await sandbox.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true, ResumePath = state }, OneByOne);
            Assert.Equal(expected.Select(Fields).ToArray(), resumed.Select(Fields).ToArray());
            Assert.Equal(3, stats.Resumed);
            Assert.Equal(4, stats.Read);
            Assert.Equal(wholeReads, sandbox.Org.RequestCount(readOperation));

            // A third run reads nothing at all and still gives every row.
            var (again, _, _) = await sandbox.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true, ResumePath = state }, OneByOne);
            Assert.Equal(expected.Select(Fields).ToArray(), again.Select(Fields).ToArray());
            Assert.Equal(wholeReads, sandbox.Org.RequestCount(readOperation));
            sandbox.AssertWireValid();
        }

        [Fact]
        public async Task A_record_cut_short_by_a_crash_is_dropped_and_that_mailbox_read_again()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews");
            var state = Path.Combine(directory, "cut.state");
            var (expected, _, _) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "alice@contoso.com", "hans@contoso.com" }, ResumePath = state });
            var bytes = File.ReadAllBytes(state);
            File.WriteAllBytes(state, bytes.Take(bytes.Length - 7).ToArray()); // the last record loses its end
            using (var reopened = AccessScanState.Open(state, includeSecondary: false))
            {
                Assert.Equal(new[] { "alice@contoso.com" }, reopened.FinishedMailboxes);
            }

            var before = sandbox.Org.RequestCount("GetFolder");
            var (rows, _, stats) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "alice@contoso.com", "hans@contoso.com" }, ResumePath = state });
            Assert.Equal(expected.Select(Fields).ToArray(), rows.Select(Fields).ToArray());
            Assert.Equal(1, stats.Read);
            Assert.Equal(before + 1, sandbox.Org.RequestCount("GetFolder"));
            using var final = AccessScanState.Open(state, includeSecondary: false);
            Assert.Equal(new[] { "alice@contoso.com", "hans@contoso.com" }, final.FinishedMailboxes);
        }

        [Fact]
        public void A_resume_file_of_a_scan_with_other_settings_is_refused_with_what_to_do()
        {
            var state = Path.Combine(directory, "other.state");
            AccessScanState.Open(state, includeSecondary: true).Dispose();
            var ex = Assert.Throws<AccessScanFileException>(() => AccessScanState.Open(state, includeSecondary: false));
            Assert.Contains("secondary calendars", ex.Message, StringComparison.Ordinal);
            File.WriteAllText(state, "Mailbox,Calendar\n", Encoding.UTF8);
            Assert.Throws<AccessScanFileException>(() => AccessScanState.Open(state, includeSecondary: false));
        }

        [Fact]
        public void Text_with_tabs_line_breaks_and_backslashes_survives_the_file()
        {
            var state = Path.Combine(directory, "escape.state");
            var row = new CalendarAccessRow("x@contoso.com", "Tab\there\\and\nline") { Principal = null, Error = "a\\tb", ErrorId = "ServerFault", Via = "\\0" };
            using (var s = AccessScanState.Open(state, includeSecondary: false))
            {
                s.Record("x@contoso.com", new[] { row });
            }

            var back = AccessScanState.Read(state).Rows.Single();
            Assert.Equal(Fields(row), Fields(back));
            Assert.Null(back.Principal);
        }
    }
}
