using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace CalendarSharing.Sandbox.Validation
{
    /// <summary>
    /// Validates EWS SOAP envelopes against the official schemas (types.xsd, messages.xsd), which are
    /// read from disk and never shipped. SOAP 1.1 has no schema here, so the envelope is checked by
    /// hand and each header block and the body payload are validated on their own (SOURCE.md, option 2).
    /// </summary>
    public sealed class EwsSchemaValidator
    {
        /// <summary>Environment variable that names the folder holding types.xsd and messages.xsd.</summary>
        public const string SchemaPathVariable = "CALENDARSHARING_EWS_SCHEMAS";

        public const string SoapNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
        public const string TypesNamespace = "http://schemas.microsoft.com/exchange/services/2006/types";
        public const string MessagesNamespace = "http://schemas.microsoft.com/exchange/services/2006/messages";

        private static readonly object CacheGate = new object();
        private static readonly Dictionary<string, EwsSchemaValidator> Cache = new Dictionary<string, EwsSchemaValidator>(StringComparer.Ordinal);

        private readonly XmlSchemaSet schemas;

        private EwsSchemaValidator(XmlSchemaSet schemas, string directory)
        {
            this.schemas = schemas;
            Directory = directory;
        }

        /// <summary>The folder the schemas were read from.</summary>
        public string Directory { get; }

        /// <summary>
        /// Finds the schema folder: the environment variable, else a "shared/protocol/ews" folder beside
        /// any parent of the start folders (the repository's ../shared). Returns null when none is found.
        /// </summary>
        public static string? Locate(params string[] startFolders)
        {
            var fromEnv = Environment.GetEnvironmentVariable(SchemaPathVariable);
            if (!string.IsNullOrWhiteSpace(fromEnv))
            {
                return File.Exists(Path.Combine(fromEnv, "messages.xsd")) ? Path.GetFullPath(fromEnv) : null;
            }

            var starts = new List<string>(startFolders) { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() };
            foreach (var start in starts)
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "shared", "protocol", "ews");
                    if (File.Exists(Path.Combine(candidate, "messages.xsd")) && File.Exists(Path.Combine(candidate, "types.xsd")))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>Loads (once per folder) and compiles the schemas; about 150 ms the first time.</summary>
        public static EwsSchemaValidator Load(string directory)
        {
            var full = Path.GetFullPath(directory);
            lock (CacheGate)
            {
                if (Cache.TryGetValue(full, out var cached))
                {
                    return cached;
                }

                var set = new XmlSchemaSet
                {
                    // Without a resolver .NET silently skips the types.xsd import (SOURCE.md).
                    XmlResolver = new XmlUrlResolver(),
                };
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = new XmlUrlResolver() };
                var messages = Path.Combine(full, "messages.xsd");
                using (var reader = XmlReader.Create(messages, settings))
                {
                    set.Add(MessagesNamespace, reader);
                }

                set.Compile();
                var validator = new EwsSchemaValidator(set, full);
                Cache[full] = validator;
                return validator;
            }
        }

        /// <summary>Validates a whole SOAP envelope; returns the problems found (empty when valid).</summary>
        public IReadOnlyList<string> ValidateEnvelope(string xml)
        {
            XDocument doc;
            try
            {
                doc = XDocument.Parse(xml, LoadOptions.SetLineInfo);
            }
            catch (XmlException ex)
            {
                return new[] { "not well-formed XML: " + ex.Message };
            }

            return ValidateEnvelope(doc);
        }

        public IReadOnlyList<string> ValidateEnvelope(XDocument doc)
        {
            var errors = new List<string>();
            var root = doc.Root;
            XNamespace soap = SoapNamespace;
            if (root == null || root.Name != soap + "Envelope")
            {
                errors.Add($"root element is {root?.Name}, expected {{{SoapNamespace}}}Envelope");
                return errors;
            }

            XElement? header = null;
            XElement? body = null;
            foreach (var child in root.Elements())
            {
                if (child.Name == soap + "Header" && header == null && body == null)
                {
                    header = child;
                }
                else if (child.Name == soap + "Body" && body == null)
                {
                    body = child;
                }
                else
                {
                    errors.Add($"unexpected element {child.Name} in the SOAP envelope");
                }
            }

            if (body == null)
            {
                errors.Add("the SOAP envelope has no Body");
                return errors;
            }

            if (header != null)
            {
                foreach (var block in header.Elements())
                {
                    // Only EWS header blocks are ours to check; others (WS-Addressing) pass, like lax processing.
                    if (block.Name.NamespaceName == TypesNamespace || block.Name.NamespaceName == MessagesNamespace)
                    {
                        ValidateElement(block, errors);
                    }
                }
            }

            var payload = new List<XElement>(body.Elements());
            if (payload.Count != 1)
            {
                errors.Add($"the SOAP Body holds {payload.Count} elements, expected 1");
            }

            foreach (var element in payload)
            {
                if (element.Name == soap + "Fault")
                {
                    // SOAP faults have no EWS schema (types.xsd/messages.xsd define none): checked for well-formedness
                    // only.
                    continue;
                }

                ValidateElement(element, errors);
            }

            return errors;
        }

        /// <summary>Validates one element (a header block or a body payload) against the EWS schemas.</summary>
        public void ValidateElement(XElement element, List<string> errors)
        {
            var copy = new XElement(element);
            // Carry the in-scope namespace declarations, so QName-valued content still resolves.
            foreach (var attr in element.AncestorsAndSelf().Attributes())
            {
                if (attr.IsNamespaceDeclaration && copy.Attribute(attr.Name) == null)
                {
                    copy.SetAttributeValue(attr.Name, attr.Value);
                }
            }

            var settings = new XmlReaderSettings
            {
                ValidationType = ValidationType.Schema,
                Schemas = schemas,
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
            };
            var name = element.Name.LocalName;
            settings.ValidationEventHandler += (_, e) =>
                errors.Add($"{name} line {e.Exception?.LineNumber}, position {e.Exception?.LinePosition}: {e.Severity}: {e.Message}");
            // XmlSchemaSet guarantees no thread safety for instance members; the sandbox validates from many
            // concurrent requests, so validations against one compiled set take turns.
            lock (schemas)
            {
                using var reader = XmlReader.Create(new StringReader(copy.ToString(SaveOptions.DisableFormatting)), settings);
                try
                {
                    while (reader.Read())
                    {
                    }
                }
                catch (XmlException ex)
                {
                    errors.Add($"{name}: {ex.Message}");
                }
            }
        }
    }
}
