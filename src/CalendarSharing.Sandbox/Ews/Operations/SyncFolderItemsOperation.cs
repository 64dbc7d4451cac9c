using System;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// SyncFolderItems ([MS-OXWSSYNC]; https://learn.microsoft.com/exchange/client-developer/web-service-reference/syncfolderitems-operation),
    /// rendered from <see cref="SandboxOrganization.ChangesOf"/>: without a SyncState every item is a Create; after one, an
    /// item first written since is a Create, one changed an Update, one deleted a Delete (ItemId only). Calendars list single
    /// items and series masters only: a moved or cancelled occurrence is an Update of its series. At most
    /// MaxChangesReturned (1..512) changes; IncludesLastItemInRange false means call again with the new SyncState. A
    /// SyncState this folder did not issue, or one expired, is ErrorInvalidSyncStateData
    /// (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/handling-synchronization-related-errors-in-ews-in-exchange).
    /// Summary properties only, as FindItem (forFind), with the extended properties the ItemShape asks for.
    /// </summary>
    internal sealed class SyncFolderItemsOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "SyncFolderItems";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            const string message = "SyncFolderItemsResponseMessage";
            XElement answer;
            try
            {
                answer = Sync(request, context);
            }
            catch (EwsItemException error)
            {
                answer = SoapWriter.Failure(message, error);
            }
            catch (ChangeReadFaultException fault)
            {
                answer = SoapWriter.Failure(message, "ErrorInternalServerError", fault.Message);
            }

            return new XElement(M + "SyncFolderItemsResponse", new XElement(M + "ResponseMessages", answer));
        }

        private static XElement Sync(XElement request, EwsRequestContext context)
        {
            var shape = ItemShape.Parse(request.Element(M + "ItemShape"));
            var target = request.Element(M + "SyncFolderId")?.Elements().FirstOrDefault() ?? throw new EwsItemException("ErrorSyncFolderNotFound", "The sync folder was not found.");
            SandboxFolderAndPrivacy located;
            try
            {
                var (folder, hidePrivate) = ItemResolver.Folder(target, context, ItemAccess.Read);
                located = new SandboxFolderAndPrivacy(folder, hidePrivate);
            }
            catch (EwsItemException error) when (error.ResponseCode == "ErrorFolderNotFound")
            {
                throw new EwsItemException("ErrorSyncFolderNotFound", "The sync folder was not found.");
            }

            var syncState = ((string?)request.Element(M + "SyncState"))?.Trim();
            var max = int.Parse(((string?)request.Element(M + "MaxChangesReturned") ?? "512").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (max < 1 || max > 512)
            {
                throw new EwsItemException("ErrorInvalidRequest", "MaxChangesReturned must be between 1 and 512.");
            }

            var page = context.Org.ChangesOf(located.Folder, string.IsNullOrEmpty(syncState) ? null : syncState, max)
                ?? throw new EwsItemException("ErrorInvalidSyncStateData", "Synchronization state data is corrupt or otherwise invalid.");
            var first = string.IsNullOrEmpty(syncState);
            var changes = new XElement(M + "Changes");
            foreach (var change in page.Changes)
            {
                if (change.Item is null)
                {
                    changes.Add(new XElement(T + "Delete", new XElement(T + "ItemId", new XAttribute("Id", change.ItemId))));
                    continue;
                }

                var item = change.Item;
                var occurrence = new SandboxOccurrence(item, item.IsSeriesMaster ? EventKind.SeriesMaster : EventKind.SingleInstance, item.Id, item.StartUtc, item.EndUtc, null, null);
                var written = CalendarItemXml.Write(located.HidePrivate ? CalendarItemXml.Masked(occurrence) : occurrence, located.Folder, shape, true, context.RequestVersion);

                // The journal keeps an item's latest change only: one never changed after its creation is reported as
                // created (as it is on a first sync), any other as updated; a client reads both the same way.
                changes.Add(new XElement(T + (first || item.Version == 1 ? "Create" : "Update"), written));
            }

            return SoapWriter.Success("SyncFolderItemsResponseMessage",
                new XElement(M + "SyncState", page.NextWatermark),
                new XElement(M + "IncludesLastItemInRange", page.MoreAvailable ? "false" : "true"),
                changes);
        }

        private readonly struct SandboxFolderAndPrivacy
        {
            public SandboxFolderAndPrivacy(Model.SandboxFolder folder, bool hidePrivate)
            {
                Folder = folder;
                HidePrivate = hidePrivate;
            }

            public Model.SandboxFolder Folder { get; }

            public bool HidePrivate { get; }
        }
    }
}
