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
        internal CalendarPermissionCommands PermissionCommands()
        {
            var services = ResolveServices();
            return new CalendarPermissionCommands(Require<ICalendarBackend>(services, ConnectionCapabilities.Permissions))
            {
                // A role for someone outside the organisation is checked against the sharing policy first, where the connection can read it.
                SharingPolicy = services.Find<CalendarSharing.Core.Sharing.ISharingPolicyBackend>(ConnectionCapabilities.SharingPolicy) is CalendarSharing.Core.Sharing.ISharingPolicyBackend policy
                    ? new CalendarSharing.Core.Sharing.SharingPolicyGate(policy)
                    : null,
            };
        }

        /// <summary>The delegate engine over the connection's Delegates capability.</summary>
        internal DelegateCommands DelegateCommands()
        {
            var delegates = Require<IDelegateBackend>(ConnectionCapabilities.Delegates, out var info);
            return new DelegateCommands(delegates, info.MaxConcurrency, info.SourceName);
        }

        /// <summary>
        /// The one template of the row cmdlets: hands the collected rows to the engine. Per-row problems come back through
        /// the sink as errors; a request-level failure that escapes the engine (the whole batch failed) becomes one
        /// non-terminating error per row, the one the row path would have written (id, category, the row as target).
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
                // One error per row, each what the row path would have written for it (ErrorCatalog.ForRequest).
                var refs = rows.Select(r => RowRefOf(r, targetOf(r))).ToList();
                foreach (var record in ErrorRecords.ForRequest(ex, refs[0].Family, refs.Select(x => x.Row).ToList()))
                {
                    WriteError(record);
                }
            }
        }

        /// <summary>How the catalogue names a row of any family: its family, number, input object, mailbox and principal.</summary>
        private static (ErrorFamily Family, RowRef Row) RowRefOf<TRequest>(TRequest row, object? target)
        {
            (ErrorFamily Family, RowRef Row) With(ErrorFamily family, RowRef r) => (family, new RowRef(r.Row, target ?? r.Target, r.Where, r.Subject));
            switch (row)
            {
                case ShareRequest share: return With(ErrorFamily.Permissions, RowRef.Of(share));
                case DelegateRequest @delegate: return With(ErrorFamily.Delegates, RowRef.Of(@delegate));
                case MailboxAccessRequest access: return With(ErrorFamily.MailboxAccess, RowRef.Of(access));
                case Core.Publishing.PublishingRequest publishing: return With(ErrorFamily.Publishing, new RowRef(publishing.Row, publishing.Source ?? (object?)publishing.Mailbox?.Trim(), publishing.Mailbox?.Trim(), null));
                default: return (ErrorFamily.Permissions, new RowRef(null, target, null, null));
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
