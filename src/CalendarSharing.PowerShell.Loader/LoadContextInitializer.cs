using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace CalendarSharing.PowerShell.Loader
{
    /// <summary>
    /// Called by reflection from the cmdlet assembly's module initializer on PowerShell 7. Hooks the
    /// default context's Resolving event for our own assembly names only: when the cmdlet assembly (in the
    /// default context) first touches CalendarSharing.Core, the request lands here and is answered from the
    /// private context; any other name is left to PowerShell and the other modules' resolvers.
    /// </summary>
    public static class LoadContextInitializer
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext? context;
        private static HashSet<string> ownNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private static bool hooked;

        /// <summary>The private context, once <see cref="Initialize"/> ran.</summary>
        public static AssemblyLoadContext? Context => context;

        /// <summary>
        /// Creates the private context over <paramref name="dependenciesPath"/> (once per process) and hooks
        /// <see cref="AssemblyLoadContext.Default"/>.Resolving. Calling it again (Import-Module -Force) adds
        /// names but never makes a second context: the assemblies already loaded stay the ones used.
        /// </summary>
        public static AssemblyLoadContext Initialize(string dependenciesPath, string[] ownAssemblyNames)
        {
            if (ownAssemblyNames is null)
            {
                throw new ArgumentNullException(nameof(ownAssemblyNames));
            }

            lock (Gate)
            {
                context ??= new DependencyLoadContext(dependenciesPath);
                var names = new HashSet<string>(ownNames, StringComparer.OrdinalIgnoreCase);
                names.UnionWith(ownAssemblyNames.Where(n => !string.IsNullOrWhiteSpace(n)));
                ownNames = names;
                if (!hooked)
                {
                    AssemblyLoadContext.Default.Resolving += OnDefaultResolving;
                    hooked = true;
                }

                return context;
            }
        }

        /// <summary>Unhooks the resolver (Remove-Module). The context stays: .NET cannot unload what is in use.</summary>
        public static void Uninitialize()
        {
            lock (Gate)
            {
                if (hooked)
                {
                    AssemblyLoadContext.Default.Resolving -= OnDefaultResolving;
                    hooked = false;
                }
            }
        }

        /// <summary>
        /// The resolver: one of our own names, asked by the default context, is loaded in the private context
        /// from Dependencies/; anything else returns null. Public so tests can drive it without a PowerShell host.
        /// </summary>
        public static Assembly? ResolveOwnAssembly(AssemblyLoadContext requestingContext, AssemblyName assemblyName)
        {
            var ctx = context;
            var name = assemblyName.Name;
            if (ctx is null || name is null || ReferenceEquals(requestingContext, ctx) || !ownNames.Contains(name))
            {
                return null;
            }

            return ctx.PathOf(name) is null ? null : ctx.LoadFromAssemblyName(new AssemblyName(name));
        }

        private static Assembly? OnDefaultResolving(AssemblyLoadContext requestingContext, AssemblyName assemblyName) =>
            ResolveOwnAssembly(requestingContext, assemblyName);
    }
}
