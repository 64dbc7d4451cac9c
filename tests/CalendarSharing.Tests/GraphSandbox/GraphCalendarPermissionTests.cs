using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    public sealed class GraphCalendarPermissionTests
    {
        [Fact]
        public async Task Users_and_calendars_answer_by_upn_and_object_id_with_localised_names()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var alice = await GetOkAsync(client, Url("users", "alice@contoso.com"));
            Assert.Equal("Alice Anders", alice.GetProperty("displayName").GetString());
            Assert.Equal("alice@contoso.com", alice.GetProperty("userPrincipalName").GetString());
            var objectId = alice.GetProperty("id").GetString()!;
            Assert.Equal(org.FindAccount("alice@contoso.com")!.ObjectId.ToString(), objectId);
            Assert.Equal("alice@contoso.com", (await GetOkAsync(client, Url("users", objectId))).GetProperty("mail").GetString());

            var calendars = await GetOkAsync(client, Url("users", "alice@contoso.com", "calendars"));
            Assert.Equal(new[] { "Calendar", "Team Events" }, calendars.GetProperty("value").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToArray());
            Assert.Equal(new[] { true, false }, calendars.GetProperty("value").EnumerateArray().Select(c => c.GetProperty("isDefaultCalendar").GetBoolean()).ToArray());

            Assert.Equal("Kalender", (await GetOkAsync(client, Url("users", "hans@contoso.com", "calendar"))).GetProperty("name").GetString());
            Assert.Equal("Calendrier", (await GetOkAsync(client, Url("users", "marie@contoso.com", "calendar"))).GetProperty("name").GetString());

            var teamEvents = await TeamEventsIdAsync(client);
            var byId = await GetOkAsync(client, Url("users", "alice@contoso.com", "calendars", teamEvents));
            Assert.Equal("Team Events", byId.GetProperty("name").GetString());
            Assert.Equal("alice@contoso.com", byId.GetProperty("owner").GetProperty("address").GetString());
        }

        [Fact]
        public async Task The_list_shows_My_Organization_first_without_an_address_and_the_seeded_entries()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var list = await GetOkAsync(client, PermissionsUrl("alice@contoso.com"));

            Assert.Equal(new[] { "My Organization=freeBusyRead", "carol@contoso.com=read" }, Roles(list));
            var myOrg = list.GetProperty("value")[0];
            Assert.Equal(MyOrganizationId, myOrg.GetProperty("id").GetString());
            Assert.False(myOrg.GetProperty("isRemovable").GetBoolean());
            Assert.True(myOrg.GetProperty("isInsideOrganization").GetBoolean());
            Assert.False(myOrg.GetProperty("emailAddress").TryGetProperty("address", out _));
            Assert.Equal(new[] { "none", "freeBusyRead", "limitedRead", "read", "write" }, myOrg.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()).ToArray());
            var carol = Find(list, "carol@contoso.com");
            Assert.Equal(
                new[] { "freeBusyRead", "limitedRead", "read", "write", "delegateWithoutPrivateEventAccess", "delegateWithPrivateEventAccess" },
                carol.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()).ToArray());
            Assert.StartsWith("W/\"", carol.GetProperty("@odata.etag").GetString());

            var teamEvents = await TeamEventsIdAsync(client);
            var secondary = await GetOkAsync(client, PermissionsUrl("alice@contoso.com", teamEvents));
            Assert.Equal(new[] { "My Organization=none", "bob@contoso.com=write" }, Roles(secondary));
            Assert.Equal(new[] { "freeBusyRead", "limitedRead", "read", "write" }, Find(secondary, "bob@contoso.com").GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()).ToArray());

            var hans = await GetOkAsync(client, PermissionsUrl("hans@contoso.com"));
            Assert.Equal(new[] { "My Organization=freeBusyRead", "marie@contoso.com=limitedRead" }, Roles(hans));
        }

        [Fact]
        public async Task Create_patch_and_delete_write_the_same_ACL_EWS_reads_and_creating_sends_an_invitation()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var (created, json) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("bob@contoso.com", "limitedRead", "Bob Berg"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.Equal("limitedRead", json.GetProperty("role").GetString());
            Assert.True(json.GetProperty("isRemovable").GetBoolean());
            Assert.Contains("$metadata#users('alice%40contoso.com')/calendar/calendarPermissions/$entity", json.GetProperty("@odata.context").GetString());
            Assert.Contains("bob@contoso.com=FreeBusyTimeAndSubjectAndLocation", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));
            var invitation = Assert.Single(org.SentInvitations);
            Assert.Equal(("alice@contoso.com", "Calendar", "bob@contoso.com", "limitedRead"), (invitation.From, invitation.Calendar, invitation.To, invitation.Role));

            var (duplicate, duplicateJson) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("bob@contoso.com", "read"));
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
            Assert.Equal("ErrorDuplicateUserIdsSpecified", ErrorCode(duplicateJson));

            var carolId = Find(await GetOkAsync(client, PermissionsUrl("alice@contoso.com")), "carol@contoso.com").GetProperty("id").GetString()!;
            var (patched, patchedJson) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", carolId), "{\"role\":\"write\"}");
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.Equal("write", patchedJson.GetProperty("role").GetString());
            Assert.Contains("carol@contoso.com=Editor", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));

            var (myOrg, _) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", MyOrganizationId), "{\"role\":\"None\"}");
            Assert.Equal(HttpStatusCode.OK, myOrg.StatusCode);
            Assert.Contains("Default=None", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));

            var (deleted, _) = await SendAsync(client, HttpMethod.Delete, PermissionUrl("alice@contoso.com", carolId));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.DoesNotContain(org.GetCalendarAcl("alice@contoso.com"), p => p.User == "carol@contoso.com");
            var (gone, goneJson) = await SendAsync(client, HttpMethod.Get, PermissionUrl("alice@contoso.com", carolId));
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("ErrorItemNotFound", ErrorCode(goneJson));

            Assert.Single(org.SentInvitations); // PATCH and DELETE send nothing
        }

        [Fact]
        public async Task My_Organization_cannot_be_deleted()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var (response, json) = await SendAsync(client, HttpMethod.Delete, PermissionUrl("alice@contoso.com", MyOrganizationId));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ErrorInvalidRequest", ErrorCode(json));
            Assert.Contains("Default=FreeBusyTimeOnly", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));
        }

        [Fact]
        public async Task Only_role_is_patchable_and_only_to_an_allowed_role()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var (delegateForMyOrg, json1) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", MyOrganizationId), "{\"role\":\"delegateWithPrivateEventAccess\"}");
            Assert.Equal(HttpStatusCode.BadRequest, delegateForMyOrg.StatusCode);
            Assert.Equal("ErrorInvalidParameter", ErrorCode(json1));
            Assert.Contains("none, freeBusyRead, limitedRead, read, write", json1.GetProperty("error").GetProperty("message").GetString());

            var teamEvents = await TeamEventsIdAsync(client);
            var bob = Find(await GetOkAsync(client, PermissionsUrl("alice@contoso.com", teamEvents)), "bob@contoso.com").GetProperty("id").GetString()!;
            var (delegateOnSecondary, json2) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", bob, teamEvents), "{\"role\":\"delegateWithoutPrivateEventAccess\"}");
            Assert.Equal(HttpStatusCode.BadRequest, delegateOnSecondary.StatusCode);
            Assert.Equal("ErrorInvalidParameter", ErrorCode(json2));

            var (customRole, json3) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", bob, teamEvents), "{\"role\":\"custom\"}");
            Assert.Equal(HttpStatusCode.BadRequest, customRole.StatusCode);
            Assert.Equal("ErrorInvalidParameter", ErrorCode(json3));

            var (readOnly, json4) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", bob, teamEvents), "{\"role\":\"read\",\"isRemovable\":false}");
            Assert.Equal(HttpStatusCode.BadRequest, readOnly.StatusCode);
            Assert.Equal("ErrorInvalidParameter", ErrorCode(json4));

            var (unknown, json5) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", bob, teamEvents), "{\"rol\":\"read\"}");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Equal("RequestBodyRead", ErrorCode(json5));

            Assert.Contains("bob@contoso.com=Editor", org.GetCalendarAcl("alice@contoso.com", "Team Events").Select(p => p.ToString()));
        }

        [Fact]
        public async Task External_users_top_out_at_read_and_the_sharing_policy_applies_on_top()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var (write, writeJson) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("partner@fabrikam.com", "write"));
            Assert.Equal(HttpStatusCode.BadRequest, write.StatusCode);
            Assert.Equal("ErrorInvalidParameter", ErrorCode(writeJson));
            Assert.Contains("freeBusyRead, limitedRead, read.", writeJson.GetProperty("error").GetProperty("message").GetString());

            var (read, readJson) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("partner@fabrikam.com", "read"));
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
            Assert.Equal("ErrorPermissionNotAllowedByPolicy", ErrorCode(readJson));

            var (elsewhere, elsewhereJson) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("someone@tailspin.example", "freeBusyRead"));
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
            Assert.Equal("ErrorNotAllowedExternalSharingByPolicy", ErrorCode(elsewhereJson));

            var (limited, limitedJson) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("partner@fabrikam.com", "limitedRead"));
            Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
            Assert.False(limitedJson.GetProperty("isInsideOrganization").GetBoolean());
            Assert.Equal("Pat Partner", limitedJson.GetProperty("emailAddress").GetProperty("name").GetString());
            Assert.Equal(new[] { "freeBusyRead", "limitedRead", "read" }, limitedJson.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()).ToArray());
            Assert.Contains("partner@fabrikam.com=FreeBusyTimeAndSubjectAndLocation", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));

            var (unknownInternal, unknownJson) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("nobody@contoso.com", "read"));
            Assert.Equal(HttpStatusCode.BadRequest, unknownInternal.StatusCode);
            Assert.Equal("ErrorInvalidUser", ErrorCode(unknownJson));
        }

        [Fact]
        public async Task AllowedCalendarSharingRoles_names_what_a_person_may_be_granted_under_the_sharing_policy()
        {
            var org = CloudOrg(new SandboxOptions { GraphStrictValidation = true, GraphMetadataPath = GraphMetadataTests.MetadataPath() });
            using var client = AppClient(org);
            async Task<string[]> AllowedAsync(string user, string? calendarId = null)
            {
                var calendar = calendarId == null ? Url("users", "alice@contoso.com", "calendar") : Url("users", "alice@contoso.com", "calendars", calendarId);
                var json = await GetOkAsync(client, calendar + "/" + Uri.EscapeDataString("allowedCalendarSharingRoles(User='" + user + "')"));
                Assert.EndsWith("$metadata#Collection(microsoft.graph.calendarRoleType)", json.GetProperty("@odata.context").GetString());
                return json.GetProperty("value").EnumerateArray().Select(r => r.GetString()!).ToArray();
            }

            Assert.Equal(new[] { "freeBusyRead", "limitedRead", "read", "write", "delegateWithoutPrivateEventAccess", "delegateWithPrivateEventAccess" }, await AllowedAsync("bob@contoso.com"));
            Assert.Equal(new[] { "freeBusyRead", "limitedRead", "read", "write" }, await AllowedAsync("bob@contoso.com", await TeamEventsIdAsync(client)));
            Assert.Equal(new[] { "freeBusyRead", "limitedRead" }, await AllowedAsync("partner@fabrikam.com"));
            Assert.Empty(await AllowedAsync("someone@tailspin.example"));
            Assert.Empty(await AllowedAsync("alice@contoso.com"));
            Assert.True(org.SchemaViolations.Count == 0, string.Join(Environment.NewLine, org.SchemaViolations));
        }

        [Fact]
        public async Task Delegate_roles_are_Editor_plus_a_delegate_record_on_the_primary_calendar()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var (created, json) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("bob@contoso.com", "DelegateWithPrivateEventAccess"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.Equal("delegateWithPrivateEventAccess", json.GetProperty("role").GetString());
            Assert.Contains("bob@contoso.com=Editor", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));
            Assert.Equal(new[] { "bob@contoso.com" }, org.GetDelegates("alice@contoso.com"));

            var id = json.GetProperty("id").GetString()!;
            var (demoted, demotedJson) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", id), "{\"role\":\"write\"}");
            Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
            Assert.Equal("write", demotedJson.GetProperty("role").GetString());
            Assert.Empty(org.GetDelegates("alice@contoso.com"));
            Assert.Contains("bob@contoso.com=Editor", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));
        }

        [Fact]
        public async Task A_non_owner_sees_an_empty_list_and_cannot_write()
        {
            var org = CloudOrg();
            using var bob = UserClient(org, "bob@contoso.com");

            var list = await GetOkAsync(bob, PermissionsUrl("alice@contoso.com"));
            Assert.Equal(0, list.GetProperty("value").GetArrayLength());

            var (post, postJson) = await SendAsync(bob, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("carol@contoso.com", "read"));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            Assert.Equal("ErrorAccessDenied", ErrorCode(postJson));

            var own = await GetOkAsync(bob, Url("me", "calendar", "calendarPermissions"));
            Assert.Equal(new[] { "My Organization=freeBusyRead", SandboxSeed.SalesTeam + "=read" }, Roles(own)); // bob shares with the Sales Team group (SandboxSeed)
            Assert.Empty(org.SentInvitations);
        }

        [Fact]
        public async Task A_stale_If_Match_gets_412_and_a_fresh_one_succeeds()
        {
            var org = CloudOrg();
            using var client = AppClient(org);
            var carol = Find(await GetOkAsync(client, PermissionsUrl("alice@contoso.com")), "carol@contoso.com");
            var id = carol.GetProperty("id").GetString()!;
            var etag = carol.GetProperty("@odata.etag").GetString()!;

            // Another writer changes an unrelated entry: carol's etag still holds.
            org.ModifyCalendarAcl("alice@contoso.com", acl => acl["Default"] = "Reviewer");
            var (unrelated, _) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", id), "{\"role\":\"limitedRead\"}", ifMatch: etag);
            Assert.Equal(HttpStatusCode.OK, unrelated.StatusCode);

            // Now carol's own entry changes behind the client's back.
            var fresh = Find(await GetOkAsync(client, PermissionsUrl("alice@contoso.com")), "carol@contoso.com").GetProperty("@odata.etag").GetString()!;
            org.ModifyCalendarAcl("alice@contoso.com", acl => acl["carol@contoso.com"] = "Editor");
            var (stale, staleJson) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", id), "{\"role\":\"read\"}", ifMatch: fresh);
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            Assert.Equal("ErrorIrresolvableConflict", ErrorCode(staleJson));
            Assert.Contains("carol@contoso.com=Editor", org.GetCalendarAcl("alice@contoso.com").Select(p => p.ToString()));

            var (staleDelete, _) = await SendAsync(client, HttpMethod.Delete, PermissionUrl("alice@contoso.com", id), ifMatch: fresh);
            Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);

            var reread = (await GetOkAsync(client, PermissionUrl("alice@contoso.com", id))).GetProperty("@odata.etag").GetString()!;
            var (ok, okJson) = await SendAsync(client, HttpMethod.Patch, PermissionUrl("alice@contoso.com", id), "{\"role\":\"read\"}", ifMatch: reread);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.NotEqual(reread, okJson.GetProperty("@odata.etag").GetString());
        }

        [Fact]
        public async Task Unknown_users_and_malformed_ids_get_Graph_errors()
        {
            var org = CloudOrg();
            using var client = AppClient(org);

            var (user, userJson) = await SendAsync(client, HttpMethod.Get, Url("users", "nobody@contoso.com"));
            Assert.Equal(HttpStatusCode.NotFound, user.StatusCode);
            Assert.Equal("Request_ResourceNotFound", ErrorCode(userJson));

            var (calendar, calendarJson) = await SendAsync(client, HttpMethod.Get, Url("users", "nobody@contoso.com", "calendar"));
            Assert.Equal(HttpStatusCode.NotFound, calendar.StatusCode);
            Assert.Equal("ErrorInvalidUser", ErrorCode(calendarJson));

            var (malformed, malformedJson) = await SendAsync(client, HttpMethod.Get, Url("users", "alice@contoso.com", "calendars", "Team Events"));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("ErrorInvalidIdMalformed", ErrorCode(malformedJson));

            var (segment, segmentJson) = await SendAsync(client, HttpMethod.Get, Url("users", "alice@contoso.com", "calendarz"));
            Assert.Equal(HttpStatusCode.BadRequest, segment.StatusCode);
            Assert.Equal("BadRequest", ErrorCode(segmentJson));

            var (appMe, appMeJson) = await SendAsync(client, HttpMethod.Get, Url("me", "calendar"));
            Assert.Equal(HttpStatusCode.BadRequest, appMe.StatusCode);
            Assert.Equal("BadRequest", ErrorCode(appMeJson));
        }
    }
}
