using System.Threading;
using CalendarSharing.Core.Output;

namespace CalendarSharing.Core.Commands
{
    /// <summary>Counts finished rows and reports progress for runs larger than a handful of rows.</summary>
    internal sealed class ProgressReporter
    {
        private readonly IOutputSink sink;
        private readonly string activity;
        private readonly int total;
        private int done;

        public ProgressReporter(IOutputSink sink, string activity, int total)
        {
            this.sink = sink;
            this.activity = activity;
            this.total = total;
        }

        private bool Enabled => total > CalendarPermissionCommands.ProgressThreshold;

        public void Advance(int rows)
        {
            var now = Interlocked.Add(ref done, rows);
            if (Enabled)
            {
                sink.WriteProgress(new ProgressInfo(activity, $"{now} of {total} rows", now, total));
            }
        }

        public void Complete()
        {
            if (Enabled)
            {
                sink.WriteProgress(new ProgressInfo(activity, "Done", total, total, completed: true));
            }
        }
    }
}
