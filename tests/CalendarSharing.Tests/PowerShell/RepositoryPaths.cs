using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>Where the repository, the compiled cmdlet assembly and PowerShell's reference assembly are.</summary>
    internal static class RepositoryPaths
    {
        private static readonly Lazy<string> Root = new Lazy<string>(FindRoot);

        public static string RepoRoot => Root.Value;

        public static string CmdletAssembly => Path.Combine(AppContext.BaseDirectory, "CalendarSharing.PowerShell.dll");

        public static string Manifest => Path.Combine(RepoRoot, "CalendarSharing.psd1");

        public static string CmdletDocs => Path.Combine(RepoRoot, "docs", "cmdlets");

        public static string FormatFile => Path.Combine(RepoRoot, "src", "CalendarSharing.PowerShell", "CalendarSharing.format.ps1xml");

        public static string PowerShellProject => Path.Combine(RepoRoot, "src", "CalendarSharing.PowerShell", "CalendarSharing.PowerShell.csproj");

        /// <summary>Version from Directory.Build.props: the module version and the layout folder name.</summary>
        public static string Version
        {
            get
            {
                var props = File.ReadAllText(Path.Combine(RepoRoot, "Directory.Build.props"));
                return Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value.Trim();
            }
        }

        /// <summary>
        /// PowerShellStandard.Library's System.Management.Automation reference assembly, found through the
        /// cmdlet project's restore output (the package folder differs between machines).
        /// </summary>
        public static string PowerShellReferenceAssembly
        {
            get
            {
                var assets = Path.Combine(RepoRoot, "src", "CalendarSharing.PowerShell", "obj", "project.assets.json");
                using var doc = JsonDocument.Parse(File.ReadAllText(assets));
                var folders = doc.RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).ToList();
                var library = doc.RootElement.GetProperty("libraries").EnumerateObject()
                    .First(p => p.Name.StartsWith("PowerShellStandard.Library/", StringComparison.OrdinalIgnoreCase));
                var relative = library.Value.GetProperty("path").GetString()!;
                foreach (var folder in folders)
                {
                    var candidate = Path.Combine(folder, relative, "lib", "netstandard2.0", "System.Management.Automation.dll");
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }

                throw new FileNotFoundException("PowerShellStandard.Library's System.Management.Automation.dll was not found under " + string.Join(", ", folders));
            }
        }

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CalendarSharing.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("No folder above " + AppContext.BaseDirectory + " holds CalendarSharing.sln.");
        }
    }
}
