using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace CalendarSharing.Ews.Protocol
{
    /// <summary>Namespaces and small XML helpers shared by the writers and readers. Always http://, the targetNamespace of the official types.xsd and messages.xsd.</summary>
    internal static class EwsXml
    {
        public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
        public static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";
        public static readonly XNamespace M = "http://schemas.microsoft.com/exchange/services/2006/messages";
        public static readonly XNamespace E = "http://schemas.microsoft.com/exchange/services/2006/errors";

        private static readonly XmlReaderSettings SafeReader = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };

        /// <summary>Parses a response body without DTDs or external resolution.</summary>
        public static XDocument Parse(string xml)
        {
            using (var text = new StringReader(xml))
            using (var reader = XmlReader.Create(text, SafeReader))
            {
                return XDocument.Load(reader);
            }
        }

        public static string Serialize(XDocument doc)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(false),
                OmitXmlDeclaration = false,
                Indent = false,
                NamespaceHandling = NamespaceHandling.OmitDuplicates,
            };
            var sb = new StringBuilder();
            using (var writer = new Utf8StringWriter(sb))
            using (var xml = XmlWriter.Create(writer, settings))
            {
                doc.Save(xml);
            }

            return sb.ToString();
        }

        public static string Bool(bool value) => value ? "true" : "false";

        /// <summary>First child with that local name, any namespace (readers are lenient on namespaces).</summary>
        public static XElement? Child(this XElement? parent, string localName) =>
            parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

        public static IEnumerable<XElement> Children(this XElement? parent, string localName) =>
            parent == null ? Enumerable.Empty<XElement>() : parent.Elements().Where(e => e.Name.LocalName == localName);

        public static IEnumerable<XElement> AllChildren(this XElement? parent) =>
            parent == null ? Enumerable.Empty<XElement>() : parent.Elements();

        public static string? ChildValue(this XElement? parent, string localName) => parent.Child(localName)?.Value;

        public static bool? ChildBool(this XElement? parent, string localName)
        {
            var v = parent.ChildValue(localName);
            if (v == null)
            {
                return null;
            }

            v = v.Trim();
            return v == "true" || v == "1" ? true : v == "false" || v == "0" ? false : (bool?)null;
        }

        public static string? Attr(this XElement? element, string name) => element?.Attribute(name)?.Value;

        public static int? ParseInt(string? text) =>
            int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;

        private sealed class Utf8StringWriter : StringWriter
        {
            public Utf8StringWriter(StringBuilder sb)
                : base(sb, CultureInfo.InvariantCulture)
            {
            }

            public override Encoding Encoding => new UTF8Encoding(false);
        }
    }
}
