using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
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
}
