using System;
using System.Collections;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>
    /// The one place completers find a backend: the -Connection already on the command line, else the default
    /// connection, through the same registry the cmdlets use. Null when there is no connection; never throws.
    /// </summary>
    internal static class CompletionConnection
    {
        public static (Guid Key, ICalendarBackend? Backend) Find(IDictionary? fakeBoundParameters)
        {
            try
            {
                var connection = fakeBoundParameters?["Connection"] as CalendarSharingConnection
                    ?? (fakeBoundParameters?["Connection"] as System.Management.Automation.PSObject)?.BaseObject as CalendarSharingConnection
                    ?? ConnectionRegistry.Default;
                if (connection is null)
                {
                    return (Guid.Empty, null);
                }

                return (connection.Id, ConnectionRegistry.GetBackend(connection));
            }
            catch (Exception)
            {
                return (Guid.Empty, null);
            }
        }
    }
}
