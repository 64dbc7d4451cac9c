using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Faults
{
    /// <summary>A per-item failure: the operation writes it as one ResponseMessage with ResponseClass="Error".</summary>
    internal sealed class EwsItemException : Exception
    {
        public EwsItemException(string responseCode, string? messageText = null)
            : base(messageText ?? EwsMessages.TextFor(responseCode))
        {
            ResponseCode = responseCode;
        }

        public string ResponseCode { get; }
    }

    /// <summary>
    /// A request-level failure: written as a SOAP fault with HTTP 500, as the EWS Managed API expects
    /// (OfficeDev/ews-managed-api, Core/Requests/ServiceRequestBase.cs).
    /// </summary>
    internal sealed class EwsFaultException : Exception
    {
        public EwsFaultException(
            string responseCode,
            string? message = null,
            IReadOnlyList<KeyValuePair<string, string>>? details = null,
            IReadOnlyList<KeyValuePair<string, string>>? messageXmlValues = null)
            : base(message ?? EwsMessages.TextFor(responseCode))
        {
            ResponseCode = responseCode;
            Details = details ?? Array.Empty<KeyValuePair<string, string>>();
            MessageXmlValues = messageXmlValues ?? Array.Empty<KeyValuePair<string, string>>();
        }

        public string ResponseCode { get; }

        /// <summary>Extra e:* detail elements (Line, Position) written after e:Message.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Details { get; }

        /// <summary>e:MessageXml/t:Value[@Name] pairs, e.g. BackOffMilliseconds.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> MessageXmlValues { get; }
    }

    /// <summary>The MessageText a server writes for each ResponseCode the sandbox emits.</summary>
    internal static class EwsMessages
    {
        private static readonly Dictionary<string, string> Texts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ErrorAccessDenied"] = "Access is denied. Check credentials and try again.",
            ["ErrorNonExistentMailbox"] = "The SMTP address has no mailbox associated with it.",
            ["ErrorFolderNotFound"] = "The specified folder could not be found in the store.",
            ["ErrorInvalidIdMalformed"] = "Id is malformed.",
            ["ErrorChangeKeyRequiredForWriteOperations"] = "When making a request that will modify an item or folder, the ChangeKey attribute must be supplied.",
            ["ErrorStaleObject"] = "The change key passed in the request does not match the current change key for the item.",
            ["ErrorDuplicateUserIdsSpecified"] = "The permission set contains the same user more than once.",
            ["ErrorInvalidPermissionSettings"] = "The permission settings are not valid. A permission level other than Custom cannot be combined with individual permissions.",
            ["ErrorInvalidUserInfo"] = "The user information in the permission entry is not valid or could not be found.",
            ["ErrorPermissionNotAllowedByPolicy"] = "The sharing policy does not allow this permission level for the external user.",
            ["ErrorNotAllowedExternalSharingByPolicy"] = "The sharing policy does not allow sharing with this external domain.",
            ["ErrorInvalidPropertySet"] = "The property cannot be set by this request.",
            ["ErrorIncorrectUpdatePropertyCount"] = "An object within a change description must contain one and only one property to modify.",
            ["ErrorNameResolutionNoResults"] = "No results were found.",
            ["ErrorNameResolutionMultipleResults"] = "Multiple results were found.",
            ["ErrorDelegateAlreadyExists"] = "The user is already a delegate for the mailbox.",
            ["ErrorNotDelegate"] = "The specified user is not a delegate for the mailbox.",
            ["ErrorDelegateNoUser"] = "The delegate user could not be found in the directory.",
            ["ErrorDelegateCannotAddOwner"] = "The mailbox owner cannot be added as a delegate.",
            ["ErrorDelegateValidationFailed"] = "The delegate is not valid.",
            ["ErrorInvalidRestriction"] = "The restriction is not supported by this server.",
            ["ErrorInvalidRequest"] = "The request is invalid.",
            ["ErrorInvalidServerVersion"] = "The specified server version is invalid.",
            ["ErrorSchemaValidation"] = "The request failed schema validation.",
            ["ErrorServerBusy"] = "The server cannot service this request right now. Try again later.",
            ["ErrorInternalServerTransientError"] = "An internal server error occurred. Try again later.",
            ["ErrorInternalServerError"] = "An internal server error occurred. The operation failed.",
            ["ErrorImpersonateUserDenied"] = "The account does not have permission to impersonate the requested user.",
        };

        public static string TextFor(string responseCode) =>
            Texts.TryGetValue(responseCode, out var text) ? text : responseCode;
    }
}
