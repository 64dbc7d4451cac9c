using System;
using System.Linq;
using System.Management.Automation;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Creates a sharing policy that shares calendars with the domains (and -Anonymous) up to the detail level. A policy
    /// of that name with exactly these settings is Unchanged; one with other settings is left alone (an error says how
    /// to change it). Assign it with Set-CalendarSharingPolicy -Mailbox.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CalendarSharingPolicy", SupportsShouldProcess = true)]
    [OutputType(typeof(SharingPolicyChange))]
    public sealed class NewCalendarSharingPolicyCommand : SharingPolicyCmdletBase
    {
        /// <summary>The new policy's name.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Identity")]
        public string Name { get; set; } = string.Empty;

        /// <summary>Domains to share with (fabrikam.com; '*' for every federated organisation).</summary>
        [Parameter(Position = 1)]
        public string[] Domain { get; set; } = Array.Empty<string>();

        /// <summary>Also share with anyone (the Anonymous entry: published links).</summary>
        [Parameter]
        public SwitchParameter Anonymous { get; set; }

        /// <summary>AvailabilityOnly (free/busy), LimitedDetails (with subject and location) or Reviewer (all details).</summary>
        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(SharingDetailLevelCompleter))]
        public string DetailLevel { get; set; } = string.Empty;

        /// <summary>$false creates it disabled. Default $true.</summary>
        [Parameter]
        public bool Enabled { get; set; } = true;

        protected override void EndProcessing()
        {
            var commands = PolicyCommands();
            var domains = Anonymous ? Domain.Concat(new[] { SharingPolicyDomains.Anonymous }).ToArray() : Domain;
            var level = SharingPolicyDomains.ParseLevel(DetailLevel);
            RunEngine((sink, token) =>
            {
                if (level == null)
                {
                    sink.WriteError(SharingPolicyCommands.InvalidLevel(DetailLevel));
                    return System.Threading.Tasks.Task.CompletedTask;
                }

                return commands.NewAsync(Name, domains, level.Value, Enabled, sink, token);
            });
        }
    }
}
