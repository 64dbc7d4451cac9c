using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using Microsoft.Graph.Models;
using GraphPermission = Microsoft.Graph.Models.CalendarPermission;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// Delegates over Microsoft Graph (Exchange Online). Graph knows a delegate only as a calendarPermission on the
    /// primary calendar with the role delegateWithoutPrivateEventAccess or delegateWithPrivateEventAccess (= calendar
    /// Editor + delegate, ViewPrivateItems), plus the mailbox-wide mailboxSettings.delegateMeetingMessageDeliveryOptions.
    /// What Graph cannot express — another calendar level, Inbox/Contacts/Tasks/Notes/Journal access, a per-delegate
    /// ReceiveMeetingCopies, MeetingRequestDelivery NoForward — is a per-user NotSupported error, never dropped.
    /// </summary>
    public sealed partial class GraphCalendarBackend : IDelegateBackend
    {
        async Task<DelegateList> IDelegateBackend.GetDelegatesAsync(string mailbox, CancellationToken cancellationToken)
        {
            var settings = new GraphStep(
                requests.GetMailboxSettings(mailbox),
                $"Cannot read the mailbox settings of {mailbox}",
                NotFoundMeans.Mailbox);
            var permissions = await ListDelegatePermissionsAsync(mailbox, new[] { settings }, cancellationToken).ConfigureAwait(false);
            MeetingRequestDelivery? delivery = null;
            if (settings.IsSuccess)
            {
                var parsed = await settings.ParseAsync(MailboxSettings.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                delivery = FromGraph(parsed?.DelegateMeetingMessageDeliveryOptions);
            }
            else
            {
                Trace($"{mailbox}: mailboxSettings answered {settings.Error?.ServerCode ?? "HTTP " + settings.Status}; MeetingRequestDelivery left empty");
            }

            return new DelegateList(permissions.Where(p => IsDelegate(p.Role)).Select(ToDelegate).ToList(), delivery);
        }

        public Task<IReadOnlyList<DelegateWriteResult>> AddDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken) =>
            WriteDelegatesAsync(mailbox, users, delivery, add: true, cancellationToken);

        public Task<IReadOnlyList<DelegateWriteResult>> UpdateDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken) =>
            WriteDelegatesAsync(mailbox, users, delivery, add: false, cancellationToken);

        public async Task<IReadOnlyList<DelegateWriteResult>> RemoveDelegatesAsync(string mailbox, IReadOnlyList<string> users, CancellationToken cancellationToken)
        {
            var permissions = await ListDelegatePermissionsAsync(mailbox, Array.Empty<GraphStep>(), cancellationToken).ConfigureAwait(false);
            var results = new DelegateWriteResult?[users.Count];
            var steps = new List<(int Index, GraphStep Step)>();
            for (var i = 0; i < users.Count; i++)
            {
                var existing = Find(permissions, users[i]);
                if (existing == null || !IsDelegate(existing.Role))
                {
                    results[i] = DelegateWriteResult.Of(DelegateWriteStatus.NotDelegate, new BackendError(BackendErrorCode.PrincipalNotFound, $"{users[i]} is not a delegate of {mailbox}."));
                    continue;
                }

                steps.Add((i, new GraphStep(
                    requests.DeletePermission(mailbox, null, existing.Id),
                    $"Cannot remove {users[i]} as a delegate of {mailbox}",
                    NotFoundMeans.Permission)));
            }

            await gateway.ExecuteAsync(steps.Select(s => s.Step).ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var (index, step) in steps)
            {
                results[index] = step.IsSuccess ? DelegateWriteResult.Done(null) : DelegateWriteResult.Of(DelegateWriteStatus.Failed, step.Error ?? UnexpectedStatus(step));
            }

            return results.Select(r => r!).ToList();
        }

        private async Task<IReadOnlyList<DelegateWriteResult>> WriteDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, bool add, CancellationToken cancellationToken)
        {
            // The delivery is mailbox-wide: it goes first, so a refusal leaves every delegate as it was.
            if (delivery != null)
            {
                await SetDeliveryAsync(mailbox, delivery.Value, cancellationToken).ConfigureAwait(false);
            }

            if (users.Count == 0)
            {
                return Array.Empty<DelegateWriteResult>();
            }

            var permissions = await ListDelegatePermissionsAsync(mailbox, Array.Empty<GraphStep>(), cancellationToken).ConfigureAwait(false);
            var results = new DelegateWriteResult?[users.Count];
            var steps = new List<(int Index, GraphStep Step, bool Post)>();
            for (var i = 0; i < users.Count; i++)
            {
                var user = users[i];
                var refusal = Inexpressible(mailbox, user);
                if (refusal != null)
                {
                    results[i] = DelegateWriteResult.Of(DelegateWriteStatus.Failed, refusal);
                    continue;
                }

                var role = user.ViewPrivateItems == true ? CalendarRoleType.DelegateWithPrivateEventAccess : CalendarRoleType.DelegateWithoutPrivateEventAccess;
                var existing = Find(permissions, user.Address);
                if (add && existing != null && IsDelegate(existing.Role))
                {
                    results[i] = DelegateWriteResult.Of(DelegateWriteStatus.AlreadyExists, null);
                    continue;
                }

                if (!add && (existing == null || !IsDelegate(existing.Role)))
                {
                    results[i] = DelegateWriteResult.Of(DelegateWriteStatus.NotDelegate, new BackendError(BackendErrorCode.PrincipalNotFound, $"{user.Address} is not a delegate of {mailbox}."));
                    continue;
                }

                if (existing == null)
                {
                    var body = new GraphPermission { EmailAddress = new EmailAddress { Address = user.Address }, Role = role };
                    steps.Add((i, new GraphStep(
                        requests.CreatePermission(mailbox, null, body),
                        $"Cannot add {user.Address} as a delegate of {mailbox}",
                        NotFoundMeans.Principal), true));
                }
                else if (existing.Role != role)
                {
                    // A plain sharing entry (Reviewer, …) becomes a delegate entry, as AddDelegate does on-premises.
                    steps.Add((i, new GraphStep(
                        requests.PatchPermission(mailbox, null, existing.Id, new GraphPermission { Role = role }, null),
                        $"Cannot make {user.Address} a delegate of {mailbox} with {role}",
                        NotFoundMeans.Permission), false));
                }
                else
                {
                    results[i] = DelegateWriteResult.Done(Reported(user, existing));
                }
            }

            await gateway.ExecuteAsync(steps.Select(s => s.Step).ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var (index, step, post) in steps)
            {
                if (step.IsSuccess)
                {
                    results[index] = DelegateWriteResult.Done(Reported(users[index], null));
                }
                else
                {
                    var error = step.Error ?? UnexpectedStatus(step);
                    results[index] = DelegateWriteResult.Of(post && step.Status == 409 ? DelegateWriteStatus.AlreadyExists : DelegateWriteStatus.Failed, error);
                }
            }

            return results.Select(r => r!).ToList();
        }

        /// <summary>Why Graph cannot give this delegate what is asked, or null when it can.</summary>
        private static BackendError? Inexpressible(string mailbox, DelegateEntry user)
        {
            var problems = new List<string>();
            if (user.Calendar != null && user.Calendar != DelegateFolderRole.Editor)
            {
                problems.Add($"CalendarRole {user.Calendar} (Graph's delegate roles are calendar Editor; for a non-delegate share use Set-CalendarShare)");
            }

            foreach (var (name, role) in new[] { ("TasksRole", user.Tasks), ("InboxRole", user.Inbox), ("ContactsRole", user.Contacts), ("NotesRole", user.Notes), ("JournalRole", user.Journal) })
            {
                if (role != null && role != DelegateFolderRole.None)
                {
                    problems.Add($"{name} {role} (Graph delegates reach the calendar only; grant folder access with Add-MailboxFolderPermission)");
                }
            }

            if (user.ReceiveMeetingCopies == true)
            {
                problems.Add("ReceiveMeetingCopies (Graph has no per-delegate switch; -MeetingRequestDelivery sets where meeting messages go, for every delegate)");
            }

            return problems.Count == 0
                ? null
                : new BackendError(BackendErrorCode.NotSupported, Texts.Format(nameof(Texts.Error_GraphDelegateCannotSet), string.Join("; ", problems), user.Address, mailbox), "GraphCannotExpress");
        }

        private async Task SetDeliveryAsync(string mailbox, MeetingRequestDelivery delivery, CancellationToken cancellationToken)
        {
            DelegateMeetingMessageDeliveryOptions value;
            switch (delivery)
            {
                case MeetingRequestDelivery.DelegatesAndSendInformationToMe:
                    value = DelegateMeetingMessageDeliveryOptions.SendToDelegateAndInformationToPrincipal;
                    break;
                case MeetingRequestDelivery.DelegatesAndMe:
                    value = DelegateMeetingMessageDeliveryOptions.SendToDelegateAndPrincipal;
                    break;
                case MeetingRequestDelivery.DelegatesOnly:
                    value = DelegateMeetingMessageDeliveryOptions.SendToDelegateOnly;
                    break;
                default:
                    throw new BackendException(new BackendError(
                        BackendErrorCode.NotSupported,
                        $"MeetingRequestDelivery {delivery} has no Microsoft Graph equivalent (delegateMeetingMessageDeliveryOptions knows DelegatesOnly, DelegatesAndMe and DelegatesAndSendInformationToMe); nothing was changed on {mailbox}.",
                        "GraphCannotExpress"));
            }

            var step = new GraphStep(
                requests.PatchMailboxSettings(mailbox, new MailboxSettings { DelegateMeetingMessageDeliveryOptions = value }),
                $"Cannot set the delegate meeting message delivery of {mailbox}",
                NotFoundMeans.Mailbox);
            await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
            if (!step.IsSuccess)
            {
                throw new BackendException(step.Error ?? UnexpectedStatus(step));
            }
        }

        /// <summary>The primary calendar's permissions (with any extra steps in the same round trip); a failure is the whole mailbox's.</summary>
        private async Task<List<GraphPermission>> ListDelegatePermissionsAsync(string mailbox, IReadOnlyList<GraphStep> extra, CancellationToken cancellationToken)
        {
            var list = new GraphStep(
                requests.ListPermissions(mailbox, null),
                $"Cannot read the delegates of {mailbox}",
                NotFoundMeans.Mailbox);
            await gateway.ExecuteAsync(new[] { list }.Concat(extra).ToList(), cancellationToken).ConfigureAwait(false);
            if (!list.IsSuccess)
            {
                throw new BackendException(list.Error ?? UnexpectedStatus(list));
            }

            var first = await list.ParseAsync(CalendarPermissionCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var pages = new GraphPaging.Pages<GraphPermission>(first?.Value ?? new List<GraphPermission>(), first?.OdataNextLink, list.What, list.NotFound);
            await GraphPaging.FollowAsync(gateway, new[] { pages }, CalendarPermissionCollectionResponse.CreateFromDiscriminatorValue, p => (p.Value, p.OdataNextLink), cancellationToken).ConfigureAwait(false);
            if (pages.Error != null)
            {
                throw new BackendException(pages.Error);
            }

            return pages.Items;
        }

        private static GraphPermission? Find(IEnumerable<GraphPermission> permissions, string address) =>
            permissions.FirstOrDefault(p => p.Id != null && string.Equals(p.EmailAddress?.Address, address.Trim(), StringComparison.OrdinalIgnoreCase));

        private static bool IsDelegate(CalendarRoleType? role) =>
            role == CalendarRoleType.DelegateWithoutPrivateEventAccess || role == CalendarRoleType.DelegateWithPrivateEventAccess;

        /// <summary>What Graph shows of a delegate: calendar Editor and ViewPrivateItems; the rest is not reported (null).</summary>
        private static DelegateEntry ToDelegate(GraphPermission p) => new DelegateEntry(p.EmailAddress?.Address ?? string.Empty)
        {
            DisplayName = p.EmailAddress?.Name,
            Calendar = DelegateFolderRole.Editor,
            ViewPrivateItems = p.Role == CalendarRoleType.DelegateWithPrivateEventAccess,
        };

        private static DelegateEntry Reported(DelegateEntry written, GraphPermission? existing) => new DelegateEntry(written.Address)
        {
            DisplayName = existing?.EmailAddress?.Name,
            Calendar = DelegateFolderRole.Editor,
            ViewPrivateItems = written.ViewPrivateItems == true,
        };

        private static MeetingRequestDelivery? FromGraph(DelegateMeetingMessageDeliveryOptions? value)
        {
            switch (value)
            {
                case DelegateMeetingMessageDeliveryOptions.SendToDelegateAndInformationToPrincipal:
                    return MeetingRequestDelivery.DelegatesAndSendInformationToMe;
                case DelegateMeetingMessageDeliveryOptions.SendToDelegateAndPrincipal:
                    return MeetingRequestDelivery.DelegatesAndMe;
                case DelegateMeetingMessageDeliveryOptions.SendToDelegateOnly:
                    return MeetingRequestDelivery.DelegatesOnly;
                default:
                    return null;
            }
        }
    }
}
