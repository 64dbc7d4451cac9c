using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Resources;
using CalendarSharing.Core.Routing;

namespace CalendarSharing.Core.Connections
{
    /// <summary>
    /// The connections of one PowerShell runspace (the cmdlet layer keeps one registry per runspace, so
    /// ForEach-Object -Parallel and runbook runspace pools never see each other's connections or defaults). The
    /// connection objects users see hold no secret; what serves each one (its backend, with the credentials) is kept
    /// here, found by the connection's id.
    /// </summary>
    public sealed class ConnectionRegistry : IDisposable
    {
        private readonly object gate = new object();
        private readonly List<(CalendarSharingConnection Connection, ConnectionServices Services)> items =
            new List<(CalendarSharingConnection, ConnectionServices)>();

        // Where each mailbox was found, per (on-premises connection, online connection) pair; dropped with either connection.
        private readonly Dictionary<(Guid OnPremises, Guid Online), ConcurrentDictionary<string, MailboxLocation>> routes =
            new Dictionary<(Guid, Guid), ConcurrentDictionary<string, MailboxLocation>>();

        /// <summary>The connection cmdlets use when -Connection is not given, or null.</summary>
        public CalendarSharingConnection? Default
        {
            get
            {
                lock (gate)
                {
                    return items.Select(i => i.Connection).FirstOrDefault(c => c.IsDefault);
                }
            }
        }

        public IReadOnlyList<CalendarSharingConnection> All
        {
            get
            {
                lock (gate)
                {
                    return items.Select(i => i.Connection).ToList();
                }
            }
        }

        /// <summary>Registers a connected backend with the capabilities declared for it, and returns the connection object.</summary>
        public CalendarSharingConnection Add(ConnectionServices services, bool makeDefault = true)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            var info = services.Info;
            var connection = new CalendarSharingConnection(Guid.NewGuid(), info.Kind, info.Endpoint, info.UserName)
            {
                Authentication = info.Authentication,
                ServerVersion = info.ServerVersion,
                Organization = info.Organization,
                Capabilities = services.Capabilities,
            };

            lock (gate)
            {
                if (makeDefault || items.Count == 0)
                {
                    foreach (var item in items)
                    {
                        item.Connection.IsDefault = false;
                    }

                    connection.IsDefault = true;
                }

                items.Add((connection, services));
            }

            return connection;
        }

        /// <summary>What serves a connection (the default one when null).</summary>
        /// <exception cref="NotConnectedException">Not connected, or the connection was closed or belongs to another runspace.</exception>
        public ConnectionServices GetServices(CalendarSharingConnection? connection)
        {
            lock (gate)
            {
                return Find(connection);
            }
        }

        /// <summary>The backend of a connection (the default one when null).</summary>
        /// <exception cref="NotConnectedException">Not connected, or the connection was closed.</exception>
        public ICalendarBackend GetBackend(CalendarSharingConnection? connection) => GetServices(connection).Backend;

        /// <summary>
        /// What the cmdlets work through. With a connection: that connection's services, exactly as <see cref="GetServices"/>.
        /// Without one: the default connection's, unless the default connection reaches one side of a hybrid organisation
        /// (EWS: on-premises, Graph: online) and the runspace also holds a connection to the other side of the same kind
        /// (sandbox with sandbox, server with server); then a <see cref="RoutingBackend"/> over the default connection and
        /// the most recent connection of the other side, composing every capability of both: each mailbox goes to the side
        /// that hosts it (online first, on-premises when Graph does not host it), each decision reported through
        /// <paramref name="trace"/>. Where a mailbox was found is remembered for that pair of connections.
        /// </summary>
        /// <exception cref="NotConnectedException">Not connected, or the connection was closed.</exception>
        public ConnectionServices Resolve(CalendarSharingConnection? connection, Action<string>? trace)
        {
            lock (gate)
            {
                var first = Find(connection);
                if (connection != null)
                {
                    return first;
                }

                var side = first.Info.Side;
                if (side is null)
                {
                    return first;
                }

                var self = items.First(i => ReferenceEquals(i.Services, first));
                var otherSide = side == MailboxLocation.OnPremises ? MailboxLocation.Online : MailboxLocation.OnPremises;
                var sandbox = self.Connection.Kind == ConnectionKind.Sandbox;
                var other = items.LastOrDefault(i => i.Services.Info.Side == otherSide && (i.Connection.Kind == ConnectionKind.Sandbox) == sandbox);
                if (other.Services is null)
                {
                    return first;
                }

                var (onPremises, online) = side == MailboxLocation.OnPremises ? (self, other) : (other, self);
                var key = (onPremises.Connection.Id, online.Connection.Id);
                if (!routes.TryGetValue(key, out var known))
                {
                    known = new ConcurrentDictionary<string, MailboxLocation>(StringComparer.OrdinalIgnoreCase);
                    routes.Add(key, known);
                }

                return RoutingBackend.Compose(onPremises.Services, online.Services, homeHint: null, trace, known, ownsBackends: false);
            }
        }

