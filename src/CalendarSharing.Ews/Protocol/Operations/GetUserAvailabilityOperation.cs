using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>One mailbox's answer in a GetUserAvailability response.</summary>
    internal sealed class EwsFreeBusyAnswer
    {
        public EwsFreeBusyAnswer(EwsResponseMessage message)
        {
            Message = message;
        }

        public EwsResponseMessage Message { get; }

        public string? ViewType { get; set; }

        public string? MergedFreeBusy { get; set; }

        /// <summary>Local times in the request's zone (no offset on the wire).</summary>
        public List<EwsCalendarEvent> Events { get; } = new List<EwsCalendarEvent>();

        public EwsAvailabilityZone? WorkingZone { get; set; }

        public List<(IReadOnlyList<DayOfWeek> Days, int StartMinutes, int EndMinutes)> WorkingPeriods { get; } = new List<(IReadOnlyList<DayOfWeek>, int, int)>();
    }

    internal sealed class EwsCalendarEvent
    {
        public DateTime Start { get; set; }

        public DateTime End { get; set; }

        public string BusyType { get; set; } = "Busy";

        public string? Subject { get; set; }

        public string? Location { get; set; }

        public bool IsMeeting { get; set; }

        public bool IsRecurring { get; set; }

        public bool IsPrivate { get; set; }
    }

    /// <summary>
    /// GetUserAvailabilityRequest ([MS-OXWAVLS] 3.1.4.1; https://learn.microsoft.com/exchange/client-developer/web-service-reference/getuseravailability-operation):
    /// the legacy t:TimeZone always (the docs require it), up to 100 mailboxes, a window of up to 42 days given as local
    /// times in that zone, the merged interval and the DetailedMerged view. The answer is not the usual ResponseMessages
    /// shape: one FreeBusyResponse per mailbox, in order, each with its own ResponseMessage.
    /// </summary>
    internal sealed class GetUserAvailabilityOperation : EwsOperation<IReadOnlyList<EwsFreeBusyAnswer>>
    {
        public GetUserAvailabilityOperation(IReadOnlyList<string> mailboxes, DateTime localStart, DateTime localEnd, int intervalMinutes, EwsAvailabilityZone zone)
        {
            if (mailboxes.Count == 0)
            {
                throw new ArgumentException("GetUserAvailability needs at least one mailbox.", nameof(mailboxes));
            }

            Mailboxes = mailboxes;
            LocalStart = localStart;
            LocalEnd = localEnd;
            IntervalMinutes = intervalMinutes;
            Zone = zone;
        }

        public IReadOnlyList<string> Mailboxes { get; }

        public DateTime LocalStart { get; }

        public DateTime LocalEnd { get; }

        public int IntervalMinutes { get; }

        public EwsAvailabilityZone Zone { get; }

        public override string Name => "GetUserAvailabilityRequest";

        private static string Local(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        public override XElement WriteRequest()
        {
            var t = EwsXml.T;
            return new XElement(EwsXml.M + Name,
                Zone.Write(),
                new XElement(EwsXml.M + "MailboxDataArray", Mailboxes.Select(m => new XElement(t + "MailboxData",
                    new XElement(t + "Email", new XElement(t + "Address", m)),
                    new XElement(t + "AttendeeType", "Required"),
                    new XElement(t + "ExcludeConflicts", "false")))),
                new XElement(t + "FreeBusyViewOptions",
                    new XElement(t + "TimeWindow", new XElement(t + "StartTime", Local(LocalStart)), new XElement(t + "EndTime", Local(LocalEnd))),
                    new XElement(t + "MergedFreeBusyIntervalInMinutes", IntervalMinutes.ToString(CultureInfo.InvariantCulture)),
                    new XElement(t + "RequestedView", "DetailedMerged")));
        }

        public override IReadOnlyList<EwsFreeBusyAnswer> ReadResponse(XElement payload)
        {
            if (payload.Name.LocalName != "GetUserAvailabilityResponse")
            {
                throw new EwsProtocolException($"Expected GetUserAvailabilityResponse, got {payload.Name.LocalName}.");
            }

            var responses = payload.Child("FreeBusyResponseArray").Children("FreeBusyResponse").ToList();
            if (responses.Count != Mailboxes.Count)
            {
                throw new EwsProtocolException($"GetUserAvailability asked for {Mailboxes.Count} mailboxes but the server answered {responses.Count}.");
            }

            return responses.Select(r =>
            {
                var message = r.Child("ResponseMessage");
                var answer = new EwsFreeBusyAnswer(message == null ? new EwsResponseMessage("Success", "NoError", null, new Dictionary<string, string>()) : EwsEnvelopeReader.ReadMessage(message));
                var view = r.Child("FreeBusyView");
                answer.ViewType = view.ChildValue("FreeBusyViewType");
                answer.MergedFreeBusy = view.ChildValue("MergedFreeBusy");
                foreach (var e in view.Child("CalendarEventArray").Children("CalendarEvent"))
                {
                    var details = e.Child("CalendarEventDetails");
                    answer.Events.Add(new EwsCalendarEvent
                    {
                        Start = ParseLocal(e.ChildValue("StartTime")!),
                        End = ParseLocal(e.ChildValue("EndTime")!),
                        BusyType = e.ChildValue("BusyType") ?? "Busy",
                        Subject = details.ChildValue("Subject"),
                        Location = details.ChildValue("Location"),
                        IsMeeting = details.ChildBool("IsMeeting") ?? false,
                        IsRecurring = details.ChildBool("IsRecurring") ?? false,
                        IsPrivate = details.ChildBool("IsPrivate") ?? false,
                    });
                }

                var hours = view.Child("WorkingHours");
                if (hours != null)
                {
                    answer.WorkingZone = EwsAvailabilityZone.Read(hours.Child("TimeZone"));
                    foreach (var p in hours.Child("WorkingPeriodArray").Children("WorkingPeriod"))
                    {
                        var days = (p.ChildValue("DayOfWeek") ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
                            .SelectMany(Days).Distinct().ToList();
                        answer.WorkingPeriods.Add((days, EwsXml.ParseInt(p.ChildValue("StartTimeInMinutes")) ?? 0, EwsXml.ParseInt(p.ChildValue("EndTimeInMinutes")) ?? 0));
                    }
                }

                return answer;
            }).ToList();
        }

        /// <summary>A DayOfWeekType value: a day, or Day / Weekday / WeekendDay.</summary>
        private static IEnumerable<DayOfWeek> Days(string token)
        {
            switch (token)
            {
                case "Day": return Enum.GetValues(typeof(DayOfWeek)).Cast<DayOfWeek>();
                case "Weekday": return new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
                case "WeekendDay": return new[] { DayOfWeek.Saturday, DayOfWeek.Sunday };
                default: return Enum.TryParse<DayOfWeek>(token, out var d) ? new[] { d } : Array.Empty<DayOfWeek>();
            }
        }

        /// <summary>A local time as the server writes it (no offset; an offset, if a server adds one, is ignored: the time is already local).</summary>
        private static DateTime ParseLocal(string text)
        {
            text = text.Trim();
            var cut = text.Length > 19 ? 19 : text.Length;
            return DateTime.ParseExact(text.Substring(0, cut), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None);
        }
    }
}
