using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.GraphSandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// Add/Get/Set/Remove-MailboxDelegate on Exchange Online: DelegateCommands over GraphCalendarBackend (the real
    /// Microsoft.Graph SDK) against the Graph sandbox in strict mode (every request and answer checked against the
    /// v1.0 metadata): delegate calendarPermission roles plus mailboxSettings.delegateMeetingMessageDeliveryOptions.
    /// </summary>
    public sealed class GraphDelegateTests
    {
        private const string Alice = "alice@contoso.com";
        private const string Bob = "bob@contoso.com";

        private static Task<GraphSandboxSession> StartAsync() =>
            GraphSandboxSession.StartAsync(new SandboxOptions { GraphStrictValidation = true, GraphMetadataPath = GraphMetadataTests.MetadataPath() });

        private static DelegateCommands Commands(GraphSandboxSession s) => new DelegateCommands(s.Backend, 4, s.Backend.Info.SourceName);

        private static async Task<RecordingSink> Add(GraphSandboxSession s, params DelegateRequest[] rows)
        {
            var sink = new RecordingSink();
            await Commands(s).AddAsync(rows, sink, CancellationToken.None);
            return sink;
        }

        [Fact]
        public async Task A_delegate_round_trips_through_calendarPermissions_and_mailboxSettings()
        {
            using var s = await StartAsync();

            var added = await Add(s, new DelegateRequest { Row = 1, Mailbox = Alice, Delegate = Bob, ViewPrivateItems = true, MeetingRequestDelivery = "DelegatesAndMe" });
            Assert.Empty(added.Errors);
            Assert.Equal(ShareAction.Added, Assert.Single(added.OfType<MailboxDelegateResult>()).Action);
            Assert.Equal(new[] { Bob }, s.Org.GetDelegates(Alice));
            Assert.Equal("DelegatesAndMe", s.Org.GetMeetingRequestDelivery(Alice));
            Assert.Contains(s.Recorder.Requests, r => r.Method.Method == "POST" && r.Body != null && r.Body.Contains("\"delegateWithPrivateEventAccess\""));
            Assert.Contains(s.Recorder.Requests, r => r.Method.Method == "PATCH" && r.Uri.AbsolutePath.EndsWith("/mailboxSettings") && r.Body!.Contains("\"sendToDelegateAndPrincipal\""));

            var again = await Add(s, new DelegateRequest { Row = 1, Mailbox = Alice, Delegate = Bob, ViewPrivateItems = true });
            Assert.Empty(again.Errors);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(again.OfType<MailboxDelegateResult>()).Action);

            var listed = new RecordingSink();
            await Commands(s).GetAsync(new[] { new DelegateRequest { Row = 1, Mailbox = Alice } }, listed, CancellationToken.None);
            Assert.Empty(listed.Errors);
            var bob = Assert.Single(listed.OfType<MailboxDelegate>());
            Assert.Equal((Bob, DelegateFolderRole.Editor, DelegateFolderRole.None, true, MeetingRequestDelivery.DelegatesAndMe, "Graph"),
                (bob.Delegate, bob.CalendarRole, bob.InboxRole, bob.ViewPrivateItems, bob.MeetingRequestDelivery, bob.Source));

            var set = new RecordingSink();
            await Commands(s).SetAsync(new[] { new DelegateRequest { Row = 1, Mailbox = Alice, Delegate = Bob, ViewPrivateItems = false, MeetingRequestDelivery = "DelegatesOnly" } }, set, CancellationToken.None);
            Assert.Empty(set.Errors);
            Assert.Equal(ShareAction.Updated, Assert.Single(set.OfType<MailboxDelegateResult>()).Action);
            Assert.Equal("DelegatesOnly", s.Org.GetMeetingRequestDelivery(Alice));
            Assert.Contains(s.Recorder.Requests, r => r.Method.Method == "PATCH" && r.Body != null && r.Body.Contains("\"delegateWithoutPrivateEventAccess\""));

            var removed = new RecordingSink();
            await Commands(s).RemoveAsync(new[] { new DelegateRequest { Row = 1, Mailbox = Alice, Delegate = Bob } }, removed, CancellationToken.None);
            Assert.Empty(removed.Errors);
            Assert.Equal(ShareAction.Removed, Assert.Single(removed.OfType<MailboxDelegateResult>()).Action);
            Assert.Empty(s.Org.GetDelegates(Alice));
            Assert.DoesNotContain(s.Org.GetCalendarAcl(Alice), e => e.User == Bob);

            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task What_Graph_cannot_express_is_a_clear_error_for_that_row_and_the_good_rows_still_run()
        {
            using var s = await StartAsync();

            var sink = await Add(
                s,
                new DelegateRequest { Row = 1, Mailbox = Alice, Delegate = Bob, InboxRole = "Reviewer" },
                new DelegateRequest { Row = 2, Mailbox = Alice, Delegate = "hans@contoso.com", CalendarRole = "Reviewer" },
                new DelegateRequest { Row = 3, Mailbox = Alice, Delegate = "marie@contoso.com", ReceiveMeetingCopies = true },
                new DelegateRequest { Row = 4, Mailbox = Alice, Delegate = "carol@contoso.com" });

            Assert.Equal(3, sink.Errors.Count);
            Assert.Contains(sink.Errors, e => e.Message.Contains("InboxRole Reviewer") && e.Message.Contains(Bob));
            Assert.Contains(sink.Errors, e => e.Message.Contains("CalendarRole Reviewer") && e.Message.Contains("hans@contoso.com"));
            Assert.Contains(sink.Errors, e => e.Message.Contains("ReceiveMeetingCopies") && e.Message.Contains("marie@contoso.com"));
            Assert.Equal(ShareAction.Added, Assert.Single(sink.OfType<MailboxDelegateResult>(), r => r.Action != ShareAction.Failed).Action);
            Assert.Equal(new[] { "carol@contoso.com" }, s.Org.GetDelegates(Alice));
            Assert.Empty(s.Org.SchemaViolations);
        }

        [Fact]
        public async Task NoForward_has_no_Graph_equivalent_and_changes_nothing()
        {
            using var s = await StartAsync();
            var before = s.Org.GetMeetingRequestDelivery(Alice);

            var sink = await Add(s, new DelegateRequest { Row = 1, Mailbox = Alice, Delegate = Bob, MeetingRequestDelivery = "NoForward" });

            Assert.Contains(sink.Errors, e => e.Message.Contains("NoForward") && e.Message.Contains("no Microsoft Graph equivalent"));
            Assert.Empty(s.Org.GetDelegates(Alice));
            Assert.Equal(before, s.Org.GetMeetingRequestDelivery(Alice));
        }

        [Fact]
        public async Task Sandbox_mailboxSettings_answers_GET_and_PATCH_as_v1_0_does()
        {
            var org = GraphTestKit.CloudOrg(new SandboxOptions { GraphStrictValidation = true, GraphMetadataPath = GraphMetadataTests.MetadataPath() });
            using var client = GraphTestKit.AppClient(org);
            var url = GraphTestKit.Url("users", Alice, "mailboxSettings");

            var read = await GraphTestKit.GetOkAsync(client, url);
            Assert.Equal("sendToDelegateAndInformationToPrincipal", read.GetProperty("delegateMeetingMessageDeliveryOptions").GetString());
            Assert.EndsWith("/mailboxSettings", read.GetProperty("@odata.context").GetString());

            var (patched, json) = await GraphTestKit.SendAsync(client, new HttpMethod("PATCH"), url, "{\"delegateMeetingMessageDeliveryOptions\":\"sendToDelegateOnly\",\"timeZone\":\"W. Europe Standard Time\"}");
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.Equal("sendToDelegateOnly", json.GetProperty("delegateMeetingMessageDeliveryOptions").GetString());
            Assert.Equal("DelegatesOnly", org.GetMeetingRequestDelivery(Alice));

            var (badEnum, badEnumJson) = await GraphTestKit.SendAsync(client, new HttpMethod("PATCH"), url, "{\"delegateMeetingMessageDeliveryOptions\":\"noForward\"}");
            Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);
            Assert.Equal("RequestBodyRead", badEnumJson.GetProperty("error").GetProperty("code").GetString());

            var (unknown, unknownJson) = await GraphTestKit.SendAsync(client, new HttpMethod("PATCH"), url, "{\"meetingDelivery\":\"sendToDelegateOnly\"}");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Equal("RequestBodyRead", unknownJson.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal("DelegatesOnly", org.GetMeetingRequestDelivery(Alice));

            using var carol = GraphTestKit.UserClient(org, "carol@contoso.com");
            var (denied, _) = await GraphTestKit.SendAsync(carol, HttpMethod.Get, url);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

            // The two invalid bodies are what strict mode should flag; the good traffic gives no finding.
            Assert.All(org.SchemaViolations, v => Assert.Contains("PATCH", v));
            Assert.Equal(2, org.SchemaViolations.Count);
        }
    }
}
