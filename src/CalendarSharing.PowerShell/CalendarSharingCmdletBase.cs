using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Output;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// What every cmdlet of the module shares (STYLE.md items 2, 8, 9, 11): an eagerly created
    /// CancellationTokenSource (cancelled in StopProcessing, disposed in Dispose, because EndProcessing does
    /// not run when the pipeline stops), the async pump that runs the engine on the thread pool and performs
    /// every Write*, ShouldProcess and progress call on the pipeline thread, and throttled progress.
    /// Pattern: jborean93/PwshAsync PSAsyncCmdletBase, jborean93/PSOpenAD OpenADSessionCmdletBase.
    /// </summary>
    /// <remarks>
    /// Members that mention Core types are internal on purpose: PowerShell reflects over this assembly's
    /// public surface before the module initializer has made Core loadable.
    /// </remarks>
    public abstract class CalendarSharingCmdletBase : PSCmdlet, IDisposable
    {
        /// <summary>Bulk runs of up to this many items finish before progress would be worth showing.</summary>
        private const int ProgressThreshold = 5;

        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();
        private readonly Stopwatch progressClock = new Stopwatch();
        private ProgressRecord? progress;
        private TimeSpan lastProgressWrite;
        private bool disposed;

        internal CancellationToken CancellationToken => cancellation.Token;

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (!disposed && disposing)
            {
                cancellation.Dispose();
            }

            disposed = true;
        }

        /// <summary>Ctrl+C, Select-Object -First, a stopped runspace: cancel the engine; it ends quietly.</summary>
        protected override void StopProcessing()
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished and disposed.
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool and drains what it reports on this (the pipeline)
        /// thread until it finishes. Cancellation while stopping is a quiet stop; any other exception of the
        /// engine is rethrown for the caller to turn into the right error.
        /// </summary>
        internal void RunEngine(Func<IOutputSink, CancellationToken, Task> work)
        {
            var token = cancellation.Token;
            var sink = new PipelineSink(this, token);
            progressClock.Restart();
            lastProgressWrite = TimeSpan.Zero;

            // Task.Run: the engine never runs on the pipeline thread, so no SynchronizationContext of a host
            // can deadlock its awaits (dotnet/runtime #57104).
            var task = Task.Run(
                () =>
                {
                    DebugTrace.Current = sink;
                    return work(sink, token);
                },
                token);
            task.ContinueWith(_ => sink.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            try
            {
                sink.Drain();
            }
            catch
            {
                // The pipeline thread failed (stopped while writing, a prompt was refused with Suspend…): the
                // worker may be waiting for an answer, so cancel it and let it end on its own.
                StopProcessing();
                sink.Complete();
                ((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(2));
                throw;
            }
            finally
            {
                CompleteProgress();
            }

            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Quiet stop: PowerShell reports the stopped pipeline itself.
            }
        }

        /// <summary>True when the parameter was given on the command line or bound from the pipeline (not left at its default).</summary>
        internal bool Given(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>The answer to the engine's ShouldProcess, asked on the pipeline thread.</summary>
        internal virtual bool ConfirmChange(string target, string action) => ShouldProcess(target, action);

        /// <summary>
        /// For the removing cmdlets' -Force: skips the High-impact prompt, but -WhatIf still only reports and an
        /// explicit -Confirm still asks.
        /// </summary>
        internal bool ConfirmUnlessForced(bool force, string target, string action)
        {
            if (!force || Given("Confirm") || IsWhatIf())
            {
                return ShouldProcess(target, action);
            }

            WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.ForceConfirmed, action, target));
            return true;
        }

        /// <summary>True under -WhatIf, given on the command line or through $WhatIfPreference.</summary>
        internal bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value))
            {
                return value is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(value);
            }

            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        /// <summary>One ProgressRecord, updated at most every 200 ms, only for more than a handful of items.</summary>
        internal void ShowProgress(ProgressInfo info)
        {
            if (Stopping)
            {
                return;
            }

            if (info.Completed)
            {
                CompleteProgress();
                return;
            }

            if (info.Total <= ProgressThreshold)
            {
                return;
            }

            var now = progressClock.Elapsed;
            if (now - lastProgressWrite < ProgressInterval)
            {
                return;
            }

            var status = string.IsNullOrWhiteSpace(info.Status)
                ? string.Format(CultureInfo.CurrentCulture, Messages.ProgressStatus, info.Done, info.Total)
                : info.Status;
            if (progress is null)
            {
                progress = new ProgressRecord(ProgressActivityId, info.Activity, status);
            }
            else
            {
                progress.Activity = info.Activity;
                progress.StatusDescription = status;
            }

            progress.PercentComplete = info.PercentComplete;
            WriteProgress(progress);
            lastProgressWrite = now;
        }

        /// <summary>Stable per cmdlet, so nested CalendarSharing commands do not overwrite each other's bar.</summary>
        private int ProgressActivityId => Math.Abs(GetType().Name.GetHashCode() % 100000) + 1;

        private void CompleteProgress()
        {
            if (progress is null)
            {
                return;
            }

            var record = progress;
            progress = null;
            if (!Stopping)
            {
                record.RecordType = ProgressRecordType.Completed;
                record.PercentComplete = 100;
                WriteProgress(record);
            }
        }
    }
}
