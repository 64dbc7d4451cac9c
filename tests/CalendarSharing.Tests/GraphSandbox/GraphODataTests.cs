using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;
using GraphPermission = Microsoft.Graph.Models.CalendarPermission;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// The scenarios' bodies. Every await of a Microsoft.Graph-typed task goes through <see cref="Boxing.Boxed"/>: test
    /// discovery loads every type, and a state machine holding a TaskAwaiter of a Graph type would load Microsoft.Graph
    /// into every test host (FreshProcessTests proves an on-premises run never loads it).
    /// </summary>
    internal static class GraphODataScenarios
    {
        public static async Task Select_returns_only_the_selected_properties_and_the_id()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var sdk = GraphSdk.For(org);

            var permissions = await sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.GetAsync(rc => rc.QueryParameters.Select = new[] { "role" }).Boxed();
            Assert.Equal(2, permissions!.Value!.Count);
            Assert.All(permissions.Value, p =>
            {
                Assert.NotNull(p.Role);
                Assert.False(string.IsNullOrEmpty(p.Id)); // Outlook entities always carry their id
                Assert.Null(p.EmailAddress);
                Assert.Null(p.AllowedRoles);
                Assert.Null(p.IsRemovable);
            });

            // A directory object answers only what was selected.
            var user = await sdk.Client.Users["alice@contoso.com"].GetAsync(rc => rc.QueryParameters.Select = new[] { "displayName" }).Boxed();
            Assert.Equal("Alice Anders", user!.DisplayName);
            Assert.Null(user.Mail);
            Assert.Null(user.Id);

            var calendar = await sdk.Client.Users["alice@contoso.com"].Calendar.GetAsync(rc => rc.QueryParameters.Select = new[] { "name" }).Boxed();
            Assert.Equal("Calendar", calendar!.Name);
            Assert.Null(calendar.CanEdit);
            Assert.Null(calendar.Owner);
            Assert.True(org.SchemaViolations.Count == 0, string.Join("\n", org.SchemaViolations));

            // A user property of v1.0 the sandbox does not model reads as null (not in the calendar subset of the
            // metadata strict mode reads, so outside strict mode).
            var loose = GraphTestKit.CloudOrg();
            using var looseSdk = GraphSdk.For(loose);
            var withJob = await looseSdk.Client.Users["alice@contoso.com"].GetAsync(rc => rc.QueryParameters.Select = new[] { "mail", "jobTitle" }).Boxed();
            Assert.Equal("alice@contoso.com", withJob!.Mail);
            Assert.Null(withJob.JobTitle);
            Assert.Null(withJob.DisplayName);
        }

        public static async Task An_unknown_select_property_is_400_also_inside_batch()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var sdk = GraphSdk.For(org);

            var error = await Assert.ThrowsAsync<ODataError>(() => sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.GetAsync(rc => rc.QueryParameters.Select = new[] { "role", "colour" })).Boxed();
            Assert.Equal(400, error.ResponseStatusCode);
            Assert.Equal("BadRequest", error.Error!.Code);
            Assert.Contains("'colour'", error.Error.Message);
            Assert.Contains("microsoft.graph.calendarPermission", error.Error.Message);

            var batch = new BatchRequestContentCollection(sdk.Client);
            var good = await batch.AddBatchRequestStepAsync(sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.ToGetRequestInformation(rc => rc.QueryParameters.Select = new[] { "emailAddress" }));
            var bad = await batch.AddBatchRequestStepAsync(sdk.Client.Users["alice@contoso.com"].Calendar.ToGetRequestInformation(rc => rc.QueryParameters.Select = new[] { "nonsense" }));
            var response = await sdk.Client.Batch.PostAsync(batch).Boxed();
            var statuses = await response.GetResponsesStatusCodesAsync().Boxed();
            Assert.Equal(HttpStatusCode.OK, statuses[good]);
            Assert.Equal(HttpStatusCode.BadRequest, statuses[bad]);

            var selected = await response.GetResponseByIdAsync<CalendarPermissionCollectionResponse>(good).Boxed();
            Assert.All(selected.Value!, p =>
            {
                Assert.NotNull(p.EmailAddress);
                Assert.Null(p.Role);
            });
            Assert.Empty(org.SchemaViolations);
        }

        public static async Task Top_pages_with_nextLink_and_the_PageIterator_walks_every_page()
        {
            var org = GraphSdk.StrictCloudOrg();
            var seeded = org.SeedCalendarPermissions("alice@contoso.com", 25);
            Assert.Equal(25, seeded.Count);
            using var sdk = GraphSdk.For(org);

            var first = await sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.GetAsync(rc => rc.QueryParameters.Top = 10).Boxed();
            Assert.Equal(10, first!.Value!.Count);
            Assert.NotNull(first.OdataNextLink);
            Assert.Contains("$skip=10", first.OdataNextLink);

            var ids = new List<string>();
            var iterator = PageIterator<GraphPermission, CalendarPermissionCollectionResponse>.CreatePageIterator(sdk.Client, first, p =>
            {
                ids.Add(p.Id!);
                return true;
            });
            await iterator.IterateAsync();

            // My Organization, carol, and the 25 seeded: 27 in pages of 10, each entry once.
            Assert.Equal(27, ids.Count);
            Assert.Equal(27, ids.Distinct().Count());
            Assert.Equal(org.GetCalendarAcl("alice@contoso.com").Count(p => p.User != "Anonymous"), ids.Count);
            Assert.Equal(3, sdk.Sent.Count(s => s.Contains("/calendarPermissions")));
            Assert.Empty(org.SchemaViolations);
        }

        public static async Task Without_top_a_paged_list_stops_at_the_default_page_size()
        {
            var org = GraphSdk.StrictCloudOrg(new SandboxOptions { GraphPermissionPageSize = 10 });
            org.SeedCalendarPermissions("alice@contoso.com", 25);
            using var sdk = GraphSdk.For(org);

            var first = await sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.GetAsync().Boxed();
            Assert.Equal(10, first!.Value!.Count);
            Assert.NotNull(first.OdataNextLink);

            var all = new List<GraphPermission>();
            await PageIterator<GraphPermission, CalendarPermissionCollectionResponse>.CreatePageIterator(sdk.Client, first, p =>
            {
                all.Add(p);
                return true;
            }).IterateAsync();
            Assert.Equal(27, all.Count);

            // Without paging configured the list comes whole (the default for calendarPermissions).
            var whole = GraphSdk.StrictCloudOrg();
            whole.SeedCalendarPermissions("alice@contoso.com", 25);
            using var wholeSdk = GraphSdk.For(whole);
            var one = await wholeSdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.GetAsync().Boxed();
            Assert.Equal(27, one!.Value!.Count);
            Assert.Null(one.OdataNextLink);
        }

        public static async Task Filter_orderby_and_count_apply_before_paging()
        {
            var org = GraphSdk.StrictCloudOrg();
            org.SeedCalendarPermissions("alice@contoso.com", 25);
            using var sdk = GraphSdk.For(org);
            var acl = org.GetCalendarAcl("alice@contoso.com");
            var reviewers = acl.Where(p => p.Level == "Reviewer").Select(p => p.User).OrderByDescending(u => u, System.StringComparer.OrdinalIgnoreCase).ToList();
            Assert.True(reviewers.Count >= 2);

            var filtered = await sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.GetAsync(rc =>
            {
                rc.QueryParameters.Filter = "role eq 'read'";
                rc.QueryParameters.Orderby = new[] { "emailAddress/address desc" };
                rc.QueryParameters.Count = true;
                rc.QueryParameters.Top = 1;
            }).Boxed();
            Assert.Equal(reviewers.Count, filtered!.OdataCount);
            Assert.Single(filtered.Value!);
            Assert.Equal(reviewers[0], filtered.Value![0].EmailAddress!.Address);
            Assert.NotNull(filtered.OdataNextLink);

            var outside = await sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions.GetAsync(rc =>
            {
                rc.QueryParameters.Filter = "isInsideOrganization eq false and (role eq 'limitedRead' or startswith(emailAddress/address,'sharee0'))";
                rc.QueryParameters.Top = 100;
            }).Boxed();
            Assert.NotEmpty(outside!.Value!);
            Assert.All(outside.Value!, p => Assert.False(p.IsInsideOrganization));
            Assert.Null(outside.OdataNextLink);

            var calendars = await sdk.Client.Users["alice@contoso.com"].Calendars.GetAsync(rc =>
            {
                rc.QueryParameters.Filter = "name eq 'team events'";
                rc.QueryParameters.Count = true;
            }).Boxed();
            Assert.Equal("Team Events", Assert.Single(calendars!.Value!).Name);
            Assert.Equal(1, calendars.OdataCount);

            var ordered = await sdk.Client.Users["alice@contoso.com"].Calendars.GetAsync(rc => rc.QueryParameters.Orderby = new[] { "name desc" }).Boxed();
            Assert.Equal(new[] { "Team Events", "Calendar" }, ordered!.Value!.Select(c => c.Name).ToArray());
            Assert.Empty(org.SchemaViolations);
        }

        public static async Task What_Graph_does_not_support_here_is_400()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var sdk = GraphSdk.For(org);
            var permissions = sdk.Client.Users["alice@contoso.com"].Calendar.CalendarPermissions;

            BoxedAwaiter<ODataError> Refused(Task call) => Assert.ThrowsAsync<ODataError>(() => call).Boxed();

            Assert.Equal(400, (await Refused(permissions.GetAsync(rc => rc.QueryParameters.Filter = "colour eq 'red'"))).ResponseStatusCode);
            Assert.Equal(400, (await Refused(permissions.GetAsync(rc => rc.QueryParameters.Filter = "allowedRoles eq 'read'"))).ResponseStatusCode);
            Assert.Equal(400, (await Refused(permissions.GetAsync(rc => rc.QueryParameters.Filter = "role eq"))).ResponseStatusCode);
            Assert.Equal(400, (await Refused(permissions.GetAsync(rc => rc.QueryParameters.Orderby = new[] { "nothing" }))).ResponseStatusCode);
            Assert.Equal(400, (await Refused(permissions.GetAsync(rc => rc.QueryParameters.Search = "\"bob\""))).ResponseStatusCode);
            Assert.Equal(400, (await Refused(sdk.Client.Users["alice@contoso.com"].Calendar.GetAsync(rc => rc.QueryParameters.Expand = new[] { "calendarPermissions" }))).ResponseStatusCode);

            // Unknown system query options, and options a single entity does not take.
            var unknown = await Refused(permissions.WithUrl(org.GraphBaseUrl + "users/alice%40contoso.com/calendar/calendarPermissions?$frobnicate=1").GetAsync());
            Assert.Equal(400, unknown.ResponseStatusCode);
            Assert.Contains("$frobnicate", unknown.Error!.Message);
            Assert.Equal(400, (await Refused(sdk.Client.Users["alice@contoso.com"].Calendar.WithUrl(org.GraphBaseUrl + "users/alice%40contoso.com/calendar?$top=1").GetAsync())).ResponseStatusCode);
            Assert.Equal(400, (await Refused(permissions.WithUrl(org.GraphBaseUrl + "users/alice%40contoso.com/calendar/calendarPermissions?$top=1&$top=2").GetAsync())).ResponseStatusCode);

            // A 400 for the query never follows a write.
            var before = org.GetCalendarAcl("alice@contoso.com").Count;
            var post = await Refused(permissions.WithUrl(org.GraphBaseUrl + "users/alice%40contoso.com/calendar/calendarPermissions?$filter=role eq 'read'")
                .PostAsync(new GraphPermission { EmailAddress = new EmailAddress { Address = "bob@contoso.com" }, Role = CalendarRoleType.Read }));
            Assert.Equal(400, post.ResponseStatusCode);
            Assert.Equal(before, org.GetCalendarAcl("alice@contoso.com").Count);
        }
    }

    /// <summary>OData query options as Graph honours them, driven through the real Microsoft.Graph SDK. See GraphODataScenarios.</summary>
    public sealed class GraphODataTests
    {
        [Fact]
        public Task Select_returns_only_the_selected_properties_and_the_id() => GraphODataScenarios.Select_returns_only_the_selected_properties_and_the_id();

        [Fact]
        public Task An_unknown_select_property_is_400_also_inside_batch() => GraphODataScenarios.An_unknown_select_property_is_400_also_inside_batch();

        [Fact]
        public Task Top_pages_with_nextLink_and_the_PageIterator_walks_every_page() => GraphODataScenarios.Top_pages_with_nextLink_and_the_PageIterator_walks_every_page();

        [Fact]
        public Task Without_top_a_paged_list_stops_at_the_default_page_size() => GraphODataScenarios.Without_top_a_paged_list_stops_at_the_default_page_size();

        [Fact]
        public Task Filter_orderby_and_count_apply_before_paging() => GraphODataScenarios.Filter_orderby_and_count_apply_before_paging();

        [Fact]
        public Task What_Graph_does_not_support_here_is_400() => GraphODataScenarios.What_Graph_does_not_support_here_is_400();
    }
}
