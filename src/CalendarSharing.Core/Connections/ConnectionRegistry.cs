using System;
using System.Collections.Generic;
using System.Linq;
using CalendarSharing.Core.Backends;

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
