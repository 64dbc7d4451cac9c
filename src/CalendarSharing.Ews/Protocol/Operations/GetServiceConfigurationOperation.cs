using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>What the server says about its mail tips service (t:MailTipsServiceConfiguration).</summary>
    internal sealed class EwsMailTipsConfiguration
    {
        public EwsMailTipsConfiguration(bool enabled, int maxRecipientsPerRequest, IReadOnlyList<string> internalDomains)
        {
            Enabled = enabled;
            MaxRecipientsPerRequest = maxRecipientsPerRequest;
            InternalDomains = internalDomains;
        }

        /// <summary>MailTipsEnabled: whether GetMailTips answers at all.</summary>
        public bool Enabled { get; }

        /// <summary>MaxRecipientsPerGetMailTipsRequest: how many Recipients one GetMailTips may carry.</summary>
        public int MaxRecipientsPerRequest { get; }

        /// <summary>InternalDomains: the organisation's SMTP domains.</summary>
        public IReadOnlyList<string> InternalDomains { get; }
    }

    /// <summary>
    /// GetServiceConfiguration for the MailTips configuration only: whether mail tips are on and how many recipients one
    /// GetMailTips request may name (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getserviceconfiguration-operation,
    /// https://learn.microsoft.com/exchange/client-developer/web-service-reference/maxrecipientspergetmailtipsrequest).
    /// Exchange 2010 or later. The response is itself a response message with a ResponseMessages array
    /// (ServiceConfigurationResponseMessageType), as GetMailTips's is.
    /// </summary>
    internal sealed class GetServiceConfigurationOperation : EwsOperation<EwsItemResult<EwsMailTipsConfiguration>>
    {
        /// <summary>ServiceConfigurationType value of the mail tips service.</summary>
        public const string MailTipsConfigurationName = "MailTips";

        public override string Name => "GetServiceConfiguration";

        public override string MinimumVersion => "Exchange2010";

        public override XElement WriteRequest() =>
            new XElement(
                EwsXml.M + Name,
                new XElement(EwsXml.M + "RequestedConfiguration", new XElement(EwsXml.M + "ConfigurationName", MailTipsConfigurationName)));

        public override EwsItemResult<EwsMailTipsConfiguration> ReadResponse(XElement payload)
        {
            if (payload.Name.LocalName != Name + "Response")
            {
                throw new EwsProtocolException($"Expected {Name}Response but the server answered {payload.Name.LocalName}.");
            }

            var outer = EwsEnvelopeReader.ReadMessage(payload);
            var first = payload.Child("ResponseMessages")?.Elements().FirstOrDefault();
            if (!outer.IsSuccess || first == null)
            {
                return new EwsItemResult<EwsMailTipsConfiguration>(outer, null);
            }

            var message = EwsEnvelopeReader.ReadMessage(first);
            var config = first.Child("MailTipsConfiguration");
            if (!message.IsSuccess || config == null)
            {
                return new EwsItemResult<EwsMailTipsConfiguration>(message, null);
            }

            var enabled = string.Equals(config.ChildValue("MailTipsEnabled")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            var max = EwsXml.ParseInt(config.ChildValue("MaxRecipientsPerGetMailTipsRequest")) ?? 0;
            var domains = config.Child("InternalDomains").Children("Domain").Select(d => d.Attr("Name")).Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!.Trim()).ToList();
            return new EwsItemResult<EwsMailTipsConfiguration>(message, new EwsMailTipsConfiguration(enabled, max, domains));
        }
    }
}
