using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.PowerShell;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// An on-premises scenario in a fresh process never loads Microsoft.Graph.dll (nor Azure.Core or MSAL): the test runs
    /// itself in a child test host (dotnet vstest on this assembly), which connects to the EWS sandbox through the
    /// composition root, grants and reads, and writes the names of every assembly it loaded.
    /// </summary>
    public sealed class FreshProcessTests
    {
        private const string ProbeVariable = "CALENDARSHARING_FRESH_PROCESS_PROBE";

        [Fact]
        public async Task An_on_premises_scenario_in_a_fresh_process_never_loads_Microsoft_Graph()
        {
            var probe = Environment.GetEnvironmentVariable(ProbeVariable);
            if (!string.IsNullOrEmpty(probe))
            {
                await RunOnPremisesScenarioAsync(probe!);
                return;
            }

            var output = Path.Combine(Path.GetTempPath(), "cs-fresh-" + Guid.NewGuid().ToString("N") + ".txt");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("vstest");
            start.ArgumentList.Add(typeof(FreshProcessTests).Assembly.Location);
            start.ArgumentList.Add("--TestCaseFilter:FullyQualifiedName=" + typeof(FreshProcessTests).FullName + "." + nameof(An_on_premises_scenario_in_a_fresh_process_never_loads_Microsoft_Graph));
            start.Environment[ProbeVariable] = output;
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();
            try
            {
                Assert.True(child.ExitCode == 0 && File.Exists(output), "the child test host failed:\n" + await stdout + await stderr);
                var loaded = File.ReadAllLines(output);
                Assert.Contains("CalendarSharing.Ews", loaded);
                Assert.Contains("CalendarSharing.Sandbox", loaded);
                Assert.DoesNotContain(loaded, n => n.StartsWith("Microsoft.Graph", StringComparison.Ordinal));
                Assert.DoesNotContain(loaded, n => n.StartsWith("Microsoft.Kiota", StringComparison.Ordinal));
                Assert.DoesNotContain(loaded, n => n == "Azure.Core" || n == "Microsoft.Identity.Client");
            }
            finally
            {
                File.Delete(output);
            }
        }

        private static async Task RunOnPremisesScenarioAsync(string output)
        {
            using var backend = BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox });
            await backend.ConnectAsync(CancellationToken.None);
            var commands = new CalendarPermissionCommands(backend);
            var sink = new RecordingSink();
            await commands.SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Reviewer", Source = "row 1" } }, sink, CancellationToken.None);
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" } }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            File.WriteAllLines(output, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty));
        }
    }
}
