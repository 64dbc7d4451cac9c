using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Access;
using CalendarSharing.PowerShell;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Access
{
    /// <summary>
    /// The HTML report rendered by a real browser: Debian's chromium, headless, dumps the DOM after the page's own script ran,
    /// and the counts the script computed (per exposure class, over the policy, unreadable calendars, the chart's bars, the
    /// table's rows) equal the rows' own; a hostile value shows as text, never as markup; the page fetches nothing.
    /// Chromium missing is a failure, never a skip (.ci/run installs it).
    /// </summary>
    public sealed class HtmlAccessReportTests
    {
        private static string Chromium()
        {
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            {
                foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
                {
                    var path = Path.Combine(dir, name);
                    if (File.Exists(path))
                    {
                        return path;
                    }
                }
            }

            Assert.Fail("chromium is not installed: the HTML report test needs it (apt-get install chromium; .ci/run installs it when missing).");
            return string.Empty;
        }

        private static async Task<string> DumpDomAsync(string file)
        {
            var profile = Path.Combine(Path.GetTempPath(), "cs-chromium-" + Guid.NewGuid().ToString("n"));
            var start = new ProcessStartInfo(Chromium())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", new Uri(file).AbsoluteUri })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }

            var dom = await output;
            Assert.True(dom.Contains("data-ready=\"true\""), "The page's script did not run to its end. chromium said: " + await errors);
            return dom;
        }

        private static string Count(string dom, string id)
        {
            var m = Regex.Match(dom, "id=\"" + id + "\">([^<]*)<");
            Assert.True(m.Success, id + " is not in the rendered page");
            return m.Groups[1].Value;
        }

        [Fact]
        public async Task The_page_renders_in_headless_chromium_with_the_rows_counts_and_shows_hostile_values_as_text()
        {
            // Rows of a real scan of the sandbox, with shares of every class planted, and a hostile principal.
            // Exchange Online: the admin API gives the sharing policy the scan compares with.
            var org = SandboxOrganization.Create(new SandboxOptions { GeneratedMailboxes = 3, Topology = SandboxTopology.Cloud });
            org.ModifyCalendarAcl("hans@contoso.com", acl => acl["partner@fabrikam.com"] = "Reviewer"); // over the seeded policy
            org.ModifyCalendarAcl("marie@contoso.com", acl => acl["Anonymous"] = "FreeBusyTimeOnly");
            org.ModifyCalendarAcl("user0001@contoso.com", acl => acl["sharee01@fabrikam.com"] = "FreeBusyTimeOnly");
            var options = GraphSandboxSession.Options(org, org.CreateHandler());
            options.AdminApiUrl = SandboxOrganization.DefaultAdminApiUrl;
            using var backend = new CalendarSharing.Online.Graph.GraphCalendarBackend(options);
            var services = GraphBackendFactory.Declare(backend, SandboxOrganization.TenantId);
            var sink = new RecordingSink();
            await CalendarAccessScanner.For(services).ScanAsync(new AccessScanOptions { IncludeSecondaryCalendars = true }, sink, CancellationToken.None);
            var rows = sink.OfType<CalendarAccessRow>().ToList();
            rows.Add(new CalendarAccessRow("evil@contoso.com", "Calendar</script><script>document.title='pwned'</script>")
            {
                Principal = "<img id=\"pwned\" src=x onerror=\"document.body.dataset.pwned=1\">",
                Exposure = AccessExposure.Published,
                Path = AccessPath.Publishing,
                Role = CalendarRole.Reviewer,
            });
            rows.Add(new CalendarAccessRow("gone@contoso.com", "Calendar") { ErrorId = "MailboxNotFound", Error = "The mailbox gone@contoso.com does not exist & <never> did." });
            Assert.Contains(rows, r => r.Exposure == AccessExposure.External && r.ErrorId == null);

            var html = AccessHtmlReport.Render(rows, new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero), "Contoso <calendars>");
            Assert.DoesNotMatch("(?i)<script[^>]+src=|<link[^>]+href=|https?://(?!www\\.w3\\.org/2000/svg)", html);
            var file = Path.Combine(Path.GetTempPath(), "cs-access-" + Guid.NewGuid().ToString("n") + ".html");
            await File.WriteAllTextAsync(file, html);
            try
            {
                var dom = await DumpDomAsync(file);
                var readable = rows.Where(r => r.ErrorId == null).ToList();
                foreach (var exposure in Enum.GetValues<AccessExposure>())
                {
                    var expected = readable.Count(r => r.Exposure == exposure).ToString();
                    Assert.Equal(expected, Count(dom, "count-" + exposure));
                    Assert.Matches($"data-class=\"{exposure}\" data-count=\"{expected}\"", dom);
                }

                Assert.Equal(readable.Count(r => r.OverPolicy).ToString(), Count(dom, "count-OverPolicy"));
                Assert.True(readable.Count(r => r.OverPolicy) >= 1);
                Assert.Equal("1", Count(dom, "count-Errors"));
                Assert.Equal(rows.Select(r => r.Mailbox + "\\" + r.Calendar).Distinct(StringComparer.Ordinal).Count().ToString(), Count(dom, "count-Calendars"));
                Assert.Equal($"{rows.Count} of {rows.Count} row(s)", Count(dom, "shown"));
                var table = dom.Substring(dom.IndexOf("id=\"grants\"", StringComparison.Ordinal));
                Assert.Equal(rows.Count + 1, Regex.Matches(table, "<tr").Count);

                // The riskiest calendar first: hans's, over the policy, marie's seeded Congés (published, and shared beyond the
                // policy), or the published one.
                var risky = Regex.Match(dom, "id=\"risky\".*?<tbody><tr><td>([^<]*)</td>", RegexOptions.Singleline).Groups[1].Value;
                Assert.Contains(risky, new[] { "hans@contoso.com\\Kalender", "marie@contoso.com\\" + SandboxSeed.Conges, "evil@contoso.com\\Calendar&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;" });

                // Hostile values are text: no element was made of them, the title is the page's own.
                Assert.DoesNotContain("<img id=\"pwned\"", dom);
                Assert.Contains("&lt;img id=\"pwned\"", dom);
                Assert.DoesNotContain("data-pwned", dom);
                Assert.Contains("<title>Contoso &lt;calendars&gt;</title>", dom);
                Assert.Contains("does not exist &amp; &lt;never&gt; did.", dom);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
