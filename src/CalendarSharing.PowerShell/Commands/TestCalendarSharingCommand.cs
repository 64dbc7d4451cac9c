using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CalendarSharing.Core.Access;
using CalendarSharing.Core.Commands;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// What a viewer can see of a calendar, and why: the viewer's folder entry (else Default inside the organisation, or
    /// Anonymous outside it), the sharing policy's cap for the viewer's domain, the organisation relationship, published
    /// links, delegate entry and Full Access, each step as a reason. The engine is <see cref="CalendarAccessExplainer"/>;
    /// -ExchangeSession reads the policy, organisation relationships, publishing and Full Access of on-premises mailboxes
    /// through the admin's Exchange session (<see cref="AccessSources"/>).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "CalendarSharing")]
    [OutputType(typeof(CalendarAccessExplanation))]
    public sealed class TestCalendarSharingCommand : PipelineRowsCmdletBase
    {
        private readonly List<ShareRequest> rows = new List<ShareRequest>();
        private readonly ExchangeSessionParameter session = new ExchangeSessionParameter();

        /// <summary>The mailbox that owns the calendar (SMTP address, UPN, alias or display name), optionally mailbox:\Calendar.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Mailbox", "PrimarySmtpAddress", "Identity")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Owner { get; set; } = string.Empty;

        /// <summary>Who looks at the calendar: an SMTP address inside or outside the organisation, or the alias or display name of someone inside it.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("User", "Trustee", "Principal")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.UserCompleter))]
        public string Viewer { get; set; } = string.Empty;

        /// <summary>A secondary calendar by display name or folder id; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.CalendarCompleter))]
        public string? Calendar { get; set; }

        /// <summary>A session to the Exchange Management Shell (New-PSSession -ConfigurationName Microsoft.Exchange): on premises, the sharing policy, organisation relationships, publishing and Full Access are read through it.</summary>
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
            rows.Add(new ShareRequest
            {
                Row = RowNumber(rows.Count),
                Mailbox = Owner,
                Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                User = Viewer,
                Source = (object?)InputObject ?? Owner,
            });
        }

        protected override void EndProcessing() =>
            RunRows(rows, r => r.Source, () => CalendarAccessExplainer.For(
                ResolveServices(), session.ExecutorFor(ExchangeSession), ExchangeSessionParameter.NameOf(ExchangeSession)).ExplainAsync);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                session.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
