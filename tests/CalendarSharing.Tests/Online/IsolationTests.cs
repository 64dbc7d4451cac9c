using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Tests.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// The published module's Graph stack loads through our loader into the private context and works there, while the
    /// process already has its own Azure.Core / MSAL in the default context: the same versions (this test host references
    /// them), and, in a child test host, older versions loaded first as another module's would be. What is proven: two
    /// distinct copies, ours from Dependencies/ at our version, and a Graph sign-in and read through ours.
    /// </summary>
    [Collection(PublishedModuleCollection.Name)]
    public sealed class IsolationTests
    {
        /// <summary>The older versions the test project downloads (PackageDownload), never referenced by any project.</summary>
        private const string OtherAzureCoreVersion = "1.50.0";
        private const string OtherMsalVersion = "4.73.1";
        private const string ProbeVariable = "CALENDARSHARING_ISOLATION_PROBE";

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

            var (context, uninitialize) = await SignInAndReadPrivatelyAsync(module.DependenciesDirectory);
            try
            {
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
                uninitialize();
            }
        }

        /// <summary>
        /// A process that has already loaded an older Azure.Core and MSAL into its default context (a child test host, so
        /// this one's copies are not in the way): our loader still gives the Graph stack our own versions, privately, and
        /// the sign-in and read work. The child writes what it saw; this side checks it.
        /// </summary>
        [Fact]
        public async Task The_private_Graph_stack_works_in_a_process_that_already_loaded_other_Azure_Core_and_MSAL_versions()
        {
            var probe = Environment.GetEnvironmentVariable(ProbeVariable);
            if (!string.IsNullOrEmpty(probe))
            {
                await RunWithOtherVersionsLoadedFirstAsync(probe!);
                return;
            }

            // The child runs a copy of this test assembly's folder without Azure.Core, MSAL and the deps file: a host whose
            // own list of assemblies prefers its Azure.Core 1.53 over one loaded by path, as this one does, would not show
            // the older version loaded first; PowerShell's default context has no Azure.Core of its own either.
            var folder = Path.Combine(Path.GetTempPath(), "cs-isolation-" + Guid.NewGuid().ToString("N"));
            var output = Path.Combine(folder, "seen.txt");
            var testFolder = Path.GetDirectoryName(typeof(IsolationTests).Assembly.Location)!;
            var host = Path.Combine(folder, "host");
            Directory.CreateDirectory(host);
            foreach (var file in Directory.GetFiles(testFolder))
            {
                var name = Path.GetFileName(file);
                if (name is "Azure.Core.dll" or "Microsoft.Identity.Client.dll" or "Azure.Identity.dll" || name.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                File.Copy(file, Path.Combine(host, name));
            }

            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("vstest");
            start.ArgumentList.Add(Path.Combine(host, Path.GetFileName(typeof(IsolationTests).Assembly.Location)));
            start.ArgumentList.Add("--TestCaseFilter:FullyQualifiedName=" + typeof(IsolationTests).FullName + "." + nameof(The_private_Graph_stack_works_in_a_process_that_already_loaded_other_Azure_Core_and_MSAL_versions));
            start.Environment[ProbeVariable] = output;
            start.Environment["CALENDARSHARING_MODULE_DIR"] = module.ModuleDirectory; // the child reuses this publish
            using var child = Process.Start(start)!;
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();
            try
            {
                Assert.True(child.ExitCode == 0 && File.Exists(output), "the child test host failed:\n" + await stdout + await stderr);
                var seen = File.ReadAllLines(output).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p.Skip(1).ToArray());

                var ourAzureCore = AssemblyName.GetAssemblyName(Path.Combine(module.DependenciesDirectory, "Azure.Core.dll")).Version!.ToString();
                var ourMsal = AssemblyName.GetAssemblyName(Path.Combine(module.DependenciesDirectory, "Microsoft.Identity.Client.dll")).Version!.ToString();
                Assert.NotEqual(new Version(OtherAzureCoreVersion + ".0").ToString(), ourAzureCore);
                Assert.NotEqual(new Version(OtherMsalVersion + ".0").ToString(), ourMsal);

                // The default context holds the other versions, from the NuGet cache, and only those.
                Assert.Equal(new[] { OtherAzureCoreVersion + ".0" }, seen["default Azure.Core"].Take(1));
                Assert.Contains(Path.Combine("azure.core", OtherAzureCoreVersion), seen["default Azure.Core"][1], StringComparison.OrdinalIgnoreCase);
                Assert.Equal(new[] { OtherMsalVersion + ".0" }, seen["default Microsoft.Identity.Client"].Take(1));
                Assert.Contains(Path.Combine("microsoft.identity.client", OtherMsalVersion), seen["default Microsoft.Identity.Client"][1], StringComparison.OrdinalIgnoreCase);

                // Ours: in the private context, at our version, from Dependencies/.
                Assert.Equal(ourAzureCore, seen["private Azure.Core"][0]);
                Assert.StartsWith(module.DependenciesDirectory, seen["private Azure.Core"][1], StringComparison.Ordinal);
                Assert.Equal(ourMsal, seen["private Microsoft.Identity.Client"][0]);
                Assert.StartsWith(module.DependenciesDirectory, seen["private Microsoft.Identity.Client"][1], StringComparison.Ordinal);

                // And the Graph sign-in and read through ours worked.
                Assert.Equal(new[] { "True" }, seen["read alice"]);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private async Task RunWithOtherVersionsLoadedFirstAsync(string output)
        {
            // Nothing has loaded Azure.Core or MSAL yet in this child; load the older ones first, by path.
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Azure.Core" or "Microsoft.Identity.Client");
            var packages = typeof(IsolationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
            var otherAzureCore = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(packages, "azure.core", OtherAzureCoreVersion, "lib", "net8.0", "Azure.Core.dll"));
            var otherMsal = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(packages, "microsoft.identity.client", OtherMsalVersion, "lib", "net8.0", "Microsoft.Identity.Client.dll"));
            Assert.NotNull(otherAzureCore.GetType("Azure.Core.TokenCredential", throwOnError: true));

            var (context, uninitialize) = await SignInAndReadPrivatelyAsync(module.DependenciesDirectory);
            try
            {
                string Line(string key, Assembly a) => key + "\t" + a.GetName().Version + "\t" + a.Location;
                var lines = new[] { "Azure.Core", "Microsoft.Identity.Client" }
                    .SelectMany(name => new[]
                    {
                        Line("default " + name, AssemblyLoadContext.Default.Assemblies.Single(a => a.GetName().Name == name)),
                        Line("private " + name, context.Assemblies.Single(a => a.GetName().Name == name)),
                    })
                    .Append("read alice\tTrue");
                File.WriteAllLines(output, lines);
            }
            finally
            {
                uninitialize();
            }
        }

        /// <summary>
        /// Initialises our loader on the published Dependencies/ folder and, through the private CalendarSharing.Online,
        /// signs in at the cloud sandbox's token endpoint with a secret and reads alice's calendar; fails unless the read
        /// succeeded. Returns the private context and how to undo the loader's hook.
        /// </summary>
        private static async Task<(AssemblyLoadContext Context, Action Uninitialize)> SignInAndReadPrivatelyAsync(string dependencies)
        {
            var loader = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(dependencies, "CalendarSharing.PowerShell.Loader.dll"));
            var initializer = loader.GetType("CalendarSharing.PowerShell.Loader.LoadContextInitializer", throwOnError: true)!;
            var context = (AssemblyLoadContext)initializer.GetMethod("Initialize")!.Invoke(null, new object[] { dependencies, OwnNames })!;
            var resolve = initializer.GetMethod("ResolveOwnAssembly")!;
            void Uninitialize() => initializer.GetMethod("Uninitialize")!.Invoke(null, null);
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
                signInType.GetProperty("ClientSecret")!.SetValue(signIn, Secure((string)orgType.GetField("SandboxAppSecret")!.GetValue(null)!));
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

                return (context, Uninitialize);
            }
            catch
            {
                Uninitialize();
                throw;
            }
        }

        // Not GraphSandboxSession.Secure: touching that type could load this test host's Azure.Core into the default context.
        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }
    }
}
