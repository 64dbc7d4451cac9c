using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    internal sealed class UpdateDelegateOperation : DelegateOperation
    {
        public UpdateDelegateOperation(string mailbox, IReadOnlyList<EwsDelegateUser>? users, string? deliverMeetingRequests = null)
            : base(mailbox)
        {
            Users = users;
            DeliverMeetingRequests = deliverMeetingRequests;
        }

        public IReadOnlyList<EwsDelegateUser>? Users { get; }

        public string? DeliverMeetingRequests { get; }

        public override string Name => "UpdateDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                EwsTypeWriter.DelegateMailbox(Mailbox),
                Users == null || Users.Count == 0 ? null : new XElement(EwsXml.M + "DelegateUsers", Users.Select(EwsTypeWriter.DelegateUser)),
                DeliverMeetingRequests == null ? null : new XElement(EwsXml.M + "DeliverMeetingRequests", DeliverMeetingRequests));
    }
}
