using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// mailboxSettings of Graph v1.0 (https://learn.microsoft.com/graph/api/resources/mailboxsettings) over a mailbox's
    /// <see cref="MailboxSettingsState"/>: writing the whole or one property, and PATCH
    /// (https://learn.microsoft.com/graph/api/user-update-mailboxsettings): the properties sent are validated first,
    /// then stored together; complex values are merged member by member (OData PATCH semantics); the answer carries
    /// only what was updated. userPurpose is read-only.
    /// </summary>
    internal static class MailboxSettingsJson
    {
        public static readonly string[] Properties =
        {
            "archiveFolder", "automaticRepliesSetting", "dateFormat", "delegateMeetingMessageDeliveryOptions", "language", "timeFormat",
            "timeZone", "userPurpose", "workingHours",
        };

        private static readonly string[] Days = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

        private static readonly string[] ReplyStatuses = { "disabled", "alwaysEnabled", "scheduled" };

        private static readonly string[] Audiences = { "none", "contactsOnly", "all" };

        /// <summary>
        /// Windows time zone ids the sandbox knows without asking the operating system (Exchange stores Windows ids;
        /// IANA names are accepted on write and kept as sent, https://learn.microsoft.com/graph/api/resources/mailboxsettings).
        /// </summary>
        private static readonly string[] WindowsZones =
        {
            "UTC", "GMT Standard Time", "Greenwich Standard Time", "W. Europe Standard Time", "Romance Standard Time", "Central Europe Standard Time",
            "Central European Standard Time", "E. Europe Standard Time", "FLE Standard Time", "GTB Standard Time", "Russian Standard Time",
            "Pacific Standard Time", "Mountain Standard Time", "US Mountain Standard Time", "Central Standard Time", "Eastern Standard Time",
            "Atlantic Standard Time", "Alaskan Standard Time", "Hawaiian Standard Time", "Tokyo Standard Time", "China Standard Time",
            "India Standard Time", "Singapore Standard Time", "AUS Eastern Standard Time", "New Zealand Standard Time", "South Africa Standard Time",
            "E. South America Standard Time", "Arabian Standard Time", "Israel Standard Time", "Turkey Standard Time",
        };

        /// <summary>Languages the sandbox names (localeInfo.displayName is the language's own name, as Outlook shows it).</summary>
        private static readonly Dictionary<string, string> Languages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["en-US"] = "English (United States)", ["en-GB"] = "English (United Kingdom)", ["de-DE"] = "Deutsch (Deutschland)",
            ["de-CH"] = "Deutsch (Schweiz)", ["de-AT"] = "Deutsch (Österreich)", ["fr-FR"] = "français (France)", ["fr-CA"] = "français (Canada)",
            ["es-ES"] = "español (España)", ["it-IT"] = "italiano (Italia)", ["nl-NL"] = "Nederlands (Nederland)", ["pt-BR"] = "português (Brasil)",
            ["sv-SE"] = "svenska (Sverige)", ["da-DK"] = "dansk (Danmark)", ["nb-NO"] = "norsk bokmål (Norge)", ["fi-FI"] = "suomi (Suomi)",
            ["pl-PL"] = "polski (Polska)", ["ja-JP"] = "日本語 (日本)", ["zh-CN"] = "中文(中国)",
        };

        /// <summary>The property's name as the metadata spells it, or null when mailboxSettings has none such.</summary>
        public static string? Canonical(string name) => Properties.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));

        public static void WriteAll(Utf8JsonWriter w, SandboxMailbox mailbox, string context)
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            foreach (var property in Properties)
            {
                w.WritePropertyName(property);
                WriteValue(w, mailbox, property);
            }

            w.WriteEndObject();
        }

        /// <summary>GET …/mailboxSettings/{property}: a complex value as an object, a primitive one as {"value":…}.</summary>
        public static void WriteOne(Utf8JsonWriter w, SandboxMailbox mailbox, string property, string context)
        {
            if (property == "workingHours" || property == "automaticRepliesSetting" || property == "language")
            {
                using (var document = JsonDocument.Parse(GraphJson.Write(x => WriteValue(x, mailbox, property))))
                {
                    w.WriteStartObject();
                    w.WriteString("@odata.context", context);
                    foreach (var member in document.RootElement.EnumerateObject())
                    {
                        member.WriteTo(w);
                    }

                    w.WriteEndObject();
                }

                return;
            }

            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WritePropertyName("value");
            WriteValue(w, mailbox, property);
            w.WriteEndObject();
        }

        /// <summary>Validates every property sent, then applies them all; returns the names updated, in the order sent.</summary>
        public static List<string> Patch(SandboxMailbox mailbox, JsonElement body)
        {
            var changes = new List<Action<MailboxSettingsState>>();
            var updated = new List<string>();
            string? delivery = null;
            var s = mailbox.Settings;
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name.StartsWith("@", StringComparison.Ordinal))
                {
                    continue;
                }

                var name = Properties.FirstOrDefault(p => p == property.Name) ?? throw GraphException.BadRequest("RequestBodyRead",
                    "The property '" + property.Name + "' does not exist on type 'microsoft.graph.mailboxSettings'. Make sure to only use property names that are defined by the type or mark the type as open type.");
                var value = property.Value;
                switch (name)
                {
                    case "timeZone":
                        var zone = TimeZone(value, "timeZone");
                        changes.Add(x => x.TimeZone = zone);
                        break;
                    case "dateFormat":
                        var date = Format(value, "dateFormat", "dMy");
                        changes.Add(x => x.DateFormat = date);
                        break;
                    case "timeFormat":
                        var time = Format(value, "timeFormat", "hHmst");
                        changes.Add(x => x.TimeFormat = time);
                        break;
                    case "language":
                        var (locale, display) = Language(value);
                        changes.Add(x =>
                        {
                            x.Locale = locale;
                            x.LanguageDisplayName = display;
                        });
                        break;
                    case "workingHours":
                        changes.Add(WorkingHours(value, s));
                        break;
                    case "automaticRepliesSetting":
                        changes.Add(AutomaticReplies(value, s));
                        break;
                    case "delegateMeetingMessageDeliveryOptions":
                        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                        delivery = DeliveryFromGraph(text) ?? throw CannotConvert(text ?? value.GetRawText(), "microsoft.graph.delegateMeetingMessageDeliveryOptions");
                        break;
                    case "archiveFolder":
                        var folder = ArchiveFolder(value, mailbox);
                        changes.Add(x => x.ArchiveFolder = folder);
                        break;
                    default:
                        // userPurpose: what the mailbox is (user, room, …) is set by Exchange, not by the settings. [Choice: code]
                        throw GraphException.BadRequest("ErrorInvalidProperty", "The property '" + name + "' of mailboxSettings is read-only.");
                }

                updated.Add(name);
            }

            foreach (var change in changes)
            {
                change(s);
            }

            if (delivery != null)
            {
                mailbox.DeliverMeetingRequests = delivery;
            }

            return updated;
        }

        public static void WriteValue(Utf8JsonWriter w, SandboxMailbox mailbox, string property)
        {
            var s = mailbox.Settings;
            switch (property)
            {
                case "archiveFolder":
                    if (s.ArchiveFolder == null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        w.WriteStringValue(s.ArchiveFolder);
                    }

                    break;
                case "timeZone":
                    w.WriteStringValue(s.TimeZone);
                    break;
                case "dateFormat":
                    w.WriteStringValue(s.DateFormat);
                    break;
                case "timeFormat":
                    w.WriteStringValue(s.TimeFormat);
                    break;
                case "userPurpose":
                    w.WriteStringValue(mailbox.Account.Kind == SandboxMailboxKind.Room ? "room" : "user");
                    break;
                case "delegateMeetingMessageDeliveryOptions":
                    w.WriteStringValue(DeliveryToGraph(mailbox.DeliverMeetingRequests));
                    break;
                case "language":
                    w.WriteStartObject();
                    w.WriteString("locale", s.Locale);
                    w.WriteString("displayName", s.LanguageDisplayName);
                    w.WriteEndObject();
                    break;
                case "workingHours":
                    w.WriteStartObject();
                    w.WriteStartArray("daysOfWeek");
                    foreach (var day in Days.Where(d => s.WorkingDays.Contains(d)))
                    {
                        w.WriteStringValue(day);
                    }

                    w.WriteEndArray();
                    w.WriteString("startTime", TimeOfDay(s.WorkingStart));
                    w.WriteString("endTime", TimeOfDay(s.WorkingEnd));
                    w.WriteStartObject("timeZone");
                    w.WriteString("name", s.WorkingTimeZone);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                default: // automaticRepliesSetting
                    w.WriteStartObject();
                    w.WriteString("status", s.AutoReplyStatus);
                    w.WriteString("externalAudience", s.AutoReplyExternalAudience);
                    w.WriteString("internalReplyMessage", s.AutoReplyInternalMessage);
                    w.WriteString("externalReplyMessage", s.AutoReplyExternalMessage);
                    WriteDateTime(w, "scheduledStartDateTime", s.AutoReplyStart);
                    WriteDateTime(w, "scheduledEndDateTime", s.AutoReplyEnd);
                    w.WriteEndObject();
                    break;
            }
        }

        // EWS DeliverMeetingRequests <-> Graph delegateMeetingMessageDeliveryOptions. NoForward has no Graph value;
        // Graph reads it as the default (sendToDelegateOnly is what the concept page calls the default) [Choice].
        public static string DeliveryToGraph(string ews)
        {
            switch (ews)
            {
                case "DelegatesAndSendInformationToMe":
                    return "sendToDelegateAndInformationToPrincipal";
                case "DelegatesAndMe":
                    return "sendToDelegateAndPrincipal";
                default:
                    return "sendToDelegateOnly";
            }
        }

        private static string? DeliveryFromGraph(string? graph)
        {
            switch (graph?.ToLowerInvariant())
            {
                case "sendtodelegateandinformationtoprincipal":
                    return "DelegatesAndSendInformationToMe";
                case "sendtodelegateandprincipal":
                    return "DelegatesAndMe";
                case "sendtodelegateonly":
                    return "DelegatesOnly";
                default:
                    return null;
            }
        }

        private static void WriteDateTime(Utf8JsonWriter w, string name, KeyValuePair<string, string>? value)
        {
            if (value == null)
            {
                w.WriteNull(name);
                return;
            }

            w.WriteStartObject(name);
            w.WriteString("dateTime", value.Value.Key);
            w.WriteString("timeZone", value.Value.Value);
            w.WriteEndObject();
        }

        // Edm.TimeOfDay as Exchange writes it: 08:00:00.0000000.
        private static string TimeOfDay(TimeSpan t) => t.ToString(@"hh\:mm\:ss\.fffffff", CultureInfo.InvariantCulture);

        private static Action<MailboxSettingsState> WorkingHours(JsonElement value, MailboxSettingsState current)
        {
            var o = Object(value, "microsoft.graph.workingHours");
            List<string>? days = null;
            TimeSpan? start = null, end = null;
            string? zone = null;
            foreach (var member in o.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "daysOfWeek":
                        if (member.Value.ValueKind != JsonValueKind.Array)
                        {
                            throw CannotConvert(member.Value.GetRawText(), "Collection(microsoft.graph.dayOfWeek)");
                        }

                        days = new List<string>();
                        foreach (var day in member.Value.EnumerateArray())
                        {
                            var text = day.ValueKind == JsonValueKind.String ? day.GetString() : null;
                            var known = Days.FirstOrDefault(d => string.Equals(d, text, StringComparison.OrdinalIgnoreCase))
                                ?? throw GraphException.BadRequest("InvalidArguments", "'" + (text ?? day.GetRawText()) + "' is not a valid day of the week.");
                            if (!days.Contains(known))
                            {
                                days.Add(known);
                            }
                        }

                        break;
                    case "startTime":
                        start = ParseTimeOfDay(member.Value);
                        break;
                    case "endTime":
                        end = ParseTimeOfDay(member.Value);
                        break;
                    case "timeZone":
                        var tz = Object(member.Value, "microsoft.graph.timeZoneBase");
                        var type = GraphJson.String(tz, "@odata.type");
                        if (type != null && type.IndexOf("customTimeZone", StringComparison.OrdinalIgnoreCase) >= 0)
                        {
                            throw GraphException.BadRequest("InvalidTimeZone", "The sandbox models named time zones only, not microsoft.graph.customTimeZone.");
                        }

                        zone = tz.TryGetProperty("name", out var zoneName) ? TimeZone(zoneName, "workingHours.timeZone.name") : throw GraphException.BadRequest("InvalidTimeZone", "workingHours.timeZone needs a name.");
                        break;
                    default:
                        if (!member.Name.StartsWith("@", StringComparison.Ordinal))
                        {
                            throw NoSuchProperty(member.Name, "microsoft.graph.workingHours");
                        }

                        break;
                }
            }

            // Outlook's working hours end after they start on the same day.
            if ((start ?? current.WorkingStart) >= (end ?? current.WorkingEnd))
            {
                throw GraphException.BadRequest("ErrorInvalidTimeSettings", "The start time of the working hours must be before their end time.");
            }

            return x =>
            {
                x.WorkingDays = days ?? x.WorkingDays;
                x.WorkingStart = start ?? x.WorkingStart;
                x.WorkingEnd = end ?? x.WorkingEnd;
                x.WorkingTimeZone = zone ?? x.WorkingTimeZone;
            };
        }

        private static Action<MailboxSettingsState> AutomaticReplies(JsonElement value, MailboxSettingsState current)
        {
            var o = Object(value, "microsoft.graph.automaticRepliesSetting");
            string? status = null, audience = null, internalMessage = null, externalMessage = null;
            KeyValuePair<string, string>? start = null, end = null;
            foreach (var member in o.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "status":
                        status = Enum(member.Value, ReplyStatuses, "microsoft.graph.automaticRepliesStatus");
                        break;
                    case "externalAudience":
                        audience = Enum(member.Value, Audiences, "microsoft.graph.externalAudienceScope");
                        break;
                    case "internalReplyMessage":
                        internalMessage = Text(member.Value);
                        break;
                    case "externalReplyMessage":
                        externalMessage = Text(member.Value);
                        break;
                    case "scheduledStartDateTime":
                        start = DateTimeTimeZone(member.Value);
                        break;
                    case "scheduledEndDateTime":
                        end = DateTimeTimeZone(member.Value);
                        break;
                    default:
                        if (!member.Name.StartsWith("@", StringComparison.Ordinal))
                        {
                            throw NoSuchProperty(member.Name, "microsoft.graph.automaticRepliesSetting");
                        }

                        break;
                }
            }

            // A scheduled reply needs its window, start before end (compared when both use one time zone). [Choice: code]
            if ((status ?? current.AutoReplyStatus) == "scheduled")
            {
                var s = start ?? current.AutoReplyStart;
                var e = end ?? current.AutoReplyEnd;
                if (s == null || e == null)
                {
                    throw GraphException.BadRequest("ErrorInvalidTimeSettings", "Scheduled automatic replies need scheduledStartDateTime and scheduledEndDateTime.");
                }

                if (s.Value.Value == e.Value.Value && Parse(s.Value.Key) >= Parse(e.Value.Key))
                {
                    throw GraphException.BadRequest("ErrorInvalidTimeSettings", "The scheduled end of automatic replies must be after their start.");
                }
            }

            return x =>
            {
                x.AutoReplyStatus = status ?? x.AutoReplyStatus;
                x.AutoReplyExternalAudience = audience ?? x.AutoReplyExternalAudience;
                x.AutoReplyInternalMessage = internalMessage ?? x.AutoReplyInternalMessage;
                x.AutoReplyExternalMessage = externalMessage ?? x.AutoReplyExternalMessage;
                x.AutoReplyStart = start ?? x.AutoReplyStart;
                x.AutoReplyEnd = end ?? x.AutoReplyEnd;
            };
        }

        private static KeyValuePair<string, string> DateTimeTimeZone(JsonElement value)
        {
            var o = Object(value, "microsoft.graph.dateTimeTimeZone");
            var dateTime = GraphJson.String(o, "dateTime");
            if (dateTime == null || !DateTime.TryParse(dateTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                throw GraphException.BadRequest("RequestBodyRead", "dateTimeTimeZone.dateTime must be a date and time, e.g. 2026-03-02T09:00:00.");
            }

            var zone = o.TryGetProperty("timeZone", out var z) ? TimeZone(z, "dateTimeTimeZone.timeZone") : "UTC";
            return new KeyValuePair<string, string>(parsed.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture), zone);
        }

        private static DateTime Parse(string dateTime) => DateTime.Parse(dateTime, CultureInfo.InvariantCulture);

        private static TimeSpan ParseTimeOfDay(JsonElement value)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            // Edm.TimeOfDay: hh:mm[:ss[.fffffff]] (OData CSDL JSON / ABNF timeOfDayValue).
            var formats = new[] { @"hh\:mm", @"hh\:mm\:ss", @"hh\:mm\:ss\.FFFFFFF" };
            if (value.ValueKind != JsonValueKind.String || !TimeSpan.TryParseExact(text, formats, CultureInfo.InvariantCulture, out var time) || time >= TimeSpan.FromDays(1))
            {
                throw CannotConvert(text, "Edm.TimeOfDay");
            }

            return time;
        }

        private static (string Locale, string DisplayName) Language(JsonElement value)
        {
            var o = Object(value, "microsoft.graph.localeInfo");
            var locale = GraphJson.String(o, "locale")?.Trim();
            if (string.IsNullOrEmpty(locale))
            {
                throw GraphException.BadRequest("ErrorInvalidArgument", "language.locale is required.");
            }

            if (Languages.TryGetValue(locale!, out var display))
            {
                return (Languages.Keys.First(k => string.Equals(k, locale, StringComparison.OrdinalIgnoreCase)), display);
            }

            // [Choice] Only languages the sandbox names: it cannot tell a real locale from a made-up one otherwise.
            throw GraphException.BadRequest("ErrorInvalidArgument", "The locale '" + locale + "' is not supported. Supported: " + string.Join(", ", Languages.Keys) + ".");
        }

        private static string TimeZone(JsonElement value, string what)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                throw GraphException.BadRequest("InvalidTimeZone", what + " must be a time zone name.");
            }

            var windows = WindowsZones.FirstOrDefault(z => string.Equals(z, text, StringComparison.OrdinalIgnoreCase));
            if (windows != null)
            {
                return windows;
            }

            try
            {
                // IANA names (Europe/Berlin) and any other id the operating system knows.
                TimeZoneInfo.FindSystemTimeZoneById(text!);
                return text!;
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw GraphException.BadRequest("InvalidTimeZone", "'" + text + "' is not a valid time zone.");
            }
        }

        // Outlook offers date/time formats built from these pattern letters and separators. [Choice: the check]
        private static string Format(JsonElement value, string what, string letters)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
            if (string.IsNullOrWhiteSpace(text) || text!.Any(c => char.IsLetter(c) && letters.IndexOf(c) < 0) || !text.Any(c => letters.IndexOf(c) >= 0))
            {
                throw GraphException.BadRequest("ErrorInvalidArgument", "'" + (text ?? value.GetRawText()) + "' is not a valid " + what + ".");
            }

            return text!;
        }

        private static string? ArchiveFolder(JsonElement value, SandboxMailbox mailbox)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var id = value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
            if (!FolderIds.TryDecode(GraphIds.ToEws(id), out var address, out var key) ||
                !string.Equals(address, mailbox.Address, StringComparison.OrdinalIgnoreCase) || mailbox.FindByKey(key) == null)
            {
                throw GraphException.BadRequest("ErrorInvalidIdMalformed", "Id is malformed.");
            }

            return id;
        }

        private static string Enum(JsonElement value, string[] members, string type)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return members.FirstOrDefault(m => string.Equals(m, text, StringComparison.OrdinalIgnoreCase)) ?? throw CannotConvert(text ?? value.GetRawText(), type);
        }

        private static string Text(JsonElement value) =>
            value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ValueKind == JsonValueKind.Null ? string.Empty : throw CannotConvert(value.GetRawText(), "Edm.String");

        private static JsonElement Object(JsonElement value, string type) =>
            value.ValueKind == JsonValueKind.Object ? value : throw CannotConvert(value.GetRawText(), type);

        private static GraphException CannotConvert(string literal, string type) =>
            GraphException.BadRequest("RequestBodyRead", "Cannot convert the literal '" + literal + "' to the expected type '" + type + "'.");

        private static GraphException NoSuchProperty(string name, string type) =>
            GraphException.BadRequest("RequestBodyRead",
                "The property '" + name + "' does not exist on type '" + type + "'. Make sure to only use property names that are defined by the type or mark the type as open type.");
    }
}
