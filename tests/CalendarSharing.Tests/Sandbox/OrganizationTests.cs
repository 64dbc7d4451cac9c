using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class OrganizationTests
    {
        [Fact]
        public void Seed_matches_the_contract()
        {
            var org = CreateOrg(new SandboxOptions { GeneratedMailboxes = 3 });

            Assert.Equal("admin@contoso.com", org.Admin.Address);
            Assert.Equal(10, org.Accounts.Count);
            Assert.Equal("User 0003", org.Accounts.Last().DisplayName);
            Assert.Equal(new[] { "Default=FreeBusyTimeOnly", "Anonymous=None" }, org.GetCalendarAcl("user0003@contoso.com").Select(p => p.ToString()).ToArray());
            Assert.Equal(new[] { "Default=None", "Anonymous=None", "bob@contoso.com=Editor" }, org.GetCalendarAcl("alice@contoso.com", "Team Events").Select(p => p.ToString()).ToArray());
            Assert.Equal(new[] { "Default=FreeBusyTimeAndSubjectAndLocation", "Anonymous=FreeBusyTimeOnly", "hans@contoso.com=Editor" }, org.GetCalendarAcl("boardroom@contoso.com").Select(p => p.ToString()).ToArray());
            Assert.Equal(new[] { "hans@contoso.com" }, org.GetDelegates("boardroom@contoso.com").ToArray());
            Assert.Equal(new[] { "Default=None", "Anonymous=None", "partner@fabrikam.com=FreeBusyTimeAndSubjectAndLocation" }, org.GetCalendarAcl("carol@contoso.com", "Customer Visits").Select(p => p.ToString()).ToArray());
            Assert.Equal(new[] { "Default=None", "Anonymous=None", "partner@fabrikam.com=Reviewer" }, org.GetCalendarAcl("marie@contoso.com", "Congés").Select(p => p.ToString()).ToArray());
            Assert.Equal("Calendrier", org.Accounts.Single(a => a.Address == "marie@contoso.com").CalendarName);
        }

        [Fact]
        public async Task Concurrent_writers_with_the_same_ChangeKey_exactly_one_wins()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var first = Messages(await CallAsync(client, GetCalendarBody("bob@contoso.com"))).Single();
            var id = (string)FolderIdOf(first).Attribute("Id")!;
            var key = (string)FolderIdOf(first).Attribute("ChangeKey")!;

            var writes = Enumerable.Range(0, 8).Select(i => CallAsync(client, UpdatePermissionsBody(id, key,
                Permission(Distinguished("Default"), "FreeBusyTimeOnly"),
                Permission(Distinguished("Anonymous"), "None"),
                Permission(Smtp(i % 2 == 0 ? "carol@contoso.com" : "hans@contoso.com"), "Reviewer"))));
            var codes = (await Task.WhenAll(writes)).Select(r => Code(Messages(r).Single())).ToArray();

            Assert.Equal(1, codes.Count(c => c == "NoError"));
            Assert.Equal(7, codes.Count(c => c == "ErrorStaleObject"));
            Assert.Equal(3, org.GetCalendarAcl("bob@contoso.com").Count);
            Assert.Equal(9, org.RequestCounts["UpdateFolder"] + org.RequestCounts["GetFolder"]);
            AssertNoViolations(org);
        }

        [Fact]
        public async Task AllProperties_shapes_of_the_root_and_calendars_are_schema_valid()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");
            var body = "<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape>" +
                "<t:AdditionalProperties><t:FieldURI FieldURI=\"folder:PermissionSet\"/></t:AdditionalProperties></m:FolderShape><m:FolderIds>" +
                DistinguishedId(null, "msgfolderroot") + DistinguishedId(null, "calendar") + DistinguishedId(null, "inbox") + "</m:FolderIds></m:GetFolder>";

            var messages = Messages(await CallAsync(client, body));

            Assert.Equal(T + "Folder", messages[0].Element(M + "Folders")!.Elements().Single().Name);
            Assert.Equal("IPF.Appointment", (string?)messages[1].Descendants(T + "FolderClass").Single());
            Assert.Equal("ErrorFolderNotFound", Code(messages[2]));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task A_request_with_a_DTD_is_refused_without_processing_it()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var envelope = Envelope(GetCalendarBody(null)).Replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE x [<!ENTITY e \"boom\">]>");

            var (response, xml) = await PostAsync(client, envelope);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("ErrorSchemaValidation", (string?)FaultDetail(xml).Element(E + "ResponseCode"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Client_request_id_is_echoed_when_asked_for()
        {
            var org = CreateOrg();
            using var client = AdminClient(org);
            var id = Guid.NewGuid().ToString();
            client.DefaultRequestHeaders.Add("client-request-id", id);
            client.DefaultRequestHeaders.Add("return-client-request-id", "true");

            var (response, _) = await PostAsync(client, Envelope(GetCalendarBody(null)));

            Assert.Equal(id, response.Headers.GetValues("client-request-id").Single());
            Assert.True(response.Headers.Contains("request-id"));
        }
    }
}
