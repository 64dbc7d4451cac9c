using System;
using System.Runtime.InteropServices;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// NTLM on Linux and macOS. .NET there goes through GSSAPI, which needs the gss-ntlmssp plug-in (rarely installed;
    /// macOS's own is broken for NTLMv2 with MIC, dotnet/runtime#887). .NET 8+ ships a managed NTLM, switched on by the
    /// AppContext switch <c>System.Net.Security.UseManagedNtlm</c> (.NET 9 also offers the _UseManagedNtlm project
    /// property, which a module loaded into pwsh cannot use). The switch is read once per process, at the first NTLM or
    /// Negotiate handshake, so it is set before our first request. Windows has SSPI and is left alone; a value the host
    /// already chose (for example false, to use gss-ntlmssp and Kerberos through GSSAPI) is respected. On .NET
    /// Framework and before .NET 8 the switch is unknown and harmless.
    /// </summary>
    internal static class ManagedNtlm
    {
        public const string SwitchName = "System.Net.Security.UseManagedNtlm";

        /// <summary>True when this process's NTLM is the managed one (the switch is on and we are not on Windows).</summary>
        public static bool InUse => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && AppContext.TryGetSwitch(SwitchName, out var on) && on;

        public static void EnsureWhereNeeded()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || AppContext.TryGetSwitch(SwitchName, out _))
            {
                return;
            }

            AppContext.SetSwitch(SwitchName, true);
        }
    }
}