        /// <summary>
        /// The calendar-permission backend the cmdlets use: <see cref="Resolve"/>'s services, which must have
        /// <see cref="ConnectionCapabilities.Permissions"/>.
        /// </summary>
        /// <exception cref="NotConnectedException">Not connected, or the connection was closed.</exception>
        /// <exception cref="CapabilityNotAvailableException">The connection cannot work on calendar permissions.</exception>
        public ICalendarBackend GetCalendarBackend(CalendarSharingConnection? connection, Action<string>? trace) =>
            Resolve(connection, trace).Require<ICalendarBackend>(ConnectionCapabilities.Permissions);

        /// <summary>What serves <paramref name="capability"/> on the connection (routed as <see cref="Resolve"/> routes).</summary>
        /// <exception cref="NotConnectedException">Not connected, or the connection was closed.</exception>
        /// <exception cref="CapabilityNotAvailableException">The connection lacks the capability.</exception>
        public T Require<T>(CalendarSharingConnection? connection, ConnectionCapabilities capability, Action<string>? trace)
            where T : class =>
            Resolve(connection, trace).Require<T>(capability);

        /// <summary>What serves the open connection named <paramref name="name"/> (Connect-CalendarSharing -Name; the latest one when several share it), or null.</summary>
        public ConnectionServices? Named(string name)
        {
            lock (gate)
            {
                var found = items.LastOrDefault(i => string.Equals(i.Connection.Name, name, StringComparison.OrdinalIgnoreCase));
                return found.Services;
            }
        }

        /// <summary>Closes a connection (the default one when null). Returns false when there was none in this registry.</summary>
        public bool Remove(CalendarSharingConnection? connection)
        {
            (CalendarSharingConnection Connection, ConnectionServices Services) removed;
            lock (gate)
            {
                var index = connection is null
                    ? items.FindIndex(i => i.Connection.IsDefault)
                    : items.FindIndex(i => i.Connection.Id == connection.Id);
                if (index < 0)
                {
                    return false;
                }

                removed = items[index];
                items.RemoveAt(index);
                var id = removed.Connection.Id;
                foreach (var pair in routes.Keys.Where(k => k.OnPremises == id || k.Online == id).ToList())
                {
                    routes.Remove(pair);
                }

                removed.Connection.IsDefault = false;
                removed.Connection.IsConnected = false;
                if (items.Count > 0 && !items.Any(i => i.Connection.IsDefault))
                {
                    items[items.Count - 1].Connection.IsDefault = true;
                }
            }

            removed.Services.Backend.Dispose();
            return true;
        }

        /// <summary>Closes every connection (the runspace closed, the module was removed).</summary>
        public void Clear()
        {
            foreach (var c in All)
            {
                Remove(c);
            }
        }

        public void Dispose() => Clear();

        private ConnectionServices Find(CalendarSharingConnection? connection)
        {
            if (connection is null)
            {
                var d = items.FirstOrDefault(i => i.Connection.IsDefault);
                if (d.Services is null)
                {
                    throw new NotConnectedException(Texts.Error_NotConnected, closed: false);
                }

                return d.Services;
            }

            var found = items.FirstOrDefault(i => i.Connection.Id == connection.Id);
            if (found.Services is null)
            {
                if (connection.IsConnected)
                {
                    // Open, but not here: made in another runspace (ForEach-Object -Parallel, a runspace pool).
                    throw new NotConnectedException(Texts.Format(nameof(Texts.Error_ConnectionInOtherRunspace), connection.Endpoint), closed: false);
                }

                throw new NotConnectedException(Texts.Format(nameof(Texts.Error_ConnectionClosed), connection.Endpoint), closed: true);
            }

            return found.Services;
        }
    }
}
