using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    internal sealed class AddDelegateOperation : DelegateOperation
    {
        public AddDelegateOperation(string mailbox, IReadOnlyList<EwsDelegateUser> users, string? deliverMeetingRequests = null)
            : base(mailbox)
        {
            if (users.Count == 0)
            {
                throw new ArgumentException("AddDelegate needs at least one user.", nameof(users));
            }

            Users = users;
            DeliverMeetingRequests = deliverMeetingRequests;
        }

        public IReadOnlyList<EwsDelegateUser> Users { get; }

        public string? DeliverMeetingRequests { get; }

        public override string Name => "AddDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                EwsTypeWriter.DelegateMailbox(Mailbox),
                new XElement(EwsXml.M + "DelegateUsers", Users.Select(EwsTypeWriter.DelegateUser)),
                DeliverMeetingRequests == null ? null : new XElement(EwsXml.M + "DeliverMeetingRequests", DeliverMeetingRequests));
    }
}
