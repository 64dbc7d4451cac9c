using System;
using CalendarSharing.Core.Commands;
using System.Linq;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;
using CalendarSharing.Core.Output;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Grant-, Revoke- and Get-MailboxAccess: -ExchangeSession (the admin's Exchange Management Shell session,
    /// on-premises) and the choice of what runs the Exchange cmdlets: that session, or a connection whose backend
    /// can (an Exchange Online connection: the admin API, GraphCalendarBackend.AdminApi.cs).
    /// </summary>
    public abstract class MailboxAccessCmdletBase : CalendarSharingConnectedCmdletBase
    {
        /// <summary>A session to the Exchange Management Shell: New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://server/PowerShell/.</summary>
        [Parameter]
        [ValidateNotNull]
        public PSSession? ExchangeSession { get; set; }

        /// <summary>With -ExchangeSession a CalendarSharing connection is optional.</summary>
        protected override void BeginProcessing()
        {
            if (ExchangeSession == null || Connection != null)
            {
                base.BeginProcessing();
            }

            if (ExchangeSession != null && ExchangeSession.Availability != RunspaceAvailability.Available)
            {
                ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.ExchangeSessionNotAvailable(
                    ExchangeSession, ExchangeSession.Name, ExchangeSession.ComputerName, ExchangeSession.Availability.ToString())));
            }
        }

        /// <summary>The connection's backend when there is one (for delegates and calendar permissions), else null.</summary>
        internal ICalendarBackend? OptionalBackend()
        {
            try
            {
                return RegistryBridge.Typed(() => ConnectionRegistry.GetBackend(Connection), Connection != null);
            }
            catch (NotConnectedException)
            {
                if (Connection != null)
                {
                    throw;
                }

                return null;
            }
        }

        /// <summary>-ExchangeSession, or a backend that runs Exchange cmdlets itself, or null.</summary>
        internal IExchangeCommandExecutor? ResolveExecutor(ICalendarBackend? backend) =>
            ExchangeSession != null ? new ExchangeSessionExecutor(ExchangeSession) : backend as IExchangeCommandExecutor;

        internal void RunAccess(IReadOnlyList<MailboxAccessRequest> rows, bool needExecutor, Func<MailboxAccessCommands, IReadOnlyList<MailboxAccessRequest>, IOutputSink, CancellationToken, Task> run)
        {
            if (rows.Count == 0)
            {
                return;
            }

            var backend = OptionalBackend();
            var executor = ResolveExecutor(backend);
            if (needExecutor && executor == null)
            {
                ThrowTerminatingError(ErrorRecords.From(ErrorCatalog.ExchangeSessionRequired(Connection)));
            }

            var concurrency = executor is ExchangeSessionExecutor ? 1 : backend?.Info.MaxConcurrency ?? 4;
            var commands = new MailboxAccessCommands(executor, backend, backend as IDelegateBackend, Math.Max(concurrency, 1));
            try
            {
                RunEngine((sink, token) => run(commands, rows, sink, token));
            }
            catch (BackendException ex)
            {
                foreach (var record in ErrorRecords.ForRequest(ex, ErrorFamily.MailboxAccess, rows.Select(RowRef.Of).ToList()))
                {
                    WriteError(record);
                }
            }
            finally
            {
                (executor as ExchangeSessionExecutor)?.Dispose();
            }
        }
    }

    /// <summary>Grant- and Revoke-MailboxAccess: the rows (Mailbox, User, AccessRight) bound by property name.</summary>
    public abstract class MailboxAccessRowsCmdletBase : MailboxAccessCmdletBase
    {
        private readonly List<MailboxAccessRequest> rows = new List<MailboxAccessRequest>();

        /// <summary>The mailbox (SMTP address).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity")]
        [AllowEmptyString]
        public string Mailbox { get; set; } = string.Empty;

        /// <summary>Who gets or loses the rights (SMTP address).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Trustee", "Delegate")]
        [AllowEmptyString]
        public string User { get; set; } = string.Empty;

        /// <summary>FullAccess, SendAs, SendOnBehalf (one or more).</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [Alias("AccessRights")]
        [AllowEmptyCollection]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(AccessRightCompleter))]
        public string[] AccessRight { get; set; } = Array.Empty<string>();

        /// <summary>The pipeline object itself (a CSV row), kept as the target of any error about it. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        internal IReadOnlyList<MailboxAccessRequest> Rows => rows;

        protected override void ProcessRecord()
        {
            var row = new MailboxAccessRequest
            {
                Row = rows.Count + 1,
                Mailbox = Mailbox,
                User = User,
                AccessRights = AccessRight,
                Source = (object?)InputObject ?? Mailbox,
            };
            Complete(row);
            rows.Add(row);
        }

        internal virtual void Complete(MailboxAccessRequest row)
        {
        }

    }

    /// <summary>Tab completion for -AccessRight.</summary>
    public sealed class AccessRightCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            foreach (var name in new[] { "FullAccess", "SendAs", "SendOnBehalf" })
            {
                if (name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(name);
                }
            }
        }
    }
}
