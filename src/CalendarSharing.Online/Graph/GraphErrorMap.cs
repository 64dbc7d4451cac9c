using System;
using System.Net.Http;
using Azure.Identity;
using CalendarSharing.Core.Backends;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace CalendarSharing.Online.Graph
{
    /// <summary>What a 404 means where it happened: the user in the path, or the calendar/permission below it.</summary>
    internal enum NotFoundMeans
    {
        Mailbox,
        Calendar,
        Principal,
        Permission,
        /// <summary>An event (or other item) named by id.</summary>
        Item,
    }

    /// <summary>
    /// The one place Graph errors become ours (STYLE.md item 7): ODataError and batch answers alike, by HTTP status and
    /// Graph error code (never by message text, except for allowedRoles which has no code of its own).
    /// </summary>
    internal static class GraphErrorMap
    {
        public static BackendError Map(int status, string? code, string? message, string what, NotFoundMeans notFound)
        {
            var server = string.IsNullOrEmpty(code) ? "HTTP " + status : code + " (HTTP " + status + ")";
            var detail = string.IsNullOrWhiteSpace(message) ? "." : ": " + message!.Trim();
            var text = what + ": " + server + detail;
            return new BackendError(Code(status, code, message, notFound), text, server);
        }

        public static BackendErrorCode Code(int status, string? code, string? message, NotFoundMeans notFound)
        {
            var c = code ?? string.Empty;
            if (Is(c, "MailboxNotEnabledForRESTAPI", "ErrorInvalidUser", "ErrorNonExistentMailbox", "Request_ResourceNotFound")
                && notFound != NotFoundMeans.Principal)
            {
                return BackendErrorCode.MailboxNotFound;
            }

            // An expired or reset delta token: 410 Gone, or the codes the delta overview lists
            // (https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset); the sync engine then compares by stamp.
            if (status == 410 || Is(c, "syncStateNotFound", "resyncRequired", "syncStateInvalid"))
            {
                return BackendErrorCode.WatermarkExpired;
            }

            switch (status)
            {
                case 401:
                    return BackendErrorCode.Authentication;
                case 403:
                    return Is(c, "ErrorNotAllowedExternalSharingByPolicy", "ErrorPermissionNotAllowedByPolicy")
                        ? BackendErrorCode.NotAllowedByPolicy
                        : BackendErrorCode.AccessDenied;
                case 404:
                    switch (notFound)
                    {
                        case NotFoundMeans.Mailbox: return BackendErrorCode.MailboxNotFound;
                        case NotFoundMeans.Principal: return BackendErrorCode.PrincipalNotFound;
                        case NotFoundMeans.Permission: return BackendErrorCode.Conflict;
                        case NotFoundMeans.Item: return BackendErrorCode.ItemNotFound;
                        default: return BackendErrorCode.CalendarNotFound;
                    }

                case 409:
                case 412:
                    return BackendErrorCode.Conflict;
                case 429:
                    return BackendErrorCode.Throttled;
                case 500 when Is(c, "ErrorInternalServerTransientError", "ErrorMailboxStoreUnavailable", "ErrorMailboxMoveInProgress"):
                case 502:
                case 503:
                case 504:
                    return BackendErrorCode.Transient;
                case 400:
                case 422:
                    if (Is(c, "ErrorNotAllowedExternalSharingByPolicy", "ErrorPermissionNotAllowedByPolicy", "ErrorSharingPolicyViolation"))
                    {
                        return BackendErrorCode.NotAllowedByPolicy;
                    }

                    if (Is(c, "ErrorInvalidUser", "ErrorInvalidRecipients", "ErrorInvalidUserInfo", "ErrorCannotFindUser"))
                    {
                        return BackendErrorCode.PrincipalNotFound;
                    }

                    if (Is(c, "ErrorNotSupported"))
                    {
                        return BackendErrorCode.NotSupported;
                    }

                    if (Is(c, "ErrorInvalidRole") || (message != null && message.IndexOf("allowedRoles", StringComparison.OrdinalIgnoreCase) >= 0))
                    {
                        return BackendErrorCode.RoleNotAllowed;
                    }

                    return BackendErrorCode.InvalidInput;
                default:
                    return BackendErrorCode.ServerFault;
            }
        }

        /// <summary>Any exception a Graph call threw, as our error. Never lets a token or secret through: texts are ours.</summary>
        public static BackendError FromException(Exception ex, string what, NotFoundMeans notFound)
        {
            switch (ex)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    // Kiota's RetryHandler gives up with "Too many retries" holding one ApiException per attempt.
                    return FromException(aggregate.InnerExceptions[aggregate.InnerExceptions.Count - 1], what, notFound);
                case ODataError odata:
                    return Map(odata.ResponseStatusCode, odata.Error?.Code, odata.Error?.Message, what, notFound);
                case CredentialUnavailableException:
                case AuthenticationFailedException:
                    // The real cause (DNS, a refused authority or managed identity endpoint, the AADSTS code) is in the
                    // inner exceptions: Identity/SignInFailure names it.
                    return CalendarSharing.Online.Identity.SignInFailure.Explain(ex, what);
                case ApiException api:
                    return Map(api.ResponseStatusCode, null, null, what, notFound);
                case HttpRequestException:
                    return new BackendError(BackendErrorCode.Connection, what + ": Graph could not be reached (" + ex.GetType().Name + ").", "Connection");
                case BackendException backend:
                    return backend.Error;
                default:
                    return new BackendError(BackendErrorCode.ServerFault, what + ": " + ex.GetType().Name + ".");
            }
        }

        private static bool Is(string code, params string[] names)
        {
            foreach (var n in names)
            {
                if (string.Equals(code, n, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
