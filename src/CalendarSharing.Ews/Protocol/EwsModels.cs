using System;
using System.Collections.Generic;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>A folder id with its version (EWS FolderId Id + ChangeKey).</summary>
    internal sealed class EwsFolderId
    {
        public EwsFolderId(string id, string? changeKey)
        {
            Id = id;
            ChangeKey = changeKey;
        }

        public string Id { get; }

        public string? ChangeKey { get; }

        public override string ToString() => Id;
    }

    /// <summary>How a request names a folder: a distinguished id (with an optional mailbox) or a FolderId.</summary>
    internal sealed class EwsFolderReference
    {
        private EwsFolderReference(string? distinguishedId, string? mailbox, EwsFolderId? folderId)
        {
            DistinguishedId = distinguishedId;
            Mailbox = mailbox;
            FolderId = folderId;
        }

        /// <summary>calendar, msgfolderroot, …; null for a FolderId reference.</summary>
        public string? DistinguishedId { get; }

        /// <summary>The mailbox of a distinguished folder (explicit access); null for the caller's own.</summary>
        public string? Mailbox { get; }

        public EwsFolderId? FolderId { get; }

        public static EwsFolderReference Distinguished(string id, string? mailbox = null) => new EwsFolderReference(id, mailbox, null);

        public static EwsFolderReference ById(EwsFolderId id) => new EwsFolderReference(null, null, id);

        public override string ToString() => DistinguishedId != null ? DistinguishedId + (Mailbox != null ? "@" + Mailbox : string.Empty) : FolderId!.Id;
    }

    /// <summary>t:UserId, in schema order.</summary>
    internal sealed class EwsUserId
    {
        public string? Sid { get; set; }

        public string? PrimarySmtpAddress { get; set; }

        public string? DisplayName { get; set; }

        /// <summary>Default or Anonymous.</summary>
        public string? DistinguishedUser { get; set; }

        public string? ExternalUserIdentity { get; set; }

        public static EwsUserId Smtp(string address) => new EwsUserId { PrimarySmtpAddress = address };

        public static EwsUserId Distinguished(string name) => new EwsUserId { DistinguishedUser = name };

        public override string ToString() => DistinguishedUser ?? PrimarySmtpAddress ?? ExternalUserIdentity ?? DisplayName ?? Sid ?? "(empty)";
    }

    /// <summary>t:CalendarPermission exactly as read or to be written: the flags (optional) and the level.</summary>
    internal sealed class EwsCalendarPermission
    {
        public EwsCalendarPermission(EwsUserId userId, string level)
        {
            UserId = userId;
            Level = level;
        }

        public EwsUserId UserId { get; }

        public bool? CanCreateItems { get; set; }

        public bool? CanCreateSubFolders { get; set; }

        public bool? IsFolderOwner { get; set; }

        public bool? IsFolderVisible { get; set; }

        public bool? IsFolderContact { get; set; }

        /// <summary>None, Owned or All.</summary>
        public string? EditItems { get; set; }

        /// <summary>None, Owned or All.</summary>
        public string? DeleteItems { get; set; }

        /// <summary>None, TimeOnly, TimeAndSubjectAndLocation or FullDetails.</summary>
        public string? ReadItems { get; set; }

        /// <summary>CalendarPermissionLevel: a named level or Custom.</summary>
        public string Level { get; }

        public bool IsCustom => string.Equals(Level, "Custom", StringComparison.Ordinal);

        public override string ToString() => $"{UserId} = {Level}";
    }

    /// <summary>A calendar folder as GetFolder / FindFolder return it.</summary>
    internal sealed class EwsCalendarFolder
    {
        public EwsCalendarFolder(EwsFolderId folderId, string? displayName, string? folderClass, IReadOnlyList<EwsCalendarPermission>? permissions, string elementName)
        {
            FolderId = folderId;
            DisplayName = displayName;
            FolderClass = folderClass;
            Permissions = permissions;
            ElementName = elementName;
        }

        public EwsFolderId FolderId { get; }

        public string? DisplayName { get; }

        public string? FolderClass { get; }

        /// <summary>Null when the response carried no PermissionSet.</summary>
        public IReadOnlyList<EwsCalendarPermission>? Permissions { get; }

        /// <summary>CalendarFolder, Folder, … (the local name the server used).</summary>
        public string ElementName { get; }

        public bool IsCalendar =>
            ElementName == "CalendarFolder" || (FolderClass != null && FolderClass.StartsWith("IPF.Appointment", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>One FolderChange that replaces a calendar's whole permission set.</summary>
    internal sealed class EwsPermissionSetChange
    {
        public EwsPermissionSetChange(EwsFolderId folderId, IReadOnlyList<EwsCalendarPermission> permissions)
        {
            FolderId = folderId;
            Permissions = permissions;
        }

        public EwsFolderId FolderId { get; }

        public IReadOnlyList<EwsCalendarPermission> Permissions { get; }
    }

    /// <summary>t:DelegateUser; folder levels in schema order (None, Editor, Reviewer, Author, Custom).</summary>
    internal sealed class EwsDelegateUser
    {
        public EwsDelegateUser(EwsUserId userId)
        {
            UserId = userId;
        }

        public EwsUserId UserId { get; }

        public string? CalendarFolderPermissionLevel { get; set; }

        public string? TasksFolderPermissionLevel { get; set; }

        public string? InboxFolderPermissionLevel { get; set; }

        public string? ContactsFolderPermissionLevel { get; set; }

        public string? NotesFolderPermissionLevel { get; set; }

        public string? JournalFolderPermissionLevel { get; set; }

        public bool? ReceiveCopiesOfMeetingMessages { get; set; }

        public bool? ViewPrivateItems { get; set; }

        internal bool HasPermissions =>
            CalendarFolderPermissionLevel != null || TasksFolderPermissionLevel != null || InboxFolderPermissionLevel != null
            || ContactsFolderPermissionLevel != null || NotesFolderPermissionLevel != null || JournalFolderPermissionLevel != null;

        public override string ToString() => $"{UserId} calendar={CalendarFolderPermissionLevel} private={ViewPrivateItems}";
    }

    /// <summary>One candidate of a ResolveNames answer (t:Resolution/t:Mailbox).</summary>
    internal sealed class EwsResolution
    {
        public EwsResolution(string? name, string? emailAddress, string? routingType, string? mailboxType)
        {
            Name = name;
            EmailAddress = emailAddress;
            RoutingType = routingType;
            MailboxType = mailboxType;
        }

        public string? Name { get; }

        public string? EmailAddress { get; }

        public string? RoutingType { get; }

        /// <summary>Mailbox, PublicDL, PrivateDL, Contact, PublicFolder, Unknown, OneOff, GroupMailbox.</summary>
        public string? MailboxType { get; }
    }

    /// <summary>The common part of every response message: class, code, text and MessageXml.</summary>
    internal sealed class EwsResponseMessage
    {
        public EwsResponseMessage(string responseClass, string responseCode, string? messageText, IReadOnlyDictionary<string, string> messageXmlValues)
        {
            ResponseClass = responseClass;
            ResponseCode = responseCode;
            MessageText = messageText;
            MessageXmlValues = messageXmlValues;
        }

        public string ResponseClass { get; }

        public string ResponseCode { get; }

        public string? MessageText { get; }

        /// <summary>MessageXml/Value[@Name] pairs (BackOffMilliseconds, …).</summary>
        public IReadOnlyDictionary<string, string> MessageXmlValues { get; }

        /// <summary>The server's back-off hint of an ErrorServerBusy answer, if it sent one.</summary>
        public TimeSpan? BackOff =>
            MessageXmlValues.TryGetValue(EwsWellKnownNames.BackOffMilliseconds, out var v) && EwsXml.ParseInt(v) is int ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;

        /// <summary>Success only: a Warning is "not applied" unless the operation says otherwise (https://learn.microsoft.com/exchange/client-developer/web-service-reference/responsemessage).</summary>
        public bool IsSuccess => ResponseClass == "Success" && (ResponseCode == EwsResponseCodes.NoError || ResponseCode.Length == 0);

        public override string ToString() => $"{ResponseClass} {ResponseCode}" + (MessageText != null ? ": " + MessageText : string.Empty);
    }

    /// <summary>One per-item answer: the message and, on success, the value.</summary>
    internal sealed class EwsItemResult<T>
        where T : class
    {
        public EwsItemResult(EwsResponseMessage message, T? value)
        {
            Message = message;
            Value = value;
        }

        public EwsResponseMessage Message { get; }

        public T? Value { get; }

        public bool IsSuccess => Message.IsSuccess && Value != null;
    }
}
