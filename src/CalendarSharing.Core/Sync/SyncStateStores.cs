using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Sync
{
    /// <summary>What a state store is opened with besides its name.</summary>
    public sealed class SyncStateStoreContext
    {
        /// <summary>The profile's file (a file store's default folder is beside it), or null for an ad hoc pair.</summary>
        public string? ProfilePath { get; set; }

        public TimeProvider Time { get; set; } = TimeProvider.System;

        /// <summary>Where the store reports what it had to repair (a damaged state file). Any thread.</summary>
        public Action<string>? Warn { get; set; }

        /// <summary>
        /// A credential for stores in the cloud (an Azure.Core TokenCredential; typed object because Core references no
        /// Azure package). Null = the provider's default (a managed identity in an Azure Automation runbook).
        /// </summary>
        public object? Credential { get; set; }
    }

    /// <summary>A kind of state store other than the file (the Azure Table store of CalendarSharing.Online is one).</summary>
    public interface ISyncStateStoreProvider
    {
        /// <summary>True when <paramref name="spec"/> names a store of this kind (an https table URI, a connection string...).</summary>
        bool CanOpen(string spec);

        ISyncStateStore Open(string spec, SyncStateStoreContext context);
    }

    /// <summary>A -StateStore that names no store anyone can open (an Azure Table URI when the Azure store is not there).</summary>
    public sealed class SyncStateStoreException : Exception
    {
        public SyncStateStoreException(string spec, string message, Exception? inner = null)
            : base(message, inner)
        {
            Spec = spec;
        }

        public string Spec { get; }

        public string ErrorId => ErrorIds.SyncStateStoreNotAvailable;
    }

    /// <summary>
    /// Opens the state store a profile or -StateStore names: a registered provider that recognises the name (the Azure
    /// Table store: an https/http table URI or a storage connection string), else a folder on disk; no name = the folder
    /// beside the profile. The seam other stores plug into: <see cref="Register"/>, or <see cref="Discover"/> which the
    /// cmdlet layer points at the assemblies that may hold providers, so a store is added without editing this file.
    /// </summary>
    public static class SyncStateStores
    {
        private static readonly object Gate = new object();
        private static readonly List<ISyncStateStoreProvider> Providers = new List<ISyncStateStoreProvider>();
        private static readonly List<Func<IEnumerable<ISyncStateStoreProvider>>> Discoverers = new List<Func<IEnumerable<ISyncStateStoreProvider>>>();

        /// <summary>Adds a provider (the first that recognises a name opens it). Registering the same type twice keeps one.</summary>
        public static void Register(ISyncStateStoreProvider provider)
        {
            if (provider is null)
            {
                throw new ArgumentNullException(nameof(provider));
            }

            lock (Gate)
            {
                if (!Providers.Any(p => p.GetType() == provider.GetType()))
                {
                    Providers.Add(provider);
                }
            }
        }

        /// <summary>
        /// A source of providers asked only when a name is not a path (so a heavy assembly is loaded only for a store that
        /// needs it): the cmdlet layer registers one that lists the public <see cref="ISyncStateStoreProvider"/> types of
        /// CalendarSharing.Online.
        /// </summary>
        public static void Discover(Func<IEnumerable<ISyncStateStoreProvider>> discoverer)
        {
            if (discoverer is null)
            {
                throw new ArgumentNullException(nameof(discoverer));
            }

            lock (Gate)
            {
                Discoverers.Add(discoverer);
            }
        }

        /// <summary>True when <paramref name="spec"/> is not a folder path: a URI with a scheme or a storage connection string.</summary>
        public static bool LooksRemote(string spec)
        {
            var s = spec.Trim();
            return s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                || s.IndexOf("AccountName=", StringComparison.OrdinalIgnoreCase) >= 0
                || s.IndexOf("UseDevelopmentStorage=", StringComparison.OrdinalIgnoreCase) >= 0
                || s.IndexOf("TableEndpoint=", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        /// <summary>
        /// The store <paramref name="spec"/> names (null or empty = the folder beside <see cref="SyncStateStoreContext.ProfilePath"/>,
        /// or the per-user folder for ad hoc pairs).
        /// </summary>
        /// <exception cref="SyncStateStoreException">A remote name no provider opens.</exception>
        public static ISyncStateStore Open(string? spec, SyncStateStoreContext context)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            if (string.IsNullOrWhiteSpace(spec))
            {
                var folder = context.ProfilePath != null ? FileSyncStateStore.FolderFor(context.ProfilePath) : DefaultAdHocFolder();
                return new FileSyncStateStore(folder, context.Time) { Warn = context.Warn };
            }

            var name = spec!.Trim();
            var provider = Find(name, discover: false) ?? (LooksRemote(name) ? Find(name, discover: true) : null);
            if (provider != null)
            {
                return provider.Open(name, context);
            }

            if (LooksRemote(name))
            {
                throw new SyncStateStoreException(name, Texts.Format(nameof(Texts.Error_SyncStateStoreNotAvailable), Redact(name)));
            }

            // A path: relative to the profile's folder when there is a profile (so a profile moved with its state still works).
            var path = context.ProfilePath != null && !Path.IsPathRooted(name)
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(context.ProfilePath)) ?? ".", name)
                : name;
            return new FileSyncStateStore(path, context.Time) { Warn = context.Warn };
        }

        /// <summary>A store name as errors show it: a connection string's AccountKey and a URI's query (a SAS) are cut.</summary>
        public static string Redact(string spec)
        {
            var s = spec.Trim();
            var q = s.IndexOf('?');
            if (LooksRemote(s) && q >= 0 && s.IndexOf("://", StringComparison.Ordinal) > 0)
            {
                s = s.Substring(0, q) + "?…";
            }

            var parts = s.Split(';');
            for (var i = 0; i < parts.Length; i++)
            {
                var eq = parts[i].IndexOf('=');
                if (eq > 0)
                {
                    var key = parts[i].Substring(0, eq).Trim();
                    if (key.Equals("AccountKey", StringComparison.OrdinalIgnoreCase) || key.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
                    {
                        parts[i] = key + "=…";
                    }
                }
            }

            return string.Join(";", parts);
        }

        /// <summary>Ad hoc pairs (Start-CalendarSync -Source -Target): %LOCALAPPDATA%\CalendarSharing\sync or $HOME/.calendarsharing/sync.</summary>
        public static string DefaultAdHocFolder()
        {
            var windows = Path.DirectorySeparatorChar == '\\';
            var root = windows
                ? Environment.GetEnvironmentVariable("LOCALAPPDATA") ?? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.GetTempPath();
            }

            return windows ? Path.Combine(root, "CalendarSharing", "sync") : Path.Combine(root, ".calendarsharing", "sync");
        }

        private static ISyncStateStoreProvider? Find(string spec, bool discover)
        {
            List<Func<IEnumerable<ISyncStateStoreProvider>>> discoverers;
            lock (Gate)
            {
                var known = Providers.FirstOrDefault(p => p.CanOpen(spec));
                if (known != null || !discover)
                {
                    return known;
                }

                discoverers = Discoverers.ToList();
            }

            foreach (var discoverer in discoverers)
            {
                IEnumerable<ISyncStateStoreProvider> found;
                try
                {
                    found = discoverer().ToList();
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    throw new SyncStateStoreException(spec, Texts.Format(nameof(Texts.Error_SyncStateStoreNotAvailable), Redact(spec)) + " " + ex.Message, ex);
                }

                foreach (var provider in found)
                {
                    Register(provider);
                }
            }

            lock (Gate)
            {
                return Providers.FirstOrDefault(p => p.CanOpen(spec));
            }
        }
    }
}
