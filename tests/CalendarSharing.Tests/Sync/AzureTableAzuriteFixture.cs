using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using CalendarSharing.Online.SyncState;
using CalendarSharing.Tests.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.Sync
{
    /// <summary>
    /// Azurite's table service (the open-source Azure Storage emulator) for the Azure Table state store tests.
    /// CALENDARSHARING_AZURITE_TABLE_ENDPOINT (set by .ci/run and build.ps1 -Test, e.g. http://127.0.0.1:10002/devstoreaccount1)
    /// names a running one; without it, and outside CI, the fixture starts its own with tests/interop/azurite/start.sh
    /// (which installs the pinned npm package into out/tools/azurite first). When Azurite is expected (the variable is set,
    /// or CI) and is not there, every test of the collection fails: none skips.
    /// </summary>
    public sealed class AzureTableAzuriteFixture : IDisposable
    {
        public const string EndpointVariable = "CALENDARSHARING_AZURITE_TABLE_ENDPOINT";

        // Azurite's well-known development account (public, documented:
        // https://learn.microsoft.com/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key).
        private const string Account = "devstoreaccount1";
        private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        private readonly string? ownState;

        public AzureTableAzuriteFixture()
        {
            var given = Environment.GetEnvironmentVariable(EndpointVariable);
            if (string.IsNullOrWhiteSpace(given))
            {
                if (InCi())
                {
                    throw new InvalidOperationException($"Azurite is expected in CI but {EndpointVariable} is not set: .ci/run starts it with tests/interop/azurite/start.sh and exports the variable.");
                }

                ownState = Start();
                given = File.ReadAllLines(ownState).Select(l => l.Split('=', 2)).Where(p => p[0] == "TABLE_ENDPOINT").Select(p => p[1]).SingleOrDefault()
                    ?? throw new InvalidOperationException("tests/interop/azurite/start.sh printed no TABLE_ENDPOINT.");
            }

            Endpoint = new Uri(given!.Trim().TrimEnd('/'));
            if (!Reachable(Endpoint))
            {
                throw new InvalidOperationException($"Azurite is not answering at {Endpoint} ({EndpointVariable}). Start it with tests/interop/azurite/start.sh (node and npm needed), or unset the variable to let the tests start one.");
            }
        }

        /// <summary>The table service, path-style: http://127.0.0.1:{port}/devstoreaccount1.</summary>
        public Uri Endpoint { get; }

        /// <summary>A connection string to the development account, without a table.</summary>
        public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevelopmentKey};TableEndpoint={Endpoint}";

        public static string NewTableName() => "sync" + Guid.NewGuid().ToString("N").Substring(0, 20);

        /// <summary>The store spec for a new table of its own (each test works in a fresh table).</summary>
        public string Spec(string table) => ConnectionString + ";Table=" + table;

        public AzureTableSyncStateStore Open(string table, TimeProvider? time = null) =>
            AzureTableStateStoreSpec.Parse(Spec(table)).Open(new AzureTableStateStoreOptions { Time = time });

        /// <summary>
        /// The table's row keys as stored, read with the raw SDK. Synchronous and returning plain strings on purpose: an
        /// SDK type in a test type's signature or an async method's locals (its state machine's fields) would load
        /// Azure.Data.Tables and Azure.Core when xunit merely lists the tests, which FreshProcessTests forbids.
        /// </summary>
        public List<string> RowKeys(string table) =>
            new Azure.Data.Tables.TableClient(ConnectionString, table).Query<Azure.Data.Tables.TableEntity>(select: new[] { "RowKey" }).Select(r => r.RowKey).ToList();

        /// <summary>Creates the table and returns an account SAS URL for it (read, add, update, delete, write).</summary>
        public Uri AccountSasFor(string table)
        {
            new Azure.Data.Tables.TableClient(ConnectionString, table).CreateIfNotExists();
            var all = Azure.Data.Tables.Sas.TableAccountSasPermissions.Read | Azure.Data.Tables.Sas.TableAccountSasPermissions.Add | Azure.Data.Tables.Sas.TableAccountSasPermissions.Update
                | Azure.Data.Tables.Sas.TableAccountSasPermissions.Delete | Azure.Data.Tables.Sas.TableAccountSasPermissions.Write;
            var types = Azure.Data.Tables.Sas.TableAccountSasResourceTypes.Object | Azure.Data.Tables.Sas.TableAccountSasResourceTypes.Container | Azure.Data.Tables.Sas.TableAccountSasResourceTypes.Service;
            var account = new Azure.Data.Tables.TableServiceClient(ConnectionString).GenerateSasUri(all, types, DateTimeOffset.UtcNow.AddHours(1));
            return new UriBuilder(account) { Path = account.AbsolutePath.TrimEnd('/') + "/" + table }.Uri;
        }

        /// <summary>A table SAS URL that may only read.</summary>
        public Uri ReadOnlySasFor(string table) =>
            new Azure.Data.Tables.TableClient(ConnectionString, table).GenerateSasUri(Azure.Data.Tables.Sas.TableSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));

        public void Dispose()
        {
            if (ownState != null)
            {
                Run("stop.sh", ownState);
            }
        }

        private static bool InCi()
        {
            var ci = Environment.GetEnvironmentVariable("CI");
            return (!string.IsNullOrEmpty(ci) && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase))
                || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CALENDARSHARING_CI"));
        }

        private static bool Reachable(Uri endpoint)
        {
            try
            {
                using var client = new TcpClient();
                return client.ConnectAsync(endpoint.Host, endpoint.Port).Wait(TimeSpan.FromSeconds(5)) && client.Connected;
            }
            catch (AggregateException)
            {
                return false;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static string Start()
        {
            if (OperatingSystem.IsWindows())
            {
                throw new InvalidOperationException($"Start Azurite (npx azurite-table --inMemoryPersistence --skipApiVersionCheck) and set {EndpointVariable}=http://127.0.0.1:10002/devstoreaccount1, or run the tests under WSL.");
            }

            var output = Run("start.sh", null);
            return output.Trim().Split('\n').Last().Trim();
        }

        private static string Run(string script, string? argument)
        {
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepositoryPaths.RepoRoot,
            };
            start.ArgumentList.Add(Path.Combine(RepositoryPaths.RepoRoot, "tests", "interop", "azurite", script));
            if (argument != null)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"tests/interop/azurite/{script} took more than 5 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"tests/interop/azurite/{script} failed ({process.ExitCode}): {stderr.Result.Trim()}");
            }

            return stdout.Result;
        }
    }

    [CollectionDefinition(Name)]
    public sealed class AzureTableAzuriteCollection : ICollectionFixture<AzureTableAzuriteFixture>
    {
        public const string Name = "Azurite";
    }
}
