using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace CalendarSharing.PowerShell.Loader
{
    /// <summary>
    /// Holds the module's own engine assemblies (Core, Ews, Sandbox, Online) and every NuGet dependency they
    /// bring, so another module's Azure.Core, MSAL or Microsoft.Graph in PowerShell's default context never
    /// meets ours (msgraph-sdk-powershell #3394, #3479, #2148 show what happens otherwise).
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        // Loaded once in PowerShell's default context and shared: the public types cmdlets expose, and PowerShell itself.
        private const string ModelsAssemblyName = "CalendarSharing.Models";
        private const string PowerShellAssemblyName = "System.Management.Automation";

        public DependencyLoadContext(string dependenciesPath)
            : base("CalendarSharing.Dependencies", isCollectible: false)
        {
            if (string.IsNullOrEmpty(dependenciesPath))
            {
                throw new ArgumentException("The Dependencies folder is empty.", nameof(dependenciesPath));
            }

            DependenciesPath = Path.GetFullPath(dependenciesPath);
        }

        /// <summary>The module's Dependencies/ folder.</summary>
        public string DependenciesPath { get; }

        /// <summary>
        /// Exact file name from Dependencies/ or null, which hands the request to the default context: that is
        /// how the framework, PowerShell and CalendarSharing.Models stay shared.
        /// </summary>
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name;
            if (string.IsNullOrEmpty(name) || string.Equals(name, PowerShellAssemblyName, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (string.Equals(name, ModelsAssemblyName, StringComparison.OrdinalIgnoreCase))
            {
                // The copy PowerShell loaded (by path, beside the cmdlet assembly) is the one the cmdlets expose.
                foreach (var loaded in Default.Assemblies)
                {
                    if (string.Equals(loaded.GetName().Name, ModelsAssemblyName, StringComparison.OrdinalIgnoreCase))
                    {
                        return loaded;
                    }
                }

                return null;
            }

            var path = PathOf(name);
            return path is null ? null : LoadFromAssemblyPath(path);
        }

        /// <summary>The full path of Dependencies/&lt;name&gt;.dll when that file exists, else null.</summary>
        public string? PathOf(string assemblyName)
        {
            // A name is a simple name, never a path: refuse anything that could climb out of the folder.
            if (assemblyName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || assemblyName.Contains("..", StringComparison.Ordinal))
            {
                return null;
            }

            var path = Path.Combine(DependenciesPath, assemblyName + ".dll");
            return File.Exists(path) ? path : null;
        }
    }
}
