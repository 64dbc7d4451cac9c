using System;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Until the connection registry throws <see cref="NotConnectedException"/> itself, its plain InvalidOperationException
    /// ("no connection" / "closed") is turned into the typed one here, in one place, so the cmdlet bases catch only the
    /// typed exceptions. Delete this file when ConnectionRegistry throws NotConnectedException.
    /// </summary>
    internal static class RegistryBridge
    {
        public static T Typed<T>(Func<T> get, bool connectionGiven)
        {
            try
            {
                return get();
            }
            catch (InvalidOperationException ex) when (ex.GetType() == typeof(InvalidOperationException))
            {
                throw new NotConnectedException(ex.Message, closed: connectionGiven);
            }
        }
    }
}
