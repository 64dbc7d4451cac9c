using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Routing;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that work on calendars: owns -Connection (default: the connection made last).
    /// Connect-, Disconnect- and Get-CalendarSharingConnection derive from <see cref="CalendarSharingCmdletBase"/>
    /// instead, because for them a -Connection "to work through" means nothing.
    /// </summary>
    public abstract class CalendarSharingConnectedCmdletBase : CalendarSharingCmdletBase
    {
        /// <summary>The connection to use; default: the connection made by the last Connect-CalendarSharing.</summary>
        [Parameter]
        [ValidateNotNull]
        public CalendarSharingConnection? Connection { get; set; }

        /// <summary>Fails early, before any pipeline input is read, when there is nothing to work through.</summary>
        protected override void BeginProcessing()
        {
            ResolveBackend();
        }

        /// <summary>
        /// Hands the collected rows to the engine. Per-row problems come back through the sink as errors; a
        /// request-level failure that escapes the engine (the whole batch failed) becomes one non-terminating
        /// error whose target is the input rows.
        /// </summary>
        internal void RunRows(
            IReadOnlyList<ShareRequest> rows,
            Func<CalendarPermissionCommands, IReadOnlyList<ShareRequest>, IOutputSink, CancellationToken, Task> run)
        {
            if (rows.Count == 0)
            {
                return;
            }

            var commands = new CalendarPermissionCommands(ResolveCalendarBackend());
            try
            {
                RunEngine((sink, token) => run(commands, rows, sink, token));
            }
            catch (BackendException ex)
            {
                foreach (var record in ErrorRecords.ForRequest(ex, ErrorFamily.Permissions, rows.Select(RowRef.Of).ToList()))
                {
                    WriteError(record);
                }
            }
        }

        /// <summary>The backend of -Connection or of the default connection; a terminating error when there is none.</summary>
        internal ICalendarBackend ResolveBackend() => Resolve(() => ConnectionRegistry.GetBackend(Connection));

        /// <summary>
        /// The backend the calendar cmdlets use: as <see cref="ResolveBackend"/>, except that without -Connection a session
        /// holding an on-premises and an online connection routes each mailbox to the side that hosts it (the rule is
        /// <see cref="ConnectionRegistry.GetCalendarBackend"/>'s), each decision to -Verbose.
        /// </summary>
        internal ICalendarBackend ResolveCalendarBackend()
        {
            var backend = Resolve(() => ConnectionRegistry.GetCalendarBackend(Connection, line => DebugTrace.Current?.WriteVerbose(line)));
            if (Connection is null && backend is RoutingBackend routing && !ReferenceEquals(backend, ConnectionRegistry.GetBackend(null)))
            {
                WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.RoutingBetween, routing.OnPremises.Info.Endpoint, routing.Online.Info.Endpoint));
            }

            return backend;
        }

        private ICalendarBackend Resolve(Func<ICalendarBackend> get)
        {
            try
            {
                return RegistryBridge.Typed(get, Connection != null);
            }
            catch (NotConnectedException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Connection));
                throw; // not reached: ThrowTerminatingError always throws.
            }
            catch (CapabilityNotAvailableException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Connection));
                throw; // not reached
            }
        }
    }
}
