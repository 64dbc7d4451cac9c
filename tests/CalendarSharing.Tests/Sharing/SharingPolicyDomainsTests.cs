using System.Linq;
using CalendarSharing.Core.Sharing;
using Xunit;

namespace CalendarSharing.Tests.Sharing
{
    /// <summary>The Domains list as values: parsing Exchange's spellings, and changing one domain's calendar level.</summary>
    public sealed class SharingPolicyDomainsTests
    {
        private static readonly string[] Seeded =
        {
            "Anonymous:CalendarSharingFreeBusyReviewer",
            "*:CalendarSharingFreeBusySimple",
            "fabrikam.com:CalendarSharingFreeBusyDetail,ContactsSharing",
            "tailspintoys.com:ContactsSharing",
        };

        [Theory]
        [InlineData("fabrikam.com: CalendarSharingFreeBusyDetail, ContactsSharing", "fabrikam.com", CalendarRole.LimitedDetails, true)]
        [InlineData("*:CalendarSharingFreeBusySimple", "*", CalendarRole.AvailabilityOnly, false)]
        [InlineData("anonymous:CalendarSharingFreeBusyReviewer", "Anonymous", CalendarRole.Reviewer, false)]
        [InlineData("Fabrikam.COM:ContactsSharing", "fabrikam.com", CalendarRole.None, true)]
        public void Reads_an_entry_as_Exchange_writes_or_takes_it(string text, string domain, CalendarRole level, bool contacts)
        {
            var entry = SharingPolicyDomains.Parse(text)!;
            Assert.Equal(domain, entry.Domain);
            Assert.Equal(level, entry.DetailLevel);
            Assert.Equal(contacts, entry.ContactsSharing);
            Assert.DoesNotContain(" ", entry.ToString());
        }

        [Theory]
        [InlineData("fabrikam.com", CalendarRole.Reviewer, "fabrikam.com:CalendarSharingFreeBusyReviewer,ContactsSharing")]
        [InlineData("fabrikam.com", CalendarRole.AvailabilityOnly, "fabrikam.com:CalendarSharingFreeBusySimple,ContactsSharing")]
        [InlineData("*", CalendarRole.LimitedDetails, "*:CalendarSharingFreeBusyDetail")]
        [InlineData("Anonymous", CalendarRole.AvailabilityOnly, "Anonymous:CalendarSharingFreeBusySimple")]
        [InlineData("tailspintoys.com", CalendarRole.LimitedDetails, "tailspintoys.com:CalendarSharingFreeBusyDetail,ContactsSharing")]
        public void Changing_one_domain_keeps_every_other_domain_and_action(string domain, CalendarRole level, string expected)
        {
            var before = SharingPolicyDomains.ParseAll(Seeded);
            var after = SharingPolicyDomains.Change(before, domain, level);

            Assert.Equal(before.Count, after.Count);
            Assert.Equal(expected, SharingPolicyDomains.Find(after, domain)!.ToString());
            foreach (var other in before.Where(e => e.Domain != SharingPolicyDomains.Find(after, domain)!.Domain))
            {
                Assert.Equal(other.ToString(), SharingPolicyDomains.Find(after, other.Domain)!.ToString());
            }

            Assert.Equal(before.Select(e => e.Domain), after.Select(e => e.Domain));
        }

        [Fact]
        public void A_new_domain_is_appended_and_setting_the_same_level_again_changes_nothing()
        {
            var before = SharingPolicyDomains.ParseAll(Seeded);
            var added = SharingPolicyDomains.Change(before, "Contoso-Partner.org", CalendarRole.LimitedDetails);
            Assert.Equal(Seeded.Concat(new[] { "contoso-partner.org:CalendarSharingFreeBusyDetail" }), SharingPolicyDomains.Format(added));
            Assert.True(SharingPolicyDomains.SameList(added, SharingPolicyDomains.Change(added, "contoso-partner.org", CalendarRole.LimitedDetails)));
            Assert.False(SharingPolicyDomains.SameList(before, added));
        }

        [Fact]
        public void Taking_the_calendar_away_keeps_contacts_and_drops_an_entry_left_with_nothing()
        {
            var before = SharingPolicyDomains.ParseAll(Seeded);
            var fabrikam = SharingPolicyDomains.Change(before, "fabrikam.com", CalendarRole.None);
            Assert.Equal("fabrikam.com:ContactsSharing", SharingPolicyDomains.Find(fabrikam, "fabrikam.com")!.ToString());

            var all = SharingPolicyDomains.Change(before, "*", CalendarRole.None);
            Assert.Null(SharingPolicyDomains.Find(all, "*"));
            Assert.Equal(3, all.Count);

            var absent = SharingPolicyDomains.Change(before, "litware.com", CalendarRole.None);
            Assert.True(SharingPolicyDomains.SameList(before, absent));
        }

        [Theory]
        [InlineData("AvailabilityOnly", CalendarRole.AvailabilityOnly)]
        [InlineData("FreeBusyTimeOnly", CalendarRole.AvailabilityOnly)]
        [InlineData("limitedRead", CalendarRole.LimitedDetails)]
        [InlineData("CalendarSharingFreeBusyReviewer", CalendarRole.Reviewer)]
        [InlineData("FullDetails", CalendarRole.Reviewer)]
        [InlineData("Editor", null)]
        [InlineData("Owner", null)]
        [InlineData("", null)]
        public void Takes_a_detail_level_in_any_spelling_the_policy_can_allow(string text, CalendarRole? expected) =>
            Assert.Equal(expected, SharingPolicyDomains.ParseLevel(text));

        [Theory]
        [InlineData("fabrikam.com", "fabrikam.com")]
        [InlineData("@Fabrikam.com", "fabrikam.com")]
        [InlineData("*", "*")]
        [InlineData("ANONYMOUS", "Anonymous")]
        [InlineData("fabrikam", null)]
        [InlineData("*.fabrikam.com", null)]
        [InlineData("fab rikam.com", null)]
        [InlineData("fabrikam.com:ContactsSharing", null)]
        public void Checks_a_domain_before_anything_is_sent(string text, string? expected) =>
            Assert.Equal(expected, SharingPolicyDomains.ValidateDomain(text));
    }
}
