using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>The folder `dotnet publish` produces is the module users import (ARCHITECTURE.md section 2).</summary>
    [Collection(PublishedModuleCollection.Name)]
    public sealed class ModuleLayoutTests : IClassFixture<CmdletMetadata>
    {
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private readonly PublishedModuleFixture module;
        private readonly CmdletMetadata metadata;

        public ModuleLayoutTests(PublishedModuleFixture module, CmdletMetadata metadata)
        {
            this.module = module;
            this.metadata = metadata;
        }

        /// <summary>The help built from docs/cmdlets is what Get-Help shows: every cmdlet, parameter and example.</summary>
        [Fact]
        public void The_MAML_help_covers_every_cmdlet_parameter_and_example()
        {
            var help = XDocument.Load(Path.Combine(module.ModuleDirectory, "en-US", "CalendarSharing.PowerShell.dll-Help.xml"));
            var commands = help.Root!.Elements(Command + "command").ToDictionary(c => (string)c.Element(Command + "details")!.Element(Command + "name")!);
            Assert.Equal(metadata.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), commands.Keys.OrderBy(n => n, StringComparer.Ordinal));

            foreach (var cmdlet in metadata.Cmdlets)
            {
                var command = commands[cmdlet.Name];
                Assert.False(string.IsNullOrWhiteSpace((string?)command.Element(Command + "details")!.Element(Maml + "description")), cmdlet.Name + " synopsis");
                Assert.False(string.IsNullOrWhiteSpace((string?)command.Element(Maml + "description")), cmdlet.Name + " description");

                var parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!).ToList();
                var expected = cmdlet.VisibleParameters.Select(p => p.Name).ToList();
                if (cmdlet.SupportsShouldProcess)
                {
                    expected.Add("WhatIf");
                    expected.Add("Confirm");
                }

                Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), parameters.OrderBy(n => n, StringComparer.Ordinal));

                var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
                Assert.True(examples.Count >= 2, cmdlet.Name + " examples");
                Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace((string?)e.Element(Dev + "code"))));

                var syntaxItems = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").Count();
                Assert.Equal(Math.Max(1, cmdlet.ParameterSetNames.Count), syntaxItems);
            }
        }

        [Fact]
        public void The_root_holds_only_the_manifest_the_cmdlets_the_public_types_and_the_format_file()
        {
            var root = Directory.GetFiles(module.ModuleDirectory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(
                new[] { "CalendarSharing.Models.dll", "CalendarSharing.PowerShell.dll", "CalendarSharing.format.ps1xml", "CalendarSharing.psd1" },
                root);

            var folders = Directory.GetDirectories(module.ModuleDirectory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "Dependencies", "en-US" }, folders);
            Assert.Equal(new[] { "CalendarSharing.PowerShell.dll-Help.xml" }, Directory.GetFiles(Path.Combine(module.ModuleDirectory, "en-US")).Select(Path.GetFileName).ToArray());

            Assert.Equal(File.ReadAllText(RepositoryPaths.Manifest), File.ReadAllText(Path.Combine(module.ModuleDirectory, "CalendarSharing.psd1")));
        }

        [Fact]
        public void Dependencies_holds_the_engine_and_the_loader_and_nothing_that_must_not_ship()
        {
            var deps = Directory.GetFiles(module.DependenciesDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
            foreach (var expected in new[]
            {
                "CalendarSharing.Core.dll", "CalendarSharing.Ews.dll", "CalendarSharing.Sandbox.dll", "CalendarSharing.Online.dll", "CalendarSharing.PowerShell.Loader.dll",
                "Microsoft.Graph.dll", "Microsoft.Graph.Core.dll", "Azure.Identity.dll", "Azure.Core.dll", "Microsoft.Identity.Client.dll",
            })
            {
                Assert.Contains(expected, deps);
            }

            var everything = Directory.GetFiles(module.ModuleDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray();
            Assert.DoesNotContain(everything, f => f!.Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase));

            // Microsoft.Graph ships now (Exchange Online), but only in Dependencies/ and without its ~60 MB XML doc file
            // (the .xml rule below); the root stays the four files checked above.
            Assert.DoesNotContain(everything, f => f!.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(everything, f => f!.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(everything, f => f!.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && f != "CalendarSharing.PowerShell.dll-Help.xml");
            Assert.DoesNotContain(deps, f => f == "CalendarSharing.PowerShell.dll" || f == "CalendarSharing.Models.dll");
        }

        [Fact]
        public void The_assemblies_loaded_at_import_do_not_reference_Graph_Azure_Kiota_or_MSAL()
        {
            // What PowerShell loads at Import-Module: the cmdlet assembly and Models. If either referenced Microsoft.Graph
            // (or Azure.*, Kiota, MSAL), importing could load them into PowerShell's default context.
            foreach (var file in new[] { "CalendarSharing.PowerShell.dll", "CalendarSharing.Models.dll" })
            {
                using var stream = File.OpenRead(Path.Combine(module.ModuleDirectory, file));
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
                var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
                Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.Graph", StringComparison.OrdinalIgnoreCase)
                    || r.StartsWith("Azure.", StringComparison.OrdinalIgnoreCase)
                    || r.StartsWith("Microsoft.Kiota", StringComparison.OrdinalIgnoreCase)
                    || r.StartsWith("Microsoft.Identity", StringComparison.OrdinalIgnoreCase));
            }
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
