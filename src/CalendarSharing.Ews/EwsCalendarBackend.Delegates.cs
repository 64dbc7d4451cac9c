using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// Delegates over EWS (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/delegate-access-and-ews-in-exchange). The odd response shape: the XxxDelegateResponse element is itself a
    /// response message for the whole request; each user has its own DelegateUserResponseMessageType inside.
    /// An outer error fails the whole request (thrown); an inner one is that user's value.
    /// </summary>
    public sealed partial class EwsCalendarBackend : IDelegateBackend
    {
        async Task<DelegateList> IDelegateBackend.GetDelegatesAsync(string mailbox, CancellationToken cancellationToken)
        {
            EwsDelegateResult result;
            try
            {
                result = await RunDelegateAsync(new GetDelegateOperation(mailbox, includePermissions: true), mailbox, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }

            var delegates = result.Users.Where(u => u.IsSuccess).Select(u => FromEws(u.Value!)).ToList();
            return new DelegateList(delegates, ParseDelivery(result.DeliverMeetingRequests));
        }

        public Task<IReadOnlyList<DelegateWriteResult>> AddDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken) =>
            AsBackendFailures(AddDelegateUsersAsync(mailbox, users, delivery, cancellationToken));

        public Task<IReadOnlyList<DelegateWriteResult>> UpdateDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken) =>
            AsBackendFailures(UpdateDelegateUsersAsync(mailbox, users, delivery, cancellationToken));

        public Task<IReadOnlyList<DelegateWriteResult>> RemoveDelegatesAsync(string mailbox, IReadOnlyList<string> users, CancellationToken cancellationToken) =>
            AsBackendFailures(RemoveDelegateUsersAsync(mailbox, users, cancellationToken));

        // The delegate primitives. Every delegate write goes through these, the *-MailboxDelegate commands' and the
        // delegate records behind the calendar roles Delegate and DelegateCanViewPrivate alike. A transport failure is an
        // EwsException (the permission writer counts it towards its all-failed rule), an outer error a BackendException.

        private async Task<IReadOnlyList<DelegateWriteResult>> AddDelegateUsersAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken)
        {
            var op = new AddDelegateOperation(mailbox, users.Select(ToEws).ToList(), delivery?.ToString());
            var result = await RunDelegateAsync(op, mailbox, cancellationToken).ConfigureAwait(false);
            return PerUser(result, users.Select(u => u.Address).ToList(), mailbox, "add");
        }

        private async Task<IReadOnlyList<DelegateWriteResult>> UpdateDelegateUsersAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken)
        {
            var op = new UpdateDelegateOperation(mailbox, users.Select(ToEws).ToList(), delivery?.ToString());
            var result = await RunDelegateAsync(op, mailbox, cancellationToken).ConfigureAwait(false);
            return PerUser(result, users.Select(u => u.Address).ToList(), mailbox, "update");
        }

        private async Task<IReadOnlyList<DelegateWriteResult>> RemoveDelegateUsersAsync(string mailbox, IReadOnlyList<string> users, CancellationToken cancellationToken)
        {
            var op = new RemoveDelegateOperation(mailbox, users.Select(EwsUserId.Smtp).ToList());
            var result = await RunDelegateAsync(op, mailbox, cancellationToken).ConfigureAwait(false);
            return PerUser(result, users, mailbox, "remove");
        }

        private static async Task<IReadOnlyList<DelegateWriteResult>> AsBackendFailures(Task<IReadOnlyList<DelegateWriteResult>> write)
        {
            try
            {
                return await write.ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }
        }

        /// <summary>Runs the operation; a transport failure is an EwsException, an outer (whole-request) error a BackendException.</summary>
        private async Task<EwsDelegateResult> RunDelegateAsync(DelegateOperation op, string mailbox, CancellationToken cancellationToken)
        {
            var result = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);

            Trace($"{op.Name} for {mailbox}: {result.Outer}, {result.Users.Count} user message(s)");
            if (!result.Outer.IsSuccess)
            {
                throw new BackendException(new BackendError(
                    EwsErrorMap.ToBackendCode(result.Outer.ResponseCode),
                    $"{op.Name} on {mailbox} failed: {result.Outer.ResponseCode}" + (result.Outer.MessageText != null ? ": " + result.Outer.MessageText : "."),
                    result.Outer.ResponseCode));
            }

            return result;
        }

        /// <summary>One result per user, in order. A per-user message that is missing counts as done (RemoveDelegate may omit it).</summary>
        private static IReadOnlyList<DelegateWriteResult> PerUser(EwsDelegateResult result, IReadOnlyList<string> users, string mailbox, string verb)
        {
            var list = new List<DelegateWriteResult>(users.Count);
            for (var i = 0; i < users.Count; i++)
            {
                if (i >= result.Users.Count)
                {
                    list.Add(DelegateWriteResult.Done(null));
                    continue;
                }

                var message = result.Users[i].Message;
                if (message.IsSuccess)
                {
                    var user = result.Users[i].Value;
                    list.Add(DelegateWriteResult.Done(user == null ? null : FromEws(user)));
                    continue;
                }

                var status = message.ResponseCode == EwsResponseCodes.ErrorDelegateAlreadyExists ? DelegateWriteStatus.AlreadyExists
                    : message.ResponseCode == EwsResponseCodes.ErrorNotDelegate ? DelegateWriteStatus.NotDelegate
                    : DelegateWriteStatus.Failed;
                var error = new BackendError(
                    ToDelegateCode(message.ResponseCode),
                    $"Cannot {verb} {users[i]} as a delegate of {mailbox}: {message.ResponseCode}" + (message.MessageText != null ? ": " + message.MessageText : "."),
                    message.ResponseCode);
                list.Add(DelegateWriteResult.Of(status, error));
            }

            return list;
        }

        private static BackendErrorCode ToDelegateCode(string responseCode)
        {
            switch (responseCode)
            {
                case EwsResponseCodes.ErrorDelegateCannotAddOwner:
                case EwsResponseCodes.ErrorDelegateValidationFailed:
                case EwsResponseCodes.ErrorMissingEmailAddress:
                    return BackendErrorCode.InvalidInput;
                default:
                    return EwsErrorMap.ToBackendCode(responseCode);
            }
        }

        private static EwsDelegateUser ToEws(DelegateEntry d) => new EwsDelegateUser(EwsUserId.Smtp(d.Address))
        {
            CalendarFolderPermissionLevel = d.Calendar?.ToString(),
            TasksFolderPermissionLevel = d.Tasks?.ToString(),
            InboxFolderPermissionLevel = d.Inbox?.ToString(),
            ContactsFolderPermissionLevel = d.Contacts?.ToString(),
            NotesFolderPermissionLevel = d.Notes?.ToString(),
            JournalFolderPermissionLevel = d.Journal?.ToString(),
            ReceiveCopiesOfMeetingMessages = d.ReceiveMeetingCopies,
            ViewPrivateItems = d.ViewPrivateItems,
        };

        private static DelegateEntry FromEws(EwsDelegateUser u) => new DelegateEntry(u.UserId.PrimarySmtpAddress ?? u.UserId.DisplayName ?? u.UserId.Sid ?? string.Empty)
        {
            DisplayName = u.UserId.DisplayName,
            ServerId = u.UserId.Sid,
            Calendar = ParseLevel(u.CalendarFolderPermissionLevel),
            Tasks = ParseLevel(u.TasksFolderPermissionLevel),
            Inbox = ParseLevel(u.InboxFolderPermissionLevel),
            Contacts = ParseLevel(u.ContactsFolderPermissionLevel),
            Notes = ParseLevel(u.NotesFolderPermissionLevel),
            Journal = ParseLevel(u.JournalFolderPermissionLevel),
            ReceiveMeetingCopies = u.ReceiveCopiesOfMeetingMessages,
            ViewPrivateItems = u.ViewPrivateItems,
        };

        private static DelegateFolderRole? ParseLevel(string? level)
        {
            if (level == null)
            {
                return null;
            }

            return Enum.TryParse<DelegateFolderRole>(level.Trim(), ignoreCase: false, out var role) ? role : DelegateFolderRole.Custom;
        }

        private static MeetingRequestDelivery? ParseDelivery(string? value) =>
            value != null && Enum.TryParse<MeetingRequestDelivery>(value.Trim(), ignoreCase: false, out var d) ? d : (MeetingRequestDelivery?)null;
    }
}
