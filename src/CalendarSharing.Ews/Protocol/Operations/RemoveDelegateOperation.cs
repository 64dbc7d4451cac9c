using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    internal sealed class RemoveDelegateOperation : DelegateOperation
    {
        public RemoveDelegateOperation(string mailbox, IReadOnlyList<EwsUserId> userIds)
            : base(mailbox)
        {
            if (userIds.Count == 0)
            {
                throw new ArgumentException("RemoveDelegate needs at least one user.", nameof(userIds));
            }

            UserIds = userIds;
        }

        public IReadOnlyList<EwsUserId> UserIds { get; }

        public override string Name => "RemoveDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                EwsTypeWriter.DelegateMailbox(Mailbox),
                new XElement(EwsXml.M + "UserIds", UserIds.Select(EwsTypeWriter.UserId)));
    }
}
