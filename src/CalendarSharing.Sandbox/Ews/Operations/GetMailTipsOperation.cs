using System;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;
using CalendarSharing.Sandbox.Model;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// GetMailTips (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getmailtips-operation):
    /// one MailTipsResponseMessageType per recipient, in request order, inside a GetMailTipsResponse that is itself a
    /// response message. Each t:MailTips starts with RecipientAddress, the address as asked (the server echoes it; the
    /// Learn sample answers with an empty Name), and an empty PendingMailTips. Modelled tips: InvalidRecipient and Scope,
    /// from the organisation's principal rule (<see cref="SandboxOrganization.FindRecipient"/>); other requested tips are
    /// left out, as a server leaves out tips that do not apply. Scope is a RecipientScopeType flag (1 internal, 2 external,
    /// the values of https://learn.microsoft.com/graph/api/resources/mailtips recipientScope). More recipients than
    /// MaxRecipientsPerGetMailTipsRequest → ErrorInvalidRequest on the response; mail tips turned off →
    /// ErrorMailTipsDisabled; RequestServerVersion older than Exchange2010 → ErrorInvalidServerVersion.
    /// </summary>
    internal sealed class GetMailTipsOperation : IEwsOperation
    {
        private const string ResponseName = "GetMailTipsResponse";
        private const string MessageName = "MailTipsResponseMessageType";
        private const int InternalScope = 1;
        private const int ExternalScope = 2;
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "GetMailTips";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            if (context.RequestVersion.StartsWith("Exchange2007", StringComparison.Ordinal))
            {
                throw new EwsFaultException("ErrorInvalidServerVersion");
            }

            var options = context.Org.Options;
            if (!options.MailTipsEnabled)
            {
                return SoapWriter.Failure(ResponseName, "ErrorMailTipsDisabled", "Mail tips are disabled in this organization.");
            }

            var recipients = request.Element(M + "Recipients")?.Elements(T + "Mailbox").ToList() ?? new System.Collections.Generic.List<XElement>();
            if (recipients.Count > options.MaxRecipientsPerGetMailTipsRequest)
            {
                return SoapWriter.Failure(ResponseName, "ErrorInvalidRequest", $"The request names {recipients.Count} recipients; at most {options.MaxRecipientsPerGetMailTipsRequest} are allowed (MaxRecipientsPerGetMailTipsRequest).");
            }

            var requested = ((string?)request.Element(M + "MailTipsRequested") ?? string.Empty)
                .Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            var all = requested.Contains("All", StringComparer.Ordinal);
            var invalidTip = all || requested.Contains("InvalidRecipient", StringComparer.Ordinal);
            var scopeTip = all || requested.Contains("Scope", StringComparer.Ordinal);
            return SoapWriter.Success(ResponseName, new XElement(M + "ResponseMessages", recipients.Select(r => Tips(r, context.Org, invalidTip, scopeTip))));
        }

        private static XElement Tips(XElement recipient, SandboxOrganization org, bool invalidTip, bool scopeTip)
        {
            var address = ((string?)recipient.Element(T + "EmailAddress"))?.Trim();
            if (string.IsNullOrEmpty(address))
            {
                return SoapWriter.Failure(MessageName, "ErrorInvalidRecipients", "A recipient has no e-mail address.");
            }

            var found = org.FindRecipient(address);
            var tips = new XElement(M + "MailTips",
                new XElement(T + "RecipientAddress",
                    new XElement(T + "Name", (string?)recipient.Element(T + "Name") ?? string.Empty),
                    new XElement(T + "EmailAddress", address),
                    new XElement(T + "RoutingType", (string?)recipient.Element(T + "RoutingType") ?? "SMTP")),
                new XElement(T + "PendingMailTips"));
            if (invalidTip)
            {
                tips.Add(new XElement(T + "InvalidRecipient", found == null ? "true" : "false"));
            }

            if (scopeTip && found != null)
            {
                tips.Add(new XElement(T + "Scope", found.Type == PrincipalType.Internal ? InternalScope : ExternalScope));
            }

            return SoapWriter.Success(MessageName, tips);
        }
    }
}
