using System;
using System.Management.Automation;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Stops calendar sharing with a domain (or '*', or -Anonymous) in the default sharing policy or the one named: the
    /// domain's calendar action is taken out (its other actions, such as ContactsSharing, and every other domain stay;
    /// an entry left with nothing is removed). A domain that shares no calendar is Unchanged.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Disable, "ExternalCalendarSharing", SupportsShouldProcess = true, DefaultParameterSetName = DomainSet)]
    [OutputType(typeof(SharingPolicyChange))]
    public sealed class DisableExternalCalendarSharingCommand : SharingPolicyCmdletBase
    {
        private const string DomainSet = "Domain";
        private const string AnonymousSet = "Anonymous";

        /// <summary>The domains (fabrikam.com; '*' for every federated organisation).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DomainSet)]
        public string[] Domain { get; set; } = Array.Empty<string>();

        /// <summary>Anyone, through published calendar links (the policy's Anonymous entry).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AnonymousSet)]
        public SwitchParameter Anonymous { get; set; }

        /// <summary>The sharing policy to change (by name); the default policy when omitted.</summary>
        [Parameter]
        [Alias("Identity")]
        public string? Policy { get; set; }

        protected override void EndProcessing()
        {
            var commands = PolicyCommands();
            var domains = Anonymous ? new[] { SharingPolicyDomains.Anonymous } : Domain;
            RunEngine((sink, token) => commands.SetDomainsAsync(Policy, domains, CalendarRole.None, sink, token));
        }
    }
}
