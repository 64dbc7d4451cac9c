using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>One recipient's answer to GetMailTips (t:MailTips), asked for InvalidRecipient only.</summary>
    internal sealed class EwsMailTip
    {
        public EwsMailTip(string? recipientAddress, bool? invalidRecipient, bool pending)
        {
            RecipientAddress = recipientAddress;
            InvalidRecipient = invalidRecipient;
            Pending = pending;
        }

        /// <summary>RecipientAddress/EmailAddress: the address as it was asked (the server echoes it; it is not the primary address).</summary>
        public string? RecipientAddress { get; }

        /// <summary>InvalidRecipient: true when no recipient has the address; null when the server did not say.</summary>
        public bool? InvalidRecipient { get; }

        /// <summary>PendingMailTips names InvalidRecipient (or All): the server ran out of time before it could tell.</summary>
        public bool Pending { get; }
    }

    /// <summary>
    /// GetMailTips for several recipients at once, asking only whether each is a valid recipient
    /// (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getmailtips-operation,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/invalidrecipient-mailtips). At most
    /// MaxRecipientsPerGetMailTipsRequest recipients per request (GetServiceConfiguration). Exchange 2010 or later. The
    /// response is itself a response message; its ResponseMessages hold one MailTipsResponseMessageType per recipient, in
    /// request order. RecipientAddress echoes the address asked (the Learn sample answers with an empty Name), so the
    /// answer says whether an address is valid, not whose primary address or display name it is.
    /// </summary>
    internal sealed class GetMailTipsOperation : EwsOperation<EwsItemResult<IReadOnlyList<EwsItemResult<EwsMailTip>>>>
    {
        /// <summary>MailTipTypes value: whether the recipient is invalid.</summary>
        public const string InvalidRecipientTip = "InvalidRecipient";

        /// <summary>MailTipTypes value: every tip.</summary>
        public const string AllTips = "All";

        public GetMailTipsOperation(string? sendingAs, IReadOnlyList<string> recipients)
        {
            SendingAs = sendingAs;
            Recipients = recipients ?? throw new ArgumentNullException(nameof(recipients));
        }

        /// <summary>The address the caller sends as; SendingAs is required, its children are not.</summary>
        public string? SendingAs { get; }

        public IReadOnlyList<string> Recipients { get; }

        public override string Name => "GetMailTips";

        public override string MinimumVersion => "Exchange2010";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XElement(EwsXml.M + "SendingAs", Address(SendingAs)),
                new XElement(EwsXml.M + "Recipients", Recipients.Select(r => new XElement(EwsXml.T + "Mailbox", Address(r)))),
                new XElement(EwsXml.M + "MailTipsRequested", InvalidRecipientTip));

        public override EwsItemResult<IReadOnlyList<EwsItemResult<EwsMailTip>>> ReadResponse(XElement payload)
        {
            if (payload.Name.LocalName != Name + "Response")
            {
                throw new EwsProtocolException($"Expected {Name}Response but the server answered {payload.Name.LocalName}.");
            }

            var outer = EwsEnvelopeReader.ReadMessage(payload);
            if (!outer.IsSuccess)
            {
                return new EwsItemResult<IReadOnlyList<EwsItemResult<EwsMailTip>>>(outer, null);
            }

            var list = payload.Child("ResponseMessages").AllChildren().Select(m =>
            {
                var message = EwsEnvelopeReader.ReadMessage(m);
                var tips = m.Child("MailTips");
                if (!message.IsSuccess || tips == null)
                {
                    return new EwsItemResult<EwsMailTip>(message, null);
                }

                var pending = (tips.ChildValue("PendingMailTips") ?? string.Empty)
                    .Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)
                    .Any(t => t == InvalidRecipientTip || t == AllTips);
                return new EwsItemResult<EwsMailTip>(message, new EwsMailTip(tips.Child("RecipientAddress").ChildValue("EmailAddress")?.Trim(), tips.ChildBool("InvalidRecipient"), pending));
            }).ToList();
            if (list.Count != Recipients.Count)
            {
                throw new EwsProtocolException($"GetMailTipsResponse has {list.Count} response messages for {Recipients.Count} recipients.");
            }

            return new EwsItemResult<IReadOnlyList<EwsItemResult<EwsMailTip>>>(outer, list);
        }

        private static IEnumerable<XElement> Address(string? address)
        {
            if (!string.IsNullOrWhiteSpace(address))
            {
                yield return new XElement(EwsXml.T + "EmailAddress", address!.Trim());
                yield return new XElement(EwsXml.T + "RoutingType", "SMTP");
            }
        }
    }
}
