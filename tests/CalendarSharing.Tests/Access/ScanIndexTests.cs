using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>The reverse view: every calendar a user reaches, and how, from a scan run now or saved (resume file or Export-Csv).</summary>
    public sealed class ScanIndexTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "cs-index-" + Guid.NewGuid().ToString("N"));

        public ScanIndexTests()
        {
            Directory.CreateDirectory(directory);
        }

        public void Dispose() => Directory.Delete(directory, recursive: true);

        private static string Reach(CalendarAccessRow r) => r.ErrorId != null ? $"{r.Mailbox}\\{r.Calendar} ! {r.ErrorId}" : $"{r.Mailbox}\\{r.Calendar} {r.Path} {r.Role} via {r.Via ?? "-"}";

        [Theory]
        [InlineData("Ews")]
        [InlineData("Hybrid")]
        public async Task A_user_reaches_their_own_entries_and_Default_where_they_have_none(string kind)
        {
            using var sandbox = await ScanSandbox.StartAsync(kind);
            var (rows, _, _) = await sandbox.ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true });
            var index = new CalendarAccessIndex(rows);

            Assert.Equal(
                new[]
                {
                    @"admin@contoso.com\Calendar Default AvailabilityOnly via Default",
                    @"alice@contoso.com\Calendar Default AvailabilityOnly via Default",
                    @"bob@contoso.com\Calendar Default AvailabilityOnly via Default",
                    @"carol@contoso.com\Calendar Default AvailabilityOnly via Default",
                    @"hans@contoso.com\Kalender FolderEntry LimitedDetails via -",
                    @"boardroom@contoso.com\Calendar Default LimitedDetails via Default",
                },
                index.ReachableBy("marie@contoso.com").Select(Reach).ToArray());

            // bob: Editor on alice's Team Events (whose Default is None); Default elsewhere; not his own mailbox.
            var bob = index.ReachableBy("bob@contoso.com").Select(Reach).ToArray();
            Assert.Contains(@"alice@contoso.com\Team Events FolderEntry Editor via -", bob);
            Assert.DoesNotContain(bob, l => l.StartsWith(@"bob@contoso.com\", StringComparison.Ordinal));
            Assert.Equal(7, bob.Length);
            Assert.All(index.ReachableBy("bob@contoso.com"), r => Assert.Equal("bob@contoso.com", r.Principal));
        }

        [Fact]
        public void Groups_Full_Access_and_unreadable_calendars_show_and_an_outsider_gets_no_Default()
        {
            var rows = new[]
            {
                new CalendarAccessRow("alice@contoso.com", "Calendar") { Principal = "Default", PrincipalKind = PrincipalKind.Default, Path = AccessPath.Default, Role = CalendarRole.AvailabilityOnly },
                new CalendarAccessRow("alice@contoso.com", "Calendar") { Principal = "sales@contoso.com", PrincipalKind = PrincipalKind.Internal, Path = AccessPath.FolderEntry, Role = CalendarRole.Reviewer },
                new CalendarAccessRow("alice@contoso.com", "Calendar") { Principal = "partner@fabrikam.com", PrincipalKind = PrincipalKind.External, Path = AccessPath.FolderEntry, Role = CalendarRole.LimitedDetails, Exposure = AccessExposure.External },
                new CalendarAccessRow("carol@contoso.com", "Calendar") { Principal = "dave@contoso.com", PrincipalKind = PrincipalKind.Internal, Path = AccessPath.FullAccess, Role = CalendarRole.Owner },
                new CalendarAccessRow("ghost@contoso.com", "Calendar") { ErrorId = "AccessDenied", Error = "no rights" },
            };
            var index = new CalendarAccessIndex(rows);
            Assert.Equal(
                new[]
                {
                    @"alice@contoso.com\Calendar Group Reviewer via sales@contoso.com",
                    @"alice@contoso.com\Calendar Default AvailabilityOnly via Default",
                    @"carol@contoso.com\Calendar FullAccess Owner via Full Access",
                    @"ghost@contoso.com\Calendar ! AccessDenied",
                },
                index.ReachableBy("dave@contoso.com", new[] { "sales@contoso.com" }).Select(Reach).ToArray());
            Assert.Equal(
                new[] { @"alice@contoso.com\Calendar FolderEntry LimitedDetails via -", @"ghost@contoso.com\Calendar ! AccessDenied" },
                index.ReachableBy("partner@fabrikam.com").Select(Reach).ToArray());
        }

        [Fact]
        public async Task A_saved_scan_reads_back_from_the_resume_file_and_from_Export_Csv()
        {
            using var sandbox = await ScanSandbox.StartAsync("Ews");
            var state = Path.Combine(directory, "scan.state");
            var (rows, _, _) = await sandbox.ScanAsync(new AccessScanOptions { ResumePath = state });
            var live = new CalendarAccessIndex(rows).ReachableBy("carol@contoso.com").Select(Reach).ToArray();
            Assert.Contains(@"alice@contoso.com\Calendar FolderEntry Reviewer via -", live);
            Assert.Equal(live, CalendarAccessIndex.Load(state).ReachableBy("carol@contoso.com").Select(Reach).ToArray());

            // What Export-Csv writes (PowerShell 5.1's #TYPE line, every value quoted, a comma and a quote inside a value).
            var csv = new StringBuilder("#TYPE CalendarSharing.CalendarAccessRow\n");
            csv.Append(string.Join(",", AccessRowFields.Names.Select(n => "\"" + n + "\""))).Append("\r\n");
            foreach (var r in rows)
            {
                r.PrincipalDisplayName = r.PrincipalDisplayName == null ? null : r.PrincipalDisplayName + ", \"the\" one";
                csv.Append(string.Join(",", AccessRowFields.ToFields(r).Select(v => "\"" + (v ?? string.Empty).Replace("\"", "\"\"") + "\""))).Append("\r\n");
            }

            var path = Path.Combine(directory, "report.csv");
            File.WriteAllText(path, csv.ToString(), new UTF8Encoding(true));
            var fromCsv = CalendarAccessIndex.Load(path);
            Assert.Equal(rows.Count, fromCsv.Rows.Count);
            Assert.Equal(live, fromCsv.ReachableBy("carol@contoso.com").Select(Reach).ToArray());
            Assert.Equal(rows.Select(r => r.PrincipalDisplayName).ToArray(), fromCsv.Rows.Select(r => r.PrincipalDisplayName).ToArray());

            File.WriteAllText(path, "just text\n");
            Assert.Throws<AccessScanFileException>(() => CalendarAccessIndex.Load(path));
        }
    }
}
