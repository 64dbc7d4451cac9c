using System;
using System.Management.Automation;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that work on calendars: owns -Connection (default: the connection made last).
    /// Connect-, Disconnect- and Get-CalendarSharingConnection derive from <see cref="CalendarSharingCmdletBase"/>
    /// instead, because for them a -Connection "to work through" means nothing.
    /// </summary>
    public abstract class CalendarSharingConnectedCmdletBase : CalendarSharingCmdletBase
    {
        /// <summary>The connection to use; default: the connection made by the last Connect-CalendarSharing.</summary>
        [Parameter]
        [ValidateNotNull]
        public CalendarSharingConnection? Connection { get; set; }

        /// <summary>Fails early, before any pipeline input is read, when there is nothing to work through.</summary>
        protected override void BeginProcessing()
        {
            ResolveBackend();
        }

        /// <summary>The backend of -Connection or of the default connection; a terminating error when there is none.</summary>
        internal ICalendarBackend ResolveBackend()
        {
            try
            {
                return ConnectionRegistry.GetBackend(Connection);
            }
            catch (InvalidOperationException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    Connection is null ? "NotConnected" : "ConnectionClosed",
                    ErrorCategory.ConnectionError,
                    ex.Message,
                    Connection,
                    Messages.NotConnectedAction,
                    ex));
                throw; // not reached: ThrowTerminatingError always throws.
            }
        }
    }
}
