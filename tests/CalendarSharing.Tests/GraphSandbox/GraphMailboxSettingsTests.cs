using System.Linq;
using System.Threading.Tasks;
using CalendarSharing.Sandbox;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Xunit;
using KiotaTime = Microsoft.Kiota.Abstractions.Time;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// The scenarios' bodies. Every await of a Microsoft.Graph-typed task goes through <see cref="Boxing.Boxed"/>: test
    /// discovery loads every type, and a state machine holding a TaskAwaiter of a Graph type would load Microsoft.Graph
    /// into every test host (FreshProcessTests proves an on-premises run never loads it).
    /// </summary>
    internal static class GraphMailboxSettingsScenarios
    {
        public static async Task Each_mailbox_has_its_seeded_regional_settings()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var sdk = GraphSdk.For(org);

            var hans = await sdk.Client.Users["hans@contoso.com"].MailboxSettings.GetAsync().Boxed();
            Assert.Equal("W. Europe Standard Time", hans!.TimeZone);
            Assert.Equal("de-DE", hans.Language!.Locale);
            Assert.Equal("dd.MM.yyyy", hans.DateFormat);
            Assert.Equal("HH:mm", hans.TimeFormat);
            Assert.Equal(UserPurpose.User, hans.UserPurpose);
            Assert.Equal(new DayOfWeekObject?[] { DayOfWeekObject.Monday, DayOfWeekObject.Tuesday, DayOfWeekObject.Wednesday, DayOfWeekObject.Thursday, DayOfWeekObject.Friday },
                hans.WorkingHours!.DaysOfWeek!.ToArray());
            Assert.Equal(new KiotaTime(8, 0, 0), hans.WorkingHours.StartTime);
            Assert.Equal(new KiotaTime(17, 0, 0), hans.WorkingHours.EndTime);
            Assert.Equal("W. Europe Standard Time", hans.WorkingHours.TimeZone!.Name);
            Assert.Equal(AutomaticRepliesStatus.Disabled, hans.AutomaticRepliesSetting!.Status);
            Assert.Equal(DelegateMeetingMessageDeliveryOptions.SendToDelegateAndInformationToPrincipal, hans.DelegateMeetingMessageDeliveryOptions);

            var marie = await sdk.Client.Users["marie@contoso.com"].MailboxSettings.GetAsync().Boxed();
            Assert.Equal(("Romance Standard Time", "fr-FR"), (marie!.TimeZone, marie.Language!.Locale));
            var carol = await sdk.Client.Users["carol@contoso.com"].MailboxSettings.GetAsync().Boxed();
            Assert.Equal(("GMT Standard Time", "en-GB"), (carol!.TimeZone, carol.Language!.Locale));
            var alice = await sdk.Client.Users["alice@contoso.com"].MailboxSettings.GetAsync().Boxed();
            Assert.Equal(("Pacific Standard Time", "en-US"), (alice!.TimeZone, alice.Language!.Locale));
            var room = await sdk.Client.Users["boardroom@contoso.com"].MailboxSettings.GetAsync().Boxed();
            Assert.Equal(UserPurpose.Room, room!.UserPurpose);

            var selected = await sdk.Client.Users["hans@contoso.com"].MailboxSettings.GetAsync(rc => rc.QueryParameters.Select = new[] { "timeZone" }).Boxed();
            Assert.Equal("W. Europe Standard Time", selected!.TimeZone);
            Assert.Null(selected.Language);
            Assert.True(org.SchemaViolations.Count == 0, string.Join("\n", org.SchemaViolations));
        }

        public static async Task A_single_setting_is_its_own_path()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var sdk = GraphSdk.For(org);

            var timeZone = new RequestInformation(Method.GET, "{+baseurl}/users/{user%2Did}/mailboxSettings/timeZone", new System.Collections.Generic.Dictionary<string, object>());
            timeZone.PathParameters["user%2Did"] = "hans@contoso.com";
            // A primitive property comes as {"@odata.context":…,"value":…} (OData JSON format, section 11), read raw.
            using (var stream = await sdk.Client.RequestAdapter.SendPrimitiveAsync<System.IO.Stream>(timeZone))
            using (var json = await System.Text.Json.JsonDocument.ParseAsync(stream!))
            {
                Assert.Equal("W. Europe Standard Time", json.RootElement.GetProperty("value").GetString());
                Assert.EndsWith("/mailboxSettings/timeZone", json.RootElement.GetProperty("@odata.context").GetString());
            }

            var hours = new RequestInformation(Method.GET, "{+baseurl}/users/{user%2Did}/mailboxSettings/workingHours", new System.Collections.Generic.Dictionary<string, object>());
            hours.PathParameters["user%2Did"] = "marie@contoso.com";
            var workingHours = await sdk.Client.RequestAdapter.SendAsync(hours, Microsoft.Graph.Models.WorkingHours.CreateFromDiscriminatorValue).Boxed();
            Assert.Equal("Romance Standard Time", workingHours!.TimeZone!.Name);
            Assert.Equal(5, workingHours.DaysOfWeek!.Count);

            var bad = new RequestInformation(Method.GET, "{+baseurl}/users/{user%2Did}/mailboxSettings/shoeSize", new System.Collections.Generic.Dictionary<string, object>());
            bad.PathParameters["user%2Did"] = "marie@contoso.com";
            var error = await Assert.ThrowsAnyAsync<ApiException>(() => sdk.Client.RequestAdapter.SendPrimitiveAsync<System.IO.Stream>(bad)).Boxed();
            Assert.Equal(400, error.ResponseStatusCode);
            Assert.True(org.SchemaViolations.Count == 0, string.Join("\n", org.SchemaViolations));
        }

        public static async Task Patch_stores_what_Graph_stores_and_answers_with_the_updated_properties_only()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var sdk = GraphSdk.For(org);

            var answer = await sdk.Client.Users["alice@contoso.com"].MailboxSettings.PatchAsync(new MailboxSettings
            {
                TimeZone = "Europe/Berlin",
                WorkingHours = new Microsoft.Graph.Models.WorkingHours { StartTime = new KiotaTime(7, 30, 0), TimeZone = new TimeZoneBase { Name = "W. Europe Standard Time" } },
                AutomaticRepliesSetting = new AutomaticRepliesSetting { Status = AutomaticRepliesStatus.AlwaysEnabled, InternalReplyMessage = "Back Monday." },
                Language = new LocaleInfo { Locale = "fr-FR" },
            }).Boxed();
            Assert.Equal("Europe/Berlin", answer!.TimeZone);
            Assert.Equal(new KiotaTime(7, 30, 0), answer.WorkingHours!.StartTime);
            Assert.Null(answer.DateFormat); // not updated, so not in the answer
            Assert.Null(answer.DelegateMeetingMessageDeliveryOptions);

            var now = await sdk.Client.Users["alice@contoso.com"].MailboxSettings.GetAsync().Boxed();
            Assert.Equal("Europe/Berlin", now!.TimeZone);
            Assert.Equal("Europe/Berlin", org.GetMailboxTimeZone("alice@contoso.com"));
            Assert.Equal(new KiotaTime(7, 30, 0), now.WorkingHours!.StartTime);
            Assert.Equal(new KiotaTime(17, 0, 0), now.WorkingHours.EndTime); // merged, not replaced
            Assert.Equal("W. Europe Standard Time", now.WorkingHours.TimeZone!.Name);
            Assert.Equal(AutomaticRepliesStatus.AlwaysEnabled, now.AutomaticRepliesSetting!.Status);
            Assert.Equal("Back Monday.", now.AutomaticRepliesSetting.InternalReplyMessage);
            Assert.Equal(("fr-FR", "français (France)"), (now.Language!.Locale, now.Language.DisplayName));

            // The delivery option is the mailbox's EWS DeliverMeetingRequests.
            await sdk.Client.Users["alice@contoso.com"].MailboxSettings.PatchAsync(new MailboxSettings { DelegateMeetingMessageDeliveryOptions = DelegateMeetingMessageDeliveryOptions.SendToDelegateOnly }).Boxed();
            Assert.Equal("DelegatesOnly", org.GetMeetingRequestDelivery("alice@contoso.com"));
            Assert.True(org.SchemaViolations.Count == 0, string.Join("\n", org.SchemaViolations));
        }

        public static async Task Patch_rejects_what_Graph_rejects_and_stores_nothing_then()
        {
            var org = GraphSdk.StrictCloudOrg();
            using var sdk = GraphSdk.For(org);
            var settings = sdk.Client.Users["hans@contoso.com"].MailboxSettings;

            async Task<string> Refused(MailboxSettings body)
            {
                var error = await Assert.ThrowsAsync<ODataError>(() => settings.PatchAsync(body)).Boxed();
                Assert.Equal(400, error.ResponseStatusCode);
                return error.Error!.Code!;
            }

            Assert.Equal("ErrorInvalidTimeSettings", await Refused(new MailboxSettings { WorkingHours = new Microsoft.Graph.Models.WorkingHours { StartTime = new KiotaTime(18, 0, 0) } }));
            Assert.Equal("InvalidTimeZone", await Refused(new MailboxSettings { TimeZone = "Middle Earth Standard Time" }));
            Assert.Equal("ErrorInvalidProperty", await Refused(new MailboxSettings { UserPurpose = UserPurpose.Shared }));

            // One bad property fails the whole PATCH: the good one sent with it is not stored either.
            Assert.Equal("InvalidTimeZone", await Refused(new MailboxSettings { DateFormat = "yyyy-MM-dd", WorkingHours = new Microsoft.Graph.Models.WorkingHours { TimeZone = new TimeZoneBase { Name = "Nowhere" } } }));
            var after = await settings.GetAsync().Boxed();
            Assert.Equal("dd.MM.yyyy", after!.DateFormat);
            Assert.Equal("W. Europe Standard Time", after.TimeZone);
            Assert.Equal(new KiotaTime(8, 0, 0), after.WorkingHours!.StartTime);
        }

        public static async Task MailboxSettings_needs_the_MailboxSettings_permissions()
        {
            var org = GraphSdk.StrictCloudOrg();

            using (var calendarsOnly = GraphSdk.ForApp(org, "Calendars.ReadWrite"))
            {
                var read = await Assert.ThrowsAsync<ODataError>(() => calendarsOnly.Client.Users["hans@contoso.com"].MailboxSettings.GetAsync()).Boxed();
                Assert.Equal((403, "ErrorAccessDenied"), (read.ResponseStatusCode, read.Error!.Code));
                var write = await Assert.ThrowsAsync<ODataError>(() => calendarsOnly.Client.Users["hans@contoso.com"].MailboxSettings.PatchAsync(new MailboxSettings { TimeZone = "UTC" })).Boxed();
                Assert.Equal((403, "ErrorAccessDenied"), (write.ResponseStatusCode, write.Error!.Code));
            }

            using (var readOnly = GraphSdk.ForApp(org, "MailboxSettings.Read"))
            {
                Assert.Equal("W. Europe Standard Time", (await readOnly.Client.Users["hans@contoso.com"].MailboxSettings.GetAsync().Boxed())!.TimeZone);
                var write = await Assert.ThrowsAsync<ODataError>(() => readOnly.Client.Users["hans@contoso.com"].MailboxSettings.PatchAsync(new MailboxSettings { TimeZone = "UTC" })).Boxed();
                Assert.Equal((403, "ErrorAccessDenied"), (write.ResponseStatusCode, write.Error!.Code));
            }

            using (var readWrite = GraphSdk.ForApp(org, "MailboxSettings.ReadWrite"))
            {
                await readWrite.Client.Users["hans@contoso.com"].MailboxSettings.PatchAsync(new MailboxSettings { TimeZone = "UTC" }).Boxed();
                Assert.Equal("UTC", org.GetMailboxTimeZone("hans@contoso.com"));

                // MailboxSettings.* is not a calendar permission.
                var calendar = await Assert.ThrowsAsync<ODataError>(() => readWrite.Client.Users["hans@contoso.com"].Calendar.GetAsync()).Boxed();
                Assert.Equal(403, calendar.ResponseStatusCode);
            }
        }
    }

    /// <summary>mailboxSettings as Graph serves it, driven through the real Microsoft.Graph SDK. See GraphMailboxSettingsScenarios.</summary>
    public sealed class GraphMailboxSettingsTests
    {
        [Fact]
        public Task Each_mailbox_has_its_seeded_regional_settings() => GraphMailboxSettingsScenarios.Each_mailbox_has_its_seeded_regional_settings();

        [Fact]
        public Task A_single_setting_is_its_own_path() => GraphMailboxSettingsScenarios.A_single_setting_is_its_own_path();

        [Fact]
        public Task Patch_stores_what_Graph_stores_and_answers_with_the_updated_properties_only() => GraphMailboxSettingsScenarios.Patch_stores_what_Graph_stores_and_answers_with_the_updated_properties_only();

        [Fact]
        public Task Patch_rejects_what_Graph_rejects_and_stores_nothing_then() => GraphMailboxSettingsScenarios.Patch_rejects_what_Graph_rejects_and_stores_nothing_then();

        [Fact]
        public Task MailboxSettings_needs_the_MailboxSettings_permissions() => GraphMailboxSettingsScenarios.MailboxSettings_needs_the_MailboxSettings_permissions();
    }
}
