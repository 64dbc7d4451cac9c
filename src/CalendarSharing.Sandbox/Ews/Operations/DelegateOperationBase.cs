using System;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Directory;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// The shared part of the four delegate operations and their odd response shape (m:BaseDelegateResponseMessageType
    /// in messages.xsd, [MS-OXWSDLGM]): the root element is itself a response message, with one
    /// m:DelegateUserResponseMessageType per user inside.
    /// </summary>
    internal abstract class DelegateOperationBase : IEwsOperation
    {
        protected static readonly XNamespace M = EwsNames.M;
        protected static readonly XNamespace T = EwsNames.T;
        protected const string UserMessageName = "DelegateUserResponseMessageType";

        public abstract string Name { get; }

        private string ResponseName => Name + "Response";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var address = ((string?)request.Element(M + "Mailbox")?.Element(T + "EmailAddress") ?? string.Empty).Trim();
            var mailbox = context.Org.FindEwsMailbox(address);
            if (mailbox == null)
            {
                return SoapWriter.Failure(ResponseName, "ErrorNonExistentMailbox");
            }

            if (!context.CanAccess(mailbox))
            {
                return SoapWriter.Failure(ResponseName, "ErrorAccessDenied");
            }

            var response = SoapWriter.Success(ResponseName);
            lock (mailbox.DelegateGate)
            {
                Execute(request, context, mailbox, response);
            }

            return response;
        }

        /// <summary>Adds m:ResponseMessages (and whatever follows it) to the outer Success response.</summary>
        protected abstract void Execute(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response);

        /// <summary>The directory user a t:UserId names (PrimarySmtpAddress or SID), or ErrorDelegateNoUser.</summary>
        protected static DirectoryEntry ResolveUser(XElement? userId, EwsRequestContext context)
        {
            var address = ((string?)userId?.Element(T + "PrimarySmtpAddress"))?.Trim();
            var sid = ((string?)userId?.Element(T + "SID"))?.Trim();
            return context.Org.FindDelegateUser(address, sid) ?? throw new EwsItemException("ErrorDelegateNoUser");
        }

        protected static DelegateRecord? Find(SandboxMailbox mailbox, DirectoryEntry user) => SandboxOrganization.FindDelegate(mailbox, user.Address);

        /// <summary>The organisation's delegate rule refusals, in EWS words.</summary>
        protected static EwsItemException Render(DelegateException error)
        {
            switch (error.Problem)
            {
                case DelegateProblem.Owner:
                    return new EwsItemException("ErrorDelegateCannotAddOwner");
                case DelegateProblem.AlreadyDelegate:
                    return new EwsItemException("ErrorDelegateAlreadyExists");
                default:
                    return new EwsItemException("ErrorNotDelegate");
            }
        }

        protected static XElement UserSuccess(SandboxMailbox mailbox, DelegateRecord record, bool includePermissions) =>
            SoapWriter.Success(UserMessageName, WriteDelegateUser(mailbox, record, includePermissions));

        protected static XElement UserFailure(EwsItemException error) => SoapWriter.Failure(UserMessageName, error);

        /// <summary>
        /// AddDelegate and UpdateDelegate: one response message per DelegateUser (a per-user error never stops the
        /// others), then the mailbox-wide DeliverMeetingRequests when given. The schema wants no empty ResponseMessages.
        /// </summary>
        protected static void ForEachDelegateUser(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response, Func<XElement, DirectoryEntry, DelegateRecord> apply)
        {
            var messages = new XElement(M + "ResponseMessages");
            foreach (var delegateUser in request.Element(M + "DelegateUsers")?.Elements(T + "DelegateUser") ?? Array.Empty<XElement>())
            {
                try
                {
                    var user = ResolveUser(delegateUser.Element(T + "UserId"), context);
                    messages.Add(UserSuccess(mailbox, apply(delegateUser, user), includePermissions: true));
                }
                catch (EwsItemException error)
                {
                    messages.Add(UserFailure(error));
                }
            }

            var deliver = (string?)request.Element(M + "DeliverMeetingRequests");
            if (deliver != null)
            {
                mailbox.DeliverMeetingRequests = deliver.Trim();
            }

            if (messages.HasElements)
            {
                response.Add(messages);
            }
        }

        /// <summary>Applies the delegate fields of a t:DelegateUser (only those present) to the record.</summary>
        protected static void ApplyFields(XElement delegateUser, DelegateRecord record, SandboxMailbox mailbox)
        {
            var permissions = delegateUser.Element(T + "DelegatePermissions");
            if (permissions != null)
            {
                foreach (var folderName in DelegateRecord.FolderNames)
                {
                    var level = ((string?)permissions.Element(T + folderName + "FolderPermissionLevel"))?.Trim();
                    if (level != null)
                    {
                        record.Levels[folderName] = level;
                    }
                }

                if (permissions.Element(T + "CalendarFolderPermissionLevel") != null)
                {
                    WriteCalendarEntry(mailbox, record.User, record.Levels["Calendar"]);
                }
            }

            var copies = (bool?)delegateUser.Element(T + "ReceiveCopiesOfMeetingMessages");
            if (copies.HasValue)
            {
                record.ReceiveCopiesOfMeetingMessages = copies.Value;
            }

            var viewPrivate = (bool?)delegateUser.Element(T + "ViewPrivateItems");
            if (viewPrivate.HasValue)
            {
                record.ViewPrivateItems = viewPrivate.Value;
            }
        }

        /// <summary>
        /// Exchange keeps a delegate's folder level as an ordinary folder permission (observed behaviour of Exchange:
        /// GetFolder after AddDelegate shows the delegate): Editor, Reviewer or Author become that entry on the
        /// calendar ACL, None removes it, Custom leaves the ACL alone. Every write rotates the calendar's ChangeKey.
        /// </summary>
        protected static void WriteCalendarEntry(SandboxMailbox mailbox, DirectoryEntry user, string level)
        {
            if (level == PermissionLevels.Custom)
            {
                return;
            }

            mailbox.Calendar.Modify(entries =>
            {
                entries.RemoveAll(e => string.Equals(e.Address, user.Address, StringComparison.OrdinalIgnoreCase));
                if (level != PermissionLevels.None && PermissionLevels.TryGetRights(level, out var rights))
                {
                    entries.Add(new AclEntry(PrincipalType.Internal, user.Address, user.DisplayName, user.Sid, rights));
                }

                return entries;
            });
        }

        private static XElement WriteDelegateUser(SandboxMailbox mailbox, DelegateRecord record, bool includePermissions)
        {
            var element = new XElement(M + "DelegateUser",
                new XElement(T + "UserId",
                    new XElement(T + "SID", record.User.Sid),
                    new XElement(T + "PrimarySmtpAddress", record.User.Address),
                    new XElement(T + "DisplayName", record.User.DisplayName)));
            if (includePermissions)
            {
                var permissions = new XElement(T + "DelegatePermissions");
                foreach (var folderName in DelegateRecord.FolderNames)
                {
                    var level = folderName == "Calendar" ? CalendarLevel(mailbox, record) : record.Levels[folderName];
                    permissions.Add(new XElement(T + folderName + "FolderPermissionLevel", level));
                }

                element.Add(permissions);
            }

            element.Add(new XElement(T + "ReceiveCopiesOfMeetingMessages", record.ReceiveCopiesOfMeetingMessages ? "true" : "false"));
            element.Add(new XElement(T + "ViewPrivateItems", record.ViewPrivateItems ? "true" : "false"));
            return element;
        }

        // The calendar level is read back from the ACL, as Exchange does: an out-of-band ACL change shows up here.
        private static string CalendarLevel(SandboxMailbox mailbox, DelegateRecord record)
        {
            var entry = mailbox.Calendar.Read().Entries.FirstOrDefault(e => string.Equals(e.Address, record.User.Address, StringComparison.OrdinalIgnoreCase));
            if (entry == null)
            {
                return PermissionLevels.None;
            }

            var level = entry.Level;
            return level == "Editor" || level == "Reviewer" || level == "Author" || level == "None" ? level : PermissionLevels.Custom;
        }
    }
}
