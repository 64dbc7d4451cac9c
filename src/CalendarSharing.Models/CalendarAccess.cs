using System;
using System.Collections.Generic;

namespace CalendarSharing
{
    /// <summary>How far outside the organisation a grant reaches.</summary>
    public enum AccessExposure
    {
        /// <summary>A user, group or Default of the organisation.</summary>
        Internal,

        /// <summary>A user or domain outside the organisation (sharing policy, organisation relationship, published-user entry).</summary>
        External,

        /// <summary>The Anonymous entry grants something.</summary>
        Anonymous,

        /// <summary>The calendar is published to anonymous URLs.</summary>
        Published,
    }

    /// <summary>How a viewer reaches a calendar.</summary>
    public enum AccessPath
    {
        /// <summary>Their own entry in the folder's permissions.</summary>
        FolderEntry,

        /// <summary>The Default entry (everyone in the organisation without their own).</summary>
        Default,

        /// <summary>The Anonymous entry.</summary>
        Anonymous,

        /// <summary>A delegate of the mailbox.</summary>
        Delegate,

        /// <summary>A group they belong to has an entry (where the protocol shows membership).</summary>
        Group,

        /// <summary>Full Access to the mailbox.</summary>
        FullAccess,

        /// <summary>The calendar's anonymous publishing URL.</summary>
        Publishing,
    }

    /// <summary>
    /// One row of the organisation-wide access report: one grant on one calendar, or (Error set) one mailbox or calendar
    /// that could not be read, never a silent gap.
    /// </summary>
    public sealed class CalendarAccessRow
    {
        public CalendarAccessRow(string mailbox, string calendar)
        {
            Mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
            Calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
        }

        /// <summary>The calendar's owner (SMTP).</summary>
        public string Mailbox { get; }

        /// <summary>The calendar's name as the mailbox has it (any language).</summary>
        public string Calendar { get; }

        public string? CalendarId { get; set; }

        public bool IsDefaultCalendar { get; set; } = true;

        /// <summary>Who is granted: an address, "Default", "Anonymous", or the publishing URL's kind ("Published").</summary>
        public string? Principal { get; set; }

        public string? PrincipalDisplayName { get; set; }

        public PrincipalKind? PrincipalKind { get; set; }

        public AccessPath Path { get; set; }

        public AccessExposure Exposure { get; set; }

        public CalendarRole? Role { get; set; }

        public bool CanViewPrivateItems { get; set; }

        /// <summary>Delegates: whether meeting requests go to them (DelegatesOnly/DelegatesAndMe/DelegatesAndSendInformationToMe).</summary>
        public bool? ReceivesMeetingRequests { get; set; }

        /// <summary>Published calendars: the detail level and the URLs' presence (never the URLs' secret part).</summary>
        public string? PublishedDetail { get; set; }

        /// <summary>The external principal's domain, for External rows.</summary>
        public string? Domain { get; set; }

        /// <summary>The highest role the sharing policy in force allows this principal (External/Anonymous rows).</summary>
        public CalendarRole? PolicyLimit { get; set; }

        /// <summary>True when the grant goes beyond the sharing policy in force.</summary>
        public bool OverPolicy { get; set; }

        /// <summary>The sharing policy compared with.</summary>
        public string? Policy { get; set; }

        /// <summary>
        /// The reverse view (Get-CalendarAccess): what the access goes through when it is not the user's own entry: the group
        /// whose entry it is, "Default", the delegate entry, Full Access. Null for the scan's own rows.
        /// </summary>
        public string? Via { get; set; }

        /// <summary>Set when the mailbox or calendar could not be read: the stable error id.</summary>
        public string? ErrorId { get; set; }

        /// <summary>Why it could not be read, and what to do.</summary>
        public string? Error { get; set; }

        public override string ToString() => Error != null ? $"{Mailbox}\\{Calendar}: {ErrorId}" : $"{Mailbox}\\{Calendar}: {Principal} = {Role}";
    }

    /// <summary>One link of the chain that explains an effective access (Test-CalendarSharing).</summary>
    public sealed class AccessReason
    {
        public AccessReason(string step, string text)
        {
            Step = step;
            Text = text;
        }

        /// <summary>FolderEntry, Default, Anonymous, SharingPolicy, OrganizationRelationship, Publishing, Delegate, FullAccess...</summary>
        public string Step { get; }

        /// <summary>What this step found, in words.</summary>
        public string Text { get; }

        /// <summary>The role this step allows (null = this step does not cap or grant).</summary>
        public CalendarRole? Role { get; set; }

        public override string ToString() => $"{Step}: {Text}";
    }

    /// <summary>What a viewer can see of a calendar, and why (Test-CalendarSharing).</summary>
    public sealed class CalendarAccessExplanation
    {
        public CalendarAccessExplanation(string owner, string calendar, string viewer)
        {
            Owner = owner;
            Calendar = calendar;
            Viewer = viewer;
        }

        public string Owner { get; }

        public string Calendar { get; }

        public string Viewer { get; }

        /// <summary>The role in effect after every cap.</summary>
        public CalendarRole EffectiveRole { get; set; }

        public AccessExposure Exposure { get; set; }

        /// <summary>The step that gives the effective role (FolderEntry, Default, Anonymous, OrganizationRelationship, Publishing, FullAccess, Owner).</summary>
        public string? Through { get; set; }

        /// <summary>The chain of reasons, in order.</summary>
        public IList<AccessReason> Reasons { get; } = new List<AccessReason>();

        public override string ToString() => $"{Viewer} on {Owner}\\{Calendar}: {EffectiveRole}";
    }
}
