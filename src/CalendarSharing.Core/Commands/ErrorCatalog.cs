using System;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Output;

namespace CalendarSharing.Core.Commands
{
    /// <summary>
    /// The one place that turns engine and backend failures into stable error ids, categories and advice.
    /// Every message names the row (when there is one), the calendar and the principal.
    /// </summary>
    public static class ErrorCatalog
    {
        public static OperationError FromBackend(BackendError error, ShareRequest? row, string? calendar, string? user, Exception? exception = null)
        {
            var (id, kind, advice) = Describe(error.Code);
            return new OperationError(id, kind, Compose(row, calendar, user, error.Message), row?.Source ?? (object?)calendar ?? user, advice, exception);
        }

        public static OperationError InvalidRow(string errorId, ShareRequest row, string message, string advice) =>
            new OperationError(errorId, ErrorKind.InvalidArgument, Compose(row, row.Mailbox, row.User, message), row.Source ?? row, advice);

        public static OperationError Unexpected(Exception ex, ShareRequest? row, string? calendar) =>
            new OperationError(
                "UnexpectedError",
                ErrorKind.NotSpecified,
                Compose(row, calendar, row?.User, ex.Message),
                row?.Source ?? (object?)calendar,
                "Run the command again with -Debug and report the output if it persists.",
                ex);

        /// <summary>"Row 3: alice@contoso.com\Calendar, user bob@contoso.com: message"</summary>
        public static string Compose(ShareRequest? row, string? calendar, string? user, string message)
        {
            var where = row?.Row is int n ? $"Row {n}: " : string.Empty;
            var what = (calendar ?? string.Empty).Trim();
            user = (user ?? string.Empty).Trim();
            if (user.Length > 0)
            {
                what = what.Length == 0 ? $"user {user}" : $"{what}, user {user}";
            }

            return what.Length == 0 ? where + message : $"{where}{what}: {message}";
        }

        public static (string ErrorId, ErrorKind Kind, string Advice) Describe(BackendErrorCode code)
        {
            switch (code)
            {
                case BackendErrorCode.MailboxNotFound:
                    return ("MailboxNotFound", ErrorKind.ObjectNotFound, "Check the mailbox address; use its primary SMTP address (Get-Recipient shows it).");
                case BackendErrorCode.CalendarNotFound:
                    return ("CalendarNotFound", ErrorKind.ObjectNotFound, "Omit -Calendar for the default calendar, or give the display name of a calendar that exists in the mailbox.");
                case BackendErrorCode.PrincipalNotFound:
                    return ("UserNotFound", ErrorKind.ObjectNotFound, "Give the user's primary SMTP address, or Default / Anonymous.");
                case BackendErrorCode.PrincipalAmbiguous:
                    return ("UserAmbiguous", ErrorKind.InvalidArgument, "Several directory entries match; give the user's primary SMTP address.");
                case BackendErrorCode.AccessDenied:
                    return ("AccessDenied", ErrorKind.PermissionDenied, "Connect with an account that has Full Access to the mailbox or the ApplicationImpersonation role (Connect-CalendarSharing -Impersonation).");
                case BackendErrorCode.NotAllowedByPolicy:
                    return ("NotAllowedBySharingPolicy", ErrorKind.PermissionDenied, "Grant a role the sharing policy allows for this domain (often AvailabilityOnly or LimitedDetails), or change the organisation's sharing policy.");
                case BackendErrorCode.RoleNotAllowed:
                    return ("RoleNotAllowed", ErrorKind.InvalidArgument, "Choose a role this principal and calendar accept.");
                case BackendErrorCode.InvalidInput:
                    return ("InvalidInput", ErrorKind.InvalidArgument, "Correct the input and run the row again.");
                case BackendErrorCode.Throttled:
                    return ("Throttled", ErrorKind.LimitsExceeded, "The server kept throttling after every retry; run the failed rows again later.");
                case BackendErrorCode.Transient:
                    return ("ServerUnavailable", ErrorKind.ResourceUnavailable, "The server had a passing fault after every retry; run the failed rows again later.");
                case BackendErrorCode.Conflict:
                    return ("ConcurrentChange", ErrorKind.ResourceBusy, "Another writer kept changing this calendar; run the row again.");
                case BackendErrorCode.Authentication:
                    return ("AuthenticationFailed", ErrorKind.AuthenticationError, "Check the user name and password (or token), then run Connect-CalendarSharing again.");
                case BackendErrorCode.Connection:
                    return ("ConnectionFailed", ErrorKind.ConnectionError, "Check the server name, the network and the certificate, then connect again.");
                case BackendErrorCode.NotSupported:
                    return ("NotSupported", ErrorKind.NotImplemented, "This server or protocol cannot do this.");
                case BackendErrorCode.Canceled:
                    return ("Canceled", ErrorKind.OperationStopped, "The operation was stopped; run it again to finish the remaining rows.");
                default:
                    return ("ServerFault", ErrorKind.ProtocolError, "The server refused the request; run again with -Debug to see the server's answer.");
            }
        }
    }
}
