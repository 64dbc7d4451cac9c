using System.Management.Automation;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// A cmdlet that collects rows from the pipeline (CSV rows, objects of other cmdlets) and numbers them as the input
    /// numbers them, so an error names the row the admin sees in the file.
    /// </summary>
    public abstract class PipelineRowsCmdletBase : CalendarSharingConnectedCmdletBase
    {
        private PSObject? inputObject;
        private int pipelineRows;

        /// <summary>The pipeline object itself (a CSV row, an object of another cmdlet), kept as the target of any error about it. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject
        {
            get => inputObject;
            set
            {
                // PowerShell binds the pipeline object here before it checks the row's mandatory parameters, and
                // resets it to null between records; counting here keeps row numbers on the input rows even when
                // a row fails to bind and never reaches ProcessRecord.
                inputObject = value;
                if (value != null)
                {
                    pipelineRows++;
                }
            }
        }

        /// <summary>The 1-based position of the current pipeline object among the objects bound so far.</summary>
        internal int PipelineRow => pipelineRows;

        /// <summary>The current row's number: its pipeline position, or (parameters typed) the next after <paramref name="collected"/>.</summary>
        internal int RowNumber(int collected) => InputObject != null ? pipelineRows : collected + 1;
    }
}
