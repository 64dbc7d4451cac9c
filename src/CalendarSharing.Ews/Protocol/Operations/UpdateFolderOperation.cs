using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
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
}
