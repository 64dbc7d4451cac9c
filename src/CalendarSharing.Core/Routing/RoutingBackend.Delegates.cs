using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Routing
{
    /// <summary>
    /// Delegates and mailbox access in a hybrid organisation: each mailbox goes to the side that hosts it, found the way
    /// calendar permissions find it (the home hint, the routes known for this pair of connections, else a read of the
    /// mailbox's default calendar online first, then on-premises), and each decision is reported once, to -Verbose.
    /// </summary>
    public sealed partial class RoutingBackend : IDelegateBackend, IMailboxAccessBackend
    {
        private IDelegateBackend? onPremisesDelegates;
        private IDelegateBackend? onlineDelegates;
        private IMailboxAccessBackend? onPremisesAccess;
        private IMailboxAccessBackend? onlineAccess;

        /// <summary>
        /// A hybrid connection over an on-premises and an online connection, composing every capability either side has:
        /// calendar permissions (when both have them), delegates and mailbox access (when either has them; a mailbox on a
        /// side without the capability gets that side's error). The routing backend is the composed connection's backend.
        /// </summary>
        public static ConnectionServices Compose(
            ConnectionServices onPremises,
            ConnectionServices online,
            Func<string, MailboxLocation?>? homeHint,
            Action<string>? trace,
            ConcurrentDictionary<string, MailboxLocation>? routes,
            bool ownsBackends)
        {
            if (onPremises is null)
            {
                throw new ArgumentNullException(nameof(onPremises));
            }

            if (online is null)
            {
                throw new ArgumentNullException(nameof(online));
            }

            var routing = new RoutingBackend(onPremises.Backend, online.Backend, homeHint, trace, routes, ownsBackends)
            {
                onPremisesDelegates = onPremises.Find<IDelegateBackend>(ConnectionCapabilities.Delegates),
                onlineDelegates = online.Find<IDelegateBackend>(ConnectionCapabilities.Delegates),
                onPremisesAccess = onPremises.Find<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess),
                onlineAccess = online.Find<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess),
            };

            var services = new ConnectionServices(routing) { OnPremisesSide = onPremises.Info, OnlineSide = online.Info };
            if (onPremises.Has(ConnectionCapabilities.Permissions) && online.Has(ConnectionCapabilities.Permissions))
            {
                services.With<ICalendarBackend>(ConnectionCapabilities.Permissions, routing);
            }

            if (routing.onPremisesDelegates != null || routing.onlineDelegates != null)
            {
                services.With<IDelegateBackend>(ConnectionCapabilities.Delegates, routing);
            }

            if (routing.onPremisesAccess != null || routing.onlineAccess != null)
            {
                services.With<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess, routing);
            }

            // Each side has its own sharing policies: the organisation-wide cmdlets run on Exchange Online's (on-premises
            // ones: -ExchangeSession); a mailbox's policy check runs on the side that hosts it.
            if (online.Find<Sharing.ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy) is Sharing.ISharingPolicyBackend sharing)
            {
                services.With<Sharing.ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy, new Sharing.RoutedSharingPolicy(sharing, routing));
            }
            routing.ComposeEvents(onPremises, online, services);
            routing.ComposeChangeFeed(onPremises, online, services);
            routing.ComposeAccess(onPremises, online, services);
            routing.ComposeGroups(onPremises, online, services);

            // Publishing runs Exchange cmdlets on the mailbox's side, through the executors mailbox access routes.
            if (onPremises.Has(ConnectionCapabilities.Publishing) || online.Has(ConnectionCapabilities.Publishing))
            {
                services.With<Publishing.IPublishingBackend>(ConnectionCapabilities.Publishing, new Publishing.RoutedPublishing(routing));
            }

            // A stored credential is an account and a password, which sign in on the on-premises side only: Exchange Online
            // no longer accepts Basic authentication for EWS
            // (https://learn.microsoft.com/exchange/client-developer/exchange-server-development).
            if (onPremises.Find<IAccountSignIn>(ConnectionCapabilities.SignInAs) is IAccountSignIn signIn)
            {
                services.With<IAccountSignIn>(ConnectionCapabilities.SignInAs, signIn);
            }

            return services;
        }

        /// <summary>
        /// Where a mailbox lives: known already (the home hint, an earlier decision), or found by reading its default calendar
        /// online first and on-premises when Exchange Online does not host it.
        /// </summary>
        /// <exception cref="BackendException">Neither side hosts it (MailboxNotFound), or the read failed.</exception>
        public async Task<MailboxLocation> LocateAsync(string mailbox, CancellationToken cancellationToken)
        {
            var key = (mailbox ?? string.Empty).Trim();
            var known = Known(key);
            if (known.HasValue)
            {
                return known.Value;
            }

            var read = await GetPermissionsAsync(new[] { CalendarAddress.Default(key) }, cancellationToken).ConfigureAwait(false);
            var found = RouteOf(key);
            if (found.HasValue)
            {
                return found.Value;
            }

            throw new BackendException(read[0].Error ?? new BackendError(BackendErrorCode.MailboxNotFound, Texts.Format(nameof(Texts.Error_RoutedNeitherSide), key)));
        }

        public Task<DelegateList> GetDelegatesAsync(string mailbox, CancellationToken cancellationToken) =>
            OnSideAsync(mailbox, (b, t) => b.GetDelegatesAsync(mailbox, t), cancellationToken);

        public Task<IReadOnlyList<DelegateWriteResult>> AddDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken) =>
            OnSideAsync(mailbox, (b, t) => b.AddDelegatesAsync(mailbox, users, delivery, t), cancellationToken);

        public Task<IReadOnlyList<DelegateWriteResult>> UpdateDelegatesAsync(string mailbox, IReadOnlyList<DelegateEntry> users, MeetingRequestDelivery? delivery, CancellationToken cancellationToken) =>
            OnSideAsync(mailbox, (b, t) => b.UpdateDelegatesAsync(mailbox, users, delivery, t), cancellationToken);

        public Task<IReadOnlyList<DelegateWriteResult>> RemoveDelegatesAsync(string mailbox, IReadOnlyList<string> users, CancellationToken cancellationToken) =>
            OnSideAsync(mailbox, (b, t) => b.RemoveDelegatesAsync(mailbox, users, t), cancellationToken);

        /// <summary>The executor of the side that hosts the mailbox, or null when that side has none.</summary>
        public async Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken)
        {
            var side = await LocateAsync(mailbox, cancellationToken).ConfigureAwait(false);
            var access = side == MailboxLocation.Online ? onlineAccess : onPremisesAccess;
            return access is null ? null : await access.ExecutorForAsync(mailbox, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>On-premises mailboxes through <paramref name="executor"/>; online ones still through the online side.</summary>
        public IMailboxAccessBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor) =>
            new SessionOnPremises(this, new ExchangeExecutorAccess(executor));

        private async Task<T> OnSideAsync<T>(string mailbox, Func<IDelegateBackend, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
        {
            var side = await LocateAsync(mailbox, cancellationToken).ConfigureAwait(false);
            var backend = side == MailboxLocation.Online ? onlineDelegates : onPremisesDelegates;
            if (backend is null)
            {
                throw new BackendException(SideCannot(mailbox, side, ConnectionCapabilities.Delegates));
            }

            return await run(backend, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The error for a mailbox whose side lacks the capability: where the mailbox is, and what that side's connection cannot do.</summary>
        private BackendError SideCannot(string mailbox, MailboxLocation side, ConnectionCapabilities capability)
        {
            var info = side == MailboxLocation.Online ? online.Info : onPremises.Info;
            return new BackendError(
                BackendErrorCode.NotSupported,
                Texts.Format(nameof(Texts.Error_RoutedSideCannot), mailbox.Trim(), side == MailboxLocation.Online ? Texts.Routing_SideOnline : Texts.Routing_SideOnPremises, info.Kind, info.Endpoint, CapabilityText.What(capability)));
        }

        private sealed class SessionOnPremises : IMailboxAccessBackend
        {
            private readonly RoutingBackend routing;
            private readonly IMailboxAccessBackend onPremises;

            public SessionOnPremises(RoutingBackend routing, IMailboxAccessBackend onPremises)
            {
                this.routing = routing;
                this.onPremises = onPremises;
            }

            public async Task<IExchangeCommandExecutor?> ExecutorForAsync(string mailbox, CancellationToken cancellationToken)
            {
                var side = await routing.LocateAsync(mailbox, cancellationToken).ConfigureAwait(false);
                var access = side == MailboxLocation.Online ? routing.onlineAccess : onPremises;
                return access is null ? null : await access.ExecutorForAsync(mailbox, cancellationToken).ConfigureAwait(false);
            }

            public IMailboxAccessBackend WithOnPremisesExecutor(IExchangeCommandExecutor executor) =>
                new SessionOnPremises(routing, new ExchangeExecutorAccess(executor));
        }
    }
}
