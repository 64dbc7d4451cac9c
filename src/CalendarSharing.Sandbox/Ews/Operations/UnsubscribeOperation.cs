using System;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// Unsubscribe (https://learn.microsoft.com/exchange/client-developer/web-service-reference/unsubscribe-operation): ends
    /// a subscription of the caller; an unknown one is ErrorSubscriptionNotFound, another account's ErrorSubscriptionAccessDenied.
    /// </summary>
    internal sealed class UnsubscribeOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;

        public string Name => "Unsubscribe";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            const string message = "UnsubscribeResponseMessage";
            XElement answer;
            try
            {
                var id = ((string?)request.Element(M + "SubscriptionId") ?? string.Empty).Trim();
                var subscription = context.Org.FindSubscription(id) ?? throw new EwsItemException("ErrorSubscriptionNotFound", "The subscription was not found.");
                if (!string.Equals(subscription.Owner, context.Caller.Address, StringComparison.OrdinalIgnoreCase))
                {
                    throw new EwsItemException("ErrorSubscriptionAccessDenied", "The subscription belongs to another account.");
                }

                context.Org.Unsubscribe(id);
                answer = SoapWriter.Success(message);
            }
            catch (EwsItemException error)
            {
                answer = SoapWriter.Failure(message, error);
            }

            return new XElement(M + "UnsubscribeResponse", new XElement(M + "ResponseMessages", answer));
        }
    }
}
