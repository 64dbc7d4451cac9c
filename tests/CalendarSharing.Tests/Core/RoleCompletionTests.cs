using System.Linq;
using CalendarSharing.Core.Roles;
using Xunit;

namespace CalendarSharing.Tests.Core
{
    /// <summary>What -Role completion offers: every spelling input accepts, by prefix.</summary>
    public class RoleCompletionTests
    {
        [Fact]
        public void Free_completes_to_the_ews_and_graph_spellings()
        {
            var offered = RoleVocabulary.Complete("free").Select(s => s.Key).ToList();
            Assert.Equal(new[] { "FreeBusyTimeOnly", "freeBusyRead", "FreeBusyTimeAndSubjectAndLocation" }, offered);
        }

        [Fact]
        public void Every_offered_spelling_parses_to_the_role_it_names_and_none_is_custom()
        {
            Assert.All(RoleVocabulary.AcceptedSpellings, s =>
            {
                Assert.True(RoleVocabulary.TryParse(s.Key, out var role), s.Key);
                Assert.Equal(s.Value, role);
                Assert.NotEqual(CalendarRole.Custom, role);
            });
        }

        [Fact]
        public void Every_grantable_role_is_offered_under_its_own_name_once()
        {
            var all = RoleVocabulary.Complete(string.Empty).Select(s => s.Key).ToList();
            Assert.Equal(all.Count, all.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(RoleVocabulary.GrantableRoles, r => Assert.Contains(r.ToString(), all));
        }

        [Fact]
        public void The_prefix_ignores_case_spaces_and_hyphens()
        {
            Assert.Contains(RoleVocabulary.Complete("Free Busy-Time"), s => s.Key == "FreeBusyTimeOnly");
            Assert.Contains(RoleVocabulary.Complete("DELEGATEWITH"), s => s.Key == "delegateWithPrivateEventAccess");
            Assert.Empty(RoleVocabulary.Complete("zz"));
        }
    }
}
