using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using CalendarSharing.Tests.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// The published module ships Azure.Data.Tables in Dependencies/ and our loader puts it, with the Azure Table store,
    /// in the private context: the store factory's discovery (public ISyncStateStoreProvider types of
    /// CalendarSharing.Online) finds the provider there, and opening a store loads the SDK from Dependencies/, not from
    /// the default context.
    /// </summary>
    [Collection(PublishedModuleCollection.Name)]
    public sealed class AzureTableModuleLoadTests
    {
        private static readonly string[] OwnNames = { "CalendarSharing.Core", "CalendarSharing.Ews", "CalendarSharing.Sandbox", "CalendarSharing.Online" };

        private readonly PublishedModuleFixture module;

        public AzureTableModuleLoadTests(PublishedModuleFixture module)
        {
            this.module = module;
        }

        [Fact]
        public void The_Azure_Table_store_and_its_SDK_load_privately_from_Dependencies()
        {
            Assert.True(File.Exists(Path.Combine(module.DependenciesDirectory, "Azure.Data.Tables.dll")), "Azure.Data.Tables.dll is not in Dependencies/");
            Assert.False(File.Exists(Path.Combine(module.ModuleDirectory, "Azure.Data.Tables.dll")), "Azure.Data.Tables.dll is at the module's root");

            var dependencies = module.DependenciesDirectory;
            var loader = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(dependencies, "CalendarSharing.PowerShell.Loader.dll"));
            var initializer = loader.GetType("CalendarSharing.PowerShell.Loader.LoadContextInitializer", throwOnError: true)!;
            var context = (AssemblyLoadContext)initializer.GetMethod("Initialize")!.Invoke(null, new object[] { dependencies, OwnNames })!;
            var resolve = initializer.GetMethod("ResolveOwnAssembly")!;
            try
            {
                Assembly Own(string name) => (Assembly)resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName(name) })!;
                var online = Own("CalendarSharing.Online");
                var core = Own("CalendarSharing.Core");
                Assert.Same(context, AssemblyLoadContext.GetLoadContext(online));

                // What SyncCmdletSupport's discovery does: the public providers of Online with a parameterless constructor.
                var providerInterface = core.GetType("CalendarSharing.Core.Sync.ISyncStateStoreProvider", throwOnError: true)!;
                var providers = online.GetExportedTypes().Where(t => providerInterface.IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null).ToList();
                var providerType = Assert.Single(providers);
                Assert.Equal("CalendarSharing.Online.SyncState.AzureTableSyncStateStoreProvider", providerType.FullName);
                var provider = Activator.CreateInstance(providerType)!;
                const string Spec = "UseDevelopmentStorage=true;Table=calendarsync";
                Assert.True((bool)providerInterface.GetMethod("CanOpen")!.Invoke(provider, new object[] { Spec })!);

                // Opening makes the SDK's client (no request yet): Azure.Data.Tables comes from Dependencies/ into our context.
                var contextType = core.GetType("CalendarSharing.Core.Sync.SyncStateStoreContext", throwOnError: true)!;
                using var store = (IDisposable)providerInterface.GetMethod("Open")!.Invoke(provider, new[] { Spec, Activator.CreateInstance(contextType)! })!;
                Assert.Equal("http://127.0.0.1:10002/devstoreaccount1/calendarsync", store.ToString());
                var tables = context.Assemblies.SingleOrDefault(a => a.GetName().Name == "Azure.Data.Tables");
                Assert.True(tables != null, "Azure.Data.Tables was not loaded into the private context");
                Assert.StartsWith(dependencies, tables!.Location, StringComparison.Ordinal);
                var azureCore = context.Assemblies.Single(a => a.GetName().Name == "Azure.Core");
                Assert.StartsWith(dependencies, azureCore.Location, StringComparison.Ordinal);
            }
            finally
            {
                initializer.GetMethod("Uninitialize")!.Invoke(null, null);
            }
        }
    }
}
