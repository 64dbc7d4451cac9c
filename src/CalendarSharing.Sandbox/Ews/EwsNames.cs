using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Ews
{
    /// <summary>The namespaces of EWS (always http://, the targetNamespace of types.xsd and messages.xsd).</summary>
    internal static class EwsNames
    {
        public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
        public static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
        public static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
        public static readonly XNamespace E = "http://schemas.microsoft.com/exchange/services/2006/errors";
    }
}
