using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>One entry of a calendar ACL as tests see it: the principal ("Default", "Anonymous" or an SMTP address) and the level.</summary>
    public sealed class SandboxPermission
    {
        public SandboxPermission(string user, string level, string? displayName)
        {
            User = user;
            Level = level;
            DisplayName = displayName;
        }

        /// <summary>"Default", "Anonymous" or the principal's SMTP address.</summary>
        public string User { get; }

        /// <summary>The EWS CalendarPermissionLevel name (Custom when the rights match no level).</summary>
        public string Level { get; }

        public string? DisplayName { get; }

        public override string ToString() => User + "=" + Level;
    }

    // Out-of-band access for tests, benchmarks and the cmdlets' sandbox mode: tokens, direct ACL reads, concurrent writers.
    public sealed partial class SandboxOrganization
    {
        /// <summary>
        /// Called with the operation name (GetFolder, UpdateFolder, …) after a request is authenticated and
        /// validated, just before it runs: tests use it to act as a concurrent writer between a client's read
        /// and its write, or to press Ctrl+C at a known point.
        /// </summary>
        public Action<string>? BeforeOperation { get; set; }

        /// <summary>Issues an opaque bearer token for the account, accepted as "Authorization: Bearer &lt;token&gt;".</summary>
        public string IssueAccessToken(string address)
        {
            var account = FindAccount(address) ?? throw new ArgumentException("No sandbox account " + address + ".", nameof(address));
            return Tokens.Issue(new Identity.IssuedToken("ews", account, Identity.IssuedToken.OnPremisesAudience, DateTimeOffset.MaxValue));
        }

        /// <summary>The ACL of a calendar (the default one, or the calendar with this display name), read atomically.</summary>
        public IReadOnlyList<SandboxPermission> GetCalendarAcl(string address, string? calendarName = null) =>
            FindCalendar(address, calendarName).Read().Entries.Select(e => new SandboxPermission(e.Key == "Default" || e.Key == "Anonymous" ? e.Key : e.Address!, e.Level, e.DisplayName)).ToList();

        /// <summary>The calendar's current ChangeKey.</summary>
        public string GetCalendarChangeKey(string address, string? calendarName = null) => FindCalendar(address, calendarName).CurrentChangeKey;

        /// <summary>
        /// A concurrent writer: edits the calendar ACL out of band (principal → level name; "Custom" keeps an entry's
        /// current rights) and rotates its ChangeKey, so a client holding the old key gets ErrorStaleObject.
        /// Returns the new ChangeKey.
        /// </summary>
        public string ModifyCalendarAcl(string address, Action<IDictionary<string, string>> edit, string? calendarName = null)
        {
            if (edit == null)
            {
                throw new ArgumentNullException(nameof(edit));
            }

            var folder = FindCalendar(address, calendarName);
            return folder.Modify(entries =>
            {
                var levels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in entries)
                {
                    levels[entry.Type == PrincipalType.Default || entry.Type == PrincipalType.Anonymous ? entry.Key : entry.Address!] = entry.Level;
                }

                edit(levels);
                var result = new List<AclEntry>();
                foreach (var pair in levels)
                {
                    var existing = entries.FirstOrDefault(e => string.Equals(e.Key, pair.Key, StringComparison.OrdinalIgnoreCase));
                    PermissionRights rights;
                    if (pair.Value == PermissionLevels.Custom)
                    {
                        rights = existing?.Rights ?? throw new ArgumentException("Custom keeps existing rights; " + pair.Key + " has none.", nameof(edit));
                    }
                    else if (!PermissionLevels.TryGetRights(pair.Value, out rights))
                    {
                        throw new ArgumentException("Unknown permission level " + pair.Value + ".", nameof(edit));
                    }

                    result.Add(existing?.WithRights(rights) ?? NewEntry(pair.Key, rights));
                }

                return result;
            });
        }

        /// <summary>
        /// Seeding: gives a calendar <paramref name="count"/> more permission entries, out of band (as Exchange admins do),
        /// and rotates its ChangeKey. Internal users first (every other account, in order, that has no entry yet), then
        /// outside people sharee01@fabrikam.com, sharee02@fabrikam.com, …; levels cycle through Reviewer, Editor,
        /// FreeBusyTimeOnly and FreeBusyTimeAndSubjectAndLocation for insiders and the last two for outsiders (the
        /// sharing policy's limit). Returns the principals added, in order. For paging tests: 25 entries split over pages.
        /// </summary>
        public IReadOnlyList<string> SeedCalendarPermissions(string address, int count, string? calendarName = null)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            var folder = FindCalendar(address, calendarName);
            var added = new List<string>();
            folder.Modify(entries =>
            {
                var present = new HashSet<string>(entries.Select(e => e.Key), StringComparer.OrdinalIgnoreCase);
                string[] inside = { "Reviewer", "Editor", "FreeBusyTimeOnly", "FreeBusyTimeAndSubjectAndLocation" };
                string[] outside = { "FreeBusyTimeOnly", "FreeBusyTimeAndSubjectAndLocation" };
                foreach (var account in accounts.Where(a => !string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase) && !present.Contains(a.Address)))
                {
                    if (added.Count == count)
                    {
                        break;
                    }

                    var user = Directory.FindByAddress(account.Address)!;
                    entries.Add(new AclEntry(PrincipalType.Internal, user.Address, user.DisplayName, user.Sid, PermissionLevels.RightsOf(inside[added.Count % inside.Length])));
                    added.Add(user.Address);
                }

                for (var n = 1; added.Count < count; n++)
                {
                    var external = "sharee" + n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "@" + ExternalDomain;
                    if (present.Contains(external))
                    {
                        continue;
                    }

                    entries.Add(new AclEntry(PrincipalType.External, external, "Sharee " + n.ToString(System.Globalization.CultureInfo.InvariantCulture), null, PermissionLevels.RightsOf(outside[added.Count % outside.Length])));
                    added.Add(external);
                }

                return entries;
            });
            return added;
        }

        /// <summary>The mailbox's time zone as mailboxSettings holds it (Windows or IANA name).</summary>
        public string GetMailboxTimeZone(string address)
        {
            var mailbox = FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address));
            lock (mailbox.DelegateGate)
            {
                return mailbox.Settings.TimeZone;
            }
        }

        /// <summary>The mailbox's meeting request delivery to delegates, in EWS words (DelegatesOnly, DelegatesAndMe, …).</summary>
        public string GetMeetingRequestDelivery(string address)
        {
            var mailbox = FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address));
            lock (mailbox.DelegateGate)
            {
                return mailbox.DeliverMeetingRequests;
            }
        }

        /// <summary>The SMTP addresses of a mailbox's delegates.</summary>
        public IReadOnlyList<string> GetDelegates(string address)
        {
            var mailbox = FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address));
            lock (mailbox.DelegateGate)
            {
                return mailbox.Delegates.Select(d => d.User.Address).ToList();
            }
        }

        private SandboxFolder FindCalendar(string address, string? calendarName)
        {
            var mailbox = FindMailbox(address) ?? throw new ArgumentException("No sandbox mailbox " + address + ".", nameof(address));
            if (calendarName == null)
            {
                return mailbox.Calendar;
            }

            return mailbox.Folders.FirstOrDefault(f => f.IsCalendar && string.Equals(f.DisplayName, calendarName, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException("Mailbox " + address + " has no calendar " + calendarName + ".", nameof(calendarName));
        }

        private AclEntry NewEntry(string user, PermissionRights rights)
        {
            if (string.Equals(user, "Default", StringComparison.OrdinalIgnoreCase))
            {
                return new AclEntry(PrincipalType.Default, null, null, null, rights);
            }

            if (string.Equals(user, "Anonymous", StringComparison.OrdinalIgnoreCase))
            {
                return new AclEntry(PrincipalType.Anonymous, null, null, null, rights);
            }

            var entry = Directory.FindByAddress(user);
            if (entry != null && entry.HasMailbox)
            {
                return new AclEntry(PrincipalType.Internal, entry.Address, entry.DisplayName, entry.Sid, rights);
            }

            return new AclEntry(PrincipalType.External, user.ToLowerInvariant(), entry?.DisplayName ?? user, null, rights);
        }
    }
}
