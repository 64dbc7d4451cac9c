using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Tests.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// The published module's Graph stack loads through our loader into the private context and works there, while this
    /// process already has its own Azure.Core / MSAL / Microsoft.Graph in the default context (the test project references
    /// them). What is proven: two distinct copies, ours from Dependencies/, and a Graph sign-in and read through ours.
    /// </summary>
    [Collection(PublishedModuleCollection.Name)]
    public sealed class IsolationTests
    {
        private static readonly string[] OwnNames = { "CalendarSharing.Core", "CalendarSharing.Ews", "CalendarSharing.Sandbox", "CalendarSharing.Online" };

        private readonly PublishedModuleFixture module;

        public IsolationTests(PublishedModuleFixture module)
        {
            this.module = module;
        }

        [Fact]
        public async Task The_private_Graph_stack_signs_in_and_reads_beside_the_default_contexts_own_copies()
        {
            // The default context's own copies, loaded first (as another module's would be).
            var defaultAzureCore = typeof(Azure.Core.TokenCredential).Assembly;
            var defaultMsal = typeof(Microsoft.Identity.Client.PublicClientApplication).Assembly;
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(defaultAzureCore));
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(defaultMsal));

            var loader = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(module.DependenciesDirectory, "CalendarSharing.PowerShell.Loader.dll"));
            var initializer = loader.GetType("CalendarSharing.PowerShell.Loader.LoadContextInitializer", throwOnError: true)!;
            var context = (AssemblyLoadContext)initializer.GetMethod("Initialize")!.Invoke(null, new object[] { module.DependenciesDirectory, OwnNames })!;
            var resolve = initializer.GetMethod("ResolveOwnAssembly")!;
            try
            {
                Assembly Own(string name) => (Assembly)resolve.Invoke(null, new object[] { AssemblyLoadContext.Default, new AssemblyName(name) })!;
                var online = Own("CalendarSharing.Online");
                var sandbox = Own("CalendarSharing.Sandbox");
                var core = Own("CalendarSharing.Core");

                // The sandbox with its mailboxes in the cloud, created in the private context.
                var optionsType = sandbox.GetType("CalendarSharing.Sandbox.SandboxOptions", throwOnError: true)!;
                var sandboxOptions = Activator.CreateInstance(optionsType)!;
                optionsType.GetProperty("Topology")!.SetValue(sandboxOptions, Enum.Parse(sandbox.GetType("CalendarSharing.Sandbox.SandboxTopology", true)!, "Cloud"));
                var orgType = sandbox.GetType("CalendarSharing.Sandbox.SandboxOrganization", throwOnError: true)!;
                var org = orgType.GetMethod("Create")!.Invoke(null, new[] { sandboxOptions })!;

                // The Graph backend, from the private Online, signing in at the sandbox's token endpoint with a secret.
                var signInType = online.GetType("CalendarSharing.Online.Identity.GraphSignIn", throwOnError: true)!;
                var signIn = Activator.CreateInstance(signInType)!;
                signInType.GetProperty("Kind")!.SetValue(signIn, Enum.Parse(online.GetType("CalendarSharing.Online.Identity.GraphSignInKind", true)!, "ClientSecret"));
                signInType.GetProperty("TenantId")!.SetValue(signIn, (string)orgType.GetField("TenantId")!.GetValue(null)!);
                signInType.GetProperty("ClientId")!.SetValue(signIn, (string)orgType.GetField("SandboxAppClientId")!.GetValue(null)!);
                signInType.GetProperty("ClientSecret")!.SetValue(signIn, Support.GraphSandboxSession.Secure((string)orgType.GetField("SandboxAppSecret")!.GetValue(null)!));
                signInType.GetProperty("AuthorityHost")!.SetValue(signIn, orgType.GetProperty("LoginUrl")!.GetValue(org));
                var optionsGraphType = online.GetType("CalendarSharing.Online.Graph.GraphConnectionOptions", throwOnError: true)!;
                var graphOptions = Activator.CreateInstance(optionsGraphType)!;
                optionsGraphType.GetProperty("SignIn")!.SetValue(graphOptions, signIn);
                optionsGraphType.GetProperty("GraphRoot")!.SetValue(graphOptions, orgType.GetProperty("GraphBaseUrl")!.GetValue(org));
                optionsGraphType.GetProperty("Handler")!.SetValue(graphOptions, orgType.GetMethod("CreateHandler", Type.EmptyTypes)!.Invoke(org, null));
                var backend = (IDisposable)Activator.CreateInstance(online.GetType("CalendarSharing.Online.Graph.GraphCalendarBackend", throwOnError: true)!, graphOptions)!;
                using (backend)
                {
                    await (Task)backend.GetType().GetMethod("ConnectAsync")!.Invoke(backend, new object[] { CancellationToken.None })!;
                    var addressType = core.GetType("CalendarSharing.Core.Addressing.CalendarAddress", throwOnError: true)!;
                    var list = Array.CreateInstance(addressType, 1);
                    list.SetValue(addressType.GetMethod("Default")!.Invoke(null, new object[] { "alice@contoso.com" }), 0);
                    var task = (Task)backend.GetType().GetMethod("GetPermissionsAsync")!.Invoke(backend, new object[] { list, CancellationToken.None })!;
                    await task;
                    var results = (System.Collections.IList)task.GetType().GetProperty("Result")!.GetValue(task)!;
                    var first = results[0]!;
                    Assert.True((bool)first.GetType().GetProperty("IsSuccess")!.GetValue(first)!, first.ToString());
                }

                // Ours came from the private context and Dependencies/, beside (not instead of) the default context's copies.
                // (Azure.Identity 1.21 is a facade: its credentials live in Azure.Core 1.53, so only Azure.Core loads.)
                foreach (var name in new[] { "Azure.Core", "Microsoft.Identity.Client", "Microsoft.Graph", "Microsoft.Graph.Core", "Microsoft.Kiota.Abstractions" })
                {
                    var ours = context.Assemblies.SingleOrDefault(a => a.GetName().Name == name);
                    Assert.True(ours != null, name + " was not loaded into the private context");
                    Assert.StartsWith(module.DependenciesDirectory, ours!.Location, StringComparison.Ordinal);
                    var theirs = AssemblyLoadContext.Default.Assemblies.SingleOrDefault(a => a.GetName().Name == name);
                    if (theirs != null)
                    {
                        Assert.NotSame(theirs, ours);
                    }
                }

                Assert.NotSame(defaultAzureCore, context.Assemblies.Single(a => a.GetName().Name == "Azure.Core"));
                Assert.NotSame(defaultMsal, context.Assemblies.Single(a => a.GetName().Name == "Microsoft.Identity.Client"));
            }
            finally
            {
                initializer.GetMethod("Uninitialize")!.Invoke(null, null);
            }
        }
    }
}
