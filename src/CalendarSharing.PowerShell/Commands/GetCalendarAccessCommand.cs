using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// The reverse view: every calendar a user reaches, and how (their own folder entry, a delegate entry, a group they are
    /// in, Full Access, the Default entry where they have none of their own), from a saved scan (-FromReport) or a scan of
    /// every mailbox run now. A calendar the scan could not read comes with its reason.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarAccess")]
    [OutputType(typeof(CalendarAccessRow))]
    public sealed class GetCalendarAccessCommand : CalendarSharingConnectedCmdletBase
    {
        private readonly List<string> users = new List<string>();

        /// <summary>The users (SMTP addresses, aliases or display names); objects with a PrimarySmtpAddress, Identity or UserPrincipalName property bind by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "UserPrincipalName")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.UserCompleter))]
        public string[] User { get; set; } = Array.Empty<string>();

        /// <summary>A saved scan: the file Get-CalendarAccessReport -Resume wrote, or a report saved with Export-Csv. Then no connection is needed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FromReport { get; set; }

        /// <summary>Without -FromReport: also scan every secondary calendar.</summary>
        [Parameter]
        public SwitchParameter IncludeSecondaryCalendars { get; set; }

        /// <summary>Groups the users are in (addresses), counted whatever the connection can read: for a saved scan read with no connection, or groups it cannot expand.</summary>
        [Parameter]
        [ValidateNotNull]
        public string[] Group { get; set; } = Array.Empty<string>();

        /// <summary>With -FromReport no connection is needed.</summary>
        protected override void BeginProcessing()
        {
            if (FromReport == null)
            {
                base.BeginProcessing();
            }
        }

        protected override void ProcessRecord() => users.AddRange(User);

        protected override void EndProcessing()
        {
            Func<CalendarAccessScanner>? scanner = null;
            ConnectionServices? services;
            if (FromReport == null)
            {
                services = ResolveServices();
                Require<IAccessScanBackend>(services, ConnectionCapabilities.AccessReport);
                Require<ICalendarBackend>(services, ConnectionCapabilities.Permissions);
                var scanned = services;
                scanner = () => CalendarAccessScanner.For(scanned);
            }
            else
            {
                // A saved scan needs no connection; when there is one, it expands the groups of the scan's entries.
                services = Connection != null || Connections.Default != null ? ResolveServices() : null;
            }

            var path = FromReport == null ? null : GetUnresolvedProviderPathFromPSPath(FromReport);
            var options = new AccessScanOptions { IncludeSecondaryCalendars = IncludeSecondaryCalendars };
            var engine = new CalendarAccessCommands(scanner) { NamedGroups = Group };
            engine.ExpandGroupsWith(services);
            RunEngine((sink, token) => engine.ReachableAsync(users, path, options, sink, token));
        }
    }
}
