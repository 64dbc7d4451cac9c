namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// The one place that says what a new delegate gets, whichever command creates it: Add-MailboxDelegate, or
    /// Set-CalendarShare with the role Delegate / DelegateCanViewPrivate (which is calendar Editor plus a delegate record).
    /// <para>
    /// Meeting copies are off unless asked for. That is what Exchange itself does when AddDelegate omits
    /// ReceiveCopiesOfMeetingMessages (the element is optional and defaults to false:
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/receivecopiesofmeetingmessages),
    /// and it is the only setting Exchange Online can honour: Graph has no per-delegate switch; where meeting
    /// messages go is the mailbox-wide delegateMeetingMessageDeliveryOptions
    /// (https://learn.microsoft.com/graph/api/resources/mailboxsettings). An admin scripting delegates therefore gets the
    /// same delegate on premises and online, and nobody's meeting requests start arriving in another inbox unasked;
    /// -ReceiveMeetingCopies and -MeetingRequestDelivery say so explicitly.
    /// </para>
    /// </summary>
    public static class DelegateDefaults
    {
        /// <summary>The calendar level of a new delegate (Outlook's delegate form: calendar Editor).</summary>
        public const DelegateFolderRole CalendarRole = DelegateFolderRole.Editor;

        /// <summary>Whether a new delegate receives copies of meeting messages.</summary>
        public const bool ReceiveMeetingCopies = false;

        /// <summary>Whether a new delegate sees private items (DelegateCanViewPrivate asks for it).</summary>
        public const bool ViewPrivateItems = false;

        /// <summary>A new delegate: calendar Editor, no other folder, no meeting copies, no private items.</summary>
        public static DelegateEntry NewDelegate(string address) => new DelegateEntry(address)
        {
            Calendar = CalendarRole,
            Tasks = DelegateFolderRole.None,
            Inbox = DelegateFolderRole.None,
            Contacts = DelegateFolderRole.None,
            Notes = DelegateFolderRole.None,
            Journal = DelegateFolderRole.None,
            ReceiveMeetingCopies = ReceiveMeetingCopies,
            ViewPrivateItems = ViewPrivateItems,
        };

        /// <summary>
        /// The delegate record a calendar delegate role asks for: an existing delegate keeps its other folder levels and
        /// meeting copies, only the calendar level (Editor) and private items change; a new one gets the defaults.
        /// </summary>
        public static DelegateEntry ForCalendarRole(string address, bool viewPrivateItems, DelegateEntry? existing)
        {
            var entry = existing?.Copy() ?? NewDelegate(address);
            entry.Calendar = DelegateFolderRole.Editor;
            entry.ViewPrivateItems = viewPrivateItems;
            return entry;
        }
    }
}
