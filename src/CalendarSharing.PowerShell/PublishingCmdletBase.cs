using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Publishing;

namespace CalendarSharing.PowerShell
{
    /// <summary>
    /// Publish-, Unpublish- and Get-CalendarPublishing: the rows (Mailbox, Calendar) bound by property name, -ExchangeSession
    /// (the admin's Exchange Management Shell session, on premises) and the choice of what runs Get-/Set-MailboxCalendarFolder:
    /// that session, or the connection's Publishing capability (an Exchange Online connection's admin API; a hybrid
    /// connection routes each mailbox to its side).
    /// </summary>
    public abstract class PublishingCmdletBase : PipelineRowsCmdletBase
    {
        private readonly List<PublishingRequest> rows = new List<PublishingRequest>();
        private ExchangeSessionExecutor? session;

        /// <summary>
        /// The mailboxes (SMTP addresses), optionally mailbox:\Calendar; objects with a Mailbox, PrimarySmtpAddress,
        /// Identity or Owner property (CSV rows, Get-Mailbox output) bind by property name.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString] // an empty CSV cell is the engine's to report, with its row number
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string[] Mailbox { get; set; } = Array.Empty<string>();

        /// <summary>A secondary calendar by display name; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.CalendarCompleter))]
        public string? Calendar { get; set; }

        /// <summary>A session to the Exchange Management Shell: New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://server/PowerShell/.</summary>
        [Parameter]
        [ValidateNotNull]
        public PSSession? ExchangeSession { get; set; }

        internal IReadOnlyList<PublishingRequest> Rows => rows;

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

        protected override void ProcessRecord()
        {
            foreach (var mailbox in Mailbox)
            {
                var row = new PublishingRequest
                {
                    Row = InputObject != null && Mailbox.Length == 1 ? PipelineRow : rows.Count + 1,
                    Mailbox = mailbox,
                    Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                    Source = (object?)InputObject ?? mailbox,
                };
                Complete(row);
                rows.Add(row);
            }
        }

        /// <summary>Adds what only this cmdlet binds (the detail level, for one) to a row.</summary>
        internal virtual void Complete(PublishingRequest row)
        {
        }

        /// <summary>
        /// The publishing engine: on-premises mailboxes through -ExchangeSession when given, the rest through the
        /// connection's Publishing capability; neither is the capability's one error.
        /// </summary>
        internal PublishingCommands PublishingCommands()
        {
            var services = ExchangeSession != null && Connection is null && Connections.Default is null ? null : ResolveServices();
            IPublishingBackend publishing;
            if (ExchangeSession != null)
            {
                session ??= new ExchangeSessionExecutor(ExchangeSession);
                publishing = services?.Find<IPublishingBackend>(ConnectionCapabilities.Publishing)?.WithOnPremisesExecutor(session)
                    ?? new ExchangeExecutorPublishing(session);
            }
            else
            {
                publishing = Require<IPublishingBackend>(services!, ConnectionCapabilities.Publishing);
            }

            // An Exchange session runs one command at a time.
            var concurrency = ExchangeSession != null ? 1 : services?.Info.MaxConcurrency ?? 4;
            return new PublishingCommands(publishing, Math.Max(concurrency, 1));
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

    /// <summary>Tab completion for -DetailLevel.</summary>
    public sealed class DetailLevelCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            foreach (var name in Enum.GetNames(typeof(PublishingDetailLevel)))
            {
                if (name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(name);
                }
            }
        }
    }

    /// <summary>Tab completion for -From and -To.</summary>
    public sealed class PublishingRangeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            foreach (var name in Enum.GetNames(typeof(PublishingDateRange)))
            {
                if (name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(name);
                }
            }
        }
    }
}
