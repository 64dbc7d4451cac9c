using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Core.Events;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// CreateItem of one calendar item into a calendar folder
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/createitem-operation-calendar-item).
    /// SendMeetingInvitations is always sent (required for calendar items): SendToNone unless the draft asks. Times go in
    /// UTC with the event's zone as StartTimeZone/EndTimeZone (Exchange 2010 and later) or MeetingTimeZone (2007), so the
    /// server evaluates a series and an all-day event in that zone. Not idempotent: a retry after a lost answer makes a
    /// second item, so the client never retries it blindly (<see cref="RetryWhenOutcomeUnknown"/>).
    /// </summary>
    internal sealed class CreateItemOperation : EwsOperation<EwsItemResult<EwsItemId>>
    {
        public CreateItemOperation(EwsFolderReference folder, EventDraft draft, TimeZoneInfo zone, string zoneId, bool legacyZone, IReadOnlyDictionary<string, string> properties)
        {
            Folder = folder;
            Draft = draft;
            Zone = zone;
            ZoneId = zoneId;
            LegacyZone = legacyZone;
            Properties = properties;
        }

        public EwsFolderReference Folder { get; }

        public EventDraft Draft { get; }

        public TimeZoneInfo Zone { get; }

        public string ZoneId { get; }

        public bool LegacyZone { get; }

        public IReadOnlyDictionary<string, string> Properties { get; }

        public override string Name => "CreateItem";

        public override bool RetryWhenOutcomeUnknown => false;

        public override XElement WriteRequest()
        {
            var t = EwsXml.T;
            var d = Draft;
            var start = d.Start ?? throw new ArgumentException("A new event needs a start.");
            var end = d.End ?? throw new ArgumentException("A new event needs an end.");
            var firstLocal = TimeZoneInfo.ConvertTime(start, Zone).Date;
            var attendees = d.Attendees ?? new List<EventAttendee>();
            var item = new XElement(t + "CalendarItem",
                d.Subject == null ? null : new XElement(t + "Subject", d.Subject),
                d.Sensitivity.HasValue ? new XElement(t + "Sensitivity", d.Sensitivity.Value.ToString()) : null,
                d.Body == null ? null : new XElement(t + "Body", new XAttribute("BodyType", EwsCalendarXml.BodyTypeOf(d.BodyType)), d.Body),
                d.Categories != null && d.Categories.Count > 0 ? new XElement(t + "Categories", d.Categories.Select(c => new XElement(t + "String", c))) : null,
                d.ReminderMinutes.HasValue ? new XElement(t + "ReminderIsSet", EwsXml.Bool(d.ReminderMinutes.Value > 0)) : null,
                d.ReminderMinutes.HasValue && d.ReminderMinutes.Value > 0 ? new XElement(t + "ReminderMinutesBeforeStart", d.ReminderMinutes.Value.ToString(CultureInfo.InvariantCulture)) : null,
                Properties.Select(p => new EwsExtendedField(p.Key).Property(p.Value)),
                new XElement(t + "Start", EwsCalendarXml.Utc(start)),
                new XElement(t + "End", EwsCalendarXml.Utc(end)),
                d.IsAllDay.HasValue ? new XElement(t + "IsAllDayEvent", EwsXml.Bool(d.IsAllDay.Value)) : null,
                new XElement(t + "LegacyFreeBusyStatus", EwsCalendarXml.FreeBusy(d.ShowAs ?? EventShowAs.Busy)),
                d.Location == null ? null : new XElement(t + "Location", d.Location),
                AttendeeList("RequiredAttendees", attendees, EventAttendeeType.Required),
                AttendeeList("OptionalAttendees", attendees, EventAttendeeType.Optional),
                AttendeeList("Resources", attendees, EventAttendeeType.Resource),
                d.Recurrence == null ? null : EwsCalendarXml.WriteRecurrence(d.Recurrence, firstLocal),
                ZoneElements(t, ZoneId, LegacyZone));
            return new XElement(EwsXml.M + Name,
                new XAttribute("SendMeetingInvitations", d.SendInvitations ? "SendToAllAndSaveCopy" : "SendToNone"),
                new XElement(EwsXml.M + "SavedItemFolderId", EwsTypeWriter.FolderReference(Folder)),
                new XElement(EwsXml.M + "Items", item));
        }

        internal static object[] ZoneElements(XNamespace t, string zoneId, bool legacy) =>
            legacy
                ? new object[] { new XElement(t + "MeetingTimeZone", new XAttribute("TimeZoneName", zoneId)) }
                : new object[] { new XElement(t + "StartTimeZone", new XAttribute("Id", zoneId)), new XElement(t + "EndTimeZone", new XAttribute("Id", zoneId)) };

        private static XElement? AttendeeList(string name, IList<EventAttendee> attendees, EventAttendeeType type)
        {
            var list = attendees.Where(a => a.Type == type).ToList();
            return list.Count == 0 ? null : EwsCalendarXml.Attendees(name, list);
        }

        public override EwsItemResult<EwsItemId> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != 1)
            {
                throw new EwsProtocolException($"CreateItem sent one item but the server answered {messages.Count} messages.");
            }

            var id = messages[0].Child("Items").Child("CalendarItem").Child("ItemId");
            return new EwsItemResult<EwsItemId>(EwsEnvelopeReader.ReadMessage(messages[0]), id?.Attr("Id") is string value ? new EwsItemId(value, id.Attr("ChangeKey")) : null);
        }
    }
}
