using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace CalendarSharing.Tests.PowerShell
{
    /// <summary>
    /// The PowerShell 7 isolation, driven the way the module initializer drives it: the Loader from the
    /// published Dependencies/ folder, Initialize by reflection, then the resolver asked for our own names.
    /// (This process already has Core in its default context, so the resolver is called directly rather
    /// than through AssemblyLoadContext.Default.Resolving, which would never fire here.)
    /// </summary>
    [Collection(PublishedModuleCollection.Name)]
    public sealed class LoaderTests
    {
        private static readonly string[] OwnNames = { "CalendarSharing.Core", "CalendarSharing.Ews", "CalendarSharing.Sandbox", "CalendarSharing.Online" };

        private readonly PublishedModuleFixture module;

        public LoaderTests(PublishedModuleFixture module)
        {
            this.module = module;
        }

        [Fact]
        public void Core_resolves_into_the_private_context_and_shares_Models_with_the_default_context()
        {
            var loader = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(module.DependenciesDirectory, "CalendarSharing.PowerShell.Loader.dll"));
            var initializer = loader.GetType("CalendarSharing.PowerShell.Loader.LoadContextInitializer", throwOnError: true)!;
            var initialize = initializer.GetMethod("Initialize", BindingFlags.Public | BindingFlags.Static)!;
            var resolve = initializer.GetMethod("ResolveOwnAssembly", BindingFlags.Public | BindingFlags.Static)!;
            var uninitialize = initializer.GetMethod("Uninitialize", BindingFlags.Public | BindingFlags.Static)!;

            var context = (AssemblyLoadContext)initialize.Invoke(null, new object[] { module.DependenciesDirectory, OwnNames })!;
            try
            {
                Assert.NotSame(AssemblyLoadContext.Default, context);

                var core = (Assembly?)resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName("CalendarSharing.Core") });
                Assert.NotNull(core);
                Assert.Same(context, AssemblyLoadContext.GetLoadContext(core!));
                Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(core!));
                Assert.Equal(Path.GetFullPath(module.DependenciesDirectory), Path.GetDirectoryName(core!.Location));
                Assert.NotSame(typeof(global::CalendarSharing.Core.Connections.ConnectionRegistry).Assembly, core);

                // Ews, loaded privately, binds to the private Core, not to this process's copy.
                var ews = (Assembly?)resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName("CalendarSharing.Ews") });
                Assert.Same(context, AssemblyLoadContext.GetLoadContext(ews!));
                var backendInterface = ews!.GetType("CalendarSharing.Ews.EwsCalendarBackend", throwOnError: true)!.GetInterface("ICalendarBackend")!;
                Assert.Same(core, backendInterface.Assembly);

                // Models stays shared: the private Core's public types are the default context's types.
                var registry = core.GetType("CalendarSharing.Core.Connections.ConnectionRegistry", throwOnError: true)!;
                Assert.Same(typeof(CalendarSharingConnection), registry.GetProperty("Default")!.PropertyType);

                // Only our own names, and only those present in Dependencies/.
                Assert.Null(resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName("Newtonsoft.Json") }));
                Assert.Null(resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName("CalendarSharing.PowerShell.Loader") }));
                Assert.Null(resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName("Microsoft.Graph") }));
                Assert.Null(resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName("Azure.Identity") }));

                // Online ships now (Exchange Online): it resolves like Core, into the private context, where Graph follows it.
                var online = (Assembly?)resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName("CalendarSharing.Online") });
                Assert.NotNull(online);
                Assert.Same(context, AssemblyLoadContext.GetLoadContext(online!));

                // Asking again (Import-Module -Force) gives the same context.
                Assert.Same(context, initialize.Invoke(null, new object[] { module.DependenciesDirectory, OwnNames }));
            }
            finally
            {
                uninitialize.Invoke(null, null);
            }
        }

        [Fact]
        public void The_private_context_refuses_names_that_are_paths()
        {
            var loader = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(module.DependenciesDirectory, "CalendarSharing.PowerShell.Loader.dll"));
            var type = loader.GetType("CalendarSharing.PowerShell.Loader.DependencyLoadContext", throwOnError: true)!;
            var context = Activator.CreateInstance(type, module.DependenciesDirectory)!;
            var pathOf = type.GetMethod("PathOf")!;
            Assert.NotNull(pathOf.Invoke(context, new object[] { "CalendarSharing.Core" }));
            Assert.Null(pathOf.Invoke(context, new object[] { "../CalendarSharing.Models" }));
            Assert.Null(pathOf.Invoke(context, new object[] { "CalendarSharing.Models" }));
            Assert.Null(pathOf.Invoke(context, new object[] { "System.Management.Automation" }));
        }
    }
}
