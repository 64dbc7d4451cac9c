using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// An operation whose answer is streamed (GetStreamingEvents): one HTTP response, chunked, made of whole SOAP envelopes
    /// one after another (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-stream-notifications-about-mailbox-events-by-using-ews-in-exchange).
    /// </summary>
    internal interface IEwsStreamingOperation : IEwsOperation
    {
        /// <summary>The connection to stream from, or null with the one-envelope answer (an error) in <paramref name="answer"/>.</summary>
        StreamingConnection? Open(XElement request, EwsRequestContext context, out XElement? answer);
    }
}
