using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>Where the store lives and what it may read from the environment; tests set every part.</summary>
    public sealed class CredentialStoreOptions
    {
        /// <summary>The folder (Save-/Get-/Remove-CalendarSharingCredential -Path); null: the environment or the default.</summary>
        public string? Folder { get; set; }

        public bool IsWindows { get; set; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Reads CALENDARSHARING_CREDENTIAL_KEY, CALENDARSHARING_CREDENTIAL_PATH, HOME and LOCALAPPDATA.</summary>
        public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
    }

    /// <summary>A credential read back: the user name and the password as a read-only SecureString.</summary>
    public sealed class StoredCredential
    {
        internal StoredCredential(StoredCredentialInfo info, SecureString password)
        {
            Info = info;
            Password = password;
        }

        public StoredCredentialInfo Info { get; }

        public string UserName => Info.UserName;

        public SecureString Password { get; }

        /// <summary>Never the password.</summary>
        public override string ToString() => Info.ToString();
    }

    /// <summary>
    /// Named credentials at rest, one file per name in one folder (docs/design/credentials.md). The password is
    /// protected with DPAPI on Windows and with AES-256-CBC + HMAC-SHA256 under the key in
    /// CALENDARSHARING_CREDENTIAL_KEY elsewhere; the key is never written anywhere by this class.
    /// </summary>
    public sealed class CredentialStore
    {
        public const string KeyVariable = "CALENDARSHARING_CREDENTIAL_KEY";

        public const string PathVariable = "CALENDARSHARING_CREDENTIAL_PATH";

        private const int MaxUserNameLength = 256;

        private const int MaxFileLength = 64 * 1024;

        private readonly CredentialStoreOptions options;

        public CredentialStore(CredentialStoreOptions? options = null)
        {
            this.options = options ?? new CredentialStoreOptions();
            Folder = ResolveFolder(this.options);
            NewCredentialProtection = CredentialProtectionSelector.ForNewCredential(this.options.IsWindows);
        }

        public string Folder { get; }

        /// <summary>The protection <see cref="Save"/> uses on this platform.</summary>
        public CredentialProtection NewCredentialProtection { get; }

        /// <summary>-Path, else $env:CALENDARSHARING_CREDENTIAL_PATH, else the per-user default.</summary>
        public static string ResolveFolder(CredentialStoreOptions options)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var folder = options.Folder;
            if (string.IsNullOrWhiteSpace(folder))
            {
                folder = options.GetEnvironmentVariable(PathVariable);
            }

            if (string.IsNullOrWhiteSpace(folder))
            {
                folder = DefaultFolder(options.IsWindows, options.GetEnvironmentVariable);
            }

            return Path.GetFullPath(folder!);
        }

        /// <summary>%LOCALAPPDATA%\CalendarSharing\credentials on Windows, $HOME/.calendarsharing/credentials elsewhere.</summary>
        public static string DefaultFolder(bool isWindows, Func<string, string?> getEnvironmentVariable)
        {
            if (getEnvironmentVariable is null)
            {
                throw new ArgumentNullException(nameof(getEnvironmentVariable));
            }

            var root = isWindows
                ? First(getEnvironmentVariable("LOCALAPPDATA"), Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData))
                : First(getEnvironmentVariable("HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
            if (root is null)
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.IOError,
                    isWindows ? "There is no local application data folder (LOCALAPPDATA) for this user." : "There is no home folder (HOME) for this user.",
                    null,
                    $"Pass -Path, or set $env:{PathVariable} to the folder for stored credentials.");
            }

            return isWindows
                ? Path.Combine(root, "CalendarSharing", "credentials")
                : Path.Combine(root, ".calendarsharing", "credentials");
        }

        public bool Exists(string name)
        {
            CredentialName.Validate(name);
            return File.Exists(PathOf(name));
        }

        /// <summary>
        /// Encrypts and writes the credential. Without <paramref name="overwrite"/> an existing one is an
        /// AlreadyExists error and stays as it was. <paramref name="warning"/> hears about permissions that could
        /// not be restricted.
        /// </summary>
        public StoredCredentialInfo Save(string name, string userName, SecureString password, bool overwrite, Action<string>? warning = null)
        {
            CredentialName.Validate(name);
            ValidateUserName(name, userName);
            if (password is null)
            {
                throw new CredentialStoreException(CredentialErrorReason.InvalidInput, Texts.Format(nameof(Texts.Error_CredentialNoPassword), name), name, Texts.Advice_CredentialNoPassword);
            }

            var path = PathOf(name);
            if (!overwrite && File.Exists(path))
            {
                throw AlreadyExists(name, path);
            }

            var protector = CredentialProtectionSelector.Create(NewCredentialProtection, options);
            var file = protector.CreateHeader(name, userName, DateTimeOffset.UtcNow);
            using (var frame = PasswordFrame.FromSecureString(password))
            {
                protector.Seal(file, frame);
            }

            Guard(name, path, () =>
            {
                Write(name, path, file.ToBytes(), overwrite, warning);
                return true;
            });
            return Describe(file, path);
        }

        /// <summary>Decrypts the credential. Errors say whether the key is missing, another key, or the file damaged.</summary>
        public StoredCredential Read(string name)
        {
            var (file, path) = Load(name);
            var info = Describe(file, path);
            var protector = CredentialProtectionSelector.Create(info.Protection, options);
            using (var frame = protector.Open(file, path))
            {
                var password = PasswordFrame.ToSecureString(frame.Bytes) ?? throw CredentialFile.Corrupted(name, path, "its decrypted content is not a password");
                return new StoredCredential(info, password);
            }
        }

        /// <summary>What <see cref="Read"/> would return, without the password and without the key.</summary>
        public StoredCredentialInfo GetInfo(string name)
        {
            var (file, path) = Load(name);
            return Describe(file, path);
        }

        /// <summary>Every credential in the folder, by name; files that cannot be read go to <paramref name="unreadable"/>.</summary>
        public IReadOnlyList<StoredCredentialInfo> List(out IReadOnlyList<CredentialStoreException> unreadable)
        {
            var found = new List<StoredCredentialInfo>();
            var failed = new List<CredentialStoreException>();
            unreadable = failed;
            if (!Directory.Exists(Folder))
            {
                return found;
            }

            var files = Guard(null, Folder, () => Directory.GetFiles(Folder, "*" + CredentialName.FileExtension));
            foreach (var path in files)
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (!CredentialName.IsValid(name))
                {
                    continue; // a temporary file of a save in progress, or not ours
                }

                try
                {
                    found.Add(GetInfo(name));
                }
                catch (CredentialStoreException ex)
                {
                    failed.Add(ex);
                }
            }

            found.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name));
            failed.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.CredentialName, b.CredentialName));
            return found;
        }

        /// <summary>Deletes the credential's file; NotFound when there is none.</summary>
        public void Remove(string name)
        {
            CredentialName.Validate(name);
            var path = PathOf(name);
            if (!File.Exists(path))
            {
                throw NotFound(name);
            }

            Guard(name, path, () =>
            {
                File.Delete(path);
                return true;
            });
        }

        /// <summary>The file of a (valid) name.</summary>
        public string PathOf(string name) => Path.Combine(Folder, CredentialName.ToFileName(name));

        internal CredentialStoreException NotFound(string name) =>
            new CredentialStoreException(
                CredentialErrorReason.NotFound,
                $"There is no stored credential named '{name}' in {Folder}.",
                name,
                "Get-CalendarSharingCredential lists the saved names; Save-CalendarSharingCredential saves one.");

        private (CredentialFile File, string Path) Load(string name)
        {
            CredentialName.Validate(name);
            var path = PathOf(name);
            var bytes = Guard(name, path, () =>
            {
                if (!File.Exists(path))
                {
                    throw NotFound(name);
                }

                var info = new FileInfo(path);
                if (info.Length > MaxFileLength)
                {
                    throw CredentialFile.Corrupted(name, path, "it is far larger than a credential file");
                }

                return File.ReadAllBytes(path);
            });
            return (CredentialFile.Parse(bytes, name, path), path);
        }

        private void Write(string name, string path, byte[] content, bool overwrite, Action<string>? warning)
        {
            if (!Directory.Exists(Folder))
            {
                Directory.CreateDirectory(Folder);
                if (!options.IsWindows && !UnixPermissions.TrySet(Folder, UnixPermissions.OwnerAll))
                {
                    warning?.Invoke(Texts.Format(nameof(Texts.Warning_CredentialFolderNotRestricted), Folder));
                }
            }

            // Written beside the target and renamed over it, so a reader never sees half a file. The temporary
            // name is not a valid credential name (leading dot), so listings skip it.
            var temporary = Path.Combine(Folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    if (!options.IsWindows && !UnixPermissions.TrySet(temporary, UnixPermissions.OwnerReadWrite))
                    {
                        warning?.Invoke(Texts.Format(nameof(Texts.Warning_CredentialFileNotRestricted), path));
                    }

                    stream.Write(content, 0, content.Length);
                    stream.Flush(flushToDisk: true);
                }

                if (File.Exists(path))
                {
                    if (!overwrite)
                    {
                        throw AlreadyExists(name, path);
                    }

                    File.Replace(temporary, path, destinationBackupFileName: null);
                }
                else
                {
                    try
                    {
                        File.Move(temporary, path);
                    }
                    catch (IOException) when (File.Exists(path))
                    {
                        // Another save won the race.
                        if (!overwrite)
                        {
                            throw AlreadyExists(name, path);
                        }

                        File.Replace(temporary, path, destinationBackupFileName: null);
                    }
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        private static T Guard<T>(string? name, string path, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.AccessDenied,
                    $"Access to {path} was denied{(name is null ? string.Empty : $" (stored credential '{name}')")}.",
                    name,
                    "Check the permissions of the folder and the file, or use another folder with -Path.",
                    ex);
            }
            catch (IOException ex)
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.IOError,
                    $"Could not use {path}{(name is null ? string.Empty : $" (stored credential '{name}')")}: {ex.Message}",
                    name,
                    "Check that the folder exists and is writable, or use another folder with -Path.",
                    ex);
            }
        }

        private static void ValidateUserName(string name, string? userName)
        {
            if (string.IsNullOrWhiteSpace(userName))
            {
                throw new CredentialStoreException(CredentialErrorReason.InvalidInput, Texts.Format(nameof(Texts.Error_CredentialNoUserName), name), name, Texts.Advice_CredentialNoUserName);
            }

            if (userName!.Length > MaxUserNameLength || userName.Any(char.IsControl) || userName.Trim().Length != userName.Length)
            {
                throw new CredentialStoreException(
                    CredentialErrorReason.InvalidInput,
                    $"The user name of the credential '{name}' has control characters, surrounding spaces or more than {MaxUserNameLength} characters.",
                    name,
                    "Give the account as alice@contoso.com or CONTOSO\\alice.");
            }
        }

        private static StoredCredentialInfo Describe(CredentialFile file, string path) =>
            new StoredCredentialInfo(
                file.Name,
                file.UserName,
                CredentialProtectionSelector.FromScheme(file.Scheme) ?? throw UnknownScheme(file, path),
                file.Created,
                path);

        private static CredentialStoreException UnknownScheme(CredentialFile file, string path) =>
            new CredentialStoreException(
                CredentialErrorReason.UnsupportedFormat,
                $"The stored credential '{file.Name}' ({path}) is protected with '{file.Scheme}', which this version of the module does not know.",
                file.Name,
                "Update the CalendarSharing module, or save the credential again with this version.");

        private static CredentialStoreException AlreadyExists(string name, string path) =>
            new CredentialStoreException(
                CredentialErrorReason.AlreadyExists,
                $"A credential named '{name}' is already stored ({path}); it was not changed.",
                name,
                "Add -Force to replace it, or choose another -Name.");

        private static string? First(string? a, string? b) =>
            !string.IsNullOrWhiteSpace(a) ? a : !string.IsNullOrWhiteSpace(b) ? b : null;
    }
}
