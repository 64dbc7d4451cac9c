using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Roles
{
    /// <summary>
    /// The one role vocabulary (ARCHITECTURE.md section 3). Every spelling in any column is accepted,
    /// case-insensitive and ignoring spaces, hyphens and underscores; output uses <see cref="CalendarRole"/>.
    /// </summary>
    public static class RoleVocabulary
    {
        private static readonly List<KeyValuePair<string, CalendarRole>> Written = new List<KeyValuePair<string, CalendarRole>>();
        private static readonly Dictionary<string, CalendarRole> Spellings = Build();

        /// <summary>
        /// Every spelling input accepts for a role a user may ask for, as each API writes it (Reviewer, FreeBusyTimeOnly,
        /// freeBusyRead, …), ours first: what tab completion offers.
        /// </summary>
        public static IReadOnlyList<KeyValuePair<string, CalendarRole>> AcceptedSpellings =>
            Written.Where(w => GrantableRoles.Contains(w.Value)).ToList();

        /// <summary>The accepted spellings that start with what was typed, ignoring case, spaces, hyphens and underscores.</summary>
        public static IReadOnlyList<KeyValuePair<string, CalendarRole>> Complete(string? typed)
        {
            var prefix = Squash(typed ?? string.Empty);
            return AcceptedSpellings.Where(w => Squash(w.Key).StartsWith(prefix, StringComparison.Ordinal)).ToList();
        }

        /// <summary>The roles a user may ask for, in the order help and errors list them.</summary>
        public static IReadOnlyList<CalendarRole> GrantableRoles { get; } = new[]
        {
            CalendarRole.None, CalendarRole.AvailabilityOnly, CalendarRole.LimitedDetails, CalendarRole.Reviewer,
            CalendarRole.Contributor, CalendarRole.NoneditingAuthor, CalendarRole.Author, CalendarRole.PublishingAuthor,
            CalendarRole.Editor, CalendarRole.PublishingEditor, CalendarRole.Owner, CalendarRole.Delegate,
            CalendarRole.DelegateCanViewPrivate,
        };

        /// <summary>"None, AvailabilityOnly, LimitedDetails, …" for error messages.</summary>
        public static string ValidNames => string.Join(", ", GrantableRoles);

        public static bool TryParse(string? text, out CalendarRole role)
        {
            role = CalendarRole.None;
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            return Spellings.TryGetValue(Squash(text!), out role);
        }

        /// <summary>Parses a role or throws a FormatException that lists the valid names.</summary>
        public static CalendarRole Parse(string? text)
        {
            if (TryParse(text, out var role))
            {
                return role;
            }

            var shown = string.IsNullOrWhiteSpace(text) ? Texts.Error_InvalidRoleEmpty : $"'{text!.Trim()}'";
            throw new FormatException(Texts.Format(nameof(Texts.Error_InvalidRole), shown, ValidNames));
        }

        /// <summary>EWS CalendarPermissionLevel for the folder entry (delegate roles are Editor plus a delegate record).</summary>
        public static string ToEwsLevel(CalendarRole role)
        {
            switch (role)
            {
                case CalendarRole.AvailabilityOnly: return "FreeBusyTimeOnly";
                case CalendarRole.LimitedDetails: return "FreeBusyTimeAndSubjectAndLocation";
                case CalendarRole.Delegate:
                case CalendarRole.DelegateCanViewPrivate: return "Editor";
                default: return role.ToString();
            }
        }

        /// <summary>Maps an EWS CalendarPermissionLevel back; unknown values read as Custom.</summary>
        public static CalendarRole FromEwsLevel(string? level)
        {
            switch (level)
            {
                case "FreeBusyTimeOnly": return CalendarRole.AvailabilityOnly;
                case "FreeBusyTimeAndSubjectAndLocation": return CalendarRole.LimitedDetails;
                case "None": return CalendarRole.None;
                case "Reviewer": return CalendarRole.Reviewer;
                case "Author": return CalendarRole.Author;
                case "NoneditingAuthor": return CalendarRole.NoneditingAuthor;
                case "Contributor": return CalendarRole.Contributor;
                case "PublishingAuthor": return CalendarRole.PublishingAuthor;
                case "PublishingEditor": return CalendarRole.PublishingEditor;
                case "Editor": return CalendarRole.Editor;
                case "Owner": return CalendarRole.Owner;
                default: return CalendarRole.Custom;
            }
        }

        /// <summary>Graph calendarRoleType for a role, or null when Graph has no such role.</summary>
        public static string? ToGraphRole(CalendarRole role)
        {
            switch (role)
            {
                case CalendarRole.None: return "none";
                case CalendarRole.AvailabilityOnly: return "freeBusyRead";
                case CalendarRole.LimitedDetails: return "limitedRead";
                case CalendarRole.Reviewer: return "read";
                case CalendarRole.Editor: return "write";
                case CalendarRole.Delegate: return "delegateWithoutPrivateEventAccess";
                case CalendarRole.DelegateCanViewPrivate: return "delegateWithPrivateEventAccess";
                default: return null;
            }
        }

        /// <summary>Maps a Graph calendarRoleType back; "custom" and unknown values read as Custom.</summary>
        public static CalendarRole FromGraphRole(string? role) =>
            role != null && Spellings.TryGetValue(Squash(role), out var r) ? r : CalendarRole.Custom;

        private static string Squash(string text) =>
            new string(text.Trim().Where(c => c != ' ' && c != '-' && c != '_' && c != '/').ToArray()).ToLowerInvariant();

        private static Dictionary<string, CalendarRole> Build()
        {
            var map = new Dictionary<string, CalendarRole>();
            void Add(CalendarRole role, params string[] names)
            {
                map[Squash(role.ToString())] = role;
                Written.Add(new KeyValuePair<string, CalendarRole>(role.ToString(), role));
                foreach (var n in names)
                {
                    if (!map.ContainsKey(Squash(n)))
                    {
                        Written.Add(new KeyValuePair<string, CalendarRole>(n, role));
                    }

                    map[Squash(n)] = role;
                }
            }

            Add(CalendarRole.None, "none");
            Add(CalendarRole.AvailabilityOnly, "FreeBusyTimeOnly", "freeBusyRead");
            Add(CalendarRole.LimitedDetails, "FreeBusyTimeAndSubjectAndLocation", "limitedRead");
            Add(CalendarRole.Reviewer, "read");
            Add(CalendarRole.Author);
            Add(CalendarRole.NoneditingAuthor);
            Add(CalendarRole.Contributor);
            Add(CalendarRole.PublishingAuthor);
            Add(CalendarRole.PublishingEditor);
            Add(CalendarRole.Owner);
            Add(CalendarRole.Editor, "write");
            Add(CalendarRole.Delegate, "delegateWithoutPrivateEventAccess");
            Add(CalendarRole.DelegateCanViewPrivate, "delegateWithPrivateEventAccess", "DelegateWithPrivateAccess");
            Add(CalendarRole.Custom);
            return map;
        }
    }
}
