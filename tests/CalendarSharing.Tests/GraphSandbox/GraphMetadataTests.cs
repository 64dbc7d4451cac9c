using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using CalendarSharing.Sandbox.Validation;
using Xunit;
using static CalendarSharing.Tests.GraphSandbox.GraphTestKit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>What the Graph endpoint serves and emits exists in the v1.0 metadata: paths, entity sets, properties, enum members.</summary>
    public sealed class GraphMetadataTests
    {
        [Fact]
        public async Task Every_path_property_and_enum_member_the_endpoint_emits_is_in_the_v1_metadata()
        {
            var metadata = Metadata();
            var org = CloudOrg(new SandboxOptions { GraphStrictValidation = true, GraphMetadataPath = MetadataPath() });
            using var client = AppClient(org);
            var teamEvents = await TeamEventsIdAsync(client);
            var (_, created) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("partner@fabrikam.com", "limitedRead"));
            var (_, delegated) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), Grant("bob@contoso.com", "delegateWithoutPrivateEventAccess"));
            var permissionId = created.GetProperty("id").GetString()!;

            var urls = new[]
            {
                Url("users", "alice@contoso.com"),
                Url("users", "alice@contoso.com", "calendar"),
                Url("users", "alice@contoso.com", "calendars"),
                Url("users", "alice@contoso.com", "calendars", teamEvents),
                PermissionsUrl("alice@contoso.com"),
                PermissionsUrl("alice@contoso.com", teamEvents),
                PermissionUrl("alice@contoso.com", permissionId),
                PermissionUrl("alice@contoso.com", MyOrganizationId),
            };

            var findings = new List<string>();
            var bodies = new List<JsonElement> { created, delegated };
            foreach (var url in urls)
            {
                findings.AddRange(metadata.CheckPath(url.Split('/').Select(Uri.UnescapeDataString), "GET " + url, out _));
                bodies.Add(await GetOkAsync(client, url));
            }

            var checkedTypes = new HashSet<string>();
            foreach (var body in bodies)
            {
                var context = body.GetProperty("@odata.context").GetString()!;
                Assert.StartsWith(org.GraphBaseUrl.AbsoluteUri.TrimEnd('/') + "/$metadata#", context);
                var fragment = context.Substring(context.IndexOf('#') + 1);
                findings.AddRange(metadata.CheckPath(fragment.Split('/'), context, out var type));
                Assert.NotNull(type);
                checkedTypes.Add(type!);
                var items = body.TryGetProperty("value", out var value) ? value.EnumerateArray().ToArray() : new[] { body };
                foreach (var item in items)
                {
                    findings.AddRange(metadata.Check(item, type!, context));
                }
            }

            Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
            Assert.True(org.SchemaViolations.Count == 0, string.Join(Environment.NewLine, org.SchemaViolations));
            Assert.Equal(new[] { "calendar", "calendarPermission", "user" }, checkedTypes.OrderBy(t => t, StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public void The_check_finds_a_property_and_an_enum_member_that_are_not_in_the_metadata()
        {
            var metadata = Metadata();
            var json = JsonDocument.Parse("{\"id\":\"x\",\"role\":\"owner\",\"allowedRoles\":[\"read\"],\"emailAddress\":{\"address\":\"a@b.c\",\"smtp\":\"a@b.c\"},\"isRemovable\":true,\"permission\":\"read\"}").RootElement;

            var findings = metadata.Check(json, "calendarPermission", "sample");

            Assert.Equal(3, findings.Count);
            Assert.Contains(findings, f => f.Contains("'owner' is no member of calendarRoleType", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Contains("property 'smtp' is not on emailAddress", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.Contains("property 'permission' is not on calendarPermission", StringComparison.Ordinal));
            Assert.NotEmpty(metadata.CheckPath(new[] { "people", "x" }, "sample", out _));
            Assert.NotEmpty(metadata.CheckPath(new[] { "users", "x", "calendar", "permissions" }, "sample", out _));
            Assert.Empty(metadata.CheckPath(new[] { "users", "x", "calendars", "y", "calendarPermissions", "z" }, "sample", out var type));
            Assert.Equal("calendarPermission", type);
        }

        [Fact]
        public async Task Strict_Graph_mode_records_a_request_that_is_not_in_the_metadata()
        {
            var org = CloudOrg(new SandboxOptions { GraphStrictValidation = true, GraphMetadataPath = MetadataPath() });
            using var client = AppClient(org);

            // The service refuses the unknown property itself (400 RequestBodyRead); strict mode also records it.
            var (response, _) = await SendAsync(client, HttpMethod.Post, PermissionsUrl("alice@contoso.com"), "{\"emailAddress\":{\"address\":\"bob@contoso.com\"},\"role\":\"read\",\"permissionLevel\":\"read\"}");

            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(org.SchemaViolations, v => v.Contains("property 'permissionLevel' is not on calendarPermission", StringComparison.Ordinal));
        }

        [Fact]
        public void Strict_Graph_mode_without_the_metadata_refuses_to_start()
        {
            Assert.Throws<System.IO.FileNotFoundException>(() => SandboxOrganization.Create(new SandboxOptions
            {
                GraphStrictValidation = true,
                GraphMetadataPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "no-such-folder", "graph.csdl.xml"),
            }));
        }

        /// <summary>The CSDL subset, read in place; missing metadata fails the test, never skips it.</summary>
        internal static string MetadataPath()
        {
            var path = GraphMetadataValidator.Locate();
            Assert.True(path != null, "The Graph v1.0 metadata was not found: set " + GraphMetadataValidator.Variable + " or put ../shared/protocol/graph beside the repository.");
            return path!;
        }

        private static GraphMetadataValidator Metadata() => GraphMetadataValidator.Load(MetadataPath());
    }
}
