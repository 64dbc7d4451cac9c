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

        /// <summary>
        /// The executor of the organisation whose sharing policies govern <paramref name="mailbox"/>: each side of a hybrid
        /// organisation has its own (Exchange Online's through the admin API, on-premises ones through the Exchange
        /// session), so a mailbox is checked against the policies of the side that hosts it. Null when this connection
        /// cannot reach that side's policies.
        /// </summary>
        Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken);

        /// <summary>Where the policies governing a mailbox run through <paramref name="executor"/> are read, for output.</summary>
        string SourceOf(IExchangeCommandExecutor executor);
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

        public Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken) =>
            Task.FromResult(Organization);

        public string SourceOf(IExchangeCommandExecutor executor) => SourceName;
    }

    /// <summary>
    /// Sharing policies in a hybrid organisation: the organisation-wide cmdlets (Get-CalendarSharingPolicy,
    /// Enable-/Disable-ExternalCalendarSharing) run on Exchange Online's side, or on premises when the admin passes
    /// -ExchangeSession; a mailbox's policy check runs on the side that hosts the mailbox, through the executor
    /// mailbox access routes to it (none for an on-premises mailbox without -ExchangeSession: the check says so and the
    /// server decides).
    /// </summary>
    public sealed class RoutedSharingPolicy : ISharingPolicyBackend
    {
        private readonly ISharingPolicyBackend organization;
        private readonly IMailboxAccessBackend access;

        public RoutedSharingPolicy(ISharingPolicyBackend organization, IMailboxAccessBackend access)
        {
            this.organization = organization ?? throw new ArgumentNullException(nameof(organization));
            this.access = access ?? throw new ArgumentNullException(nameof(access));
        }

        public IExchangeCommandExecutor? Organization => organization.Organization;

        public string SourceName => organization.SourceName;

        public ISharingPolicyBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor) =>
            new RoutedSharingPolicy(new ExchangeSharingPolicyBackend(executor, "Exchange session"), access.WithOnPremisesExecutor(executor));

        public Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken) =>
            access.ExecutorForAsync(mailbox, cancellationToken);

        public string SourceOf(IExchangeCommandExecutor executor) =>
            ReferenceEquals(executor, organization.Organization) ? organization.SourceName : "Exchange session";
    }
}
