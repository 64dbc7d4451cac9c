using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Directory;

namespace CalendarSharing.Sandbox.Model
{
    /// <summary>A mailbox: its folder tree (root, the default calendar, secondary calendars) and its delegates.</summary>
    internal sealed class SandboxMailbox
    {
        private readonly Dictionary<string, SandboxFolder> folders = new Dictionary<string, SandboxFolder>(StringComparer.Ordinal);
        private readonly List<DelegateRecord> delegates = new List<DelegateRecord>();

        public SandboxMailbox(SandboxAccount account, string sid)
        {
            Account = account;
            Sid = sid;
            Root = Add(new SandboxFolder(this, "root", "Top of Information Store", "msgfolderroot", false, null));
            Calendar = Add(new SandboxFolder(this, "calendar", account.CalendarName, "calendar", true, Root));
        }

        public SandboxAccount Account { get; }

        public string Address => Account.Address;

        public string Sid { get; }

        public SandboxFolder Root { get; }

        public SandboxFolder Calendar { get; }

        /// <summary>Guards the delegate list and DeliverMeetingRequests.</summary>
        public object DelegateGate { get; } = new object();

        /// <summary>Exchange's default for a mailbox with delegates.</summary>
        public string DeliverMeetingRequests { get; set; } = "DelegatesAndSendInformationToMe";

        /// <summary>Time zone, working hours, language, automatic replies, formats (Graph mailboxSettings); lock <see cref="DelegateGate"/>.</summary>
        public MailboxSettingsState Settings { get; set; } = new MailboxSettingsState();

        /// <summary>The delegates; lock <see cref="DelegateGate"/> while using it.</summary>
        public List<DelegateRecord> Delegates => delegates;

        public IEnumerable<SandboxFolder> Folders => folders.Values;

        /// <summary>Full Access, Send As and Send on Behalf (kept outside the folders, as Exchange does).</summary>
        public MailboxRights Rights { get; } = new MailboxRights();

        public SandboxFolder AddCalendar(string key, string displayName, SandboxFolder parent) =>
            Add(new SandboxFolder(this, key, displayName, null, true, parent));

        public SandboxFolder? FindByKey(string key) => folders.TryGetValue(key, out var folder) ? folder : null;

        public SandboxFolder? FindDistinguished(string name) =>
            folders.Values.FirstOrDefault(f => string.Equals(f.DistinguishedName, name, StringComparison.Ordinal));

        private SandboxFolder Add(SandboxFolder folder)
        {
            folders.Add(folder.Key, folder);
            return folder;
        }
    }

    /// <summary>A delegate of a mailbox, with the folder levels the delegate form stores.</summary>
    internal sealed class DelegateRecord
    {
        public static readonly string[] FolderNames = { "Calendar", "Tasks", "Inbox", "Contacts", "Notes", "Journal" };

        public DelegateRecord(DirectoryEntry user)
        {
            User = user;
            foreach (var name in FolderNames)
            {
                Levels[name] = "None";
            }
        }

        public DirectoryEntry User { get; }

        /// <summary>Delegate folder level per folder name (None|Editor|Reviewer|Author|Custom).</summary>
        public Dictionary<string, string> Levels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public bool ReceiveCopiesOfMeetingMessages { get; set; }

        public bool ViewPrivateItems { get; set; }
    }
}
