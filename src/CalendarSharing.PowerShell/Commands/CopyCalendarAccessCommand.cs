using System.Management.Automation;
using CalendarSharing.Core.Access;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Gives a user what another user holds on other people's calendars (their own folder entries and their delegate
    /// entries), as upserts with one result per entry; -RemoveSource then removes the source's entries (offboarding), each
    /// only where the copy succeeded. Nobody else's entries are touched. The engine is <see cref="CalendarAccessCopier"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "CalendarAccess", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CalendarShareResult), typeof(MailboxDelegateResult))]
    public sealed class CopyCalendarAccessCommand : CalendarSharingConnectedCmdletBase
    {
        /// <summary>The user whose access is copied (SMTP address, alias or display name).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Source")]
        [ArgumentCompleter(typeof(Completion.UserCompleter))]
        public string From { get; set; } = string.Empty;

        /// <summary>The user who gets it (SMTP address, alias or display name).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Target")]
        [ArgumentCompleter(typeof(Completion.UserCompleter))]
        public string To { get; set; } = string.Empty;

        /// <summary>After the copy, remove the source's entries (each only where the target got its copy).</summary>
        [Parameter]
        public SwitchParameter RemoveSource { get; set; }

        protected override void ProcessRecord()
        {
            var services = ResolveServices();
            var copier = CalendarAccessCopier.For(services, PermissionCommands());
            copier.PreviewRemovals = IsWhatIf();
            var from = From;
            var to = To;
            var remove = RemoveSource.IsPresent;
            RunEngine((sink, token) => copier.CopyAsync(from, to, remove, sink, token));
        }
    }
}
