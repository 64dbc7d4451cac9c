using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// CreateItem of many calendar items into one folder in one request: m:Items takes any number of items and the server
    /// answers one CreateItemResponseMessage per item, in order, each a success or its own error
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/createitem-operation-calendar-item).
    /// Every item is written as <see cref="CreateItemOperation"/> writes one; SendMeetingInvitations is SendToNone (a batch
    /// never invites). Not idempotent, so never retried blindly.
    /// </summary>
    internal sealed class CreateItemsOperation : EwsOperation<IReadOnlyList<EwsItemResult<EwsItemId>>>
    {
        public CreateItemsOperation(EwsFolderReference folder, IReadOnlyList<CreateItemOperation> items)
        {
            if (items.Count == 0)
            {
                throw new ArgumentException("CreateItem needs at least one item.", nameof(items));
            }

            Folder = folder;
            Items = items;
        }

        public EwsFolderReference Folder { get; }

        public IReadOnlyList<CreateItemOperation> Items { get; }

        public override string Name => "CreateItem";

        public override bool RetryWhenOutcomeUnknown => false;

        public override XElement WriteRequest() =>
            new XElement(EwsXml.M + Name,
                new XAttribute("SendMeetingInvitations", "SendToNone"),
                new XElement(EwsXml.M + "SavedItemFolderId", EwsTypeWriter.FolderReference(Folder)),
                new XElement(EwsXml.M + "Items", Items.Select(i => i.ItemElement())));

        public override IReadOnlyList<EwsItemResult<EwsItemId>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != Items.Count)
            {
                throw new EwsProtocolException($"CreateItem sent {Items.Count} items but the server answered {messages.Count} messages.");
            }

            return messages.Select(m =>
            {
                var id = m.Child("Items").Child("CalendarItem").Child("ItemId");
                return new EwsItemResult<EwsItemId>(EwsEnvelopeReader.ReadMessage(m), id?.Attr("Id") is string value ? new EwsItemId(value, id.Attr("ChangeKey")) : null);
            }).ToList();
        }
    }

    /// <summary>
    /// UpdateItem of many calendar items in one request: m:ItemChanges takes any number of ItemChange elements, answered one
    /// UpdateItemResponseMessage each, in order (https://learn.microsoft.com/exchange/client-developer/web-service-reference/updateitem).
    /// One ConflictResolution for the request: NeverOverwrite when every change carries the ChangeKey it expects (a stale one
    /// is that item's ErrorIrresolvableConflict), else AlwaysOverwrite. Sends no meeting updates.
    /// </summary>
    internal sealed class UpdateItemsOperation : EwsOperation<IReadOnlyList<EwsItemResult<EwsItemId>>>
    {
        public UpdateItemsOperation(string conflictResolution, IReadOnlyList<UpdateItemOperation> changes)
        {
            if (changes.Count == 0)
            {
                throw new ArgumentException("UpdateItem needs at least one change.", nameof(changes));
            }

            ConflictResolution = conflictResolution;
            Changes = changes;
        }

        public string ConflictResolution { get; }

        public IReadOnlyList<UpdateItemOperation> Changes { get; }

        public override string Name => "UpdateItem";

        public override XElement WriteRequest() =>
            new XElement(EwsXml.M + Name,
                new XAttribute("ConflictResolution", ConflictResolution),
                new XAttribute("SendMeetingInvitationsOrCancellations", "SendToNone"),
                new XElement(EwsXml.M + "ItemChanges", Changes.Select(c => c.ItemChange())));

        public override IReadOnlyList<EwsItemResult<EwsItemId>> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != Changes.Count)
            {
                throw new EwsProtocolException($"UpdateItem sent {Changes.Count} changes but the server answered {messages.Count} messages.");
            }

            return messages.Select(m =>
            {
                var id = m.Child("Items").Child("CalendarItem").Child("ItemId");
                return new EwsItemResult<EwsItemId>(EwsEnvelopeReader.ReadMessage(m), id?.Attr("Id") is string value ? new EwsItemId(value, id.Attr("ChangeKey")) : null);
            }).ToList();
        }
    }
}
