using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Core.Events;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// UpdateItem of one calendar item (or one occurrence, which becomes an exception): one SetItemField per property set,
    /// a DeleteItemField for a list emptied (https://learn.microsoft.com/exchange/client-developer/web-service-reference/updateitem).
    /// The ChangeKey is always sent (required even with AlwaysOverwrite); ConflictResolution and
    /// SendMeetingInvitationsOrCancellations always (required by the schema, and for calendar items).
    /// </summary>
    internal sealed class UpdateItemOperation : EwsOperation<EwsItemResult<EwsItemId>>
    {
        public UpdateItemOperation(EwsItemId item, string conflictResolution, EventDraft changes, TimeZoneInfo zone, string? zoneId, bool legacyZone, IReadOnlyDictionary<string, string> properties)
        {
            Item = item;
            ConflictResolution = conflictResolution;
            Changes = changes;
            Zone = zone;
            ZoneId = zoneId;
            LegacyZone = legacyZone;
            Properties = properties;
        }

        public EwsItemId Item { get; }

        public string ConflictResolution { get; }

        public EventDraft Changes { get; }

        public TimeZoneInfo Zone { get; }

        public string? ZoneId { get; }

        public bool LegacyZone { get; }

        public IReadOnlyDictionary<string, string> Properties { get; }

        public override string Name => "UpdateItem";

        /// <summary>The SetItemField/DeleteItemField elements this update sends (none: nothing to change).</summary>
        public IReadOnlyList<XElement> Updates()
        {
            var t = EwsXml.T;
            var c = Changes;
            var list = new List<XElement>();
            void Set(string field, XElement value) =>
                list.Add(new XElement(t + "SetItemField", new XElement(t + "FieldURI", new XAttribute("FieldURI", field)), new XElement(t + "CalendarItem", value)));
            void Delete(string field) =>
                list.Add(new XElement(t + "DeleteItemField", new XElement(t + "FieldURI", new XAttribute("FieldURI", field))));

            if (c.Subject != null)
            {
                Set("item:Subject", new XElement(t + "Subject", c.Subject));
            }

            if (c.Sensitivity.HasValue)
            {
                Set("item:Sensitivity", new XElement(t + "Sensitivity", c.Sensitivity.Value.ToString()));
            }

            if (c.Body != null)
            {
                Set("item:Body", new XElement(t + "Body", new XAttribute("BodyType", EwsCalendarXml.BodyTypeOf(c.BodyType)), c.Body));
            }

            if (c.Categories != null)
            {
                if (c.Categories.Count == 0)
                {
                    Delete("item:Categories");
                }
                else
                {
                    Set("item:Categories", new XElement(t + "Categories", c.Categories.Select(x => new XElement(t + "String", x))));
                }
            }

            if (c.ReminderMinutes.HasValue)
            {
                Set("item:ReminderIsSet", new XElement(t + "ReminderIsSet", EwsXml.Bool(c.ReminderMinutes.Value > 0)));
                if (c.ReminderMinutes.Value > 0)
                {
                    Set("item:ReminderMinutesBeforeStart", new XElement(t + "ReminderMinutesBeforeStart", c.ReminderMinutes.Value.ToString(CultureInfo.InvariantCulture)));
                }
            }

            foreach (var p in Properties)
            {
                var field = new EwsExtendedField(p.Key);
                list.Add(new XElement(t + "SetItemField", field.Uri(), new XElement(t + "CalendarItem", field.Property(p.Value))));
            }

            if (c.Start.HasValue)
            {
                Set("calendar:Start", new XElement(t + "Start", EwsCalendarXml.Utc(c.Start.Value)));
            }

            if (c.End.HasValue)
            {
                Set("calendar:End", new XElement(t + "End", EwsCalendarXml.Utc(c.End.Value)));
            }

            if (c.IsAllDay.HasValue)
            {
                Set("calendar:IsAllDayEvent", new XElement(t + "IsAllDayEvent", EwsXml.Bool(c.IsAllDay.Value)));
            }

            if (c.ShowAs.HasValue)
            {
                Set("calendar:LegacyFreeBusyStatus", new XElement(t + "LegacyFreeBusyStatus", EwsCalendarXml.FreeBusy(c.ShowAs.Value)));
            }

            if (c.Location != null)
            {
                Set("calendar:Location", new XElement(t + "Location", c.Location));
            }

            if (c.Attendees != null)
            {
                foreach (var (name, type) in new[] { ("RequiredAttendees", EventAttendeeType.Required), ("OptionalAttendees", EventAttendeeType.Optional), ("Resources", EventAttendeeType.Resource) })
                {
                    var of = c.Attendees.Where(a => a.Type == type).ToList();
                    if (of.Count == 0)
                    {
                        Delete("calendar:" + name);
                    }
                    else
                    {
                        Set("calendar:" + name, EwsCalendarXml.Attendees(name, of));
                    }
                }
            }

            if (c.Recurrence != null)
            {
                var first = c.Start.HasValue ? TimeZoneInfo.ConvertTime(c.Start.Value, Zone).Date : c.Recurrence.StartDate;
                Set("calendar:Recurrence", EwsCalendarXml.WriteRecurrence(c.Recurrence, first));
            }

            if (ZoneId != null)
            {
                if (LegacyZone)
                {
                    Set("calendar:MeetingTimeZone", (XElement)CreateItemOperation.ZoneElements(t, ZoneId, true)[0]);
                }
                else
                {
                    var zones = CreateItemOperation.ZoneElements(t, ZoneId, false);
                    Set("calendar:StartTimeZone", (XElement)zones[0]);
                    Set("calendar:EndTimeZone", (XElement)zones[1]);
                }
            }

            return list;
        }

        public override XElement WriteRequest() =>
            new XElement(EwsXml.M + Name,
                new XAttribute("ConflictResolution", ConflictResolution),
                new XAttribute("SendMeetingInvitationsOrCancellations", Changes.SendInvitations ? "SendToAllAndSaveCopy" : "SendToNone"),
                new XElement(EwsXml.M + "ItemChanges",
                    new XElement(EwsXml.T + "ItemChange",
                        new XElement(EwsXml.T + "ItemId", new XAttribute("Id", Item.Id), Item.ChangeKey == null ? null : new XAttribute("ChangeKey", Item.ChangeKey)),
                        new XElement(EwsXml.T + "Updates", Updates()))));

        public override EwsItemResult<EwsItemId> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != 1)
            {
                throw new EwsProtocolException($"UpdateItem sent one change but the server answered {messages.Count} messages.");
            }

            var id = messages[0].Child("Items").Child("CalendarItem").Child("ItemId");
            return new EwsItemResult<EwsItemId>(EwsEnvelopeReader.ReadMessage(messages[0]), id?.Attr("Id") is string value ? new EwsItemId(value, id.Attr("ChangeKey")) : null);
        }
    }
}
