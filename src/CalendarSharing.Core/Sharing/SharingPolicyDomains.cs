using System;
using System.Collections.Generic;
using System.Linq;

namespace CalendarSharing.Core.Sharing
{
    /// <summary>
    /// A sharing policy's Domains list as values. Entries are 'Domain:Action,Action' (input may put spaces after the
    /// colon and commas; Get-SharingPolicy writes none). Domain is a domain (no implicit subdomains), * (every federated
    /// organisation) or Anonymous (anyone, through published links). The calendar actions are
    /// CalendarSharingFreeBusySimple, CalendarSharingFreeBusyDetail and CalendarSharingFreeBusyReviewer; every other
    /// action (ContactsSharing) is kept as it is.
    /// https://learn.microsoft.com/powershell/module/exchangepowershell/set-sharingpolicy
    /// </summary>
    public static class SharingPolicyDomains
    {
        public const string AllFederated = "*";
        public const string Anonymous = "Anonymous";
        public const string FreeBusySimple = "CalendarSharingFreeBusySimple";
        public const string FreeBusyDetail = "CalendarSharingFreeBusyDetail";
        public const string FreeBusyReviewer = "CalendarSharingFreeBusyReviewer";

        /// <summary>The calendar detail levels a sharing policy can allow, in order.</summary>
        public static IReadOnlyList<CalendarRole> Levels { get; } = new[] { CalendarRole.AvailabilityOnly, CalendarRole.LimitedDetails, CalendarRole.Reviewer };

        /// <summary>The action that allows <paramref name="level"/> (AvailabilityOnly → CalendarSharingFreeBusySimple, …).</summary>
        public static string ActionOf(CalendarRole level)
        {
            switch (level)
            {
                case CalendarRole.AvailabilityOnly: return FreeBusySimple;
                case CalendarRole.LimitedDetails: return FreeBusyDetail;
                case CalendarRole.Reviewer: return FreeBusyReviewer;
                default: throw new ArgumentOutOfRangeException(nameof(level), level, "A sharing policy allows AvailabilityOnly, LimitedDetails or Reviewer.");
            }
        }

        /// <summary>The level a calendar action allows, or null when the action is not a calendar one.</summary>
        public static CalendarRole? LevelOf(string action)
        {
            var a = (action ?? string.Empty).Trim();
            if (a.Equals(FreeBusySimple, StringComparison.OrdinalIgnoreCase))
            {
                return CalendarRole.AvailabilityOnly;
            }

            if (a.Equals(FreeBusyDetail, StringComparison.OrdinalIgnoreCase))
            {
                return CalendarRole.LimitedDetails;
            }

            if (a.Equals(FreeBusyReviewer, StringComparison.OrdinalIgnoreCase))
            {
                return CalendarRole.Reviewer;
            }

            return null;
        }

        /// <summary>Rank of a role against the policy levels: None 0, AvailabilityOnly 1, LimitedDetails 2, Reviewer 3, anything more 4.</summary>
        public static int Rank(CalendarRole role)
        {
            switch (role)
            {
                case CalendarRole.None: return 0;
                case CalendarRole.AvailabilityOnly: return 1;
                case CalendarRole.LimitedDetails: return 2;
                case CalendarRole.Reviewer: return 3;
                default: return 4;
            }
        }

        /// <summary>
        /// A detail level as the cmdlets take it: AvailabilityOnly, LimitedDetails, Reviewer (FullDetails means Reviewer),
        /// the EWS and Graph spellings of those roles, or the action names. Null when it is none of these.
        /// </summary>
        public static CalendarRole? ParseLevel(string? text)
        {
            var t = (text ?? string.Empty).Trim();
            if (t.Length == 0)
            {
                return null;
            }

            var fromAction = LevelOf(t);
            if (fromAction != null)
            {
                return fromAction;
            }

            if (t.Equals("FullDetails", StringComparison.OrdinalIgnoreCase))
            {
                return CalendarRole.Reviewer;
            }

            if (Roles.RoleVocabulary.TryParse(t, out var role) && Levels.Contains(role))
            {
                return role;
            }

            return null;
        }

        /// <summary>Parses one entry; null when it has no domain.</summary>
        public static SharingPolicyDomain? Parse(string? entry)
        {
            var text = (entry ?? string.Empty).Trim();
            var colon = text.IndexOf(':');
            var domain = (colon < 0 ? text : text.Substring(0, colon)).Trim();
            if (domain.Length == 0)
            {
                return null;
            }

            var actions = colon < 0
                ? new List<string>()
                : text.Substring(colon + 1).Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
            return Make(NormaliseDomain(domain), actions);
        }

