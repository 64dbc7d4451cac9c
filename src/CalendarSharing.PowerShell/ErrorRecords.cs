using System;
using System.Management.Automation;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Output;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Engine errors to ErrorRecords (STYLE.md item 9): the engine's stable id, the matching category, the
    /// row, mailbox or calendar as TargetObject (never the cmdlet), and what to do in RecommendedAction.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(OperationError error)
        {
            var exception = error.Exception ?? ExceptionFor(error.Kind, error.Message);
            var record = new ErrorRecord(exception, error.ErrorId, ToCategory(error.Kind), error.Target);
            record.ErrorDetails = new ErrorDetails(error.Message);
            if (!string.IsNullOrEmpty(error.RecommendedAction))
            {
                record.ErrorDetails.RecommendedAction = error.RecommendedAction;
            }

            return record;
        }

        /// <summary>A request-level failure that escaped the engine (a whole batch failed).</summary>
        public static ErrorRecord From(BackendException exception, object? target, string? recommendedAction = null, string? message = null)
        {
            var record = new ErrorRecord(exception, exception.Error.Code.ToString(), ToCategory(exception.Error.Code), target);
            record.ErrorDetails = new ErrorDetails(message ?? exception.Error.Message);
            if (recommendedAction != null)
            {
                record.ErrorDetails.RecommendedAction = recommendedAction;
            }

            return record;
        }

        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target, string? recommendedAction = null, Exception? exception = null)
        {
            var record = new ErrorRecord(exception ?? new InvalidOperationException(message), errorId, category, target);
            record.ErrorDetails = new ErrorDetails(message);
            if (recommendedAction != null)
            {
                record.ErrorDetails.RecommendedAction = recommendedAction;
            }

            return record;
        }

        public static ErrorCategory ToCategory(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case ErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case ErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case ErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case ErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case ErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case ErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case ErrorKind.ConnectionError: return ErrorCategory.ConnectionError;
                case ErrorKind.AuthenticationError: return ErrorCategory.AuthenticationError;
                case ErrorKind.OperationStopped: return ErrorCategory.OperationStopped;
                case ErrorKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case ErrorKind.NotImplemented: return ErrorCategory.NotImplemented;
                case ErrorKind.ProtocolError: return ErrorCategory.ProtocolError;
                case ErrorKind.SecurityError: return ErrorCategory.SecurityError;
                case ErrorKind.WriteError: return ErrorCategory.WriteError;
                case ErrorKind.ReadError: return ErrorCategory.ReadError;
                default: return ErrorCategory.NotSpecified;
            }
        }

        public static ErrorCategory ToCategory(BackendErrorCode code)
        {
            switch (code)
            {
                case BackendErrorCode.MailboxNotFound:
                case BackendErrorCode.CalendarNotFound:
                case BackendErrorCode.PrincipalNotFound:
                    return ErrorCategory.ObjectNotFound;
                case BackendErrorCode.PrincipalAmbiguous:
                case BackendErrorCode.InvalidInput:
                    return ErrorCategory.InvalidArgument;
                case BackendErrorCode.AccessDenied:
                case BackendErrorCode.NotAllowedByPolicy:
                    return ErrorCategory.PermissionDenied;
                case BackendErrorCode.RoleNotAllowed:
                    return ErrorCategory.InvalidOperation;
                case BackendErrorCode.Throttled:
                    return ErrorCategory.LimitsExceeded;
                case BackendErrorCode.Transient:
                    return ErrorCategory.ResourceUnavailable;
                case BackendErrorCode.Conflict:
                    return ErrorCategory.ResourceBusy;
                case BackendErrorCode.Authentication:
                    return ErrorCategory.AuthenticationError;
                case BackendErrorCode.Connection:
                    return ErrorCategory.ConnectionError;
                case BackendErrorCode.ServerFault:
                    return ErrorCategory.ProtocolError;
                case BackendErrorCode.NotSupported:
                    return ErrorCategory.NotImplemented;
                case BackendErrorCode.Canceled:
                    return ErrorCategory.OperationStopped;
                default:
                    return ErrorCategory.NotSpecified;
            }
        }

        private static Exception ExceptionFor(ErrorKind kind, string message)
        {
            switch (kind)
            {
                case ErrorKind.InvalidArgument:
                case ErrorKind.InvalidData:
                    return new ArgumentException(message);
                case ErrorKind.ObjectNotFound:
                    return new ItemNotFoundException(message);
                case ErrorKind.PermissionDenied:
                case ErrorKind.SecurityError:
                case ErrorKind.AuthenticationError:
                    return new UnauthorizedAccessException(message);
                case ErrorKind.NotImplemented:
                    return new NotSupportedException(message);
                default:
                    return new InvalidOperationException(message);
            }
        }
    }
}
