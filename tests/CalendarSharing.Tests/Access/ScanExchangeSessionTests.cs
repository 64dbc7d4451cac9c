using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Roles;
using CalendarSharing.Online.AdminRest;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Delegation;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// An EWS connection reads neither the sharing policy nor publishing nor Full Access: those live in the Exchange
    /// Management Shell. With the admin's Exchange session (-ExchangeSession) the scan reads them through it, so the
    /// report over EWS is the same as over Exchange Online: the rows outside the organisation compared with the policy,
    /// the published calendar a Published row. Without it, one warning says what was not checked and the rows outside
    /// the organisation say Policy "not checked". The "session" here runs the Exchange cmdlets against the same sandbox
    /// organisation through its admin endpoint, flavoured as on premises (what ExchangeSessionExecutor declares).
    /// </summary>
    public sealed class ScanExchangeSessionTests
    {
        [Theory]
        [InlineData("Ews")]
        [InlineData("Hybrid")]
        public async Task With_an_Exchange_session_the_scan_reads_policy_and_publishing_on_premises(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            using var client = MailboxAccessScenarioTests.Client(sandbox.Org);
            var session = new OnPremises(client);
            var scanner = CalendarAccessScanner.For(sandbox.Services, session, "Exchange session ex01");
            var sink = new Support.RecordingSink();
            await scanner.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true, WarnWhatIsNotChecked = true }, sink, CancellationToken.None);
            var rows = sink.OfType<CalendarAccessRow>();

            Assert.Equal(ScanReportTests.Expected(sandbox, includeSecondary: true, exchangeSession: true), rows.Select(ScanSandbox.Line).ToArray());
            Assert.Empty(scanner.NotChecked());
            Assert.Empty(sink.Warnings);
            Assert.Empty(sink.Errors);

            // marie's Congés: published (a Published row) and shared with the partner beyond the seeded policy, both judged.
            var conges = rows.Where(r => r.Calendar == SandboxSeed.Conges).ToList();
            Assert.Contains(conges, r => r.Exposure == AccessExposure.Published && r.OverPolicy && r.Policy == "Default Sharing Policy");
            Assert.Contains(conges, r => r.Principal == SandboxSeed.Partner && r.OverPolicy && r.PolicyLimit == CalendarRole.LimitedDetails);
            Assert.Contains(sandbox.Org.AdminCommands, c => c.Name == "Get-SharingPolicy");
            Assert.Contains(sandbox.Org.AdminCommands, c => c.Name == "Get-MailboxCalendarFolder" && c.Parameters.Any(p => p.Value.Contains("marie", StringComparison.Ordinal)));
            Assert.Contains(sandbox.Org.AdminCommands, c => c.Name == "Get-MailboxPermission");
            sandbox.AssertWireValid();
        }

        [Fact]
        public async Task Without_one_an_EWS_scan_warns_once_and_its_rows_outside_say_not_checked()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews");
            var (rows, sink, _) = await sandbox.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true, WarnWhatIsNotChecked = true });

            Assert.Equal(ScanReportTests.Expected(sandbox, includeSecondary: true), rows.Select(ScanSandbox.Line).ToArray());
            var warning = Assert.Single(sink.Warnings);
            Assert.Contains("sharing policy", warning, StringComparison.Ordinal);
            Assert.Contains("publishing", warning, StringComparison.Ordinal);
            Assert.Contains("-ExchangeSession", warning, StringComparison.Ordinal);
            Assert.DoesNotContain(rows, r => r.Exposure == AccessExposure.Published);
            var outside = rows.Where(r => r.Exposure != AccessExposure.Internal).ToList();
            Assert.NotEmpty(outside);
            Assert.All(outside, r => Assert.Equal("not checked", r.Policy));
            Assert.All(outside, r => Assert.False(r.OverPolicy));
            Assert.All(rows.Where(r => r.Exposure == AccessExposure.Internal), r => Assert.Null(r.Policy));
            Assert.Empty(sandbox.Org.AdminCommands);
        }

        [Fact]
        public async Task Only_the_report_warns_other_scans_stay_quiet()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews");
            var (_, sink, _) = await sandbox.ScanAsync(new AccessScanOptions());
            Assert.Empty(sink.Warnings);
        }

        [Fact]
        public async Task Over_Exchange_Online_nothing_is_left_unchecked()
        {
            using var sandbox = await ScanSandbox.StartAsync("Graph");
            var (_, sink, _) = await sandbox.ScanAsync(new AccessScanOptions { WarnWhatIsNotChecked = true });
            Assert.Empty(sink.Warnings);
            Assert.Empty(sandbox.Scanner().NotChecked());
        }

        private sealed class OnPremises : IExchangeCommandExecutor
        {
            private readonly IExchangeCommandExecutor inner;

            public OnPremises(IExchangeCommandExecutor inner)
            {
                this.inner = inner;
            }

            public ExchangeFlavor Flavor => ExchangeFlavor.OnPremises;

            public Task<ExchangeCommandResult> InvokeAsync(ExchangeCommand command, CancellationToken cancellationToken) => inner.InvokeAsync(command, cancellationToken);
        }
    }
}
