using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
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
}
