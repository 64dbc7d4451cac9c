using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// Subscribe with a StreamingSubscriptionRequest on some folders of one mailbox
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/subscribe-operation,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/streamingsubscriptionrequest): the answer is
    /// the subscription id (streaming subscriptions carry no watermark). Exchange 2010 SP1 brought streaming notifications.
    /// One subscription may not span several mailboxes (ErrorInvalidSubscriptionRequest).
    /// </summary>
    internal sealed class StreamingSubscribeOperation : EwsOperation<EwsItemResult<string>>
    {
        /// <summary>The events that change a calendar's items (StatusEvent is never asked for: the server sends it).</summary>
        public static readonly string[] CalendarEventTypes = { "CreatedEvent", "ModifiedEvent", "DeletedEvent", "MovedEvent" };

        public StreamingSubscribeOperation(IReadOnlyList<EwsFolderReference> folders)
        {
            if (folders is null || folders.Count == 0)
            {
                throw new ArgumentException("A subscription needs at least one folder.", nameof(folders));
            }

            Folders = folders;
        }

        public IReadOnlyList<EwsFolderReference> Folders { get; }

        public override string Name => "Subscribe";

        public override string MinimumVersion => "Exchange2010_SP1";

        public override XElement WriteRequest()
        {
            var m = EwsXml.M;
            var t = EwsXml.T;
            return new XElement(m + Name,
                new XElement(m + "StreamingSubscriptionRequest",
                    new XElement(t + "FolderIds", Folders.Select(EwsTypeWriter.FolderReference)),
                    new XElement(t + "EventTypes", CalendarEventTypes.Select(e => new XElement(t + "EventType", e)))));
        }

        public override EwsItemResult<string> ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            if (messages.Count != 1)
            {
                throw new EwsProtocolException($"Subscribe asked for one subscription but the server answered {messages.Count} messages.");
            }

            var message = EwsEnvelopeReader.ReadMessage(messages[0]);
            return new EwsItemResult<string>(message, messages[0].ChildValue("SubscriptionId")?.Trim());
        }
    }

    /// <summary>Unsubscribe (https://learn.microsoft.com/exchange/client-developer/web-service-reference/unsubscribe-operation).</summary>
    internal sealed class UnsubscribeOperation : EwsOperation<EwsResponseMessage>
    {
        public UnsubscribeOperation(string subscriptionId)
        {
            SubscriptionId = subscriptionId ?? throw new ArgumentNullException(nameof(subscriptionId));
        }

        public string SubscriptionId { get; }

        public override string Name => "Unsubscribe";

        public override string MinimumVersion => "Exchange2010_SP1";

        public override XElement WriteRequest() =>
            new XElement(EwsXml.M + Name, new XElement(EwsXml.M + "SubscriptionId", SubscriptionId));

        public override EwsResponseMessage ReadResponse(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, Name);
            return messages.Count == 1
                ? EwsEnvelopeReader.ReadMessage(messages[0])
                : throw new EwsProtocolException($"Unsubscribe answered {messages.Count} messages.");
        }
    }

    /// <summary>One notification event of a streaming part.</summary>
    internal sealed class EwsNotificationEvent
    {
        public EwsNotificationEvent(string subscriptionId, string eventType, string? itemId, string? parentFolderId, DateTimeOffset? timeStamp)
        {
            SubscriptionId = subscriptionId;
            EventType = eventType;
            ItemId = itemId;
            ParentFolderId = parentFolderId;
            TimeStamp = timeStamp;
        }

        public string SubscriptionId { get; }

        /// <summary>CreatedEvent, ModifiedEvent, DeletedEvent, MovedEvent, CopiedEvent, StatusEvent, ...</summary>
        public string EventType { get; }

        public string? ItemId { get; }

        public string? ParentFolderId { get; }

        public DateTimeOffset? TimeStamp { get; }
    }

    /// <summary>What one envelope of a GetStreamingEvents response says.</summary>
    internal sealed class EwsStreamingPart
    {
        public EwsStreamingPart(EwsResponseMessage message, string? connectionStatus, IReadOnlyList<EwsNotificationEvent> events, IReadOnlyList<string> errorSubscriptionIds)
        {
            Message = message;
            ConnectionStatus = connectionStatus;
            Events = events;
            ErrorSubscriptionIds = errorSubscriptionIds;
        }

        public EwsResponseMessage Message { get; }

        /// <summary>OK (a heartbeat), Closed (the server ends the response), or null for a notification part.</summary>
        public string? ConnectionStatus { get; }

        public IReadOnlyList<EwsNotificationEvent> Events { get; }

        /// <summary>Subscriptions that died (ErrorSubscriptionNotFound, ErrorExpiredSubscription, ...): subscribe again.</summary>
        public IReadOnlyList<string> ErrorSubscriptionIds { get; }
    }

    /// <summary>
    /// GetStreamingEvents (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getstreamingevents-operation):
    /// at most 200 subscription ids and a ConnectionTimeout of 1..30 minutes
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/connectiontimeout). The answer is one chunked
    /// HTTP response of many envelopes (StreamingEventsConnection reads them); <see cref="ReadPart"/> reads one of them.
    /// Notifications are read as m:Notification (what servers send, https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-stream-notifications-about-mailbox-events-by-using-ews-in-exchange)
    /// or t:Notification (what the schema says).
    /// </summary>
    internal sealed class GetStreamingEventsOperation : EwsOperation<EwsStreamingPart>
    {
        public const int MaxSubscriptionIds = 200;

        public GetStreamingEventsOperation(IReadOnlyList<string> subscriptionIds, int connectionTimeoutMinutes)
        {
            if (subscriptionIds is null || subscriptionIds.Count == 0 || subscriptionIds.Count > MaxSubscriptionIds)
            {
                throw new ArgumentException("GetStreamingEvents takes 1 to 200 subscription ids.", nameof(subscriptionIds));
            }

            SubscriptionIds = subscriptionIds;
            ConnectionTimeoutMinutes = Math.Max(1, Math.Min(30, connectionTimeoutMinutes));
        }

        public IReadOnlyList<string> SubscriptionIds { get; }

        public int ConnectionTimeoutMinutes { get; }

        public override string Name => "GetStreamingEvents";

        public override string MinimumVersion => "Exchange2010_SP1";

        public override XElement WriteRequest()
        {
            var m = EwsXml.M;
            return new XElement(m + Name,
                new XElement(m + "SubscriptionIds", SubscriptionIds.Select(i => new XElement(EwsXml.T + "SubscriptionId", i))),
                new XElement(m + "ConnectionTimeout", ConnectionTimeoutMinutes.ToString(CultureInfo.InvariantCulture)));
        }

        public override EwsStreamingPart ReadResponse(XElement payload) => ReadPart(payload);

        public static EwsStreamingPart ReadPart(XElement payload)
        {
            var messages = EwsEnvelopeReader.ResponseMessages(payload, "GetStreamingEvents");
            if (messages.Count == 0)
            {
                throw new EwsProtocolException("GetStreamingEventsResponse has no response message.");
            }

            var m = messages[0];
            var events = new List<EwsNotificationEvent>();
            foreach (var notification in m.Child("Notifications").Children("Notification"))
            {
                var subscription = notification.ChildValue("SubscriptionId")?.Trim() ?? string.Empty;
                foreach (var e in notification.AllChildren().Where(c => c.Name.LocalName.EndsWith("Event", StringComparison.Ordinal)))
                {
                    var stamp = e.ChildValue("TimeStamp");
                    events.Add(new EwsNotificationEvent(
                        subscription,
                        e.Name.LocalName,
                        e.Child("ItemId").Attr("Id"),
                        e.Child("ParentFolderId").Attr("Id"),
                        stamp == null ? (DateTimeOffset?)null : DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
                }
            }

            var errors = m.Child("ErrorSubscriptionIds").Children("SubscriptionId").Select(s => s.Value.Trim()).ToList();
            return new EwsStreamingPart(EwsEnvelopeReader.ReadMessage(m), m.ChildValue("ConnectionStatus")?.Trim(), events, errors);
        }
    }
}
