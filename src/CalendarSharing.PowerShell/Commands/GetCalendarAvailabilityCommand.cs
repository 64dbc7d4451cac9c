using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// The free/busy of many mailboxes and rooms: each one's busy blocks, working hours and a grid with one character per
    /// interval. Mailboxes are collected from the pipeline and read at the end in the fewest requests the protocol allows,
    /// in parallel. A mailbox without free/busy (no such mailbox, no access) is a result with Status NoData and a reason.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CalendarAvailability", DefaultParameterSetName = EndSet)]
    [OutputType(typeof(MailboxAvailability))]
    public sealed class GetCalendarAvailabilityCommand : CalendarSharingConnectedCmdletBase
    {
        public const string EndSet = "End";
        public const string DaysSet = "Days";

        private readonly List<AvailabilityRequest> rows = new List<AvailabilityRequest>();

        /// <summary>Mailboxes and rooms (SMTP addresses).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PrimarySmtpAddress", "Identity", "Owner", "Attendee", "Room")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string[] Mailbox { get; set; } = Array.Empty<string>();

        /// <summary>Start of the window; default: today at midnight.</summary>
        [Parameter]
        public DateTime Start { get; set; }

        /// <summary>End of the window.</summary>
        [Parameter(ParameterSetName = EndSet)]
        public DateTime End { get; set; }

        /// <summary>Length of the window in days; default 1.</summary>
        [Parameter(ParameterSetName = DaysSet)]
        [ValidateRange(0.001, 3660)]
        public double Days { get; set; }

        /// <summary>Minutes per grid interval, 5 to 1440; default 30.</summary>
        [Parameter]
        [ValidateRange(5, 1440)]
        public int IntervalMinutes { get; set; } = 30;

        /// <summary>Whether "working elsewhere" counts as Free (the default) or Busy.</summary>
        [Parameter]
        [ValidateSet("Free", "Busy", IgnoreCase = true)]
        [ArgumentCompleter(typeof(Completion.WorkingElsewhereCompleter))]
        public string WorkingElsewhereAs { get; set; } = "Free";

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
                rows.Add(new AvailabilityRequest { Row = rows.Count + 1, Mailbox = mailbox, Source = (object?)InputObject ?? mailbox });
            }
        }

        protected override void EndProcessing() => RunRows(rows, r => r.Source, () =>
        {
            var engine = new AvailabilityCommands(Require<IAvailabilityBackend>(ConnectionCapabilities.Availability, out _));
            DateTime? start = Given(nameof(Start)) ? Start : (DateTime?)null;
            DateTime? end = Given(nameof(End)) ? End : (DateTime?)null;
            double? days = Given(nameof(Days)) ? Days : (double?)null;
            var query = new AvailabilityQuery
            {
                IntervalMinutes = IntervalMinutes,
                WorkingElsewhere = string.Equals(WorkingElsewhereAs, "Busy", StringComparison.OrdinalIgnoreCase) ? WorkingElsewhereTreatment.Busy : WorkingElsewhereTreatment.Free,
                TimeZone = TimeZone,
            };
            return (r, sink, token) =>
            {
                if (!EventTimes.TryWindow(start, end, days, query.TimeZone, TimeSpan.FromDays(1), false, sink, out var s, out var e))
                {
                    return Task.CompletedTask;
                }

                query.Start = s;
                query.End = e;
                return engine.GetAsync(r, query, sink, token);
            };
        });
    }
}
