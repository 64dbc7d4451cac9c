using System;
using CalendarSharing.Core.Backends;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>Base of the EWS client's request-level failures. Never carries a secret.</summary>
    public abstract class EwsException : Exception
    {
        protected EwsException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }

        /// <summary>The EWS ResponseCode or HTTP status behind the failure, when known.</summary>
        public abstract string? ServerCode { get; }

        /// <summary>The engine's view of this failure.</summary>
        public abstract BackendErrorCode Code { get; }

        internal BackendException ToBackendException() => new BackendException(new BackendError(Code, Message, ServerCode), this);
    }

    /// <summary>A SOAP fault (HTTP 500) with a ResponseCode: ErrorSchemaValidation, ErrorInvalidServerVersion, ErrorAccessDenied, …</summary>
    public class EwsFaultException : EwsException
    {
        public EwsFaultException(string responseCode, string message, Exception? inner = null)
            : base(message, inner)
        {
            ResponseCode = responseCode;
        }

        public string ResponseCode { get; }

        public override string? ServerCode => ResponseCode;

        public override BackendErrorCode Code => EwsErrorMap.ToBackendCode(ResponseCode);
    }

    /// <summary>The server refused the request itself: ErrorSchemaValidation, ErrorInvalidServerVersion, ErrorInvalidRequest (a client bug or a version mismatch).</summary>
    public sealed class EwsRequestRejectedException : EwsFaultException
    {
        public EwsRequestRejectedException(string responseCode, string message)
            : base(responseCode, message)
        {
        }
    }

    /// <summary>The connected account may not do this: ErrorAccessDenied, ErrorImpersonateUserDenied, ErrorImpersonationDenied, ErrorImpersonationFailed.</summary>
    public sealed class EwsAccessDeniedException : EwsFaultException
    {
        public EwsAccessDeniedException(string responseCode, string message)
            : base(responseCode, message)
        {
        }

        public override BackendErrorCode Code => BackendErrorCode.AccessDenied;
    }

    /// <summary>ErrorServerBusy after the retry budget ran out.</summary>
    public sealed class EwsServerBusyException : EwsFaultException
    {
        public EwsServerBusyException(string message, int? backOffMilliseconds)
            : base(EwsResponseCodes.ErrorServerBusy, message)
        {
            BackOffMilliseconds = backOffMilliseconds;
        }

        public int? BackOffMilliseconds { get; }

        public override BackendErrorCode Code => BackendErrorCode.Throttled;
    }

    /// <summary>HTTP 401: the credentials were refused. The message names the user and the server, never the secret.</summary>
    public sealed class EwsAuthenticationException : EwsException
    {
        public EwsAuthenticationException(string message)
            : base(message)
        {
        }

        public override string? ServerCode => "401";

        public override BackendErrorCode Code => BackendErrorCode.Authentication;
    }

    /// <summary>A non-SOAP HTTP failure (503, 429 after the budget, 404, 403, …).</summary>
    public sealed class EwsHttpException : EwsException
    {
        public EwsHttpException(int statusCode, string message)
            : base(message)
        {
            StatusCode = statusCode;
        }

        public int StatusCode { get; }

        public override string? ServerCode => StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public override BackendErrorCode Code =>
            StatusCode == 503 ? BackendErrorCode.Transient
            : StatusCode == 429 ? BackendErrorCode.Throttled
            : StatusCode == 401 ? BackendErrorCode.Authentication
            : StatusCode == 403 ? BackendErrorCode.AccessDenied
            : BackendErrorCode.ServerFault;
    }

    /// <summary>The server could not be reached (DNS, TCP, TLS, timeout).</summary>
    public sealed class EwsConnectionException : EwsException
    {
        public EwsConnectionException(string message, Exception? inner)
            : base(message, inner)
        {
        }

        public override string? ServerCode => null;

        public override BackendErrorCode Code => BackendErrorCode.Connection;
    }

    /// <summary>The answer is not what the protocol says (not XML, wrong element, missing parts).</summary>
    public sealed class EwsProtocolException : EwsException
    {
        public EwsProtocolException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }

        public override string? ServerCode => null;

        public override BackendErrorCode Code => BackendErrorCode.ServerFault;
    }

    /// <summary>The contract's ResponseCode → BackendErrorCode table (docs/design/contracts.md).</summary>
    internal static class EwsErrorMap
    {
        /// <summary>The typed exception for a request-level fault, by ResponseCode family.</summary>
        public static EwsFaultException Fault(string responseCode, string message)
        {
            switch (responseCode)
            {
                case EwsResponseCodes.ErrorSchemaValidation:
                case EwsResponseCodes.ErrorInvalidServerVersion:
                case EwsResponseCodes.ErrorInvalidRequest:
                    return new EwsRequestRejectedException(responseCode, message);
                case EwsResponseCodes.ErrorAccessDenied:
                case EwsResponseCodes.ErrorImpersonateUserDenied:
                case EwsResponseCodes.ErrorImpersonationDenied:
                case EwsResponseCodes.ErrorImpersonationFailed:
                    return new EwsAccessDeniedException(responseCode, message);
                default:
                    return new EwsFaultException(responseCode, message);
            }
        }

        public static BackendErrorCode ToBackendCode(string? responseCode)
        {
            switch (responseCode)
            {
                case EwsResponseCodes.ErrorNonExistentMailbox:
                case EwsResponseCodes.ErrorInvalidMailbox:
                case EwsResponseCodes.ErrorMailRecipientNotFound:
                    return BackendErrorCode.MailboxNotFound;
                case EwsResponseCodes.ErrorFolderNotFound:
                case EwsResponseCodes.ErrorItemNotFound:
                    return BackendErrorCode.CalendarNotFound;
                case EwsResponseCodes.ErrorInvalidUserInfo:
                case EwsResponseCodes.ErrorCannotFindUser:
                case EwsResponseCodes.ErrorDelegateNoUser:
                case EwsResponseCodes.ErrorInvalidUserSid:
                case EwsResponseCodes.ErrorNameResolutionNoResults:
                    return BackendErrorCode.PrincipalNotFound;
                case EwsResponseCodes.ErrorNameResolutionMultipleResults:
                    return BackendErrorCode.PrincipalAmbiguous;
                case EwsResponseCodes.ErrorAccessDenied:
                case EwsResponseCodes.ErrorImpersonateUserDenied:
                case EwsResponseCodes.ErrorImpersonationDenied:
                    return BackendErrorCode.AccessDenied;
                case EwsResponseCodes.ErrorPermissionNotAllowedByPolicy:
                case EwsResponseCodes.ErrorNotAllowedExternalSharingByPolicy:
                    return BackendErrorCode.NotAllowedByPolicy;
                case EwsResponseCodes.ErrorInvalidPermissionSettings:
                case EwsResponseCodes.ErrorDuplicateUserIdsSpecified:
                    return BackendErrorCode.InvalidInput;
                case EwsResponseCodes.ErrorServerBusy:
                    return BackendErrorCode.Throttled;
                case EwsResponseCodes.ErrorMailboxMoveInProgress:
                case EwsResponseCodes.ErrorMailboxStoreUnavailable:
                case EwsResponseCodes.ErrorInternalServerTransientError:
                case EwsResponseCodes.ErrorConnectionFailed:
                case EwsResponseCodes.ErrorBatchProcessingStopped:
                    return BackendErrorCode.Transient;
                case EwsResponseCodes.ErrorChangeKeyRequiredForWriteOperations:
                case EwsResponseCodes.ErrorStaleObject:
                case EwsResponseCodes.ErrorIrresolvableConflict:
                case EwsResponseCodes.ErrorInvalidChangeKey:
                    return BackendErrorCode.Conflict;
                default:
                    return BackendErrorCode.ServerFault;
            }
        }

        /// <summary>Codes worth another try after a back-off (per item or per request).</summary>
        public static bool IsTransient(string? responseCode)
        {
            var code = ToBackendCode(responseCode);
            return code == BackendErrorCode.Transient || code == BackendErrorCode.Throttled;
        }

        /// <summary>Codes that mean "someone else wrote first: re-read and re-plan".</summary>
        public static bool IsConflict(string? responseCode) => ToBackendCode(responseCode) == BackendErrorCode.Conflict;
    }
}
