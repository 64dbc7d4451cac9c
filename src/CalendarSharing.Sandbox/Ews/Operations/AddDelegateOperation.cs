using System;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>AddDelegate: stores the delegate, writes its calendar level onto the calendar ACL and grants it Send on Behalf.</summary>
    internal sealed class AddDelegateOperation : DelegateOperationBase
    {
        public override string Name => "AddDelegate";

        protected override void Execute(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response) =>
            ForEachDelegateUser(request, context, mailbox, response, (delegateUser, user) =>
            {
                if (string.Equals(user.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase))
                {
                    throw new EwsItemException("ErrorDelegateCannotAddOwner");
                }

                if (Find(mailbox, user) != null)
                {
                    throw new EwsItemException("ErrorDelegateAlreadyExists");
                }

                var record = new DelegateRecord(user);
                ApplyFields(delegateUser, record, mailbox);
                mailbox.Delegates.Add(record);

                // Exchange adds every delegate to the mailbox's publicDelegates (GrantSendOnBehalfTo).
                mailbox.Rights.AddSendOnBehalf(user.Address);
                return record;
            });
    }
}
