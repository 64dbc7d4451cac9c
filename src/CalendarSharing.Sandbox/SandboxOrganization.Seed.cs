using System.Globalization;
using System.Linq;
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
            SeedGroups(); // before the grants: a group holds one

            foreach (var calendar in SandboxSeed.SecondaryCalendars)
            {
                var owner = mailboxes[calendar.Mailbox];
                owner.AddCalendar(calendar.Key, calendar.DisplayName, owner.Calendar);
            }

            // Every folder is made with Default and Anonymous (SandboxFolder: free/busy for Default on the default calendar,
            // None elsewhere); then the seed's declared grants, calendar by calendar, and its delegates and publications.
            foreach (var calendar in SandboxSeed.Grants.GroupBy(g => (g.Mailbox, g.Calendar)))
            {
                SeededFolder(calendar.Key.Mailbox, calendar.Key.Calendar).Seed(calendar.Select(g => SeedEntry(g.Principal, g.Level)).ToList());
            }

            foreach (var seeded in SandboxSeed.Delegates)
            {
                SeedDelegate(mailboxes[seeded.Mailbox], seeded.Delegate, seeded.CalendarLevel, seeded.ViewPrivateItems, seeded.ReceiveCopiesOfMeetingMessages);
            }

            foreach (var seeded in SandboxSeed.Publications)
            {
                SetPublication(SeededFolder(seeded.Mailbox, seeded.Calendar), true, seeded.DetailLevel, null, null, resetUrl: false);
            }

            SeedGeneratedSharing();
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

        /// <summary>A seeded entry: Default, Anonymous, or the principal the organisation's rule resolves (inside or outside).</summary>
        private AclEntry SeedEntry(string principal, string level)
        {
            if (principal == "Default")
            {
                return AclEntry.Default(level);
            }

            if (principal == "Anonymous")
            {
                return AclEntry.Anonymous(level);
            }

            return ResolvePrincipal(principal).WithRights(PermissionLevels.RightsOf(level));
        }

        /// <summary>The default calendar, or the secondary calendar with this display name, of a seeded mailbox.</summary>
        private SandboxFolder SeededFolder(string mailbox, string? calendar)
        {
            var owner = mailboxes[mailbox];
            return calendar == null ? owner.Calendar : owner.Folders.Single(f => f.IsCalendar && f.DistinguishedName == null && f.DisplayName == calendar);
        }

        /// <summary>A delegate as Exchange keeps one: the record with its flags (and Send on Behalf), and its entry on the default calendar.</summary>
        private void SeedDelegate(SandboxMailbox mailbox, string address, string level, bool viewPrivateItems, bool receiveCopies)
        {
            var user = Directory.FindByAddress(address)!;
            lock (mailbox.DelegateGate)
            {
                AddDelegate(mailbox, user, record =>
                {
                    record.Levels["Calendar"] = level;
                    record.ViewPrivateItems = viewPrivateItems;
                    record.ReceiveCopiesOfMeetingMessages = receiveCopies;
                });
            }

            var entry = UserEntry(address, level);
            mailbox.Calendar.Seed(mailbox.Calendar.Read().Entries.Where(e => e.Key != entry.Key).Concat(new[] { entry }).ToList());
        }
    }
}
