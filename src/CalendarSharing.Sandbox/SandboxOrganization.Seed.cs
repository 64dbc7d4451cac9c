using System.Globalization;
using CalendarSharing.Sandbox.Directory;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    // The organisation of docs/design/contracts.md, built the same way every time.
    public sealed partial class SandboxOrganization
    {
        private const string SidPrefix = "S-1-5-21-1004336348-1177238915-682003330-";

        private void Seed()
        {
            AddMailbox(new SandboxAccount("admin@contoso.com", "Sandbox Admin", "Sandbox!Admin1", SandboxMailboxKind.Admin, "en-US", "Calendar"));
            AddMailbox(new SandboxAccount("alice@contoso.com", "Alice Anders", "Sandbox!Alice1", SandboxMailboxKind.User, "en-US", "Calendar"));
            AddMailbox(new SandboxAccount("bob@contoso.com", "Bob Berg", "Sandbox!Bob1", SandboxMailboxKind.User, "en-US", "Calendar"));
            AddMailbox(new SandboxAccount("carol@contoso.com", "Carol Chen", "Sandbox!Carol1", SandboxMailboxKind.User, "en-GB", "Calendar"));
            AddMailbox(new SandboxAccount("hans@contoso.com", "Hans Müller", "Sandbox!Hans1", SandboxMailboxKind.User, "de-DE", "Kalender"));
            AddMailbox(new SandboxAccount("marie@contoso.com", "Marie Dupont", "Sandbox!Marie1", SandboxMailboxKind.User, "fr-FR", "Calendrier"));
            AddMailbox(new SandboxAccount("boardroom@contoso.com", "Boardroom", "Sandbox!Room1", SandboxMailboxKind.Room, "en-US", "Calendar"));
            for (var i = 1; i <= Options.GeneratedMailboxes; i++)
            {
                var number = i.ToString("D4", CultureInfo.InvariantCulture);
                AddMailbox(new SandboxAccount("user" + number + "@contoso.com", "User " + number, "Sandbox!User1", SandboxMailboxKind.User, "en-US", "Calendar"));
            }

            SeedSettings();
            Directory.Add(new DirectoryEntry("partner@fabrikam.com", "Pat Partner", DirectoryEntryKind.Contact, NextSid()));

            var alice = mailboxes["alice@contoso.com"];
            var teamEvents = alice.AddCalendar("calendar/team-events", "Team Events", alice.Calendar);

            // Seed permissions; the admin's calendar is not in the contract and gets the organisation default.
            foreach (var mailbox in mailboxes.Values)
            {
                mailbox.Calendar.Seed(new[] { AclEntry.Default("FreeBusyTimeOnly") });
            }

            alice.Calendar.Seed(new[] { AclEntry.Default("FreeBusyTimeOnly"), UserEntry("carol@contoso.com", "Reviewer") });
            teamEvents.Seed(new[] { AclEntry.Default("None"), UserEntry("bob@contoso.com", "Editor") });
            mailboxes["hans@contoso.com"].Calendar.Seed(new[] { AclEntry.Default("FreeBusyTimeOnly"), UserEntry("marie@contoso.com", "FreeBusyTimeAndSubjectAndLocation") });
            mailboxes["marie@contoso.com"].Calendar.Seed(new[] { AclEntry.Default("FreeBusyTimeAndSubjectAndLocation") });
            mailboxes["boardroom@contoso.com"].Calendar.Seed(new[] { AclEntry.Default("FreeBusyTimeAndSubjectAndLocation") });
            SeedEvents(); // after the folders exist (alice's Team Events holds events too)
        }

        /// <summary>
        /// Regional settings per mailbox (docs/design/graph-sandbox.md): hans in Germany, marie in France, carol in the UK,
        /// the admin on UTC, everyone else (alice, bob, the boardroom, generated users) on Pacific time, en-US.
        /// Working hours Monday to Friday 08:00-17:00 in the mailbox's time zone; the boardroom 07:00-19:00.
        /// </summary>
        private void SeedSettings()
        {
            mailboxes["hans@contoso.com"].Settings = MailboxSettingsState.For("W. Europe Standard Time", "de-DE", "Deutsch (Deutschland)", "dd.MM.yyyy", "HH:mm");
            mailboxes["marie@contoso.com"].Settings = MailboxSettingsState.For("Romance Standard Time", "fr-FR", "français (France)", "dd/MM/yyyy", "HH:mm");
            mailboxes["carol@contoso.com"].Settings = MailboxSettingsState.For("GMT Standard Time", "en-GB", "English (United Kingdom)", "dd/MM/yyyy", "HH:mm");
            mailboxes["admin@contoso.com"].Settings = MailboxSettingsState.For("UTC", "en-US", "English (United States)", "M/d/yyyy", "h:mm tt");
            var room = mailboxes["boardroom@contoso.com"].Settings;
            room.WorkingStart = System.TimeSpan.FromHours(7);
            room.WorkingEnd = System.TimeSpan.FromHours(19);
        }

        private void AddMailbox(SandboxAccount account)
        {
            var sid = NextSid();
            accounts.Add(account);
            mailboxes.Add(account.Address, new SandboxMailbox(account, sid));
            var kind = account.Kind == SandboxMailboxKind.Room ? DirectoryEntryKind.Room : DirectoryEntryKind.User;
            Directory.Add(new DirectoryEntry(account.Address, account.DisplayName, kind, sid));
        }

        private string NextSid() => SidPrefix + (1100 + Directory.Entries.Count).ToString(CultureInfo.InvariantCulture);

        private AclEntry UserEntry(string address, string level)
        {
            var user = Directory.FindByAddress(address)!;
            return new AclEntry(PrincipalType.Internal, user.Address, user.DisplayName, user.Sid, PermissionLevels.RightsOf(level));
        }
    }
}
