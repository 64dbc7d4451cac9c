using System;
using CalendarSharing.Core.Roles;
using Xunit;

namespace CalendarSharing.Tests.Core
{
    public class RoleVocabularyTests
    {
        [Theory]
        [InlineData("AvailabilityOnly", CalendarRole.AvailabilityOnly)]
        [InlineData("FreeBusyTimeOnly", CalendarRole.AvailabilityOnly)]
        [InlineData("freeBusyRead", CalendarRole.AvailabilityOnly)]
        [InlineData("availability only", CalendarRole.AvailabilityOnly)]
        [InlineData("LimitedDetails", CalendarRole.LimitedDetails)]
        [InlineData("FreeBusyTimeAndSubjectAndLocation", CalendarRole.LimitedDetails)]
        [InlineData("LIMITEDREAD", CalendarRole.LimitedDetails)]
        [InlineData("read", CalendarRole.Reviewer)]
        [InlineData("reviewer", CalendarRole.Reviewer)]
        [InlineData("write", CalendarRole.Editor)]
        [InlineData("Editor", CalendarRole.Editor)]
        [InlineData("NoneditingAuthor", CalendarRole.NoneditingAuthor)]
        [InlineData("PublishingEditor", CalendarRole.PublishingEditor)]
        [InlineData("delegateWithoutPrivateEventAccess", CalendarRole.Delegate)]
        [InlineData("delegateWithPrivateEventAccess", CalendarRole.DelegateCanViewPrivate)]
        [InlineData("none", CalendarRole.None)]
        public void Every_spelling_in_the_table_is_accepted(string text, CalendarRole expected)
        {
            Assert.Equal(expected, RoleVocabulary.Parse(text));
        }

        [Fact]
        public void A_wrong_name_lists_the_valid_ones()
        {
            var ex = Assert.Throws<FormatException>(() => RoleVocabulary.Parse("Reader"));
            Assert.Contains("'Reader'", ex.Message);
            Assert.Contains("AvailabilityOnly", ex.Message);
            Assert.Contains("LimitedDetails", ex.Message);
            Assert.Contains("DelegateCanViewPrivate", ex.Message);
        }

        [Theory]
        [InlineData(CalendarRole.AvailabilityOnly, "FreeBusyTimeOnly")]
        [InlineData(CalendarRole.LimitedDetails, "FreeBusyTimeAndSubjectAndLocation")]
        [InlineData(CalendarRole.Delegate, "Editor")]
        [InlineData(CalendarRole.Reviewer, "Reviewer")]
        public void Ews_levels_round_trip(CalendarRole role, string level)
        {
            Assert.Equal(level, RoleVocabulary.ToEwsLevel(role));
            if (role != CalendarRole.Delegate)
            {
                Assert.Equal(role, RoleVocabulary.FromEwsLevel(level));
            }
        }

        [Fact]
        public void Unknown_server_levels_read_as_custom()
        {
            Assert.Equal(CalendarRole.Custom, RoleVocabulary.FromEwsLevel("Custom"));
            Assert.Equal(CalendarRole.Custom, RoleVocabulary.FromGraphRole("custom"));
        }
    }
}
