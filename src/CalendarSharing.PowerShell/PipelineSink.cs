using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Output;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// The engine's view of a running cmdlet. Every call from any thread only enqueues; the pipeline thread
    /// runs the queue (RunEngine), so no Write* ever happens off that thread (PSScriptAnalyzer #496).
    /// ShouldProcess blocks the calling worker until the pipeline thread has answered.
    /// </summary>
    internal sealed class PipelineSink : IOutputSink
    {
        private readonly BlockingCollection<Action> queue = new BlockingCollection<Action>();
        private readonly CalendarSharingCmdletBase cmdlet;
        private readonly CancellationToken cancellationToken;

        public PipelineSink(CalendarSharingCmdletBase cmdlet, CancellationToken cancellationToken)
        {
            this.cmdlet = cmdlet;
            this.cancellationToken = cancellationToken;
        }

        public void WriteObject(object item) => Post(() => cmdlet.WriteObject(item));

        public void WriteError(OperationError error)
        {
            if (error is null)
            {
                throw new ArgumentNullException(nameof(error));
            }

            Post(() => cmdlet.WriteError(ErrorRecords.From(error)));
        }

        public void WriteWarning(string message) => Post(() => cmdlet.WriteWarning(message));

        public void WriteVerbose(string message) => Post(() => cmdlet.WriteVerbose(message));

        public void WriteDebug(string message) => Post(() => cmdlet.WriteDebug(message));

        public void WriteProgress(ProgressInfo progress) => Post(() => cmdlet.ShowProgress(progress));

        public bool ShouldProcess(string target, string action)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var posted = Post(() =>
            {
                try
                {
                    answer.TrySetResult(cmdlet.ConfirmChange(target, action));
                }
                catch (Exception ex)
                {
                    // PipelineStoppedException (Ctrl+C at the prompt) and the like: the worker stops too,
                    // and the pipeline thread rethrows so PowerShell reports it.
                    answer.TrySetException(ex);
                    throw;
                }
            });

            if (!posted)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            using (cancellationToken.Register(() => answer.TrySetCanceled()))
            {
                return answer.Task.GetAwaiter().GetResult();
            }
        }

        /// <summary>Runs queued actions on the calling (pipeline) thread until <see cref="Complete"/>.</summary>
        public void Drain()
        {
            foreach (var action in queue.GetConsumingEnumerable())
            {
                action();
            }
        }

        public void Complete()
        {
            try
            {
                queue.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private bool Post(Action action)
        {
            try
            {
                queue.Add(action);
                return true;
            }
            catch (InvalidOperationException)
            {
                // Completed: the cmdlet has finished or is stopping; late output has nowhere to go.
                return false;
            }
        }
    }

    /// <summary>
    /// Routes the transports' -Debug lines (EwsConnectionOptions.Trace, set once per connection) to whichever
    /// command is running the request now. AsyncLocal flows from RunEngine's worker into every await of it.
    /// </summary>
    internal static class DebugTrace
    {
        private static readonly AsyncLocal<IOutputSink?> CurrentSink = new AsyncLocal<IOutputSink?>();

        public static IOutputSink? Current
        {
            get => CurrentSink.Value;
            set => CurrentSink.Value = value;
        }

        public static void Write(string line) => CurrentSink.Value?.WriteDebug(line);
    }
}
