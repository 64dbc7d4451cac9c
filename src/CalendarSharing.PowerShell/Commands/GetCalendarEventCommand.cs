using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Lists the events of calendars in a window: occurrences of series expanded, or with -AsSeries the series masters
    /// with their exceptions. Calendars are collected from the pipeline and read concurrently at the end; output follows
    /// the input, each calendar's events sorted by start. A window the protocol cannot return in one read is split.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarEvent", DefaultParameterSetName = EndSet)]
    [OutputType(typeof(CalendarEvent))]
    public sealed class GetCalendarEventCommand : CalendarSharingConnectedCmdletBase
    {
        public const string EndSet = "End";
        public const string DaysSet = "Days";

        private readonly List<EventReadRequest> rows = new List<EventReadRequest>();

        /// <summary>Mailboxes (SMTP address), optionally with a calendar: hans@contoso.com:\Kalender.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string[] Mailbox { get; set; } = Array.Empty<string>();

        /// <summary>A secondary calendar by display name or folder id; default: the default calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.CalendarCompleter))]
        public string? Calendar { get; set; }

        /// <summary>Start of the window; default: today at midnight.</summary>
        [Parameter]
        public DateTime Start { get; set; }

        /// <summary>End of the window.</summary>
        [Parameter(ParameterSetName = EndSet)]
        public DateTime End { get; set; }

        /// <summary>Length of the window in days; default 7.</summary>
        [Parameter(ParameterSetName = DaysSet)]
        [ValidateRange(0.001, 3660)]
        public double Days { get; set; }

        /// <summary>Series masters with their exceptions instead of occurrences.</summary>
        [Parameter]
        public SwitchParameter AsSeries { get; set; }

        /// <summary>The zone of -Start, -End and of the times shown (Windows or IANA name); default: this computer's.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.TimeZoneCompleter))]
        public string? TimeZone { get; set; }

        /// <summary>The pipeline object itself, kept as the target of any error about it. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var mailbox in Mailbox)
            {
                rows.Add(new EventReadRequest
                {
                    Row = rows.Count + 1,
                    Mailbox = mailbox,
                    Calendar = string.IsNullOrWhiteSpace(Calendar) ? null : Calendar,
                    Source = (object?)InputObject ?? mailbox,
                });
            }
        }

        protected override void EndProcessing() => RunRows(rows, r => r.Source, () =>
        {
            var backend = Require<ICalendarEventBackend>(ConnectionCapabilities.Events, out var info);
            var engine = new EventCommands(backend, info.MaxConcurrency);
            DateTime? start = Given(nameof(Start)) ? Start : (DateTime?)null;
            DateTime? end = Given(nameof(End)) ? End : (DateTime?)null;
            double? days = Given(nameof(Days)) ? Days : (double?)null;
            var zone = TimeZone;
            var asSeries = AsSeries.IsPresent;
            return (r, sink, token) => EventTimes.TryWindow(start, end, days, zone, TimeSpan.FromDays(7), false, sink, out var s, out var e)
                ? engine.GetAsync(r, new EventReadQuery { Start = s, End = e, AsSeries = asSeries, TimeZone = zone }, sink, token)
                : Task.CompletedTask;
        });
    }
}
