using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// UpdateItem of calendar items, one message per ItemChange, each applied whole or not at all. Each SetItemField
    /// carries exactly one property (else ErrorIncorrectUpdatePropertyCount); SendMeetingInvitationsOrCancellations is
    /// required (https://learn.microsoft.com/exchange/client-developer/web-service-reference/updateitem). An occurrence id
    /// makes that occurrence an exception of its series. ChangeKey rules (codes from
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/responsecode; which one for which case is the
    /// sandbox's choice): missing → ErrorChangeKeyRequiredForWriteOperations whatever the ConflictResolution; not ours →
    /// ErrorInvalidChangeKey; not current → ErrorIrresolvableConflict with NeverOverwrite and AutoResolve (the sandbox
    /// does not track which properties the other writer changed), written anyway with AlwaysOverwrite. Occurrences and
    /// exceptions carry their series' change key.
    /// </summary>
    internal sealed class UpdateItemOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "UpdateItem";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var resolution = (string?)request.Attribute("ConflictResolution") ?? "AutoResolve";
            var send = (string?)request.Attribute("SendMeetingInvitationsOrCancellations");
            var messages = new XElement(M + "ResponseMessages");
            foreach (var change in request.Element(M + "ItemChanges")?.Elements(T + "ItemChange") ?? Enumerable.Empty<XElement>())
            {
                try
                {
                    var (id, changeKey) = Apply(change, resolution, send, context);
                    messages.Add(SoapWriter.Success("UpdateItemResponseMessage",
                        new XElement(M + "Items", new XElement(T + "CalendarItem", new XElement(T + "ItemId", new XAttribute("Id", id), new XAttribute("ChangeKey", changeKey)))),
                        new XElement(M + "ConflictResults", new XElement(T + "Count", "0"))));
                }
                catch (EwsItemException error)
                {
                    messages.Add(SoapWriter.Failure("UpdateItemResponseMessage", error, new XElement(M + "Items")));
                }
            }

            return new XElement(M + "UpdateItemResponse", messages);
        }

        private static (string Id, string ChangeKey) Apply(XElement change, string resolution, string? send, EwsRequestContext context)
        {
            var idElement = change.Elements().First();
            var target = ItemResolver.Resolve(idElement, context, ItemAccess.Edit);
            var current = context.Org.FindItem(target.Folder, target.Id) ?? throw new EwsItemException("ErrorItemNotFound");
            if (send == null)
            {
                throw new EwsItemException("ErrorSendMeetingInvitationsOrCancellationsRequired", "SendMeetingInvitationsOrCancellations is required for calendar items.");
            }

            if (string.IsNullOrEmpty(target.ChangeKey))
            {
                throw new EwsItemException("ErrorChangeKeyRequiredForWriteOperations");
            }

            var expected = EventIds.VersionOf(target.ChangeKey!) ?? throw new EwsItemException("ErrorInvalidChangeKey", "The change key is malformed.");
            var versioned = current.Master ?? current.Item;
            if (expected != versioned.Version && resolution != "AlwaysOverwrite")
            {
                throw new EwsItemException("ErrorIrresolvableConflict", "The change key is not current: another writer changed the item. Get the item again and retry.");
            }

            var updates = Parse(change.Element(T + "Updates"), current.Kind, context);
            var stored = target.Folder.Items.Find(target.Id) != null;
            var write = context.Org.UpdateEvent(target.Folder, target.Id, stored && resolution != "AlwaysOverwrite" ? expected : (long?)null, e =>
            {
                foreach (var update in updates)
                {
                    update(e);
                }

                if (e.EndUtc < e.StartUtc)
                {
                    throw new EwsItemException("ErrorCalendarEndDateIsEarlierThanStartDate", "The End of the item is earlier than its Start.");
                }
            });
            switch (write.Outcome)
            {
                case StoreWriteOutcome.NotFound:
                    throw new EwsItemException("ErrorItemNotFound");
                case StoreWriteOutcome.Stale:
                    throw new EwsItemException("ErrorIrresolvableConflict", "Another writer changed the item at the same time. Get the item again and retry.");
            }

            var after = context.Org.FindItem(target.Folder, target.Id) ?? throw new EwsItemException("ErrorItemNotFound");
            if (send != "SendToNone" && after.Item.Attendees.Count > 0)
            {
                context.Org.CountMeetingMessages(after.Item.Attendees.Count);
            }

            return (after.Id, EventIds.ChangeKey(after.Master ?? after.Item));
        }

        private static List<Action<SandboxEvent>> Parse(XElement? updates, EventKind kind, EwsRequestContext context)
        {
            var result = new List<Action<SandboxEvent>>();
            foreach (var update in updates?.Elements() ?? Enumerable.Empty<XElement>())
            {
                var path = update.Elements().First();
                var pathName = path.Name == T + "FieldURI" ? (string?)path.Attribute("FieldURI") : path.Name == T + "ExtendedFieldURI" ? "extended" : null;
                if (pathName == null)
                {
                    throw new EwsItemException("ErrorInvalidPropertySet", "The sandbox updates FieldURI and ExtendedFieldURI properties only.");
                }

                if (kind != EventKind.SeriesMaster && pathName == "calendar:Recurrence")
                {
                    throw new EwsItemException("ErrorCalendarInvalidPropertyState", "Only a series master has a recurrence.");
                }

                switch (update.Name.LocalName)
                {
                    case "SetItemField":
                        var item = update.Elements().Skip(1).FirstOrDefault();
                        var properties = item?.Elements().ToList() ?? new List<XElement>();
                        if (item == null || properties.Count != 1)
                        {
                            throw new EwsItemException("ErrorIncorrectUpdatePropertyCount");
                        }

                        var property = properties[0];
                        var matches = pathName == "extended"
                            ? property.Name == T + "ExtendedProperty" && ExtendedField.Parse(path).Key == ExtendedField.Parse(property.Element(T + "ExtendedFieldURI")!).Key
                            : pathName.Substring(pathName.IndexOf(':') + 1) == property.Name.LocalName
                              || (pathName == "calendar:StartTimeZone" && property.Name.LocalName == "StartTimeZone");
                        if (!matches)
                        {
                            throw new EwsItemException("ErrorInvalidPropertySet", "The property in SetItemField does not match its path " + pathName + ".");
                        }

                        var single = new XElement(item.Name, property);
                        result.Add(e => CalendarItemXml.Apply(single, e, e.TimeZone, context.RequestVersion, context.Org));
                        break;
                    case "DeleteItemField":
                        if (pathName == "extended")
                        {
                            var key = ExtendedField.Parse(path).Key;
                            result.Add(e => e.Properties.Remove(key));
                        }
                        else
                        {
                            var field = pathName;
                            result.Add(e => CalendarItemXml.Delete(field, e));
                        }

                        break;
                    default:
                        throw new EwsItemException("ErrorInvalidPropertySet", "The sandbox does not append to calendar item properties.");
                }
            }

            return result;
        }
    }
}
