using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Ews;
using CalendarSharing.Ews.Protocol;
using CalendarSharing.Core.Backends;
using CalendarSharing.Sandbox.Validation;
using Xunit;

namespace CalendarSharing.Tests.Ews
{
    /// <summary>
    /// Sans-IO tests: every request we can build is schema-valid; samples in the shapes of the EWS reference pages
    /// parse to the right values.
    /// </summary>
    public class EwsWireTests
    {
        internal static EwsSchemaValidator Validator()
        {
            var dir = EwsSchemaValidator.Locate();
            Assert.True(dir != null, $"The EWS schemas (types.xsd, messages.xsd) were not found; set {EwsSchemaValidator.SchemaPathVariable}. Schema tests must not be skipped.");
            return EwsSchemaValidator.Load(dir!);
        }

        private static void AssertValid(XElement body, EwsRequestHeader? header = null)
        {
            var xml = EwsEnvelopeWriter.Write(header ?? new EwsRequestHeader("Exchange2013_SP1"), body);
            var errors = Validator().ValidateEnvelope(xml);
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors) + Environment.NewLine + xml);
            Assert.DoesNotContain("https://schemas", xml);
        }

        public static IEnumerable<object[]> Requests()
        {
            var alice = "alice@contoso.com";
            var custom = new EwsCalendarPermission(new EwsUserId { Sid = "S-1-5-21-1", PrimarySmtpAddress = "carol@contoso.com", DisplayName = "Carol Chen" }, "Custom")
            {
                CanCreateItems = true, CanCreateSubFolders = false, IsFolderOwner = false, IsFolderVisible = true, IsFolderContact = false,
                EditItems = "Owned", DeleteItems = "None", ReadItems = "TimeAndSubjectAndLocation",
            };
            var perms = new[]
            {
                new EwsCalendarPermission(EwsUserId.Distinguished("Default"), "FreeBusyTimeOnly"),
                new EwsCalendarPermission(EwsUserId.Distinguished("Anonymous"), "None"),
                new EwsCalendarPermission(EwsUserId.Smtp("bob@contoso.com"), "Reviewer"),
                custom,
            };
            yield return new object[] { "GetFolder calendar+mailbox", new GetFolderOperation(new[] { EwsFolderReference.Distinguished("calendar", alice) }).WriteRequest() };
            yield return new object[] { "GetFolder own calendar, no permissions", new GetFolderOperation(new[] { EwsFolderReference.Distinguished("calendar") }, false).WriteRequest() };
            yield return new object[] { "GetFolder many", new GetFolderOperation(new[] { EwsFolderReference.Distinguished("calendar", alice), EwsFolderReference.ById(new EwsFolderId("AAMkAGCal", "AgAAABYA")), EwsFolderReference.ById(new EwsFolderId("AAMkAGCa2", null)) }).WriteRequest() };
            yield return new object[] { "FindFolder deep all", new FindFolderOperation(new[] { EwsFolderReference.Distinguished("calendar", alice) }, true).WriteRequest() };
            yield return new object[] { "FindFolder by name", new FindFolderOperation(new[] { EwsFolderReference.Distinguished("msgfolderroot", alice) }, true, "Team Events").WriteRequest() };
            yield return new object[] { "FindFolder shallow", new FindFolderOperation(new[] { EwsFolderReference.Distinguished("calendar") }, false).WriteRequest() };
            yield return new object[] { "UpdateFolder one", new UpdateFolderOperation(new[] { new EwsPermissionSetChange(new EwsFolderId("AAMkAGCal", "AgAAABYAAAA1"), perms) }).WriteRequest() };
            yield return new object[] { "UpdateFolder many", new UpdateFolderOperation(new[] { new EwsPermissionSetChange(new EwsFolderId("A1", "C1"), perms), new EwsPermissionSetChange(new EwsFolderId("A2", "C2"), perms.Take(2).ToList()) }).WriteRequest() };
            yield return new object[] { "ResolveNames", new ResolveNamesOperation("Alice").WriteRequest() };
            yield return new object[] { "GetMailTips", new GetMailTipsOperation("admin@contoso.com", new[] { "bob@contoso.com", "nobody@contoso.com" }).WriteRequest() };
            yield return new object[] { "GetMailTips without a sender address", new GetMailTipsOperation(null, new[] { "bob@contoso.com" }).WriteRequest() };
            yield return new object[] { "GetServiceConfiguration MailTips", new GetServiceConfigurationOperation().WriteRequest() };
            yield return new object[] { "GetDelegate all", new GetDelegateOperation(alice).WriteRequest() };
            yield return new object[] { "GetDelegate some", new GetDelegateOperation(alice, new[] { EwsUserId.Smtp("bob@contoso.com") }).WriteRequest() };
            var full = new EwsDelegateUser(EwsUserId.Smtp("bob@contoso.com"))
            {
                CalendarFolderPermissionLevel = "Editor", TasksFolderPermissionLevel = "None", InboxFolderPermissionLevel = "Reviewer",
                ContactsFolderPermissionLevel = "None", NotesFolderPermissionLevel = "None", JournalFolderPermissionLevel = "None",
                ReceiveCopiesOfMeetingMessages = true, ViewPrivateItems = false,
            };
            yield return new object[] { "AddDelegate", new AddDelegateOperation(alice, new[] { full }, "DelegatesAndSendInformationToMe").WriteRequest() };
            yield return new object[] { "AddDelegate minimal", new AddDelegateOperation(alice, new[] { new EwsDelegateUser(EwsUserId.Smtp("bob@contoso.com")) { CalendarFolderPermissionLevel = "Editor", ViewPrivateItems = true } }).WriteRequest() };
            yield return new object[] { "UpdateDelegate", new UpdateDelegateOperation(alice, new[] { full }).WriteRequest() };
            yield return new object[] { "UpdateDelegate meeting requests only", new UpdateDelegateOperation(alice, null, "DelegatesAndMe").WriteRequest() };
            yield return new object[] { "RemoveDelegate", new RemoveDelegateOperation(alice, new[] { EwsUserId.Smtp("bob@contoso.com"), EwsUserId.Smtp("carol@contoso.com") }).WriteRequest() };
        }

        [Theory]
        [MemberData(nameof(Requests))]
        public void Every_request_validates_against_the_schema(string name, XElement body)
        {
            Assert.False(string.IsNullOrEmpty(name));
            AssertValid(body);
        }

        [Fact]
        public void Header_blocks_validate_impersonation_and_time_zone()
        {
            var header = new EwsRequestHeader("Exchange2013_SP1") { ImpersonatedSmtpAddress = "alice@contoso.com", TimeZoneId = "W. Europe Standard Time" };
            AssertValid(new GetFolderOperation(new[] { EwsFolderReference.Distinguished("calendar") }).WriteRequest(), header);
            var doc = EwsEnvelopeWriter.Build(header, new ResolveNamesOperation("x").WriteRequest());
            var sid = doc.Descendants(EwsXml.T + "ConnectingSID").Single();
            Assert.Equal("alice@contoso.com", sid.Element(EwsXml.T + "PrimarySmtpAddress")!.Value);
            Assert.Equal("Exchange2013_SP1", doc.Descendants(EwsXml.T + "RequestServerVersion").Single().Attribute("Version")!.Value);
        }

        [Fact]
        public void Calendar_permission_writes_named_levels_alone_and_custom_with_flags_in_schema_order()
        {
            var named = new EwsCalendarPermission(EwsUserId.Smtp("bob@contoso.com"), "Reviewer") { ReadItems = "FullDetails", IsFolderVisible = true };
            var e = EwsTypeWriter.CalendarPermission(named);
            Assert.Equal(new[] { "UserId", "CalendarPermissionLevel" }, e.Elements().Select(x => x.Name.LocalName));

            var custom = new EwsCalendarPermission(EwsUserId.Smtp("carol@contoso.com"), "Custom")
            {
                ReadItems = "FullDetails", CanCreateItems = true, EditItems = "Owned", IsFolderVisible = true, DeleteItems = "None",
            };
            var c = EwsTypeWriter.CalendarPermission(custom);
            Assert.Equal(
                new[] { "UserId", "CanCreateItems", "IsFolderVisible", "EditItems", "DeleteItems", "ReadItems", "CalendarPermissionLevel" },
                c.Elements().Select(x => x.Name.LocalName));
        }

        private static string Envelope(string body, string header = "") =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
            + (header.Length > 0 ? "<s:Header>" + header + "</s:Header>" : string.Empty) + "<s:Body>" + body + "</s:Body></s:Envelope>";

        private const string VersionHeader =
            "<h:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"2\" MajorBuildNumber=\"1118\" MinorBuildNumber=\"7\" Version=\"V2017_07_11\" xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\"/>";

        // A GetFolder answer as [MS-OXWSFOLD] and
        // https://learn.microsoft.com/exchange/client-developer/web-service-reference/getfolder-operation describe it:
        // CalendarFolder with FolderId and the flags of every entry, then the level.
        private const string GetFolderResponse = @"<m:GetFolderResponse>
  <m:ResponseMessages>
    <m:GetFolderResponseMessage ResponseClass=""Success"">
      <m:ResponseCode>NoError</m:ResponseCode>
      <m:Folders>
        <t:CalendarFolder>
          <t:FolderId Id=""AAMkAGCal"" ChangeKey=""AgAAABYAAAA1""/>
          <t:DisplayName>Calendar</t:DisplayName>
          <t:PermissionSet>
            <t:CalendarPermissions>
              <t:CalendarPermission>
                <t:UserId><t:DistinguishedUser>Default</t:DistinguishedUser></t:UserId>
                <t:CanCreateItems>false</t:CanCreateItems><t:CanCreateSubFolders>false</t:CanCreateSubFolders><t:IsFolderOwner>false</t:IsFolderOwner>
                <t:IsFolderVisible>false</t:IsFolderVisible><t:IsFolderContact>false</t:IsFolderContact>
                <t:EditItems>None</t:EditItems><t:DeleteItems>None</t:DeleteItems><t:ReadItems>TimeOnly</t:ReadItems>
                <t:CalendarPermissionLevel>FreeBusyTimeOnly</t:CalendarPermissionLevel>
              </t:CalendarPermission>
              <t:CalendarPermission>
                <t:UserId><t:DistinguishedUser>Anonymous</t:DistinguishedUser></t:UserId>
                <t:CanCreateItems>false</t:CanCreateItems><t:CanCreateSubFolders>false</t:CanCreateSubFolders><t:IsFolderOwner>false</t:IsFolderOwner>
                <t:IsFolderVisible>false</t:IsFolderVisible><t:IsFolderContact>false</t:IsFolderContact>
                <t:EditItems>None</t:EditItems><t:DeleteItems>None</t:DeleteItems><t:ReadItems>None</t:ReadItems>
                <t:CalendarPermissionLevel>None</t:CalendarPermissionLevel>
              </t:CalendarPermission>
              <t:CalendarPermission>
                <t:UserId><t:SID>S-1-5-21-42</t:SID><t:PrimarySmtpAddress>carol@contoso.com</t:PrimarySmtpAddress><t:DisplayName>Carol Chen</t:DisplayName></t:UserId>
                <t:CanCreateItems>true</t:CanCreateItems><t:CanCreateSubFolders>false</t:CanCreateSubFolders><t:IsFolderOwner>false</t:IsFolderOwner>
                <t:IsFolderVisible>true</t:IsFolderVisible><t:IsFolderContact>false</t:IsFolderContact>
                <t:EditItems>Owned</t:EditItems><t:DeleteItems>None</t:DeleteItems><t:ReadItems>FullDetails</t:ReadItems>
                <t:CalendarPermissionLevel>Custom</t:CalendarPermissionLevel>
              </t:CalendarPermission>
            </t:CalendarPermissions>
          </t:PermissionSet>
        </t:CalendarFolder>
      </m:Folders>
    </m:GetFolderResponseMessage>
    <m:GetFolderResponseMessage ResponseClass=""Error"">
      <m:MessageText>The specified folder could not be found in the store.</m:MessageText>
      <m:ResponseCode>ErrorFolderNotFound</m:ResponseCode>
      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
    </m:GetFolderResponseMessage>
  </m:ResponseMessages>
