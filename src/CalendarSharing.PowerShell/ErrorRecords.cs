using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Output;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Engine errors to ErrorRecords (STYLE.md item 9): the catalogue's stable id (ErrorCatalog, in Core), the category
    /// of its ErrorKind, the row, mailbox or calendar as TargetObject (never the cmdlet), and what to do in
    /// RecommendedAction. No id, category or text is chosen here.
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

        /// <summary>
        /// The request path: a request-level failure that escaped the engine (a whole batch failed). One record per row,
        /// each the record the row path would have written for it (ErrorCatalog.ForRequest), so id, category and target
        /// do not depend on which path failed.
        /// </summary>
        public static IEnumerable<ErrorRecord> ForRequest(BackendException exception, ErrorFamily family, IReadOnlyList<RowRef> rows) =>
            ErrorCatalog.ForRequest(exception, family, rows).Select(From);

        /// <summary>NotConnected / ConnectionClosed / CapabilityNotAvailable from the connection registry's typed exceptions.</summary>
        public static ErrorRecord From(NotConnectedException exception, object? target) => From(ErrorCatalog.NotConnected(exception, target));

        /// <summary>The connection lacks the capability the cmdlet needs.</summary>
        public static ErrorRecord From(CapabilityNotAvailableException exception, object? target) => From(ErrorCatalog.CapabilityNotAvailable(exception, target));

        /// <summary>
        /// ErrorKind mirrors ErrorCategory name for name (a test checks every ErrorKind is an ErrorCategory), so the
        /// category is the catalogue's and nothing here can give one failure two categories.
        /// </summary>
        public static ErrorCategory ToCategory(ErrorKind kind) =>
            Enum.TryParse<ErrorCategory>(kind.ToString(), out var category) ? category : ErrorCategory.NotSpecified;

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
