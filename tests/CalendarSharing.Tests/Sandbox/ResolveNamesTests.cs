using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static CalendarSharing.Tests.Sandbox.SandboxTestKit;

namespace CalendarSharing.Tests.Sandbox
{
    public sealed class ResolveNamesTests
    {
        private static string Resolve(string text, bool full = false) =>
            "<m:ResolveNames ReturnFullContactData=\"" + (full ? "true" : "false") + "\"><m:UnresolvedEntry>" + text + "</m:UnresolvedEntry></m:ResolveNames>";

        [Theory]
        [InlineData("alice", "alice@contoso.com", "Mailbox")]
        [InlineData("CONTOSO\\hans", "hans@contoso.com", "Mailbox")]
        [InlineData("SMTP:Marie@Contoso.com", "marie@contoso.com", "Mailbox")]
        [InlineData("Pat", "partner@fabrikam.com", "Contact")]
        [InlineData("Board", "boardroom@contoso.com", "Mailbox")]
        public async Task A_single_match_resolves(string text, string address, string mailboxType)
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");

            var message = Messages(await CallAsync(client, Resolve(text, full: true))).Single();

            Assert.Equal(M + "ResolveNamesResponseMessage", message.Name);
            Assert.Equal("Success", Class(message));
            var mailbox = message.Element(M + "ResolutionSet")!.Element(T + "Resolution")!.Element(T + "Mailbox")!;
            Assert.Equal(address, (string?)mailbox.Element(T + "EmailAddress"));
            Assert.Equal("SMTP", (string?)mailbox.Element(T + "RoutingType"));
            Assert.Equal(mailboxType, (string?)mailbox.Element(T + "MailboxType"));
            AssertNoViolations(org);
        }

        [Fact]
        public async Task Several_matches_are_a_warning_and_none_an_error()
        {
            var org = CreateOrg();
            using var client = Client(org, "alice@contoso.com", "Sandbox!Alice1");

            var several = Messages(await CallAsync(client, Resolve("b"))).Single();
            Assert.Equal("Warning", Class(several));
            Assert.Equal("ErrorNameResolutionMultipleResults", Code(several));
            Assert.Equal(new[] { "bob@contoso.com", "boardroom@contoso.com" },
                several.Descendants(T + "EmailAddress").Select(e => e.Value).ToArray());

            var none = Messages(await CallAsync(client, Resolve("zed@nowhere.example"))).Single();
            Assert.Equal("Error", Class(none));
            Assert.Equal("ErrorNameResolutionNoResults", Code(none));
            Assert.Null(none.Element(M + "ResolutionSet"));
            AssertNoViolations(org);
        }
    }
}
