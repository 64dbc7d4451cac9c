using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class UpdateFolderTests
    {
        private static async Task<(string Id, string ChangeKey)> ReadCalendarAsync(System.Net.Http.HttpClient client, string? mailbox = null)
        {
            var message = Messages(await CallAsync(client, GetCalendarBody(mailbox))).Single();
            var folderId = FolderIdOf(message);
            return ((string)folderId.Attribute("Id")!, (string)folderId.Attribute("ChangeKey")!);
        }

        [Fact]
        public async Task SetFolderField_replaces_the_whole_set_and_rotates_the_ChangeKey()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            var (id, changeKey) = await ReadCalendarAsync(client);

            var response = await CallAsync(client, UpdatePermissionsBody(id, changeKey,
                Permission(Distinguished("Default"), "FreeBusyTimeAndSubjectAndLocation"),
                Permission(Distinguished("Anonymous"), "None"),
                Permission(Smtp("bob@contoso.com"), "Reviewer")));

            var message = Messages(response).Single();
            Assert.Equal(M + "UpdateFolderResponseMessage", message.Name);
            Assert.Equal("Success", Class(message));
            var newId = FolderIdOf(message);
            Assert.Equal(id, (string?)newId.Attribute("Id"));
            Assert.NotEqual(changeKey, (string?)newId.Attribute("ChangeKey"));

            var after = Messages(await CallAsync(client, GetCalendarBody(null))).Single();
            Assert.Equal(new[] { "Default=FreeBusyTimeAndSubjectAndLocation", "Anonymous=None", "bob@contoso.com=Reviewer" }, Levels(after));
            Assert.Equal((string?)newId.Attribute("ChangeKey"), (string?)FolderIdOf(after).Attribute("ChangeKey"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Stale_or_missing_ChangeKey_is_refused()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            var (id, changeKey) = await ReadCalendarAsync(client);
            var entries = new[] { Permission(Distinguished("Default"), "None"), Permission(Distinguished("Anonymous"), "None") };

            // A concurrent writer changes the ACL out of band: the key the client holds is now stale.
            org.ModifyCalendarAcl("alice@contoso.com", acl => acl["bob@contoso.com"] = "Editor");
            var stale = Messages(await CallAsync(client, UpdatePermissionsBody(id, changeKey, entries))).Single();
            Assert.Equal("Error", Class(stale));
            Assert.Equal("ErrorStaleObject", Code(stale));
            Assert.Contains("bob@contoso.com=Editor", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));

            var missing = Messages(await CallAsync(client, UpdatePermissionsBody(id, null, entries))).Single();
            Assert.Equal("ErrorChangeKeyRequiredForWriteOperations", Code(missing));
            AssertNoViolations(org);
        }

        [Theory]
        [InlineData("<t:PrimarySmtpAddress>bob@contoso.com</t:PrimarySmtpAddress>|Reviewer|<t:PrimarySmtpAddress>BOB@contoso.com</t:PrimarySmtpAddress>|Editor", "ErrorDuplicateUserIdsSpecified")]
        [InlineData("<t:PrimarySmtpAddress>ghost@contoso.com</t:PrimarySmtpAddress>|Reviewer", "ErrorInvalidUserInfo")]
        [InlineData("<t:PrimarySmtpAddress>partner@fabrikam.com</t:PrimarySmtpAddress>|Reviewer", "ErrorPermissionNotAllowedByPolicy")]
        [InlineData("<t:PrimarySmtpAddress>someone@example.org</t:PrimarySmtpAddress>|FreeBusyTimeOnly", "ErrorNotAllowedExternalSharingByPolicy")]
        public async Task Invalid_entries_fail_the_item(string entries, string expectedCode)
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            var (id, changeKey) = await ReadCalendarAsync(client);
            var parts = entries.Split('|');
            var permissions = Enumerable.Range(0, parts.Length / 2).Select(i => Permission(parts[2 * i], parts[(2 * i) + 1])).ToArray();

            var message = Messages(await CallAsync(client, UpdatePermissionsBody(id, changeKey, permissions))).Single();

            Assert.Equal("Error", Class(message));
            Assert.Equal(expectedCode, Code(message));
            Assert.Equal(new[] { "Default=FreeBusyTimeOnly", "Anonymous=None", "carol@contoso.com=Reviewer" }, org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()).ToArray());
            AssertNoViolations(org);
        }

        [Fact]
        public async Task A_level_with_flags_is_invalid_but_Custom_with_flags_is_stored_and_derived()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            var (id, changeKey) = await ReadCalendarAsync(client);
            string Flags(string level) =>
                "<t:CalendarPermission><t:UserId>" + Smtp("bob@contoso.com") + "</t:UserId><t:CanCreateItems>true</t:CanCreateItems>" +
                "<t:IsFolderVisible>true</t:IsFolderVisible><t:ReadItems>FullDetails</t:ReadItems><t:CalendarPermissionLevel>" + level + "</t:CalendarPermissionLevel></t:CalendarPermission>";

            var mixed = Messages(await CallAsync(client, UpdatePermissionsBody(id, changeKey, Flags("Reviewer")))).Single();
            Assert.Equal("ErrorInvalidPermissionSettings", Code(mixed));

            var custom = Messages(await CallAsync(client, UpdatePermissionsBody(id, changeKey, Flags("Custom"),
                Permission(Smtp("partner@fabrikam.com"), "FreeBusyTimeAndSubjectAndLocation")))).Single();
            Assert.Equal("Success", Class(custom));

            // Create + visible + FullDetails is Contributor plus read: no named level, so it reads back as Custom.
            var after = Messages(await CallAsync(client, GetCalendarBody(null))).Single();
            Assert.Equal(new[] { "Default=None", "Anonymous=None", "bob@contoso.com=Custom", "partner@fabrikam.com=FreeBusyTimeAndSubjectAndLocation" }, Levels(after));
            var partner = after.Descendants(T + "UserId").Last();
            Assert.Equal("partner@fabrikam.com", (string?)partner.Element(T + "ExternalUserIdentity"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Several_FolderChanges_get_one_message_each_in_order()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var (aliceId, aliceKey) = await ReadCalendarAsync(client, "alice@contoso.com");
            var (hansId, _) = await ReadCalendarAsync(client, "hans@contoso.com");
            var entries = new[] { Permission(Distinguished("Default"), "FreeBusyTimeOnly"), Permission(Distinguished("Anonymous"), "None") };

            var body = "<m:UpdateFolder><m:FolderChanges>" +
                FolderChange(aliceId, aliceKey, entries) + FolderChange(hansId, "c3RhbGU=", entries) +
                "</m:FolderChanges></m:UpdateFolder>";
            var messages = Messages(await CallAsync(client, body));

            Assert.Equal(new[] { "NoError", "ErrorStaleObject" }, messages.Select(Code).ToArray());
            Assert.Equal(2, org.GetCalendarAcl("alice@contoso.com").Count);
            Assert.Equal(3, org.GetCalendarAcl("hans@contoso.com").Count);
            AssertNoViolations(org);
        }
    }
}
