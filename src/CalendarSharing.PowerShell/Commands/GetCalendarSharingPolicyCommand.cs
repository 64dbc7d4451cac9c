using System;
using System.Management.Automation;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// The organisation's sharing policies: each one's domains and detail levels, whether it is enabled and the
    /// default, and (-IncludeMailboxes) who is assigned to it. -Partners lists each partner domain with every mechanism
    /// that shares calendar information with it (sharing policies, organisation relationships) and which one governs.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarSharingPolicy", DefaultParameterSetName = PoliciesSet)]
    [OutputType(typeof(CalendarSharingPolicy), ParameterSetName = new[] { PoliciesSet })]
    [OutputType(typeof(ExternalSharingPartner), ParameterSetName = new[] { PartnersSet })]
    public sealed class GetCalendarSharingPolicyCommand : SharingPolicyCmdletBase
    {
        private const string PoliciesSet = "Policies";
        private const string PartnersSet = "Partners";

        /// <summary>Only these policies (by name).</summary>
        [Parameter(Position = 0, ParameterSetName = PoliciesSet)]
        [Alias("Name")]
        public string[] Identity { get; set; } = Array.Empty<string>();

        /// <summary>Also read which mailboxes are assigned to each policy (Set-Mailbox -SharingPolicy).</summary>
        [Parameter(ParameterSetName = PoliciesSet)]
        public SwitchParameter IncludeMailboxes { get; set; }

        /// <summary>One object per partner domain and mechanism (sharing policy, organisation relationship), saying which governs.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PartnersSet)]
        public SwitchParameter Partners { get; set; }

        protected override void EndProcessing()
        {
            var commands = PolicyCommands();
            if (Partners)
            {
                RunEngine((sink, token) => commands.GetPartnersAsync(sink, token));
            }
            else
            {
                RunEngine((sink, token) => commands.GetAsync(Identity, IncludeMailboxes, sink, token));
            }
        }
    }
}
