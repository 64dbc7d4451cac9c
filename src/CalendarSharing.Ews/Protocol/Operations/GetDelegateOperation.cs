using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    internal sealed class GetDelegateOperation : DelegateOperation
    {
        public GetDelegateOperation(string mailbox, IReadOnlyList<EwsUserId>? userIds = null, bool includePermissions = true)
            : base(mailbox)
        {
            UserIds = userIds;
            IncludePermissions = includePermissions;
        }

        public IReadOnlyList<EwsUserId>? UserIds { get; }

        public bool IncludePermissions { get; }

        public override string Name => "GetDelegate";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XAttribute("IncludePermissions", EwsXml.Bool(IncludePermissions)),
                EwsTypeWriter.DelegateMailbox(Mailbox),
                UserIds == null || UserIds.Count == 0 ? null : new XElement(EwsXml.M + "UserIds", UserIds.Select(EwsTypeWriter.UserId)));
    }
}
