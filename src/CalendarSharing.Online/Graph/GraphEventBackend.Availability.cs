using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Availability;
using CalendarSharing.Core.Backends;
using Microsoft.Graph.Models;
using GetSchedulePostRequestBody = Microsoft.Graph.Users.Item.Calendar.GetSchedule.GetSchedulePostRequestBody;
using GetSchedulePostResponse = Microsoft.Graph.Users.Item.Calendar.GetSchedule.GetSchedulePostResponse;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Online.Graph
{
    // getSchedule (https://learn.microsoft.com/graph/api/calendar-getschedule).
    public sealed partial class GraphEventBackend : IAvailabilityBackend
    {
        /// <summary>
        /// getSchedule takes at most 20 schedules and a window of less than 62 days, with an interval of 5 to 1440 minutes
        /// (https://learn.microsoft.com/graph/outlook-get-free-busy-schedule); Outlook allows 4 concurrent requests
        /// (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits). The window is kept to whole days
        /// (61) so a split window still starts on an interval boundary for every interval that divides a day.
        /// </summary>
        private static readonly AvailabilityLimits GraphLimits = new AvailabilityLimits
        {
            MaxMailboxesPerRequest = 20,
            MaxWindow = TimeSpan.FromDays(61),
            MinIntervalMinutes = 5,
            MaxIntervalMinutes = 1440,
            MaxConcurrentRequests = 4,
        };

        /// <summary>The mailbox whose /calendar/getSchedule answered last: asked first next time.</summary>
        private string? scheduleAnchor;

        public AvailabilityLimits Limits => GraphLimits;

        public async Task<IReadOnlyList<MailboxSchedule>> GetSchedulesAsync(ScheduleRequest request, CancellationToken cancellationToken)
        {
            if (request.Mailboxes.Count == 0)
            {
                return Array.Empty<MailboxSchedule>();
            }

            var zone = request.TimeZone ?? "UTC";

            // A new body per attempt: Kiota's backing store serializes only changed values once a body was written, so
            // a body sent twice would go out empty the second time (microsoft/kiota-dotnet#467).
            Func<GetSchedulePostRequestBody> body = () => new GetSchedulePostRequestBody
            {
                Schedules = request.Mailboxes.ToList(),
                StartTime = GraphEventMapping.ToGraphTime(request.Start, zone),
                EndTime = GraphEventMapping.ToGraphTime(request.End, zone),
                AvailabilityViewInterval = request.IntervalMinutes,
            };

            // getSchedule is an action on some mailbox's calendar; which one does not change the answer for an app. One
            // that does not exist (or lives on premises) fails the whole request, so the next candidate is tried.
            var candidates = new List<string>();
            if (scheduleAnchor != null)
            {
                candidates.Add(scheduleAnchor);
            }

            candidates.AddRange(request.Mailboxes.Where(m => !candidates.Contains(m, StringComparer.OrdinalIgnoreCase)).Take(3));
            BackendError? last = null;
            foreach (var anchor in candidates)
            {
                var step = new GraphStep(eventRequests.GetSchedule(anchor, body(), zone), $"Cannot read the free/busy of {request.Mailboxes.Count} mailbox(es) through {anchor}", NotFoundMeans.Mailbox);
                await gateway.ExecuteAsync(new[] { step }, cancellationToken).ConfigureAwait(false);
                if (!step.IsSuccess)
                {
                    last = step.Error ?? Unexpected(step);
                    if (last.Code == BackendErrorCode.MailboxNotFound)
                    {
                        continue;
                    }

                    throw new BackendException(last);
                }

                scheduleAnchor = anchor;
                var answer = await step.ParseAsync(GetSchedulePostResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
                return Match(request, answer?.Value ?? new List<ScheduleInformation>(), zone);
            }

            throw new BackendException(last!);
        }

        /// <summary>One schedule per requested mailbox, in order: by scheduleId, else by position.</summary>
        private static IReadOnlyList<MailboxSchedule> Match(ScheduleRequest request, List<ScheduleInformation> answers, string zone)
        {
            var result = new List<MailboxSchedule>(request.Mailboxes.Count);
            var used = new HashSet<ScheduleInformation>();
            for (var i = 0; i < request.Mailboxes.Count; i++)
            {
                var mailbox = request.Mailboxes[i];
                var info = answers.FirstOrDefault(a => !used.Contains(a) && string.Equals(a.ScheduleId?.Trim(), mailbox.Trim(), StringComparison.OrdinalIgnoreCase))
                    ?? (i < answers.Count && !used.Contains(answers[i]) ? answers[i] : null);
                if (info == null)
                {
                    result.Add(new MailboxSchedule(mailbox)
                    {
                        Error = new BackendError(BackendErrorCode.ServerFault, Texts.Format(nameof(Texts.Error_GraphNoSchedule), mailbox), "NoSchedule"),
                    });
                    continue;
                }

                used.Add(info);
                result.Add(ToSchedule(mailbox, info, zone));
            }

            return result;
        }

        private static MailboxSchedule ToSchedule(string mailbox, ScheduleInformation info, string zone)
        {
            var schedule = new MailboxSchedule(mailbox) { ServerView = info.AvailabilityView };
            if (info.Error != null)
            {
                schedule.Error = new BackendError(ScheduleErrorCode(info.Error.ResponseCode), $"No free/busy for {mailbox}: {info.Error.ResponseCode} {info.Error.Message}".TrimEnd(), info.Error.ResponseCode);
                return schedule;
            }

            // The status of each item, never availabilityView's digit: working elsewhere shows there as 0 or 4 depending
            // on the page one reads (https://learn.microsoft.com/graph/outlook-get-free-busy-schedule,
            // https://learn.microsoft.com/graph/api/resources/scheduleinformation).
            foreach (var item in info.ScheduleItems ?? new List<ScheduleItem>())
            {
                schedule.Blocks.Add(new AvailabilityBlock
                {
                    Start = GraphEventMapping.In(GraphEventMapping.Instant(item.Start), zone),
                    End = GraphEventMapping.In(GraphEventMapping.Instant(item.End), zone),
                    ShowAs = GraphEventMapping.ShowAs(item.Status),
                    Subject = string.IsNullOrEmpty(item.Subject) ? null : item.Subject,
                    Location = string.IsNullOrEmpty(item.Location) ? null : item.Location,
                    IsPrivate = item.IsPrivate == true,
                });
            }

            schedule.WorkingHours = GraphEventMapping.ToWorkingHours(info.WorkingHours);
            return schedule;
        }

        private static BackendErrorCode ScheduleErrorCode(string? code)
        {
            switch (code)
            {
                case "ErrorMailRecipientNotFound":
                case "ErrorInvalidUser":
                case "ErrorNonExistentMailbox":
                    return BackendErrorCode.MailboxNotFound;
                case "ErrorAccessDenied":
                case "ErrorNoFreeBusyAccess":
                case "ErrorFreeBusyAccessDenied":
                    return BackendErrorCode.AccessDenied;
                default:
                    return BackendErrorCode.ServerFault;
            }
        }
    }
}
