using System;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>RemoveDelegate: the organisation drops the delegate record, its calendar ACL entry (rotating the ChangeKey) and its Send on Behalf.</summary>
    internal sealed class RemoveDelegateOperation : DelegateOperationBase
    {
        public override string Name => "RemoveDelegate";

        protected override void Execute(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response)
        {
            var messages = new XElement(M + "ResponseMessages");
            foreach (var userId in request.Element(M + "UserIds")?.Elements(T + "UserId") ?? Array.Empty<XElement>())
            {
                try
                {
                    var user = ResolveUser(userId, context);
                    try
                    {
                        context.Org.RemoveDelegate(mailbox, user);
                    }
                    catch (DelegateException error)
                    {
                        throw Render(error);
                    }

                    // Choice: a removed delegate's message carries no m:DelegateUser (there is nothing left to describe).
                    messages.Add(SoapWriter.Success(UserMessageName));
                }
                catch (EwsItemException error)
                {
                    messages.Add(UserFailure(error));
                }
            }

            if (messages.HasElements)
            {
                response.Add(messages);
            }
        }
    }
}
