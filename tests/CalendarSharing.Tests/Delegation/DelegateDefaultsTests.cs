using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Sandbox;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Delegation
{
    /// <summary>
    /// One set of delegate defaults, whichever command makes the delegate: Set-CalendarShare -Role Delegate (calendar
    /// Editor plus a delegate record) and Add-MailboxDelegate give the same delegate, read back from the sandbox.
    /// </summary>
    public class DelegateDefaultsTests
    {
        private const string Delegate = "bob@contoso.com";

        [Theory]
        [InlineData("Delegate", null)]
        [InlineData("DelegateCanViewPrivate", true)]
        public async Task Set_CalendarShare_with_a_delegate_role_and_Add_MailboxDelegate_make_the_same_delegate(string role, bool? viewPrivate)
        {
            using var s = await SandboxSession.StartAsync();

            var share = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).SetAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = Delegate, Role = role } }, share, CancellationToken.None);
            Assert.Empty(share.Errors);
            Assert.Equal(ShareAction.Added, Assert.Single(share.OfType<CalendarShareResult>()).Action);

            var delegates = new DelegateCommands(s.Backend, 4, s.Backend.Info.SourceName);
            var add = new RecordingSink();
            await delegates.AddAsync(new[] { new DelegateRequest { Row = 1, Mailbox = "carol@contoso.com", Delegate = Delegate, ViewPrivateItems = viewPrivate } }, add, CancellationToken.None);
            Assert.Empty(add.Errors);

            var read = new RecordingSink();
            await delegates.GetAsync(new[] { new DelegateRequest { Mailbox = "alice@contoso.com", Delegate = Delegate }, new DelegateRequest { Mailbox = "carol@contoso.com", Delegate = Delegate } }, read, CancellationToken.None);
            var both = read.OfType<MailboxDelegate>().ToList();
            Assert.Equal(2, both.Count);
            var (viaShare, viaAdd) = (both.Single(d => d.Mailbox == "alice@contoso.com"), both.Single(d => d.Mailbox == "carol@contoso.com"));
            Assert.Equal(
                new object[] { viaAdd.CalendarRole, viaAdd.TasksRole, viaAdd.InboxRole, viaAdd.ContactsRole, viaAdd.NotesRole, viaAdd.JournalRole, viaAdd.ReceiveMeetingCopies, viaAdd.ViewPrivateItems },
                new object[] { viaShare.CalendarRole, viaShare.TasksRole, viaShare.InboxRole, viaShare.ContactsRole, viaShare.NotesRole, viaShare.JournalRole, viaShare.ReceiveMeetingCopies, viaShare.ViewPrivateItems });
            Assert.Equal(DelegateDefaults.ReceiveMeetingCopies, viaShare.ReceiveMeetingCopies);
            Assert.Equal(viewPrivate ?? false, viaShare.ViewPrivateItems);
            Assert.Equal(DelegateFolderRole.Editor, viaShare.CalendarRole);

            // Both calendars show the same role, and both mailboxes granted Send on Behalf with the delegate.
            var acl = new RecordingSink();
            await new CalendarPermissionCommands(s.Backend).GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com", User = Delegate }, new ShareRequest { Mailbox = "carol@contoso.com", User = Delegate } }, acl, CancellationToken.None);
            var roles = acl.OfType<CalendarPermission>().Select(p => p.Role).ToList();
            Assert.Equal(2, roles.Count);
            Assert.Equal(roles[0], roles[1]);
            Assert.Equal(s.Org.GetMailboxRightHolders("alice@contoso.com", SandboxMailboxRight.SendOnBehalf).Contains(Delegate), s.Org.GetMailboxRightHolders("carol@contoso.com", SandboxMailboxRight.SendOnBehalf).Contains(Delegate));
            s.AssertWireValid();
        }
    }
}
