using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Roles;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Core
{
    /// <summary>
    /// Get-MailboxFolderPermission's shapes: AccessRights arrays joined by the cmdlet layer, Editor
    /// plus SharingPermissionFlags, alias and display-name identities, and what -WhatIf says.
    /// </summary>
    public class ExchangeShapesTests
    {
        [Theory]
        [InlineData("Reviewer", null, CalendarRole.Reviewer)]
        [InlineData("FreeBusyTimeOnly", "None", CalendarRole.AvailabilityOnly)]
        [InlineData("Reviewer, Reviewer", null, CalendarRole.Reviewer)]
        [InlineData("Editor", "Delegate", CalendarRole.Delegate)]
        [InlineData("Editor", "Delegate, CanViewPrivateItems", CalendarRole.DelegateCanViewPrivate)]
        [InlineData("Editor", "CanViewPrivateItems, Delegate", CalendarRole.DelegateCanViewPrivate)]
        [InlineData("write", "delegate", CalendarRole.Delegate)]
        [InlineData("Editor", "", CalendarRole.Editor)]
        public void Reads_a_role_as_exchange_writes_it(string role, string? flags, CalendarRole expected)
        {
            var result = RoleInput.Parse(role, flags);
            Assert.True(result.IsSuccess, result.Message);
            Assert.Equal(expected, result.Role);
        }

        [Theory]
        [InlineData("", null, "MissingRole")]
        [InlineData("Reviewer, Editor", null, "MultipleRoles")]
        [InlineData("Owner, FreeBusyTimeOnly", null, "MultipleRoles")]
        [InlineData("ReadItems, FolderVisible", null, "InvalidRole")]
        [InlineData("Reviewer", "Delegate", "InvalidSharingPermissionFlags")]
        [InlineData("Editor", "CanViewPrivateItems", "InvalidSharingPermissionFlags")]
        [InlineData("Editor", "Delegate, Everything", "InvalidSharingPermissionFlags")]
        public void Names_what_is_wrong_with_a_row_that_holds_no_single_role(string role, string? flags, string errorId)
        {
            var result = RoleInput.Parse(role, flags);
            Assert.False(result.IsSuccess);
            Assert.Equal(errorId, result.ErrorId);
            Assert.False(string.IsNullOrEmpty(result.Advice));
        }

        [Fact]
        public void Two_roles_are_named_in_the_message()
        {
            var result = RoleInput.Parse("Reviewer, Editor", null);
            Assert.Contains("Reviewer", result.Message);
            Assert.Contains("Editor", result.Message);
        }

        [Theory]
        [InlineData("alice", true)]
        [InlineData("alice:\\Calendar", true)]
        [InlineData("Alice Anders:\\Calendar", true)]
        [InlineData("alice@contoso.com", false)]
        [InlineData("alice@contoso.com:\\Kalender", false)]
        [InlineData("", false)]
        public void Resolves_only_what_is_not_an_address(string mailbox, bool expected) =>
            Assert.Equal(expected, MailboxNameResolver.NeedsResolving(mailbox));

        [Fact]
        public async Task Alias_and_display_name_become_the_smtp_address_through_the_directory()
        {
            using var s = await SandboxSession.StartAsync();
            var rows = new[]
            {
                new ShareRequest { Row = 1, Mailbox = "alice:\\Calendar" },
                new ShareRequest { Row = 2, Mailbox = "Hans Müller" },
                new ShareRequest { Row = 3, Mailbox = "bob@contoso.com" },
                new ShareRequest { Row = 4, Mailbox = "nobody-at-all:\\Calendar" },
            };

            await MailboxNameResolver.ResolveAsync(s.Backend, rows, CancellationToken.None);

            Assert.Equal("alice@contoso.com:\\Calendar", rows[0].Mailbox);
            Assert.Equal("hans@contoso.com", rows[1].Mailbox);
            Assert.Equal("bob@contoso.com", rows[2].Mailbox);
            Assert.Equal("nobody-at-all:\\Calendar", rows[3].Mailbox);
        }

        [Fact]
        public async Task Set_takes_an_exchange_row_and_whatif_names_the_calendar_as_the_result_does()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink((target, action) => false);
            var rows = new[]
            {
                new ShareRequest { Row = 1, Mailbox = "hans:\\Calendar", User = "Default", Role = "Reviewer" },
                new ShareRequest { Row = 2, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Editor", SharingPermissionFlags = "Delegate" },
                new ShareRequest { Row = 3, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Reviewer, Editor" },
            };

            await new CalendarPermissionCommands(s.Backend).SetAsync(rows, sink, CancellationToken.None);

            Assert.Equal(
                new[] { ("hans@contoso.com\\Kalender", "Set Default to Reviewer"), ("alice@contoso.com\\Calendar", "Grant Delegate to bob@contoso.com") },
                sink.ShouldProcessCalls.ToArray());
            var error = Assert.Single(sink.Errors);
            Assert.Equal("MultipleRoles", error.ErrorId);
            Assert.StartsWith("Row 3:", error.Message);
        }

        [Fact]
        public async Task Remove_on_default_says_it_sets_default_to_none()
        {
            using var s = await SandboxSession.StartAsync();
            var sink = new RecordingSink((target, action) => false);
            var rows = new[]
            {
                new ShareRequest { Row = 1, Mailbox = "hans@contoso.com", User = "Default" },
                new ShareRequest { Row = 2, Mailbox = "hans@contoso.com", User = "Anonymous" },
                new ShareRequest { Row = 3, Mailbox = "hans@contoso.com", User = "marie@contoso.com" },
            };

            await new CalendarPermissionCommands(s.Backend).RemoveAsync(rows, sink, CancellationToken.None);

            Assert.Equal(
                new[] { "Set Default to None", "Set Anonymous to None", "Remove the calendar permission of marie@contoso.com" },
                sink.ShouldProcessCalls.Select(c => c.Action).ToArray());
            Assert.All(sink.ShouldProcessCalls, c => Assert.Equal("hans@contoso.com\\Kalender", c.Target));
        }

        [Fact]
        public void Whatif_text_for_each_kind_of_principal()
        {
            Assert.Equal("Set Anonymous to None", ShouldProcessText.Action(true, Principal.Anonymous, CalendarRole.None));
            Assert.Equal("Set Default to LimitedDetails", ShouldProcessText.Action(false, Principal.Default, CalendarRole.LimitedDetails));
            Assert.Equal("Grant Reviewer to bob@contoso.com", ShouldProcessText.Action(false, Principal.User("bob@contoso.com"), CalendarRole.Reviewer));
        }
    }
}
