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
        /// The connection each pair names, by name (Connect-CalendarSharing -Name), and the default (-Connection, else
        /// the session's) for pairs that name none. A name that no connection has but a stored credential has
        /// (Save-CalendarSharingCredential) opens a connection for this run: to the default connection's EWS server, signed
        /// in as the stored account; it is closed when the run ends (dispose the result) and is never added to the
        /// session. Looked up now; a name not found, or no default, fails each pair that needs it when it runs (the others run).
        /// </summary>
        public static SyncConnections Connections(CalendarSharingConnectedCmdletBase cmdlet, IEnumerable<SyncPair> pairs)
        {
            var registry = RunspaceConnections.Current;
            var list = pairs.ToList();
            var result = new SyncConnections();
            var stored = new List<string>();
            foreach (var name in list.SelectMany(p => new[] { p.SourceConnection, p.TargetConnection }).Where(n => n != null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var services = registry.Named(name!);
                result.Named[name!] = services;
                if (services is null && IsStoredCredential(name!))
                {
                    stored.Add(name!);
                }
            }

            ConnectionServices? fallback = null;
            Exception? missing = null;
            if (stored.Count > 0 || list.Any(p => p.SourceConnection is null || p.TargetConnection is null))
            {
                try
                {
                    fallback = registry.Resolve(cmdlet.Connection, line => DebugTrace.Current?.WriteVerbose(line));
                }
                catch (NotConnectedException ex)
                {
                    missing = ex;
                }
            }

            foreach (var name in stored)
            {
                try
                {
                    if (!(fallback?.Backend is CalendarSharing.Ews.EwsCalendarBackend ews))
                    {
                        throw new InvalidOperationException(Texts.Format(nameof(Texts.Error_SyncStoredCredentialNoServer), name), missing);
                    }

                    var credential = new CredentialStore().Read(name);
                    cmdlet.WriteVerbose(string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.UsingStoredCredential, credential.Info.Name, credential.UserName, credential.Info.Path));
                    var opened = BackendFactory.Declare(ews.EventBackend.ConnectAs(BackendFactory.ToNetworkCredential(credential.UserName, credential.Password)));
                    result.Opened.Add(opened);
                    result.Named[name] = opened;
                }
                catch (Exception ex) when (ex is CredentialStoreException || ex is InvalidOperationException)
                {
                    // The store's and ours name the file or the server, never the password.
                    result.Problems[name] = new SyncConnectionNotFoundException(name, Texts.Format(nameof(Texts.Error_SyncStoredCredentialFailed), name, ex.Message));
                }
            }

            result.Resolve = name =>
            {
                if (name is null)
                {
                    return fallback ?? throw (missing ?? new NotConnectedException(Texts.Error_NotConnected, closed: false));
                }

                if (result.Problems.TryGetValue(name, out var problem))
                {
                    throw problem;
                }

                return result.Named.TryGetValue(name, out var services) && services != null ? services : throw new SyncConnectionNotFoundException(name);
            };
            return result;
        }

        /// <summary>Whether the default credential store holds this name (a store that cannot be read holds none).</summary>
        private static bool IsStoredCredential(string name)
        {
            try
            {
                return new CredentialStore().Exists(name);
            }
            catch (Exception ex) when (ex is CredentialStoreException || ex is ArgumentException || ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                return false;
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

    /// <summary>The connections of one sync run: the session's, and those opened from stored credentials, closed on dispose.</summary>
    internal sealed class SyncConnections : IDisposable
    {
        public Dictionary<string, ConnectionServices?> Named { get; } = new Dictionary<string, ConnectionServices?>(StringComparer.OrdinalIgnoreCase);

        public List<ConnectionServices> Opened { get; } = new List<ConnectionServices>();

        /// <summary>Names whose stored credential could not open a connection, and why (that pair's error).</summary>
        public Dictionary<string, Exception> Problems { get; } = new Dictionary<string, Exception>(StringComparer.OrdinalIgnoreCase);

        public Func<string?, ConnectionServices> Resolve { get; set; } = name => throw new SyncConnectionNotFoundException(name ?? string.Empty);

        public void Dispose()
        {
            foreach (var opened in Opened)
            {
                opened.Backend.Dispose();
            }

            Opened.Clear();
        }
    }
}
