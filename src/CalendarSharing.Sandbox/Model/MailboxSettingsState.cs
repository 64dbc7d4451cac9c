using System;
using System.Collections.Generic;

namespace CalendarSharing.Sandbox.Model
{
    /// <summary>
    /// A mailbox's settings as Exchange keeps them (Graph's mailboxSettings; the delegate meeting delivery is the
    /// mailbox's DeliverMeetingRequests, shared with EWS). Guarded by the mailbox's DelegateGate.
    /// </summary>
    internal sealed class MailboxSettingsState
    {
        public string TimeZone { get; set; } = "Pacific Standard Time";

        public string Locale { get; set; } = "en-US";

        public string LanguageDisplayName { get; set; } = "English (United States)";

        public string DateFormat { get; set; } = "M/d/yyyy";

        public string TimeFormat { get; set; } = "h:mm tt";

        /// <summary>Graph id of the archive folder; null: none set.</summary>
        public string? ArchiveFolder { get; set; }

        /// <summary>dayOfWeek members, lower-case (monday …).</summary>
        public List<string> WorkingDays { get; set; } = new List<string> { "monday", "tuesday", "wednesday", "thursday", "friday" };

        public TimeSpan WorkingStart { get; set; } = TimeSpan.FromHours(8);

        public TimeSpan WorkingEnd { get; set; } = TimeSpan.FromHours(17);

        public string WorkingTimeZone { get; set; } = "Pacific Standard Time";

        /// <summary>automaticRepliesStatus: disabled, alwaysEnabled, scheduled.</summary>
        public string AutoReplyStatus { get; set; } = "disabled";

        /// <summary>externalAudienceScope: none, contactsOnly, all.</summary>
        public string AutoReplyExternalAudience { get; set; } = "all";

        public string AutoReplyInternalMessage { get; set; } = string.Empty;

        public string AutoReplyExternalMessage { get; set; } = string.Empty;

        /// <summary>dateTimeTimeZone of the scheduled window (dateTime as Graph writes it, and its time zone); null: none.</summary>
        public KeyValuePair<string, string>? AutoReplyStart { get; set; }

        public KeyValuePair<string, string>? AutoReplyEnd { get; set; }

        /// <summary>Seeds a mailbox's regional settings; working hours follow its time zone.</summary>
        public static MailboxSettingsState For(string timeZone, string locale, string languageName, string dateFormat, string timeFormat) =>
            new MailboxSettingsState
            {
                TimeZone = timeZone,
                WorkingTimeZone = timeZone,
                Locale = locale,
                LanguageDisplayName = languageName,
                DateFormat = dateFormat,
                TimeFormat = timeFormat,
            };
    }
}
