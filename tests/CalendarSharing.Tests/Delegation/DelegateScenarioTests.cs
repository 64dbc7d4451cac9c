using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Delegation
{
    /// <summary>
    /// The delegate scenarios end to end: DelegateCommands, our EWS client, the strict sandbox (every EWS
    /// request and response checked against types.xsd/messages.xsd; missing schemas fail the test).
    /// </summary>
    public class DelegateScenarioTests
    {
        private const string Boss = "alice@contoso.com";
        private const string Assistant = "bob@contoso.com";

        private static DelegateRequest Row(int n, string mailbox, string user) =>
            new DelegateRequest { Row = n, Mailbox = mailbox, Delegate = user, Source = $"row {n}" };

        private static async Task<RecordingSink> Run(SandboxSession s, System.Func<DelegateCommands, RecordingSink, Task> run)
        {
            var sink = new RecordingSink();
            await run(new DelegateCommands(s.Backend, 4, s.Backend.Info.SourceName), sink);
            return sink;
        }

        private static DelegateRequest IssueExample() => new DelegateRequest
        {
            Row = 1,
            Mailbox = Boss,
            Delegate = Assistant,
            CalendarRole = "Editor",
            InboxRole = "Reviewer",
            ReceiveMeetingCopies = true,
            ViewPrivateItems = true,
            MeetingRequestDelivery = "DelegatesAndMe",
        };

        [Fact]
        public async Task Add_with_calendar_Editor_writes_the_calendar_permission_and_grants_Send_on_Behalf_and_Remove_takes_both_away()
        {
            using var s = await SandboxSession.StartAsync();

            var sink = await Run(s, (c, k) => c.AddAsync(new[] { IssueExample() }, k, CancellationToken.None));

            Assert.Empty(sink.Errors);
            var result = Assert.Single(sink.OfType<MailboxDelegateResult>());
            Assert.Equal(ShareAction.Added, result.Action);
            Assert.Equal(DelegateFolderRole.Editor, result.Current!.CalendarRole);
            Assert.Equal(DelegateFolderRole.Reviewer, result.Current.InboxRole);
            Assert.Equal(DelegateFolderRole.None, result.Current.TasksRole);
            Assert.True(result.Current.ReceiveMeetingCopies);
            Assert.True(result.Current.ViewPrivateItems);
            Assert.Equal(MeetingRequestDelivery.DelegatesAndMe, result.Current.MeetingRequestDelivery);
            Assert.Contains(s.Org.GetCalendarAcl(Boss), e => e.User == Assistant && e.Level == "Editor");
            Assert.Contains(Assistant, s.Org.GetMailboxRightHolders(Boss, SandboxMailboxRight.SendOnBehalf));

            var get = await Run(s, (c, k) => c.GetAsync(new[] { new DelegateRequest { Mailbox = Boss } }, k, CancellationToken.None));
            var listed = Assert.Single(get.OfType<MailboxDelegate>());
            Assert.Equal(Assistant, listed.Delegate);
            Assert.Equal("Bob Berg", listed.DisplayName);
            Assert.Equal(DelegateFolderRole.Editor, listed.CalendarRole);
            Assert.Equal(DelegateFolderRole.Reviewer, listed.InboxRole);
            Assert.Equal(MeetingRequestDelivery.DelegatesAndMe, listed.MeetingRequestDelivery);
            Assert.Equal("Sandbox", listed.Source);

            var removed = await Run(s, (c, k) => c.RemoveAsync(new[] { Row(1, Boss, Assistant) }, k, CancellationToken.None));
            Assert.Empty(removed.Errors);
            Assert.Equal(ShareAction.Removed, Assert.Single(removed.OfType<MailboxDelegateResult>()).Action);
            Assert.DoesNotContain(s.Org.GetCalendarAcl(Boss), e => e.User == Assistant);
            Assert.DoesNotContain(Assistant, s.Org.GetMailboxRightHolders(Boss, SandboxMailboxRight.SendOnBehalf));
            Assert.Empty(s.Org.GetDelegates(Boss));
            s.AssertWireValid();
        }

        [Fact]
        public async Task Add_twice_is_Unchanged_and_Add_with_other_roles_updates_the_existing_delegate()
        {
            using var s = await SandboxSession.StartAsync();
            await Run(s, (c, k) => c.AddAsync(new[] { IssueExample() }, k, CancellationToken.None));
            var requests = s.Org.RequestCounts;

            var again = await Run(s, (c, k) => c.AddAsync(new[] { IssueExample() }, k, CancellationToken.None));
            Assert.Empty(again.Errors);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(again.OfType<MailboxDelegateResult>()).Action);
            Assert.Equal(requests.GetValueOrDefault("AddDelegate"), s.Org.RequestCounts.GetValueOrDefault("AddDelegate"));
            Assert.Equal(requests.GetValueOrDefault("UpdateDelegate"), s.Org.RequestCounts.GetValueOrDefault("UpdateDelegate"));

            var upsert = IssueExample();
            upsert.CalendarRole = "Reviewer";
            var updated = await Run(s, (c, k) => c.AddAsync(new[] { upsert }, k, CancellationToken.None));
            Assert.Empty(updated.Errors);
            var result = Assert.Single(updated.OfType<MailboxDelegateResult>());
            Assert.Equal(ShareAction.Updated, result.Action);
            Assert.Equal("CalendarRole Editor -> Reviewer", result.Changes);
            Assert.Contains(s.Org.GetCalendarAcl(Boss), e => e.User == Assistant && e.Level == "Reviewer");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Set_changes_only_what_is_given_and_Set_of_a_non_delegate_is_a_row_error()
        {
            using var s = await SandboxSession.StartAsync();
            await Run(s, (c, k) => c.AddAsync(new[] { IssueExample() }, k, CancellationToken.None));

            var set = new DelegateRequest { Row = 1, Mailbox = Boss, Delegate = Assistant, InboxRole = "None" };
            var notDelegate = new DelegateRequest { Row = 2, Mailbox = Boss, Delegate = "carol@contoso.com", InboxRole = "None", Source = "row 2" };
            var sink = await Run(s, (c, k) => c.SetAsync(new[] { set, notDelegate }, k, CancellationToken.None));

            var results = sink.OfType<MailboxDelegateResult>();
            Assert.Equal(ShareAction.Updated, results[0].Action);
            Assert.Equal(DelegateFolderRole.None, results[0].Current!.InboxRole);
            Assert.Equal(DelegateFolderRole.Editor, results[0].Current!.CalendarRole);
            Assert.True(results[0].Current!.ViewPrivateItems);
            Assert.Equal(ShareAction.Failed, results[1].Action);
            var error = Assert.Single(sink.Errors);
            Assert.Equal("NotADelegate", error.ErrorId);
            Assert.StartsWith("Row 2: alice@contoso.com, delegate carol@contoso.com:", error.Message);
            Assert.Equal("row 2", error.Target);
            Assert.Contains("Add-MailboxDelegate", error.RecommendedAction);
            Assert.Contains(s.Org.GetCalendarAcl(Boss), e => e.User == Assistant && e.Level == "Editor");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Remove_of_a_user_who_is_no_delegate_is_Unchanged()
        {
            using var s = await SandboxSession.StartAsync();

            var sink = await Run(s, (c, k) => c.RemoveAsync(new[] { Row(1, Boss, Assistant) }, k, CancellationToken.None));

            Assert.Empty(sink.Errors);
            Assert.Equal(ShareAction.Unchanged, Assert.Single(sink.OfType<MailboxDelegateResult>()).Action);
            Assert.False(s.Org.RequestCounts.ContainsKey("RemoveDelegate"));
            s.AssertWireValid();
        }

        [Fact]
        public async Task Every_folder_role_round_trips_through_the_schema_valid_requests()
        {
            using var s = await SandboxSession.StartAsync();
            var row = new DelegateRequest
            {
                Row = 1, Mailbox = "hans@contoso.com", Delegate = "marie@contoso.com",
                CalendarRole = "author", TasksRole = "Editor", InboxRole = "Reviewer", ContactsRole = "Author", NotesRole = "Reviewer", JournalRole = "Editor",
                ReceiveMeetingCopies = false, ViewPrivateItems = false, MeetingRequestDelivery = "NoForward",
            };

            var sink = await Run(s, (c, k) => c.AddAsync(new[] { row }, k, CancellationToken.None));
            Assert.Empty(sink.Errors);

            var get = await Run(s, (c, k) => c.GetAsync(new[] { new DelegateRequest { Mailbox = "hans@contoso.com", Delegate = "marie@contoso.com" } }, k, CancellationToken.None));
            var d = Assert.Single(get.OfType<MailboxDelegate>());
            Assert.Equal(
                new[] { DelegateFolderRole.Author, DelegateFolderRole.Editor, DelegateFolderRole.Reviewer, DelegateFolderRole.Author, DelegateFolderRole.Reviewer, DelegateFolderRole.Editor },
                new[] { d.CalendarRole, d.TasksRole, d.InboxRole, d.ContactsRole, d.NotesRole, d.JournalRole });
            Assert.Equal(MeetingRequestDelivery.NoForward, d.MeetingRequestDelivery);
            Assert.Contains(s.Org.GetCalendarAcl("hans@contoso.com"), e => e.User == "marie@contoso.com" && e.Level == "Author");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Inner_ErrorDelegateAlreadyExists_under_an_outer_Success_turns_into_UpdateDelegate()
        {
            using var s = await SandboxSession.StartAsync();

            // Another admin makes bob a delegate between our GetDelegate and our AddDelegate.
            var raced = false;
            s.Org.BeforeOperation = op =>
            {
                if (op == "AddDelegate" && !raced)
                {
                    raced = true;
                    s.Org.BeforeOperation = null;
                    var racer = new DelegateCommands(s.Backend);
                    racer.AddAsync(new[] { new DelegateRequest { Row = 1, Mailbox = Boss, Delegate = Assistant, CalendarRole = "Reviewer" } }, new RecordingSink(), CancellationToken.None).GetAwaiter().GetResult();
                }
            };

            var sink = await Run(s, (c, k) => c.AddAsync(new[] { IssueExample() }, k, CancellationToken.None));

            Assert.True(raced);
            Assert.Empty(sink.Errors);
            var result = Assert.Single(sink.OfType<MailboxDelegateResult>());
            Assert.Equal(ShareAction.Updated, result.Action);
            Assert.Equal(2, s.Org.RequestCounts["AddDelegate"]);
            Assert.Contains(s.Org.GetCalendarAcl(Boss), e => e.User == Assistant && e.Level == "Editor");
            s.AssertWireValid();
        }

        [Fact]
        public async Task Bad_rows_are_errors_naming_the_row_and_the_good_rows_still_run()
        {
            using var s = await SandboxSession.StartAsync();
            var rows = new[]
            {
                new DelegateRequest { Row = 1, Mailbox = Boss, Delegate = Assistant, CalendarRole = "Owner", Source = "r1" },
                new DelegateRequest { Row = 2, Mailbox = Boss, Delegate = "", Source = "r2" },
                new DelegateRequest { Row = 3, Mailbox = Boss, Delegate = "nobody@contoso.com", Source = "r3" },
                new DelegateRequest { Row = 4, Mailbox = "ghost@contoso.com", Delegate = Assistant, Source = "r4" },
                new DelegateRequest { Row = 5, Mailbox = Boss, Delegate = "carol@contoso.com", MeetingRequestDelivery = "Sometimes", Source = "r5" },
                new DelegateRequest { Row = 6, Mailbox = Boss, Delegate = "carol@contoso.com", CalendarRole = "Reviewer", Source = "r6" },
            };

            var sink = await Run(s, (c, k) => c.AddAsync(rows, k, CancellationToken.None));

            var errors = sink.Errors.ToDictionary(e => (string)e.Target!);
            Assert.Equal("InvalidDelegateRole", errors["r1"].ErrorId);
            Assert.StartsWith("Row 1: ", errors["r1"].Message);
            Assert.Equal("MissingDelegate", errors["r2"].ErrorId);
            Assert.Equal("UserNotFound", errors["r3"].ErrorId);
            Assert.Contains("ErrorDelegateNoUser", errors["r3"].Message);
            Assert.Equal("MailboxNotFound", errors["r4"].ErrorId);
            Assert.Equal("InvalidMeetingRequestDelivery", errors["r5"].ErrorId);
            Assert.False(errors.ContainsKey("r6"));
            var good = sink.OfType<MailboxDelegateResult>().Single(r => r.Row == 6);
            Assert.Equal(ShareAction.Added, good.Action);
            Assert.Equal(5, sink.OfType<MailboxDelegateResult>().Count(r => r.Action == ShareAction.Failed));
            Assert.Equal(new[] { "carol@contoso.com" }, s.Org.GetDelegates(Boss));
            s.AssertWireValid();
        }

        [Fact]
        public async Task WhatIf_declined_rows_write_nothing()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink((_, _) => false);

            await new DelegateCommands(s.Backend).AddAsync(new[] { IssueExample() }, sink, CancellationToken.None);

            Assert.Empty(sink.Objects);
            var call = Assert.Single(sink.ShouldProcessCalls);
            Assert.Equal(Boss, call.Target);
            Assert.Contains("bob@contoso.com", call.Action);
            Assert.Contains("Calendar Editor", call.Action);
            Assert.Empty(s.Org.GetDelegates(Boss));
        }
    }
}
