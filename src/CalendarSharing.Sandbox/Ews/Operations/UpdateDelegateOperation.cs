using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>UpdateDelegate: changes only the fields given; DeliverMeetingRequests alone is a valid update.</summary>
    internal sealed class UpdateDelegateOperation : DelegateOperationBase
    {
        public override string Name => "UpdateDelegate";

        protected override void Execute(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response) =>
            ForEachDelegateUser(request, context, mailbox, response, (delegateUser, user) =>
            {
                var record = Find(mailbox, user) ?? throw new EwsItemException("ErrorNotDelegate");
                ApplyFields(delegateUser, record, mailbox);
                return record;
            });
    }
}
