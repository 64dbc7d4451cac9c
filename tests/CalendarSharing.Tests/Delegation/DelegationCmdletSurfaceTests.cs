using System.Collections.Generic;
using CalendarSharing.Tests.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.Delegation
{
    /// <summary>The delegate and mailbox-access cmdlets, read from the compiled assembly's metadata.</summary>
    public sealed class DelegationCmdletSurfaceTests : IClassFixture<CmdletMetadata>
    {
        private readonly CmdletMetadata metadata;

        public DelegationCmdletSurfaceTests(CmdletMetadata metadata)
        {
            this.metadata = metadata;
        }

        [Theory]
        [InlineData("Add-MailboxDelegate")]
        [InlineData("Set-MailboxDelegate")]
        [InlineData("Remove-MailboxDelegate")]
        public void Delegate_cmdlets_bind_CSV_rows_by_property_name(string name)
        {
            var cmdlet = metadata[name];
            foreach (var column in new[] { "Mailbox", "Delegate" })
            {
                Assert.True(cmdlet.Parameter(column).ValueFromPipelineByPropertyName, $"{name} -{column}");
                Assert.True(cmdlet.Parameter(column).Mandatory);
                Assert.Equal("System.String", cmdlet.Parameter(column).TypeName);
            }

            Assert.Subset(new HashSet<string>(cmdlet.Parameter("Mailbox").Aliases), new HashSet<string> { "Identity", "Owner", "PrimarySmtpAddress" });
            Assert.Subset(new HashSet<string>(cmdlet.Parameter("Delegate").Aliases), new HashSet<string> { "User", "Trustee" });
            Assert.True(cmdlet.Parameter("InputObject").DontShow);
            Assert.Equal("CalendarSharing.CalendarSharingConnection", cmdlet.Parameter("Connection").TypeName);
        }

        [Theory]
        [InlineData("Add-MailboxDelegate")]
        [InlineData("Set-MailboxDelegate")]
        public void Delegate_settings_are_text_roles_and_switches_from_CSV_columns(string name)
        {
            var cmdlet = metadata[name];
            foreach (var role in new[] { "CalendarRole", "TasksRole", "InboxRole", "ContactsRole", "NotesRole", "JournalRole", "MeetingRequestDelivery" })
            {
                Assert.Equal("System.String", cmdlet.Parameter(role).TypeName); // a bad value is that row's error, not a binding failure
                Assert.True(cmdlet.Parameter(role).ValueFromPipelineByPropertyName);
            }

            foreach (var flag in new[] { "ReceiveMeetingCopies", "ViewPrivateItems" })
            {
                Assert.Equal("System.Management.Automation.SwitchParameter", cmdlet.Parameter(flag).TypeName);
                Assert.True(cmdlet.Parameter(flag).ValueFromPipelineByPropertyName);
            }

            Assert.Equal(2, cmdlet.ConfirmImpact);
        }

        [Theory]
        [InlineData("Grant-MailboxAccess")]
        [InlineData("Revoke-MailboxAccess")]
        [InlineData("Get-MailboxAccess")]
        public void Access_cmdlets_take_an_Exchange_session(string name)
        {
            var session = metadata[name].Parameter("ExchangeSession");
            Assert.Equal("System.Management.Automation.Runspaces.PSSession", session.TypeName);
            Assert.False(session.Mandatory);
        }

        [Fact]
        public void Grant_and_Revoke_take_rights_as_text_and_Revoke_asks_first()
        {
            foreach (var name in new[] { "Grant-MailboxAccess", "Revoke-MailboxAccess" })
            {
                var right = metadata[name].Parameter("AccessRight");
                Assert.Equal("System.String[]", right.TypeName);
                Assert.Contains("AccessRights", right.Aliases);
                Assert.Contains(CmdletMetadata.ArgumentCompleterAttribute, right.AttributeTypeNames);
            }

            Assert.Equal(3, metadata["Revoke-MailboxAccess"].ConfirmImpact);
            Assert.Equal("System.Management.Automation.SwitchParameter", metadata["Revoke-MailboxAccess"].Parameter("Force").TypeName);
            Assert.Equal("System.Management.Automation.PSObject[]", metadata["Get-MailboxAccess"].Parameter("Mailbox").TypeName);
            Assert.True(metadata["Get-MailboxAccess"].Parameter("Mailbox").ValueFromPipeline);
        }
    }
}
