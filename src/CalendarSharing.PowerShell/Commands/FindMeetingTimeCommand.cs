using System;
using System.Management.Automation;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Connections;
using CalendarSharing.Core.Events;

namespace CalendarSharing.PowerShell.Commands
{
    /// <summary>
    /// Suggests meeting times, computed by the module from the attendees' and rooms' free/busy, so it works the same on
    /// EWS and Graph and with app-only sign-in. Slots are ranked: most required attendees free first, then most attendees,
    /// then fewest tentative clashes, then earliest; each names who is free, who is not and why, and the free rooms.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "MeetingTime", DefaultParameterSetName = EndSet)]
    [OutputType(typeof(MeetingTimeSlot))]
    public sealed class FindMeetingTimeCommand : CalendarSharingConnectedCmdletBase
    {
        public const string EndSet = "End";
        public const string DaysSet = "Days";

        /// <summary>Required attendees (SMTP addresses).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Required")]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string[] Attendee { get; set; } = Array.Empty<string>();

        /// <summary>Optional attendees: they rank the slots but are not required.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string[] Optional { get; set; } = Array.Empty<string>();

        /// <summary>Rooms: a slot needs at least one of them free.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.MailboxCompleter))]
        public string[] Room { get; set; } = Array.Empty<string>();

        /// <summary>The meeting's length in minutes; default 30.</summary>
        [Parameter]
        [ValidateRange(5, 1440)]
        public int Duration { get; set; } = 30;

        /// <summary>The earliest start; default: now.</summary>
        [Parameter]
        public DateTime Start { get; set; }

        /// <summary>The latest end.</summary>
        [Parameter(ParameterSetName = EndSet)]
        public DateTime End { get; set; }

        /// <summary>How many days from -Start to search; default 7.</summary>
        [Parameter(ParameterSetName = DaysSet)]
        [ValidateRange(0.001, 62)]
        public double Days { get; set; }

        /// <summary>Only slots inside each attendee's working hours, in the attendee's own time zone.</summary>
        [Parameter]
        public SwitchParameter WorkingHoursOnly { get; set; }

        /// <summary>The share of required attendees who must be free, 0-100; default 100.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public double MinimumAttendeePercentage { get; set; } = 100;

        /// <summary>How many slots to return; default 10.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int First { get; set; } = 10;

        /// <summary>Whether "working elsewhere" counts as Free (the default) or Busy.</summary>
        [Parameter]
        [ValidateSet("Free", "Busy", IgnoreCase = true)]
        [ArgumentCompleter(typeof(Completion.WorkingElsewhereCompleter))]
        public string WorkingElsewhereAs { get; set; } = "Free";

        /// <summary>The zone of -Start, -End and of the slots shown (Windows or IANA name); default: this computer's.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completion.TimeZoneCompleter))]
        public string? TimeZone { get; set; }

        protected override void EndProcessing()
        {
            var engine = new AvailabilityCommands(Require<IAvailabilityBackend>(ConnectionCapabilities.Availability, out _));
            DateTime? start = Given(nameof(Start)) ? Start : (DateTime?)null;
            DateTime? end = Given(nameof(End)) ? End : (DateTime?)null;
            double? days = Given(nameof(Days)) ? Days : (double?)null;
            var request = new MeetingTimeRequest
            {
                Attendees = Attendee,
                Optional = Optional,
                Rooms = Room,
                DurationMinutes = Duration,
                WorkingHoursOnly = WorkingHoursOnly.IsPresent,
                MinimumAttendeePercentage = MinimumAttendeePercentage,
                First = First,
                WorkingElsewhere = string.Equals(WorkingElsewhereAs, "Busy", StringComparison.OrdinalIgnoreCase) ? WorkingElsewhereTreatment.Busy : WorkingElsewhereTreatment.Free,
                TimeZone = TimeZone,
            };
            RunRows(new[] { request }, r => Attendee, () => (r, sink, token) =>
            {
                if (!EventTimes.TryWindow(start, end, days, request.TimeZone, TimeSpan.FromDays(7), true, sink, out var s, out var e))
                {
                    return System.Threading.Tasks.Task.CompletedTask;
                }

                request.Start = s;
                request.End = e;
                return engine.FindMeetingTimesAsync(request, sink, token);
            });
        }
    }
}
