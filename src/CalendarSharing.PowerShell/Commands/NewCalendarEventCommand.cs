using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Creates events, without sending invitations unless -SendInvitation. Idempotent: each event carries a transaction id
    /// made from its row, so running the same CSV again finds the events already made (Unchanged) instead of making
    /// them twice. Rows are collected from the pipeline and created at the end; a bad row is an error naming the row.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CalendarEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CalendarEventResult))]
    public sealed class NewCalendarEventCommand : PipelineRowsCmdletBase
    {
        private readonly List<EventWriteRequest> rows = new List<EventWriteRequest>();

        /// <summary>The mailbox whose calendar gets the event, optionally mailbox:\Calendar.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string Mailbox { get; set; } = string.Empty;

        /// <summary>A secondary calendar by display name or folder id; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.CalendarCompleter))]
        public string? Calendar { get; set; }

        /// <summary>The event's subject.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string Subject { get; set; } = string.Empty;

        /// <summary>Start, as a wall-clock time in -TimeZone (a Get-Date value is that instant).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public DateTime Start { get; set; }

        /// <summary>End; default: 30 minutes after the start (all-day: the end of the start's day).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime End { get; set; }

        /// <summary>The event's time zone, Windows or IANA name; default: this computer's.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.TimeZoneCompleter))]
        public string? TimeZone { get; set; }

        /// <summary>How the event shows on free/busy; default Busy (Free for all-day events).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public EventShowAs ShowAs { get; set; }

        /// <summary>The location's display name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Location { get; set; }

        /// <summary>The body: plain text, or HTML with -BodyType Html.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Body { get; set; }

        /// <summary>The format of -Body: Text (default) or Html.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public EventBodyType BodyType { get; set; }

        /// <summary>An all-day event, from midnight to midnight of its zone.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanTransformation]
        public SwitchParameter AllDay { get; set; }

        /// <summary>Private: others with access to the calendar see only the time.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanTransformation]
        public SwitchParameter Private { get; set; }

        /// <summary>Categories; a CSV cell may hold several separated by ';'.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Categories")]
        public string[] Category { get; set; } = Array.Empty<string>();

        /// <summary>Attendees' SMTP addresses; a CSV cell may hold several separated by ';'.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Attendees")]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string[] Attendee { get; set; } = Array.Empty<string>();

        /// <summary>Send meeting requests to the attendees (default: none are sent).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [BooleanTransformation]
        public SwitchParameter SendInvitation { get; set; }

        protected override void ProcessRecord()
        {
            rows.Add(new EventWriteRequest
            {
                Row = RowNumber(rows.Count),
                Mailbox = Mailbox,
                Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                Subject = Subject,
                Start = Start,
                End = Given(nameof(End)) ? End : (DateTime?)null,
                TimeZone = string.IsNullOrWhiteSpace(TimeZone) ? null : TimeZone,
                ShowAs = Given(nameof(ShowAs)) ? ShowAs : (EventShowAs?)null,
                Location = Location,
                Body = Body,
                BodyType = Given(nameof(BodyType)) ? BodyType : (EventBodyType?)null,
                AllDay = AllDay.IsPresent,
                Private = Private.IsPresent,
                Categories = Category,
                Attendees = Attendee,
                SendInvitation = SendInvitation.IsPresent,
                Source = (object?)InputObject ?? Mailbox,
            });
        }

        protected override void EndProcessing() => RunRows(rows, r => r.Source, () =>
        {
            var backend = Require<ICalendarEventBackend>(ConnectionCapabilities.Events, out var info);
            return new EventCommands(backend, info.MaxConcurrency).NewAsync;
        });
    }
}
