using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CalendarSharing.Core.Addressing;
using CalendarSharing.Core.Backends;
using CalendarSharing.Core.Commands;
using CalendarSharing.Core.Events;
using CalendarSharing.Core.Output;
using CalendarSharing.Core.Resilience;
using CalendarSharing.Core.Resources;

namespace CalendarSharing.Core.Availability
{
    /// <summary>One mailbox of Get-CalendarAvailability as the cmdlet received it (a parameter value or a CSV row).</summary>
    public sealed class AvailabilityRequest
    {
        public int? Row { get; set; }

        public string? Mailbox { get; set; }

        /// <summary>The input object (a CSV row, a string): the TargetObject of any error about this row.</summary>
        public object? Source { get; set; }

        public override string ToString() => $"row {Row}: {Mailbox}";
    }

    /// <summary>The window and grid of Get-CalendarAvailability.</summary>
    public sealed class AvailabilityQuery
    {
        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        public int IntervalMinutes { get; set; } = 30;

        public WorkingElsewhereTreatment WorkingElsewhere { get; set; }

        /// <summary>The zone of the output (Windows or IANA name); null = this machine's zone.</summary>
        public string? TimeZone { get; set; }
    }

    /// <summary>Find-MeetingTime's question: who, how long, when.</summary>
    public sealed class MeetingTimeRequest
    {
        public IList<string> Attendees { get; set; } = new List<string>();

        public IList<string> Optional { get; set; } = new List<string>();

        public IList<string> Rooms { get; set; } = new List<string>();

        public DateTimeOffset Start { get; set; }

        public DateTimeOffset End { get; set; }

        public int DurationMinutes { get; set; } = 30;

        public bool WorkingHoursOnly { get; set; }

        public double MinimumAttendeePercentage { get; set; } = 100;

        public WorkingElsewhereTreatment WorkingElsewhere { get; set; }

        public int First { get; set; } = 10;

        /// <summary>The zone slots are aligned and rendered in (Windows or IANA name); null = this machine's zone.</summary>
        public string? TimeZone { get; set; }
    }

    /// <summary>What one run cost: for the benchmark and -Verbose.</summary>
    public sealed class AvailabilityRunStats
    {
        public int Mailboxes { get; set; }

        public int Requests { get; set; }

        public int FailedRequests { get; set; }

        /// <summary>Time spent merging chunks and computing grids (or slots), not waiting for the server.</summary>
        public TimeSpan MergeTime { get; set; }

        public TimeSpan WallTime { get; set; }

        public override string ToString() => $"{Mailboxes} mailbox(es), {Requests} request(s), merge {MergeTime.TotalMilliseconds:0} ms, wall {WallTime.TotalMilliseconds:0} ms";
    }

    /// <summary>
    /// What Get-CalendarAvailability and Find-MeetingTime do. The mailboxes and the window are split into the fewest
    /// requests the backend's limits allow (<see cref="AvailabilityPlan"/>), run in parallel within its concurrency limit
    /// (halved on back-off, <see cref="AdaptiveConcurrencyLimiter"/>), merged per mailbox, and the grid (or the slots) is
    /// computed here from the blocks' own status, so EWS and Graph give the same answer. A mailbox the server has no
    /// schedule for is a MailboxAvailability with Status NoData and a reason, never a failure of the run; a request that
    /// failed after its retries is an error for each row it carried.
    /// </summary>
    public sealed class AvailabilityCommands
    {
        private readonly IAvailabilityBackend backend;

        public AvailabilityCommands(IAvailabilityBackend backend)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
        }

        /// <summary>Retries of one request in Core after the client's own retries gave up (reads are safe to repeat).</summary>
        public RetryOptions Retry { get; set; } = new RetryOptions { MaxAttempts = 3 };

