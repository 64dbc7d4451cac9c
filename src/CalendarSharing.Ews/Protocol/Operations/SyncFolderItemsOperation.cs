using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>What one change of a SyncFolderItems answer says.</summary>
    internal enum EwsSyncChangeKind
    {
        Create,
        Update,
        Delete,
        ReadFlagChange,
    }

    /// <summary>One t:Create / t:Update / t:Delete / t:ReadFlagChange: the item id, its ChangeKey, and the item when one was sent.</summary>
    internal sealed class EwsSyncChange
    {
        public EwsSyncChange(EwsSyncChangeKind kind, EwsItemId itemId, EwsCalendarItem? item)
        {
            Kind = kind;
            ItemId = itemId;
            Item = item;
        }

        public EwsSyncChangeKind Kind { get; }

        public EwsItemId ItemId { get; }

        /// <summary>Create/Update of a calendar item: what the ItemShape asked for (extended properties included).</summary>
        public EwsCalendarItem? Item { get; }
    }

    /// <summary>What one SyncFolderItems answered.</summary>
    internal sealed class EwsSyncResult
    {
        public EwsSyncResult(EwsResponseMessage message, string? syncState, bool includesLastItemInRange, IReadOnlyList<EwsSyncChange> changes)
        {
            Message = message;
            SyncState = syncState;
            IncludesLastItemInRange = includesLastItemInRange;
            Changes = changes;
        }

        public EwsResponseMessage Message { get; }

        public string? SyncState { get; }

        public bool IncludesLastItemInRange { get; }

        public IReadOnlyList<EwsSyncChange> Changes { get; }
    }

    /// <summary>
    /// SyncFolderItems on one folder (https://learn.microsoft.com/exchange/client-developer/web-service-reference/syncfolderitems-operation):
    /// ItemShape, SyncFolderId, the SyncState of the previous answer (none: from the beginning, every item as a Create),
    /// MaxChangesReturned 1..512 (https://learn.microsoft.com/exchange/client-developer/web-service-reference/maxchangesreturned),
    /// SyncScope NormalItems. IncludesLastItemInRange false means call again at once with the new SyncState
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/includeslastiteminrange). For calendars the
    /// changes name single items and series masters only (exceptions live in their master).
    /// </summary>
    internal sealed class SyncFolderItemsOperation : EwsOperation<EwsSyncResult>
    {
        /// <summary>The schema's ceiling for MaxChangesReturned (t:MaxSyncChangesReturnedType).</summary>
        public const int MaxChangesCeiling = 512;

        public SyncFolderItemsOperation(EwsFolderReference folder, XElement shape, string? syncState, int maxChanges)
        {
            Folder = folder ?? throw new ArgumentNullException(nameof(folder));
            Shape = shape ?? throw new ArgumentNullException(nameof(shape));
            SyncState = string.IsNullOrEmpty(syncState) ? null : syncState;
            MaxChanges = Math.Max(1, Math.Min(maxChanges, MaxChangesCeiling));
        }

        public EwsFolderReference Folder { get; }

        public XElement Shape { get; }

        public string? SyncState { get; }

        public int MaxChanges { get; }

        public override string Name => "SyncFolderItems";

        public override XElement WriteRequest()
        {
            var m = EwsXml.M;
            return new XElement(m + Name,
                Shape,
                new XElement(m + "SyncFolderId", EwsTypeWriter.FolderReference(Folder)),
                SyncState == null ? null : new XElement(m + "SyncState", SyncState),
                new XElement(m + "MaxChangesReturned", MaxChanges.ToString(CultureInfo.InvariantCulture)),
                new XElement(m + "SyncScope", "NormalItems"));
        }

        public override EwsSyncResult ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != 1)
            {
                throw new EwsProtocolException($"SyncFolderItems asked for one folder but the server answered {messages.Count} messages.");
            }

            var m = messages[0];
            var message = EwsEnvelopeReader.ReadMessage(m);
            var changes = new List<EwsSyncChange>();
            foreach (var change in m.Child("Changes").AllChildren())
            {
                switch (change.Name.LocalName)
                {
                    case "Create":
                    case "Update":
                        var item = change.Elements().FirstOrDefault();
                        if (item == null)
                        {
                            throw new EwsProtocolException($"SyncFolderItems: a {change.Name.LocalName} change carries no item.");
                        }

                        var kind = change.Name.LocalName == "Create" ? EwsSyncChangeKind.Create : EwsSyncChangeKind.Update;
                        var calendarItem = item.Name.LocalName == "CalendarItem" ? EwsCalendarXml.Read(item) : null;
                        var id = item.Child("ItemId");
                        changes.Add(new EwsSyncChange(kind, new EwsItemId(RequiredId(id), id.Attr("ChangeKey")), calendarItem));
                        break;
                    case "Delete":
                        var deleted = change.Child("ItemId");
                        changes.Add(new EwsSyncChange(EwsSyncChangeKind.Delete, new EwsItemId(RequiredId(deleted), deleted.Attr("ChangeKey")), null));
                        break;
                    case "ReadFlagChange":
                        var read = change.Child("ItemId");
                        changes.Add(new EwsSyncChange(EwsSyncChangeKind.ReadFlagChange, new EwsItemId(RequiredId(read), read.Attr("ChangeKey")), null));
                        break;
                }
            }

            // Absent IncludesLastItemInRange: treat as the last page only when nothing came back (a server that omits it
            // on an empty answer); otherwise ask again, which costs one request and loses nothing.
            var last = m.ChildBool("IncludesLastItemInRange") ?? changes.Count == 0;
            return new EwsSyncResult(message, m.ChildValue("SyncState")?.Trim(), last, changes);
        }

        private static string RequiredId(XElement? id) =>
            id.Attr("Id") is { Length: > 0 } value ? value : throw new EwsProtocolException("SyncFolderItems: a change carries no ItemId.");
    }
}
