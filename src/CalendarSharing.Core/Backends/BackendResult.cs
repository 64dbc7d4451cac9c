using System;

namespace CalendarSharing.Core.Backends
{
    /// <summary>Either a value or an error, for one item of a batch.</summary>
    public readonly struct BackendResult<T>
        where T : class
    {
        private BackendResult(T? value, BackendError? error)
        {
            Value = value;
            Error = error;
        }

        public T? Value { get; }

        public BackendError? Error { get; }

        public bool IsSuccess => Error is null;

        public static BackendResult<T> Ok(T value) => new BackendResult<T>(value ?? throw new ArgumentNullException(nameof(value)), null);

        public static BackendResult<T> Fail(BackendError error) => new BackendResult<T>(null, error ?? throw new ArgumentNullException(nameof(error)));

        public override string ToString() => IsSuccess ? $"Ok({Value})" : $"Fail({Error})";
    }

    /// <summary>Why one item (or a whole request) failed, in protocol-neutral terms.</summary>
    public sealed class BackendError
    {
        public BackendError(BackendErrorCode code, string message, string? serverCode = null)
        {
            Code = code;
            Message = message;
            ServerCode = serverCode;
        }

        public BackendErrorCode Code { get; }

        /// <summary>A sentence for the admin. Never contains a secret.</summary>
        public string Message { get; }

        /// <summary>The server's own code (EWS ResponseCode, Graph error code, HTTP status), for support.</summary>
        public string? ServerCode { get; }

        /// <summary>
        /// True when the item failed because the whole request carrying it failed (throttled past the budget,
        /// unreachable, a request-level fault), not for a reason of its own. When every item of a call fails so, the
        /// call fails as a whole (see <see cref="Permissions.PermissionApplier"/>).
        /// </summary>
        public bool WholeRequest { get; set; }

        /// <summary>True when trying again later may succeed (throttling, transient faults, conflicts).</summary>
        public bool IsTransient =>
            Code == BackendErrorCode.Throttled || Code == BackendErrorCode.Transient || Code == BackendErrorCode.Conflict;

        public override string ToString() => ServerCode is null ? $"{Code}: {Message}" : $"{Code} ({ServerCode}): {Message}";
    }

    /// <summary>Protocol-neutral error kinds. The cmdlet layer maps them to ErrorCategory and error ids.</summary>
    public enum BackendErrorCode
    {
        /// <summary>The mailbox does not exist (EWS ErrorNonExistentMailbox, Graph 404 on the user).</summary>
        MailboxNotFound,
        /// <summary>The mailbox exists but the named calendar does not (or cannot be seen).</summary>
        CalendarNotFound,
        /// <summary>The calendar has no item with that id (an event deleted or never created).</summary>
        ItemNotFound,
        /// <summary>The user to grant to cannot be resolved.</summary>
        PrincipalNotFound,
        /// <summary>The user to grant to matches more than one directory entry.</summary>
        PrincipalAmbiguous,
        /// <summary>The connected account lacks the rights for this action.</summary>
        AccessDenied,
        /// <summary>The organisation's sharing policy forbids the role for this principal.</summary>
        NotAllowedByPolicy,
        /// <summary>The role cannot be set here (for example a delegate role on a secondary calendar).</summary>
        RoleNotAllowed,
        /// <summary>The input itself is wrong (malformed address, missing column).</summary>
        InvalidInput,
        /// <summary>The server throttled us and the retry budget ran out.</summary>
        Throttled,
        /// <summary>A fault that may pass (mailbox move, transient server error) and the budget ran out.</summary>
        Transient,
        /// <summary>Other writers kept changing the item and the retry budget ran out.</summary>
        Conflict,
        /// <summary>The credentials were refused.</summary>
        Authentication,
        /// <summary>The server could not be reached or the TLS handshake failed.</summary>
        Connection,
        /// <summary>The server answered with something we do not understand, or a request-level fault.</summary>
        ServerFault,
        /// <summary>The operation is not available on this server or protocol.</summary>
        NotSupported,
        /// <summary>Ctrl+C or a stopped pipeline.</summary>
        Canceled,
        /// <summary>A sharing invitation was asked for and this protocol cannot send one (EWS on premises).</summary>
        InvitationNotAvailable,
        /// <summary>A change watermark is no longer valid (EWS ErrorInvalidSyncStateData, Graph 410 / syncStateNotFound): compare by stamp.</summary>
        WatermarkExpired,
    }

    /// <summary>A request-level failure: nothing in the request was applied.</summary>
    public class BackendException : Exception
    {
        public BackendException(BackendError error, Exception? inner = null)
            : base(error.Message, inner)
        {
            Error = error;
        }

        public BackendError Error { get; }
    }
}