        /// <summary>One MailboxAvailability per row, in input order.</summary>
        public async Task<AvailabilityRunStats> GetAsync(IReadOnlyList<AvailabilityRequest> rows, AvailabilityQuery query, IOutputSink sink, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var stats = new AvailabilityRunStats();
            if (!TryZone(query.TimeZone, sink, out var zone, out var zoneId) || !CheckWindow(query.Start, query.End, sink) || !CheckInterval(query.IntervalMinutes, sink))
            {
                return stats;
            }

            var valid = new List<(AvailabilityRequest Row, string Mailbox)>();
            foreach (var row in rows)
            {
                var mailbox = ParseMailbox(row.Mailbox, row.Row, row.Source ?? row.Mailbox ?? (object)row, sink);
                if (mailbox != null)
                {
                    valid.Add((row, mailbox));
                }
            }

            var read = await ReadAsync(valid.Select(v => v.Mailbox).ToList(), query.Start, query.End, query.IntervalMinutes, zoneId, sink, cancellationToken).ConfigureAwait(false);
            var merge = Stopwatch.StartNew();
            foreach (var (row, mailbox) in valid)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (read.Failures.TryGetValue(mailbox, out var failure))
                {
                    sink.WriteError(ErrorCatalog.FromBackend(failure.Error, ErrorFamily.Availability, new RowRef(row.Row, row.Source ?? mailbox, mailbox, null), failure));
                    continue;
                }

                var output = Build(mailbox, read, query.Start, query.End, query.IntervalMinutes, query.WorkingElsewhere, zone);
                output.Row = row.Row;
                sink.WriteObject(output);
            }

