using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// The sharing-policy cmdlets: -ExchangeSession (the admin's Exchange Management Shell session, on premises) or a
    /// connection with the SharingPolicy capability (an Exchange Online connection: the admin API). The engine is
    /// <see cref="SharingPolicyCommands"/>.
    /// </summary>
    public abstract class SharingPolicyCmdletBase : CalendarSharingConnectedCmdletBase
    {
        private ExchangeSessionExecutor? session;

        /// <summary>A session to the Exchange Management Shell: New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://server/PowerShell/.</summary>
        [Parameter]
        [ValidateNotNull]
        public PSSession? ExchangeSession { get; set; }

        /// <summary>With -ExchangeSession a CalendarSharing connection is optional.</summary>
        protected override void BeginProcessing()
        {
            if (ExchangeSession == null)
            {
                base.BeginProcessing();
                return;
            }

            if (ExchangeSession.Availability != RunspaceAvailability.Available)
            {
                ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.ExchangeSessionNotAvailable(
                    ExchangeSession, ExchangeSession.Name, ExchangeSession.ComputerName, ExchangeSession.Availability.ToString())));
            }
        }

        /// <summary>
        /// The engine over -ExchangeSession (with a hybrid connection: on-premises mailboxes there, Exchange Online ones
        /// through the connection), else over the connection's SharingPolicy capability (the one error when it has none).
        /// </summary>
        internal SharingPolicyCommands PolicyCommands()
        {
            if (ExchangeSession != null)
            {
                session ??= new ExchangeSessionExecutor(ExchangeSession);
                var connected = Connection is null && Connections.Default is null ? null : ResolveServices();
                var routed = connected?.OnPremisesSide != null ? connected.Find<ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy)?.WithOnPremisesExecutor(session) : null;
                return new SharingPolicyCommands(routed ?? new ExchangeSharingPolicyBackend(session, ExchangeSessionParameter.NameOf(ExchangeSession)!), 1);
            }

            var services = ResolveServices();
            return new SharingPolicyCommands(Require<ISharingPolicyBackend>(services, ConnectionCapabilities.SharingPolicy), Math.Max(1, services.Info.MaxConcurrency));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                session?.Dispose();
                session = null;
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Tab completion for -DetailLevel.</summary>
    public sealed class SharingDetailLevelCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            foreach (var name in new[] { "AvailabilityOnly", "LimitedDetails", "Reviewer" })
            {
                if (name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(name);
                }
            }
        }
    }
}
