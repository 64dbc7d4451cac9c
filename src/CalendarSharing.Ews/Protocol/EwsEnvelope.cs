using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>What goes into the SOAP header of a request.</summary>
    internal sealed class EwsRequestHeader
    {
        public EwsRequestHeader(string requestServerVersion)
        {
            RequestServerVersion = requestServerVersion;
        }

        /// <summary>RequestServerVersion/@Version (required by the schema).</summary>
        public string RequestServerVersion { get; }

        /// <summary>When set, ExchangeImpersonation/ConnectingSID/PrimarySmtpAddress.</summary>
        public string? ImpersonatedSmtpAddress { get; set; }

        /// <summary>When set, TimeZoneContext/TimeZoneDefinition/@Id.</summary>
        public string? TimeZoneId { get; set; }
    }

    /// <summary>Writes a request envelope (sans-IO).</summary>
    internal static class EwsEnvelopeWriter
    {
        public static XDocument Build(EwsRequestHeader header, XElement body)
        {
            var blocks = new List<XElement>
            {
                // Schema order of the header blocks does not matter (each is its own header element),
                // but real servers are used to this order (MA: ServiceRequestBase).
                new XElement(EwsXml.T + "RequestServerVersion", new XAttribute("Version", header.RequestServerVersion)),
            };
            if (!string.IsNullOrEmpty(header.ImpersonatedSmtpAddress))
            {
                blocks.Add(new XElement(
                    EwsXml.T + "ExchangeImpersonation",
                    new XElement(EwsXml.T + "ConnectingSID", new XElement(EwsXml.T + "PrimarySmtpAddress", header.ImpersonatedSmtpAddress))));
            }

            if (!string.IsNullOrEmpty(header.TimeZoneId))
            {
                blocks.Add(new XElement(
                    EwsXml.T + "TimeZoneContext",
                    new XElement(EwsXml.T + "TimeZoneDefinition", new XAttribute("Id", header.TimeZoneId))));
            }

            var envelope = new XElement(
                EwsXml.Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "soap", EwsXml.Soap.NamespaceName),
                new XAttribute(XNamespace.Xmlns + "t", EwsXml.T.NamespaceName),
                new XAttribute(XNamespace.Xmlns + "m", EwsXml.M.NamespaceName),
                new XElement(EwsXml.Soap + "Header", blocks),
                new XElement(EwsXml.Soap + "Body", body));
            return new XDocument(new XDeclaration("1.0", "utf-8", null), envelope);
        }

        public static string Write(EwsRequestHeader header, XElement body) => EwsXml.Serialize(Build(header, body));
    }

    /// <summary>ServerVersionInfo from the response header; Version is opaque (https://learn.microsoft.com/exchange/client-developer/web-service-reference/serverversioninfo).</summary>
    internal sealed class EwsServerVersion
    {
        public EwsServerVersion(int? major, int? minor, int? majorBuild, int? minorBuild, string? version)
        {
            MajorVersion = major;
            MinorVersion = minor;
            MajorBuildNumber = majorBuild;
            MinorBuildNumber = minorBuild;
            Version = version;
        }

        public int? MajorVersion { get; }

        public int? MinorVersion { get; }

        public int? MajorBuildNumber { get; }

        public int? MinorBuildNumber { get; }

        public string? Version { get; }

        /// <summary>"15.2.1118.7 (V2017_07_11)".</summary>
        public override string ToString()
        {
            var parts = new[] { MajorVersion, MinorVersion, MajorBuildNumber, MinorBuildNumber }.TakeWhile(p => p.HasValue).Select(p => p!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var number = string.Join(".", parts);
            if (Version == null)
            {
                return number;
            }

            return number.Length == 0 ? Version : number + " (" + Version + ")";
        }
    }

    /// <summary>A SOAP fault, read by local name (SOAP 1.1 section 4.4, https://www.w3.org/TR/2000/NOTE-SOAP-20000508/).</summary>
    internal sealed class EwsSoapFault
    {
        public EwsSoapFault(string? faultCode, string? faultString, string? responseCode, string? message, IReadOnlyDictionary<string, string> values, int? line, int? position)
        {
            FaultCode = faultCode;
            FaultString = faultString;
            ResponseCode = responseCode;
            Message = message;
            Values = values;
            Line = line;
            Position = position;
        }

        public string? FaultCode { get; }

        public string? FaultString { get; }

        /// <summary>detail/ResponseCode, else the local part of faultcode.</summary>
        public string? ResponseCode { get; }

        public string? Message { get; }

        /// <summary>detail/MessageXml/Value[@Name] pairs.</summary>
        public IReadOnlyDictionary<string, string> Values { get; }

        public int? Line { get; }

        public int? Position { get; }

        public int? BackOffMilliseconds => Values.TryGetValue(EwsWellKnownNames.BackOffMilliseconds, out var v) ? EwsXml.ParseInt(v) : null;

        public string Text => Message ?? FaultString ?? ResponseCode ?? "SOAP fault";
    }

    /// <summary>A parsed response envelope: version info, and either the body payload or a fault.</summary>
    internal sealed class EwsResponseEnvelope
    {
        public EwsResponseEnvelope(EwsServerVersion? serverVersion, XElement? payload, EwsSoapFault? fault)
        {
            ServerVersion = serverVersion;
            Payload = payload;
            Fault = fault;
        }

        public EwsServerVersion? ServerVersion { get; }

        /// <summary>The first child of soap:Body when it is not a fault.</summary>
        public XElement? Payload { get; }

        public EwsSoapFault? Fault { get; }
    }

    /// <summary>Reads response envelopes (sans-IO). Lenient: everything by local name.</summary>
    internal static class EwsEnvelopeReader
    {
        /// <summary>Parses the text; throws EwsProtocolException when it is not a SOAP envelope.</summary>
        public static EwsResponseEnvelope Read(string xml)
        {
            XDocument doc;
            try
            {
                doc = EwsXml.Parse(xml);
            }
            catch (System.Xml.XmlException ex)
            {
                throw new EwsProtocolException("The server's answer is not well-formed XML: " + ex.Message, ex);
            }

            return Read(doc);
        }

        public static EwsResponseEnvelope Read(XDocument doc)
        {
            var root = doc.Root;
            if (root == null || root.Name.LocalName != "Envelope")
            {
                throw new EwsProtocolException($"The server's answer is not a SOAP envelope (root element {root?.Name.LocalName ?? "none"}).");
            }

            EwsServerVersion? version = null;
            var info = root.Child("Header").Child("ServerVersionInfo");
            if (info != null)
            {
                version = new EwsServerVersion(
                    EwsXml.ParseInt(info.Attr("MajorVersion")),
                    EwsXml.ParseInt(info.Attr("MinorVersion")),
                    EwsXml.ParseInt(info.Attr("MajorBuildNumber")),
                    EwsXml.ParseInt(info.Attr("MinorBuildNumber")),
                    info.Attr("Version"));
            }

            var body = root.Child("Body");
            if (body == null)
            {
                throw new EwsProtocolException("The server's SOAP envelope has no Body.");
            }

            var payload = body.Elements().FirstOrDefault();
            if (payload == null)
            {
                throw new EwsProtocolException("The server's SOAP Body is empty.");
            }

            if (payload.Name.LocalName == "Fault")
            {
                return new EwsResponseEnvelope(version, null, ReadFault(payload));
            }

            return new EwsResponseEnvelope(version, payload, null);
        }

        public static EwsSoapFault ReadFault(XElement fault)
        {
            var faultCode = fault.ChildValue("faultcode")?.Trim();
            var faultString = fault.ChildValue("faultstring")?.Trim();
            var detail = fault.Child("detail");
            var responseCode = detail.ChildValue("ResponseCode")?.Trim();
            if (string.IsNullOrEmpty(responseCode) && faultCode != null)
            {
                var colon = faultCode.LastIndexOf(':');
                responseCode = colon >= 0 ? faultCode.Substring(colon + 1) : faultCode;
            }

            return new EwsSoapFault(
                faultCode,
                faultString,
                responseCode,
                detail.ChildValue("Message")?.Trim(),
                ReadMessageXml(detail.Child("MessageXml")),
                EwsXml.ParseInt(detail.ChildValue("Line")),
                EwsXml.ParseInt(detail.ChildValue("Position")));
        }

        /// <summary>MessageXml/Value[@Name] pairs; other content is ignored.</summary>
        public static IReadOnlyDictionary<string, string> ReadMessageXml(XElement? messageXml)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (messageXml == null)
            {
                return values;
            }

            foreach (var value in messageXml.Descendants().Where(e => e.Name.LocalName == "Value"))
            {
                var name = value.Attr("Name");
                if (!string.IsNullOrEmpty(name))
                {
                    values[name!] = value.Value.Trim();
                }
            }

            return values;
        }

        /// <summary>Reads the common part of a response message element.</summary>
        public static EwsResponseMessage ReadMessage(XElement message) =>
            new EwsResponseMessage(
                message.Attr("ResponseClass") ?? "Error",
                message.ChildValue("ResponseCode")?.Trim() ?? string.Empty,
                message.ChildValue("MessageText")?.Trim(),
                ReadMessageXml(message.Child("MessageXml")));

        /// <summary>The response messages of the usual shape (XxxResponse/ResponseMessages/*), in order.</summary>
        public static IReadOnlyList<XElement> ResponseMessages(XElement payload, string operationName)
        {
            if (payload.Name.LocalName != operationName + "Response")
            {
                throw new EwsProtocolException($"Expected {operationName}Response but the server answered {payload.Name.LocalName}.");
            }

            var messages = payload.Child("ResponseMessages");
            if (messages == null)
            {
                throw new EwsProtocolException($"{operationName}Response has no ResponseMessages.");
            }

            return messages.Elements().ToList();
        }
    }
}
