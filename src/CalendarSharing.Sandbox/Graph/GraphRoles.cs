using System;
using System.Linq;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>
    /// calendarRoleType (https://learn.microsoft.com/graph/api/resources/calendarpermission) against the sandbox's one
    /// ACL model, per ARCHITECTURE.md section 3: none = None, freeBusyRead = FreeBusyTimeOnly, limitedRead =
    /// FreeBusyTimeAndSubjectAndLocation, read = Reviewer, write = Editor, delegate* = Editor plus a delegate record
    /// (ViewPrivateItems for WithPrivate), custom otherwise.
    /// </summary>
    internal static class GraphRoles
    {
        public const string None = "none";
        public const string FreeBusyRead = "freeBusyRead";
        public const string LimitedRead = "limitedRead";
        public const string Read = "read";
        public const string Write = "write";
        public const string DelegateWithoutPrivate = "delegateWithoutPrivateEventAccess";
        public const string DelegateWithPrivate = "delegateWithPrivateEventAccess";
        public const string Custom = "custom";

        public static readonly string[] All = { None, FreeBusyRead, LimitedRead, Read, Write, DelegateWithoutPrivate, DelegateWithPrivate, Custom };

        /// <summary>
        /// "My Organization": none up to write (https://learn.microsoft.com/graph/api/resources/calendarpermission).
        /// </summary>
        public static readonly string[] ForDefault = { None, FreeBusyRead, LimitedRead, Read, Write };

        /// <summary>An internal user on the primary calendar: up to the delegate roles.</summary>
        public static readonly string[] ForInternalPrimary = { FreeBusyRead, LimitedRead, Read, Write, DelegateWithoutPrivate, DelegateWithPrivate };

        /// <summary>An internal user on a secondary calendar: delegation applies to the primary calendar only.</summary>
        public static readonly string[] ForInternalSecondary = { FreeBusyRead, LimitedRead, Read, Write };

        /// <summary>People outside the organisation top out at read.</summary>
        public static readonly string[] ForExternal = { FreeBusyRead, LimitedRead, Read };

        /// <summary>
        /// The member name in its camelCase form (input is case-insensitive, the sandbox's own choice: Graph's doc
        /// examples send PascalCase enum members), or null.
        /// </summary>
        public static string? Parse(string? value) =>
            value == null ? null : All.FirstOrDefault(r => string.Equals(r, value.Trim(), StringComparison.OrdinalIgnoreCase));

        public static string[] Allowed(PrincipalType type, bool primaryCalendar)
        {
            switch (type)
            {
                case PrincipalType.Default:
                    return ForDefault;
                case PrincipalType.External:
                    return ForExternal;
                default:
                    return primaryCalendar ? ForInternalPrimary : ForInternalSecondary;
            }
        }

        public static bool IsDelegate(string role) => role == DelegateWithoutPrivate || role == DelegateWithPrivate;

        /// <summary>The role an ACL level reads as (delegate roles need the delegate record too, see the caller).</summary>
        public static string FromLevel(string level)
        {
            switch (level)
            {
                case "None":
                    return None;
                case "FreeBusyTimeOnly":
                    return FreeBusyRead;
                case "FreeBusyTimeAndSubjectAndLocation":
                    return LimitedRead;
                case "Reviewer":
                    return Read;
                case "Editor":
                    return Write;
                default:
                    return Custom;
            }
        }

        /// <summary>The ACL level a role writes (Editor for the delegate roles).</summary>
        public static string LevelOf(string role)
        {
            switch (role)
            {
                case None:
                    return "None";
                case FreeBusyRead:
                    return "FreeBusyTimeOnly";
                case LimitedRead:
                    return "FreeBusyTimeAndSubjectAndLocation";
                case Read:
                    return "Reviewer";
                case Write:
                case DelegateWithoutPrivate:
                case DelegateWithPrivate:
                    return "Editor";
                default:
                    throw new ArgumentException("No level for role " + role, nameof(role));
            }
        }
    }
}
