using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Sharing;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Delegation;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Sharing
{
    /// <summary>
    /// Test-ExternalCalendarSharing's checks on purpose-built sandbox policies, read through the admin API: CISA SCuBA
    /// MS.EXO.6.2v1 fails on any policy's * entry with a calendar action (enabled or not, as ScubaGear's rule reads it),
    /// CIS Microsoft 365 1.3.3 passes only when the default policy is disabled. One result per check, with evidence.
    /// </summary>
    public sealed class SharingBaselineTests
    {
        private static async Task<(ExternalSharingCheck Scuba, ExternalSharingCheck Cis)> CheckAsync(SandboxOrganization org)
        {
            using var client = MailboxAccessScenarioTests.Client(org);
            var sink = new RecordingSink();
            await new SharingPolicyCommands(new ExchangeSharingPolicyBackend(client, "test")).TestAsync(sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            var checks = sink.OfType<ExternalSharingCheck>();
            Assert.Equal(new[] { "MS.EXO.6.2v1", "1.3.3" }, checks.Select(c => c.Id).ToArray());
            return (checks[0], checks[1]);
        }

        [Fact]
        public async Task The_seeded_organisation_passes_SCuBA_and_fails_CIS()
        {
            using var s = await SandboxSession.StartAsync();
            var (scuba, cis) = await CheckAsync(s.Org);

            Assert.Equal(BaselineStatus.Pass, scuba.Status);
            Assert.Equal("CISA SCuBA", scuba.Baseline);
            Assert.Empty(scuba.Findings);
            Assert.Equal(BaselineStatus.Fail, cis.Status);
            Assert.Contains("'Default Sharing Policy' is enabled", cis.Evidence);
            Assert.Equal(new[] { "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing" }, cis.Findings);
        }

        [Theory]
        [InlineData("*:CalendarSharingFreeBusySimple", true)]
        [InlineData("*:CalendarSharingFreeBusyReviewer,ContactsSharing", true)]
        [InlineData("*:ContactsSharing", false)]
        [InlineData("Anonymous:CalendarSharingFreeBusyReviewer", false)]
        public async Task SCuBA_fails_on_any_policy_sharing_calendars_with_star_even_a_disabled_one(string entry, bool fails)
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy("Legacy", false, false, "fabrikam.com:CalendarSharingFreeBusySimple", entry);

            var (scuba, _) = await CheckAsync(s.Org);

            Assert.Equal(fails ? BaselineStatus.Fail : BaselineStatus.Pass, scuba.Status);
            if (fails)
            {
                Assert.Equal(new[] { "Legacy: " + entry }, scuba.Findings);
                Assert.Contains("Legacy: " + entry, scuba.Evidence);
            }
        }

        [Fact]
        public async Task CIS_passes_when_the_default_policy_is_disabled_whatever_its_name()
        {
            using var s = await SandboxSession.StartAsync();
            s.Org.SetSharingPolicy("Standardfreigaberichtlinie", false, true, "*:CalendarSharingFreeBusySimple");

            var (scuba, cis) = await CheckAsync(s.Org);

            Assert.Equal(BaselineStatus.Pass, cis.Status);
            Assert.Contains("'Standardfreigaberichtlinie' is disabled", cis.Evidence);
            Assert.Equal(BaselineStatus.Fail, scuba.Status);

            s.Org.SetSharingPolicy("Standardfreigaberichtlinie", true, true, "*:CalendarSharingFreeBusySimple");
            Assert.Equal(BaselineStatus.Fail, (await CheckAsync(s.Org)).Cis.Status);
        }
    }
}
