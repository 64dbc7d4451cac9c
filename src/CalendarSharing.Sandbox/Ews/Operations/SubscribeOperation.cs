using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// Subscribe with a StreamingSubscriptionRequest (https://learn.microsoft.com/exchange/client-developer/web-service-reference/subscribe-operation):
    /// FolderIds (or SubscribeToAllFolders: every calendar of the caller's mailbox) and EventTypes; the answer carries the
    /// SubscriptionId (streaming subscriptions have no watermark). Folders of more than one mailbox are
    /// ErrorInvalidSubscriptionRequest; a delegate subscribing to the principal's folders is
    /// ErrorSubscriptionDelegateAccessNotSupported (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/handling-notification-related-errors-in-ews-in-exchange).
    /// Pull and push subscriptions are not offered by the sandbox (ErrorInvalidSubscriptionRequest).
    /// </summary>
    internal sealed class SubscribeOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "Subscribe";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            const string message = "SubscribeResponseMessage";
            XElement answer;
            try
            {
                var streaming = request.Element(M + "StreamingSubscriptionRequest")
                    ?? throw new EwsItemException("ErrorInvalidSubscriptionRequest", "The sandbox offers streaming subscriptions only.");
                var folders = Folders(streaming, context);
                var types = streaming.Element(T + "EventTypes")?.Elements(T + "EventType").Select(e => e.Value.Trim()).ToList() ?? new List<string>();
                var subscription = context.Org.Subscribe(context.Caller.Address, folders[0].Mailbox, folders, types);
                answer = SoapWriter.Success(message, new XElement(M + "SubscriptionId", subscription.Id));
            }
            catch (EwsItemException error)
            {
                answer = SoapWriter.Failure(message, error);
            }

            return new XElement(M + "SubscribeResponse", new XElement(M + "ResponseMessages", answer));
        }

        private static IReadOnlyList<SandboxFolder> Folders(XElement streaming, EwsRequestContext context)
        {
            var all = string.Equals(((string?)streaming.Attribute("SubscribeToAllFolders"))?.Trim(), "true", StringComparison.Ordinal);
            var folders = new List<SandboxFolder>();
            if (all)
            {
                var mailbox = context.DefaultMailbox ?? throw new EwsItemException("ErrorNonExistentMailbox");
                folders.AddRange(mailbox.Folders.Where(f => f.IsCalendar));
            }

            foreach (var id in streaming.Element(T + "FolderIds")?.Elements() ?? Enumerable.Empty<XElement>())
            {
                var (folder, _) = ItemResolver.Folder(id, context, ItemAccess.Read);
                if (!context.CanAccess(folder.Mailbox))
                {
                    throw new EwsItemException("ErrorSubscriptionDelegateAccessNotSupported", "A delegate cannot subscribe to notifications of the principal's folders.");
                }

                if (!folders.Contains(folder))
                {
                    folders.Add(folder);
                }
            }

            if (folders.Count == 0)
            {
                throw new EwsItemException("ErrorInvalidSubscriptionRequest", "The subscription names no folder.");
            }

            if (folders.Select(f => f.Mailbox).Distinct().Count() > 1)
            {
                throw new EwsItemException("ErrorInvalidSubscriptionRequest", "One subscription may not span several mailboxes.");
            }

            return folders;
        }
    }
}