        /// <summary>Every entry of a Domains value (a list, or one comma-joined text as some shells give it).</summary>
        public static IReadOnlyList<SharingPolicyDomain> ParseAll(IEnumerable<string>? entries) =>
            (entries ?? Array.Empty<string>()).Select(Parse).Where(e => e != null).Select(e => e!).ToList();

        /// <summary>The entry with the calendar action at <paramref name="level"/> (None: no calendar action), other actions kept in place.</summary>
        public static SharingPolicyDomain WithLevel(SharingPolicyDomain? entry, string domain, CalendarRole level)
        {
            var actions = new List<string>();
            var placed = false;
            foreach (var action in entry?.Actions ?? Array.Empty<string>())
            {
                if (LevelOf(action) == null)
                {
                    actions.Add(action);
                }
                else if (!placed && level != CalendarRole.None)
                {
                    actions.Add(ActionOf(level));
                    placed = true;
                }
            }

            if (!placed && level != CalendarRole.None)
            {
                actions.Insert(0, ActionOf(level));
            }

            return Make(entry?.Domain ?? NormaliseDomain(domain), actions);
        }

        /// <summary>
        /// The whole list with <paramref name="domain"/>'s calendar level set (None removes its calendar action, and the
        /// entry when nothing is left). Every other entry, and the entry's other actions, stay as they were, in order.
        /// </summary>
        public static IReadOnlyList<SharingPolicyDomain> Change(IReadOnlyList<SharingPolicyDomain> entries, string domain, CalendarRole level)
        {
            var result = new List<SharingPolicyDomain>();
            var found = false;
            foreach (var e in entries)
            {
                if (!SameDomain(e.Domain, domain))
                {
                    result.Add(e);
                    continue;
                }

                if (found)
                {
                    // Exchange keeps one entry per domain; a second one folds into the first.
                    continue;
                }

                found = true;
                var changed = WithLevel(e, domain, level);
                if (changed.Actions.Count > 0)
                {
                    result.Add(changed);
                }
            }

            if (!found && level != CalendarRole.None)
            {
                result.Add(WithLevel(null, domain, level));
            }

            return result;
        }

        /// <summary>The entry for exactly this domain (no implicit subdomains), or null.</summary>
        public static SharingPolicyDomain? Find(IEnumerable<SharingPolicyDomain> entries, string domain) =>
            entries.FirstOrDefault(e => SameDomain(e.Domain, domain));

        /// <summary>The text list Set-SharingPolicy -Domains takes (the whole list: the parameter replaces it).</summary>
        public static IReadOnlyList<string> Format(IEnumerable<SharingPolicyDomain> entries) => entries.Select(e => e.ToString()).ToList();

        /// <summary>True when both lists hold the same entries with the same actions (order of actions ignored).</summary>
        public static bool SameList(IReadOnlyList<SharingPolicyDomain> a, IReadOnlyList<SharingPolicyDomain> b) =>
            a.Count == b.Count && a.All(x =>
            {
                var y = Find(b, x.Domain);
                return y != null && new HashSet<string>(x.Actions, StringComparer.OrdinalIgnoreCase).SetEquals(y.Actions);
            });

        /// <summary>A domain as the cmdlets take it: a domain name, * or Anonymous; null when it is none of these.</summary>
        public static string? ValidateDomain(string? text)
        {
            var t = (text ?? string.Empty).Trim();
            if (t == AllFederated || t.Equals(Anonymous, StringComparison.OrdinalIgnoreCase))
            {
                return NormaliseDomain(t);
            }

            if (t.StartsWith("@", StringComparison.Ordinal))
            {
                t = t.Substring(1);
            }

            if (t.Length == 0 || t.Length > 253 || t.IndexOf('.') <= 0 || t.EndsWith(".", StringComparison.Ordinal) || t.Contains(".."))
            {
                return null;
            }

            foreach (var c in t)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-' || c == '.'))
                {
                    return null;
                }
            }

            return t.ToLowerInvariant();
        }

        public static bool SameDomain(string a, string b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

        private static string NormaliseDomain(string domain) =>
            domain.Equals(Anonymous, StringComparison.OrdinalIgnoreCase) ? Anonymous : domain == AllFederated ? AllFederated : domain.ToLowerInvariant();

        private static SharingPolicyDomain Make(string domain, IReadOnlyList<string> actions)
        {
            var level = CalendarRole.None;
            foreach (var a in actions)
            {
                var l = LevelOf(a);
                if (l != null && Rank(l.Value) > Rank(level))
                {
                    level = l.Value;
                }
            }

            return new SharingPolicyDomain(domain, level, actions);
        }
    }
}
