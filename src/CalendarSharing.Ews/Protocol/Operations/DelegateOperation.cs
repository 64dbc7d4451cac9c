using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>The result of a delegate operation: the outer message (whole request) and one per user.</summary>
    internal sealed class EwsDelegateResult
    {
        public EwsDelegateResult(EwsResponseMessage outer, IReadOnlyList<EwsItemResult<EwsDelegateUser>> users, string? deliverMeetingRequests)
        {
            Outer = outer;
            Users = users;
            DeliverMeetingRequests = deliverMeetingRequests;
        }

        public EwsResponseMessage Outer { get; }

        public IReadOnlyList<EwsItemResult<EwsDelegateUser>> Users { get; }

        public string? DeliverMeetingRequests { get; }
    }

    /// <summary>The four delegate operations share the odd response shape (the XxxDelegateResponse element is itself a response message, with one DelegateUserResponseMessageType per user inside: https://learn.microsoft.com/exchange/client-developer/web-service-reference/getdelegateresponse).</summary>
    internal abstract class DelegateOperation : EwsOperation<EwsDelegateResult>
    {
        protected DelegateOperation(string mailbox)
        {
            Mailbox = mailbox;
            TargetMailbox = mailbox;
        }

        /// <summary>The principal's mailbox.</summary>
        public string Mailbox { get; }

        public override EwsDelegateResult ReadResponse(XElement payload)
        {
            if (payload.Name.LocalName != Name + "Response")
            {
                throw new EwsProtocolException($"Expected {Name}Response but the server answered {payload.Name.LocalName}.");
            }

            var outer = EwsEnvelopeReader.ReadMessage(payload);
            var users = payload.Child("ResponseMessages").AllChildren().Select(m =>
            {
                var message = EwsEnvelopeReader.ReadMessage(m);
                var user = m.Child("DelegateUser");
                return new EwsItemResult<EwsDelegateUser>(message, user == null ? null : EwsTypeReader.DelegateUser(user));
            }).ToList();
            return new EwsDelegateResult(outer, users, payload.ChildValue("DeliverMeetingRequests"));
        }
    }
}
