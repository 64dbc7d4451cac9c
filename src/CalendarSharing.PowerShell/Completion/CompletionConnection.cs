using System;
using System.Collections;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.PowerShell.Completion
{
    /// <summary>
    /// The one place completers find a backend: the -Connection already on the command line, else the default
    /// connection of this runspace, through the same per-runspace registry the cmdlets use (completers run on the
    /// runspace's pipeline thread). Null when there is no connection; never throws.
    /// </summary>
    internal static class CompletionConnection
    {
        public static (Guid Key, ICalendarBackend? Backend) Find(IDictionary? fakeBoundParameters)
        {
            try
            {
                var connection = fakeBoundParameters?["Connection"] as CalendarSharingConnection
                    ?? (fakeBoundParameters?["Connection"] as System.Management.Automation.PSObject)?.BaseObject as CalendarSharingConnection
                    ?? RunspaceConnections.Current.Default;
                if (connection is null)
                {
                    return (Guid.Empty, null);
                }

                return (connection.Id, RunspaceConnections.Current.GetBackend(connection));
            }
            catch (Exception)
            {
                return (Guid.Empty, null);
            }
        }
    }
}
