using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Roles;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// The permission primitives <see cref="PermissionApplier"/> drives: versioned reads, and batched UpdateFolder of each
    /// calendar's whole permission set against its ChangeKey, each calendar answered Done, Conflict, Transient or Failed.
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
        public async Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> ReadPermissionSetsAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken)
        {
            try
            {
                // Delegates are read by the applier, through the delegate capability, where a plan needs them.
                var states = await ReadAsync(calendars, cancellationToken, needsDelegates: (_, _) => false).ConfigureAwait(false);
                return states.Select(s => s.Error != null ? BackendResult<CalendarPermissionSet>.Fail(s.Error) : BackendResult<CalendarPermissionSet>.Ok(s.Set!)).ToList();
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }
        }

        /// <summary>
        /// UpdateFolder of each calendar's whole permission set against the ChangeKey it was read with. Several calendars
        /// go in one request (FolderChanges is a list) where the connection reaches their mailboxes directly; with
        /// impersonation each request names one mailbox (ExchangeImpersonation and X-AnchorMailbox), see <see cref="Batches"/>.
        /// </summary>
        public async Task<IReadOnlyList<PermissionWriteAnswer>> WritePermissionSetsAsync(IReadOnlyList<PermissionWrite> writes, CancellationToken cancellationToken)
        {
            var answers = new PermissionWriteAnswer[writes.Count];
            var indexed = writes.Select((w, i) => (Write: w, Index: i)).ToList();
            try
            {
                await Task.WhenAll(Batches(indexed, x => x.Write.Read.Mailbox).Select(async batch =>
                {
                    var op = new UpdateFolderOperation(batch.Select(x => new EwsPermissionSetChange(new EwsFolderId(x.Write.Read.CalendarId, x.Write.Read.Version), ToEwsPermissions(x.Write.Entries))).ToList())
                    {
                        TargetMailbox = batch[0].Write.Read.Mailbox,
                    };
                    IReadOnlyList<EwsItemResult<EwsFolderId>> results;
                    try
                    {
                        results = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);
                    }
                    catch (EwsException ex) when (IsPerRequest(ex))
                    {
                        foreach (var x in batch)
                        {
                            answers[x.Index] = PermissionWriteAnswer.CalendarFailed(x.Write, ErrorOf(ex));
                        }

                        return;
                    }

                    for (var k = 0; k < batch.Count; k++)
                    {
                        var (write, index) = batch[k];
                        var message = results[k].Message;
                        var code = message.ResponseCode;
                        if (message.IsSuccess)
                        {
                            answers[index] = PermissionWriteAnswer.All(write, PermissionItemAnswer.Done(), results[k].Value?.ChangeKey);
                        }
                        else if (EwsErrorMap.IsConflict(code))
                        {
                            Trace($"UpdateFolder {write.Read.Address.DisplayText} {code}: re-read");
                            answers[index] = PermissionWriteAnswer.All(write, PermissionItemAnswer.Conflict(ItemError(message, write.Read.Address.DisplayText)));
                        }
                        else if (EwsErrorMap.IsTransient(code))
                        {
                            Trace($"UpdateFolder {write.Read.Address.DisplayText} {code}: try again");
                            answers[index] = PermissionWriteAnswer.All(write, PermissionItemAnswer.Transient(ItemError(message, write.Read.Address.DisplayText), BackOff(message)));
                        }
                        else
                        {
                            answers[index] = PermissionWriteAnswer.CalendarFailed(write, WriteError(write, message));
                        }
                    }
                })).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }

            return answers;
        }

        /// <summary>EWS can say everything the planner plans, except a sharing invitation (see the Invitations part).</summary>
        public ChangeOutcome? Refuse(CalendarPermissionSet set, PermissionChange change) => RefuseInvitation(set, change);

        /// <summary>Delegate records are this backend's own delegate primitives (GetDelegate, AddDelegate, …).</summary>
        public IDelegateBackend? DelegatesFor(string mailbox) => this;

        public RetryOptions PermissionRetry => options.Retry;

        /// <summary>The whole list to write: untouched entries exactly as read, changed and new ones as a level only.</summary>
        private static IReadOnlyList<EwsCalendarPermission> ToEwsPermissions(IReadOnlyList<PermissionEntry> entries) =>
            entries.Select(e =>
            {
                if (e.ServerData is EwsCalendarPermission asRead)
                {
                    return asRead;
                }

                EwsUserId id;
                if (e.Principal.Kind == PrincipalKind.Default)
                {
                    id = EwsUserId.Distinguished(EwsWellKnownNames.DefaultUser);
                }
                else if (e.Principal.Kind == PrincipalKind.Anonymous)
                {
                    id = EwsUserId.Distinguished(EwsWellKnownNames.AnonymousUser);
                }
                else if (e.Principal.Address != null && SmtpAddress.IsValid(e.Principal.Address))
                {
                    id = EwsUserId.Smtp(e.Principal.Address);
                }
                else
                {
                    id = new EwsUserId { Sid = e.Principal.ServerId, DisplayName = e.Principal.ServerId == null ? e.Principal.Address : null };
                }

                return new EwsCalendarPermission(id, RoleVocabulary.ToEwsLevel(e.Role));
            }).ToList();

        private static BackendError WriteError(PermissionWrite write, EwsResponseMessage message)
        {
            var users = write.Items
                .Select(i => i.After is null ? $"removing {i.Principal.Name}" : $"{i.Principal.Name} = {i.After.Role}")
                .ToList();
            var what = users.Count == 0 ? string.Empty : " (" + string.Join(", ", users) + ")";
            return new BackendError(
                EwsErrorMap.ToBackendCode(message.ResponseCode),
                $"Cannot change the permissions of {write.Read.Address.DisplayText}{what}: {message.ResponseCode}" + (message.MessageText != null ? ": " + message.MessageText : "."),
                message.ResponseCode);
        }
    }
}
