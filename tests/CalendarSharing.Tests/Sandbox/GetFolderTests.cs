using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class GetFolderTests
    {
        private static readonly string[] FlagOrder =
        {
            "UserId", "CanCreateItems", "CanCreateSubFolders", "IsFolderOwner", "IsFolderVisible", "IsFolderContact",
            "EditItems", "DeleteItems", "ReadItems", "CalendarPermissionLevel",
        };

        [Fact]
        public async Task Own_calendar_returns_CalendarFolder_with_every_flag_then_the_level()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");

            var response = await CallAsync(client, GetCalendarBody(mailbox: null));

            Assert.Equal(M + "GetFolderResponse", response.Name);
            var message = Messages(response).Single();
            Assert.Equal(M + "GetFolderResponseMessage", message.Name);
            Assert.Equal("Success", Class(message));
            Assert.Equal("NoError", Code(message));
            var folder = message.Element(M + "Folders")!.Elements().Single();
            Assert.Equal(T + "CalendarFolder", folder.Name);
            Assert.False(string.IsNullOrEmpty((string?)folder.Element(T + "FolderId")!.Attribute("Id")));
            Assert.False(string.IsNullOrEmpty((string?)folder.Element(T + "FolderId")!.Attribute("ChangeKey")));
            Assert.Equal("Calendar", (string?)folder.Element(T + "DisplayName"));
            Assert.Equal(new[] { "Default=FreeBusyTimeOnly", "Anonymous=None", "carol@contoso.com=Reviewer" }, Levels(message));

            foreach (var permission in folder.Descendants(T + "CalendarPermission"))
            {
                Assert.Equal(FlagOrder, permission.Elements().Select(e => e.Name.LocalName).ToArray());
            }

            var carol = folder.Descendants(T + "CalendarPermission").Last();
            Assert.Equal("true", (string?)carol.Element(T + "IsFolderVisible"));
            Assert.Equal("false", (string?)carol.Element(T + "CanCreateItems"));
            Assert.Equal("FullDetails", (string?)carol.Element(T + "ReadItems"));
            Assert.Equal("Carol Chen", (string?)carol.Element(T + "UserId")!.Element(T + "DisplayName"));
            AssertNoViolations(org);
        }

        [Theory]
        [InlineData("hans@contoso.com", "Kalender", "marie@contoso.com=FreeBusyTimeAndSubjectAndLocation")]
        [InlineData("marie@contoso.com", "Calendrier", null)]
        public async Task Localized_default_calendar_is_found_by_DistinguishedFolderId(string mailbox, string displayName, string? extra)
        {
            var org = CreateOrg();
            using var client = AdminClient(org);

            var message = Messages(await CallAsync(client, GetCalendarBody(mailbox))).Single();

            Assert.Equal("Success", Class(message));
            Assert.Equal(displayName, FolderName(message));
            if (extra != null)
            {
                Assert.Contains(extra, Levels(message));
            }

            AssertNoViolations(org);
        }

        [Fact]
        public async Task Mixed_batch_answers_each_id_in_order_with_its_own_ResponseClass()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var body = "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>" +
                "<t:AdditionalProperties><t:FieldURI FieldURI=\"folder:PermissionSet\"/></t:AdditionalProperties></m:FolderShape><m:FolderIds>" +
                DistinguishedId("alice@contoso.com") + DistinguishedId("nobody@contoso.com") + DistinguishedId("hans@contoso.com") +
                "</m:FolderIds></m:GetFolder>";

            var messages = Messages(await CallAsync(client, body));

            Assert.Equal(new[] { "Success", "Error", "Success" }, messages.Select(Class).ToArray());
            Assert.Equal(new[] { "NoError", "ErrorNonExistentMailbox", "NoError" }, messages.Select(Code).ToArray());
            Assert.NotNull(messages[1].Element(M + "MessageText"));
            Assert.Equal("Calendar", FolderName(messages[0]));
            Assert.Equal("Kalender", FolderName(messages[2]));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Another_users_calendar_is_access_denied_per_item()
        {
            var org = CreateOrg();
            using var client = Client(org, "bob@contoso.com", "Sandbox!Bob1");

            var message = Messages(await CallAsync(client, GetCalendarBody("alice@contoso.com"))).Single();

            Assert.Equal("Error", Class(message));
            Assert.Equal("ErrorAccessDenied", Code(message));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task FolderId_from_a_response_reads_the_same_folder_without_a_Mailbox()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var first = Messages(await CallAsync(client, GetCalendarBody("hans@contoso.com"))).Single();
            var id = (string)FolderIdOf(first).Attribute("Id")!;

            var body = "<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>" +
                "<m:FolderIds><t:FolderId Id=\"" + id + "\"/><t:FolderId Id=\"not-an-id\"/></m:FolderIds></m:GetFolder>";
            var messages = Messages(await CallAsync(client, body));

            Assert.Equal("Kalender", FolderName(messages[0]));
            Assert.Empty(messages[0].Descendants(T + "PermissionSet")); // only on request (2013+)
            Assert.Equal("ErrorInvalidIdMalformed", Code(messages[1]));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Impersonation_reads_the_target_mailbox_and_unknown_targets_fault()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var asHans = "<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>hans@contoso.com</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>";

            var message = Messages(await CallAsync(client, GetCalendarBody(mailbox: null), asHans)).Single();
            Assert.Equal("Kalender", FolderName(message));

            var asNobody = asHans.Replace("hans@", "nobody@");
            var (response, xml) = await PostAsync(client, Envelope(GetCalendarBody(mailbox: null), extraHeader: asNobody));
            Assert.Equal(500, (int)response.StatusCode);
            Assert.Equal("ErrorNonExistentMailbox", (string?)FaultDetail(xml).Element(E + "ResponseCode"));

            using var alice = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            (response, xml) = await PostAsync(alice, Envelope(GetCalendarBody(mailbox: null), extraHeader: asHans));
            Assert.Equal("ErrorImpersonateUserDenied", (string?)FaultDetail(xml).Element(E + "ResponseCode"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task FindFolder_finds_calendars_deep_shallow_and_by_display_name()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            string Find(string traversal, string parent, string restriction = "") =>
                "<m:FindFolder Traversal=\"" + traversal + "\"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>" + restriction +
                "<m:ParentFolderIds>" + DistinguishedId(null, parent) + "</m:ParentFolderIds></m:FindFolder>";
            string[] Names(XElement response) => response.Descendants(T + "DisplayName").Select(e => e.Value).ToArray();

            Assert.Equal(new[] { "Calendar", "Team Events" }, Names(await CallAsync(client, Find("Deep", "msgfolderroot"))));
            Assert.Equal(new[] { "Calendar" }, Names(await CallAsync(client, Find("Shallow", "msgfolderroot"))));
            Assert.Equal(new[] { "Team Events" }, Names(await CallAsync(client, Find("Shallow", "calendar"))));
            var byName = "<m:Restriction><t:IsEqualTo><t:FieldURI FieldURI=\"folder:DisplayName\"/>" +
                "<t:FieldURIOrConstant><t:Constant Value=\"team events\"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>";
            var found = await CallAsync(client, Find("Deep", "msgfolderroot", byName));
            Assert.Equal(new[] { "Team Events" }, Names(found));
            Assert.Equal("1", (string?)found.Descendants(M + "RootFolder").Single().Attribute("TotalItemsInView"));
            AssertNoViolations(org);
        }
    }
}
