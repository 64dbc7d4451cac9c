using System;
using CalendarSharing.Core.Commands;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Closes connections. It changes session state only (nothing on the server), so ConfirmImpact is Low:
    /// it never prompts by default, but -WhatIf and -Confirm work as in every cmdlet that changes something.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CalendarSharing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CalendarSharingConnection))]
    public sealed class DisconnectCalendarSharingCommand : CalendarSharingCmdletBase
    {
        /// <summary>The connections to close; default: the default connection.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public CalendarSharingConnection[] Connection { get; set; } = Array.Empty<CalendarSharingConnection>();

        /// <summary>Write the closed connections to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var targets = Connection;
            if (targets.Length == 0)
            {
                var current = RunspaceConnections.Current.Default;
                if (current is null)
                {
                    // Scripts call Disconnect in finally blocks: nothing to close is not an error.
                    WriteVerbose(Messages.NoConnectionToClose);
                    return;
                }

                targets = new[] { current };
            }

            foreach (var connection in targets.Where(c => c != null))
            {
                var target = string.Format(CultureInfo.CurrentCulture, "{0} {1} as {2}", connection.Kind, connection.Endpoint, connection.UserName);
                if (!ShouldProcess(target, Messages.DisconnectAction))
                {
                    continue;
                }

                if (RunspaceConnections.Current.Remove(connection))
                {
                    WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.Disconnected, connection.Endpoint, connection.UserName));
                    if (PassThru)
                    {
                        WriteObject(connection);
                    }
                }
                else
                {
                    WriteError(ErrorRecords.From(ErrorCatalog.ConnectionNotFound(connection, connection.Endpoint, connection.UserName)));
                }
            }
        }
    }
}
