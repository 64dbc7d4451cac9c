using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Routing;

namespace CalendarSharing.Core.Connections
{
    /// <summary>
    /// The connections of this process. The connection objects users see hold no secret; the backend
    /// (with its credentials) is kept here, found by the connection's id.
    /// </summary>
    public static class ConnectionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<(CalendarSharingConnection Connection, ICalendarBackend Backend)> Items =
            new List<(CalendarSharingConnection, ICalendarBackend)>();

        // Where each mailbox was found, per (on-premises connection, online connection) pair; dropped with either connection.
        private static readonly Dictionary<(Guid OnPremises, Guid Online), ConcurrentDictionary<string, MailboxLocation>> Routes =
            new Dictionary<(Guid, Guid), ConcurrentDictionary<string, MailboxLocation>>();

        /// <summary>The connection cmdlets use when -Connection is not given, or null.</summary>
        public static CalendarSharingConnection? Default
        {
            get
            {
                lock (Gate)
                {
                    return Items.Select(i => i.Connection).FirstOrDefault(c => c.IsDefault);
                }
            }
        }

        public static IReadOnlyList<CalendarSharingConnection> All
        {
            get
            {
                lock (Gate)
                {
                    return Items.Select(i => i.Connection).ToList();
                }
            }
        }

        /// <summary>Registers a connected backend and returns the connection object for it.</summary>
        public static CalendarSharingConnection Add(ICalendarBackend backend, bool makeDefault = true)
        {
            var info = backend.Info;
            var connection = new CalendarSharingConnection(Guid.NewGuid(), info.Kind, info.Endpoint, info.UserName)
            {
                Authentication = info.Authentication,
                ServerVersion = info.ServerVersion,
                Organization = info.Organization,
            };

            lock (Gate)
            {
                if (makeDefault || Items.Count == 0)
                {
                    foreach (var item in Items)
                    {
                        item.Connection.IsDefault = false;
                    }

                    connection.IsDefault = true;
                }

                Items.Add((connection, backend));
            }

            return connection;
        }

        /// <summary>The backend of a connection (the default one when null).</summary>
        /// <exception cref="InvalidOperationException">Not connected, or the connection was closed.</exception>
        public static ICalendarBackend GetBackend(CalendarSharingConnection? connection)
        {
            lock (Gate)
            {
                if (connection is null)
                {
                    var d = Items.FirstOrDefault(i => i.Connection.IsDefault);
                    if (d.Backend is null)
                    {
                        throw new InvalidOperationException("There is no connection. Run Connect-CalendarSharing first (Connect-CalendarSharing -Sandbox needs no tenant).");
                    }

                    return d.Backend;
                }

                var found = Items.FirstOrDefault(i => i.Connection.Id == connection.Id);
                if (found.Backend is null)
                {
                    throw new InvalidOperationException($"The connection to {connection.Endpoint} is closed. Run Connect-CalendarSharing again.");
                }

                return found.Backend;
            }
        }

        /// <summary>
        /// The backend the calendar cmdlets work through. With a connection: that connection's backend, exactly as
        /// <see cref="GetBackend"/>. Without one: the default connection's backend, unless the default connection reaches
        /// one side of a hybrid organisation (EWS: on-premises, Graph: online) and the session also holds a connection to
        /// the other side of the same kind (sandbox with sandbox, server with server); then a <see cref="RoutingBackend"/>
        /// over the default connection and the most recent connection of the other side, which sends each mailbox to the
        /// side that hosts it (online first, on-premises when Graph does not host it) and reports each decision through
        /// <paramref name="trace"/>. Where a mailbox was found is remembered for that pair of connections.
        /// </summary>
        /// <exception cref="InvalidOperationException">Not connected, or the connection was closed.</exception>
        public static ICalendarBackend GetCalendarBackend(CalendarSharingConnection? connection, Action<string>? trace)
        {
            if (connection != null)
            {
                return GetBackend(connection);
            }

            lock (Gate)
            {
                var first = Items.FirstOrDefault(i => i.Connection.IsDefault);
                if (first.Backend is null)
                {
                    return GetBackend(null);
                }

                var side = first.Backend.Info.Side;
                if (side is null)
                {
                    return first.Backend;
                }

                var otherSide = side == MailboxLocation.OnPremises ? MailboxLocation.Online : MailboxLocation.OnPremises;
                var sandbox = first.Connection.Kind == ConnectionKind.Sandbox;
                var other = Items.LastOrDefault(i => i.Backend.Info.Side == otherSide && (i.Connection.Kind == ConnectionKind.Sandbox) == sandbox);
                if (other.Backend is null)
                {
                    return first.Backend;
                }

                var (onPremises, online) = side == MailboxLocation.OnPremises ? (first, other) : (other, first);
                var key = (onPremises.Connection.Id, online.Connection.Id);
                if (!Routes.TryGetValue(key, out var routes))
                {
                    routes = new ConcurrentDictionary<string, MailboxLocation>(StringComparer.OrdinalIgnoreCase);
                    Routes.Add(key, routes);
                }

                return new RoutingBackend(onPremises.Backend, online.Backend, homeHint: null, trace, routes, ownsBackends: false);
            }
        }

        /// <summary>Closes a connection (the default one when null). Returns false when there was none.</summary>
        public static bool Remove(CalendarSharingConnection? connection)
        {
            (CalendarSharingConnection Connection, ICalendarBackend Backend) removed;
            lock (Gate)
            {
                var index = connection is null
                    ? Items.FindIndex(i => i.Connection.IsDefault)
                    : Items.FindIndex(i => i.Connection.Id == connection.Id);
                if (index < 0)
                {
                    return false;
                }

                removed = Items[index];
                Items.RemoveAt(index);
                var id = removed.Connection.Id;
                foreach (var pair in Routes.Keys.Where(k => k.OnPremises == id || k.Online == id).ToList())
                {
                    Routes.Remove(pair);
                }

                removed.Connection.IsDefault = false;
                removed.Connection.IsConnected = false;
                if (Items.Count > 0 && !Items.Any(i => i.Connection.IsDefault))
                {
                    Items[Items.Count - 1].Connection.IsDefault = true;
                }
            }

            removed.Backend.Dispose();
            return true;
        }

        /// <summary>Closes every connection (module removal, tests).</summary>
        public static void Clear()
        {
            foreach (var c in All)
            {
                Remove(c);
            }
        }
    }
}
