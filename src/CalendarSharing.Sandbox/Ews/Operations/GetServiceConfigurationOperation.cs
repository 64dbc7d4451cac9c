using System;
using System.Linq;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews.Operations
{
    /// <summary>
    /// GetServiceConfiguration (https://learn.microsoft.com/exchange/client-developer/web-service-reference/getserviceconfiguration-operation):
    /// the MailTips configuration only (MailTipsEnabled and MaxRecipientsPerGetMailTipsRequest from the options, the
    /// organisation's domain as InternalDomains), in one ServiceConfigurationResponseMessageType inside a
    /// GetServiceConfigurationResponse that is itself a response message. Other configuration names are not modelled
    /// (ErrorInvalidRequest); RequestServerVersion older than Exchange2010 → ErrorInvalidServerVersion.
    /// </summary>
    internal sealed class GetServiceConfigurationOperation : IEwsOperation
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;

        public string Name => "GetServiceConfiguration";

        public XElement Execute(XElement request, EwsRequestContext context)
        {
            if (context.RequestVersion.StartsWith("Exchange2007", StringComparison.Ordinal))
            {
                throw new EwsFaultException("ErrorInvalidServerVersion");
            }

            var names = request.Element(M + "RequestedConfiguration")?.Elements(M + "ConfigurationName")
                .SelectMany(n => ((string)n).Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList() ?? new System.Collections.Generic.List<string>();
            var other = names.FirstOrDefault(n => n != "MailTips");
            if (other != null)
            {
                throw new EwsFaultException("ErrorInvalidRequest", $"The sandbox's GetServiceConfiguration answers MailTips only; {other} is not modelled.");
            }

            var options = context.Org.Options;
            var mailTips = new XElement(M + "MailTipsConfiguration",
                new XElement(T + "MailTipsEnabled", options.MailTipsEnabled ? "true" : "false"),
                new XElement(T + "MaxRecipientsPerGetMailTipsRequest", options.MaxRecipientsPerGetMailTipsRequest),
                new XElement(T + "MaxMessageSize", 36700160),
                new XElement(T + "LargeAudienceThreshold", 25),
                new XElement(T + "ShowExternalRecipientCount", "false"),
                new XElement(T + "InternalDomains", new XElement(T + "Domain", new XAttribute("Name", SandboxOrganization.Domain), new XAttribute("IncludeSubdomains", "false"))),
                new XElement(T + "PolicyTipsEnabled", "false"),
                new XElement(T + "LargeAudienceCap", 1000));
            return SoapWriter.Success(
                "GetServiceConfigurationResponse",
                new XElement(M + "ResponseMessages", SoapWriter.Success("ServiceConfigurationResponseMessageType", mailTips)));
        }
    }
}
