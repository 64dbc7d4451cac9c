using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Commands
{
    /// <summary>Which command family reports an error: it picks the advice where one failure needs different words.</summary>
    public enum ErrorFamily
    {
        Permissions,
        Delegates,
        MailboxAccess,
        Connections,
        Credentials,
        SharingPolicy,
        Events,
        Availability,
        Publishing,
    }

    /// <summary>The stable error ids the module writes (docs/design/errors.md lists each with what it means and what to do).</summary>
    public static class ErrorIds
    {
        // From a backend error code (ErrorCatalog.Describe).
        public const string MailboxNotFound = nameof(MailboxNotFound);
        public const string CalendarNotFound = nameof(CalendarNotFound);
        public const string UserNotFound = nameof(UserNotFound);
        public const string UserAmbiguous = nameof(UserAmbiguous);
        public const string AccessDenied = nameof(AccessDenied);
        public const string NotAllowedBySharingPolicy = nameof(NotAllowedBySharingPolicy);
        public const string RoleNotAllowed = nameof(RoleNotAllowed);
        public const string InvalidInput = nameof(InvalidInput);
        public const string Throttled = nameof(Throttled);
        public const string ServerUnavailable = nameof(ServerUnavailable);
        public const string ConcurrentChange = nameof(ConcurrentChange);
        public const string AuthenticationFailed = nameof(AuthenticationFailed);
        public const string ConnectionFailed = nameof(ConnectionFailed);
        public const string ServerFault = nameof(ServerFault);
        public const string NotSupported = nameof(NotSupported);
        public const string Canceled = nameof(Canceled);
        public const string SharingInvitationNotAvailable = nameof(SharingInvitationNotAvailable);

        // Connections and the cmdlet layer.
        public const string NotConnected = nameof(NotConnected);
        public const string ConnectionClosed = nameof(ConnectionClosed);
        public const string CapabilityNotAvailable = nameof(CapabilityNotAvailable);
        public const string ConnectionNotFound = nameof(ConnectionNotFound);
        public const string AutodiscoverFailed = nameof(AutodiscoverFailed);
        public const string ConnectFailed = nameof(ConnectFailed);
        public const string ExchangeSessionRequired = nameof(ExchangeSessionRequired);
        public const string ExchangeSessionNotAvailable = nameof(ExchangeSessionNotAvailable);
        public const string UnexpectedError = nameof(UnexpectedError);

        // Rows (input checks before anything reaches a server).
        public const string MissingMailbox = nameof(MissingMailbox);
        public const string InvalidMailbox = nameof(InvalidMailbox);
        public const string MissingUser = nameof(MissingUser);
        public const string MissingRole = nameof(MissingRole);
        public const string InvalidRole = nameof(InvalidRole);
        public const string MultipleRoles = nameof(MultipleRoles);
        public const string InvalidSharingPermissionFlags = nameof(InvalidSharingPermissionFlags);
        public const string MissingDelegate = nameof(MissingDelegate);
        public const string InvalidDelegate = nameof(InvalidDelegate);
        public const string DelegateIsOwner = nameof(DelegateIsOwner);
        public const string InvalidDelegateRole = nameof(InvalidDelegateRole);
        public const string InvalidMeetingRequestDelivery = nameof(InvalidMeetingRequestDelivery);
        public const string NotADelegate = nameof(NotADelegate);
        public const string MissingAccessRight = nameof(MissingAccessRight);
        public const string InvalidAccessRight = nameof(InvalidAccessRight);

        // Sharing policies (Get-/Set-/New-CalendarSharingPolicy, *-ExternalCalendarSharing).
        public const string InvalidSharingDomain = nameof(InvalidSharingDomain);
        // Events and availability.
        public const string EventNotFound = nameof(EventNotFound);
        public const string MissingSubject = nameof(MissingSubject);
        public const string MissingEventId = nameof(MissingEventId);
        public const string InvalidTimeZone = nameof(InvalidTimeZone);
        public const string InvalidEventWindow = nameof(InvalidEventWindow);
        public const string InvalidInterval = nameof(InvalidInterval);
        public const string InvalidDetailLevel = nameof(InvalidDetailLevel);
        public const string SharingPolicyNotFound = nameof(SharingPolicyNotFound);
        public const string SharingPolicyExists = nameof(SharingPolicyExists);

        // Publishing.
        public const string InvalidPublishingRange = nameof(InvalidPublishingRange);

        // Access reports (Get-CalendarAccessReport -Resume, Get-CalendarAccess -FromReport).
        public const string AccessScanFileInvalid = nameof(AccessScanFileInvalid);
        public const string AccessScanStateMismatch = nameof(AccessScanStateMismatch);

        // Sync profiles, pairs and state stores (New-CalendarSyncProfile, *-CalendarSyncPair, Start-/Reset-CalendarSync...).
        public const string SyncProfileNotFound = nameof(SyncProfileNotFound);
        public const string InvalidSyncProfile = nameof(InvalidSyncProfile);
        public const string SyncProfileExists = nameof(SyncProfileExists);
        public const string SyncPairNotFound = nameof(SyncPairNotFound);
        public const string InvalidSyncPair = nameof(InvalidSyncPair);
        public const string SyncConnectionNotFound = nameof(SyncConnectionNotFound);
        public const string SyncStateStoreNotAvailable = nameof(SyncStateStoreNotAvailable);
        // Calendar sync (one result per pair; the pair's other passes and the other pairs go on).
        public const string SyncReadFailed = nameof(SyncReadFailed);
        public const string SyncDeletionThresholdExceeded = nameof(SyncDeletionThresholdExceeded);
        public const string SyncWriteFailed = nameof(SyncWriteFailed);
        public const string SyncConflict = nameof(SyncConflict);
        public const string SyncLeaseLost = nameof(SyncLeaseLost);
        // Copy-CalendarAccess.
        public const string CopyAccessSameUser = nameof(CopyAccessSameUser);
        // Publish-Calendar beyond the mailbox's sharing policy (its Anonymous entry).
        public const string PublishingNotAllowedBySharingPolicy = nameof(PublishingNotAllowedBySharingPolicy);
    }

    /// <summary>
    /// The one place that turns engine, backend and connection failures into stable error ids, categories and advice,
    /// for every command family and for both the per-row path and the request path (a whole request failed: each of
    /// its rows gets the error the row path would have given it). Every message names the row (when there is one), the
    /// calendar or mailbox and the principal; every text comes from <see cref="Texts"/>.
    /// </summary>
    public static class ErrorCatalog
    {
        /// <summary>Every id the catalogue and the stored-credential store can write, with its kind.</summary>
        public static IReadOnlyDictionary<string, ErrorKind> KnownIds { get; } = BuildKnownIds();

        // ------------------------------------------------------------------ backend error codes

        /// <summary>The stable id, kind and advice for a backend error code, in the words of <paramref name="family"/>.</summary>
        public static (string ErrorId, ErrorKind Kind, string Advice) Describe(BackendErrorCode code, ErrorFamily family = ErrorFamily.Permissions)
        {
            var (id, kind) = IdOf(code);
            return (id, kind, Advice(id, family));
        }

        /// <summary>The stable id and kind of a backend error code (no advice).</summary>
        public static (string ErrorId, ErrorKind Kind) IdOf(BackendErrorCode code)
        {
            switch (code)
            {
                case BackendErrorCode.MailboxNotFound: return (ErrorIds.MailboxNotFound, ErrorKind.ObjectNotFound);
                case BackendErrorCode.CalendarNotFound: return (ErrorIds.CalendarNotFound, ErrorKind.ObjectNotFound);
                case BackendErrorCode.PrincipalNotFound: return (ErrorIds.UserNotFound, ErrorKind.ObjectNotFound);
                case BackendErrorCode.PrincipalAmbiguous: return (ErrorIds.UserAmbiguous, ErrorKind.InvalidArgument);
                case BackendErrorCode.AccessDenied: return (ErrorIds.AccessDenied, ErrorKind.PermissionDenied);
                case BackendErrorCode.NotAllowedByPolicy: return (ErrorIds.NotAllowedBySharingPolicy, ErrorKind.PermissionDenied);
                case BackendErrorCode.RoleNotAllowed: return (ErrorIds.RoleNotAllowed, ErrorKind.InvalidArgument);
                case BackendErrorCode.InvalidInput: return (ErrorIds.InvalidInput, ErrorKind.InvalidArgument);
                case BackendErrorCode.Throttled: return (ErrorIds.Throttled, ErrorKind.LimitsExceeded);
                case BackendErrorCode.Transient: return (ErrorIds.ServerUnavailable, ErrorKind.ResourceUnavailable);
                case BackendErrorCode.Conflict: return (ErrorIds.ConcurrentChange, ErrorKind.ResourceBusy);
                case BackendErrorCode.Authentication: return (ErrorIds.AuthenticationFailed, ErrorKind.AuthenticationError);
                case BackendErrorCode.Connection: return (ErrorIds.ConnectionFailed, ErrorKind.ConnectionError);
                case BackendErrorCode.NotSupported: return (ErrorIds.NotSupported, ErrorKind.NotImplemented);
                case BackendErrorCode.Canceled: return (ErrorIds.Canceled, ErrorKind.OperationStopped);
                case BackendErrorCode.ItemNotFound: return (ErrorIds.EventNotFound, ErrorKind.ObjectNotFound);
                case BackendErrorCode.InvitationNotAvailable: return (ErrorIds.SharingInvitationNotAvailable, ErrorKind.NotImplemented);
                // The sync engine answers an expired watermark itself (a comparison by stamp); one that escapes is a failed read.
                case BackendErrorCode.WatermarkExpired: return (ErrorIds.SyncReadFailed, ErrorKind.ReadError);
                default: return (ErrorIds.ServerFault, ErrorKind.ProtocolError);
            }
        }

        /// <summary>The advice for <paramref name="errorId"/>: the family's own words where it has them, else the common ones.</summary>
        public static string Advice(string errorId, ErrorFamily family = ErrorFamily.Permissions)
        {
            if (family != ErrorFamily.Permissions)
            {
                try
                {
                    return Texts.Get("Advice_" + errorId + "_" + family);
                }
                catch (System.Resources.MissingManifestResourceException)
                {
                    // No family wording: the common one below.
                }
            }

            return Texts.Get("Advice_" + errorId);
        }

        /// <summary>A per-row backend failure of the permission cmdlets.</summary>
        public static OperationError FromBackend(BackendError error, ShareRequest? row, string? calendar, string? user, Exception? exception = null) =>
            FromBackend(error, ErrorFamily.Permissions, row?.Row, row?.Source ?? (object?)calendar ?? user, calendar, Subject(Texts.Error_UserSubject, user), exception);

        /// <summary>
        /// A per-row backend failure of any family. The target is the row's input object (or its mailbox), and the
        /// message names the row's number, mailbox or calendar and principal (see <see cref="RowRef"/>).
        /// </summary>
        public static OperationError FromBackend(BackendError error, ErrorFamily family, RowRef row, Exception? exception = null) =>
            FromBackend(error, family, row.Row, row.Target, row.Where, row.Subject, exception);

        private static OperationError FromBackend(BackendError error, ErrorFamily family, int? row, object? target, string? where, string? subject, Exception? exception)
        {
            var (id, kind, advice) = Describe(error.Code, family);
            return new OperationError(id, kind, Compose(row, where, subject, error.Message), target, advice, exception);
        }

        /// <summary>
        /// The request path: a request-level failure (nothing of it was applied) that escaped the engine. Each row of the
        /// request gets the error the row path gives it, so the id, the category and the target never depend on how many
        /// rows the failed request carried (STYLE.md item 9: WriteError per item).
        /// </summary>
        public static IReadOnlyList<OperationError> ForRequest(BackendException exception, ErrorFamily family, IReadOnlyList<RowRef> rows)
        {
            if (rows.Count == 0)
            {
                return new[] { FromBackend(exception.Error, family, null, null, null, null, exception) };
            }

            return rows.Select(r => FromBackend(exception.Error, family, r, exception)).ToList();
        }

        /// <summary>A request-level failure with one target and no row (Connect-CalendarSharing, a probe).</summary>
        public static OperationError ForRequest(BackendException exception, ErrorFamily family, object? target, string? message = null)
        {
            var (id, kind, advice) = Describe(exception.Error.Code, family);
            return new OperationError(id, kind, message ?? exception.Error.Message, target, advice, exception);
        }

        // ------------------------------------------------------------------ connections

        /// <summary>NotConnected (no connection in this runspace) or ConnectionClosed (the one given was closed).</summary>
        public static OperationError NotConnected(NotConnectedException exception, object? target) =>
            exception.Closed
                ? new OperationError(ErrorIds.ConnectionClosed, ErrorKind.ConnectionError, exception.Message, target, Texts.Advice_ConnectionClosed, exception)
                : new OperationError(ErrorIds.NotConnected, ErrorKind.ConnectionError, exception.Message, target, Texts.Advice_NotConnected, exception);

        /// <summary>The connection cannot do what the cmdlet asks; the advice names the kind that can.</summary>
        public static OperationError CapabilityNotAvailable(CapabilityNotAvailableException exception, object? target) =>
            new OperationError(
                ErrorIds.CapabilityNotAvailable,
                ErrorKind.InvalidOperation,
                exception.Message,
                target,
                string.IsNullOrEmpty(exception.Alternative) ? Texts.Advice_CapabilityNotAvailableNoAlternative : Texts.Format(nameof(Texts.Advice_CapabilityNotAvailable), exception.Alternative),
                exception);

        /// <summary>A Connect-CalendarSharing failure that is not a backend error code (a certificate that cannot be read, say).</summary>
        public static OperationError ConnectFailed(string target, string cause, Exception? exception) =>
            new OperationError(ErrorIds.ConnectFailed, ErrorKind.ConnectionError, Texts.Format(nameof(Texts.ConnectFailed), target, cause), target, Texts.Advice_ConnectFailed, exception);

        /// <summary>Autodiscover found no EWS URL.</summary>
        public static OperationError AutodiscoverFailed(string target, string message, Exception? exception) =>
            new OperationError(ErrorIds.AutodiscoverFailed, ErrorKind.ObjectNotFound, message, target, Texts.Advice_AutodiscoverFailed, exception);

        /// <summary>Disconnect-CalendarSharing was given a connection that is no longer open.</summary>
        public static OperationError ConnectionNotFound(object target, string? endpoint, string? userName) =>
            new OperationError(ErrorIds.ConnectionNotFound, ErrorKind.ObjectNotFound, Texts.Format(nameof(Texts.NoSuchConnection), endpoint, userName), target, Texts.Advice_ConnectionNotFound);

        /// <summary>Mailbox access needs an Exchange Management Shell session or a connection that runs Exchange cmdlets.</summary>
        public static OperationError ExchangeSessionRequired(object? target) =>
            new OperationError(ErrorIds.ExchangeSessionRequired, ErrorKind.InvalidOperation, Texts.Error_ExchangeSessionRequired, target, Texts.Advice_ExchangeSessionRequired);

        /// <summary>The -ExchangeSession given is broken or busy.</summary>
        public static OperationError ExchangeSessionNotAvailable(object target, string name, string computer, string availability) =>
            new OperationError(ErrorIds.ExchangeSessionNotAvailable, ErrorKind.ConnectionError, Texts.Format(nameof(Texts.Error_ExchangeSessionNotAvailable), name, computer, availability), target, Texts.Advice_ExchangeSessionNotAvailable);

        // ------------------------------------------------------------------ rows

        /// <summary>An input row the engine refuses before it reaches a server (InvalidArgument).</summary>
        public static OperationError InvalidRow(string errorId, ShareRequest row, string message, string advice) =>
            new OperationError(errorId, ErrorKind.InvalidArgument, Compose(row, row.Mailbox, row.User, message), row.Source ?? row, advice);

        /// <summary>An input row of any family the engine refuses before it reaches a server (InvalidArgument).</summary>
        public static OperationError InvalidRow(string errorId, int? row, object target, string? where, string? subject, string message, string advice) =>
            new OperationError(errorId, ErrorKind.InvalidArgument, Compose(row, where, subject, message), target, advice);

        /// <summary>A failure of our own code, with the row it happened on.</summary>
        public static OperationError Unexpected(Exception ex, ShareRequest? row, string? calendar) =>
            Unexpected(ex, row?.Row, row?.Source ?? (object?)calendar, calendar, Subject(Texts.Error_UserSubject, row?.User));

        /// <summary>A failure of our own code, in any family.</summary>
        public static OperationError Unexpected(Exception ex, int? row, object? target, string? where, string? subject) =>
            new OperationError(ErrorIds.UnexpectedError, ErrorKind.NotSpecified, Compose(row, where, subject, ex.Message), target, Texts.Advice_UnexpectedError, ex);

        /// <summary>"Row 3: alice@contoso.com\Calendar, user bob@contoso.com: message"</summary>
        public static string Compose(ShareRequest? row, string? calendar, string? user, string message) =>
            Compose(row?.Row, calendar, Subject(Texts.Error_UserSubject, user), message);

        /// <summary>"Row 3: where, subject: message", each part only when there is one.</summary>
        public static string Compose(int? row, string? where, string? subject, string message)
        {
            var prefix = row is int n ? Texts.Format(nameof(Texts.Error_RowPrefix), n) : string.Empty;
            var what = (where ?? string.Empty).Trim();
            subject = (subject ?? string.Empty).Trim();
            if (subject.Length > 0)
            {
                what = what.Length == 0 ? subject : what + ", " + subject;
            }

            return what.Length == 0 ? prefix + message : prefix + what + ": " + message;
        }

        /// <summary>"user bob@contoso.com" / "delegate assistant@contoso.com", or null when there is nobody to name.</summary>
        public static string? Subject(string format, string? who)
        {
            who = (who ?? string.Empty).Trim();
            return who.Length == 0 ? null : string.Format(System.Globalization.CultureInfo.CurrentCulture, format, who);
        }

        private static IReadOnlyDictionary<string, ErrorKind> BuildKnownIds()
        {
            var ids = new Dictionary<string, ErrorKind>(StringComparer.Ordinal);
            foreach (BackendErrorCode code in Enum.GetValues(typeof(BackendErrorCode)))
            {
                var (id, kind) = IdOf(code);
                ids[id] = kind;
            }

            ids[ErrorIds.NotConnected] = ErrorKind.ConnectionError;
            ids[ErrorIds.ConnectionClosed] = ErrorKind.ConnectionError;
            ids[ErrorIds.CapabilityNotAvailable] = ErrorKind.InvalidOperation;
            ids[ErrorIds.ConnectionNotFound] = ErrorKind.ObjectNotFound;
            ids[ErrorIds.AutodiscoverFailed] = ErrorKind.ObjectNotFound;
            ids[ErrorIds.ConnectFailed] = ErrorKind.ConnectionError;
            ids[ErrorIds.ExchangeSessionRequired] = ErrorKind.InvalidOperation;
            ids[ErrorIds.ExchangeSessionNotAvailable] = ErrorKind.ConnectionError;
            ids[ErrorIds.UnexpectedError] = ErrorKind.NotSpecified;
            ids[ErrorIds.NotADelegate] = ErrorKind.ObjectNotFound;
            ids[ErrorIds.SharingPolicyNotFound] = ErrorKind.ObjectNotFound;
            ids[ErrorIds.SharingPolicyExists] = ErrorKind.ResourceExists;
            ids[ErrorIds.AccessScanFileInvalid] = ErrorKind.InvalidData;
            ids[ErrorIds.AccessScanStateMismatch] = ErrorKind.InvalidArgument;
            ids[ErrorIds.SyncProfileNotFound] = ErrorKind.ObjectNotFound;
            ids[ErrorIds.InvalidSyncProfile] = ErrorKind.InvalidData;
            ids[ErrorIds.SyncProfileExists] = ErrorKind.ResourceExists;
            ids[ErrorIds.SyncPairNotFound] = ErrorKind.ObjectNotFound;
            ids[ErrorIds.InvalidSyncPair] = ErrorKind.InvalidArgument;
            ids[ErrorIds.SyncConnectionNotFound] = ErrorKind.ObjectNotFound;
            ids[ErrorIds.SyncStateStoreNotAvailable] = ErrorKind.InvalidArgument;
            ids[ErrorIds.SyncReadFailed] = ErrorKind.ReadError;
            ids[ErrorIds.SyncDeletionThresholdExceeded] = ErrorKind.LimitsExceeded;
            ids[ErrorIds.SyncWriteFailed] = ErrorKind.WriteError;
            ids[ErrorIds.SyncConflict] = ErrorKind.InvalidData;
            ids[ErrorIds.SyncLeaseLost] = ErrorKind.ResourceBusy;
            ids[ErrorIds.CopyAccessSameUser] = ErrorKind.InvalidArgument;
            ids[ErrorIds.PublishingNotAllowedBySharingPolicy] = ErrorKind.PermissionDenied;
            foreach (var id in new[]
            {
                ErrorIds.MissingMailbox, ErrorIds.InvalidMailbox, ErrorIds.MissingUser, ErrorIds.MissingRole, ErrorIds.InvalidRole,
                ErrorIds.MultipleRoles, ErrorIds.InvalidSharingPermissionFlags,
                ErrorIds.MissingDelegate, ErrorIds.InvalidDelegate, ErrorIds.DelegateIsOwner, ErrorIds.InvalidDelegateRole,
                ErrorIds.InvalidMeetingRequestDelivery, ErrorIds.MissingAccessRight, ErrorIds.InvalidAccessRight,
                ErrorIds.InvalidSharingDomain, ErrorIds.InvalidDetailLevel,
                ErrorIds.InvalidPublishingRange,
                ErrorIds.MissingSubject, ErrorIds.MissingEventId, ErrorIds.InvalidTimeZone, ErrorIds.InvalidEventWindow, ErrorIds.InvalidInterval,
            })
            {
                ids[id] = ErrorKind.InvalidArgument;
            }

            foreach (CalendarSharing.Core.Credentials.CredentialErrorReason reason in Enum.GetValues(typeof(CalendarSharing.Core.Credentials.CredentialErrorReason)))
            {
                var e = new CalendarSharing.Core.Credentials.CredentialStoreException(reason, string.Empty, null, string.Empty);
                ids[e.ErrorId] = e.Kind;
            }

            return ids;
        }
    }

    /// <summary>One row of a failed request: its number, its input object, and how the message names it.</summary>
    public sealed class RowRef
    {
        public RowRef(int? row, object? target, string? where, string? subject)
        {
            Row = row;
            Target = target;
            Where = where;
            Subject = subject;
        }

        public int? Row { get; }

        public object? Target { get; }

        public string? Where { get; }

        public string? Subject { get; }

        /// <summary>A permission row: the target is its input object, the message names its mailbox and user.</summary>
        public static RowRef Of(ShareRequest r) => new RowRef(r.Row, r.Source ?? (object?)r.Mailbox?.Trim(), r.Mailbox?.Trim(), ErrorCatalog.Subject(Texts.Error_UserSubject, r.User));

        /// <summary>A delegate row: the message names its mailbox and delegate.</summary>
        public static RowRef Of(CalendarSharing.Core.Delegation.DelegateRequest r) => new RowRef(r.Row, r.Source ?? (object?)r.Mailbox?.Trim(), r.Mailbox?.Trim(), ErrorCatalog.Subject(Texts.Error_DelegateSubject, r.Delegate));

        /// <summary>A mailbox-access row: the message names its mailbox and user.</summary>
        public static RowRef Of(CalendarSharing.Core.Delegation.MailboxAccessRequest r) => new RowRef(r.Row, r.Source ?? (object?)r.Mailbox?.Trim(), r.Mailbox?.Trim(), ErrorCatalog.Subject(Texts.Error_UserSubject, r.User));
    }
}
