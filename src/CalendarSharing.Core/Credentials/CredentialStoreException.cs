using System;
using CalendarSharing.Core.Output;

namespace CalendarSharing.Core.Credentials
{
    /// <summary>Why a stored credential could not be saved, read or removed.</summary>
    public enum CredentialErrorReason
    {
        InvalidName,
        InvalidInput,
        NotFound,
        AlreadyExists,
        KeyMissing,
        KeyMalformed,
        WrongKey,
        Corrupted,
        UnsupportedFormat,
        NotAvailableOnThisPlatform,
        DecryptionFailed,
        AccessDenied,
        IOError,
    }

    /// <summary>
    /// A stored-credential failure. The message names the credential, the file or the environment variable and
    /// says what to do; it never holds a password, a key or any byte of either.
    /// </summary>
    public sealed class CredentialStoreException : Exception
    {
        public CredentialStoreException(CredentialErrorReason reason, string message, string? credentialName, string recommendedAction, Exception? innerException = null)
            : base(message, innerException)
        {
            Reason = reason;
            CredentialName = credentialName;
            RecommendedAction = recommendedAction;
        }

        public CredentialErrorReason Reason { get; }

        /// <summary>The credential's name, when the failure is about one.</summary>
        public string? CredentialName { get; }

        public string RecommendedAction { get; }

        /// <summary>The stable error id, category and advice the cmdlets report this failure with.</summary>
        public OperationError ToOperationError(object? target = null)
        {
            return new OperationError(ErrorId, Kind, Message, target ?? CredentialName, RecommendedAction, this);
        }

        internal string ErrorId
        {
            get
            {
                switch (Reason)
                {
                    case CredentialErrorReason.InvalidName: return "InvalidCredentialName";
                    case CredentialErrorReason.InvalidInput: return "InvalidCredential";
                    case CredentialErrorReason.NotFound: return "CredentialNotFound";
                    case CredentialErrorReason.AlreadyExists: return "CredentialExists";
                    case CredentialErrorReason.KeyMissing: return "CredentialKeyMissing";
                    case CredentialErrorReason.KeyMalformed: return "CredentialKeyMalformed";
                    case CredentialErrorReason.WrongKey: return "CredentialWrongKey";
                    case CredentialErrorReason.Corrupted: return "CredentialFileCorrupted";
                    case CredentialErrorReason.UnsupportedFormat: return "CredentialFormatNotSupported";
                    case CredentialErrorReason.NotAvailableOnThisPlatform: return "CredentialProtectionNotAvailable";
                    case CredentialErrorReason.DecryptionFailed: return "CredentialDecryptionFailed";
                    case CredentialErrorReason.AccessDenied: return "CredentialAccessDenied";
                    default: return "CredentialStoreIOError";
                }
            }
        }

        internal ErrorKind Kind
        {
            get
            {
                switch (Reason)
                {
                    case CredentialErrorReason.InvalidName:
                    case CredentialErrorReason.InvalidInput:
                        return ErrorKind.InvalidArgument;
                    case CredentialErrorReason.NotFound:
                        return ErrorKind.ObjectNotFound;
                    case CredentialErrorReason.AlreadyExists:
                        return ErrorKind.ResourceExists;
                    case CredentialErrorReason.KeyMissing:
                    case CredentialErrorReason.KeyMalformed:
                    case CredentialErrorReason.WrongKey:
                    case CredentialErrorReason.DecryptionFailed:
                        return ErrorKind.SecurityError;
                    case CredentialErrorReason.Corrupted:
                    case CredentialErrorReason.UnsupportedFormat:
                        return ErrorKind.InvalidData;
                    case CredentialErrorReason.NotAvailableOnThisPlatform:
                        return ErrorKind.NotImplemented;
                    case CredentialErrorReason.AccessDenied:
                        return ErrorKind.PermissionDenied;
                    default:
                        return ErrorKind.ReadError;
                }
            }
        }
    }
}
