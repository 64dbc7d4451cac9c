using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>
    /// What Save-, Get- and Remove-CalendarSharingCredential do, reported through the sink: one error per name
    /// that fails, the others still run; -WhatIf/-Confirm asked once the target (and whether it would be
    /// overwritten) is known.
    /// </summary>
    public sealed class CredentialCommands
    {
        private readonly CredentialStore store;

        public CredentialCommands(CredentialStore store)
        {
            this.store = store ?? throw new ArgumentNullException(nameof(store));
        }

        public CredentialStore Store => store;

        public void Save(string name, string userName, SecureString password, bool force, bool passThru, IOutputSink sink)
        {
            if (sink is null)
            {
                throw new ArgumentNullException(nameof(sink));
            }

            try
            {
                var exists = store.Exists(name);
                if (exists && !force)
                {
                    // Refused before asking: -WhatIf must not suggest that the save would happen.
                    store.Save(name, userName, password, overwrite: false);
                    return;
                }

                var target = Texts.Format(nameof(Texts.Target_StoredCredential), name, userName, store.Folder);
                var action = exists
                    ? Texts.Format(nameof(Texts.ShouldProcess_ReplaceCredential), Describe(store.NewCredentialProtection))
                    : Texts.Format(nameof(Texts.ShouldProcess_SaveCredential), Describe(store.NewCredentialProtection));
                if (!sink.ShouldProcess(target, action))
                {
                    return;
                }

                var info = store.Save(name, userName, password, overwrite: force, warning: sink.WriteWarning);
                sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_CredentialSaved), info.Name, info.UserName, info.Path, Describe(info.Protection)));
                if (passThru)
                {
                    sink.WriteObject(info);
                }
            }
            catch (CredentialStoreException ex)
            {
                sink.WriteError(ex.ToOperationError(name));
            }
        }

        /// <summary>
        /// The credentials whose names match any of <paramref name="names"/> (wildcards * and ?), or all of them.
        /// A name without wildcards that matches nothing is an error, as Get-Item reports one.
        /// </summary>
        public void List(IReadOnlyList<string> names, IOutputSink sink)
        {
            if (sink is null)
            {
                throw new ArgumentNullException(nameof(sink));
            }

            var patterns = new List<System.Text.RegularExpressions.Regex>();
            var exact = new List<string>();
            foreach (var name in names ?? Array.Empty<string>())
            {
                if (CredentialName.HasWildcard(name))
                {
                    patterns.Add(CredentialName.ToPattern(name));
                    continue;
                }

                try
                {
                    CredentialName.Validate(name);
                    exact.Add(name);
                }
                catch (CredentialStoreException ex)
                {
                    sink.WriteError(ex.ToOperationError(name));
                }
            }

            var all = names is null || names.Count == 0;
            if (!all && patterns.Count == 0 && exact.Count == 0)
            {
                return;
            }

            IReadOnlyList<StoredCredentialInfo> found;
            IReadOnlyList<CredentialStoreException> unreadable;
            try
            {
                found = store.List(out unreadable);
            }
            catch (CredentialStoreException ex)
            {
                sink.WriteError(ex.ToOperationError(store.Folder));
                return;
            }

            bool Wanted(string name) =>
                all || exact.Any(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase)) || patterns.Any(p => p.IsMatch(name));

            foreach (var failure in unreadable.Where(f => f.CredentialName != null && Wanted(f.CredentialName)))
            {
                sink.WriteError(failure.ToOperationError());
            }

            foreach (var info in found.Where(i => Wanted(i.Name)))
            {
                sink.WriteObject(info);
            }

            foreach (var name in exact)
            {
                var known = found.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))
                    || unreadable.Any(f => string.Equals(f.CredentialName, name, StringComparison.OrdinalIgnoreCase));
                if (!known)
                {
                    sink.WriteError(store.NotFound(name).ToOperationError());
                }
            }
        }

        /// <summary>
        /// Decrypts one credential and writes <paramref name="wrap"/>(user name, password): the cmdlet turns it into
        /// a PSCredential, so the engine never sees a PowerShell type and the password never becomes a string.
        /// </summary>
        public void GetCredential(string name, Func<string, SecureString, object> wrap, IOutputSink sink)
        {
            if (wrap is null)
            {
                throw new ArgumentNullException(nameof(wrap));
            }

            if (sink is null)
            {
                throw new ArgumentNullException(nameof(sink));
            }

            try
            {
                var credential = store.Read(name);
                sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_CredentialRead), credential.Info.Name, credential.UserName, credential.Info.Path, Describe(credential.Info.Protection)));
                sink.WriteObject(wrap(credential.UserName, credential.Password));
            }
            catch (CredentialStoreException ex)
            {
                sink.WriteError(ex.ToOperationError(name));
            }
        }

        /// <summary>
        /// Deletes each named credential after ShouldProcess; a damaged file can still be removed (with -PassThru it
        /// writes nothing for it, having nothing readable to describe).
        /// </summary>
        public void Remove(IReadOnlyList<string> names, bool passThru, IOutputSink sink)
        {
            if (sink is null)
            {
                throw new ArgumentNullException(nameof(sink));
            }

            foreach (var name in names ?? Array.Empty<string>())
            {
                try
                {
                    if (!store.Exists(name))
                    {
                        throw store.NotFound(name);
                    }

                    StoredCredentialInfo? info;
                    try
                    {
                        info = store.GetInfo(name);
                    }
                    catch (CredentialStoreException)
                    {
                        info = null;
                    }

                    var who = info?.UserName ?? "unreadable";
                    if (!sink.ShouldProcess(Texts.Format(nameof(Texts.Target_StoredCredential), name, who, store.Folder), Texts.ShouldProcess_RemoveCredential))
                    {
                        continue;
                    }

                    store.Remove(name);
                    sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_CredentialRemoved), name, store.PathOf(name)));
                    if (passThru && info != null)
                    {
                        sink.WriteObject(info);
                    }
                }
                catch (CredentialStoreException ex)
                {
                    sink.WriteError(ex.ToOperationError(name));
                }
            }
        }

        public static string Describe(CredentialProtection protection) =>
            protection == CredentialProtection.Dpapi
                ? "Windows DPAPI for the current user"
                : $"AES-256 and HMAC-SHA256 under the key in $env:{CredentialStore.KeyVariable}";
    }
}
