using System;

namespace CalendarSharing.Core.Output
{
    /// <summary>
    /// How the engine reports. The cmdlet base class implements it by queueing each call to the
    /// pipeline thread; tests implement it by recording. Safe to call from any thread.
    /// </summary>
    public interface IOutputSink
    {
        void WriteObject(object item);

        void WriteError(OperationError error);

        void WriteWarning(string message);

        void WriteVerbose(string message);

        void WriteDebug(string message);

        void WriteProgress(ProgressInfo progress);

        /// <summary>Asks -WhatIf / -Confirm. Blocks until the pipeline thread answers.</summary>
        bool ShouldProcess(string target, string action);
    }

    /// <summary>Progress of a bulk operation. One activity per command; Completed ends it.</summary>
    public sealed class ProgressInfo
    {
        public ProgressInfo(string activity, string status, int done, int total, bool completed = false)
        {
            Activity = activity;
            Status = status;
            Done = done;
            Total = total;
            Completed = completed;
        }

        public string Activity { get; }

        public string Status { get; }

        public int Done { get; }

        public int Total { get; }

        public bool Completed { get; }

        public int PercentComplete => Total <= 0 ? 0 : Math.Min(100, (int)(100L * Done / Total));
    }

    /// <summary>Mirrors the ErrorCategory values the engine uses, so Core needs no PowerShell reference.</summary>
    public enum ErrorKind
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        PermissionDenied,
        LimitsExceeded,
        ResourceUnavailable,
        ResourceBusy,
        ConnectionError,
        AuthenticationError,
        OperationStopped,
        InvalidOperation,
        NotImplemented,
        ProtocolError,
        SecurityError,
        WriteError,
        ReadError,
        ResourceExists,
    }

    /// <summary>Everything an ErrorRecord needs: stable id, category, target, message and what to do.</summary>
    public sealed class OperationError
    {
        public OperationError(string errorId, ErrorKind kind, string message, object? target, string? recommendedAction = null, Exception? exception = null)
        {
            ErrorId = errorId;
            Kind = kind;
            Message = message;
            Target = target;
            RecommendedAction = recommendedAction;
            Exception = exception;
        }

        /// <summary>Stable and specific, e.g. "MailboxNotFound", "InvalidRole".</summary>
        public string ErrorId { get; }

        public ErrorKind Kind { get; }

        /// <summary>Names the row, the mailbox and the problem. Never holds a secret.</summary>
        public string Message { get; }

        /// <summary>The row, mailbox or calendar the error is about (never the cmdlet).</summary>
        public object? Target { get; }

        public string? RecommendedAction { get; }

        public Exception? Exception { get; }

        public override string ToString() => $"[{ErrorId}] {Message}";
    }
}
