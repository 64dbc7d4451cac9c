using System;
using System.Collections.Generic;
using System.Globalization;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox
{
    /// <summary>What the large-organisation seed (SandboxOptions.GeneratedSharing) planted on the generated mailboxes.</summary>
    public sealed class SandboxSharingSpread
    {
        /// <summary>Generated mailboxes the spread went over.</summary>
        public int Mailboxes { get; internal set; }

        /// <summary>Folder entries for colleagues (Reviewer, LimitedDetails, Editor), secondary calendars' included.</summary>
        public int InternalGrants { get; internal set; }

        /// <summary>Entries for people of the partner domain within the sharing policy (free/busy with subject and location).</summary>
        public int ExternalWithinPolicy { get; internal set; }

        /// <summary>Entries for outsiders beyond the policy: the partner domain as Reviewer, or a domain the policy does not name.</summary>
        public int ExternalBeyondPolicy { get; internal set; }

        /// <summary>Calendars whose Anonymous entry grants free/busy.</summary>
        public int Anonymous { get; internal set; }

        public int Published { get; internal set; }

        public int Delegates { get; internal set; }

        /// <summary>Secondary calendars created (each with one colleague as Reviewer).</summary>
        public int SecondaryCalendars { get; internal set; }

        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture,
            "{0} mailboxes: {1} internal grants, {2} external within the policy, {3} beyond it, {4} Anonymous, {5} published, {6} delegates, {7} secondary calendars",
            Mailboxes,
            InternalGrants,
            ExternalWithinPolicy,
            ExternalBeyondPolicy,
            Anonymous,
            Published,
            Delegates,
            SecondaryCalendars);
    }

    // The "large organisation" seed: thousands of generated mailboxes with a spread of calendar access like a real
    // tenant's (most calendars only ever have Default free/busy; a minority are shared with colleagues; a few reach
    // outside). Drawn from one seeded Random, so a run is the same every time; written straight into the folders (no
    // change keys rotated), so 10,000 mailboxes build in well under a second.
    public sealed partial class SandboxOrganization
    {
        /// <summary>What SandboxOptions.GeneratedSharing planted; all zero when it is off.</summary>
        public SandboxSharingSpread GeneratedSharingSpread { get; } = new SandboxSharingSpread();

        private void SeedGeneratedSharing()
        {
            var count = Options.GeneratedMailboxes;
            if (!Options.GeneratedSharing || count < 2)
            {
                return;
            }

            var random = new Random(Options.Seed);
            var spread = GeneratedSharingSpread;
            spread.Mailboxes = count;
            string Address(int n) => "user" + n.ToString("D4", CultureInfo.InvariantCulture) + "@" + Domain;
            string Colleague(int self)
            {
                var other = random.Next(1, count);
                return Address(other >= self ? other + 1 : other);
            }

            for (var i = 1; i <= count; i++)
            {
                var mailbox = mailboxes[Address(i)];
                var entries = new List<AclEntry> { AclEntry.Default("FreeBusyTimeOnly") };
                var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                void Grant(string principal, string level)
                {
                    if (taken.Add(principal))
                    {
                        entries.Add(SeedEntry(principal, level));
                    }
                }

                // Colleagues: about one calendar in four is shared inside the organisation.
                var inside = random.NextDouble();
                if (inside < 0.14)
                {
                    Grant(Colleague(i), "Reviewer");
                }
                else if (inside < 0.22)
                {
                    Grant(Colleague(i), "FreeBusyTimeAndSubjectAndLocation");
                }
                else if (inside < 0.26)
                {
                    Grant(Colleague(i), "Editor");
                }

                // Outside: 2 % share with someone at the partner (a third of them beyond the policy's LimitedDetails),
                // 0.5 % with a domain the policy does not name at all.
                var outside = random.NextDouble();
                if (outside < 0.02)
                {
                    var partner = "guest" + random.Next(1, 200).ToString("D3", CultureInfo.InvariantCulture) + "@" + ExternalDomain;
                    var beyond = random.Next(3) == 0;
                    Grant(partner, beyond ? "Reviewer" : "FreeBusyTimeAndSubjectAndLocation");
                    if (beyond)
                    {
                        spread.ExternalBeyondPolicy++;
                    }
                    else
                    {
                        spread.ExternalWithinPolicy++;
                    }
                }
                else if (outside < 0.025)
                {
                    Grant("contractor" + i.ToString(CultureInfo.InvariantCulture) + "@" + FederatedPartnerDomain, "FreeBusyTimeOnly");
                    spread.ExternalBeyondPolicy++;
                }

                // 1 % Anonymous free/busy (an old "share with everyone" setting).
                if (random.NextDouble() < 0.01)
                {
                    entries.Add(AclEntry.Anonymous("FreeBusyTimeOnly"));
                    spread.Anonymous++;
                }

                spread.InternalGrants += entries.FindAll(e => e.Type == PrincipalType.Internal).Count;
                mailbox.Calendar.Seed(entries);

                // 3 % have a delegate (an assistant), who gets the calendar as Editor and meeting copies.
                if (random.NextDouble() < 0.03)
                {
                    var assistant = Colleague(i);
                    if (!taken.Contains(assistant))
                    {
                        SeedDelegate(mailbox, assistant, "Editor", viewPrivateItems: random.Next(4) == 0, receiveCopies: true);
                        spread.Delegates++;
                    }
                }

                // 1 % publish their calendar to the web.
                if (random.NextDouble() < 0.01)
                {
                    SetPublication(mailbox.Calendar, true, random.Next(2) == 0 ? PublishingDetailLevel.AvailabilityOnly : PublishingDetailLevel.LimitedDetails, null, null, resetUrl: false);
                    spread.Published++;
                }

                // 5 % keep a secondary calendar for a project, shared with one colleague.
                if (random.NextDouble() < 0.05)
                {
                    var project = mailbox.AddCalendar("calendar/project", "Project " + i.ToString(CultureInfo.InvariantCulture), mailbox.Calendar);
                    project.Seed(new[] { AclEntry.Default("None"), SeedEntry(Colleague(i), "Reviewer") });
                    spread.SecondaryCalendars++;
                    spread.InternalGrants++;
                }
            }
        }
    }
}
