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
    /// Permission reads: batched GetFolder for the permission sets with their ChangeKey as version, and the delegate
    /// marking of Editor entries on default calendars.
    /// </summary>
    public sealed partial class EwsCalendarBackend
    {
        public async Task<IReadOnlyList<BackendResult<CalendarPermissionSet>>> GetPermissionsAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken)
        {
            try
            {
                var states = await ReadAsync(calendars, cancellationToken).ConfigureAwait(false);
                ThrowIfAllFailed(states.Select(st => st.RequestFailure).ToList());
                return states.Select(s => s.Error != null ? BackendResult<CalendarPermissionSet>.Fail(s.Error) : BackendResult<CalendarPermissionSet>.Ok(s.Set!)).ToList();
            }
            catch (EwsException ex)
            {
                throw ex.ToBackendException();
            }
        }

        /// <summary>One calendar as read: the set (entries carry the EWS entry in ServerData) and the delegates, or an error.</summary>
        private sealed class ReadState
        {
            public ReadState(CalendarAddress address)
            {
                Address = address;
            }

            public CalendarAddress Address { get; }

            /// <summary>Where the calendar is (located once; FindFolder for secondary calendars by name).</summary>
            public EwsFolderReference? Reference { get; set; }

            public EwsCalendarFolder? Folder { get; set; }

            public CalendarPermissionSet? Set { get; set; }

            public BackendError? Error { get; set; }

            /// <summary>Set when the item failed because its whole EWS request failed (throttled, unreachable, fault).</summary>
            public EwsException? RequestFailure { get; set; }

            public void Fail(EwsException ex)
            {
                RequestFailure = ex;
                Error = ErrorOf(ex);
            }
        }

        /// <summary>
        /// Locates and reads each calendar. <paramref name="needsDelegates"/> says which calendars need their delegates
        /// read (GetDelegate) to tell a delegate's Editor entry from a plain Editor; null means every default calendar
        /// with an Editor entry (a listing shows every entry as it is).
        /// </summary>
        private async Task<IReadOnlyList<ReadState>> ReadAsync(IReadOnlyList<CalendarAddress> calendars, CancellationToken cancellationToken, IReadOnlyList<EwsFolderReference?>? knownReferences = null, Func<int, CalendarPermissionSet, bool>? needsDelegates = null)
        {
            var states = calendars.Select(c => new ReadState(c)).ToList();
            for (var i = 0; i < states.Count; i++)
            {
                var s = states[i];
                if (knownReferences != null && knownReferences[i] != null)
                {
                    s.Reference = knownReferences[i];
                }
                else if (s.Address.FolderId != null)
                {
                    s.Reference = EwsFolderReference.ById(new EwsFolderId(s.Address.FolderId, null));
                }
                else if (s.Address.CalendarName == null)
                {
                    s.Reference = EwsFolderReference.Distinguished(EwsWellKnownNames.CalendarFolder, s.Address.Mailbox);
                }
            }

            await LocateSecondaryAsync(states.Where(s => s.Reference == null).ToList(), cancellationToken).ConfigureAwait(false);
            await GetFoldersAsync(states.Where(s => s.Error == null && s.Reference != null).ToList(), cancellationToken).ConfigureAwait(false);
            await MarkDelegatesAsync(states.Where((s, i) => s.Error == null && s.Set != null && (needsDelegates == null || needsDelegates(i, s.Set))).ToList(), cancellationToken).ConfigureAwait(false);
            return states;
        }

        /// <summary>Batched GetFolder; per-item transient codes are retried for those items only.</summary>
        private async Task GetFoldersAsync(IReadOnlyList<ReadState> states, CancellationToken cancellationToken)
        {
            await Task.WhenAll(Batches(states, s => s.Address.Mailbox).Select(async batch =>
            {
                var pending = batch;
                var budget = new RetryBudget(options.Retry);
                while (pending.Count > 0)
                {
                    var op = new GetFolderOperation(pending.Select(s => s.Reference!).ToList()) { TargetMailbox = pending[0].Address.Mailbox };
                    IReadOnlyList<EwsItemResult<EwsCalendarFolder>> answers;
                    try
                    {
                        answers = await client.ExecuteAsync(op, cancellationToken).ConfigureAwait(false);
                    }
                    catch (EwsException ex) when (IsPerRequest(ex))
                    {
                        foreach (var s in pending)
                        {
                            s.Fail(ex);
                        }

                        return;
                    }

                    var retry = new List<ReadState>();
                    TimeSpan? hint = null;
                    for (var i = 0; i < pending.Count; i++)
                    {
                        var s = pending[i];
                        var a = answers[i];
                        if (a.Message.IsSuccess && a.Value != null)
                        {
                            s.Folder = a.Value;
                            s.Set = ToPermissionSet(s.Address, a.Value);
                            s.Error = null;
                        }
                        else if (EwsErrorMap.IsTransient(a.Message.ResponseCode))
                        {
                            retry.Add(s);
                            s.Error = ItemError(a.Message, $"Cannot read the permissions of {s.Address.DisplayText}");
                            hint = BackOff(a.Message) ?? hint;
                        }
                        else
                        {
                            s.Error = ItemError(a.Message, $"Cannot read the permissions of {s.Address.DisplayText}");
                        }
                    }

                    if (retry.Count == 0 || !budget.TryNextAttempt(hint, out var delay))
                    {
                        return;
                    }

                    Trace($"GetFolder retrying {retry.Count} item(s) in {delay.TotalMilliseconds:0} ms");
                    await RetryBudget.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
                    pending = retry;
                }
            })).ConfigureAwait(false);
        }

        /// <summary>Marks Editor entries of delegates as Delegate / DelegateCanViewPrivate (default calendars only).</summary>
        private async Task MarkDelegatesAsync(IReadOnlyList<ReadState> states, CancellationToken cancellationToken)
        {
            var candidates = states.Where(s => s.Address.IsDefaultCalendar && s.Set!.Entries.Any(e => !e.Principal.IsDistinguished && e.Role == CalendarRole.Editor)).ToList();
            await Task.WhenAll(candidates.GroupBy(s => s.Address.Mailbox, StringComparer.OrdinalIgnoreCase).Select(async group =>
            {
                IReadOnlyList<EwsDelegateUser> delegates;
                try
                {
                    delegates = await GetDelegatesAsync(group.Key, cancellationToken).ConfigureAwait(false);
                }
                catch (EwsException ex) when (IsPerRequest(ex))
                {
                    foreach (var s in group)
                    {
                        s.Fail(ex);
                        s.Set = null;
                    }

                    return;
                }

                var records = delegates.Select(FromEws).ToList();
                foreach (var s in group)
                {
                    if (records.Count == 0)
                    {
                        continue;
                    }

                    var entries = DelegateMarking.ShowDelegates(s.Set!.Entries, records);
                    s.Set = WithEntries(s.Set, entries, s.Set.Version);
                }
            })).ConfigureAwait(false);
        }

        private async Task<IReadOnlyList<EwsDelegateUser>> GetDelegatesAsync(string mailbox, CancellationToken cancellationToken)
        {
            EwsDelegateResult result;
            try
            {
                result = await client.ExecuteAsync(new GetDelegateOperation(mailbox, includePermissions: true), cancellationToken).ConfigureAwait(false);
            }
            catch (EwsFaultException ex) when (ex.Code != BackendErrorCode.Throttled && ex.Code != BackendErrorCode.Transient)
            {
                Trace($"GetDelegate for {mailbox} failed ({ex.ResponseCode}); Editor entries are shown as Editor");
                return Array.Empty<EwsDelegateUser>();
            }

            if (!result.Outer.IsSuccess)
            {
                Trace($"GetDelegate for {mailbox}: {result.Outer}; Editor entries are shown as Editor");
                return Array.Empty<EwsDelegateUser>();
            }

            return result.Users.Where(u => u.Value != null).Select(u => u.Value!).ToList();
        }

        private CalendarPermissionSet ToPermissionSet(CalendarAddress address, EwsCalendarFolder folder)
        {
            var entries = (folder.Permissions ?? Array.Empty<EwsCalendarPermission>()).Select(ToEntry).ToList();
            var name = folder.DisplayName ?? address.CalendarName ?? "Calendar";
            return new CalendarPermissionSet(address, address.Mailbox, name, folder.FolderId.Id, folder.FolderId.ChangeKey, entries)
            {
                IsDefaultCalendar = address.IsDefaultCalendar,
            };
        }

        private PermissionEntry ToEntry(EwsCalendarPermission p)
        {
            var role = RoleVocabulary.FromEwsLevel(p.Level);
            return new PermissionEntry(ToPrincipal(p.UserId), role, false, p);
        }

        private Principal ToPrincipal(EwsUserId id)
        {
            if (string.Equals(id.DistinguishedUser, EwsWellKnownNames.DefaultUser, StringComparison.OrdinalIgnoreCase))
            {
                return Principal.Default;
            }

            if (string.Equals(id.DistinguishedUser, EwsWellKnownNames.AnonymousUser, StringComparison.OrdinalIgnoreCase))
            {
                return Principal.Anonymous;
            }

            if (!string.IsNullOrWhiteSpace(id.PrimarySmtpAddress))
            {
                return Principal.User(id.PrimarySmtpAddress!, id.DisplayName, IsExternal(id.PrimarySmtpAddress!), id.Sid);
            }

            if (!string.IsNullOrWhiteSpace(id.ExternalUserIdentity))
            {
                return Principal.User(id.ExternalUserIdentity!, id.DisplayName, true, id.Sid);
            }

            // An orphaned entry (deleted user): only a SID or a name is left.
            return Principal.User(id.DisplayName ?? id.Sid ?? "(unknown)", id.DisplayName, false, id.Sid);
        }

        private static CalendarPermissionSet WithEntries(CalendarPermissionSet set, IReadOnlyList<PermissionEntry> entries, string? version) =>
            new CalendarPermissionSet(set.Address, set.Mailbox, set.CalendarName, set.CalendarId, version, entries) { IsDefaultCalendar = set.IsDefaultCalendar };
    }
}
