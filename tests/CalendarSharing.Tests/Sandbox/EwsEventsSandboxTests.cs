using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Sandbox;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    /// <summary>
    /// The sandbox's EWS calendar-item and availability operations on the wire, with hand-written envelopes: every request
    /// and answer is validated against the official XSDs (strict mode faults an invalid request and records an invalid answer).
    /// </summary>
    public class EwsEventsSandboxTests
    {
        private const string User = "user0001@contoso.com";

        private static SandboxOrganization Org(int generated = 1) => CreateOrg(new SandboxOptions { GeneratedMailboxes = generated });

        private static string CalendarItem(string subject, string start, string end, string extra = "", string zone = "<t:StartTimeZone Id=\"W. Europe Standard Time\"/><t:EndTimeZone Id=\"W. Europe Standard Time\"/>") =>
            "<t:CalendarItem><t:Subject>" + subject + "</t:Subject><t:Start>" + start + "</t:Start><t:End>" + end + "</t:End>" + extra + zone + "</t:CalendarItem>";

        private static string Create(string item, string mailbox = User, string send = " SendMeetingInvitations=\"SendToNone\"") =>
            "<m:CreateItem" + send + "><m:SavedItemFolderId>" + DistinguishedId(mailbox) + "</m:SavedItemFolderId><m:Items>" + item + "</m:Items></m:CreateItem>";

        private static XElement ItemIdOf(XElement response) =>
            Messages(response).Single().Element(M + "Items")!.Elements().Single().Element(T + "ItemId")!;

        private static string View(string start, string end, string max = "", string fields = "<t:FieldURI FieldURI=\"calendar:Start\"/><t:FieldURI FieldURI=\"calendar:CalendarItemType\"/>", string mailbox = User) =>
            "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>" + fields + "</t:AdditionalProperties></m:ItemShape>" +
            "<m:CalendarView" + max + " StartDate=\"" + start + "\" EndDate=\"" + end + "\"/><m:ParentFolderIds>" + DistinguishedId(mailbox) + "</m:ParentFolderIds></m:FindItem>";

        private static string Availability(int mailboxes, string start, string end, string view = "DetailedMerged", int interval = 60, bool timeZone = true, string first = User) =>
            "<m:GetUserAvailabilityRequest>" +
            (timeZone ? "<t:TimeZone><t:Bias>0</t:Bias><t:StandardTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>" +
                "<t:DaylightTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>" : string.Empty) +
            "<m:MailboxDataArray>" +
            string.Concat(Enumerable.Range(1, mailboxes).Select(n => "<t:MailboxData><t:Email><t:Address>" + (n == 1 ? first : "user" + n.ToString("D4") + "@contoso.com") + "</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>")) +
            "</m:MailboxDataArray><t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>" + start + "</t:StartTime><t:EndTime>" + end + "</t:EndTime></t:TimeWindow>" +
            "<t:MergedFreeBusyIntervalInMinutes>" + interval + "</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>" + view + "</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest>";

        private static async Task<string> FaultCode(System.Net.Http.HttpClient client, string body, string version = "Exchange2013_SP1")
        {
            var (response, xml) = await PostAsync(client, Envelope(body, version));
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            return (string)FaultDetail(xml).Element(E + "ResponseCode")!;
        }

        [Fact]
        public async Task CreateItem_needs_SendMeetingInvitations_and_a_calendar_folder()
        {
            var org = Org();
            var client = AdminClient(org);
            var missing = await CallAsync(client, Create(CalendarItem("A", "2026-12-08T09:00:00Z", "2026-12-08T10:00:00Z"), send: string.Empty));
            Assert.Equal("ErrorSendMeetingInvitationsRequired", Code(Messages(missing).Single()));
            var inbox = await CallAsync(client, "<m:CreateItem SendMeetingInvitations=\"SendToNone\"><m:SavedItemFolderId>" + DistinguishedId(User, "msgfolderroot") + "</m:SavedItemFolderId><m:Items>" + CalendarItem("A", "2026-12-08T09:00:00Z", "2026-12-08T10:00:00Z") + "</m:Items></m:CreateItem>");
            Assert.Equal("ErrorCannotCreateCalendarItemInNonCalendarFolder", Code(Messages(inbox).Single()));
            var backwards = await CallAsync(client, Create(CalendarItem("A", "2026-12-08T10:00:00Z", "2026-12-08T09:00:00Z")));
            Assert.Equal("ErrorCalendarEndDateIsEarlierThanStartDate", Code(Messages(backwards).Single()));
            Assert.Equal(0, org.CountEvents(User, "A"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Unqualified_times_are_in_the_StartTimeZone_and_MeetingTimeZone_is_the_2007_form()
        {
            var org = Org();
            var client = AdminClient(org);
            var created = await CallAsync(client, Create(CalendarItem("Local", "2026-12-08T09:00:00", "2026-12-08T10:00:00")));
            Assert.Equal("Success", Class(Messages(created).Single()));
            var get = await CallAsync(client, "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI=\"calendar:Start\"/><t:FieldURI FieldURI=\"calendar:StartTimeZone\"/></t:AdditionalProperties></m:ItemShape><m:ItemIds>" + ItemIdOf(created) + "</m:ItemIds></m:GetItem>");
            var item = Messages(get).Single().Element(M + "Items")!.Element(T + "CalendarItem")!;
            Assert.Equal("2026-12-08T08:00:00Z", (string)item.Element(T + "Start")!);
            Assert.Equal("W. Europe Standard Time", (string)item.Element(T + "StartTimeZone")!.Attribute("Id")!);

            // Exchange2007_SP1 has MeetingTimeZone; StartTimeZone is unknown to it.
            var legacy = Create(CalendarItem("Old", "2026-12-08T09:00:00", "2026-12-08T10:00:00", zone: "<t:MeetingTimeZone TimeZoneName=\"Pacific Standard Time\"/>"));
            var (ok, okXml) = await PostAsync(client, Envelope(legacy, "Exchange2007_SP1"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(1, org.CountEvents(User, "Old"));
            Assert.Equal("ErrorSchemaValidation", await FaultCode(client, Create(CalendarItem("New", "2026-12-08T09:00:00", "2026-12-08T10:00:00")), "Exchange2007_SP1"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task WorkingElsewhere_needs_Exchange2013_and_is_Free_to_older_clients()
        {
            var org = Org();
            var client = AdminClient(org);
            var item = CalendarItem("Site", "2027-01-12T09:00:00Z", "2027-01-12T12:00:00Z", "<t:LegacyFreeBusyStatus>WorkingElsewhere</t:LegacyFreeBusyStatus>");
            Assert.Equal("ErrorSchemaValidation", await FaultCode(client, Create(item), "Exchange2010_SP2"));
            Assert.Equal("Success", Class(Messages(await CallAsync(client, Create(item))).Single()));

            var body = Availability(1, "2027-01-12T00:00:00", "2027-01-13T00:00:00");
            var modern = await CallAsync(client, body);
            Assert.Equal("WorkingElsewhere", (string)modern.Descendants(T + "BusyType").Single());
            var (_, old) = await PostAsync(client, Envelope(body, "Exchange2010_SP2"));
            Assert.Equal("Free", (string)old.Descendants(T + "BusyType").Single());
            // No MergedFreeBusy digit for working elsewhere: 09:00-12:00 read as free.
            Assert.Equal(new string('0', 24), (string)modern.Descendants(T + "MergedFreeBusy").Single());
            AssertNoViolations(org);
        }

        [Fact]
        public async Task CalendarView_expands_caps_at_MaxEntriesReturned_and_refuses_what_Exchange_refuses()
        {
            var org = Org();
            var client = AdminClient(org);
            var daily = CalendarItem("Daily", "2027-01-01T08:00:00Z", "2027-01-01T08:30:00Z",
                "<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NoEndRecurrence><t:StartDate>2027-01-01</t:StartDate></t:NoEndRecurrence></t:Recurrence>");
            Assert.Equal("Success", Class(Messages(await CallAsync(client, Create(daily))).Single()));
            Assert.Equal("Success", Class(Messages(await CallAsync(client, Create(daily.Replace("T08:", "T09:")))).Single()));

            var week = Messages(await CallAsync(client, View("2027-01-04T00:00:00Z", "2027-01-11T00:00:00Z"))).Single();
            var root = week.Element(M + "RootFolder")!;
            Assert.Equal("true", (string)root.Attribute("IncludesLastItemInRange")!);
            Assert.Equal(14, root.Element(T + "Items")!.Elements().Count());
            Assert.All(root.Descendants(T + "CalendarItemType"), t => Assert.Equal("Occurrence", t.Value));

            var capped = Messages(await CallAsync(client, View("2027-01-04T00:00:00Z", "2027-01-11T00:00:00Z", " MaxEntriesReturned=\"3\""))).Single().Element(M + "RootFolder")!;
            Assert.Equal("false", (string)capped.Attribute("IncludesLastItemInRange")!);
            Assert.Equal("14", (string)capped.Attribute("TotalItemsInView")!);
            Assert.Equal(3, capped.Element(T + "Items")!.Elements().Count());

            // EWSFindCountLimit: never more than 1,000, whatever MaxEntriesReturned says.
            var big = Messages(await CallAsync(client, View("2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z", " MaxEntriesReturned=\"5000\""))).Single().Element(M + "RootFolder")!;
            Assert.Equal(1000, big.Element(T + "Items")!.Elements().Count());
            Assert.Equal("false", (string)big.Attribute("IncludesLastItemInRange")!);

            Assert.Equal("ErrorCalendarViewRangeTooBig", Code(Messages(await CallAsync(client, View("2027-01-01T00:00:00Z", "2029-01-02T00:00:00Z"))).Single()));
            Assert.Equal("ErrorCalendarEndDateIsEarlierThanStartDate", Code(Messages(await CallAsync(client, View("2027-01-02T00:00:00Z", "2027-01-01T00:00:00Z"))).Single()));
            Assert.Equal("ErrorInvalidPropertyRequest", Code(Messages(await CallAsync(client, View("2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z", fields: "<t:FieldURI FieldURI=\"item:Body\"/>"))).Single()));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task UpdateItem_enforces_the_ChangeKey_and_one_property_per_SetItemField()
        {
            var org = Org();
            var client = AdminClient(org);
            var id = ItemIdOf(await CallAsync(client, Create(CalendarItem("Plan", "2026-12-08T09:00:00Z", "2026-12-08T10:00:00Z"))));
            string Update(string? changeKey, string resolution, string updates) =>
                "<m:UpdateItem ConflictResolution=\"" + resolution + "\" SendMeetingInvitationsOrCancellations=\"SendToNone\"><m:ItemChanges><t:ItemChange>" +
                "<t:ItemId Id=\"" + (string)id.Attribute("Id")! + "\"" + (changeKey == null ? string.Empty : " ChangeKey=\"" + changeKey + "\"") + "/>" +
                "<t:Updates>" + updates + "</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>";
            const string subject = "<t:SetItemField><t:FieldURI FieldURI=\"item:Subject\"/><t:CalendarItem><t:Subject>Plan B</t:Subject></t:CalendarItem></t:SetItemField>";
            var key = (string)id.Attribute("ChangeKey")!;

            Assert.Equal("ErrorChangeKeyRequiredForWriteOperations", Code(Messages(await CallAsync(client, Update(null, "AlwaysOverwrite", subject))).Single()));
            Assert.Equal("ErrorIncorrectUpdatePropertyCount", Code(Messages(await CallAsync(client, Update(key, "AutoResolve",
                "<t:SetItemField><t:FieldURI FieldURI=\"item:Subject\"/><t:CalendarItem><t:Subject>X</t:Subject><t:Sensitivity>Private</t:Sensitivity></t:CalendarItem></t:SetItemField>"))).Single()));
            var first = Messages(await CallAsync(client, Update(key, "NeverOverwrite", subject))).Single();
            Assert.Equal("Success", Class(first));
            var newKey = (string)first.Element(M + "Items")!.Elements().Single().Element(T + "ItemId")!.Attribute("ChangeKey")!;
            Assert.NotEqual(key, newKey);

            Assert.Equal("ErrorIrresolvableConflict", Code(Messages(await CallAsync(client, Update(key, "NeverOverwrite", subject))).Single()));
            Assert.Equal("ErrorIrresolvableConflict", Code(Messages(await CallAsync(client, Update(key, "AutoResolve", subject))).Single()));
            Assert.Equal("Success", Class(Messages(await CallAsync(client, Update(key, "AlwaysOverwrite",
                "<t:DeleteItemField><t:FieldURI FieldURI=\"calendar:Location\"/></t:DeleteItemField>"))).Single()));
            Assert.Equal("ErrorInvalidChangeKey", Code(Messages(await CallAsync(client, Update("not-ours", "AutoResolve", subject))).Single()));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task An_occurrence_changed_or_deleted_shows_in_the_masters_ModifiedOccurrences_and_DeletedOccurrences()
        {
            var org = Org();
            var client = AdminClient(org);
            var weekly = CalendarItem("Weekly", "2026-12-07T09:00:00", "2026-12-07T09:30:00",
                "<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2026-12-07</t:StartDate><t:NumberOfOccurrences>6</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>");
            var master = ItemIdOf(await CallAsync(client, Create(weekly)));
            var masterId = (string)master.Attribute("Id")!;

            // The second occurrence by index, then deleted; the third moved.
            string Occurrence(int index) => "<t:OccurrenceItemId RecurringMasterId=\"" + masterId + "\" InstanceIndex=\"" + index + "\"/>";
            var shape = "<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI=\"calendar:Start\"/><t:FieldURI FieldURI=\"calendar:CalendarItemType\"/></t:AdditionalProperties></m:ItemShape>";
            var second = Messages(await CallAsync(client, "<m:GetItem>" + shape + "<m:ItemIds>" + Occurrence(2) + "</m:ItemIds></m:GetItem>")).Single().Element(M + "Items")!.Elements().Single();
            Assert.Equal("Occurrence", (string)second.Element(T + "CalendarItemType")!);
            Assert.Equal("2026-12-09T08:00:00Z", (string)second.Element(T + "Start")!);
            Assert.Equal("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", Code(Messages(await CallAsync(client, "<m:GetItem>" + shape + "<m:ItemIds>" + Occurrence(7) + "</m:ItemIds></m:GetItem>")).Single()));

            Assert.Equal("ErrorSendMeetingCancellationsRequired", Code(Messages(await CallAsync(client, "<m:DeleteItem DeleteType=\"MoveToDeletedItems\"><m:ItemIds>" + Occurrence(2) + "</m:ItemIds></m:DeleteItem>")).Single()));
            Assert.Equal("Success", Class(Messages(await CallAsync(client, "<m:DeleteItem DeleteType=\"MoveToDeletedItems\" SendMeetingCancellations=\"SendToNone\"><m:ItemIds>" + Occurrence(2) + "</m:ItemIds></m:DeleteItem>")).Single()));
            var third = (string)Messages(await CallAsync(client, "<m:GetItem>" + shape + "<m:ItemIds>" + Occurrence(3) + "</m:ItemIds></m:GetItem>")).Single().Element(M + "Items")!.Elements().Single().Element(T + "ItemId")!.Attribute("Id")!;
            var masterKey = (string)Messages(await CallAsync(client, "<m:GetItem>" + shape + "<m:ItemIds><t:ItemId Id=\"" + masterId + "\"/></m:ItemIds></m:GetItem>")).Single().Element(M + "Items")!.Elements().Single().Element(T + "ItemId")!.Attribute("ChangeKey")!;
            var move = "<m:UpdateItem ConflictResolution=\"AutoResolve\" SendMeetingInvitationsOrCancellations=\"SendToNone\"><m:ItemChanges><t:ItemChange><t:ItemId Id=\"" + third + "\" ChangeKey=\"" + masterKey + "\"/><t:Updates>" +
                "<t:SetItemField><t:FieldURI FieldURI=\"calendar:Start\"/><t:CalendarItem><t:Start>2026-12-14T10:00:00Z</t:Start></t:CalendarItem></t:SetItemField>" +
                "<t:SetItemField><t:FieldURI FieldURI=\"calendar:End\"/><t:CalendarItem><t:End>2026-12-14T10:30:00Z</t:End></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>";
            Assert.Equal("Success", Class(Messages(await CallAsync(client, move)).Single()));

            var full = "<m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>";
            var read = Messages(await CallAsync(client, "<m:GetItem>" + full + "<m:ItemIds><t:RecurringMasterItemId OccurrenceId=\"" + third + "\"/></m:ItemIds></m:GetItem>")).Single().Element(M + "Items")!.Elements().Single();
            Assert.Equal(masterId, (string)read.Element(T + "ItemId")!.Attribute("Id")!);
            Assert.Equal("RecurringMaster", (string)read.Element(T + "CalendarItemType")!);
            Assert.NotNull(read.Element(T + "Recurrence")!.Element(T + "WeeklyRecurrence"));
            Assert.Equal("2026-12-07T08:00:00Z", (string)read.Element(T + "FirstOccurrence")!.Element(T + "Start")!);
            var modified = read.Element(T + "ModifiedOccurrences")!.Elements(T + "Occurrence").Single();
            Assert.Equal("2026-12-14T10:00:00Z", (string)modified.Element(T + "Start")!);
            Assert.Equal("2026-12-14T08:00:00Z", (string)modified.Element(T + "OriginalStart")!);
            Assert.Equal("2026-12-09T08:00:00Z", (string)read.Element(T + "DeletedOccurrences")!.Element(T + "DeletedOccurrence")!.Element(T + "Start")!);

            var week = Messages(await CallAsync(client, View("2026-12-07T00:00:00Z", "2026-12-21T00:00:00Z", fields: "<t:FieldURI FieldURI=\"item:Subject\"/><t:FieldURI FieldURI=\"calendar:CalendarItemType\"/>")))
                .Single().Descendants(T + "CalendarItem").Where(c => (string?)c.Element(T + "Subject") == "Weekly").Select(c => (string)c.Element(T + "CalendarItemType")!).ToList();
            Assert.Equal(new[] { "Occurrence", "Exception", "Occurrence" }, week);
            AssertNoViolations(org);
        }

        [Fact]
        public async Task FindItem_finds_an_item_by_its_extended_property()
        {
            var org = Org();
            var client = AdminClient(org);
            const string uri = "<t:ExtendedFieldURI PropertySetId=\"6c1e6e53-2a7d-4b4e-9f0c-5a3c0b7d1e21\" PropertyName=\"Tx\" PropertyType=\"String\"/>";
            var stamped = CalendarItem("Stamped", "2026-12-08T09:00:00Z", "2026-12-08T10:00:00Z").Replace("<t:Start>", "<t:ExtendedProperty>" + uri + "<t:Value>tx-1</t:Value></t:ExtendedProperty><t:Start>");
            await CallAsync(client, Create(stamped));
            await CallAsync(client, Create(CalendarItem("Plain", "2026-12-08T11:00:00Z", "2026-12-08T12:00:00Z")));
            string Find(string value) =>
                "<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI=\"item:Subject\"/>" + uri + "</t:AdditionalProperties></m:ItemShape>" +
                "<m:IndexedPageItemView MaxEntriesReturned=\"10\" Offset=\"0\" BasePoint=\"Beginning\"/>" +
                "<m:Restriction><t:IsEqualTo>" + uri + "<t:FieldURIOrConstant><t:Constant Value=\"" + value + "\"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>" +
                "<m:ParentFolderIds>" + DistinguishedId(User) + "</m:ParentFolderIds></m:FindItem>";
            var hit = Messages(await CallAsync(client, Find("tx-1"))).Single().Descendants(T + "CalendarItem").Single();
            Assert.Equal("Stamped", (string)hit.Element(T + "Subject")!);
            Assert.Equal("tx-1", (string)hit.Element(T + "ExtendedProperty")!.Element(T + "Value")!);
            Assert.Empty(Messages(await CallAsync(client, Find("tx-2"))).Single().Descendants(T + "CalendarItem"));

            // A restriction is not for calendar views.
            var withView = View("2026-12-08T00:00:00Z", "2026-12-09T00:00:00Z").Replace("<m:ParentFolderIds>", "<m:Restriction><t:IsEqualTo>" + uri + "<t:FieldURIOrConstant><t:Constant Value=\"tx-1\"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction><m:ParentFolderIds>");
            Assert.Equal("ErrorInvalidRestriction", Code(Messages(await CallAsync(client, withView)).Single()));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task GetUserAvailability_takes_100_mailboxes_and_refuses_101_a_long_window_and_a_missing_time_zone()
        {
            var org = Org(generated: 101);
            var client = AdminClient(org);
            var hundred = await CallAsync(client, Availability(100, "2026-12-07T00:00:00", "2027-01-18T00:00:00"));
            Assert.Equal(100, hundred.Element(M + "FreeBusyResponseArray")!.Elements(M + "FreeBusyResponse").Count());

            Assert.Equal("ErrorMailboxDataArrayTooBig", await FaultCode(client, Availability(101, "2026-12-07T00:00:00", "2026-12-08T00:00:00")));
            Assert.Equal("ErrorTimeIntervalTooBig", await FaultCode(client, Availability(1, "2026-12-07T00:00:00", "2027-01-18T00:01:00")));
            Assert.Equal("ErrorInvalidTimeInterval", await FaultCode(client, Availability(1, "2026-12-08T00:00:00", "2026-12-07T00:00:00")));
            Assert.Equal("ErrorInvalidRequest", await FaultCode(client, Availability(1, "2026-12-07T00:00:00", "2026-12-08T00:00:00", timeZone: false)));
            Assert.Equal("ErrorInvalidRequest", await FaultCode(client, Availability(1, "2026-12-07T00:00:00", "2026-12-08T00:00:00", interval: 4)));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task GetUserAvailability_answers_each_mailbox_on_its_own_with_what_the_caller_may_see()
        {
            var org = Org(generated: 2);
            org.ModifyCalendarAcl("bob@contoso.com", levels => levels["Default"] = "None");
            org.ModifyCalendarAcl("user0002@contoso.com", levels => levels["Default"] = "FreeBusyTimeAndSubjectAndLocation");
            org.ModifyCalendarAcl(User, levels => levels["Default"] = "FreeBusyTimeOnly");
            var client = AdminClient(org);
            await CallAsync(client, Create(CalendarItem("Visible", "2027-02-09T09:00:00Z", "2027-02-09T10:00:00Z", "<t:Location>Room 1</t:Location>"), "user0002@contoso.com"));
            await CallAsync(client, Create(CalendarItem("Hidden", "2027-02-09T09:00:00Z", "2027-02-09T10:00:00Z"), User));
            var body = Availability(1, "2027-02-09T00:00:00", "2027-02-10T00:00:00").Replace("</m:MailboxDataArray>",
                "<t:MailboxData><t:Email><t:Address>nobody@contoso.com</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>" +
                "<t:MailboxData><t:Email><t:Address>bob@contoso.com</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>" +
                "<t:MailboxData><t:Email><t:Address>user0002@contoso.com</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>" +
                "<t:MailboxData><t:Email><t:Address>marie@contoso.com</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData></m:MailboxDataArray>");
            var answers = (await CallAsync(client, body)).Element(M + "FreeBusyResponseArray")!.Elements(M + "FreeBusyResponse").ToList();
            Assert.Equal(5, answers.Count);
            string CodeOf(XElement a) => (string)a.Element(M + "ResponseMessage")!.Element(M + "ResponseCode")!;
            Assert.Equal(new[] { "NoError", "ErrorMailRecipientNotFound", "ErrorNoFreeBusyAccess", "NoError", "NoError" }, answers.Select(CodeOf));

            // Times only under the organisation's FreeBusyTimeOnly default: a FreeBusy view, no details.
            Assert.Equal("FreeBusyMerged", (string)answers[0].Descendants(T + "FreeBusyViewType").Single());
            Assert.Empty(answers[0].Descendants(T + "CalendarEventDetails"));
            Assert.Equal("2027-02-09T09:00:00", (string)answers[0].Descendants(T + "StartTime").Single());
            // user0002 shares subjects and locations with everyone.
            Assert.Equal("DetailedMerged", (string)answers[3].Descendants(T + "FreeBusyViewType").Single());
            var details = answers[3].Descendants(T + "CalendarEventDetails").Single();
            Assert.Equal("Visible", (string)details.Element(T + "Subject")!);
            Assert.Equal("Room 1", (string)details.Element(T + "Location")!);
            Assert.Equal(new string('0', 9) + "2" + new string('0', 14), (string)answers[3].Descendants(T + "MergedFreeBusy").Single());
            // Working hours in the mailbox's own zone (marie: Paris).
            var hours = answers[4].Descendants(T + "WorkingHours").Single();
            Assert.Equal("-60", (string)hours.Element(T + "TimeZone")!.Element(T + "Bias")!);
            Assert.Equal("5", (string)hours.Element(T + "TimeZone")!.Element(T + "DaylightTime")!.Element(T + "DayOrder")!);
            Assert.Equal("Monday Tuesday Wednesday Thursday Friday", (string)hours.Descendants(T + "DayOfWeek").Last());
            AssertNoViolations(org);
        }
    }
}
