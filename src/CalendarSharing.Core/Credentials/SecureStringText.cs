using System;
using System.Runtime.InteropServices;
using System.Security;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>
    /// The one place a SecureString becomes a managed string: only where an API takes nothing else (a bearer token
    /// going into an Authorization header, a client secret going to Azure.Identity). Callers never keep or log it.
    /// </summary>
    public static class SecureStringText
    {
        public static string Reveal(SecureString secret)
        {
            if (secret is null)
            {
                throw new ArgumentNullException(nameof(secret));
            }

            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                if (ptr != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(ptr);
                }
            }
        }
    }
}
