using System;
using System.Threading;
using System.Threading.Tasks;

namespace CalendarSharing.Core.Delegation
{
    /// <summary>
    /// The mailbox-access capability: what runs the Exchange cmdlets (Get-/Add-/Remove-MailboxPermission, Send As,
    /// Set-Mailbox -GrantSendOnBehalfTo) for a mailbox. One executor for every mailbox on a single connection; in a hybrid
    /// organisation the executor of the side that hosts the mailbox.
    /// </summary>
    public interface IMailboxAccessBackend
    {
        /// <summary>The executor that reaches the mailbox's Exchange organisation, or null when this connection has none for it.</summary>
        Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken);

        /// <summary>
        /// The same capability with on-premises mailboxes run through <paramref name="executor"/> (the admin's Exchange
        /// Management Shell session). Where the connection cannot tell on-premises from online, every mailbox goes to it.
        /// </summary>
        IMailboxAccessBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor);
    }

    /// <summary>Mailbox access through one executor for every mailbox (an Exchange Online connection, an Exchange session).</summary>
    public sealed class ExchangeExecutorAccess : IMailboxAccessBackend
    {
        public ExchangeExecutorAccess(IExchangeCommandExecutor executor)
        {
            Executor = executor ?? throw new ArgumentNullException(nameof(executor));
        }

        public IExchangeCommandExecutor Executor { get; }

        public Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken) =>
            Task.FromResult<IExchangeCommandExecutor?>(Executor);

        public IMailboxAccessBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor) => new ExchangeExecutorAccess(executor);
    }
}
