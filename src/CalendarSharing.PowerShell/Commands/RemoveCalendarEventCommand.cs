using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Deletes events without sending cancellations. Each event is read first, so -Confirm names it and one that is not
    /// there is Unchanged. ConfirmImpact High: asks before each removal unless -Confirm:$false or -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "CalendarEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(CalendarEventResult))]
    public sealed class RemoveCalendarEventCommand : PipelineRowsCmdletBase
    {
        private readonly List<EventWriteRequest> rows = new List<EventWriteRequest>();

        /// <summary>The mailbox whose calendar holds the event, optionally mailbox:\Calendar.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Mailbox { get; set; } = string.Empty;

        /// <summary>A secondary calendar by display name or folder id; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.CalendarCompleter))]
        public string? Calendar { get; set; }

        /// <summary>The event's id (Id of Get-CalendarEvent or New-CalendarEvent).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("EventId")]
        [AllowEmptyString]
        public string Id { get; set; } = string.Empty;

        /// <summary>Remove without asking, unless -Confirm is given explicitly. -WhatIf still wins.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            string? subject = null;
            if (InputObject?.BaseObject is CalendarEvent ev)
            {
                subject = ev.Subject;
            }

            rows.Add(new EventWriteRequest
            {
                Row = RowNumber(rows.Count),
                Mailbox = Mailbox,
                Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                Id = Id,
                Subject = subject,
                Source = (object?)InputObject ?? Mailbox,
            });
        }

        protected override void EndProcessing() => RunRows(rows, r => r.Source, () =>
        {
            var backend = Require<ICalendarEventBackend>(ConnectionCapabilities.Events, out var info);
            return new EventCommands(backend, info.MaxConcurrency).RemoveAsync;
        });

        internal override bool ConfirmChange(string target, string action) => ConfirmUnlessForced(Force, target, action);
    }
}
