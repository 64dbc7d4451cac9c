using System.Collections.Generic;
using CalendarSharing.Core.Addressing;

namespace CalendarSharing.Core.Permissions
{
    /// <summary>One entry of a calendar's permission list, protocol-neutral.</summary>
    public sealed class PermissionEntry
    {
        public PermissionEntry(Principal principal, CalendarRole role, bool canViewPrivateItems = false, object? serverData = null)
        {
            Principal = principal;
            Role = role;
            CanViewPrivateItems = canViewPrivateItems;
            ServerData = serverData;
        }

        public Principal Principal { get; }

        /// <summary>The role; Delegate / DelegateCanViewPrivate when the principal is also a delegate.</summary>
        public CalendarRole Role { get; }

        public bool CanViewPrivateItems { get; }

        /// <summary>
        /// What the backend read for this entry (EWS: the exact flags). A backend writes an entry the plan
        /// did not touch back exactly as it read it, so custom entries survive a whole-set replacement.
        /// </summary>
        public object? ServerData { get; }

        public bool IsDelegate => Role == CalendarRole.Delegate || Role == CalendarRole.DelegateCanViewPrivate;

        public override string ToString() => $"{Principal} = {Role}";
    }

    /// <summary>A calendar's permissions as read, with the version the backend needs to write it back.</summary>
    public sealed class CalendarPermissionSet
    {
        public CalendarPermissionSet(CalendarAddress address, string mailbox, string calendarName, string calendarId, string? version, IReadOnlyList<PermissionEntry> entries)
        {
            Address = address;
            Mailbox = mailbox;
            CalendarName = calendarName;
            CalendarId = calendarId;
            Version = version;
            Entries = entries;
        }

        /// <summary>The address the caller asked for.</summary>
        public CalendarAddress Address { get; }

        /// <summary>The mailbox's primary SMTP address, as the server knows it.</summary>
        public string Mailbox { get; }

        /// <summary>The calendar's display name in the mailbox's language.</summary>
        public string CalendarName { get; }

        public string CalendarId { get; }

        /// <summary>Opaque version (EWS ChangeKey, Graph ETag).</summary>
        public string? Version { get; }

        public IReadOnlyList<PermissionEntry> Entries { get; }

        /// <summary>True when this is the mailbox's default calendar (delegate roles are allowed only here).</summary>
        public bool IsDefaultCalendar { get; set; } = true;

        /// <summary>
        /// True when the protocol shows delegate roles as entries and a delegate record is that entry (Graph); false when a
        /// delegate's entry reads as Editor and its record is kept apart (EWS GetDelegate).
        /// </summary>
        public bool DelegatesInEntries { get; set; }

        /// <summary>The same calendar with other entries and version.</summary>
        public CalendarPermissionSet With(IReadOnlyList<PermissionEntry> entries, string? version) =>
            new CalendarPermissionSet(Address, Mailbox, CalendarName, CalendarId, version, entries) { IsDefaultCalendar = IsDefaultCalendar, DelegatesInEntries = DelegatesInEntries };
    }

    /// <summary>One wanted change: a role for a principal (upsert), or null to remove the entry.</summary>
    public sealed class PermissionChange
    {
        public PermissionChange(Principal principal, CalendarRole? role, bool canViewPrivateItems = false)
        {
            Principal = principal;
            Role = role;
            CanViewPrivateItems = canViewPrivateItems;
        }

        public Principal Principal { get; }

        /// <summary>The wanted role; null removes the principal's entry.</summary>
        public CalendarRole? Role { get; }

        public bool CanViewPrivateItems { get; }

        public bool IsRemoval => Role is null;

        /// <summary>Send the principal a sharing invitation with the grant (Set-CalendarShare -SendInvitation).</summary>
        public bool SendInvitation { get; set; }

        public override string ToString() => IsRemoval ? $"remove {Principal}" : $"{Principal} = {Role}";
    }

    /// <summary>All changes wanted on one calendar; applied with one read and at most one write.</summary>
    public sealed class CalendarChangeSet
    {
        public CalendarChangeSet(CalendarAddress calendar, IReadOnlyList<PermissionChange> changes)
        {
            Calendar = calendar;
            Changes = changes;
        }

        public CalendarAddress Calendar { get; }

        public IReadOnlyList<PermissionChange> Changes { get; }
    }

    /// <summary>What one change did (or would do).</summary>
    public sealed class ChangeOutcome
    {
        public ChangeOutcome(ShareAction action, CalendarRole? previousRole, CalendarRole newRole, string? message = null)
        {
            Action = action;
            PreviousRole = previousRole;
            NewRole = newRole;
            Message = message;
        }

        public ShareAction Action { get; }

        public CalendarRole? PreviousRole { get; }

        public CalendarRole NewRole { get; }

        public string? Message { get; }

        /// <summary>Why a Failed outcome failed.</summary>
        public Backends.BackendErrorCode? ErrorCode { get; set; }

        /// <summary>True when the write sent the principal a sharing invitation.</summary>
        public bool InvitationSent { get; set; }

        public override string ToString() => $"{Action} {PreviousRole}->{NewRole}";
    }

    /// <summary>The result of applying one change set: the calendar as written, and one outcome per change.</summary>
    public sealed class CalendarChangeResult
    {
        public CalendarChangeResult(CalendarPermissionSet calendar, IReadOnlyList<ChangeOutcome> outcomes)
        {
            Calendar = calendar;
            Outcomes = outcomes;
        }

        public CalendarPermissionSet Calendar { get; }

        public IReadOnlyList<ChangeOutcome> Outcomes { get; }
    }
}
