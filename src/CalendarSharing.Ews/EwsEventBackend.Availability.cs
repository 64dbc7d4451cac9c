using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Events;
using CalendarSharing.Ews.Protocol;

namespace CalendarSharing.Ews
{
    /// <summary>
    /// The Availability capability over EWS: one GetUserAvailabilityRequest per call, within Exchange's limits of 100
    /// mailboxes and 42 days (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getuseravailability-operation,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/timewindow). Each block's status is the
    /// CalendarEvent's BusyType: MergedFreeBusy has no digit for working elsewhere
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/mergedfreebusy), so it is kept for
    /// diagnostics only. A mailbox the server cannot or will not answer for is a schedule with an error.
    /// </summary>
    public sealed partial class EwsEventBackend : IAvailabilityBackend
    {
        public AvailabilityLimits Limits => new AvailabilityLimits
        {
            MaxMailboxesPerRequest = 100,
            MaxWindow = TimeSpan.FromDays(42),
            MinIntervalMinutes = 5,
            MaxIntervalMinutes = 1440,
            MaxConcurrentRequests = Math.Max(1, Options.MaxConcurrency),
        };

        public async Task<IReadOnlyList<MailboxSchedule>> GetSchedulesAsync(ScheduleRequest request, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var limits = Limits;
            if (request.Mailboxes.Count == 0)
            {
                return Array.Empty<MailboxSchedule>();
            }

            if (request.Mailboxes.Count > limits.MaxMailboxesPerRequest)
            {
                throw Invalid($"One GetUserAvailability request takes at most {limits.MaxMailboxesPerRequest} mailboxes, not {request.Mailboxes.Count}.");
            }

            if (request.End <= request.Start || request.End - request.Start > limits.MaxWindow)
            {
                throw Invalid($"One GetUserAvailability request covers a window of more than nothing and at most {limits.MaxWindow.TotalDays:0} days, not {request.Start:u} to {request.End:u}.");
            }

            if (request.IntervalMinutes < limits.MinIntervalMinutes || request.IntervalMinutes > limits.MaxIntervalMinutes)
            {
                throw Invalid($"The interval must be {limits.MinIntervalMinutes}-{limits.MaxIntervalMinutes} minutes, not {request.IntervalMinutes}.");
            }

            var (zone, _) = Zone(request.TimeZone ?? "UTC");
            var localStart = TimeZoneInfo.ConvertTime(request.Start, zone).DateTime;
            var localEnd = TimeZoneInfo.ConvertTime(request.End, zone).DateTime;
            var op = new GetUserAvailabilityOperation(request.Mailboxes, localStart, localEnd, request.IntervalMinutes, EwsAvailabilityZone.From(zone, localStart.Year));
            var answers = await RunAsync(op, cancellationToken).ConfigureAwait(false);
            var schedules = new List<MailboxSchedule>(answers.Count);
            for (var n = 0; n < answers.Count; n++)
            {
                schedules.Add(ToSchedule(request.Mailboxes[n], answers[n], zone, localStart.Year));
            }

            return schedules;
        }

        private static MailboxSchedule ToSchedule(string mailbox, EwsFreeBusyAnswer answer, TimeZoneInfo zone, int year)
        {
            var schedule = new MailboxSchedule(mailbox) { ServerView = answer.MergedFreeBusy };
            if (!answer.Message.IsSuccess)
            {
                var code = answer.Message.ResponseCode;
                schedule.Error = new BackendError(CodeOf(code), $"No free/busy for {mailbox}: {code}" + (answer.Message.MessageText != null ? ": " + answer.Message.MessageText : string.Empty), code);
                return schedule;
            }

            foreach (var e in answer.Events)
            {
                schedule.Blocks.Add(new AvailabilityBlock
                {
                    Start = FromLocal(e.Start, zone),
                    End = FromLocal(e.End, zone),
                    ShowAs = EwsCalendarXml.ParseFreeBusy(e.BusyType),
                    Subject = e.Subject,
                    Location = e.Location,
                    IsPrivate = e.IsPrivate,
                    IsMeeting = e.IsMeeting,
                    IsRecurring = e.IsRecurring,
                });
            }

            if (answer.WorkingPeriods.Count > 0)
            {
                var first = answer.WorkingPeriods[0];
                schedule.WorkingHours = new MailboxWorkingHours
                {
                    DaysOfWeek = answer.WorkingPeriods.Where(p => p.StartMinutes == first.StartMinutes && p.EndMinutes == first.EndMinutes)
                        .SelectMany(p => p.Days).Distinct().OrderBy(d => ((int)d + 6) % 7).ToList(),
                    StartTime = TimeSpan.FromMinutes(first.StartMinutes),
                    EndTime = TimeSpan.FromMinutes(first.EndMinutes),
                    TimeZone = answer.WorkingZone?.MatchWindowsId(year),
                };
            }

            return schedule;
        }

        /// <summary>A local time of the request's zone (as GetUserAvailability writes them) as an instant with that zone's offset.</summary>
        internal static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
            {
                unspecified = unspecified.AddHours(1);
            }

            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        }
    }
}
