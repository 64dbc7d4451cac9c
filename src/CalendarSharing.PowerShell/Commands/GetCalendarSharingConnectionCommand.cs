using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>Lists the open connections of this runspace, or only the default one.</summary>
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
                var current = RunspaceConnections.Current.Default;
                if (current != null)
                {
                    WriteObject(current);
                }

                return;
            }

            foreach (var connection in RunspaceConnections.Current.All)
            {
                WriteObject(connection);
            }
        }
    }
}
