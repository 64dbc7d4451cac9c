using System;

namespace CalendarSharing
{
    /// <summary>
    /// What a connection can do. Each capability is one Core interface with an EWS part, an Exchange Online part
    /// (Graph or the admin API) and a sandbox part; a cmdlet asks its connection for the one it needs.
    /// </summary>
    [Flags]
    public enum ConnectionCapabilities
    {
        None = 0,

        /// <summary>Calendar folder permissions: Get-CalendarPermission, Set-/Remove-CalendarShare.</summary>
        Permissions = 1 << 0,

        /// <summary>Mailbox delegates: *-MailboxDelegate.</summary>
        Delegates = 1 << 1,

        /// <summary>Full Access, Send As, Send on Behalf: *-MailboxAccess.</summary>
        MailboxAccess = 1 << 2,

        /// <summary>Calendar events: *-CalendarEvent.</summary>
        Events = 1 << 3,

        /// <summary>Free/busy: Get-CalendarAvailability, Find-MeetingTime.</summary>
        Availability = 1 << 4,

        /// <summary>Incremental change reads and notifications (the sync engine).</summary>
        ChangeFeed = 1 << 5,

        /// <summary>The organisation's sharing policy: *-ExternalCalendarSharing, *-CalendarSharingPolicy.</summary>
        SharingPolicy = 1 << 6,

        /// <summary>Anonymous calendar publishing: Publish-/Unpublish-Calendar.</summary>
        Publishing = 1 << 7,

        /// <summary>Enumerating mailboxes and their calendars for org-wide reports: Get-CalendarAccessReport, Get-CalendarAccess.</summary>
        AccessReport = 1 << 8,

        /// <summary>A new connection to the same server signed in as another account: a sync profile's stored credential.</summary>
        SignInAs = 1 << 9,
        /// <summary>Who is in a group (EWS ExpandDL, Graph transitiveMemberOf): Get-CalendarAccess counts a user's group entries.</summary>
        GroupMembership = 1 << 10,
    }
}
