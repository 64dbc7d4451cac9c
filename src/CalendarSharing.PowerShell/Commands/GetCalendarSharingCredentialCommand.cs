using System;
using System.Management.Automation;
using System.Threading.Tasks;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Lists stored credentials (name, user name, protection, date; never the password), or with -AsCredential
    /// decrypts them into PSCredentials for a runbook.
    /// </summary>
    /// <remarks>
    /// -Name alone still lists (a Get- that sometimes returns a description and sometimes a secret would surprise
    /// scripts and formatters); -AsCredential is the explicit request for the PSCredential, which is a PowerShell
    /// type because that is what -Credential parameters everywhere take.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "CalendarSharingCredential", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(StoredCredentialInfo), ParameterSetName = new[] { ListSet })]
    [OutputType(typeof(PSCredential), ParameterSetName = new[] { CredentialSet })]
    public sealed class GetCalendarSharingCredentialCommand : CalendarSharingCredentialCmdletBase
    {
        public const string ListSet = "List";
        public const string CredentialSet = "AsCredential";

        /// <summary>Names to list (wildcards allowed), or the names to decrypt with -AsCredential.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ListSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = CredentialSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.CredentialNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Return each named credential as a PSCredential (the password decrypted into a SecureString).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        public SwitchParameter AsCredential { get; set; }

        protected override void ProcessRecord()
        {
            var commands = CreateCommands();
            var names = Name;
            if (AsCredential)
            {
                RunEngine((sink, token) =>
                {
                    foreach (var name in names)
                    {
                        token.ThrowIfCancellationRequested();
                        commands.GetCredential(name, (user, password) => new PSCredential(user, password), sink);
                    }

                    return Task.CompletedTask;
                });
                return;
            }

            RunEngine((sink, token) =>
            {
                commands.List(names, sink);
                return Task.CompletedTask;
            });
        }
    }
}
