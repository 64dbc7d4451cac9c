using System;
using System.Collections.Generic;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Addressing
{
    /// <summary>
    /// A calendar named by mailbox plus an optional calendar (ARCHITECTURE.md section 4).
    /// The default calendar is always reached by its well-known id, never by its display name.
    /// </summary>
    public sealed class CalendarAddress : IEquatable<CalendarAddress>
    {
        // Display names Exchange gives the default calendar in the mailbox languages admins meet most.
        // Any of them after ":\" means the default calendar, whatever the mailbox's own language.
        private static readonly HashSet<string> DefaultCalendarNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Calendar", "Kalender", "Calendrier", "Agenda", "Calendario", "Calendário", "Kalenteri",
            "Naptár", "Kalendarz", "Kalendář", "Kalendár", "Takvim", "Календарь", "Календар", "Ημερολόγιο",
            "Calendar (This computer only)", "予定表", "일정", "日历", "行事曆", "לוח שנה", "التقويم",
        };

        private CalendarAddress(string mailbox, string? calendarName, string? folderId)
        {
            Mailbox = mailbox;
            CalendarName = calendarName;
            FolderId = folderId;
        }

        /// <summary>The mailbox as given (SMTP address or UPN), trimmed.</summary>
        public string Mailbox { get; }

        /// <summary>Display name of a secondary calendar; null for the default calendar.</summary>
        public string? CalendarName { get; }

        /// <summary>Server folder id of a secondary calendar, when the caller named it by id.</summary>
        public string? FolderId { get; }

        public bool IsDefaultCalendar => CalendarName is null && FolderId is null;

        /// <summary>Text for messages, ShouldProcess and error targets: "alice@contoso.com\Calendar".</summary>
        public string DisplayText => Mailbox + "\\" + (CalendarName ?? FolderId ?? "Calendar");

        /// <summary>The default calendar of a mailbox.</summary>
        public static CalendarAddress Default(string mailbox) => new CalendarAddress(ValidateMailbox(mailbox), null, null);

        /// <summary>A secondary calendar by server folder id.</summary>
        public static CalendarAddress ById(string mailbox, string folderId) => new CalendarAddress(ValidateMailbox(mailbox), null, folderId);

        /// <summary>True when the name is one of the default calendar's localised names.</summary>
        public static bool IsDefaultCalendarName(string name) => DefaultCalendarNames.Contains(name.Trim());

        /// <summary>
        /// Parses "mailbox", "mailbox:\Calendar", "mailbox:\Kalender", "mailbox:\Team Events", or a mailbox
        /// plus a separate -Calendar value. A calendar given both ways must agree.
        /// </summary>
        public static CalendarAddress Parse(string mailbox, string? calendar = null)
        {
            if (string.IsNullOrWhiteSpace(mailbox))
            {
                throw new FormatException(Texts.Error_MailboxEmptyWithCalendar);
            }

            var text = mailbox.Trim();
            string? fromPath = null;
            var sep = text.IndexOf(":\\", StringComparison.Ordinal);
            if (sep >= 0)
            {
                fromPath = text.Substring(sep + 2).Trim().TrimEnd('\\');
                text = text.Substring(0, sep).Trim();
            }

            var fromParameter = string.IsNullOrWhiteSpace(calendar) ? null : calendar!.Trim();
            if (fromPath != null && fromParameter != null && !SameCalendarName(fromPath, fromParameter))
            {
                throw new FormatException(Texts.Format(nameof(Texts.Error_CalendarNamedTwice), mailbox, fromPath, fromParameter));
            }

            var name = fromParameter ?? fromPath;
            ValidateMailbox(text);
            if (string.IsNullOrEmpty(name) || IsDefaultCalendarName(name!))
            {
                return new CalendarAddress(text, null, null);
            }

            return new CalendarAddress(text, name, null);
        }

        private static bool SameCalendarName(string a, string b) =>
            string.Equals(a, b, StringComparison.OrdinalIgnoreCase) || (IsDefaultCalendarName(a) && IsDefaultCalendarName(b));

        private static string ValidateMailbox(string mailbox)
        {
            var text = (mailbox ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                throw new FormatException(Texts.Error_MailboxEmpty);
            }

            if (text.IndexOfAny(new[] { ' ', '\t', '<', '>', '"', ';', ',' }) >= 0 && text.IndexOf('@') >= 0)
            {
                throw new FormatException(Texts.Format(nameof(Texts.Error_NotAMailboxAddress), text));
            }

            return text;
        }

        public bool Equals(CalendarAddress? other) =>
            other is not null
            && string.Equals(Mailbox, other.Mailbox, StringComparison.OrdinalIgnoreCase)
            && string.Equals(CalendarName, other.CalendarName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(FolderId, other.FolderId, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as CalendarAddress);

        public override int GetHashCode() =>
            StringComparer.OrdinalIgnoreCase.GetHashCode(Mailbox) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(CalendarName ?? string.Empty)
            ^ (FolderId ?? string.Empty).GetHashCode();

        public override string ToString() => DisplayText;
    }
}
