using System;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.Core.Publishing
{
    /// <summary>
    /// The publishing capability: what runs Get-/Set-MailboxCalendarFolder for a mailbox's calendar. Exchange keeps a
    /// calendar's anonymous publishing in the mailbox (PublishEnabled, DetailLevel, PublishDateRangeFrom/To and the
    /// published URLs: https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailboxcalendarfolder), and
    /// neither EWS nor Graph v1.0 reaches it: Exchange Online runs the cmdlets through the admin API, on premises the
    /// admin's Exchange Management Shell session does. One executor for every mailbox on a single connection; in a
    /// hybrid organisation the executor of the side that hosts the mailbox.
    /// </summary>
    public interface IPublishingBackend
    {
        /// <summary>The executor that reaches the mailbox's Exchange organisation, or null when this connection has none for it.</summary>
        Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken);

        /// <summary>
        /// The same capability with on-premises mailboxes run through <paramref name="executor"/> (the admin's Exchange
        /// Management Shell session). Where the connection cannot tell on-premises from online, every mailbox goes to it.
        /// </summary>
        IPublishingBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor);
    }

    /// <summary>Publishing through one executor for every mailbox (an Exchange Online connection's admin API, an Exchange session).</summary>
    public sealed class ExchangeExecutorPublishing : IPublishingBackend
    {
        public ExchangeExecutorPublishing(IExchangeCommandExecutor executor)
        {
            Executor = executor ?? throw new ArgumentNullException(nameof(executor));
        }

        public IExchangeCommandExecutor Executor { get; }

        public Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken) =>
            Task.FromResult<IExchangeCommandExecutor?>(Executor);

        public IPublishingBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor) => new ExchangeExecutorPublishing(executor);
    }

    /// <summary>
    /// Publishing in a hybrid organisation: the executors mailbox access already routes per mailbox (the side that hosts
    /// it), since both run Exchange cmdlets on that side.
    /// </summary>
    public sealed class RoutedPublishing : IPublishingBackend
    {
        private readonly IMailboxAccessBackend access;

        public RoutedPublishing(IMailboxAccessBackend access)
        {
            this.access = access ?? throw new ArgumentNullException(nameof(access));
        }

        public Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken) =>
            access.ExecutorForAsync(mailbox, cancellationToken);

        public IPublishingBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor) =>
            new RoutedPublishing(access.WithOnPremisesExecutor(executor));
    }
}
