using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>
    /// The module as `dotnet publish` lays it out. Reuses CALENDARSHARING_MODULE_DIR when build.ps1 (or CI)
    /// has already published; otherwise publishes once into a temporary folder, so the test never depends on
    /// whatever is lying in out/.
    /// </summary>
    public sealed class PublishedModuleFixture : IDisposable
    {
        private readonly string? temporaryRoot;

        public PublishedModuleFixture()
        {
            var reuse = Environment.GetEnvironmentVariable("CALENDARSHARING_MODULE_DIR");
            if (!string.IsNullOrEmpty(reuse) && File.Exists(Path.Combine(reuse, "CalendarSharing.psd1")))
            {
                ModuleDirectory = Path.GetFullPath(reuse);
                return;
            }

            temporaryRoot = Path.Combine(Path.GetTempPath(), "calendarsharing-module-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temporaryRoot);
            Publish(temporaryRoot);
            ModuleDirectory = Path.Combine(temporaryRoot, "CalendarSharing", RepositoryPaths.Version);
        }

        public string ModuleDirectory { get; }

        public string DependenciesDirectory => Path.Combine(ModuleDirectory, "Dependencies");

        public void Dispose()
        {
            if (temporaryRoot != null)
            {
                try
                {
                    Directory.Delete(temporaryRoot, recursive: true);
                }
                catch (IOException)
                {
                    // The loader test keeps Dependencies/ files mapped until the process ends.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        private static void Publish(string outputRoot)
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet))
            {
                dotnet = "dotnet";
            }

            var start = new ProcessStartInfo(dotnet)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepositoryPaths.RepoRoot,
            };
            foreach (var arg in new[]
            {
                "publish", RepositoryPaths.PowerShellProject, "-c", "Release", "-nologo", "-v", "q",
                "--disable-build-servers", "-p:ModuleOutputRoot=" + outputRoot + Path.DirectorySeparatorChar,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(8).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet publish of the module took more than 8 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
            }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class PublishedModuleCollection : ICollectionFixture<PublishedModuleFixture>
    {
        public const string Name = "Published module";
    }
}
