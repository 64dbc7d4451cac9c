using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Permissions;
using CalendarSharing.Core.Publishing;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Graph
{
    /// <summary>
    /// Set-CalendarShare -SendInvitation in Exchange Online. Creating a calendarPermission through Graph sends the
    /// recipient a sharing invitation to accept (observed, and no Graph option changes it:
    /// microsoftgraph/microsoft-graph-docs-contrib#264), so a new share needs nothing more. Changing an existing share's
    /// role through Graph (PATCH) sends none: that change goes through the admin API instead, as
    /// Set-MailboxFolderPermission -SendNotificationToUser $true
    /// (https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailboxfolderpermission), with the delegate
    /// flags the role has spelled out (-SharingPermissionFlags), since Set overwrites the entry and would otherwise
    /// decide a delegate's status itself. The calendar is named by its folder path, found by type (the default
    /// calendar, whatever its language) or by name.
    /// </summary>
    public sealed partial class GraphCalendarBackend
    {
        /// <summary>One principal's role change that must carry an invitation: item <see cref="Item"/> of write <see cref="Write"/>.</summary>
        private sealed class InvitationWrite
        {
            public InvitationWrite(int write, int item, CalendarPermissionSet set, Principal principal, CalendarRole role)
            {
                Write = write;
                Item = item;
                Set = set;
                Principal = principal;
                Role = role;
            }

            public int Write { get; }

            public int Item { get; }

            public CalendarPermissionSet Set { get; }

            public Principal Principal { get; }

            public CalendarRole Role { get; }
        }

        /// <summary>The Exchange cmdlet for one role change with its invitation (a pure function, so tests check what is sent).</summary>
        public static ExchangeCommand InvitationCommand(string folderIdentity, string user, CalendarRole role)
        {
            var command = new ExchangeCommand("Set-MailboxFolderPermission")
                .With("Identity", folderIdentity)
                .With("User", user);
            switch (role)
            {
                case CalendarRole.AvailabilityOnly:
                case CalendarRole.LimitedDetails:
                case CalendarRole.Reviewer:
                    command.With("AccessRights", new[] { role.ToString() });
                    break;
                case CalendarRole.Editor:
                    command.With("AccessRights", new[] { "Editor" }).With("SharingPermissionFlags", "None");
                    break;
                case CalendarRole.Delegate:
                    command.With("AccessRights", new[] { "Editor" }).With("SharingPermissionFlags", "Delegate");
                    break;
                case CalendarRole.DelegateCanViewPrivate:
                    command.With("AccessRights", new[] { "Editor" }).With("SharingPermissionFlags", "Delegate,CanViewPrivateItems");
                    break;
                default:
                    throw new ArgumentException(Texts.Format(nameof(Texts.Error_InvitationRoleNotAllowed), role), nameof(role));
            }

            return command.With("SendNotificationToUser", true).With("Confirm", false);
        }

        private async Task WriteWithInvitationsAsync(List<InvitationWrite> writes, PermissionItemAnswer?[][] answers, CancellationToken cancellationToken)
        {
            foreach (var w in writes)
            {
                try
                {
                    if (!IsInvitable(w.Role))
                    {
                        throw new BackendException(new BackendError(
                            BackendErrorCode.RoleNotAllowed,
                            Texts.Format(nameof(Texts.Error_InvitationRoleNotAllowedRow), w.Role, w.Principal.Name)));
                    }

                    if (string.IsNullOrWhiteSpace(options.SignIn.TenantId))
                    {
                        throw new BackendException(new BackendError(
                            BackendErrorCode.NotSupported,
                            $"{w.Principal.Name} already has an entry; sending an invitation with a changed share goes through the Exchange Online admin API, which needs the tenant: connect with -TenantId. Nothing was changed for this row."));
                    }

                    var identity = await FolderIdentityAsync(w.Set, cancellationToken).ConfigureAwait(false);
                    await InvokeAsync(InvitationCommand(identity, w.Principal.Address ?? w.Principal.Name, w.Role), cancellationToken).ConfigureAwait(false);
                    answers[w.Write][w.Item] = PermissionItemAnswer.Done(invitationSent: true);
                }
                catch (BackendException ex)
                {
                    answers[w.Write][w.Item] = PermissionItemAnswer.Failed(ex.Error);
                }
            }
        }

        private static bool IsInvitable(CalendarRole role) =>
            role == CalendarRole.AvailabilityOnly || role == CalendarRole.LimitedDetails || role == CalendarRole.Reviewer
            || role == CalendarRole.Editor || role == CalendarRole.Delegate || role == CalendarRole.DelegateCanViewPrivate;

        /// <summary>mailbox:\FolderPath of the calendar, from Get-MailboxFolderStatistics -FolderScope Calendar.</summary>
        private async Task<string> FolderIdentityAsync(CalendarPermissionSet set, CancellationToken cancellationToken)
        {
            var mailbox = set.Address.Mailbox;
            var folders = await InvokeAsync(PublishingCommandBuilder.GetCalendarFolders(mailbox), cancellationToken).ConfigureAwait(false);
            string? Text(IReadOnlyDictionary<string, object?> o, string name) =>
                o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
            var name = set.CalendarName;
            var folder = set.IsDefaultCalendar
                ? folders.Objects.FirstOrDefault(f => string.Equals(Text(f, "FolderType"), "Calendar", StringComparison.OrdinalIgnoreCase))
                : folders.Objects.FirstOrDefault(f => string.Equals(Text(f, "Name"), name, StringComparison.OrdinalIgnoreCase));
            var path = folder == null ? null : Text(folder, "FolderPath");
            if (path == null)
            {
                throw new BackendException(new BackendError(BackendErrorCode.CalendarNotFound, Texts.Format(nameof(Texts.Error_FolderStatisticsNoCalendar), set.Address.DisplayText)));
            }

            return PublishingCommandBuilder.FolderIdentity(mailbox, path);
        }
    }
}
