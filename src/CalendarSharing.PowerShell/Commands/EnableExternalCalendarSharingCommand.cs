using System;
using System.Management.Automation;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Lets mailboxes share their calendars with a domain (or '*', every federated organisation; or -Anonymous, anyone)
    /// up to a detail level, in the default sharing policy or the one named. Only that domain's calendar action changes:
    /// every other domain and ContactsSharing stay; a second identical run is Unchanged.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Enable, "ExternalCalendarSharing", SupportsShouldProcess = true, DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(SharingPolicyChange))]
    public sealed class EnableExternalCalendarSharingCommand : SharingPolicyCmdletBase
    {
        private const string DomainSet = "Domain";
        private const string AnonymousSet = "Anonymous";

        /// <summary>The domains (fabrikam.com; '*' for every federated organisation). Subdomains are not implied.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DomainSet)]
        public string[] Domain { get; set; } = Array.Empty<string>();

        /// <summary>Anyone, through published calendar links (the policy's Anonymous entry).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AnonymousSet)]
        public SwitchParameter Anonymous { get; set; }

        /// <summary>AvailabilityOnly (free/busy), LimitedDetails (with subject and location) or Reviewer (all details).</summary>
        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(SharingDetailLevelCompleter))]
        public string DetailLevel { get; set; } = string.Empty;

        /// <summary>The sharing policy to change (by name); the default policy when omitted.</summary>
        [Parameter]
        [Alias("Identity")]
        public string? Policy { get; set; }

        protected override void EndProcessing()
        {
            var commands = PolicyCommands();
            var domains = Anonymous ? new[] { SharingPolicyDomains.Anonymous } : Domain;
            var level = SharingPolicyDomains.ParseLevel(DetailLevel);
            RunEngine((sink, token) =>
            {
                if (level == null)
                {
                    sink.WriteError(SharingPolicyCommands.InvalidLevel(DetailLevel));
                    return System.Threading.Tasks.Task.CompletedTask;
                }

                return commands.SetDomainsAsync(Policy, domains, level.Value, sink, token);
            });
        }
    }
}
