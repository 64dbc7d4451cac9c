using System.Linq;
using System.Xml;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>GetDelegate: every delegate, or the users asked for (ErrorNotDelegate per user); then DeliverMeetingRequests.</summary>
    internal sealed class GetDelegateOperation : DelegateOperationBase
    {
        public override string Name => "GetDelegate";

        protected override void Execute(XElement request, EwsRequestContext context, SandboxMailbox mailbox, XElement response)
        {
            var includePermissions = XmlConvert.ToBoolean(((string?)request.Attribute("IncludePermissions") ?? "false").Trim());
            var messages = new XElement(M + "ResponseMessages");
            var userIds = request.Element(M + "UserIds")?.Elements(T + "UserId").ToList();
            if (userIds == null)
            {
                foreach (var record in mailbox.Delegates)
                {
                    messages.Add(UserSuccess(mailbox, record, includePermissions));
                }
            }
            else
            {
                foreach (var userId in userIds)
                {
                    try
                    {
                        var record = Find(mailbox, ResolveUser(userId, context)) ?? throw new EwsItemException("ErrorNotDelegate");
                        messages.Add(UserSuccess(mailbox, record, includePermissions));
                    }
                    catch (EwsItemException error)
                    {
                        messages.Add(UserFailure(error));
                    }
                }
            }

            // ArrayOfDelegateUserResponseMessageType needs at least one element: a mailbox without delegates omits it.
            if (messages.HasElements)
            {
                response.Add(messages);
            }

            response.Add(new XElement(M + "DeliverMeetingRequests", mailbox.DeliverMeetingRequests));
        }
    }
}
