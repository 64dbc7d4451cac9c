using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>The folder `dotnet publish` produces is the module users import (ARCHITECTURE.md section 2).</summary>
    [Collection(PublishedModuleCollection.Name)]
    public sealed class ModuleLayoutTests
    {
        private readonly PublishedModuleFixture module;

        public ModuleLayoutTests(PublishedModuleFixture module)
        {
            this.module = module;
        }

        [Fact]
        public void The_root_holds_only_the_manifest_the_cmdlets_the_public_types_and_the_format_file()
        {
            var root = Directory.GetFiles(module.ModuleDirectory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(
                new[] { "CalendarSharing.Models.dll", "CalendarSharing.PowerShell.dll", "CalendarSharing.format.ps1xml", "CalendarSharing.psd1" },
                root);

            var folders = Directory.GetDirectories(module.ModuleDirectory).Select(Path.GetFileName).ToArray();
            Assert.Contains("Dependencies", folders);
            Assert.All(folders, f => Assert.True(f == "Dependencies" || f == "en-US", "unexpected folder " + f));
            if (folders.Contains("en-US"))
            {
                Assert.Equal(new[] { "CalendarSharing.PowerShell.dll-Help.xml" }, Directory.GetFiles(Path.Combine(module.ModuleDirectory, "en-US")).Select(Path.GetFileName).ToArray());
            }

            Assert.Equal(File.ReadAllText(RepositoryPaths.Manifest), File.ReadAllText(Path.Combine(module.ModuleDirectory, "CalendarSharing.psd1")));
        }

        [Fact]
        public void Dependencies_holds_the_engine_and_the_loader_and_nothing_that_must_not_ship()
        {
            var deps = Directory.GetFiles(module.DependenciesDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
            foreach (var expected in new[] { "CalendarSharing.Core.dll", "CalendarSharing.Ews.dll", "CalendarSharing.Sandbox.dll", "CalendarSharing.PowerShell.Loader.dll" })
            {
                Assert.Contains(expected, deps);
            }

            var everything = Directory.GetFiles(module.ModuleDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
            Assert.DoesNotContain(everything, f => f!.Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(everything, f => f!.StartsWith("Microsoft.Graph", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(everything, f => f!.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(everything, f => f!.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(everything, f => f!.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && f != "CalendarSharing.PowerShell.dll-Help.xml");
            Assert.DoesNotContain(deps, f => f == "CalendarSharing.PowerShell.dll" || f == "CalendarSharing.Models.dll");
        }

        [Fact]
        public void The_shipped_assemblies_carry_the_module_version()
        {
            var expected = Version.Parse(RepositoryPaths.Version);
            foreach (var dll in Directory.GetFiles(module.ModuleDirectory, "CalendarSharing.*.dll", SearchOption.AllDirectories))
            {
                var version = AssemblyName.GetAssemblyName(dll).Version!;
                Assert.Equal(expected, new Version(version.Major, version.Minor, version.Build));
            }
        }
    }
}
