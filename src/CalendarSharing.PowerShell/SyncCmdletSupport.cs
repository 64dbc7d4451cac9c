using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Credentials;
using CalendarSharing.Core.Resources;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Sync;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// What the sync cmdlets share, on the pipeline thread: reading the profile (a problem is the terminating error
    /// naming the field and pair), opening the state store it or -StateStore names, and the connections its pairs name
    /// (looked up here, before the engine runs on the thread pool: a missing one fails only its pairs).
    /// </summary>
    internal static class SyncCmdletSupport
    {
        private static readonly object Gate = new object();
        private static bool discovering;

        /// <summary>The profile at <paramref name="path"/> (a PowerShell path), or the terminating error.</summary>
        public static SyncProfile LoadProfile(PSCmdlet cmdlet, string path)
        {
            try
            {
                return SyncProfileFile.Load(cmdlet.GetUnresolvedProviderPathFromPSPath(path));
            }
            catch (SyncProfileException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(SyncProfileCommands.ErrorOf(ex)));
                throw; // not reached
            }
        }

        /// <summary>
        /// The store -StateStore (else the profile) names; a file store's repairs are warned through the sink of the run
        /// <paramref name="currentSink"/> returns. A name no store opens is the terminating error.
        /// </summary>
        public static ISyncStateStore OpenStore(PSCmdlet cmdlet, string? stateStore, SyncProfile profile, Func<IOutputSink?> currentSink)
        {
            EnsureDiscovery();
            var spec = string.IsNullOrWhiteSpace(stateStore) ? profile.StateStore : stateStore;
            if (!string.IsNullOrWhiteSpace(spec) && !SyncStateStores.LooksRemote(spec!))
            {
                spec = cmdlet.GetUnresolvedProviderPathFromPSPath(spec!);
            }

            try
            {
                return SyncStateStores.Open(spec, new SyncStateStoreContext
                {
                    ProfilePath = profile.Path,
                    Warn = message => currentSink()?.WriteWarning(message),
                });
            }
            catch (SyncStateStoreException ex)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(new OperationError(ex.ErrorId, ErrorKind.InvalidArgument, ex.Message, SyncStateStores.Redact(ex.Spec), CalendarSharing.Core.Resources.Texts.Advice_SyncStateStoreNotAvailable, ex)));
                throw; // not reached
            }
        }

        /// <summary>
        /// The connections the pairs name, chosen by Core (<see cref="SyncConnections"/>) from this session's connections
        /// (Connect-CalendarSharing -Name), its default (-Connection, else the session's) and the default credential store.
        /// Looked up now, on the pipeline thread; dispose the result when the run ends.
        /// </summary>
        public static SyncConnections Connections(CalendarSharingConnectedCmdletBase cmdlet, IEnumerable<SyncPair> pairs)
        {
            var registry = RunspaceConnections.Current;
            return SyncConnections.Open(pairs, new SyncConnectionSources
            {
                Named = registry.Named,
                Default = () => registry.Resolve(cmdlet.Connection, line => DebugTrace.Current?.WriteVerbose(line)),
                Credentials = DefaultCredentials(),
                Verbose = cmdlet.WriteVerbose,
            });
        }

        /// <summary>The default credential store, or null when its folder cannot even be named here.</summary>
        private static CredentialStore? DefaultCredentials()
        {
            try
            {
                return new CredentialStore();
            }
            catch (Exception ex) when (ex is CredentialStoreException || ex is ArgumentException || ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The worker id: -WorkerId, else this machine and process.</summary>
        public static string WorkerId(string? given) => string.IsNullOrWhiteSpace(given) ? SyncRunner.DefaultWorkerId() : given!.Trim();

        /// <summary>
        /// Lets state stores of CalendarSharing.Online (the Azure Table store) plug in without a line here: their public
        /// <see cref="ISyncStateStoreProvider"/> types are listed only when a -StateStore is not a folder, so the Graph
        /// stack is loaded only for a store that needs it.
        /// </summary>
        private static void EnsureDiscovery()
        {
            lock (Gate)
            {
                if (discovering)
                {
                    return;
                }

                discovering = true;
            }

            SyncStateStores.Discover(() =>
            {
                var assembly = typeof(CalendarSharing.Online.AdminRest.AdminRestOptions).Assembly;
                Type[] types;
                try
                {
                    types = assembly.GetExportedTypes();
                }
                catch (System.Reflection.ReflectionTypeLoadException ex)
                {
                    types = ex.Types.Where(t => t != null).Select(t => t!).ToArray();
                }

                return types
                    .Where(t => typeof(ISyncStateStoreProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
                    .Select(t => (ISyncStateStoreProvider)Activator.CreateInstance(t)!)
                    .ToList();
            });
        }
    }
}
