using System;
using CalendarSharing.Core.Commands;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Delegation;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Grant-, Revoke- and Get-MailboxAccess: -ExchangeSession (the admin's Exchange Management Shell session,
    /// on-premises) and the choice of what runs the Exchange cmdlets: that session, or a connection whose backend
    /// can (an Exchange Online connection: the admin API, GraphCalendarBackend.AdminApi.cs).
    /// </summary>
    public abstract class MailboxAccessCmdletBase : CalendarSharingConnectedCmdletBase
    {
        private ExchangeSessionExecutor? session;

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

        /// <summary>
        /// The mailbox-access engine: delegates and calendar permissions through the connection (when there is one), and
        /// Full Access, Send As and Send on Behalf through -ExchangeSession for on-premises mailboxes or the connection's
        /// MailboxAccess capability (an Exchange Online connection's admin API; a hybrid connection routes each mailbox to
        /// its side). With <paramref name="needExecutor"/> (grant, revoke) and neither, the capability's one error.
        /// </summary>
        internal MailboxAccessCommands AccessCommands(bool needExecutor)
        {
            var services = ExchangeSession != null && Connection is null && Connections.Default is null ? null : ResolveServices();
            IMailboxAccessBackend? access;
            if (ExchangeSession != null)
            {
                session ??= new ExchangeSessionExecutor(ExchangeSession);
                access = services?.Find<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess)?.WithOnPremisesExecutor(session)
                    ?? new ExchangeExecutorAccess(session);
            }
            else
            {
                access = needExecutor
                    ? Require<IMailboxAccessBackend>(services!, ConnectionCapabilities.MailboxAccess)
                    : services?.Find<IMailboxAccessBackend>(ConnectionCapabilities.MailboxAccess);
            }

            // An Exchange session runs one command at a time.
            var concurrency = ExchangeSession != null ? 1 : services?.Info.MaxConcurrency ?? 4;
            return MailboxAccessCommands.Routed(
                access,
                services?.Find<ICalendarBackend>(ConnectionCapabilities.Permissions),
                services?.Find<IDelegateBackend>(ConnectionCapabilities.Delegates),
                Math.Max(concurrency, 1));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                session?.Dispose();
                session = null;
            }

            base.Dispose(disposing);
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
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Mailbox { get; set; } = string.Empty;

        /// <summary>Who gets or loses the rights (SMTP address).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Trustee", "Delegate")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
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
