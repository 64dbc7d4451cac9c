using System;
using System.IO;
using System.Runtime.InteropServices;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Which NTLM this process uses on Linux and macOS. .NET there goes through GSSAPI, which can do NTLM only with the
    /// gss-ntlmssp plug-in registered (macOS's own GSS.framework NTLM is broken for NTLMv2 with MIC,
    /// dotnet/runtime#887). .NET 8+ also ships a managed NTLM and SPNEGO, chosen by the AppContext switch
    /// <c>System.Net.Security.UseManagedNtlm</c> (.NET 9's _UseManagedNtlm project property is no use to a module loaded
    /// into pwsh; .NET 10.0.12 does not read it from a DOTNET_ environment variable: observed). The switch is read once per process,
    /// at the first NTLM or Negotiate handshake, so it is decided before our first request:
    /// <list type="bullet">
    /// <item>gss-ntlmssp registered: the switch is left off. .NET 10's managed SPNEGO then offers Kerberos first, MIT
    /// GSSAPI answers GSS_S_NO_CRED (UnknownCredentials) and the managed code gives up instead of falling back to NTLM,
    /// so Negotiate sends no token and the server's 401 stands (dotnet/runtime#122895; fixed by dotnet/runtime#131195,
    /// not in the .NET 10.0 runtime). The native GSSAPI SPNEGO falls back to gss-ntlmssp correctly.</item>
    /// <item>not registered: the switch is turned on. Native GSSAPI has no NTLM at all then (NTLM is Unsupported,
    /// Negotiate UnknownCredentials), and the managed SPNEGO offers only NTLM, which works.</item>
    /// </list>
    /// "Registered" is what MIT krb5's mechglue reads: $GSS_MECH_CONFIG alone when set (even empty), else /etc/gss/mech and
    /// /etc/gss/mech.d/*.conf; a line naming OID 1.3.6.1.4.1.311.2.2.10 whose shared library exists. Windows has SSPI
    /// and is left alone; a value the host already chose (the switch, e.g. in pwsh.runtimeconfig.json) is respected. On .NET
    /// Framework and before .NET 8 the switch is unknown and harmless.
    /// </summary>
    internal static class ManagedNtlm
    {
        public const string SwitchName = "System.Net.Security.UseManagedNtlm";

        /// <summary>The GSSAPI mechanism OID of NTLMSSP ([MS-NLMP] 1.9).</summary>
        public const string NtlmSspOid = "1.3.6.1.4.1.311.2.2.10";

        /// <summary>True when this process's NTLM is the managed one (the switch is on and we are not on Windows).</summary>
        public static bool InUse => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && AppContext.TryGetSwitch(SwitchName, out var on) && on;

        public static void EnsureWhereNeeded()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || AppContext.TryGetSwitch(SwitchName, out _))
            {
                return;
            }

            if (!RuntimeInformation.IsOSPlatform(OSPlatform.OSX) && GssNtlmSspRegistered(Environment.GetEnvironmentVariable("GSS_MECH_CONFIG")))
            {
                return; // native GSSAPI + gss-ntlmssp: the platform default (off) is the one that works, see above
            }

            AppContext.SetSwitch(SwitchName, true);
        }

        /// <summary>
        /// Whether MIT GSSAPI would load gss-ntlmssp: <paramref name="mechConfig"/> ($GSS_MECH_CONFIG) replaces the
        /// system files when set; <paramref name="systemRoot"/> is "/" except in tests.
        /// </summary>
        internal static bool GssNtlmSspRegistered(string? mechConfig, string systemRoot = "/")
        {
            if (mechConfig != null)
            {
                // Set, even to "", it is the only file MIT reads (an empty value hides every plug-in: observed).
                return mechConfig.Length > 0 && FileRegistersNtlmSsp(mechConfig);
            }

            var gss = Path.Combine(systemRoot, "etc", "gss");
            if (FileRegistersNtlmSsp(Path.Combine(gss, "mech")))
            {
                return true;
            }

            var directory = Path.Combine(gss, "mech.d");
            try
            {
                if (Directory.Exists(directory))
                {
                    foreach (var file in Directory.GetFiles(directory, "*.conf"))
                    {
                        if (FileRegistersNtlmSsp(file))
                        {
                            return true;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }

            return false;
        }

        /// <summary>A mech file line is "name oid library [options]"; '#' starts a comment; a relative library is looked up by GSSAPI itself.</summary>
        private static bool FileRegistersNtlmSsp(string path)
        {
            string[] lines;
            try
            {
                if (!File.Exists(path))
                {
                    return false;
                }

                lines = File.ReadAllLines(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }

            foreach (var raw in lines)
            {
                var hash = raw.IndexOf('#');
                var line = hash >= 0 ? raw.Substring(0, hash) : raw;
                var fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 3 && fields[1] == NtlmSspOid && (!Path.IsPathRooted(fields[2]) || File.Exists(fields[2])))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
