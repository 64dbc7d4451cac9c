using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class DelegateTests
    {
        private const string AliceMailbox = "<m:Mailbox><t:EmailAddress>alice@contoso.com</t:EmailAddress></m:Mailbox>";

        private static string AddBob(string level = "Editor", bool viewPrivate = false) =>
            "<m:AddDelegate>" + AliceMailbox + "<m:DelegateUsers><t:DelegateUser>" +
            "<t:UserId><t:PrimarySmtpAddress>bob@contoso.com</t:PrimarySmtpAddress></t:UserId>" +
            "<t:DelegatePermissions><t:CalendarFolderPermissionLevel>" + level + "</t:CalendarFolderPermissionLevel>" +
            "<t:InboxFolderPermissionLevel>None</t:InboxFolderPermissionLevel></t:DelegatePermissions>" +
            "<t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages>" +
            "<t:ViewPrivateItems>" + (viewPrivate ? "true" : "false") + "</t:ViewPrivateItems>" +
            "</t:DelegateUser></m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:AddDelegate>";

        [Fact]
        public async Task AddDelegate_writes_the_Editor_entry_and_a_second_add_is_an_inner_error()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            var keyBefore = org.GetCalendarChangeKey("alice@contoso.com");

            var added = await CallAsync(client, AddBob());

            Assert.Equal(M + "AddDelegateResponse", added.Name);
            Assert.Equal("Success", Class(added));
            Assert.Equal("NoError", Code(added));
            var inner = Messages(added).Single();
            Assert.Equal(M + "DelegateUserResponseMessageType", inner.Name);
            Assert.Equal("Success", Class(inner));
            Assert.Equal("bob@contoso.com", (string?)inner.Element(M + "DelegateUser")!.Element(T + "UserId")!.Element(T + "PrimarySmtpAddress"));
            Assert.Contains("bob@contoso.com=Editor", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));
            Assert.NotEqual(keyBefore, org.GetCalendarChangeKey("alice@contoso.com"));

            var again = await CallAsync(client, AddBob());

            Assert.Equal("Success", Class(again));
            Assert.Equal("NoError", Code(again));
            var error = Messages(again).Single();
            Assert.Equal("Error", Class(error));
            Assert.Equal("ErrorDelegateAlreadyExists", Code(error));
            Assert.Equal(new[] { "MessageText", "ResponseCode", "DescriptiveLinkKey" }, error.Elements().Select(e => e.Name.LocalName).ToArray());
            AssertNoViolations(org);
        }

        [Fact]
        public async Task GetDelegate_UpdateDelegate_and_RemoveDelegate_round_trip()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            await CallAsync(client, AddBob(viewPrivate: true));

            var got = await CallAsync(client, "<m:GetDelegate IncludePermissions=\"true\">" + AliceMailbox + "</m:GetDelegate>");
            Assert.Equal(M + "GetDelegateResponse", got.Name);
            var user = Messages(got).Single().Element(M + "DelegateUser")!;
            Assert.Equal("Editor", (string?)user.Element(T + "DelegatePermissions")!.Element(T + "CalendarFolderPermissionLevel"));
            Assert.Equal(6, user.Element(T + "DelegatePermissions")!.Elements().Count());
            Assert.Equal("true", (string?)user.Element(T + "ViewPrivateItems"));
            Assert.Equal("true", (string?)user.Element(T + "ReceiveCopiesOfMeetingMessages"));
            Assert.Equal("DelegatesAndMe", (string?)got.Element(M + "DeliverMeetingRequests"));

            var update = "<m:UpdateDelegate>" + AliceMailbox + "<m:DelegateUsers><t:DelegateUser>" +
                "<t:UserId><t:PrimarySmtpAddress>bob@contoso.com</t:PrimarySmtpAddress></t:UserId>" +
                "<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Reviewer</t:CalendarFolderPermissionLevel></t:DelegatePermissions>" +
                "<t:ViewPrivateItems>false</t:ViewPrivateItems></t:DelegateUser>" +
                "<t:DelegateUser><t:UserId><t:PrimarySmtpAddress>carol@contoso.com</t:PrimarySmtpAddress></t:UserId></t:DelegateUser>" +
                "</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesOnly</m:DeliverMeetingRequests></m:UpdateDelegate>";
            var updated = await CallAsync(client, update);
            Assert.Equal(new[] { "NoError", "ErrorNotDelegate" }, Messages(updated).Select(Code).ToArray());
            Assert.Contains("bob@contoso.com=Reviewer", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));

            var remove = "<m:RemoveDelegate>" + AliceMailbox + "<m:UserIds>" +
                "<t:UserId><t:PrimarySmtpAddress>bob@contoso.com</t:PrimarySmtpAddress></t:UserId>" +
                "<t:UserId><t:PrimarySmtpAddress>nobody@contoso.com</t:PrimarySmtpAddress></t:UserId></m:UserIds></m:RemoveDelegate>";
            var removed = await CallAsync(client, remove);
            Assert.Equal(new[] { "NoError", "ErrorDelegateNoUser" }, Messages(removed).Select(Code).ToArray());
            Assert.DoesNotContain(org.GetCalendarAcl("alice@contoso.com"), p => p.User == "bob@contoso.com");
            Assert.Empty(org.GetDelegates("alice@contoso.com"));

            var none = await CallAsync(client, "<m:GetDelegate IncludePermissions=\"false\">" + AliceMailbox + "</m:GetDelegate>");
            Assert.Null(none.Element(M + "ResponseMessages"));
            Assert.Equal("DelegatesOnly", (string?)none.Element(M + "DeliverMeetingRequests"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Adding_the_owner_or_an_unknown_user_fails_per_user()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            var body = "<m:AddDelegate>" + AliceMailbox + "<m:DelegateUsers>" +
                "<t:DelegateUser><t:UserId><t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress></t:UserId></t:DelegateUser>" +
                "<t:DelegateUser><t:UserId><t:PrimarySmtpAddress>ghost@contoso.com</t:PrimarySmtpAddress></t:UserId></t:DelegateUser>" +
                "<t:DelegateUser><t:UserId><t:PrimarySmtpAddress>partner@fabrikam.com</t:PrimarySmtpAddress></t:UserId></t:DelegateUser>" +
                "</m:DelegateUsers></m:AddDelegate>";

            var response = await CallAsync(client, body);

            Assert.Equal("Success", Class(response));
            Assert.Equal(new[] { "ErrorDelegateCannotAddOwner", "ErrorDelegateNoUser", "ErrorDelegateNoUser" }, Messages(response).Select(Code).ToArray());
            Assert.Empty(org.GetDelegates("alice@contoso.com"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Delegate_operations_on_someone_elses_mailbox_are_an_outer_error()
        {
            var org = CreateOrg();
            using var client = Client(org, "carol@contoso.com", "Sandbox!Carol1");

            var denied = await CallAsync(client, AddBob());

            Assert.Equal("Error", Class(denied));
            Assert.Equal("ErrorAccessDenied", Code(denied));
            Assert.Empty(org.GetDelegates("alice@contoso.com"));
            AssertNoViolations(org);
        }
    }
}
