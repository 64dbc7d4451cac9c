using System;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>UpdateDelegate: changes only the fields given; DeliverMeetingRequests alone is a valid update.</summary>
    internal sealed class UpdateDelegateOperation : DelegateOperationBase
    {
        public override string Name => "UpdateDelegate";

        protected override void Execute(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response)
        {
            var messages = new XElement(M + "ResponseMessages");
            foreach (var delegateUser in request.Element(M + "DelegateUsers")?.Elements(T + "DelegateUser") ?? Array.Empty<XElement>())
            {
                try
                {
                    var user = ResolveUser(delegateUser.Element(T + "UserId"), context);
                    var record = Find(mailbox, user) ?? throw new EwsItemException("ErrorNotDelegate");
                    ApplyFields(delegateUser, record, mailbox);
                    messages.Add(UserSuccess(mailbox, record, includePermissions: true));
                }
                catch (EwsItemException error)
                {
                    messages.Add(UserFailure(error));
                }
            }

            var deliver = (string?)request.Element(M + "DeliverMeetingRequests");
            if (deliver != null)
            {
                mailbox.DeliverMeetingRequests = deliver.Trim();
            }

            if (messages.HasElements)
            {
                response.Add(messages);
            }
        }
    }
}
