using System.Collections.Generic;

namespace CalendarSharing.Sandbox
{
    /// <summary>One permission entry the default seed plants on a calendar.</summary>
    public sealed class SandboxSeededGrant
    {
        public SandboxSeededGrant(string mailbox, string? calendar, string principal, string level)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            Principal = principal;
            Level = level;
        }

        public string Mailbox { get; }

        /// <summary>A secondary calendar's display name; null = the mailbox's default calendar (whatever its language calls it).</summary>
        public string? Calendar { get; }

        /// <summary>"Default", "Anonymous" or an SMTP address (of the organisation, or outside it).</summary>
        public string Principal { get; }

        /// <summary>The EWS CalendarPermissionLevel (FreeBusyTimeOnly, Reviewer, …).</summary>
        public string Level { get; }

        public override string ToString() => Mailbox + "\\" + (Calendar ?? "(default)") + " " + Principal + "=" + Level;
    }

    /// <summary>A delegate the default seed plants (a folder entry on the default calendar plus the delegate record).</summary>
    public sealed class SandboxSeededDelegate
    {
        public SandboxSeededDelegate(string mailbox, string @delegate, string calendarLevel, bool viewPrivateItems, bool receiveCopiesOfMeetingMessages)
        {
            Mailbox = mailbox;
            Delegate = @delegate;
            CalendarLevel = calendarLevel;
            ViewPrivateItems = viewPrivateItems;
            ReceiveCopiesOfMeetingMessages = receiveCopiesOfMeetingMessages;
        }

        public string Mailbox { get; }

        public string Delegate { get; }

        /// <summary>The delegate form's calendar level (Editor, Reviewer, Author), also the calendar entry's level.</summary>
        public string CalendarLevel { get; }

        public bool ViewPrivateItems { get; }

        public bool ReceiveCopiesOfMeetingMessages { get; }
    }

    /// <summary>A calendar the default seed publishes (Set-MailboxCalendarFolder -PublishEnabled $true).</summary>
    public sealed class SandboxSeededPublication
    {
        public SandboxSeededPublication(string mailbox, string? calendar, PublishingDetailLevel detailLevel)
        {
            Mailbox = mailbox;
            Calendar = calendar;
            DetailLevel = detailLevel;
        }

        public string Mailbox { get; }

        /// <summary>A secondary calendar's display name; null = the default calendar.</summary>
        public string? Calendar { get; }

        public PublishingDetailLevel DetailLevel { get; }
    }

    /// <summary>A secondary calendar the default seed creates under a mailbox's default calendar.</summary>
    public sealed class SandboxSeededCalendar
    {
        public SandboxSeededCalendar(string mailbox, string key, string displayName)
        {
            Mailbox = mailbox;
            Key = key;
            DisplayName = displayName;
        }

        public string Mailbox { get; }

        /// <summary>The sandbox's folder key (calendar/…), which its folder ids encode.</summary>
        public string Key { get; }

        public string DisplayName { get; }
    }

    /// <summary>A group the default seed puts in the directory, with its direct members (users, contacts or other groups).</summary>
    public sealed class SandboxSeededGroup
    {
        public SandboxSeededGroup(string address, string displayName, bool securityEnabled, params string[] members)
        {
            Address = address;
            DisplayName = displayName;
            SecurityEnabled = securityEnabled;
            Members = members;
        }

        public string Address { get; }

        public string DisplayName { get; }

        /// <summary>
        /// A mail-enabled security group (it can hold folder permissions: Add-MailboxFolderPermission takes mail-enabled
        /// security principals, https://learn.microsoft.com/powershell/module/exchangepowershell/add-mailboxfolderpermission);
        /// false: a distribution group, which only receives mail.
        /// </summary>
        public bool SecurityEnabled { get; }

        /// <summary>Addresses of the direct members, in order.</summary>
        public IReadOnlyList<string> Members { get; }
    }

    /// <summary>
    /// What the default seed plants for calendar access, as data: SandboxOrganization.Seed applies exactly this, and tests
    /// derive the access report they expect from it (docs/design/contracts.md describes the same organisation). Every
    /// calendar of every mailbox also has Anonymous None unless a grant says otherwise; calendars of generated mailbox
    /// get Default FreeBusyTimeOnly (and, with SandboxOptions.GeneratedSharing, the spread of SandboxOrganization.LargeSeed).
    /// <para>
    /// The spread: Default on every default calendar (the room shows subject and location); internal grants (alice's
    /// calendar to carol as Reviewer, hans's Kalender to marie); a secondary calendar shared inside (alice's Team Events,
    /// bob as Editor); a delegate (hans handles the boardroom's bookings); the boardroom's free/busy for Anonymous (which
    /// EWS shows and Graph's calendarPermission does not); and shares outside the organisation, kept on secondary calendars
    /// in the mailbox's own language: carol's Customer Visits shared with partner@fabrikam.com as LimitedDetails (within
    /// the seeded sharing policy, which gives fabrikam.com free/busy with subject and location) and marie's Congés shared
    /// with the same partner as Reviewer (beyond it) and published to the web (the policy has no Anonymous entry: over it).
    /// </para>
    /// </summary>
    public static class SandboxSeed
    {
        /// <summary>alice's secondary calendar, shared inside the organisation.</summary>
        public const string TeamEvents = "Team Events";

        /// <summary>carol's secondary calendar (en-GB), shared with the partner within the sharing policy.</summary>
        public const string CustomerVisits = "Customer Visits";

        /// <summary>marie's secondary calendar (fr-FR), shared with the partner beyond the policy, and published.</summary>
        public const string Conges = "Congés";

        /// <summary>The seeded partner (a contact in the directory) of the external domain the sharing policy names.</summary>
        public const string Partner = "partner@" + SandboxOrganization.ExternalDomain;

        /// <summary>Secondary calendars the access seed creates (hans's Projekte comes from the events seed, with no grants).</summary>
        public static IReadOnlyList<SandboxSeededCalendar> SecondaryCalendars { get; } = new[]
        {
            new SandboxSeededCalendar("alice@contoso.com", "calendar/team-events", TeamEvents),
            new SandboxSeededCalendar("carol@contoso.com", "calendar/customer-visits", CustomerVisits),
            new SandboxSeededCalendar("marie@contoso.com", "calendar/conges", Conges),
        };

        /// <summary>Every seeded permission entry besides the delegates' (which <see cref="Delegates"/> lists), calendar by calendar, in the organisation's mailbox order.</summary>
        public static IReadOnlyList<SandboxSeededGrant> Grants { get; } = new[]
        {
            new SandboxSeededGrant("admin@contoso.com", null, "Default", "FreeBusyTimeOnly"),
            new SandboxSeededGrant("alice@contoso.com", null, "Default", "FreeBusyTimeOnly"),
            new SandboxSeededGrant("alice@contoso.com", null, "carol@contoso.com", "Reviewer"),
            new SandboxSeededGrant("alice@contoso.com", TeamEvents, "Default", "None"),
            new SandboxSeededGrant("alice@contoso.com", TeamEvents, "bob@contoso.com", "Editor"),
            new SandboxSeededGrant("bob@contoso.com", null, "Default", "FreeBusyTimeOnly"),
            new SandboxSeededGrant("carol@contoso.com", null, "Default", "FreeBusyTimeOnly"),
            new SandboxSeededGrant("carol@contoso.com", CustomerVisits, "Default", "None"),
            new SandboxSeededGrant("carol@contoso.com", CustomerVisits, Partner, "FreeBusyTimeAndSubjectAndLocation"),
            new SandboxSeededGrant("hans@contoso.com", null, "Default", "FreeBusyTimeOnly"),
            new SandboxSeededGrant("hans@contoso.com", null, "marie@contoso.com", "FreeBusyTimeAndSubjectAndLocation"),
            new SandboxSeededGrant("marie@contoso.com", null, "Default", "FreeBusyTimeAndSubjectAndLocation"),
            new SandboxSeededGrant("marie@contoso.com", Conges, "Default", "None"),
            new SandboxSeededGrant("marie@contoso.com", Conges, Partner, "Reviewer"),
            new SandboxSeededGrant("boardroom@contoso.com", null, "Default", "FreeBusyTimeAndSubjectAndLocation"),
            new SandboxSeededGrant("boardroom@contoso.com", null, "Anonymous", "FreeBusyTimeOnly"),
            new SandboxSeededGrant("bob@contoso.com", null, SalesTeam, "Reviewer"),
        };

        /// <summary>Seeded delegates: hans handles the boardroom's bookings (gets meeting copies, no private items).</summary>
        public static IReadOnlyList<SandboxSeededDelegate> Delegates { get; } = new[]
        {
            new SandboxSeededDelegate("boardroom@contoso.com", "hans@contoso.com", "Editor", viewPrivateItems: false, receiveCopiesOfMeetingMessages: true),
        };

        /// <summary>The mail-enabled security group bob's calendar is shared with (Reviewer): carol, and Sales EMEA nested in it.</summary>
        public const string SalesTeam = "sales@contoso.com";

        /// <summary>A mail-enabled security group nested in <see cref="SalesTeam"/>: hans (so he reaches bob's calendar through two groups).</summary>
        public const string SalesEmea = "sales-emea@contoso.com";

        /// <summary>A distribution group (not a security principal): everyone of the seed's people, and Sales Team nested.</summary>
        public const string AllStaff = "all-staff@contoso.com";

        /// <summary>
        /// Seeded groups: Sales Team (carol and the nested Sales EMEA), Sales EMEA (hans), and All Staff (alice, bob, marie
        /// and Sales Team) which nests back into nothing that holds a permission. Sales EMEA also lists Sales Team, so the
        /// nesting has a cycle (Exchange allows one; a reader must not loop on it).
        /// </summary>
        public static IReadOnlyList<SandboxSeededGroup> Groups { get; } = new[]
        {
            new SandboxSeededGroup(SalesTeam, "Sales Team", securityEnabled: true, "carol@contoso.com", SalesEmea),
            new SandboxSeededGroup(SalesEmea, "Sales EMEA", securityEnabled: true, "hans@contoso.com", SalesTeam),
            new SandboxSeededGroup(AllStaff, "All Staff", securityEnabled: false, "alice@contoso.com", "bob@contoso.com", "marie@contoso.com", SalesTeam),
        };

        /// <summary>Seeded publications: marie's Congés, free/busy only, for anyone holding the link.</summary>
        public static IReadOnlyList<SandboxSeededPublication> Publications { get; } = new[]
        {
            new SandboxSeededPublication("marie@contoso.com", Conges, PublishingDetailLevel.AvailabilityOnly),
        };
    }
}
