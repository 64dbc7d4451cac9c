using System;
using System.IO;
using System.Reflection;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>
    /// chmod for netstandard2.0: File.SetUnixFileMode exists from .NET 7 on (PowerShell 7.4+), found by
    /// reflection; on older runtimes the folder's own permissions are all there is, and the caller warns.
    /// </summary>
    internal static class UnixPermissions
    {
        public const int OwnerReadWrite = 0x180; // 0600

        public const int OwnerAll = 0x1C0; // 0700

        private static readonly Type? ModeType = Type.GetType("System.IO.UnixFileMode", throwOnError: false);

        private static readonly MethodInfo? SetMode = ModeType is null
            ? null
            : typeof(File).GetMethod("SetUnixFileMode", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), ModeType }, null);

        private static readonly MethodInfo? GetMode = typeof(File).GetMethod("GetUnixFileMode", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null);

        /// <summary>True when the mode was set; false when this runtime cannot set it.</summary>
        public static bool TrySet(string path, int mode)
        {
            if (SetMode is null || ModeType is null)
            {
                return false;
            }

            try
            {
                SetMode.Invoke(null, new[] { path, Enum.ToObject(ModeType, mode) });
                return true;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is IOException || ex.InnerException is UnauthorizedAccessException || ex.InnerException is PlatformNotSupportedException)
            {
                return false;
            }
        }

        /// <summary>The permission bits, when this runtime can read them.</summary>
        public static int? TryGet(string path)
        {
            if (GetMode is null)
            {
                return null;
            }

            try
            {
                return Convert.ToInt32(GetMode.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }
    }
}
