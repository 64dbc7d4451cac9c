using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>
    /// One EWS operation (exchangelib-shaped): its name, the lowest RequestServerVersion it needs, a pure
    /// request writer and a pure response reader. Transport and retries live elsewhere.
    /// </summary>
    internal abstract class EwsOperation<TResult>
    {
        /// <summary>The local name of the request body element.</summary>
        public abstract string Name { get; }

        /// <summary>The lowest RequestServerVersion that has everything this request uses.</summary>
        public virtual string MinimumVersion => "Exchange2007_SP1";

        /// <summary>The mailbox the request acts on (X-AnchorMailbox, impersonation); null for the caller's own.</summary>
        public string? TargetMailbox { get; set; }

        /// <summary>
        /// Whether a request whose answer was lost (connection dropped, timeout) may be sent again as it is. False for
        /// writes that are not idempotent (CreateItem): the caller finds out what happened instead of making a duplicate.
        /// </summary>
        public virtual bool RetryWhenOutcomeUnknown => true;

        public abstract XElement WriteRequest();

        /// <summary>Reads the body payload (the XxxResponse element).</summary>
        public abstract TResult ReadResponse(XElement payload);
    }
}
