using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// GetStreamingEvents (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getstreamingevents-operation):
    /// at most 200 subscription ids of the caller, a ConnectionTimeout of 1..30 minutes
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/connectiontimeout); the answer is
    /// streamed (Ews/StreamingEnvelopeContent.cs). An unknown id is answered at once, in one envelope, with
    /// ErrorSubscriptionNotFound and the id in ErrorSubscriptionIds.
    /// </summary>
    internal sealed class GetStreamingEventsOperation : IEwsStreamingOperation
    {
        /// <summary>Subscription ids one request may carry.</summary>
        public const int MaxSubscriptionIds = 200;

        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "GetStreamingEvents";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            using (var connection = Open(request, context, out var answer))
            {
                return answer ?? StreamingEnvelopeContent.Render(StreamingPart.Status("Closed"));
            }
        }

        public StreamingConnection? Open(XElement request, EwsRequestContext context, out XElement? answer)
        {
            answer = null;
            var ids = request.Element(M + "SubscriptionIds")?.Elements(T + "SubscriptionId").Select(e => e.Value.Trim()).ToList() ?? new List<string>();
            var minutes = int.Parse(((string?)request.Element(M + "ConnectionTimeout") ?? "30").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (ids.Count == 0 || ids.Count > MaxSubscriptionIds || minutes < 1 || minutes > 30)
            {
                answer = Error(new EwsItemException("ErrorInvalidRequest", "GetStreamingEvents takes 1 to 200 subscription ids and a ConnectionTimeout of 1 to 30 minutes."), Array.Empty<string>());
                return null;
            }

            var found = new List<SandboxSubscription>();
            var missing = new List<string>();
            var denied = false;
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                var s = context.Org.FindSubscription(id);
                if (s is null)
                {
                    missing.Add(id);
                }
                else if (!string.Equals(s.Owner, context.Caller.Address, StringComparison.OrdinalIgnoreCase))
                {
                    denied = true;
                    missing.Add(id);
                }
                else
                {
                    found.Add(s);
                }
            }

            if (missing.Count > 0)
            {
                answer = Error(
                    denied ? new EwsItemException("ErrorSubscriptionAccessDenied", "A subscription belongs to another account.") : new EwsItemException("ErrorSubscriptionNotFound", "The subscription was not found."),
                    missing);
                return null;
            }

            return context.Org.OpenStreamingConnection(found, minutes);
        }

        private static XElement Error(EwsItemException error, IReadOnlyList<string> ids) =>
            new XElement(M + "GetStreamingEventsResponse", new XElement(M + "ResponseMessages",
                SoapWriter.Failure("GetStreamingEventsResponseMessage", error,
                    ids.Count == 0 ? null : new XElement(M + "ErrorSubscriptionIds", ids.Select(i => new XElement(T + "SubscriptionId", i))))));
    }
}
