namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// The EWS ResponseCode values the client acts on, as the ResponseCodeType enumeration of messages.xsd spells them
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/responsecode).
    /// </summary>
    internal static class EwsResponseCodes
    {
        public const string NoError = "NoError";

        public const string ErrorAccessDenied = "ErrorAccessDenied";

        public const string ErrorBatchProcessingStopped = "ErrorBatchProcessingStopped";

        public const string ErrorCannotFindUser = "ErrorCannotFindUser";

        public const string ErrorChangeKeyRequiredForWriteOperations = "ErrorChangeKeyRequiredForWriteOperations";

        public const string ErrorConnectionFailed = "ErrorConnectionFailed";

        public const string ErrorDelegateAlreadyExists = "ErrorDelegateAlreadyExists";

        public const string ErrorDelegateCannotAddOwner = "ErrorDelegateCannotAddOwner";

        public const string ErrorDelegateNoUser = "ErrorDelegateNoUser";

        public const string ErrorDelegateValidationFailed = "ErrorDelegateValidationFailed";

        public const string ErrorDuplicateUserIdsSpecified = "ErrorDuplicateUserIdsSpecified";

        public const string ErrorFolderNotFound = "ErrorFolderNotFound";

        public const string ErrorImpersonateUserDenied = "ErrorImpersonateUserDenied";

        public const string ErrorImpersonationDenied = "ErrorImpersonationDenied";

        public const string ErrorImpersonationFailed = "ErrorImpersonationFailed";

        public const string ErrorInternalServerError = "ErrorInternalServerError";

        public const string ErrorInternalServerTransientError = "ErrorInternalServerTransientError";

        public const string ErrorInvalidChangeKey = "ErrorInvalidChangeKey";

        public const string ErrorInvalidMailbox = "ErrorInvalidMailbox";

        public const string ErrorInvalidPermissionSettings = "ErrorInvalidPermissionSettings";

        public const string ErrorInvalidRequest = "ErrorInvalidRequest";

        public const string ErrorInvalidServerVersion = "ErrorInvalidServerVersion";

        public const string ErrorInvalidUserInfo = "ErrorInvalidUserInfo";

        public const string ErrorInvalidUserSid = "ErrorInvalidUserSid";

        public const string ErrorIrresolvableConflict = "ErrorIrresolvableConflict";

        public const string ErrorItemNotFound = "ErrorItemNotFound";

        public const string ErrorMailRecipientNotFound = "ErrorMailRecipientNotFound";

        public const string ErrorMailboxMoveInProgress = "ErrorMailboxMoveInProgress";

        public const string ErrorMailboxStoreUnavailable = "ErrorMailboxStoreUnavailable";

        public const string ErrorMissingEmailAddress = "ErrorMissingEmailAddress";

        public const string ErrorNameResolutionMultipleResults = "ErrorNameResolutionMultipleResults";

        public const string ErrorNameResolutionNoResults = "ErrorNameResolutionNoResults";

        public const string ErrorNonExistentMailbox = "ErrorNonExistentMailbox";

        public const string ErrorNotAllowedExternalSharingByPolicy = "ErrorNotAllowedExternalSharingByPolicy";

        public const string ErrorNotDelegate = "ErrorNotDelegate";

        public const string ErrorPermissionNotAllowedByPolicy = "ErrorPermissionNotAllowedByPolicy";

        public const string ErrorSchemaValidation = "ErrorSchemaValidation";

        public const string ErrorServerBusy = "ErrorServerBusy";

        public const string ErrorStaleObject = "ErrorStaleObject";

        /// <summary>GetMailTips: the mail tips service is turned off.</summary>
        public const string ErrorMailTipsDisabled = "ErrorMailTipsDisabled";
    }

    /// <summary>Well-known names of the EWS schema (types.xsd) the client writes.</summary>
    internal static class EwsWellKnownNames
    {
        /// <summary>DistinguishedFolderIdNameType: the default calendar, whatever its display name in the mailbox's language.</summary>
        public const string CalendarFolder = "calendar";

        /// <summary>DistinguishedFolderIdNameType: the top of the mailbox's IPM subtree.</summary>
        public const string MessageFolderRoot = "msgfolderroot";

        /// <summary>DistinguishedUserType: everyone in the organisation ("My Organization").</summary>
        public const string DefaultUser = "Default";

        /// <summary>DistinguishedUserType: anonymous users.</summary>
        public const string AnonymousUser = "Anonymous";

        /// <summary>MessageXml Value name of an ErrorServerBusy answer: how long to wait before the next request
        /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange).</summary>
        public const string BackOffMilliseconds = "BackOffMilliseconds";
    }

    /// <summary>MailboxTypeType values of types.xsd (https://learn.microsoft.com/exchange/client-developer/web-service-reference/mailboxtype).</summary>
    internal static class EwsMailboxTypes
    {
        /// <summary>A mail-enabled user or mailbox of the organisation.</summary>
        public const string Mailbox = "Mailbox";

        /// <summary>A contact in the directory or a contacts folder.</summary>
        public const string Contact = "Contact";

        /// <summary>An address that is not in the directory.</summary>
        public const string OneOff = "OneOff";
    }
}
