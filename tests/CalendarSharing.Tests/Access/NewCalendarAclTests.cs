using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Roles;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// A calendar nobody has shared still has its Default and Anonymous entries, as Exchange makes every folder: Default
    /// free/busy on the default calendar, None on one the owner made, Anonymous None (Graph's calendarPermission shows
    /// Default as "My Organization" and no Anonymous). hans's Projekte comes from the events seed with no grant at all, and
    /// a calendar added after the seed is made the same way, so the access report lists both.
    /// </summary>
    public sealed class NewCalendarAclTests
    {
        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        [InlineData("Hybrid")]
        public async Task A_calendar_without_grants_reads_back_with_Default_and_Anonymous(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(
                kind,
                org =>
                {
                    var carol = org.FindMailbox("carol@contoso.com")!;
                    carol.AddCalendar("calendar/fresh", "Fresh", carol.Calendar);
                },
                options => options.GeneratedMailboxes = 1);
            var permissions = sandbox.Services.Require<ICalendarBackend>(ConnectionCapabilities.Permissions);
            var sets = await permissions.GetPermissionsAsync(
                new[] { CalendarAddress.Parse("hans@contoso.com", "Projekte"), CalendarAddress.Parse("carol@contoso.com", "Fresh"), CalendarAddress.Default("user0001@contoso.com") },
                CancellationToken.None);
            Assert.All(sets, s => Assert.True(s.IsSuccess, s.Error?.Message));

            // In hybrid hans and user0001 are on premises (EWS shows Anonymous), carol is in the cloud (Graph does not).
            for (var i = 0; i < sets.Count; i++)
            {
                var entries = sets[i].Value!.Entries;
                var wanted = i == 2 ? CalendarRole.AvailabilityOnly : CalendarRole.None;
                Assert.Equal(wanted, Assert.Single(entries, e => e.Principal.Kind == PrincipalKind.Default).Role);
                var anonymous = entries.Where(e => e.Principal.Kind == PrincipalKind.Anonymous).ToList();
                if (sandbox.Org.HomeOf(sets[i].Value!.Mailbox) == CalendarSharing.Sandbox.MailboxHome.OnPremises)
                {
                    Assert.Equal(CalendarRole.None, Assert.Single(anonymous).Role);
                }
                else
                {
                    Assert.Empty(anonymous);
                }

                Assert.DoesNotContain(entries, e => !e.Principal.IsDistinguished);
            }

            sandbox.AssertWireValid();
        }

        [Theory]
        [InlineData("Ews")]
        [InlineData("Graph")]
        public async Task The_report_shows_a_calendar_without_grants_by_its_Default_entry(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (rows, sink, _) = await sandbox.ScanAsync(new AccessScanOptions { Mailboxes = new[] { "hans@contoso.com" }, IncludeSecondaryCalendars = true });
            var projekte = Assert.Single(rows, r => r.Calendar == "Projekte");
            Assert.Equal("Default", projekte.Principal);
            Assert.Equal(CalendarRole.None, projekte.Role);
            Assert.False(projekte.IsDefaultCalendar);
            Assert.Empty(sink.Errors);
        }
    }
}
