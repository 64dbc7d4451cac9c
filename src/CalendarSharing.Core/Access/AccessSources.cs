using System;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Publishing;
using CalendarSharing.Core.Sharing;

namespace CalendarSharing.Core.Access
{
    /// <summary>
    /// What the access scan and Test-CalendarSharing read beside the folder permissions, and through what: the sharing
    /// policy, calendar publishing and Full Access live in the Exchange Management Shell, so an EWS connection reaches them
    /// only through the admin's Exchange session (-ExchangeSession), composed exactly as the cmdlets that own those
    /// capabilities compose it (SharingPolicyCmdletBase, PublishingCmdletBase, MailboxAccessCmdletBase): the connection's
    /// capability with on-premises mailboxes routed to the session where it has one (hybrid), else the session for
    /// every mailbox. Null = this run cannot read it.
    /// </summary>
    public sealed class AccessSources
    {
        public ISharingPolicyBackend? SharingPolicy { get; private set; }

        public IPublishingBackend? Publishing { get; private set; }

        public IMailboxAccessBackend? MailboxAccess { get; private set; }

        /// <summary>The connection's own sources, each with <paramref name="session"/> for on-premises mailboxes when given.</summary>
        /// <param name="services">The connection's capabilities.</param>
        /// <param name="session">The admin's Exchange session (runs one command at a time), or null.</param>
        /// <param name="sessionName">Where the session's policies are read, for output ("Exchange session ex01").</param>
        public static AccessSources Of(ConnectionServices services, IExchangeCommandExecutor? session, string? sessionName = null)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            var policy = services.Find<ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy);
            var publishing = services.Find<IPublishingBackend>(ConnectionCapabilities.Publishing);
            var access = services.Find<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess);
            if (session == null)
            {
                return new AccessSources { SharingPolicy = policy, Publishing = publishing, MailboxAccess = access };
            }

            return new AccessSources
            {
                SharingPolicy = policy?.WithOnPremisesExecutor(session) ?? new ExchangeSharingPolicyBackend(session, sessionName ?? "Exchange session"),
                Publishing = publishing?.WithOnPremisesExecutor(session) ?? new ExchangeExecutorPublishing(session),
                MailboxAccess = access?.WithOnPremisesExecutor(session) ?? new ExchangeExecutorAccess(session),
            };
        }
    }
}
