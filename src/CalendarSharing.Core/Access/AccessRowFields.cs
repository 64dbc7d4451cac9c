using System;
using System.Collections.Generic;
using System.Globalization;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// The columns of a <see cref="CalendarAccessRow"/> as text, by name: one list for the resume file and for a report
    /// exported with Export-Csv, so a saved scan of either kind reads back into the same rows.
    /// </summary>
    public static class AccessRowFields
    {
        /// <summary>Every column, in the order the resume file writes them.</summary>
        public static IReadOnlyList<string> Names { get; } = new[]
        {
            "Mailbox", "Calendar", "CalendarId", "IsDefaultCalendar", "Principal", "PrincipalDisplayName", "PrincipalKind", "Path",
            "Exposure", "Role", "CanViewPrivateItems", "ReceivesMeetingRequests", "PublishedDetail", "Domain", "PolicyLimit",
            "OverPolicy", "Policy", "ErrorId", "Error", "Via",
        };

        public static IReadOnlyList<string?> ToFields(CalendarAccessRow r) => new[]
        {
            r.Mailbox, r.Calendar, r.CalendarId, Bool(r.IsDefaultCalendar), r.Principal, r.PrincipalDisplayName, r.PrincipalKind?.ToString(), r.Path.ToString(),
            r.Exposure.ToString(), r.Role?.ToString(), Bool(r.CanViewPrivateItems), r.ReceivesMeetingRequests is bool b ? Bool(b) : null, r.PublishedDetail, r.Domain, r.PolicyLimit?.ToString(),
            Bool(r.OverPolicy), r.Policy, r.ErrorId, r.Error, r.Via,
        };

        /// <summary>A row from its columns by name (missing columns keep the row's defaults).</summary>
        /// <exception cref="FormatException">No mailbox or calendar, or a value that is not one of its column's.</exception>
        public static CalendarAccessRow FromFields(Func<string, string?> field)
        {
            var mailbox = Empty(field("Mailbox")) ?? throw new FormatException("The row has no Mailbox.");
            var row = new CalendarAccessRow(mailbox, Empty(field("Calendar")) ?? "Calendar")
            {
                CalendarId = Empty(field("CalendarId")),
                IsDefaultCalendar = ParseBool(field("IsDefaultCalendar")) ?? true,
                Principal = Empty(field("Principal")),
                PrincipalDisplayName = Empty(field("PrincipalDisplayName")),
                PrincipalKind = ParseEnum<PrincipalKind>(field("PrincipalKind")),
                Path = ParseEnum<AccessPath>(field("Path")) ?? AccessPath.FolderEntry,
                Exposure = ParseEnum<AccessExposure>(field("Exposure")) ?? AccessExposure.Internal,
                Role = ParseEnum<CalendarRole>(field("Role")),
                CanViewPrivateItems = ParseBool(field("CanViewPrivateItems")) ?? false,
                ReceivesMeetingRequests = ParseBool(field("ReceivesMeetingRequests")),
                PublishedDetail = Empty(field("PublishedDetail")),
                Domain = Empty(field("Domain")),
                PolicyLimit = ParseEnum<CalendarRole>(field("PolicyLimit")),
                OverPolicy = ParseBool(field("OverPolicy")) ?? false,
                Policy = Empty(field("Policy")),
                ErrorId = Empty(field("ErrorId")),
                Error = Empty(field("Error")),
                Via = Empty(field("Via")),
            };
            return row;
        }

        private static string Bool(bool value) => value ? "True" : "False";

        private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

        private static bool? ParseBool(string? text)
        {
            var t = (text ?? string.Empty).Trim();
            if (t.Length == 0)
            {
                return null;
            }

            if (bool.TryParse(t, out var b))
            {
                return b;
            }

            throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not True or False.", t));
        }

        private static T? ParseEnum<T>(string? text)
            where T : struct
        {
            var t = (text ?? string.Empty).Trim();
            if (t.Length == 0)
            {
                return null;
            }

            if (Enum.TryParse<T>(t, ignoreCase: true, out var value) && Enum.IsDefined(typeof(T), value))
            {
                return value;
            }

            throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not a {1}.", t, typeof(T).Name));
        }
    }
}
