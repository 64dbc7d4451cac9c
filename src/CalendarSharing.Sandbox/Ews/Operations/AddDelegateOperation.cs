using System.Xml.Linq;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// AddDelegate: the organisation adds the delegate (record, Send on Behalf, <see cref="SandboxOrganization.AddDelegate"/>);
    /// this operation applies the t:DelegateUser fields (writing its calendar level onto the calendar ACL) and renders
    /// the outcome.
    /// </summary>
    internal sealed class AddDelegateOperation : DelegateOperationBase
    {
        public override string Name => "AddDelegate";

        protected override void Execute(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response) =>
            ForEachDelegateUser(request, context, mailbox, response, (delegateUser, user) =>
            {
                try
                {
                    return context.Org.AddDelegate(mailbox, user, record => ApplyFields(delegateUser, record, mailbox));
                }
                catch (DelegateException error)
                {
                    throw Render(error);
                }
            });
    }
}
