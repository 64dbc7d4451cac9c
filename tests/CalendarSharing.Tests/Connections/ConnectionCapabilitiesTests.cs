using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Ews;
using CalendarSharing.PowerShell;
using Xunit;

namespace CalendarSharing.Tests.Connections
{
    /// <summary>
    /// What each kind of connection declares, and the one error a connection gives for a capability it lacks: raised by
    /// the connection's capability lookup, naming the capability, the connection's kind and which kind can do it.
    /// </summary>
    public sealed class ConnectionCapabilitiesTests
    {
        private const ConnectionCapabilities Now = ConnectionCapabilities.Permissions | ConnectionCapabilities.Delegates | ConnectionCapabilities.MailboxAccess | ConnectionCapabilities.SharingPolicy | ConnectionCapabilities.Publishing;

        [Theory]
        [InlineData("Ews", ConnectionCapabilities.Permissions | ConnectionCapabilities.Delegates | ConnectionCapabilities.Events | ConnectionCapabilities.Availability | ConnectionCapabilities.ChangeFeed | ConnectionCapabilities.AccessReport | ConnectionCapabilities.SignInAs | ConnectionCapabilities.GroupMembership)]
        [InlineData("Graph", Now | ConnectionCapabilities.Events | ConnectionCapabilities.Availability | ConnectionCapabilities.ChangeFeed | ConnectionCapabilities.AccessReport | ConnectionCapabilities.GroupMembership)]
        [InlineData("Hybrid", Now | ConnectionCapabilities.Events | ConnectionCapabilities.Availability | ConnectionCapabilities.ChangeFeed | ConnectionCapabilities.AccessReport | ConnectionCapabilities.SignInAs | ConnectionCapabilities.GroupMembership)]
        public void Each_sandbox_connection_declares_what_it_serves(string backend, ConnectionCapabilities expected)
        {
            using var registry = new ConnectionRegistry();
            var connection = registry.Add(BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = backend }));
            Assert.Equal(expected, connection.Capabilities);
            Assert.Equal(expected, registry.GetServices(connection).Capabilities);
        }

        [Fact]
        public void A_Graph_connection_without_a_tenant_has_no_mailbox_access()
        {
            using var registry = new ConnectionRegistry();
            var connection = registry.Add(BackendFactory.CreateConnection(new ConnectRequest
            {
                Kind = ConnectionKind.Graph,
                Graph = new GraphConnectRequest { SignIn = "AccessToken", AccessToken = Secret("not-a-real-token") },
            }));

            Assert.Equal(ConnectionCapabilities.Permissions | ConnectionCapabilities.Delegates | ConnectionCapabilities.Events | ConnectionCapabilities.Availability | ConnectionCapabilities.ChangeFeed | ConnectionCapabilities.AccessReport | ConnectionCapabilities.GroupMembership, connection.Capabilities);
            var ex = Assert.Throws<CapabilityNotAvailableException>(() => registry.Require<IMailboxAccessBackend>(connection, ConnectionCapabilities.MailboxAccess, null));
            Assert.Equal(ConnectionKind.Graph, ex.Kind);
            Assert.Contains("-TenantId", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_on_premises_connection_asked_for_mailbox_access_says_to_pass_an_Exchange_session()
        {
            using var registry = new ConnectionRegistry();
            registry.Add(BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox }));

            var ex = Assert.Throws<CapabilityNotAvailableException>(() => registry.Require<IMailboxAccessBackend>(null, ConnectionCapabilities.MailboxAccess, null));
            Assert.Equal(ConnectionCapabilities.MailboxAccess, ex.Capability);
            Assert.Equal(ConnectionKind.Sandbox, ex.Kind);
            Assert.StartsWith("The Sandbox connection to ", ex.Message, StringComparison.Ordinal);
            Assert.Contains("cannot grant or revoke Full Access, Send As and Send on Behalf", ex.Message, StringComparison.Ordinal);
            Assert.Contains("-ExchangeSession", ex.Message, StringComparison.Ordinal);
            Assert.Contains("-ExchangeSession", ex.Alternative, StringComparison.Ordinal);
            Assert.Contains("Exchange Online connection", ex.Alternative, StringComparison.Ordinal);
        }

        [Fact]
        public void Publishing_on_an_EWS_connection_gives_the_one_error_naming_the_session_and_Exchange_Online()
        {
            using var registry = new ConnectionRegistry();
            var connection = registry.Add(BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox }));
            var ex = Assert.Throws<CapabilityNotAvailableException>(() => registry.Require<CalendarSharing.Core.Publishing.IPublishingBackend>(connection, ConnectionCapabilities.Publishing, null));
            Assert.Equal(ConnectionCapabilities.Publishing, ex.Capability);
            Assert.Contains("Set-MailboxCalendarFolder", ex.Message, StringComparison.Ordinal);
            Assert.Contains("-ExchangeSession", ex.Alternative, StringComparison.Ordinal);
            Assert.Contains("Exchange Online connection", ex.Alternative, StringComparison.Ordinal);
        }

        /// <summary>
        /// Every connection made today can read permissions and delegates, so a connection lacking them is one declared
        /// without them: the real EWS sandbox backend, registered with fewer capabilities than it could serve.
        /// </summary>
        [Theory]
        [InlineData(ConnectionCapabilities.Permissions, "cannot read or change calendar permissions")]
        [InlineData(ConnectionCapabilities.Delegates, "cannot manage mailbox delegates")]
        public void A_connection_declared_without_a_capability_gives_the_one_error_for_it(ConnectionCapabilities capability, string says)
        {
            using var registry = new ConnectionRegistry();
            var ews = (EwsCalendarBackend)BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox });
            var services = new ConnectionServices(ews);
            if (capability != ConnectionCapabilities.Permissions)
            {
                services.With<ICalendarBackend>(ConnectionCapabilities.Permissions, ews);
            }

            if (capability != ConnectionCapabilities.Delegates)
            {
                services.With<IDelegateBackend>(ConnectionCapabilities.Delegates, ews);
            }

            var connection = registry.Add(services);
            Assert.False(connection.Capabilities.HasFlag(capability));

            var ex = Assert.Throws<CapabilityNotAvailableException>(() => registry.Require<object>(connection, capability, null));
            Assert.Equal(capability, ex.Capability);
            Assert.Equal(ConnectionKind.Sandbox, ex.Kind);
            Assert.Contains(says, ex.Message, StringComparison.Ordinal);
            Assert.Contains(ews.Info.Endpoint, ex.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(ex.Alternative));
            Assert.Contains(ex.Alternative!, ex.Message, StringComparison.Ordinal);
            if (capability == ConnectionCapabilities.Permissions)
            {
                Assert.Throws<CapabilityNotAvailableException>(() => registry.GetCalendarBackend(null, null));
            }
        }

        [Fact]
        public void A_capability_is_served_only_by_its_interface()
        {
            using var ews = BackendFactory.Create(new ConnectRequest { Kind = ConnectionKind.Sandbox });
            var services = new ConnectionServices(ews);
            Assert.Throws<ArgumentException>(() => services.With<object>(ConnectionCapabilities.Delegates, new object()));
            Assert.Throws<ArgumentException>(() => services.With<ICalendarBackend>(ConnectionCapabilities.Permissions | ConnectionCapabilities.Delegates, ews));
            Assert.Equal(ConnectionCapabilities.None, services.Capabilities);
        }

        [Fact]
        public void Not_connected_closed_and_made_elsewhere_are_told_apart()
        {
            using var mine = new ConnectionRegistry();
            using var theirs = new ConnectionRegistry();
            var none = Assert.Throws<NotConnectedException>(() => mine.Resolve(null, null));
            Assert.False(none.Closed);
            Assert.Contains("Run Connect-CalendarSharing", none.Message, StringComparison.Ordinal);

            var other = theirs.Add(BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox }));
            var elsewhere = Assert.Throws<NotConnectedException>(() => mine.Resolve(other, null));
            Assert.False(elsewhere.Closed);
            Assert.Contains("another runspace", elsewhere.Message, StringComparison.Ordinal);

            Assert.True(theirs.Remove(other));
            var closed = Assert.Throws<NotConnectedException>(() => theirs.Resolve(other, null));
            Assert.True(closed.Closed);
            Assert.False(other.IsConnected);
        }

        /// <summary>Two registries (two runspaces, in the cmdlet layer) connected to two sandboxes: neither sees the other's.</summary>
        [Fact]
        public async Task Two_registries_keep_their_own_default_and_closing_one_leaves_the_other()
        {
            using var first = new ConnectionRegistry();
            using var second = new ConnectionRegistry();
            var a = first.Add(BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox }));
            var b = second.Add(BackendFactory.CreateConnection(new ConnectRequest { Kind = ConnectionKind.Sandbox, SandboxBackend = "Graph" }));
            await first.GetBackend(null).ConnectAsync(CancellationToken.None);
            await second.GetBackend(null).ConnectAsync(CancellationToken.None);

            Assert.Same(a, first.Default);
            Assert.Same(b, second.Default);
            Assert.Equal(new[] { a.Id }, first.All.Select(c => c.Id));
            Assert.Equal(new[] { b.Id }, second.All.Select(c => c.Id));

            Assert.True(first.Remove(null));
            Assert.Null(first.Default);
            Assert.Same(b, second.Default);
            Assert.True(b.IsConnected);
            var read = await second.GetCalendarBackend(null, null).GetPermissionsAsync(new[] { CalendarSharing.Core.Addressing.CalendarAddress.Default("alice@contoso.com") }, CancellationToken.None);
            Assert.True(read[0].IsSuccess, read[0].Error?.ToString());
            Assert.False(second.Remove(a));
        }

        private static System.Security.SecureString Secret(string text)
        {
            var s = new System.Security.SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }
    }
}
