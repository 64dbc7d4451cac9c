using System;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// GetEvents on a pull subscription (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getevents-operation):
    /// the events after the watermark sent (the last one received), at most 50, MoreEvents when some remain, with
    /// PreviousWatermark; none → one StatusEvent carrying the current watermark. An unknown or expired subscription is
    /// ErrorSubscriptionNotFound, a watermark never issued ErrorInvalidWatermark, another account's subscription
    /// ErrorSubscriptionAccessDenied (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/handling-notification-related-errors-in-ews-in-exchange).
    /// </summary>
    internal sealed class GetEventsOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "GetEvents";

        /// <summary>The opaque watermark text of a subscription's event counter.</summary>
        public static string Watermark(long value) => Convert.ToBase64String(BitConverter.GetBytes(value));

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            const string message = "GetEventsResponseMessage";
            XElement answer;
            try
            {
                var id = ((string?)request.Element(M + "SubscriptionId") ?? string.Empty).Trim();
                var subscription = context.Org.FindSubscription(id);
                if (subscription is null || !subscription.IsPull)
                {
                    throw new EwsItemException("ErrorSubscriptionNotFound", "The subscription was not found or has expired.");
                }

                if (!string.Equals(subscription.Owner, context.Caller.Address, StringComparison.OrdinalIgnoreCase))
                {
                    throw new EwsItemException("ErrorSubscriptionAccessDenied", "The subscription belongs to another account.");
                }

                var sent = ((string?)request.Element(M + "Watermark") ?? string.Empty).Trim();
                if (!TryParse(sent, out var after) || !subscription.TryPull(after, StreamingConnection.MaxEventsPerPart, out var events, out var more))
                {
                    throw new EwsItemException("ErrorInvalidWatermark", "The watermark is not valid for this subscription.");
                }

                var notification = new XElement(M + "Notification",
                    new XElement(T + "SubscriptionId", subscription.Id),
                    new XElement(T + "PreviousWatermark", sent),
                    new XElement(T + "MoreEvents", more ? "true" : "false"));
                if (events.Count == 0)
                {
                    notification.Add(new XElement(T + "StatusEvent", new XElement(T + "Watermark", Watermark(subscription.CurrentWatermark))));
                }

                foreach (var e in events)
                {
                    notification.Add(new XElement(T + e.EventType,
                        new XElement(T + "Watermark", Watermark(e.Watermark)),
                        new XElement(T + "TimeStamp", e.TimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
                        new XElement(T + "ItemId", new XAttribute("Id", e.ItemId)),
                        new XElement(T + "ParentFolderId", new XAttribute("Id", e.Folder.Id), new XAttribute("ChangeKey", e.Folder.CurrentChangeKey))));
                }

                answer = SoapWriter.Success(message, notification);
            }
            catch (EwsItemException error)
            {
                answer = SoapWriter.Failure(message, error);
            }

            return new XElement(M + "GetEventsResponse", new XElement(M + "ResponseMessages", answer));
        }

        private static bool TryParse(string text, out long value)
        {
            value = 0;
            try
            {
                var bytes = Convert.FromBase64String(text);
                if (bytes.Length != 8)
                {
                    return false;
                }

                value = BitConverter.ToInt64(bytes, 0);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