</m:GetFolderResponse>";

        [Fact]
        public void GetFolder_response_parses_entries_flags_version_and_per_item_errors()
        {
            var xml = Envelope(GetFolderResponse, VersionHeader);
            Assert.Empty(Validator().ValidateEnvelope(xml));
            var envelope = EwsEnvelopeReader.Read(xml);
            Assert.Equal("V2017_07_11", envelope.ServerVersion!.Version);
            Assert.Equal("15.2.1118.7 (V2017_07_11)", envelope.ServerVersion.ToString());

            var op = new GetFolderOperation(new[] { EwsFolderReference.Distinguished("calendar", "alice@contoso.com"), EwsFolderReference.Distinguished("calendar", "ghost@contoso.com") });
            var results = op.ReadResponse(envelope.Payload!);
            Assert.Equal(2, results.Count);
            var folder = results[0].Value!;
            Assert.True(results[0].IsSuccess);
            Assert.Equal("AAMkAGCal", folder.FolderId.Id);
            Assert.Equal("AgAAABYAAAA1", folder.FolderId.ChangeKey);
            Assert.Equal("Calendar", folder.DisplayName);
            Assert.True(folder.IsCalendar);
            Assert.Equal(new[] { "FreeBusyTimeOnly", "None", "Custom" }, folder.Permissions!.Select(p => p.Level));
            Assert.Equal("Default", folder.Permissions![0].UserId.DistinguishedUser);
            Assert.Equal("TimeOnly", folder.Permissions[0].ReadItems);
            var carol = folder.Permissions[2];
            Assert.Equal("carol@contoso.com", carol.UserId.PrimarySmtpAddress);
            Assert.Equal("S-1-5-21-42", carol.UserId.Sid);
            Assert.Equal(true, carol.CanCreateItems);
            Assert.Equal("Owned", carol.EditItems);

            Assert.False(results[1].IsSuccess);
            Assert.Equal("Error", results[1].Message.ResponseClass);
            Assert.Equal("ErrorFolderNotFound", results[1].Message.ResponseCode);
            Assert.Equal("The specified folder could not be found in the store.", results[1].Message.MessageText);
            Assert.Equal(BackendErrorCode.CalendarNotFound, EwsErrorMap.ToBackendCode(results[1].Message.ResponseCode));

            // Read as is, written back as is: the custom entry keeps its flags in the same order.
            var rewritten = EwsTypeWriter.CalendarPermission(carol);
            Assert.Equal(new[] { "UserId", "CanCreateItems", "CanCreateSubFolders", "IsFolderOwner", "IsFolderVisible", "IsFolderContact", "EditItems", "DeleteItems", "ReadItems", "CalendarPermissionLevel" }, rewritten.Elements().Select(e => e.Name.LocalName));
        }

        [Fact]
        public void UpdateFolder_response_gives_the_new_change_key()
        {
            const string body = @"<m:UpdateFolderResponse>
  <m:ResponseMessages>
    <m:UpdateFolderResponseMessage ResponseClass=""Success"">
      <m:ResponseCode>NoError</m:ResponseCode>
      <m:Folders><t:CalendarFolder><t:FolderId Id=""AAMkAGCal"" ChangeKey=""AgAAABYAAAA2""/></t:CalendarFolder></m:Folders>
    </m:UpdateFolderResponseMessage>
    <m:UpdateFolderResponseMessage ResponseClass=""Error"">
      <m:MessageText>The object has been modified.</m:MessageText>
      <m:ResponseCode>ErrorStaleObject</m:ResponseCode>
      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
      <m:Folders/>
    </m:UpdateFolderResponseMessage>
  </m:ResponseMessages>
</m:UpdateFolderResponse>";
            var xml = Envelope(body);
            Assert.Empty(Validator().ValidateEnvelope(xml));
            var perms = new[] { new EwsCalendarPermission(EwsUserId.Distinguished("Default"), "None") };
            var op = new UpdateFolderOperation(new[] { new EwsPermissionSetChange(new EwsFolderId("AAMkAGCal", "AgAAABYAAAA1"), perms), new EwsPermissionSetChange(new EwsFolderId("B", "1"), perms) });
            var results = op.ReadResponse(EwsEnvelopeReader.Read(xml).Payload!);
            Assert.True(results[0].IsSuccess);
            Assert.Equal("AgAAABYAAAA2", results[0].Value!.ChangeKey);
            Assert.False(results[1].IsSuccess);
            Assert.True(EwsErrorMap.IsConflict(results[1].Message.ResponseCode));
        }

        [Fact]
        public void Mixed_batch_from_the_brief_gives_one_message_per_item_in_order()
        {
            const string body = @"<m:GetItemResponse>
  <m:ResponseMessages>
    <m:GetItemResponseMessage ResponseClass=""Success"">
      <m:ResponseCode>NoError</m:ResponseCode>
      <m:Items><t:CalendarItem><t:ItemId Id=""AAMkAGI1"" ChangeKey=""DwAAABYA3""/><t:Subject>Synced: planning</t:Subject></t:CalendarItem></m:Items>
    </m:GetItemResponseMessage>
    <m:GetItemResponseMessage ResponseClass=""Error"">
      <m:MessageText>The specified object was not found in the store.</m:MessageText>
      <m:ResponseCode>ErrorItemNotFound</m:ResponseCode>
      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
      <m:Items/>
    </m:GetItemResponseMessage>
  </m:ResponseMessages>
</m:GetItemResponse>";
            var envelope = EwsEnvelopeReader.Read(Envelope(body));
            var messages = EwsEnvelopeReader.ResponseMessages(envelope.Payload!, "GetItem").Select(EwsEnvelopeReader.ReadMessage).ToList();
            Assert.Equal(2, messages.Count);
            Assert.True(messages[0].IsSuccess);
            Assert.Equal("NoError", messages[0].ResponseCode);
            Assert.False(messages[1].IsSuccess);
            Assert.Equal("ErrorItemNotFound", messages[1].ResponseCode);
            Assert.Equal("The specified object was not found in the store.", messages[1].MessageText);
        }

        [Fact]
        public void Soap_fault_with_back_off_is_read_by_local_name()
        {
            const string xml = @"<s:Envelope xmlns:s=""http://schemas.xmlsoap.org/soap/envelope/"">
  <s:Body>
    <s:Fault>
      <faultcode xmlns:a=""http://schemas.microsoft.com/exchange/services/2006/types"">a:ErrorServerBusy</faultcode>
      <faultstring xml:lang=""en-US"">The server cannot service this request right now. Try again later.</faultstring>
      <detail>
        <e:ResponseCode xmlns:e=""http://schemas.microsoft.com/exchange/services/2006/errors"">ErrorServerBusy</e:ResponseCode>
        <e:Message xmlns:e=""http://schemas.microsoft.com/exchange/services/2006/errors"">The server cannot service this request right now. Try again later.</e:Message>
        <e:MessageXml xmlns:e=""http://schemas.microsoft.com/exchange/services/2006/errors"">
          <t:Value xmlns:t=""http://schemas.microsoft.com/exchange/services/2006/types"" Name=""BackOffMilliseconds"">29774</t:Value>
        </e:MessageXml>
      </detail>
    </s:Fault>
  </s:Body>
</s:Envelope>";
            var envelope = EwsEnvelopeReader.Read(xml);
            Assert.Null(envelope.Payload);
            var fault = envelope.Fault!;
            Assert.Equal("ErrorServerBusy", fault.ResponseCode);
            Assert.Equal("a:ErrorServerBusy", fault.FaultCode);
            Assert.Equal(29774, fault.BackOffMilliseconds);
            Assert.Equal("The server cannot service this request right now. Try again later.", fault.Message);
            Assert.Equal(BackendErrorCode.Throttled, EwsErrorMap.ToBackendCode(fault.ResponseCode));
        }

        [Fact]
        public void Soap_fault_of_exchange_2007_with_types_namespace_and_no_detail_code()
        {
            const string xml = @"<soap:Envelope xmlns:soap=""http://schemas.xmlsoap.org/soap/envelope/""><soap:Body><soap:Fault>
<faultcode xmlns:a=""http://schemas.microsoft.com/exchange/services/2006/types"">a:ErrorSchemaValidation</faultcode>
<faultstring>The request failed schema validation.</faultstring>
<detail><t:MessageXml xmlns:t=""http://schemas.microsoft.com/exchange/services/2006/types""><t:LineNumber>3</t:LineNumber></t:MessageXml><e:Line xmlns:e=""http://schemas.microsoft.com/exchange/services/2006/errors"">3</e:Line><e:Position xmlns:e=""http://schemas.microsoft.com/exchange/services/2006/errors"">17</e:Position></detail>
</soap:Fault></soap:Body></soap:Envelope>";
            var fault = EwsEnvelopeReader.Read(xml).Fault!;
            Assert.Equal("ErrorSchemaValidation", fault.ResponseCode);
            Assert.Equal(3, fault.Line);
            Assert.Equal(17, fault.Position);
            Assert.Null(fault.BackOffMilliseconds);
            Assert.Equal(BackendErrorCode.ServerFault, EwsErrorMap.ToBackendCode(fault.ResponseCode));
        }

        [Fact]
        public void AddDelegate_outer_success_with_inner_error_is_seen()
        {
            const string body = @"<m:AddDelegateResponse ResponseClass=""Success"">
  <m:ResponseCode>NoError</m:ResponseCode>
  <m:ResponseMessages>
    <m:DelegateUserResponseMessageType ResponseClass=""Error"">
      <m:MessageText>The user is already a delegate for the mailbox.</m:MessageText>
      <m:ResponseCode>ErrorDelegateAlreadyExists</m:ResponseCode>
      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
    </m:DelegateUserResponseMessageType>
  </m:ResponseMessages>
</m:AddDelegateResponse>";
            var xml = Envelope(body);
            Assert.Empty(Validator().ValidateEnvelope(xml));
            var op = new AddDelegateOperation("alice@contoso.com", new[] { new EwsDelegateUser(EwsUserId.Smtp("bob@contoso.com")) { CalendarFolderPermissionLevel = "Editor" } });
            var result = op.ReadResponse(EwsEnvelopeReader.Read(xml).Payload!);
            Assert.True(result.Outer.IsSuccess);
            Assert.Single(result.Users);
            Assert.False(result.Users[0].Message.IsSuccess);
            Assert.Equal("ErrorDelegateAlreadyExists", result.Users[0].Message.ResponseCode);
            Assert.Equal("The user is already a delegate for the mailbox.", result.Users[0].Message.MessageText);
        }

        [Fact]
        public void GetDelegate_response_reads_permissions_and_meeting_delivery()
        {
            const string body = @"<m:GetDelegateResponse ResponseClass=""Success"">
  <m:ResponseCode>NoError</m:ResponseCode>
  <m:ResponseMessages>
    <m:DelegateUserResponseMessageType ResponseClass=""Success"">
      <m:ResponseCode>NoError</m:ResponseCode>
      <m:DelegateUser>
        <t:UserId><t:SID>S-1-5-21-7</t:SID><t:PrimarySmtpAddress>bob@contoso.com</t:PrimarySmtpAddress><t:DisplayName>Bob Berg</t:DisplayName></t:UserId>
        <t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel><t:InboxFolderPermissionLevel>Reviewer</t:InboxFolderPermissionLevel></t:DelegatePermissions>
        <t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages>
        <t:ViewPrivateItems>true</t:ViewPrivateItems>
      </m:DelegateUser>
    </m:DelegateUserResponseMessageType>
  </m:ResponseMessages>
  <m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests>
</m:GetDelegateResponse>";
            var xml = Envelope(body);
            Assert.Empty(Validator().ValidateEnvelope(xml));
            var result = new GetDelegateOperation("alice@contoso.com").ReadResponse(EwsEnvelopeReader.Read(xml).Payload!);
            var bob = Assert.Single(result.Users).Value!;
            Assert.Equal("bob@contoso.com", bob.UserId.PrimarySmtpAddress);
            Assert.Equal("Editor", bob.CalendarFolderPermissionLevel);
            Assert.Equal("Reviewer", bob.InboxFolderPermissionLevel);
            Assert.Equal(true, bob.ViewPrivateItems);
            Assert.Equal("DelegatesAndMe", result.DeliverMeetingRequests);
        }

        [Fact]
        public void ResolveNames_response_lists_candidates()
        {
            const string body = @"<m:ResolveNamesResponse>
  <m:ResponseMessages>
    <m:ResolveNamesResponseMessage ResponseClass=""Warning"">
      <m:MessageText>Multiple results were found.</m:MessageText>
      <m:ResponseCode>ErrorNameResolutionMultipleResults</m:ResponseCode>
      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
      <m:ResolutionSet TotalItemsInView=""2"" IncludesLastItemInRange=""true"">
        <t:Resolution><t:Mailbox><t:Name>Alice Anders</t:Name><t:EmailAddress>alice@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox></t:Resolution>
        <t:Resolution><t:Mailbox><t:Name>Alicia Alba</t:Name><t:EmailAddress>alicia@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox></t:Resolution>
      </m:ResolutionSet>
    </m:ResolveNamesResponseMessage>
  </m:ResponseMessages>
</m:ResolveNamesResponse>";
            var xml = Envelope(body);
            Assert.Empty(Validator().ValidateEnvelope(xml));
            var result = new ResolveNamesOperation("Ali").ReadResponse(EwsEnvelopeReader.Read(xml).Payload!);
            Assert.False(result.Message.IsSuccess);
            Assert.Equal(BackendErrorCode.PrincipalAmbiguous, EwsErrorMap.ToBackendCode(result.Message.ResponseCode));
            Assert.Equal(new[] { "alice@contoso.com", "alicia@contoso.com" }, result.Value!.Select(r => r.EmailAddress));
        }

        [Fact]
        public void Responses_with_a_DTD_are_refused()
        {
            const string xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&e;</s:Body></s:Envelope>";
            Assert.Throws<EwsProtocolException>(() => EwsEnvelopeReader.Read(xml));
        }

        [Fact]
        public void Request_level_faults_get_the_exception_of_their_family()
        {
            Assert.IsType<EwsRequestRejectedException>(EwsErrorMap.Fault("ErrorSchemaValidation", "x"));
            Assert.IsType<EwsRequestRejectedException>(EwsErrorMap.Fault("ErrorInvalidServerVersion", "x"));
            var denied = Assert.IsType<EwsAccessDeniedException>(EwsErrorMap.Fault("ErrorImpersonationFailed", "x"));
            Assert.Equal(BackendErrorCode.AccessDenied, denied.Code);
            Assert.Equal("ErrorImpersonationFailed", denied.ToBackendException().Error.ServerCode);
            Assert.IsType<EwsFaultException>(EwsErrorMap.Fault("ErrorInternalServerError", "x"));
            Assert.Equal(BackendErrorCode.Throttled, new EwsServerBusyException("busy", 100).ToBackendException().Error.Code);
            Assert.Equal(BackendErrorCode.Authentication, new EwsAuthenticationException("no").ToBackendException().Error.Code);
            Assert.Equal(BackendErrorCode.Transient, new EwsHttpException(503, "x").Code);
            Assert.Equal(BackendErrorCode.Throttled, new EwsHttpException(429, "x").Code);
        }

        [Theory]
        [InlineData("ErrorNonExistentMailbox", BackendErrorCode.MailboxNotFound)]
        [InlineData("ErrorInvalidMailbox", BackendErrorCode.MailboxNotFound)]
        [InlineData("ErrorMailRecipientNotFound", BackendErrorCode.MailboxNotFound)]
        [InlineData("ErrorFolderNotFound", BackendErrorCode.CalendarNotFound)]
        [InlineData("ErrorItemNotFound", BackendErrorCode.CalendarNotFound)]
        [InlineData("ErrorInvalidUserInfo", BackendErrorCode.PrincipalNotFound)]
        [InlineData("ErrorCannotFindUser", BackendErrorCode.PrincipalNotFound)]
        [InlineData("ErrorDelegateNoUser", BackendErrorCode.PrincipalNotFound)]
        [InlineData("ErrorInvalidUserSid", BackendErrorCode.PrincipalNotFound)]
        [InlineData("ErrorNameResolutionNoResults", BackendErrorCode.PrincipalNotFound)]
        [InlineData("ErrorNameResolutionMultipleResults", BackendErrorCode.PrincipalAmbiguous)]
        [InlineData("ErrorAccessDenied", BackendErrorCode.AccessDenied)]
        [InlineData("ErrorImpersonateUserDenied", BackendErrorCode.AccessDenied)]
        [InlineData("ErrorImpersonationDenied", BackendErrorCode.AccessDenied)]
        [InlineData("ErrorPermissionNotAllowedByPolicy", BackendErrorCode.NotAllowedByPolicy)]
        [InlineData("ErrorNotAllowedExternalSharingByPolicy", BackendErrorCode.NotAllowedByPolicy)]
        [InlineData("ErrorInvalidPermissionSettings", BackendErrorCode.InvalidInput)]
        [InlineData("ErrorDuplicateUserIdsSpecified", BackendErrorCode.InvalidInput)]
        [InlineData("ErrorServerBusy", BackendErrorCode.Throttled)]
        [InlineData("ErrorMailboxMoveInProgress", BackendErrorCode.Transient)]
        [InlineData("ErrorMailboxStoreUnavailable", BackendErrorCode.Transient)]
        [InlineData("ErrorInternalServerTransientError", BackendErrorCode.Transient)]
        [InlineData("ErrorConnectionFailed", BackendErrorCode.Transient)]
        [InlineData("ErrorBatchProcessingStopped", BackendErrorCode.Transient)]
        [InlineData("ErrorChangeKeyRequiredForWriteOperations", BackendErrorCode.Conflict)]
        [InlineData("ErrorStaleObject", BackendErrorCode.Conflict)]
        [InlineData("ErrorIrresolvableConflict", BackendErrorCode.Conflict)]
        [InlineData("ErrorInvalidChangeKey", BackendErrorCode.Conflict)]
        [InlineData("ErrorSchemaValidation", BackendErrorCode.ServerFault)]
        public void Response_codes_map_as_the_contract_says(string code, BackendErrorCode expected)
        {
            Assert.Equal(expected, EwsErrorMap.ToBackendCode(code));
        }
    }
}
