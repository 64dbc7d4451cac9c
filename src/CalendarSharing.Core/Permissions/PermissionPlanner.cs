using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.Core.Permissions
{
    /// <summary>The entries to write and what each change did.</summary>
    public sealed class PermissionPlan
    {
        public PermissionPlan(IReadOnlyList<PermissionEntry> entries, IReadOnlyList<ChangeOutcome> outcomes)
        {
            Entries = entries;
            Outcomes = outcomes;
        }

        /// <summary>The whole wanted list, in the order read, new entries last.</summary>
        public IReadOnlyList<PermissionEntry> Entries { get; }

        public IReadOnlyList<ChangeOutcome> Outcomes { get; }

        /// <summary>True when the list must be written.</summary>
        public bool HasChanges => Outcomes.Any(o => o.Action == ShareAction.Added || o.Action == ShareAction.Updated || o.Action == ShareAction.Removed);
    }

    /// <summary>
    /// Desired state, idempotent: compares wanted with actual. Pure; backends call it after every read,
    /// so a re-read after a conflict re-plans against what the other writer left.
    /// </summary>
    public static class PermissionPlanner
    {
        public static PermissionPlan Plan(IReadOnlyList<PermissionEntry> current, IReadOnlyList<PermissionChange> changes, bool delegatesAllowed = true)
        {
            var entries = current.ToList();
            var outcomes = new List<ChangeOutcome>(changes.Count);
            foreach (var change in changes)
            {
                outcomes.Add(Apply(entries, change, delegatesAllowed));
            }

            return new PermissionPlan(entries, outcomes);
        }

        private static ChangeOutcome Apply(List<PermissionEntry> entries, PermissionChange change, bool delegatesAllowed)
        {
            var index = entries.FindIndex(e => e.Principal.Equals(change.Principal));
            var existing = index >= 0 ? entries[index] : null;
            var previous = existing?.Role;

            if (change.IsRemoval)
            {
                if (change.Principal.IsDistinguished)
                {
                    // Default and Anonymous cannot be removed; the nearest thing is None.
                    if (existing is null || existing.Role == CalendarRole.None)
                    {
                        return new ChangeOutcome(ShareAction.Unchanged, previous, CalendarRole.None, $"{change.Principal.Name} cannot be removed; it already has the role None.");
                    }

                    entries[index] = new PermissionEntry(existing.Principal, CalendarRole.None);
                    return new ChangeOutcome(ShareAction.Updated, previous, CalendarRole.None, $"{change.Principal.Name} cannot be removed; its role was set to None.");
                }

                if (existing is null)
                {
                    return new ChangeOutcome(ShareAction.Unchanged, null, CalendarRole.None, $"{change.Principal.Name} had no entry on this calendar.");
                }

                entries.RemoveAt(index);
                return new ChangeOutcome(ShareAction.Removed, previous, CalendarRole.None);
            }

            var wanted = Normalise(change.Role!.Value, change.CanViewPrivateItems);
            if (wanted == CalendarRole.Custom)
            {
                return Fail(previous, BackendErrorCode.RoleNotAllowed, "The role Custom is read back only and cannot be granted. Choose a named role such as Reviewer or Editor.");
            }

            var isDelegateRole = wanted == CalendarRole.Delegate || wanted == CalendarRole.DelegateCanViewPrivate;
            if (isDelegateRole && change.Principal.IsDistinguished)
            {
                return Fail(previous, BackendErrorCode.RoleNotAllowed, $"{change.Principal.Name} cannot be a delegate. Delegate roles are for single users; use Editor instead.");
            }

            if (isDelegateRole && change.Principal.Kind == PrincipalKind.External)
            {
                return Fail(previous, BackendErrorCode.RoleNotAllowed, $"{change.Principal.Name} is outside the organisation and cannot be a delegate.");
            }

            if (isDelegateRole && !delegatesAllowed)
            {
                return Fail(previous, BackendErrorCode.RoleNotAllowed, "Delegate roles can be granted on the mailbox's default calendar only. Grant Editor on a secondary calendar.");
            }

            if (existing is not null)
            {
                if (existing.Role == wanted)
                {
                    return new ChangeOutcome(ShareAction.Unchanged, previous, wanted);
                }

                entries[index] = new PermissionEntry(existing.Principal, wanted, wanted == CalendarRole.DelegateCanViewPrivate);
                return new ChangeOutcome(ShareAction.Updated, previous, wanted);
            }

            if (wanted == CalendarRole.None)
            {
                return new ChangeOutcome(ShareAction.Unchanged, null, CalendarRole.None, $"{change.Principal.Name} has no entry; granting None changes nothing.");
            }

            entries.Add(new PermissionEntry(change.Principal, wanted, wanted == CalendarRole.DelegateCanViewPrivate));
            return new ChangeOutcome(ShareAction.Added, null, wanted);
        }

        /// <summary>Delegate plus -CanViewPrivateItems is DelegateCanViewPrivate; the flag means nothing for other roles.</summary>
        public static CalendarRole Normalise(CalendarRole role, bool canViewPrivateItems) =>
            role == CalendarRole.Delegate && canViewPrivateItems ? CalendarRole.DelegateCanViewPrivate : role;

        private static ChangeOutcome Fail(CalendarRole? previous, BackendErrorCode code, string message) =>
            new ChangeOutcome(ShareAction.Failed, previous, previous ?? CalendarRole.None, message) { ErrorCode = code };
    }
}
