using System.Collections.Generic;
using CalendarSharing.Core.Permissions;
using Xunit;

namespace CalendarSharing.Tests.Core
{
    public class PermissionPlannerTests
    {
        private static readonly Principal Bob = Principal.User("bob@contoso.com");
        private static readonly Principal Carol = Principal.User("carol@contoso.com");

        private static List<PermissionEntry> Acl(params PermissionEntry[] extra)
        {
            var list = new List<PermissionEntry>
            {
                new PermissionEntry(Principal.Default, CalendarRole.AvailabilityOnly),
                new PermissionEntry(Principal.Anonymous, CalendarRole.None),
            };
            list.AddRange(extra);
            return list;
        }

        [Fact]
        public void Grant_to_a_new_user_adds_an_entry_and_keeps_the_others()
        {
            var custom = new PermissionEntry(Carol, CalendarRole.Custom, serverData: "flags");
            var plan = PermissionPlanner.Plan(Acl(custom), new[] { new PermissionChange(Bob, CalendarRole.Reviewer) });

            Assert.True(plan.HasChanges);
            Assert.Equal(ShareAction.Added, plan.Outcomes[0].Action);
            Assert.Null(plan.Outcomes[0].PreviousRole);
            Assert.Equal(4, plan.Entries.Count);
            Assert.Same(custom, plan.Entries[2]); // untouched entries are kept as read, server data included
            Assert.Equal(CalendarRole.Reviewer, plan.Entries[3].Role);
        }

        [Fact]
        public void The_same_grant_twice_is_unchanged_and_writes_nothing()
        {
            var plan = PermissionPlanner.Plan(Acl(new PermissionEntry(Bob, CalendarRole.Reviewer)), new[] { new PermissionChange(Principal.User("BOB@contoso.com"), CalendarRole.Reviewer) });

            Assert.False(plan.HasChanges);
            Assert.Equal(ShareAction.Unchanged, plan.Outcomes[0].Action);
        }

        [Fact]
        public void A_different_role_updates_in_place()
        {
            var plan = PermissionPlanner.Plan(Acl(new PermissionEntry(Bob, CalendarRole.Reviewer)), new[] { new PermissionChange(Bob, CalendarRole.Editor) });

            Assert.Equal(ShareAction.Updated, plan.Outcomes[0].Action);
            Assert.Equal(CalendarRole.Reviewer, plan.Outcomes[0].PreviousRole);
            Assert.Equal(CalendarRole.Editor, plan.Entries[2].Role);
            Assert.Equal(3, plan.Entries.Count);
        }

        [Fact]
        public void Removing_a_user_removes_the_entry_and_removing_again_is_unchanged()
        {
            var first = PermissionPlanner.Plan(Acl(new PermissionEntry(Bob, CalendarRole.Reviewer)), new[] { new PermissionChange(Bob, null) });
            Assert.Equal(ShareAction.Removed, first.Outcomes[0].Action);
            Assert.Equal(2, first.Entries.Count);

            var second = PermissionPlanner.Plan(first.Entries, new[] { new PermissionChange(Bob, null) });
            Assert.Equal(ShareAction.Unchanged, second.Outcomes[0].Action);
            Assert.False(second.HasChanges);
        }

        [Fact]
        public void Default_cannot_be_removed_and_is_set_to_none()
        {
            var plan = PermissionPlanner.Plan(Acl(), new[] { new PermissionChange(Principal.Default, null) });

            Assert.Equal(ShareAction.Updated, plan.Outcomes[0].Action);
            Assert.Equal(CalendarRole.None, plan.Entries[0].Role);
            Assert.Equal(2, plan.Entries.Count);
            Assert.Contains("cannot be removed", plan.Outcomes[0].Message);
        }

        [Fact]
        public void Delegate_roles_are_refused_for_default_external_and_secondary_calendars()
        {
            var external = Principal.User("partner@fabrikam.com", external: true);
            var plan = PermissionPlanner.Plan(Acl(), new[]
            {
                new PermissionChange(Principal.Default, CalendarRole.Delegate),
                new PermissionChange(external, CalendarRole.Delegate),
                new PermissionChange(Bob, CalendarRole.Reviewer),
            });

            Assert.Equal(ShareAction.Failed, plan.Outcomes[0].Action);
            Assert.Equal(ShareAction.Failed, plan.Outcomes[1].Action);
            Assert.Equal(ShareAction.Added, plan.Outcomes[2].Action); // the good change still runs

            var secondary = PermissionPlanner.Plan(Acl(), new[] { new PermissionChange(Bob, CalendarRole.Delegate) }, delegatesAllowed: false);
            Assert.Equal(ShareAction.Failed, secondary.Outcomes[0].Action);
            Assert.False(secondary.HasChanges);
        }

        [Fact]
        public void Delegate_with_can_view_private_items_becomes_DelegateCanViewPrivate()
        {
            var plan = PermissionPlanner.Plan(Acl(), new[] { new PermissionChange(Bob, CalendarRole.Delegate, canViewPrivateItems: true) });

            Assert.Equal(CalendarRole.DelegateCanViewPrivate, plan.Outcomes[0].NewRole);
            Assert.True(plan.Entries[2].CanViewPrivateItems);
        }

        [Fact]
        public void Custom_cannot_be_granted()
        {
            var plan = PermissionPlanner.Plan(Acl(), new[] { new PermissionChange(Bob, CalendarRole.Custom) });
            Assert.Equal(ShareAction.Failed, plan.Outcomes[0].Action);
        }

        [Fact]
        public void Later_changes_for_the_same_principal_see_earlier_ones()
        {
            var plan = PermissionPlanner.Plan(Acl(), new[]
            {
                new PermissionChange(Bob, CalendarRole.Reviewer),
                new PermissionChange(Bob, CalendarRole.Reviewer),
                new PermissionChange(Bob, CalendarRole.Editor),
            });

            Assert.Equal(new[] { ShareAction.Added, ShareAction.Unchanged, ShareAction.Updated }, new[] { plan.Outcomes[0].Action, plan.Outcomes[1].Action, plan.Outcomes[2].Action });
            Assert.Single(plan.Entries, e => e.Principal.Equals(Bob));
        }
    }
}
