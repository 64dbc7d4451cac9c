using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Runs when the module is imported and removed. Makes the engine assemblies in Dependencies/ loadable
    /// without putting them (or anything they bring) in PowerShell's default context:
    /// PowerShell 7: a private AssemblyLoadContext (CalendarSharing.PowerShell.Loader);
    /// Windows PowerShell 5.1: an AppDomain.AssemblyResolve handler, exact FullName, our requests only.
    /// Pattern: PowerShell/PSResourceGet src/code/ModuleInitAndCleanup.cs and jborean93/PowerShell-ALC.
    /// </summary>
    /// <remarks>
    /// PowerShell reads this assembly's public types (Assembly.ExportedTypes) before it runs OnImport, so no
    /// public type here may derive from, implement or expose a type of Core, Ews or Sandbox; they are used
    /// only inside method bodies and internal types. CmdletSurfaceTests checks that.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>Our own assemblies that live in Dependencies/ (Online comes with the Graph backend).</summary>
        internal static readonly string[] OwnAssemblyNames =
        {
            "CalendarSharing.Core", "CalendarSharing.Ews", "CalendarSharing.Sandbox", "CalendarSharing.Online",
        };

        private const string LoaderAssemblyName = "CalendarSharing.PowerShell.Loader";
        private const string LoaderTypeName = "CalendarSharing.PowerShell.Loader.LoadContextInitializer";

        private static readonly object Gate = new object();
        private static bool desktopHooked;

        // Runspaces that have the module imported: the resolver is process-wide, so it stays until the last one removes it.
        private static int imports;
        private static Type? loaderType;

        internal static string ModuleDirectory { get; } =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? AppContext.BaseDirectory;

        internal static string DependenciesDirectory { get; } = Path.Combine(ModuleDirectory, "Dependencies");

        public void OnImport()
        {
            lock (Gate)
            {
                imports++;
                if (IsNetCore)
                {
                    HookLoadContext();
                }
                else if (!desktopHooked)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += ResolveOnDesktop;
                    desktopHooked = true;
                }
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // Close this runspace's connections first (other runspaces keep theirs): that still needs Core, which needs the resolver.
            try
            {
                CloseConnections();
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is FileLoadException || ex is TypeLoadException || ex is TypeInitializationException)
            {
                // Core was never loaded (the module was imported and removed without a command): nothing to close.
            }

            lock (Gate)
            {
                if (imports > 0)
                {
                    imports--;
                }

                if (imports > 0)
                {
                    // Another runspace (ForEach-Object -Parallel, a pool) still uses the module: keep loading for it.
                    return;
                }

                if (desktopHooked)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnDesktop;
                    desktopHooked = false;
                }

                loaderType?.GetMethod("Uninitialize", BindingFlags.Public | BindingFlags.Static)?.Invoke(null, null);
            }
        }

        /// <summary>True on PowerShell 6+ (.NET Core / .NET), which has AssemblyLoadContext.</summary>
        internal static bool IsNetCore =>
            !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase) &&
            Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false) != null;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CloseConnections() => RunspaceConnections.CloseCurrent();

        private static void HookLoadContext()
        {
            var path = Path.Combine(DependenciesDirectory, LoaderAssemblyName + ".dll");
            if (loaderType is null)
            {
                // LoadFrom puts the loader in the default context, where it must be to hook Default.Resolving.
                var loader = Assembly.LoadFrom(path);
                loaderType = loader.GetType(LoaderTypeName, throwOnError: true);
            }

            var initialize = loaderType!.GetMethod("Initialize", BindingFlags.Public | BindingFlags.Static)
                ?? throw new MissingMethodException(LoaderTypeName, "Initialize");
            initialize.Invoke(null, new object[] { DependenciesDirectory, OwnAssemblyNames });
        }

        /// <summary>
        /// Windows PowerShell 5.1: answers only for a file in Dependencies/ whose FullName is exactly the one
        /// asked for, and only when one of our assemblies asks (or the runtime does not say who asks).
        /// Anything else is left to PowerShell and the other modules, so their versions never meet ours.
        /// </summary>
        internal static Assembly? ResolveOnDesktop(object? sender, ResolveEventArgs args)
        {
            if (args.RequestingAssembly != null && !IsOurs(args.RequestingAssembly))
            {
                return null;
            }

            AssemblyName requested;
            try
            {
                requested = new AssemblyName(args.Name);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FileLoadException)
            {
                return null;
            }

            // Already loaded (Models by PowerShell from the module root, or an earlier resolve): reuse it.
            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!loaded.IsDynamic && string.Equals(loaded.FullName, requested.FullName, StringComparison.OrdinalIgnoreCase) && IsOurs(loaded))
                {
                    return loaded;
                }
            }

            var candidate = DependencyPath(requested.Name);
            if (candidate is null)
            {
                return null;
            }

            try
            {
                var found = AssemblyName.GetAssemblyName(candidate);
                return string.Equals(found.FullName, requested.FullName, StringComparison.OrdinalIgnoreCase)
                    ? Assembly.LoadFrom(candidate)
                    : null;
            }
            catch (Exception ex) when (ex is BadImageFormatException || ex is FileLoadException || ex is IOException)
            {
                return null;
            }
        }

        internal static string? DependencyPath(string? simpleName)
        {
            if (string.IsNullOrEmpty(simpleName) || simpleName!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || simpleName.Contains(".."))
            {
                return null;
            }

            var path = Path.Combine(DependenciesDirectory, simpleName + ".dll");
            return File.Exists(path) ? path : null;
        }

        private static bool IsOurs(Assembly assembly)
        {
            if (assembly.IsDynamic)
            {
                return false;
            }

            string location;
            try
            {
                location = assembly.Location;
            }
            catch (NotSupportedException)
            {
                return false;
            }

            return !string.IsNullOrEmpty(location) &&
                location.StartsWith(ModuleDirectory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);
        }
    }
}
