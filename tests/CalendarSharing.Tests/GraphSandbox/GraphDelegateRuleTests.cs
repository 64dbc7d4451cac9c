using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>A delegate made through Graph follows the organisation's one delegate rule, as one made through EWS.</summary>
    public sealed class GraphDelegateRuleTests
    {
        [Fact]
        public async Task A_Graph_delegate_gets_Send_on_Behalf_and_loses_it_with_the_delegate_role()
        {
            var org = CloudOrg();
            using var client = AppClient(org);
            Assert.Empty(org.GetMailboxRightHolders("alice@contoso.com", SandboxMailboxRight.SendOnBehalf));

            var (created, json) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("bob@contoso.com", "delegateWithoutPrivateEventAccess"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            var id = json.GetProperty("id").GetString()!;
            Assert.Equal(new[] { "bob@contoso.com" }, org.GetMailboxRightHolders("alice@contoso.com", SandboxMailboxRight.SendOnBehalf));
            Assert.Equal(new[] { "bob@contoso.com" }, org.GetDelegates("alice@contoso.com"));

            // Down to write: no longer a delegate, so no longer Send on Behalf; the Editor entry stays.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", id), "{\"role\":\"write\"}")).Response.StatusCode);
            Assert.Empty(org.GetMailboxRightHolders("alice@contoso.com", SandboxMailboxRight.SendOnBehalf));
            Assert.Empty(org.GetDelegates("alice@contoso.com"));
            Assert.Contains(org.GetCalendarAcl("alice@contoso.com"), p => p.User == "bob@contoso.com" && p.Level == "Editor");

            // Back up, then deleted.
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", id), "{\"role\":\"delegateWithPrivateEventAccess\"}")).Response.StatusCode);
            Assert.Equal(new[] { "bob@contoso.com" }, org.GetMailboxRightHolders("alice@contoso.com", SandboxMailboxRight.SendOnBehalf));
            Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, PermissionUrl("alice@contoso.com", id))).Response.StatusCode);
            Assert.Empty(org.GetMailboxRightHolders("alice@contoso.com", SandboxMailboxRight.SendOnBehalf));
            Assert.Empty(org.GetDelegates("alice@contoso.com"));
        }

        [Fact]
        public async Task A_Graph_role_below_delegate_grants_no_Send_on_Behalf()
        {
            var org = CloudOrg();
            using var client = AppClient(org);
            var (created, _) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("bob@contoso.com", "write"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.Empty(org.GetMailboxRightHolders("alice@contoso.com", SandboxMailboxRight.SendOnBehalf));
        }
    }
}
