using System;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.Core.Sharing
{
    /// <summary>
    /// The sharing-policy capability: what runs the organisation's Exchange cmdlets for sharing policies
    /// (Get-/New-/Set-SharingPolicy, Get-OrganizationRelationship, Get-FederationInformation, Set-Mailbox
    /// -SharingPolicy). Exchange Online: the admin API (InvokeCommand); on premises: the admin's Exchange Management
    /// Shell session (-ExchangeSession). The engine (read, change one entry, write back; evaluation; baselines) is
    /// <see cref="SharingPolicyCommands"/>.
    /// </summary>
    public interface ISharingPolicyBackend
    {
        /// <summary>The executor for the organisation's own settings (policies, relationships), or null when there is none.</summary>
        IExchangeCommandExecutor? Organization { get; }

        /// <summary>Where the policies are read, for output (Exchange Online admin API, Exchange session, sandbox).</summary>
        string SourceName { get; }

        /// <summary>The same capability with every cmdlet run through <paramref name="executor"/> (the admin's Exchange session).</summary>
        ISharingPolicyBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor);
    }

    /// <summary>The sharing-policy capability through one executor (an Exchange Online connection's admin API, an Exchange session).</summary>
    public sealed class ExchangeSharingPolicyBackend : ISharingPolicyBackend
    {
        public ExchangeSharingPolicyBackend(IExchangeCommandExecutor executor, string sourceName)
        {
            Organization = executor ?? throw new ArgumentNullException(nameof(executor));
            SourceName = sourceName ?? string.Empty;
        }

        public IExchangeCommandExecutor? Organization { get; }

        public string SourceName { get; }

        public ISharingPolicyBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor) =>
            new ExchangeSharingPolicyBackend(executor, "Exchange session");
    }
}
