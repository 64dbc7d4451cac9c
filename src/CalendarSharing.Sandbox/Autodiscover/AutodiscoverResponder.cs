using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Autodiscover
{
    /// <summary>
    /// The sandbox's autodiscover wire format ([MS-OXDSCLI] for POX, [MS-OXWSADISC] for SOAP): reads POX and SOAP
    /// requests, writes answers.
    /// </summary>
    internal static class AutodiscoverResponder
    {
        private static readonly XNamespace PoxResponse = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
        private static readonly XNamespace PoxOutlook = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
        private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
        private static readonly XNamespace A = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
        private static readonly XNamespace Wsa = "http://www.w3.org/2005/08/addressing";
        private static readonly XNamespace I = "http://www.w3.org/2001/XMLSchema-instance";

        /// <summary>The address asked for, or null when the body is not a request of that kind.</summary>
        public static string? ReadAddress(byte[] body, bool soap)
        {
            XDocument document;
            try
            {
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
                using (var reader = XmlReader.Create(new MemoryStream(body), settings))
                {
                    document = XDocument.Load(reader);
                }
            }
            catch (XmlException)
            {
                return null;
            }

            var name = soap ? "Mailbox" : "EMailAddress";
            return document.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
        }

        public static XDocument Pox(SandboxAutodiscoverReply reply, string address, string displayName)
        {
            if (reply.Kind == "error")
            {
                return new XDocument(new XElement(PoxResponse + "Autodiscover",
                    new XElement(PoxResponse + "Response",
                        new XElement(PoxResponse + "Error",
                            new XAttribute("Time", DateTime.UtcNow.ToString("HH:mm:ss.ff", System.Globalization.CultureInfo.InvariantCulture)),
                            new XAttribute("Id", "2477272013"),
                            new XElement(PoxResponse + "ErrorCode", "500"),
                            new XElement(PoxResponse + "Message", "The e-mail address cannot be found."),
                            new XElement(PoxResponse + "DebugData")))));
            }

            var account = new XElement(PoxOutlook + "Account", new XElement(PoxOutlook + "AccountType", "email"), new XElement(PoxOutlook + "Action", reply.Kind));
            switch (reply.Kind)
            {
                case "redirectAddr":
                    account.Add(new XElement(PoxOutlook + "RedirectAddr", reply.Value));
                    break;
                case "redirectUrl":
                    account.Add(new XElement(PoxOutlook + "RedirectUrl", reply.Value));
                    break;
                default:
                    if (reply.InternalValue != null)
                    {
                        account.Add(Protocol("EXCH", reply.InternalValue));
                    }

                    account.Add(Protocol("EXPR", reply.Value!));
                    break;
            }

            return new XDocument(new XElement(PoxResponse + "Autodiscover",
                new XElement(PoxOutlook + "Response",
                    new XElement(PoxOutlook + "User",
                        new XElement(PoxOutlook + "DisplayName", displayName),
                        new XElement(PoxOutlook + "AutoDiscoverSMTPAddress", address)),
                    account)));
        }

        private static XElement Protocol(string type, string url) =>
            new XElement(PoxOutlook + "Protocol", new XElement(PoxOutlook + "Type", type), new XElement(PoxOutlook + "EwsUrl", url), new XElement(PoxOutlook + "ASUrl", url));

        public static XDocument SoapAnswer(SandboxAutodiscoverReply reply, SandboxServerVersion version)
        {
            string code;
            string message;
            object? target = new XElement(A + "RedirectTarget", new XAttribute(I + "nil", "true"));
            var settings = new XElement(A + "UserSettings");
            switch (reply.Kind)
            {
                case "redirectAddr":
                    code = "RedirectAddress";
                    message = "Redirection address.";
                    target = new XElement(A + "RedirectTarget", reply.Value);
                    break;
                case "redirectUrl":
                    code = "RedirectUrl";
                    message = "Redirection URL.";
                    target = new XElement(A + "RedirectTarget", reply.Value);
                    break;
                case "error":
                    code = "InvalidUser";
                    message = "Invalid user.";
                    break;
                default:
                    code = "NoError";
                    message = "No error.";
                    settings.Add(Setting("ExternalEwsUrl", reply.Value!));
                    if (reply.InternalValue != null)
                    {
                        settings.Add(Setting("InternalEwsUrl", reply.InternalValue));
                    }

                    settings.Add(Setting("EwsSupportedSchemas", "Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2016"));
                    break;
            }

            return new XDocument(new XElement(Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "s", Soap),
                new XAttribute(XNamespace.Xmlns + "a", Wsa),
                new XElement(Soap + "Header",
                    new XElement(Wsa + "Action", "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse"),
                    new XElement(A + "ServerVersionInfo",
                        new XElement(A + "MajorVersion", version.MajorVersion),
                        new XElement(A + "MinorVersion", version.MinorVersion),
                        new XElement(A + "MajorBuildNumber", version.MajorBuildNumber),
                        new XElement(A + "MinorBuildNumber", version.MinorBuildNumber),
                        new XElement(A + "Version", version.Version))),
                new XElement(Soap + "Body",
                    new XElement(A + "GetUserSettingsResponseMessage",
                        new XElement(A + "Response",
                            new XAttribute(XNamespace.Xmlns + "i", I),
                            new XElement(A + "ErrorCode", "NoError"),
                            new XElement(A + "ErrorMessage"),
                            new XElement(A + "UserResponses",
                                new XElement(A + "UserResponse",
                                    new XElement(A + "ErrorCode", code),
                                    new XElement(A + "ErrorMessage", message),
                                    target,
                                    new XElement(A + "UserSettingErrors"),
                                    settings)))))));
        }

        private static XElement Setting(string name, string value) =>
            new XElement(A + "UserSetting", new XAttribute(I + "type", "StringSetting"), new XElement(A + "Name", name), new XElement(A + "Value", value));
    }
}
