using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// One EWS operation (exchangelib-shaped): its name, the lowest RequestServerVersion it needs, a pure
    /// request writer and a pure response reader. Transport and retries live elsewhere.
    /// </summary>
    internal abstract class EwsOperation<TResult>
    {
        /// <summary>The local name of the request body element.</summary>
        public abstract string Name { get; }

        /// <summary>The lowest RequestServerVersion that has everything this request uses.</summary>
        public virtual string MinimumVersion => "Exchange2007_SP1";

        /// <summary>The mailbox the request acts on (X-AnchorMailbox, impersonation); null for the caller's own.</summary>
        public string? TargetMailbox { get; set; }

        public abstract XElement WriteRequest();

        /// <summary>Reads the body payload (the XxxResponse element).</summary>
        public abstract TResult ReadResponse(XElement payload);
    }

    /// <summary>Writers for the types the operations share, in exact schema order.</summary>
    internal static class EwsTypeWriter
    {
        private static readonly XNamespace T = EwsXml.T;

        public static XElement FolderShape(params string[] fieldUris) =>
            new XElement(
                EwsXml.M + "FolderShape",
                new XElement(T + "BaseShape", "IdOnly"),
                fieldUris.Length == 0 ? null : new XElement(T + "AdditionalProperties", fieldUris.Select(f => new XElement(T + "FieldURI", new XAttribute("FieldURI", f)))));

        public static XElement FolderReference(EwsFolderReference folder)
        {
            if (folder.FolderId != null)
            {
                return FolderId(folder.FolderId);
            }

            return new XElement(
                T + "DistinguishedFolderId",
                new XAttribute("Id", folder.DistinguishedId!),
                folder.Mailbox == null ? null : new XElement(T + "Mailbox", new XElement(T + "EmailAddress", folder.Mailbox)));
        }

        public static XElement FolderId(EwsFolderId id) =>
            new XElement(T + "FolderId", new XAttribute("Id", id.Id), id.ChangeKey == null ? null : new XAttribute("ChangeKey", id.ChangeKey));

        public static XElement UserId(EwsUserId user) =>
            new XElement(
                T + "UserId",
                Opt("SID", user.Sid),
                Opt("PrimarySmtpAddress", user.PrimarySmtpAddress),
                Opt("DisplayName", user.DisplayName),
                Opt("DistinguishedUser", user.DistinguishedUser),
                Opt("ExternalUserIdentity", user.ExternalUserIdentity));

        /// <summary>
        /// A CalendarPermission. A named level is written alone (a level plus flags is ErrorInvalidPermissionSettings);
        /// a Custom entry is written with the flags it was read with, so it survives a whole-set replacement.
        /// </summary>
        public static XElement CalendarPermission(EwsCalendarPermission p)
        {
            var e = new XElement(T + "CalendarPermission", UserId(p.UserId));
            if (p.IsCustom)
            {
                e.Add(
                    OptBool("CanCreateItems", p.CanCreateItems),
                    OptBool("CanCreateSubFolders", p.CanCreateSubFolders),
                    OptBool("IsFolderOwner", p.IsFolderOwner),
                    OptBool("IsFolderVisible", p.IsFolderVisible),
                    OptBool("IsFolderContact", p.IsFolderContact),
                    Opt("EditItems", p.EditItems),
                    Opt("DeleteItems", p.DeleteItems),
                    Opt("ReadItems", p.ReadItems));
            }

            e.Add(new XElement(T + "CalendarPermissionLevel", p.Level));
            return e;
        }

        public static XElement DelegateUser(EwsDelegateUser d) =>
            new XElement(
                T + "DelegateUser",
                UserId(d.UserId),
                d.HasPermissions
                    ? new XElement(
                        T + "DelegatePermissions",
                        Opt("CalendarFolderPermissionLevel", d.CalendarFolderPermissionLevel),
                        Opt("TasksFolderPermissionLevel", d.TasksFolderPermissionLevel),
                        Opt("InboxFolderPermissionLevel", d.InboxFolderPermissionLevel),
                        Opt("ContactsFolderPermissionLevel", d.ContactsFolderPermissionLevel),
                        Opt("NotesFolderPermissionLevel", d.NotesFolderPermissionLevel),
                        Opt("JournalFolderPermissionLevel", d.JournalFolderPermissionLevel))
                    : null,
                OptBool("ReceiveCopiesOfMeetingMessages", d.ReceiveCopiesOfMeetingMessages),
                OptBool("ViewPrivateItems", d.ViewPrivateItems));

        public static XElement DelegateMailbox(string mailbox) =>
            new XElement(EwsXml.M + "Mailbox", new XElement(T + "EmailAddress", mailbox));

        private static XElement? Opt(string name, string? value) => value == null ? null : new XElement(T + name, value);

        private static XElement? OptBool(string name, bool? value) => value.HasValue ? new XElement(T + name, EwsXml.Bool(value.Value)) : null;
    }

    /// <summary>Readers for the shared types (lenient: by local name).</summary>
    internal static class EwsTypeReader
    {
        public static EwsUserId UserId(XElement? e) => new EwsUserId
        {
            Sid = e.ChildValue("SID"),
            PrimarySmtpAddress = e.ChildValue("PrimarySmtpAddress"),
            DisplayName = e.ChildValue("DisplayName"),
            DistinguishedUser = e.ChildValue("DistinguishedUser"),
            ExternalUserIdentity = e.ChildValue("ExternalUserIdentity"),
        };

        public static EwsCalendarPermission CalendarPermission(XElement e) =>
            new EwsCalendarPermission(UserId(e.Child("UserId")), e.ChildValue("CalendarPermissionLevel") ?? e.ChildValue("PermissionLevel") ?? "Custom")
            {
                CanCreateItems = e.ChildBool("CanCreateItems"),
                CanCreateSubFolders = e.ChildBool("CanCreateSubFolders"),
                IsFolderOwner = e.ChildBool("IsFolderOwner"),
                IsFolderVisible = e.ChildBool("IsFolderVisible"),
                IsFolderContact = e.ChildBool("IsFolderContact"),
                EditItems = e.ChildValue("EditItems"),
                DeleteItems = e.ChildValue("DeleteItems"),
                ReadItems = e.ChildValue("ReadItems"),
            };

        public static EwsCalendarFolder? Folder(XElement? folder)
        {
            if (folder == null)
            {
                return null;
            }

            var idElement = folder.Child("FolderId");
            var id = idElement.Attr("Id");
            if (id == null)
            {
                return null;
            }

            List<EwsCalendarPermission>? permissions = null;
            var set = folder.Child("PermissionSet");
            if (set != null)
            {
                // Calendar form (CalendarPermissions/CalendarPermission); tolerate the plain form too.
                var list = set.Child("CalendarPermissions") ?? set.Child("Permissions");
                permissions = list.AllChildren().Where(x => x.Name.LocalName == "CalendarPermission" || x.Name.LocalName == "Permission").Select(CalendarPermission).ToList();
            }

            return new EwsCalendarFolder(new EwsFolderId(id, idElement.Attr("ChangeKey")), folder.ChildValue("DisplayName"), folder.ChildValue("FolderClass"), permissions, folder.Name.LocalName);
        }

        public static EwsDelegateUser DelegateUser(XElement e)
        {
            var perms = e.Child("DelegatePermissions");
            return new EwsDelegateUser(UserId(e.Child("UserId")))
            {
                CalendarFolderPermissionLevel = perms.ChildValue("CalendarFolderPermissionLevel"),
                TasksFolderPermissionLevel = perms.ChildValue("TasksFolderPermissionLevel"),
                InboxFolderPermissionLevel = perms.ChildValue("InboxFolderPermissionLevel"),
                ContactsFolderPermissionLevel = perms.ChildValue("ContactsFolderPermissionLevel"),
                NotesFolderPermissionLevel = perms.ChildValue("NotesFolderPermissionLevel"),
                JournalFolderPermissionLevel = perms.ChildValue("JournalFolderPermissionLevel"),
                ReceiveCopiesOfMeetingMessages = e.ChildBool("ReceiveCopiesOfMeetingMessages"),
                ViewPrivateItems = e.ChildBool("ViewPrivateItems"),
            };
        }
    }

    /// <summary>GetFolder of many folders with their permission set; one result per folder, in order.</summary>
    internal sealed class GetFolderOperation : EwsOperation<IReadOnlyList<EwsItemResult<EwsCalendarFolder>>>
    {
        public GetFolderOperation(IReadOnlyList<EwsFolderReference> folders, bool includePermissions = true)
        {
            if (folders.Count == 0)
            {
                throw new ArgumentException("GetFolder needs at least one folder.", nameof(folders));
            }

            Folders = folders;
            IncludePermissions = includePermissions;
        }

        public IReadOnlyList<EwsFolderReference> Folders { get; }

        public bool IncludePermissions { get; }

        public override string Name => "GetFolder";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                IncludePermissions
                    ? EwsTypeWriter.FolderShape("folder:DisplayName", "folder:FolderClass", "folder:PermissionSet")
                    : EwsTypeWriter.FolderShape("folder:DisplayName", "folder:FolderClass"),
                new XElement(EwsXml.M + "FolderIds", Folders.Select(EwsTypeWriter.FolderReference)));

        public override IReadOnlyList<EwsItemResult<EwsCalendarFolder>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != Folders.Count)
            {
                throw new EwsProtocolException($"GetFolder asked for {Folders.Count} folders but the server answered {messages.Count}.");
            }

            return messages.Select(m => new EwsItemResult<EwsCalendarFolder>(
                EwsEnvelopeReader.ReadMessage(m),
                EwsTypeReader.Folder(m.Child("Folders")?.Elements().FirstOrDefault()))).ToList();
        }
    }

    /// <summary>FindFolder under one or more parents; optionally restricted to one display name.</summary>
    internal sealed class FindFolderOperation : EwsOperation<IReadOnlyList<EwsItemResult<IReadOnlyList<EwsCalendarFolder>>>>
    {
        public FindFolderOperation(IReadOnlyList<EwsFolderReference> parents, bool deep, string? displayName = null)
        {
            Parents = parents;
            Deep = deep;
            DisplayName = displayName;
        }

        public IReadOnlyList<EwsFolderReference> Parents { get; }

        public bool Deep { get; }

        /// <summary>When set, Restriction IsEqualTo folder:DisplayName.</summary>
        public string? DisplayName { get; }

        public override string Name => "FindFolder";

        public override XElement WriteRequest()
        {
            XElement? restriction = null;
            if (DisplayName != null)
            {
                restriction = new XElement(
                    EwsXml.M + "Restriction",
                    new XElement(
                        EwsXml.T + "IsEqualTo",
                        new XElement(EwsXml.T + "FieldURI", new XAttribute("FieldURI", "folder:DisplayName")),
                        new XElement(EwsXml.T + "FieldURIOrConstant", new XElement(EwsXml.T + "Constant", new XAttribute("Value", DisplayName)))));
            }

            return new XElement(
                EwsXml.M + Name,
                new XAttribute("Traversal", Deep ? "Deep" : "Shallow"),
                EwsTypeWriter.FolderShape("folder:DisplayName", "folder:FolderClass"),
                restriction,
                new XElement(EwsXml.M + "ParentFolderIds", Parents.Select(EwsTypeWriter.FolderReference)));
        }

        public override IReadOnlyList<EwsItemResult<IReadOnlyList<EwsCalendarFolder>>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            return messages.Select(m =>
            {
                var message = EwsEnvelopeReader.ReadMessage(m);
                var folders = m.Child("RootFolder").Child("Folders").AllChildren().Select(EwsTypeReader.Folder).Where(f => f != null).Select(f => f!).ToList();
                return new EwsItemResult<IReadOnlyList<EwsCalendarFolder>>(message, message.IsSuccess ? folders : null);
            }).ToList();
        }
    }

    /// <summary>UpdateFolder: one FolderChange per calendar, each a SetFolderField folder:PermissionSet (whole-set replacement).</summary>
    internal sealed class UpdateFolderOperation : EwsOperation<IReadOnlyList<EwsItemResult<EwsFolderId>>>
    {
        public UpdateFolderOperation(IReadOnlyList<EwsPermissionSetChange> changes)
        {
            if (changes.Count == 0)
            {
                throw new ArgumentException("UpdateFolder needs at least one change.", nameof(changes));
            }

            Changes = changes;
        }

        public IReadOnlyList<EwsPermissionSetChange> Changes { get; }

        public override string Name => "UpdateFolder";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XElement(
                    EwsXml.M + "FolderChanges",
                    Changes.Select(c => new XElement(
                        EwsXml.T + "FolderChange",
                        EwsTypeWriter.FolderId(c.FolderId),
                        new XElement(
                            EwsXml.T + "Updates",
                            new XElement(
                                EwsXml.T + "SetFolderField",
                                new XElement(EwsXml.T + "FieldURI", new XAttribute("FieldURI", "folder:PermissionSet")),
                                new XElement(
                                    EwsXml.T + "CalendarFolder",
                                    new XElement(
                                        EwsXml.T + "PermissionSet",
                                        new XElement(EwsXml.T + "CalendarPermissions", c.Permissions.Select(EwsTypeWriter.CalendarPermission))))))))));

        public override IReadOnlyList<EwsItemResult<EwsFolderId>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != Changes.Count)
            {
                throw new EwsProtocolException($"UpdateFolder sent {Changes.Count} changes but the server answered {messages.Count}.");
            }

            return messages.Select(m =>
            {
                var message = EwsEnvelopeReader.ReadMessage(m);
                var folder = EwsTypeReader.Folder(m.Child("Folders")?.Elements().FirstOrDefault());
                return new EwsItemResult<EwsFolderId>(message, folder?.FolderId);
            }).ToList();
        }
    }

    /// <summary>ResolveNames of one entry against the directory.</summary>
    internal sealed class ResolveNamesOperation : EwsOperation<EwsItemResult<IReadOnlyList<EwsResolution>>>
    {
        public ResolveNamesOperation(string entry, string searchScope = "ActiveDirectoryContacts")
        {
            Entry = entry;
            SearchScope = searchScope;
        }

        public string Entry { get; }

        public string SearchScope { get; }

        public override string Name => "ResolveNames";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XAttribute("ReturnFullContactData", "false"),
                new XAttribute("SearchScope", SearchScope),
                new XElement(EwsXml.M + "UnresolvedEntry", Entry));

        public override EwsItemResult<IReadOnlyList<EwsResolution>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count == 0)
            {
                throw new EwsProtocolException("ResolveNamesResponse has no response message.");
            }

            var m = messages[0];
            var message = EwsEnvelopeReader.ReadMessage(m);
            var list = m.Child("ResolutionSet").Children("Resolution").Select(r =>
            {
                var mb = r.Child("Mailbox");
                return new EwsResolution(mb.ChildValue("Name"), mb.ChildValue("EmailAddress"), mb.ChildValue("RoutingType"), mb.ChildValue("MailboxType"));
            }).ToList();
            return new EwsItemResult<IReadOnlyList<EwsResolution>>(message, list);
        }
    }

    /// <summary>The result of a delegate operation: the outer message (whole request) and one per user.</summary>
    internal sealed class EwsDelegateResult
    {
        public EwsDelegateResult(EwsResponseMessage outer, IReadOnlyList<EwsItemResult<EwsDelegateUser>> users, string? deliverMeetingRequests)
        {
            Outer = outer;
            Users = users;
            DeliverMeetingRequests = deliverMeetingRequests;
        }

        public EwsResponseMessage Outer { get; }

        public IReadOnlyList<EwsItemResult<EwsDelegateUser>> Users { get; }

        public string? DeliverMeetingRequests { get; }
    }

    /// <summary>The four delegate operations share the odd response shape (BRIEF §3).</summary>
    internal abstract class DelegateOperation : EwsOperation<EwsDelegateResult>
    {
        protected DelegateOperation(string mailbox)
        {
            Mailbox = mailbox;
            TargetMailbox = mailbox;
        }

        /// <summary>The principal's mailbox.</summary>
        public string Mailbox { get; }

        public override EwsDelegateResult ReadResponse(XElement payload)
        {
            if (payload.Name.LocalName != Name + "Response")
            {
                throw new EwsProtocolException($"Expected {Name}Response but the server answered {payload.Name.LocalName}.");
            }

            var outer = EwsEnvelopeReader.ReadMessage(payload);
            var users = payload.Child("ResponseMessages").AllChildren().Select(m =>
            {
                var message = EwsEnvelopeReader.ReadMessage(m);
                var user = m.Child("DelegateUser");
                return new EwsItemResult<EwsDelegateUser>(message, user == null ? null : EwsTypeReader.DelegateUser(user));
            }).ToList();
            return new EwsDelegateResult(outer, users, payload.ChildValue("DeliverMeetingRequests"));
        }
    }

    internal sealed class GetDelegateOperation : DelegateOperation
    {
        public GetDelegateOperation(string mailbox, IReadOnlyList<EwsUserId>? userIds = null, bool includePermissions = true)
            : base(mailbox)
        {
            UserIds = userIds;
            IncludePermissions = includePermissions;
        }

        public IReadOnlyList<EwsUserId>? UserIds { get; }

        public bool IncludePermissions { get; }

        public override string Name => "GetDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XAttribute("IncludePermissions", EwsXml.Bool(IncludePermissions)),
                EwsTypeWriter.DelegateMailbox(Mailbox),
                UserIds == null || UserIds.Count == 0 ? null : new XElement(EwsXml.M + "UserIds", UserIds.Select(EwsTypeWriter.UserId)));
    }

    internal sealed class AddDelegateOperation : DelegateOperation
    {
        public AddDelegateOperation(string mailbox, IReadOnlyList<EwsDelegateUser> users, string? deliverMeetingRequests = null)
            : base(mailbox)
        {
            if (users.Count == 0)
            {
                throw new ArgumentException("AddDelegate needs at least one user.", nameof(users));
            }

            Users = users;
            DeliverMeetingRequests = deliverMeetingRequests;
        }

        public IReadOnlyList<EwsDelegateUser> Users { get; }

        public string? DeliverMeetingRequests { get; }

        public override string Name => "AddDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                EwsTypeWriter.DelegateMailbox(Mailbox),
                new XElement(EwsXml.M + "DelegateUsers", Users.Select(EwsTypeWriter.DelegateUser)),
                DeliverMeetingRequests == null ? null : new XElement(EwsXml.M + "DeliverMeetingRequests", DeliverMeetingRequests));
    }

    internal sealed class UpdateDelegateOperation : DelegateOperation
    {
        public UpdateDelegateOperation(string mailbox, IReadOnlyList<EwsDelegateUser>? users, string? deliverMeetingRequests = null)
            : base(mailbox)
        {
            Users = users;
            DeliverMeetingRequests = deliverMeetingRequests;
        }

        public IReadOnlyList<EwsDelegateUser>? Users { get; }

        public string? DeliverMeetingRequests { get; }

        public override string Name => "UpdateDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                EwsTypeWriter.DelegateMailbox(Mailbox),
                Users == null || Users.Count == 0 ? null : new XElement(EwsXml.M + "DelegateUsers", Users.Select(EwsTypeWriter.DelegateUser)),
                DeliverMeetingRequests == null ? null : new XElement(EwsXml.M + "DeliverMeetingRequests", DeliverMeetingRequests));
    }

    internal sealed class RemoveDelegateOperation : DelegateOperation
    {
        public RemoveDelegateOperation(string mailbox, IReadOnlyList<EwsUserId> userIds)
            : base(mailbox)
        {
            if (userIds.Count == 0)
            {
                throw new ArgumentException("RemoveDelegate needs at least one user.", nameof(userIds));
            }

            UserIds = userIds;
        }

        public IReadOnlyList<EwsUserId> UserIds { get; }

        public override string Name => "RemoveDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                EwsTypeWriter.DelegateMailbox(Mailbox),
                new XElement(EwsXml.M + "UserIds", UserIds.Select(EwsTypeWriter.UserId)));
    }

    /// <summary>RequestServerVersion names in release order, for MinimumVersion checks.</summary>
    internal static class EwsVersions
    {
        private static readonly string[] Order =
        {
            "Exchange2007", "Exchange2007_SP1", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2", "Exchange2013", "Exchange2013_SP1",
            "Exchange2015", "Exchange2016", "V2015_10_05", "V2016_01_06", "V2016_04_13", "V2016_07_13", "V2016_10_10", "V2017_01_07",
            "V2017_04_14", "V2017_07_11", "V2017_10_09", "V2018_01_08",
        };

        /// <summary>True when <paramref name="requested"/> is at least <paramref name="minimum"/>; unknown names pass (the server decides).</summary>
        public static bool AtLeast(string requested, string minimum)
        {
            var r = Array.IndexOf(Order, requested);
            var m = Array.IndexOf(Order, minimum);
            return r < 0 || m < 0 || r >= m;
        }
    }
}
