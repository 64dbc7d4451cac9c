using System;
using System.Collections.Generic;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.Core.Connections
{
    /// <summary>
    /// What one connection can do: for each capability it has, the Core interface that serves it. Declared once, where
    /// the connection is made (the composition root knows which backend class serves what), so a cmdlet asks for the
    /// capability it needs instead of testing what its backend happens to implement.
    /// </summary>
    public sealed class ConnectionServices
    {
        /// <summary>The Core interface each capability is served by. A new capability adds its line here.</summary>
        private static readonly Dictionary<ConnectionCapabilities, Type> Contracts = new Dictionary<ConnectionCapabilities, Type>
        {
            [ConnectionCapabilities.Permissions] = typeof(ICalendarBackend),
            [ConnectionCapabilities.Delegates] = typeof(IDelegateBackend),
            [ConnectionCapabilities.MailboxAccess] = typeof(IMailboxAccessBackend),
            [ConnectionCapabilities.Events] = typeof(Events.ICalendarEventBackend),
            [ConnectionCapabilities.Availability] = typeof(Availability.IAvailabilityBackend),
            [ConnectionCapabilities.SharingPolicy] = typeof(Sharing.ISharingPolicyBackend),
            [ConnectionCapabilities.Publishing] = typeof(Publishing.IPublishingBackend),
            [ConnectionCapabilities.ChangeFeed] = typeof(Sync.IChangeFeedBackend),
            [ConnectionCapabilities.AccessReport] = typeof(Access.IAccessScanBackend),
            [ConnectionCapabilities.SignInAs] = typeof(IAccountSignIn),
            [ConnectionCapabilities.GroupMembership] = typeof(Access.IGroupMembershipBackend),
        };

        private readonly Dictionary<ConnectionCapabilities, object> services = new Dictionary<ConnectionCapabilities, object>();

        /// <param name="backend">
        /// The connection's backend: it says what the connection reaches (<see cref="BackendInfo"/>), connects, and is disposed
        /// when the connection closes. It serves no capability until one is declared with <see cref="With{T}"/>.
        /// </param>
        public ConnectionServices(ICalendarBackend backend)
        {
            Backend = backend ?? throw new ArgumentNullException(nameof(backend));
        }

        public ICalendarBackend Backend { get; }

        public BackendInfo Info => Backend.Info;

        /// <summary>For a hybrid connection (composed by the routing backend): what its on-premises side reaches.</summary>
        public BackendInfo? OnPremisesSide { get; internal set; }

        /// <summary>For a hybrid connection (composed by the routing backend): what its online side reaches.</summary>
        public BackendInfo? OnlineSide { get; internal set; }

        /// <summary>Every capability declared.</summary>
        public ConnectionCapabilities Capabilities { get; private set; }

        /// <summary>Declares one capability and what serves it; returns this, so declarations chain.</summary>
        /// <exception cref="ArgumentException">Not exactly one capability, or one whose interface <typeparamref name="T"/> is not.</exception>
        public ConnectionServices With<T>(ConnectionCapabilities capability, T service)
            where T : class
        {
            if (service is null)
            {
                throw new ArgumentNullException(nameof(service));
            }

            if (!Contracts.TryGetValue(capability, out var contract))
            {
                throw new ArgumentException($"{capability} is not one capability served by a Core interface.", nameof(capability));
            }

            if (!contract.IsInstanceOfType(service))
            {
                throw new ArgumentException($"{capability} is served by {contract.Name}, which {service.GetType().Name} is not.", nameof(service));
            }

            services[capability] = service;
            Capabilities |= capability;
            return this;
        }

        /// <summary>What serves <paramref name="capability"/>, or null when this connection does not have it.</summary>
        public T? Find<T>(ConnectionCapabilities capability)
            where T : class =>
            services.TryGetValue(capability, out var service) ? service as T : null;

        /// <summary>
        /// What serves <paramref name="capability"/>. The one place that says "this connection cannot do that, and this kind
        /// can": every cmdlet that needs a capability asks here.
        /// </summary>
        /// <exception cref="CapabilityNotAvailableException">The connection does not have it.</exception>
        public T Require<T>(ConnectionCapabilities capability)
            where T : class =>
            Find<T>(capability) ?? throw new CapabilityNotAvailableException(
                CapabilityText.Missing(capability, Info),
                capability,
                Info.Kind,
                CapabilityText.AlternativeFor(capability));

        /// <summary>True when the connection has <paramref name="capability"/>.</summary>
        public bool Has(ConnectionCapabilities capability) => (Capabilities & capability) == capability && capability != ConnectionCapabilities.None;
    }
}
