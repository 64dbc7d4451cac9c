using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Autodiscover
{
    /// <summary>What one autodiscover answer says to do next.</summary>
    internal enum AutodiscoverAnswerKind
    {
        /// <summary>Settings with an EWS URL.</summary>
        Settings,

        /// <summary>Restart the whole process with another address (POX redirectAddr, SOAP RedirectAddress).</summary>
        RedirectAddress,

        /// <summary>Send the same request to another URL (POX redirectUrl, SOAP RedirectUrl).</summary>
        RedirectUrl,

        /// <summary>An error in the body (POX Error, SOAP ErrorCode), or settings without an EWS URL.</summary>
        Error,
    }

    /// <summary>One parsed autodiscover answer (POX or SOAP).</summary>
    internal sealed class AutodiscoverAnswer
    {
        public AutodiscoverAnswerKind Kind { get; set; }

        public string? ExternalEwsUrl { get; set; }

        public string? InternalEwsUrl { get; set; }

        /// <summary>The address or URL of a redirect.</summary>
        public string? RedirectTarget { get; set; }

        public string? ErrorCode { get; set; }

        public string? ErrorMessage { get; set; }

        /// <summary>The URL an outside client should use: the external one, else the internal one.</summary>
        public string? EwsUrl => !string.IsNullOrEmpty(ExternalEwsUrl) ? ExternalEwsUrl : InternalEwsUrl;
    }

    /// <summary>POX autodiscover ([MS-OXDISCO]): request writer and response reader, no IO.</summary>
    internal static class PoxAutodiscover
    {
        public const string RequestNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
        public const string ResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
        public const string OutlookResponseNamespace = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

        public static string BuildRequest(string emailAddress)
        {
            XNamespace a = RequestNamespace;
            var document = new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(a + "Autodiscover",
                    new XElement(a + "Request",
                        new XElement(a + "EMailAddress", emailAddress),
                        new XElement(a + "AcceptableResponseSchema", OutlookResponseNamespace))));
            return Xml.Serialize(document);
        }

        /// <summary>Reads an answer by local names (outer and inner namespaces differ, and the error uses the outer one).</summary>
        public static AutodiscoverAnswer Parse(string xml)
        {
            var root = Xml.Load(xml).Root;
            if (root == null || root.Name.LocalName != "Autodiscover")
            {
                throw new FormatException("not a POX Autodiscover document");
            }

            var response = Xml.Child(root, "Response") ?? throw new FormatException("no Response element");
            var error = Xml.Child(response, "Error");
            if (error != null)
            {
                return new AutodiscoverAnswer
                {
                    Kind = AutodiscoverAnswerKind.Error,
                    ErrorCode = Xml.Child(error, "ErrorCode")?.Value.Trim(),
                    ErrorMessage = Xml.Child(error, "Message")?.Value.Trim(),
                };
            }

            var account = Xml.Child(response, "Account") ?? throw new FormatException("no Account element");
            var action = Xml.Child(account, "Action")?.Value.Trim() ?? "settings";
            if (string.Equals(action, "redirectAddr", StringComparison.OrdinalIgnoreCase))
            {
                return new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.RedirectAddress, RedirectTarget = Xml.Child(account, "RedirectAddr")?.Value.Trim() };
            }

            if (string.Equals(action, "redirectUrl", StringComparison.OrdinalIgnoreCase))
            {
                return new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.RedirectUrl, RedirectTarget = Xml.Child(account, "RedirectUrl")?.Value.Trim() };
            }

            var answer = new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.Settings };
            foreach (var protocol in account.Elements().Where(e => e.Name.LocalName == "Protocol"))
            {
                var type = Xml.Child(protocol, "Type")?.Value.Trim();
                // "EwsUrl": the server emits Ews, not EWS; ASUrl is the fallback (MA OutlookProtocol.cs).
                var url = Xml.Child(protocol, "EwsUrl")?.Value.Trim();
                if (string.IsNullOrEmpty(url))
                {
                    url = Xml.Child(protocol, "ASUrl")?.Value.Trim();
                }

                if (string.Equals(type, "EXPR", StringComparison.OrdinalIgnoreCase))
                {
                    answer.ExternalEwsUrl = url;
                }
                else if (string.Equals(type, "EXCH", StringComparison.OrdinalIgnoreCase))
                {
                    answer.InternalEwsUrl = url;
                }
            }

            if (string.IsNullOrEmpty(answer.EwsUrl))
            {
                answer.Kind = AutodiscoverAnswerKind.Error;
                answer.ErrorMessage = "the settings carry no EwsUrl (EXPR or EXCH protocol)";
            }

            return answer;
        }
    }

    /// <summary>SOAP autodiscover GetUserSettings ([MS-OXWSADISC]): request writer and response reader, no IO.</summary>
    internal static class SoapAutodiscover
    {
        public const string SoapNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
        public const string AutodiscoverNamespace = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
        public const string AddressingNamespace = "http://www.w3.org/2005/08/addressing";
        public const string Action = "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings";

        public static string BuildRequest(string emailAddress, Uri to)
        {
            XNamespace soap = SoapNamespace;
            XNamespace a = AutodiscoverNamespace;
            XNamespace wsa = AddressingNamespace;
            var document = new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(soap + "Envelope",
                    new XAttribute(XNamespace.Xmlns + "soap", soap),
                    new XAttribute(XNamespace.Xmlns + "a", a),
                    new XAttribute(XNamespace.Xmlns + "wsa", wsa),
                    new XElement(soap + "Header",
                        new XElement(a + "RequestedServerVersion", "Exchange2013"),
                        new XElement(wsa + "Action", Action),
                        new XElement(wsa + "To", to.ToString())),
                    new XElement(soap + "Body",
                        new XElement(a + "GetUserSettingsRequestMessage",
                            new XElement(a + "Request",
                                new XElement(a + "Users", new XElement(a + "User", new XElement(a + "Mailbox", emailAddress))),
                                new XElement(a + "RequestedSettings",
                                    new XElement(a + "Setting", "ExternalEwsUrl"),
                                    new XElement(a + "Setting", "InternalEwsUrl"),
                                    new XElement(a + "Setting", "EwsSupportedSchemas"),
                                    new XElement(a + "Setting", "GroupingInformation")))))));
            return Xml.Serialize(document);
        }

        /// <summary>The request-level code first, then the (single) user's code, then the settings.</summary>
        public static AutodiscoverAnswer Parse(string xml)
        {
            var root = Xml.Load(xml).Root;
            var body = root == null ? null : Xml.Child(root, "Body");
            var message = body == null ? null : Xml.Child(body, "GetUserSettingsResponseMessage");
            var response = message == null ? null : Xml.Child(message, "Response");
            if (response == null)
            {
                throw new FormatException("no GetUserSettingsResponseMessage/Response");
            }

            var code = Xml.Child(response, "ErrorCode")?.Value.Trim() ?? "NoError";
            if (code != "NoError")
            {
                return new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.Error, ErrorCode = code, ErrorMessage = Xml.Child(response, "ErrorMessage")?.Value.Trim() };
            }

            var user = Xml.Child(response, "UserResponses")?.Elements().FirstOrDefault(e => e.Name.LocalName == "UserResponse")
                ?? throw new FormatException("no UserResponse");
            code = Xml.Child(user, "ErrorCode")?.Value.Trim() ?? "NoError";
            var target = Xml.Child(user, "RedirectTarget")?.Value.Trim();
            switch (code)
            {
                case "NoError":
                    break;
                case "RedirectAddress":
                    return new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.RedirectAddress, RedirectTarget = target };
                case "RedirectUrl":
                    return new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.RedirectUrl, RedirectTarget = target };
                default:
                    return new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.Error, ErrorCode = code, ErrorMessage = Xml.Child(user, "ErrorMessage")?.Value.Trim() };
            }

            var answer = new AutodiscoverAnswer { Kind = AutodiscoverAnswerKind.Settings };
            foreach (var setting in Xml.Child(user, "UserSettings")?.Elements() ?? Enumerable.Empty<XElement>())
            {
                var name = Xml.Child(setting, "Name")?.Value.Trim();
                var value = Xml.Child(setting, "Value")?.Value.Trim();
                if (name == "ExternalEwsUrl")
                {
                    answer.ExternalEwsUrl = value;
                }
                else if (name == "InternalEwsUrl")
                {
                    answer.InternalEwsUrl = value;
                }
            }

            if (string.IsNullOrEmpty(answer.EwsUrl))
            {
                answer.Kind = AutodiscoverAnswerKind.Error;
                answer.ErrorCode = "SettingIsNotAvailable";
                answer.ErrorMessage = "neither ExternalEwsUrl nor InternalEwsUrl was returned";
            }

            return answer;
        }
    }

    internal static class Xml
    {
        public static XDocument Load(string xml)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using (var reader = XmlReader.Create(new StringReader(xml), settings))
            {
                return XDocument.Load(reader);
            }
        }

        public static XElement? Child(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

        public static string Serialize(XDocument document)
        {
            using (var writer = new Utf8StringWriter())
            {
                document.Save(writer, SaveOptions.DisableFormatting);
                return writer.ToString();
            }
        }

        private sealed class Utf8StringWriter : StringWriter
        {
            public override System.Text.Encoding Encoding => new System.Text.UTF8Encoding(false);
        }
    }
}
