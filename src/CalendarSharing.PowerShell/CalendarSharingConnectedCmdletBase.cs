using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that work through a connection: owns -Connection (default: this runspace's default connection),
    /// asks the connection for the capability a cmdlet needs (one place turns "not connected" and "this connection cannot
    /// do that" into the error), and runs collected rows through the engine (<see cref="RunRows{TRequest}"/>).
    /// Connect-, Disconnect- and Get-CalendarSharingConnection derive from <see cref="CalendarSharingCmdletBase"/>
    /// instead, because for them a -Connection "to work through" means nothing.
    /// </summary>
    public abstract class CalendarSharingConnectedCmdletBase : CalendarSharingCmdletBase
    {
        /// <summary>The connection to use; default: the connection made by the last Connect-CalendarSharing in this runspace.</summary>
        [Parameter]
        [ValidateNotNull]
        public CalendarSharingConnection? Connection { get; set; }

        /// <summary>This runspace's connections. Read on the pipeline thread.</summary>
        internal ConnectionRegistry Connections => RunspaceConnections.Current;

        /// <summary>Fails early, before any pipeline input is read, when there is nothing to work through.</summary>
        protected override void BeginProcessing()
        {
            ResolveServices();
        }

        /// <summary>
        /// What -Connection (or this runspace's default connection) can do; without -Connection, a runspace holding an
        /// on-premises and an online connection composes both (each mailbox to the side that hosts it, each decision to
        /// -Verbose). A terminating error when there is no connection.
        /// </summary>
        internal ConnectionServices ResolveServices()
        {
            var services = Guard(() => Connections.Resolve(Connection, line => DebugTrace.Current?.WriteVerbose(line)));
            if (Connection is null && services.OnPremisesSide is BackendInfo onPremises && services.OnlineSide is BackendInfo online
                && !ReferenceEquals(services, Guard(() => Connections.GetServices(null))))
            {
                WriteVerbose(string.Format(CultureInfo.CurrentCulture, Messages.RoutingBetween, onPremises.Endpoint, online.Endpoint));
            }

            return services;
        }

        /// <summary>What serves <paramref name="capability"/>; a terminating error when the connection lacks it or there is none.</summary>
        internal T Require<T>(ConnectionCapabilities capability, out BackendInfo info)
            where T : class
        {
            var services = ResolveServices();
            info = services.Info;
            return Require<T>(services, capability);
        }

        /// <summary>What serves <paramref name="capability"/> on connection services already resolved; a terminating error when they lack it.</summary>
        internal T Require<T>(ConnectionServices services, ConnectionCapabilities capability)
            where T : class =>
            Guard(() => services.Require<T>(capability));

        /// <summary>The calendar-permission engine over the connection's Permissions capability.</summary>
        internal CalendarPermissionCommands PermissionCommands() =>
            new CalendarPermissionCommands(Require<ICalendarBackend>(ConnectionCapabilities.Permissions, out _));

        /// <summary>The delegate engine over the connection's Delegates capability.</summary>
        internal DelegateCommands DelegateCommands()
        {
            var delegates = Require<IDelegateBackend>(ConnectionCapabilities.Delegates, out var info);
            return new DelegateCommands(delegates, info.MaxConcurrency, info.SourceName);
        }

        /// <summary>
        /// The one template of the row cmdlets: hands the collected rows to the engine. Per-row problems come back through
        /// the sink as errors; a request-level failure that escapes the engine (the whole batch failed) becomes one
        /// non-terminating error whose target is the input rows.
        /// </summary>
        /// <param name="rows">The rows, in pipeline order; nothing runs (not even the capability check) when there are none.</param>
        /// <param name="targetOf">The input object a row came from (the TargetObject of an error about it).</param>
        /// <param name="start">Asks for the capability and makes the engine's run over the rows; runs on the pipeline thread.</param>
        internal void RunRows<TRequest>(
            IReadOnlyList<TRequest> rows,
            Func<TRequest, object?> targetOf,
            Func<Func<IReadOnlyList<TRequest>, IOutputSink, CancellationToken, Task>> start)
        {
            if (rows.Count == 0)
            {
                return;
            }

            var run = start();
            try
            {
                RunEngine((sink, token) => run(rows, sink, token));
            }
            catch (BackendException ex)
            {
                var targets = new object?[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    targets[i] = targetOf(rows[i]);
                }

                WriteError(ErrorRecords.From(ex, targets));
            }
        }

        /// <summary>Runs a connection lookup; "not connected" and "cannot do that" become the terminating error.</summary>
        private T Guard<T>(Func<T> lookup)
        {
            try
            {
                return lookup();
            }
            catch (NotConnectedException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    ex.Closed ? "ConnectionClosed" : "NotConnected",
                    ErrorCategory.ConnectionError,
                    ex.Message,
                    Connection,
                    Messages.NotConnectedAction,
                    ex));
                throw; // not reached: ThrowTerminatingError always throws.
            }
            catch (CapabilityNotAvailableException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "CapabilityNotAvailable",
                    ErrorCategory.InvalidOperation,
                    ex.Message,
                    Connection,
                    ex.Alternative is null ? null : "Use " + ex.Alternative + ".",
                    ex));
                throw; // not reached
            }
        }
    }
}
