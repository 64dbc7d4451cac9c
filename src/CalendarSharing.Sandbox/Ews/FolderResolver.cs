using System;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>Turns a t:FolderId or t:DistinguishedFolderId into a folder, or a per-item error.</summary>
    internal static class FolderResolver
    {
        private static readonly XNamespace T = EwsNames.T;

        public static SandboxFolder Resolve(XElement folderId, EwsRequestContext context)
        {
            if (folderId.Name == T + "FolderId")
            {
                return ById((string?)folderId.Attribute("Id") ?? string.Empty, context);
            }

            if (folderId.Name == T + "DistinguishedFolderId")
            {
                return ByDistinguishedName(folderId, context);
            }

            // AddressListId, PublicFolders and the like: not part of this organisation.
            throw new EwsItemException("ErrorFolderNotFound");
        }

        private static SandboxFolder ById(string id, EwsRequestContext context)
        {
            if (!FolderIds.TryDecode(id, out var address, out var key))
            {
                throw new EwsItemException("ErrorInvalidIdMalformed");
            }

            var mailbox = context.Org.FindEwsMailbox(address);
            var folder = mailbox?.FindByKey(key);
            if (mailbox == null || folder == null)
            {
                throw new EwsItemException("ErrorFolderNotFound");
            }

            context.DemandAccess(mailbox);
            return folder;
        }

        private static SandboxFolder ByDistinguishedName(XElement element, EwsRequestContext context)
        {
            var name = (string?)element.Attribute("Id") ?? string.Empty;
            var mailbox = context.DefaultMailbox;
            if (mailbox == null && element.Element(T + "Mailbox") == null)
            {
                throw new EwsItemException("ErrorNonExistentMailbox"); // the caller's own mailbox is in the cloud
            }

            var mailboxElement = element.Element(T + "Mailbox");
            if (mailboxElement != null)
            {
                var address = ((string?)mailboxElement.Element(T + "EmailAddress") ?? string.Empty).Trim();
                mailbox = context.Org.FindEwsMailbox(address) ?? throw new EwsItemException("ErrorNonExistentMailbox");
            }

            context.DemandAccess(mailbox!);

            // "root" is the mailbox root above msgfolderroot; the sandbox models only the IPM subtree and maps both to it.
            var lookup = string.Equals(name, "root", StringComparison.Ordinal) ? "msgfolderroot" : name;
            return mailbox!.FindDistinguished(lookup) ?? throw new EwsItemException("ErrorFolderNotFound");
        }
    }
}
