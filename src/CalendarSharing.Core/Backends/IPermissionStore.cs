using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;

namespace CalendarSharing.Core.Backends
{
    /// <summary>
    /// The permission primitives a backend offers <see cref="PermissionApplier"/>: read calendars' permission sets with
    /// their version, and write planned changes against that version, each write answered as a value. The loop (plan,
    /// write only what changed, re-read and re-plan on a conflict, the retry budget, delegate records, the all-failed
    /// rule) is the applier's; a backend only reads and writes.
    /// </summary>
    public interface IPermissionStore
    {
        /// <summary>
        /// Reads each calendar's permission set with its version (EWS ChangeKey; Graph keeps one ETag per entry in the
        /// entry's ServerData). Editor entries of delegates are shown as Editor unless the protocol itself shows delegate
        /// roles (<see cref="CalendarPermissionSet.DelegatesInEntries"/>). One result per calendar, in order; a failure
        /// of a whole request is marked <see cref="BackendError.WholeRequest"/>.
        /// </summary>
        Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> ReadPermissionSetsAsync(
            IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken);

        /// <summary>
        /// Writes each calendar's planned entries against the set it was planned on. One answer per write, in order, with
        /// one answer per item of the write. Exceptions only for a refused credential or cancellation.
        /// </summary>
        Task<IReadOnlyList<PermissionWriteAnswer>> WritePermissionSetsAsync(
            IReadOnlyList<PermissionWrite> writes, CancellationToken cancellationToken);

        /// <summary>
        /// What this protocol cannot do with a change the planner would accept, as the change's outcome (Failed, or
        /// Unchanged with a reason), or null to let the planner decide. Called after the read, before planning.
        /// </summary>
        ChangeOutcome? Refuse(CalendarPermissionSet set, PermissionChange change);

        /// <summary>The delegate capability behind the roles Delegate and DelegateCanViewPrivate (null: none).</summary>
        IDelegateBackend? DelegatesFor(string mailbox);

        /// <summary>How often a write is tried again after a conflict or a passing fault.</summary>
        RetryOptions PermissionRetry { get; }
    }

    /// <summary>One calendar's planned write: the set as read (with its version), the whole wanted list, and what changes.</summary>
    public sealed class PermissionWrite
    {
        public PermissionWrite(CalendarPermissionSet read, IReadOnlyList<PermissionEntry> entries, IReadOnlyList<PermissionItemWrite> items)
        {
            Read = read;
            Entries = entries;
            Items = items;
        }

        /// <summary>The set the plan was made on; its version is what the write is checked against.</summary>
        public CalendarPermissionSet Read { get; }

        /// <summary>The whole wanted list, in the order read, new entries last (a backend that replaces the whole set writes this).</summary>
        public IReadOnlyList<PermissionEntry> Entries { get; }

        /// <summary>Each principal whose entry changes (a backend that writes per principal writes these).</summary>
        public IReadOnlyList<PermissionItemWrite> Items { get; }
    }

    /// <summary>One principal's entry going from what was read to what the plan wants.</summary>
    public sealed class PermissionItemWrite
    {
        public PermissionItemWrite(Principal principal, PermissionEntry? before, PermissionEntry? after, bool sendInvitation)
        {
            Principal = principal;
            Before = before;
            After = after;
            SendInvitation = sendInvitation;
        }

        public Principal Principal { get; }

        /// <summary>The entry as read (null: none).</summary>
        public PermissionEntry? Before { get; }

        /// <summary>The entry wanted (null: remove it).</summary>
        public PermissionEntry? After { get; }

        /// <summary>The principal is to receive a sharing invitation with the change.</summary>
        public bool SendInvitation { get; }
    }

    /// <summary>How one item of a write went.</summary>
    public enum PermissionWriteStatus
    {
        /// <summary>Written.</summary>
        Done,
        /// <summary>Another writer changed the item since it was read: re-read and re-plan.</summary>
        Conflict,
        /// <summary>A passing fault (busy, mailbox moving): try again after <see cref="PermissionItemAnswer.RetryAfter"/>.</summary>
        Transient,
        /// <summary>Refused for good; <see cref="PermissionItemAnswer.Error"/> says why.</summary>
        Failed,
    }

    /// <summary>The answer to one item.</summary>
    public sealed class PermissionItemAnswer
    {
        private PermissionItemAnswer(PermissionWriteStatus status, BackendError? error, TimeSpan? retryAfter, bool invitationSent)
        {
            Status = status;
            Error = error;
            RetryAfter = retryAfter;
            InvitationSent = invitationSent;
        }

        public PermissionWriteStatus Status { get; }

        /// <summary>Why (Failed), or what the server said (Conflict, Transient).</summary>
        public BackendError? Error { get; }

        /// <summary>The server's back-off hint for a Transient answer.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>The write sent the principal a sharing invitation.</summary>
        public bool InvitationSent { get; }

        public static PermissionItemAnswer Done(bool invitationSent = false) => new PermissionItemAnswer(PermissionWriteStatus.Done, null, null, invitationSent);

        public static PermissionItemAnswer Conflict(BackendError? error = null) => new PermissionItemAnswer(PermissionWriteStatus.Conflict, error, null, false);

        public static PermissionItemAnswer Transient(BackendError error, TimeSpan? retryAfter) => new PermissionItemAnswer(PermissionWriteStatus.Transient, error, retryAfter, false);

        public static PermissionItemAnswer Failed(BackendError error) => new PermissionItemAnswer(PermissionWriteStatus.Failed, error ?? throw new ArgumentNullException(nameof(error)), null, false);

        public override string ToString() => Error is null ? Status.ToString() : $"{Status}: {Error}";
    }

    /// <summary>The answer to one calendar's write: one answer per item, and the calendar's new version when the server gave one.</summary>
    public sealed class PermissionWriteAnswer
    {
        public PermissionWriteAnswer(IReadOnlyList<PermissionItemAnswer> items, string? newVersion = null)
        {
            Items = items;
            NewVersion = newVersion;
        }

        /// <summary>
        /// Set when the calendar could not be written as a whole (a backend that replaces the whole set, refused): the
        /// failure is the calendar's, reported once for it rather than per item.
        /// </summary>
        public BackendError? CalendarError { get; private set; }

        /// <summary>The whole calendar's write failed with <paramref name="error"/>.</summary>
        public static PermissionWriteAnswer CalendarFailed(PermissionWrite write, BackendError error) =>
            new PermissionWriteAnswer(All(write, PermissionItemAnswer.Failed(error)).Items) { CalendarError = error };

        public IReadOnlyList<PermissionItemAnswer> Items { get; }

        /// <summary>The calendar's version after the write (EWS ChangeKey), or null.</summary>
        public string? NewVersion { get; }

        /// <summary>Every item answered the same (a backend that writes the whole set in one go).</summary>
        public static PermissionWriteAnswer All(PermissionWrite write, PermissionItemAnswer answer, string? newVersion = null)
        {
            var items = new PermissionItemAnswer[write.Items.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = answer;
            }

            return new PermissionWriteAnswer(items, newVersion);
        }
    }
}
