using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;

namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// Delegates of a mailbox (EWS GetDelegate/AddDelegate/UpdateDelegate/RemoveDelegate). The primitives only:
    /// the upsert logic lives in <see cref="DelegateCommands"/>. Per-user outcomes are values; a failure of the
    /// whole request (the mailbox is unknown, access denied, throttled past the budget) throws <see cref="BackendException"/>.
    /// </summary>
    public interface IDelegateBackend
    {
        /// <summary>Every delegate of the mailbox with its folder levels, and the mailbox's meeting request delivery.</summary>
        Task<DelegateList> GetDelegatesAsync(string mailbox, CancellationToken cancellationToken);

        Task<IReadOnlyList<DelegateWriteResult>> AddDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken);

        /// <summary>Sets every field of each entry; with no users, changes only the delivery.</summary>
        Task<IReadOnlyList<DelegateWriteResult>> UpdateDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken);

        Task<IReadOnlyList<DelegateWriteResult>> RemoveDelegatesAsync(string mailbox, IReadOnlyList<string> users, CancellationToken cancellationToken);
    }

    /// <summary>One delegate, protocol-neutral. A null level means "not given" (on write) or "not reported" (on read).</summary>
    public sealed class DelegateEntry
    {
        public DelegateEntry(string address)
        {
            Address = address;
        }

        public string Address { get; }

        public string? DisplayName { get; set; }

        /// <summary>The server's own id of the delegate's user, when it gives one (EWS: the SID). Read only.</summary>
        public string? ServerId { get; set; }

        public DelegateFolderRole? Calendar { get; set; }

        public DelegateFolderRole? Tasks { get; set; }

        public DelegateFolderRole? Inbox { get; set; }

        public DelegateFolderRole? Contacts { get; set; }

        public DelegateFolderRole? Notes { get; set; }

        public DelegateFolderRole? Journal { get; set; }

        public bool? ReceiveMeetingCopies { get; set; }

        public bool? ViewPrivateItems { get; set; }

        public DelegateEntry Copy() => (DelegateEntry)MemberwiseClone();

        public override string ToString() => $"{Address} calendar={Calendar} inbox={Inbox}";
    }

    public sealed class DelegateList
    {
        public DelegateList(IReadOnlyList<DelegateEntry> delegates, MeetingRequestDelivery? delivery)
        {
            Delegates = delegates;
            Delivery = delivery;
        }

        public IReadOnlyList<DelegateEntry> Delegates { get; }

        public MeetingRequestDelivery? Delivery { get; }
    }

    public enum DelegateWriteStatus
    {
        Done,
        /// <summary>AddDelegate of a user who already is a delegate (EWS ErrorDelegateAlreadyExists).</summary>
        AlreadyExists,
        /// <summary>Update or remove of a user who is not a delegate (EWS ErrorNotDelegate).</summary>
        NotDelegate,
        Failed,
    }

    /// <summary>The outcome for one user of a delegate write.</summary>
    public sealed class DelegateWriteResult
    {
        private DelegateWriteResult(DelegateWriteStatus status, DelegateEntry? entry, BackendError? error)
        {
            Status = status;
            Entry = entry;
            Error = error;
        }

        public DelegateWriteStatus Status { get; }

        /// <summary>The delegate as the server reported it after the write, when it did.</summary>
        public DelegateEntry? Entry { get; }

        public BackendError? Error { get; }

        public static DelegateWriteResult Done(DelegateEntry? entry) => new DelegateWriteResult(DelegateWriteStatus.Done, entry, null);

        public static DelegateWriteResult Of(DelegateWriteStatus status, BackendError? error) => new DelegateWriteResult(status, null, error);

        public override string ToString() => Error == null ? Status.ToString() : $"{Status}: {Error}";
    }
}
