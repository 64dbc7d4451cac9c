using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Credentials;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sync
{
    /// <summary>Where a sync run finds the connections its pairs name: the session's, and the stored credentials.</summary>
    public sealed class SyncConnectionSources
    {
        /// <summary>The session's connection of that name (Connect-CalendarSharing -Name), or null.</summary>
        public Func<string, ConnectionServices?> Named { get; set; } = _ => null;

        /// <summary>The default connection (-Connection, else the session's); throws <see cref="NotConnectedException"/> when there is none.</summary>
        public Func<ConnectionServices> Default { get; set; } = () => throw new NotConnectedException(Texts.Error_NotConnected, closed: false);

        /// <summary>The store of saved credentials (Save-CalendarSharingCredential); null: none is looked at.</summary>
        public CredentialStore? Credentials { get; set; }

        /// <summary>Receives -Verbose lines (which stored credential signs in where; never a secret).</summary>
        public Action<string>? Verbose { get; set; }
    }

    /// <summary>
    /// The connections of one sync run, chosen per pair: the connection each pair names (by name), and the default one for
    /// pairs that name none. A name that no connection has but a stored credential has opens a connection for this run
    /// through the default connection's SignInAs capability (the same server, signed in as the stored account); it is
    /// closed when the run ends (dispose this) and is never added to the session. A default connection without that
    /// capability (Exchange Online) is the capability's one error for the pairs that need it. Looked up before the engine
    /// runs; a name not found, or no default, fails each pair that needs it when it runs (the others run).
    /// </summary>
    public sealed class SyncConnections : IDisposable
    {
        private readonly Dictionary<string, ConnectionServices?> named = new Dictionary<string, ConnectionServices?>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Exception> problems = new Dictionary<string, Exception>(StringComparer.OrdinalIgnoreCase);
        private readonly List<ConnectionServices> opened = new List<ConnectionServices>();
        private ConnectionServices? fallback;
        private Exception? missing;

        private SyncConnections()
        {
        }

        /// <summary>The connections opened from stored credentials for this run (closed on dispose).</summary>
        public IReadOnlyList<ConnectionServices> Opened => opened;

        /// <summary>Finds every connection <paramref name="pairs"/> name, opening those that are stored credentials.</summary>
        public static SyncConnections Open(IEnumerable<SyncPair> pairs, SyncConnectionSources sources)
        {
            if (pairs is null)
            {
                throw new ArgumentNullException(nameof(pairs));
            }

            if (sources is null)
            {
                throw new ArgumentNullException(nameof(sources));
            }

            var list = pairs.ToList();
            var result = new SyncConnections();
            var stored = new List<string>();
            foreach (var name in list.SelectMany(p => new[] { p.SourceConnection, p.TargetConnection }).Where(n => n != null).Select(n => n!).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var services = sources.Named(name);
                result.named[name] = services;
                if (services is null && IsStoredCredential(sources.Credentials, name))
                {
                    stored.Add(name);
                }
            }

            if (stored.Count > 0 || list.Any(p => p.SourceConnection is null || p.TargetConnection is null))
            {
                try
                {
                    result.fallback = sources.Default();
                }
                catch (NotConnectedException ex)
                {
                    result.missing = ex;
                }
            }

            foreach (var name in stored)
            {
                result.SignIn(name, sources);
            }

            return result;
        }

        /// <summary>The connection a pair names (null: the default).</summary>
        /// <exception cref="SyncConnectionNotFoundException">No connection or usable stored credential has the name.</exception>
        /// <exception cref="NotConnectedException">The pair needs the default and there is none.</exception>
        /// <exception cref="CapabilityNotAvailableException">The name is a stored credential and the default connection cannot sign in as it.</exception>
        public ConnectionServices Resolve(string? name)
        {
            if (name is null)
            {
                return fallback ?? throw (missing ?? new NotConnectedException(Texts.Error_NotConnected, closed: false));
            }

            if (problems.TryGetValue(name, out var problem))
            {
                throw problem;
            }

            return named.TryGetValue(name, out var services) && services != null ? services : throw new SyncConnectionNotFoundException(name);
        }

        public void Dispose()
        {
            foreach (var services in opened)
            {
                services.Backend.Dispose();
            }

            opened.Clear();
        }

        private void SignIn(string name, SyncConnectionSources sources)
        {
            if (fallback is null)
            {
                problems[name] = new SyncConnectionNotFoundException(name, Texts.Format(nameof(Texts.Error_SyncStoredCredentialFailed), name, Texts.Format(nameof(Texts.Error_SyncStoredCredentialNoDefault), name)));
                return;
            }

            IAccountSignIn signIn;
            try
            {
                signIn = fallback.Require<IAccountSignIn>(ConnectionCapabilities.SignInAs);
            }
            catch (CapabilityNotAvailableException ex)
            {
                problems[name] = ex;
                return;
            }

            try
            {
                var credential = sources.Credentials!.Read(name);
                sources.Verbose?.Invoke(Texts.Format(nameof(Texts.UsingStoredCredential), credential.Info.Name, credential.UserName, credential.Info.Path));
                sources.Verbose?.Invoke(Texts.Format(nameof(Texts.Verbose_SyncStoredCredentialServer), credential.Info.Name, signIn.Server.Kind, signIn.Server.Endpoint));
                var services = signIn.SignInAs(credential.UserName, credential.Password);
                opened.Add(services);
                named[name] = services;
            }
            catch (Exception ex) when (ex is CredentialStoreException || ex is InvalidOperationException || ex is ArgumentException)
            {
                // The store's messages and ours name the file or the server, never the password.
                problems[name] = new SyncConnectionNotFoundException(name, Texts.Format(nameof(Texts.Error_SyncStoredCredentialFailed), name, ex.Message));
            }
        }

        /// <summary>Whether the store holds this name (a store that cannot be read holds none).</summary>
        private static bool IsStoredCredential(CredentialStore? store, string name)
        {
            if (store is null)
            {
                return false;
            }

            try
            {
                return store.Exists(name);
            }
            catch (Exception ex) when (ex is CredentialStoreException || ex is ArgumentException || ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
