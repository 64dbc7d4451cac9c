using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Events;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// GetUserAvailabilityRequest ([MS-OXWAVLS] 3.1.4.1; https://learn.microsoft.com/exchange/client-developer/web-service-reference/getuseravailability-operation):
    /// one FreeBusyResponse per MailboxData, in order. Request-level faults: no t:TimeZone (the docs require it:
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/timezone-availability) → ErrorInvalidRequest,
    /// more than 100 mailboxes → ErrorMailboxDataArrayTooBig, a window over 42 days → ErrorTimeIntervalTooBig
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/timewindow), an empty window →
    /// ErrorInvalidTimeInterval, an interval outside 5-1440 minutes → ErrorInvalidRequest (the sandbox's choice). Per mailbox:
    /// ErrorMailRecipientNotFound, ErrorNoFreeBusyAccess; the others still answer. What each caller sees is the organisation's
    /// rule (SandboxOrganization.FreeBusy); a Detailed view is given as FreeBusy to a caller who may see times only.
    /// MergedFreeBusy uses 0 Free, 1 Tentative, 2 Busy, 3 OOF, 4 No data
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/mergedfreebusy): there is no digit for
    /// working elsewhere, so such an interval is 0 and only the CalendarEvent's BusyType says WorkingElsewhere (from Exchange2013).
    /// Times are local to the request's time zone, without an offset.
    /// </summary>
    internal sealed class GetUserAvailabilityOperation : IEwsOperation
    {
        public const int MaxMailboxes = 100;
        public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(42);

        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "GetUserAvailabilityRequest";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            var zoneElement = request.Element(T + "TimeZone")
                ?? throw new EwsFaultException("ErrorInvalidRequest", "The request is invalid: GetUserAvailabilityRequest needs the t:TimeZone element.");
            var zone = SerializableZone.Parse(zoneElement);
            var mailboxes = request.Element(M + "MailboxDataArray")?.Elements(T + "MailboxData").ToList() ?? new List<XElement>();
            if (mailboxes.Count > MaxMailboxes)
            {
                throw new EwsFaultException("ErrorMailboxDataArrayTooBig", "The number of mailboxes requested, " + mailboxes.Count.ToString(CultureInfo.InvariantCulture) + ", exceeds the allowed limit of " + MaxMailboxes.ToString(CultureInfo.InvariantCulture) + ".");
            }

            var options = request.Element(T + "FreeBusyViewOptions")
                ?? throw new EwsFaultException("ErrorInvalidRequest", "The request is invalid: the sandbox answers FreeBusyViewOptions only (no suggestions).");
            var window = options.Element(T + "TimeWindow")!;
            var startUtc = Time((string)window.Element(T + "StartTime")!, zone);
            var endUtc = Time((string)window.Element(T + "EndTime")!, zone);
            if (endUtc <= startUtc)
            {
                throw new EwsFaultException("ErrorInvalidTimeInterval", "The EndTime of the time window is not after its StartTime.");
            }

            if (endUtc - startUtc > MaxWindow)
            {
                throw new EwsFaultException("ErrorTimeIntervalTooBig", "The time duration specified for FreeBusyViewOptions.TimeWindow is too big (at most 42 days).");
            }

            var interval = int.Parse((string?)options.Element(T + "MergedFreeBusyIntervalInMinutes") ?? "30", CultureInfo.InvariantCulture);
            if (interval < 5 || interval > 1440)
            {
                throw new EwsFaultException("ErrorInvalidRequest", "The request is invalid: MergedFreeBusyIntervalInMinutes must be between 5 and 1440.");
            }

            var requested = ((string?)options.Element(T + "RequestedView") ?? "FreeBusy").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            var array = new XElement(M + "FreeBusyResponseArray");
            foreach (var data in mailboxes)
            {
                var address = ((string?)data.Element(T + "Email")?.Element(T + "Address") ?? string.Empty).Trim();
                array.Add(Answer(address, requested, zone, startUtc, endUtc, interval, context));
            }

            return new XElement(M + "GetUserAvailabilityResponse", array);
        }

        private static DateTime Time(string text, SerializableZone zone)
        {
            text = text.Trim();
            var qualified = text.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || text.LastIndexOf('+') > 10 || text.LastIndexOf('-') > 10;
            return qualified
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime
                : zone.ToUtc(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None));
        }

        private static XElement Answer(string address, string[] requested, SerializableZone zone, DateTime startUtc, DateTime endUtc, int interval, EwsRequestContext context)
        {
            var answer = context.Org.FreeBusy(context.Effective.Address, address, startUtc, endUtc);
            if (answer.Problem != null)
            {
                var code = answer.Problem == FreeBusyProblem.MailboxNotFound ? "ErrorMailRecipientNotFound" : "ErrorNoFreeBusyAccess";
                var text = answer.Problem == FreeBusyProblem.MailboxNotFound
                    ? "No mailbox or recipient was found for " + address + "."
                    : "The caller does not have permission to see the free/busy information of " + address + ".";
                return new XElement(M + "FreeBusyResponse",
                    SoapWriter.Failure("ResponseMessage", code, text),
                    new XElement(M + "FreeBusyView", new XElement(T + "FreeBusyViewType", "None")));
            }

            var wantsDetails = requested.Any(v => v.StartsWith("Detailed", StringComparison.Ordinal));
            var wantsEvents = wantsDetails || requested.Any(v => v.StartsWith("FreeBusy", StringComparison.Ordinal));
            var wantsMerged = requested.Any(v => v.EndsWith("Merged", StringComparison.Ordinal) || v == "MergedOnly");
            var details = wantsDetails && answer.Detail >= FreeBusyDetail.TimeAndSubjectAndLocation;
            var viewType = !wantsEvents ? (wantsMerged ? "MergedOnly" : "None")
                : (details ? "Detailed" : "FreeBusy") + (wantsMerged ? "Merged" : string.Empty);

            var view = new XElement(M + "FreeBusyView", new XElement(T + "FreeBusyViewType", viewType));
            if (wantsMerged)
            {
                view.Add(new XElement(T + "MergedFreeBusy", Merged(answer.Blocks, startUtc, endUtc, interval)));
            }

            if (wantsEvents)
            {
                view.Add(new XElement(T + "CalendarEventArray", answer.Blocks.Select(b => new XElement(T + "CalendarEvent",
                    new XElement(T + "StartTime", SerializableZone.Local(zone.ToLocal(b.StartUtc))),
                    new XElement(T + "EndTime", SerializableZone.Local(zone.ToLocal(b.EndUtc))),
                    new XElement(T + "BusyType", CalendarItemXml.FreeBusy(b.ShowAs, context.RequestVersion)),
                    details
                        ? new XElement(T + "CalendarEventDetails",
                            b.Subject == null ? null : new XElement(T + "Subject", b.Subject),
                            b.Location == null ? null : new XElement(T + "Location", b.Location),
                            new XElement(T + "IsMeeting", b.IsMeeting ? "true" : "false"),
                            new XElement(T + "IsRecurring", b.IsRecurring ? "true" : "false"),
                            new XElement(T + "IsException", b.IsException ? "true" : "false"),
                            new XElement(T + "IsReminderSet", "false"),
                            new XElement(T + "IsPrivate", b.IsPrivate ? "true" : "false"))
                        : null))));
            }

            var settings = answer.Settings;
            if (settings != null)
            {
                var mailboxZone = RecurrenceExpander.Zone(settings.WorkingTimeZone);
                var days = string.Join(" ", settings.WorkingDays.Select(d => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(d)));
                view.Add(new XElement(T + "WorkingHours",
                    SerializableZone.From(mailboxZone, RecurrenceExpander.ToLocal(startUtc, mailboxZone).Year).Write(),
                    new XElement(T + "WorkingPeriodArray", new XElement(T + "WorkingPeriod",
                        new XElement(T + "DayOfWeek", days),
                        new XElement(T + "StartTimeInMinutes", ((int)settings.WorkingStart.TotalMinutes).ToString(CultureInfo.InvariantCulture)),
                        new XElement(T + "EndTimeInMinutes", ((int)settings.WorkingEnd.TotalMinutes).ToString(CultureInfo.InvariantCulture))))));
            }

            return new XElement(M + "FreeBusyResponse", SoapWriter.Success("ResponseMessage"), view);
        }

        /// <summary>One digit per interval: the strongest status of the blocks that overlap it.</summary>
        private static string Merged(IReadOnlyList<FreeBusyBlock> blocks, DateTime startUtc, DateTime endUtc, int interval)
        {
            var text = new StringBuilder();
            for (var s = startUtc; s < endUtc; s = s.AddMinutes(interval))
            {
                var e = s.AddMinutes(interval);
                var digit = 0;
                foreach (var b in blocks.Where(b => b.StartUtc < e && b.EndUtc > s))
                {
                    digit = Math.Max(digit, Digit(b.ShowAs));
                }

                text.Append((char)('0' + digit));
            }

            return text.ToString();
        }

        private static int Digit(EventShowAs showAs)
        {
            switch (showAs)
            {
                case EventShowAs.Tentative: return 1;
                case EventShowAs.Busy: return 2;
                case EventShowAs.OutOfOffice: return 3;
                case EventShowAs.Unknown: return 4;
                default: return 0; // Free and WorkingElsewhere
            }
        }
    }
}
