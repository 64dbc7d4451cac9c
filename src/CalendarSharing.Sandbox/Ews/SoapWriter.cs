using System.IO;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CalendarSharing.Sandbox.Faults;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>
    /// Writes response envelopes, response messages and SOAP faults in the shapes of the EWS schemas and reference
    /// pages (https://learn.microsoft.com/exchange/client-developer/web-service-reference/responsecode).
    /// </summary>
    internal static class SoapWriter
    {
        private static readonly XNamespace M = EwsNames.M;
        private static readonly XNamespace T = EwsNames.T;
        private static readonly XNamespace S = EwsNames.Soap;

        /// <summary>A normal response: ServerVersionInfo in the header (by default 15.2, V2017_07_11, as Exchange 2019), the payload in the body.</summary>
        public static XDocument Envelope(XElement payload, SandboxServerVersion? version = null)
        {
            version = version ?? SandboxServerVersion.Exchange2019;
            payload.SetAttributeValue(XNamespace.Xmlns + "m", M.NamespaceName);
            payload.SetAttributeValue(XNamespace.Xmlns + "t", T.NamespaceName);
            var header = new XElement(S + "Header",
                new XElement(T + "ServerVersionInfo",
                    new XAttribute(XNamespace.Xmlns + "h", T.NamespaceName),
                    new XAttribute("MajorVersion", version.MajorVersion),
                    new XAttribute("MinorVersion", version.MinorVersion),
                    new XAttribute("MajorBuildNumber", version.MajorBuildNumber),
                    new XAttribute("MinorBuildNumber", version.MinorBuildNumber),
                    new XAttribute("Version", version.Version)));
            return new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(S + "Envelope", new XAttribute(XNamespace.Xmlns + "s", S.NamespaceName), header, new XElement(S + "Body", payload)));
        }

        /// <summary>A successful response message: ResponseClass="Success", ResponseCode NoError, then the payload.</summary>
        public static XElement Success(string elementName, params object?[] payload) =>
            new XElement(M + elementName,
                new XAttribute("ResponseClass", "Success"),
                new XElement(M + "ResponseCode", "NoError"),
                payload);

        /// <summary>An error (or warning) response message: MessageText, ResponseCode, DescriptiveLinkKey, then the payload.</summary>
        public static XElement Failure(string elementName, string responseCode, string? messageText = null, string responseClass = "Error", params object?[] payload) =>
            new XElement(M + elementName,
                new XAttribute("ResponseClass", responseClass),
                new XElement(M + "MessageText", messageText ?? EwsMessages.TextFor(responseCode)),
                new XElement(M + "ResponseCode", responseCode),
                new XElement(M + "DescriptiveLinkKey", "0"),
                payload);

        public static XElement Failure(string elementName, EwsItemException error, params object?[] payload) =>
            Failure(elementName, error.ResponseCode, error.Message, "Error", payload);

        /// <summary>
        /// A SOAP 1.1 fault in the shape Exchange sends and the EWS Managed API parses (OfficeDev/ews-managed-api,
        /// Misc/SoapFaultDetails.cs;
        /// https://learn.microsoft.com/exchange/client-developer/exchange-web-services/ews-throttling-in-exchange):
        /// faultcode a:Code, faultstring xml:lang, detail with e:ResponseCode, e:Message, optional e:Line/e:Position,
        /// optional e:MessageXml/t:Value[@Name]. No header (observed behaviour of Exchange).
        /// </summary>
        public static XDocument Fault(EwsFaultException fault)
        {
            XNamespace e = EwsNames.E;
            XNamespace xml = XNamespace.Xml;
            var detail = new XElement("detail",
                new XElement(e + "ResponseCode", new XAttribute(XNamespace.Xmlns + "e", e.NamespaceName), fault.ResponseCode),
                new XElement(e + "Message", new XAttribute(XNamespace.Xmlns + "e", e.NamespaceName), fault.Message));
            foreach (var pair in fault.Details)
            {
                detail.Add(new XElement(e + pair.Key, new XAttribute(XNamespace.Xmlns + "e", e.NamespaceName), pair.Value));
            }

            if (fault.MessageXmlValues.Count > 0)
            {
                var messageXml = new XElement(e + "MessageXml", new XAttribute(XNamespace.Xmlns + "e", e.NamespaceName));
                foreach (var pair in fault.MessageXmlValues)
                {
                    messageXml.Add(new XElement(T + "Value", new XAttribute(XNamespace.Xmlns + "t", T.NamespaceName), new XAttribute("Name", pair.Key), pair.Value));
                }

                detail.Add(messageXml);
            }

            var body = new XElement(S + "Body",
                new XElement(S + "Fault",
                    new XElement("faultcode", new XAttribute(XNamespace.Xmlns + "a", T.NamespaceName), "a:" + fault.ResponseCode),
                    new XElement("faultstring", new XAttribute(xml + "lang", "en-US"), fault.Message),
                    detail));
            return new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(S + "Envelope", new XAttribute(XNamespace.Xmlns + "s", S.NamespaceName), body));
        }

        /// <summary>UTF-8 without a BOM, with the XML declaration, unindented (as IIS sends it).</summary>
        public static byte[] ToBytes(XDocument document)
        {
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, OmitXmlDeclaration = false };
            using (var stream = new MemoryStream())
            {
                using (var writer = XmlWriter.Create(stream, settings))
                {
                    document.Save(writer);
                }

                return stream.ToArray();
            }
        }
    }
}
