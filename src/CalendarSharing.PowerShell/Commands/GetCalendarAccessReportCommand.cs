using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Connections;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// The organisation-wide calendar access report: for each mailbox (every one, or those given or piped, such as
    /// Import-Csv rows) and each calendar, one CalendarAccessRow per grant, classified and compared with the sharing
    /// policy; a mailbox that cannot be read is a row with its reason (and an error). -Resume keeps a file of finished
    /// mailboxes, so a stopped scan goes on where it stopped. -HtmlPath also writes the rows as one self-contained page
    /// once the scan has ended (ShouldProcess: -WhatIf scans and shows the rows, and writes no page). -ExchangeSession reads
    /// the sharing policy, publishing and Full Access of on-premises mailboxes through the admin's Exchange session; without
    /// it an EWS connection reads none of them, and one warning says so.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarAccessReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(CalendarAccessRow))]
    public sealed class GetCalendarAccessReportCommand : PipelineRowsCmdletBase
    {
        private readonly List<string> mailboxes = new List<string>();
        private readonly ExchangeSessionParameter session = new ExchangeSessionParameter();
        private bool listed;

        /// <summary>
        /// The mailboxes to scan (SMTP addresses, aliases or display names); objects with a Mailbox, PrimarySmtpAddress, Identity or
        /// UserPrincipalName property (CSV rows, Get-Mailbox output) bind by property name. Default: every mailbox.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "UserPrincipalName")]
        [AllowEmptyString] // an empty CSV cell is a row with its error, not a binding failure
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        [MailboxListTransformation]
        public string[] Mailbox { get; set; } = Array.Empty<string>();

        /// <summary>Also every secondary calendar of each mailbox.</summary>
        [Parameter]
        public SwitchParameter IncludeSecondaryCalendars { get; set; }

        /// <summary>The resume file: finished mailboxes are not read again, and every mailbox this run finishes is added.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Resume { get; set; }

        /// <summary>Also write the report as one self-contained HTML page to this file (relative to the current location); the rows still go to the pipeline.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HtmlPath { get; set; }

        /// <summary>A session to the Exchange Management Shell (New-PSSession -ConfigurationName Microsoft.Exchange): on premises, the sharing policy, publishing and Full Access are read through it.</summary>
        [Parameter]
        [ValidateNotNull]
        public PSSession? ExchangeSession { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ExchangeSessionParameter.Check(this, ExchangeSession);
        }

        protected override void ProcessRecord()
        {
            if (Given(nameof(Mailbox)) || InputObject != null)
            {
                listed = true;
                mailboxes.AddRange(Mailbox);
            }
        }

        protected override void EndProcessing()
        {
            var services = ResolveServices();
            Require<IAccessScanBackend>(services, ConnectionCapabilities.AccessReport);
            Require<ICalendarBackend>(services, ConnectionCapabilities.Permissions);
            var options = new AccessScanOptions
            {
                Mailboxes = listed ? mailboxes : null,
                IncludeSecondaryCalendars = IncludeSecondaryCalendars,
                ResumePath = Resume == null ? null : GetUnresolvedProviderPathFromPSPath(Resume),
                WarnWhatIsNotChecked = true,
            };
            var html = HtmlPath == null ? null : GetUnresolvedProviderPathFromPSPath(HtmlPath);
            var executor = session.ExecutorFor(ExchangeSession);
            var engine = new CalendarAccessCommands(() => CalendarAccessScanner.For(services, executor, ExchangeSessionParameter.NameOf(ExchangeSession)));
            RunEngine((sink, token) => engine.ReportAsync(options, sink, token, html));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                session.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Lets -Mailbox (Import-Csv sales.csv) bind as admins write it: each object with a Mailbox,
    /// PrimarySmtpAddress, Identity, UserPrincipalName or Owner property (a CSV row, Get-Mailbox output) becomes that
    /// value; strings stay as they are. Never throws: an object with none of them becomes its text, and the scan reports it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class MailboxListTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly string[] Names = { "Mailbox", "PrimarySmtpAddress", "Identity", "UserPrincipalName", "Owner" };

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso && !(pso.BaseObject is PSCustomObject) ? pso.BaseObject : inputData;
            if (value is string || value == null)
            {
                return value ?? string.Empty;
            }

            var result = new List<string>();
            if (value is IEnumerable items && !(value is PSObject))
            {
                foreach (var item in items)
                {
                    result.Add(One(item));
                }
            }
            else
            {
                result.Add(One(inputData));
            }

            return result.ToArray();
        }

        private static string One(object? item)
        {
            if (item == null)
            {
                return string.Empty;
            }

            var wrapped = item as PSObject ?? PSObject.AsPSObject(item);
            if (wrapped.BaseObject is string text)
            {
                return text;
            }

            foreach (var name in Names)
            {
                if (wrapped.Properties[name]?.Value is object v)
                {
                    return v is PSObject p ? p.BaseObject?.ToString() ?? string.Empty : v.ToString() ?? string.Empty;
                }
            }

            return wrapped.BaseObject?.ToString() ?? string.Empty;
        }
    }
}
