using System.Management.Automation;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>Lists the open connections of this session, or only the default one.</summary>
    [Cmdlet(VerbsCommon.Get, "CalendarSharingConnection")]
    [OutputType(typeof(CalendarSharingConnection))]
    public sealed class GetCalendarSharingConnectionCommand : CalendarSharingCmdletBase
    {
        /// <summary>Only the connection the other cmdlets use when -Connection is not given.</summary>
        [Parameter]
        public SwitchParameter Default { get; set; }

        protected override void EndProcessing()
        {
            if (Default)
            {
                var current = ConnectionRegistry.Default;
                if (current != null)
                {
                    WriteObject(current);
                }

                return;
            }

            foreach (var connection in ConnectionRegistry.All)
            {
                WriteObject(connection);
            }
        }
    }
}
