using System;
using CalendarSharing.Core.Addressing;
using Xunit;

namespace CalendarSharing.Tests.Core
{
    public class CalendarAddressTests
    {
        [Theory]
        [InlineData("hans@contoso.com")]
        [InlineData("hans@contoso.com:\\Kalender")]
        [InlineData("hans@contoso.com:\\Calendar")]
        [InlineData("marie@contoso.com:\\Calendrier")]
        [InlineData(" alice@contoso.com:\\calendar\\ ")]
        public void Any_default_calendar_name_means_the_default_calendar(string text)
        {
            var address = CalendarAddress.Parse(text);
            Assert.True(address.IsDefaultCalendar);
            Assert.DoesNotContain(":\\", address.Mailbox);
        }

        [Fact]
        public void Other_names_are_secondary_calendars()
        {
            var address = CalendarAddress.Parse("alice@contoso.com:\\Team Events");
            Assert.False(address.IsDefaultCalendar);
            Assert.Equal("Team Events", address.CalendarName);
            Assert.Equal("alice@contoso.com\\Team Events", address.DisplayText);
            Assert.Equal(address, CalendarAddress.Parse("ALICE@contoso.com", "team events"));
        }

        [Fact]
        public void A_calendar_named_twice_must_agree()
        {
            Assert.Equal("Team Events", CalendarAddress.Parse("alice@contoso.com:\\Team Events", "Team Events").CalendarName);
            Assert.True(CalendarAddress.Parse("hans@contoso.com:\\Kalender", "Calendar").IsDefaultCalendar);
            Assert.Throws<FormatException>(() => CalendarAddress.Parse("alice@contoso.com:\\Team Events", "Projects"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("alice@contoso.com; bob@contoso.com")]
        public void Bad_mailboxes_are_refused_with_a_sentence(string text)
        {
            var ex = Assert.Throws<FormatException>(() => CalendarAddress.Parse(text));
            Assert.Contains("alice@contoso.com", ex.Message);
        }
    }
}