            merge.Stop();
            stats.Mailboxes = read.Schedules.Count + read.Failures.Count;
            stats.Requests = read.Requests;
            stats.FailedRequests = read.FailedRequests;
            stats.MergeTime = read.MergeTime + merge.Elapsed;
            stats.WallTime = clock.Elapsed;
            sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_FreeBusyStats), stats));
            return stats;
        }

        /// <summary>The ranked slots (MeetingTimeSlot), best first.</summary>
        public async Task<AvailabilityRunStats> FindMeetingTimesAsync(MeetingTimeRequest request, IOutputSink sink, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var stats = new AvailabilityRunStats();
            if (!TryZone(request.TimeZone, sink, out var zone, out var zoneId) || !CheckWindow(request.Start, request.End, sink))
            {
                return stats;
            }

            if (request.DurationMinutes <= 0 || TimeSpan.FromMinutes(request.DurationMinutes) > request.End - request.Start)
            {
                sink.WriteError(new OperationError(
                    ErrorIds.InvalidEventWindow,
                    ErrorKind.InvalidArgument,
                    Texts.Format(nameof(Texts.Error_DurationTooLong), request.DurationMinutes, Text(request.Start), Text(request.End)),
                    request.DurationMinutes,
                    Texts.Advice_InvalidEventWindow));
                return stats;
            }

            var wanted = new List<(string Address, EventAttendeeType Type)>();
            void Add(IEnumerable<string> list, EventAttendeeType type)
            {
                foreach (var item in list)
                {
                    var mailbox = ParseMailbox(item, null, item, sink);
                    if (mailbox != null && !wanted.Any(w => string.Equals(w.Address, mailbox, StringComparison.OrdinalIgnoreCase)))
                    {
                        wanted.Add((mailbox, type));
                    }
                }
            }

            Add(request.Attendees, EventAttendeeType.Required);
            Add(request.Optional, EventAttendeeType.Optional);
            Add(request.Rooms, EventAttendeeType.Resource);
            if (wanted.Count == 0)
            {
                return stats;
            }

            var interval = Math.Max(backend.Limits.MinIntervalMinutes, Math.Min(backend.Limits.MaxIntervalMinutes, 30));
            var read = await ReadAsync(wanted.Select(w => w.Address).ToList(), request.Start, request.End, interval, zoneId, sink, cancellationToken).ConfigureAwait(false);
            var merge = Stopwatch.StartNew();
            var participants = new List<MeetingParticipant>();
            foreach (var (address, type) in wanted)
            {
                MailboxAvailability schedule;
                if (read.Failures.TryGetValue(address, out var failure))
                {
                    sink.WriteError(ErrorCatalog.FromBackend(failure.Error, ErrorFamily.Availability, new RowRef(null, address, address, null), failure));
                    schedule = new MailboxAvailability(address) { Status = AvailabilityStatus.NoData, Reason = failure.Error.Message, ErrorId = ErrorCatalog.IdOf(failure.Error.Code).ErrorId };
                }
                else
                {
                    schedule = Build(address, read, request.Start, request.End, interval, request.WorkingElsewhere, zone);
                    if (schedule.Status == AvailabilityStatus.NoData)
                    {
                        sink.WriteWarning(Texts.Format(nameof(Texts.Warning_AttendeeNoData), address, schedule.Reason));
                    }
                }

                participants.Add(new MeetingParticipant(address, type, schedule));
            }

            var duration = TimeSpan.FromMinutes(request.DurationMinutes);
            var slots = MeetingTimeFinder.Find(participants, new MeetingTimeQuery
            {
                Start = request.Start,
                End = request.End,
                Duration = duration,
                Step = TimeSpan.FromMinutes(request.DurationMinutes < 30 ? 15 : 30),
                WorkingHoursOnly = request.WorkingHoursOnly,
                MinimumAttendeePercentage = request.MinimumAttendeePercentage,
                WorkingElsewhere = request.WorkingElsewhere,
                First = request.First,
                TimeZone = zone,
            });
            merge.Stop();
            if (slots.Count == 0)
            {
                sink.WriteWarning(Texts.Format(nameof(Texts.Warning_NoMeetingTime), request.DurationMinutes, Text(request.Start), Text(request.End)));
            }

            foreach (var slot in slots)
            {
                sink.WriteObject(slot);
            }

            stats.Mailboxes = wanted.Count;
            stats.Requests = read.Requests;
            stats.FailedRequests = read.FailedRequests;
            stats.MergeTime = read.MergeTime + merge.Elapsed;
            stats.WallTime = clock.Elapsed;
            sink.WriteVerbose(Texts.Format(nameof(Texts.Verbose_MeetingTimesStats), stats));
            return stats;
        }

        /// <summary>
        /// Reads the schedules of <paramref name="mailboxes"/> over the window: the fewest requests the limits allow, in
        /// parallel within them, merged per mailbox.
        /// </summary>
        public async Task<ScheduleRead> ReadAsync(IReadOnlyList<string> mailboxes, DateTimeOffset start, DateTimeOffset end, int intervalMinutes, string? timeZone, IOutputSink? sink, CancellationToken cancellationToken)
        {
            var limits = backend.Limits;
            var plan = AvailabilityPlan.Create(mailboxes, start, end, intervalMinutes, limits);
            var answers = new IReadOnlyList<MailboxSchedule>?[plan.Count];
            var errors = new BackendException?[plan.Count];
            var limiter = new AdaptiveConcurrencyLimiter(limits.MaxConcurrentRequests);
            var done = 0;
            const string Activity = "Reading free/busy";
            sink?.WriteVerbose(Texts.Format(nameof(Texts.Verbose_AvailabilityPlan), AvailabilityPlan.Distinct(mailboxes).Count, start, end, plan.Count, limits.MaxMailboxesPerRequest, limits.MaxWindow.TotalDays, limits.MaxConcurrentRequests));
            await BulkRunner.RunAsync(
                plan,
                limits.MaxConcurrentRequests,
                async (chunk, token) =>
                {
                    var budget = new RetryBudget(Retry);
                    while (true)
                    {
                        var lease = await limiter.AcquireAsync(token).ConfigureAwait(false);
                        try
                        {
                            var request = new ScheduleRequest(chunk.Mailboxes, chunk.Start, chunk.End, intervalMinutes) { TimeZone = timeZone };
                            answers[chunk.Index] = await backend.GetSchedulesAsync(request, token).ConfigureAwait(false);
                            lease.Dispose();
                            break;
                        }
                        catch (BackendException ex) when (ex.Error.Code == BackendErrorCode.Throttled || ex.Error.Code == BackendErrorCode.Transient)
                        {
                            lease.BackOff();
                            if (!budget.TryNextAttempt(null, out var delay))
                            {
                                errors[chunk.Index] = ex;
                                break;
                            }

                            await RetryBudget.DelayAsync(delay, token).ConfigureAwait(false);
                        }
                        catch (BackendException ex)
                        {
                            lease.Dispose();
                            errors[chunk.Index] = ex;
                            break;
                        }
                        catch
                        {
                            lease.Dispose();
                            throw;
                        }
                    }

                    var n = Interlocked.Increment(ref done);
                    sink?.WriteProgress(new ProgressInfo(Activity, $"{n} of {plan.Count} requests", n, plan.Count));
                },
                (chunk, ex) => errors[chunk.Index] = new BackendException(new BackendError(BackendErrorCode.ServerFault, ex.Message), ex),
                cancellationToken).ConfigureAwait(false);
            sink?.WriteProgress(new ProgressInfo(Activity, "Done", plan.Count, plan.Count, completed: true));

            var clock = Stopwatch.StartNew();
            var read = new ScheduleRead { Requests = plan.Count, FailedRequests = errors.Count(e => e != null) };
            var boundaries = new HashSet<DateTimeOffset>(plan.Select(c => c.Start));
            var parts = new Dictionary<string, List<MailboxSchedule>>(StringComparer.OrdinalIgnoreCase);
            foreach (var chunk in plan)
            {
                if (errors[chunk.Index] is BackendException failed)
                {
                    foreach (var m in chunk.Mailboxes)
                    {
                        read.Failures[m] = failed;
                    }

                    continue;
                }

                var answer = answers[chunk.Index] ?? Array.Empty<MailboxSchedule>();
                for (var i = 0; i < chunk.Mailboxes.Count; i++)
                {
                    var m = chunk.Mailboxes[i];
                    var schedule = i < answer.Count && string.Equals(answer[i].Mailbox, m, StringComparison.OrdinalIgnoreCase)
                        ? answer[i]
                        : answer.FirstOrDefault(a => string.Equals(a.Mailbox, m, StringComparison.OrdinalIgnoreCase))
                          ?? (i < answer.Count ? answer[i] : new MailboxSchedule(m) { Error = new BackendError(BackendErrorCode.ServerFault, "The server's answer had no schedule for this mailbox.") });
                    if (!parts.TryGetValue(m, out var list))
                    {
                        parts[m] = list = new List<MailboxSchedule>();
                    }

                    list.Add(schedule);
                }
            }

            foreach (var pair in parts)
            {
                if (read.Failures.ContainsKey(pair.Key))
                {
                    continue;
                }

                var error = pair.Value.Select(s => s.Error).FirstOrDefault(e => e != null);
                read.Schedules[pair.Key] = new MailboxSchedule(pair.Key)
                {
                    Error = error,
                    WorkingHours = pair.Value.Select(s => s.WorkingHours).FirstOrDefault(w => w != null),
                    Blocks = error != null ? new List<AvailabilityBlock>() : AvailabilityGrid.Merge(pair.Value.SelectMany(s => s.Blocks), boundaries),
                    ServerView = string.Concat(pair.Value.Select(s => s.ServerView)),
                };
            }

            read.MergeTime = clock.Elapsed;
            return read;
        }

        /// <summary>One mailbox's output from what was read: its blocks in the output zone and the grid.</summary>
        internal static MailboxAvailability Build(string mailbox, ScheduleRead read, DateTimeOffset start, DateTimeOffset end, int intervalMinutes, WorkingElsewhereTreatment workingElsewhere, TimeZoneInfo zone)
        {
            var schedule = read.Schedules.TryGetValue(mailbox, out var s) ? s : new MailboxSchedule(mailbox);
            var output = new MailboxAvailability(schedule.Mailbox)
            {
                Start = TimeZoneInfo.ConvertTime(start, zone),
                End = TimeZoneInfo.ConvertTime(end, zone),
                IntervalMinutes = intervalMinutes,
                WorkingHours = schedule.WorkingHours,
                TimeZone = schedule.WorkingHours?.TimeZone,
            };
            if (schedule.Error != null)
            {
                output.Status = AvailabilityStatus.NoData;
                output.Reason = schedule.Error.Message;
                output.ErrorId = ErrorCatalog.IdOf(schedule.Error.Code).ErrorId;
                output.Intervals = AvailabilityGrid.NoData(start, end, intervalMinutes);
            }
            else
            {
                output.Blocks = schedule.Blocks
                    .Select(b => new AvailabilityBlock
                    {
                        Start = TimeZoneInfo.ConvertTime(b.Start, zone),
                        End = TimeZoneInfo.ConvertTime(b.End, zone),
                        ShowAs = b.ShowAs,
                        Subject = b.Subject,
                        Location = b.Location,
                        IsPrivate = b.IsPrivate,
                        IsMeeting = b.IsMeeting,
                        IsRecurring = b.IsRecurring,
                    })
                    .ToList();
                output.Intervals = AvailabilityGrid.Compute(schedule.Blocks, start, end, intervalMinutes, workingElsewhere);
            }

            output.Grid = AvailabilityGrid.Render(output.Intervals);
            return output;
        }

        // ------------------------------------------------------------------ input checks

        /// <summary>The zone of a -TimeZone value (Windows or IANA), or this machine's; an error when there is no such zone.</summary>
        internal static bool TryZone(string? name, IOutputSink sink, out TimeZoneInfo zone, out string? windowsId)
        {
            zone = TimeZoneInfo.Local;
            windowsId = null;
            try
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    windowsId = TimeZoneNames.IsKnown(TimeZoneInfo.Local.Id) ? TimeZoneNames.ToWindows(TimeZoneInfo.Local.Id) : null;
                    return true;
                }

                zone = TimeZoneNames.Find(name!);
                windowsId = TimeZoneNames.ToWindows(name!);
                return true;
            }
            catch (FormatException ex)
            {
                sink.WriteError(new OperationError(ErrorIds.InvalidTimeZone, ErrorKind.InvalidArgument, ex.Message, name, Texts.Advice_InvalidTimeZone));
                return false;
            }
        }

        internal static bool CheckWindow(DateTimeOffset start, DateTimeOffset end, IOutputSink sink)
        {
            if (end > start)
            {
                return true;
            }

            sink.WriteError(new OperationError(ErrorIds.InvalidEventWindow, ErrorKind.InvalidArgument, Texts.Format(nameof(Texts.Error_InvalidEventWindow), Text(start), Text(end)), end, Texts.Advice_InvalidEventWindow));
            return false;
        }

        private bool CheckInterval(int minutes, IOutputSink sink)
        {
            var limits = backend.Limits;
            if (minutes >= limits.MinIntervalMinutes && minutes <= limits.MaxIntervalMinutes)
            {
                return true;
            }

            sink.WriteError(new OperationError(
                ErrorIds.InvalidInterval,
                ErrorKind.InvalidArgument,
                Texts.Format(nameof(Texts.Error_InvalidInterval), minutes, limits.MinIntervalMinutes, limits.MaxIntervalMinutes),
                minutes,
                Texts.Format(nameof(Texts.Advice_InvalidInterval), limits.MinIntervalMinutes, limits.MaxIntervalMinutes)));
            return false;
        }

        /// <summary>The SMTP address of a row's mailbox ("mailbox:\Calendar" allowed), or null after writing the row's error.</summary>
        internal static string? ParseMailbox(string? text, int? row, object target, IOutputSink sink)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                sink.WriteError(ErrorCatalog.InvalidRow(ErrorIds.MissingMailbox, row, target, null, null, Texts.Error_MissingMailbox, Texts.Advice_MissingMailbox));
                return null;
            }

            try
            {
                return CalendarAddress.Parse(text!).Mailbox;
            }
            catch (FormatException ex)
            {
                sink.WriteError(ErrorCatalog.InvalidRow(ErrorIds.InvalidMailbox, row, target, text!.Trim(), null, ex.Message, Texts.Advice_InvalidMailbox));
                return null;
            }
        }

        internal static string Text(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The schedules of one read, merged per mailbox (case-insensitive), and what it cost.</summary>
    public sealed class ScheduleRead
    {
        public Dictionary<string, MailboxSchedule> Schedules { get; } = new Dictionary<string, MailboxSchedule>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Mailboxes whose request failed after its retries: the failure.</summary>
        public Dictionary<string, BackendException> Failures { get; } = new Dictionary<string, BackendException>(StringComparer.OrdinalIgnoreCase);

        public int Requests { get; set; }

        public int FailedRequests { get; set; }

        public TimeSpan MergeTime { get; set; }
    }
}
