using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;

namespace CalendarSharing.Sandbox.Validation
{
    /// <summary>
    /// Checks Graph traffic against the v1.0 CSDL (by default the calendar subset in ../shared/protocol/graph, read in
    /// place; CALENDARSHARING_GRAPH_METADATA names the file or its folder): every path segment is an entity set,
    /// singleton, navigation property or key, and every JSON property and enum member exists on its type.
    /// Instance annotations (@odata.*) are not checked.
    /// </summary>
    public sealed class GraphMetadataValidator
    {
        public const string Variable = "CALENDARSHARING_GRAPH_METADATA";
        private const string FileName = "graph-v1.0-calendar-subset.csdl.xml";
        private const string Alias = "graph.";
        private const string Namespace = "microsoft.graph.";

        private readonly Dictionary<string, XElement> types = new Dictionary<string, XElement>(StringComparer.Ordinal);
        private readonly HashSet<string> entitySets = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> singletons = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> entitySetTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<XElement> boundFunctions = new List<XElement>();

        private GraphMetadataValidator(XDocument document)
        {
            foreach (var element in document.Descendants().Where(e => e.Name.LocalName == "EntityType" || e.Name.LocalName == "ComplexType" || e.Name.LocalName == "EnumType"))
            {
                types[(string)element.Attribute("Name")!] = element;
            }

            foreach (var set in document.Descendants().Where(e => e.Name.LocalName == "EntitySet"))
            {
                entitySets.Add((string)set.Attribute("Name")!);
                entitySetTypes[(string)set.Attribute("Name")!] = Short((string)set.Attribute("EntityType")!);
            }

            boundFunctions.AddRange(document.Descendants().Where(e => (e.Name.LocalName == "Function" || e.Name.LocalName == "Action") && (string?)e.Attribute("IsBound") == "true"));

            foreach (var singleton in document.Descendants().Where(e => e.Name.LocalName == "Singleton"))
            {
                singletons[(string)singleton.Attribute("Name")!] = Short((string)singleton.Attribute("Type")!);
            }
        }

        /// <summary>The metadata file, from the environment variable or a shared/protocol/graph folder above the app or working directory; null when absent.</summary>
        public static string? Locate()
        {
            var fromEnv = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(fromEnv))
            {
                var file = System.IO.Directory.Exists(fromEnv) ? Path.Combine(fromEnv, FileName) : fromEnv;
                return File.Exists(file) ? Path.GetFullPath(file) : null;
            }

            foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "shared", "protocol", "graph", FileName);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>Loads the CSDL at <paramref name="path"/> (default: <see cref="Locate"/>); throws when there is none: strict checks never skip.</summary>
        public static GraphMetadataValidator Load(string? path = null)
        {
            var file = path ?? Locate();
            if (file == null || !File.Exists(file))
            {
                throw new FileNotFoundException(
                    "The Graph v1.0 metadata (" + FileName + ") was not found" + (file == null ? string.Empty : " at '" + file + "'") +
                    ": set SandboxOptions.GraphMetadataPath or " + Variable + ", or put ../shared/protocol/graph beside the repository.", file);
            }

            return new GraphMetadataValidator(XDocument.Load(file));
        }

        /// <summary>Every finding: a property, enum member, entity set or navigation step the metadata does not have.</summary>
        public IReadOnlyList<string> Check(JsonElement json, string typeName, string where)
        {
            var findings = new List<string>();
            CheckValue(json, typeName, where, findings);
            return findings;
        }

        /// <summary>Checks a path like users('x')/calendars('y')/calendarPermissions/$entity (an @odata.context fragment or a request URL).</summary>
        public IReadOnlyList<string> CheckPath(IEnumerable<string> segments, string where, out string? finalType)
        {
            var findings = new List<string>();
            finalType = null;
            var first = true;
            var collection = false;
            foreach (var raw in segments)
            {
                var segment = raw;
                var paren = segment.IndexOf('(');
                if (paren >= 0)
                {
                    segment = segment.Substring(0, paren);
                }

                if (segment == "$entity" || segment.Length == 0)
                {
                    continue;
                }

                var keyed = paren >= 0;
                if (first && segment == "Collection" && raw.EndsWith(")", StringComparison.Ordinal))
                {
                    // #Collection(microsoft.graph.calendarRoleType): a function's or action's result.
                    finalType = Short(raw.Substring(paren + 1, raw.Length - paren - 2));
                    if (!types.ContainsKey(finalType))
                    {
                        findings.Add(where + ": no type " + finalType);
                    }

                    return findings;
                }

                if (first)
                {
                    first = false;
                    if (entitySets.Contains(segment))
                    {
                        finalType = entitySetTypes[segment];
                        collection = !keyed;
                    }
                    else if (singletons.TryGetValue(segment, out var singletonType))
                    {
                        finalType = singletonType;
                    }
                    else
                    {
                        findings.Add(where + ": '" + segment + "' is no entity set or singleton");
                        return findings;
                    }

                    continue;
                }

                if (finalType == null)
                {
                    findings.Add(where + ": '" + segment + "' follows a segment without a type");
                    return findings;
                }

                var navigation = Members(finalType, "NavigationProperty").FirstOrDefault(p => (string)p.Attribute("Name")! == segment);
                var function = navigation != null || collection ? null : BoundFunction(segment, finalType);
                if (function != null)
                {
                    var returnType = (string?)function.Elements().FirstOrDefault(e => e.Name.LocalName == "ReturnType")?.Attribute("Type");
                    finalType = returnType == null ? null : ElementType(returnType);
                    collection = false;
                    continue;
                }

                if (navigation == null)
                {
                    // A structural property addressed on its own (users/{id}/mailboxSettings): its (complex) type.
                    var property = collection ? null : Members(finalType, "Property").FirstOrDefault(p => (string)p.Attribute("Name")! == segment);
                    if (property != null)
                    {
                        finalType = ElementType((string)property.Attribute("Type")!);
                        continue;
                    }

                    // After a collection-valued step a bare segment is a key (users/{id}, calendarPermissions/{id}).
                    if (!collection)
                    {
                        findings.Add(where + ": '" + segment + "' is no navigation property of " + finalType);
                        return findings;
                    }

                    collection = false;
                    continue;
                }

                var navigationType = (string)navigation.Attribute("Type")!;
                finalType = ElementType(navigationType);
                collection = navigationType.StartsWith("Collection(", StringComparison.Ordinal) && !keyed;
            }

            return findings;
        }

        private void CheckValue(JsonElement value, string typeName, string where, List<string> findings)
        {
            if (!types.TryGetValue(typeName, out var type))
            {
                return; // Edm primitives
            }

            if (type.Name.LocalName == "EnumType")
            {
                var members = type.Elements().Where(e => e.Name.LocalName == "Member").Select(e => (string)e.Attribute("Name")!);
                var known = new HashSet<string>(members, StringComparer.Ordinal);
                if (value.ValueKind != JsonValueKind.String || !known.Contains(value.GetString()!))
                {
                    findings.Add(where + ": '" + value + "' is no member of " + typeName);
                }

                return;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                findings.Add(where + ": expected an object of type " + typeName);
                return;
            }

            // An item of a derived type says so (a directoryObject collection holds users and groups): checked as that type
            // (OData JSON Format 4.01, section 4.5.3, "Control Information: type").
            if (value.TryGetProperty("@odata.type", out var declared) && declared.ValueKind == JsonValueKind.String
                && declared.GetString()!.StartsWith("#" + Namespace, StringComparison.Ordinal)
                && types.ContainsKey(declared.GetString()!.Substring(1 + Namespace.Length)))
            {
                typeName = declared.GetString()!.Substring(1 + Namespace.Length);
            }

            var properties = Members(typeName, "Property").ToDictionary(p => (string)p.Attribute("Name")!, p => (string)p.Attribute("Type")!, StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                if (property.Name.StartsWith("@", StringComparison.Ordinal))
                {
                    continue; // instance annotations (@odata.context, @odata.etag)
                }

                if (!properties.TryGetValue(property.Name, out var propertyType))
                {
                    // A navigation property inline: expanded in an answer ($expand) or deep-inserted in a body
                    // (OData JSON Format 4.01, sections 8.3 and 11.5.2).
                    var navigation = Members(typeName, "NavigationProperty").FirstOrDefault(p => (string)p.Attribute("Name")! == property.Name);
                    if (navigation == null)
                    {
                        findings.Add(where + ": property '" + property.Name + "' is not on " + typeName);
                        continue;
                    }

                    propertyType = (string)navigation.Attribute("Type")!;
                }

                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (propertyType.StartsWith("Collection(", StringComparison.Ordinal))
                {
                    var elementType = ElementType(propertyType);
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        CheckValue(item, elementType, where + "." + property.Name + "[]", findings);
                    }
                }
                else
                {
                    CheckValue(property.Value, Short(propertyType), where + "." + property.Name, findings);
                }
            }
        }

        /// <summary>
        /// The body of a POST to a bound action (…/calendar/getSchedule): its parameters, by the CSDL's names compared
        /// case-insensitively (the service accepts camelCase and the SDK sends the CSDL's PascalCase), each value checked
        /// against its type. <paramref name="isAction"/> is false when the path ends in no bound action.
        /// </summary>
        public IReadOnlyList<string> CheckActionBody(IReadOnlyList<string> segments, JsonElement body, string where, out bool isAction)
        {
            var findings = new List<string>();
            isAction = false;
            if (segments.Count < 2)
            {
                return findings;
            }

            CheckPath(segments.Take(segments.Count - 1), where, out var bindingType);
            var action = bindingType == null ? null : boundFunctions.FirstOrDefault(f => f.Name.LocalName == "Action" && (string)f.Attribute("Name")! == segments[segments.Count - 1] &&
                Short((string?)f.Elements().FirstOrDefault(e => e.Name.LocalName == "Parameter")?.Attribute("Type") ?? string.Empty) == bindingType);
            if (action == null)
            {
                return findings;
            }

            isAction = true;
            var parameters = action.Elements().Where(e => e.Name.LocalName == "Parameter").Skip(1).ToList();
            if (body.ValueKind != JsonValueKind.Object)
            {
                findings.Add(where + ": the body of an action is an object of its parameters");
                return findings;
            }

            foreach (var property in body.EnumerateObject())
            {
                var parameter = parameters.FirstOrDefault(p => string.Equals((string)p.Attribute("Name")!, property.Name, StringComparison.OrdinalIgnoreCase));
                if (parameter == null)
                {
                    findings.Add(where + ": '" + property.Name + "' is no parameter of " + segments[segments.Count - 1]);
                    continue;
                }

                var type = (string)parameter.Attribute("Type")!;
                if (property.Value.ValueKind == JsonValueKind.Array && type.StartsWith("Collection(", StringComparison.Ordinal))
                {
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        CheckValue(item, ElementType(type), where + "." + property.Name + "[]", findings);
                    }
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    CheckValue(property.Value, Short(type), where + "." + property.Name, findings);
                }
            }

            return findings;
        }

        private XElement? BoundFunction(string name, string bindingType) =>
            boundFunctions.FirstOrDefault(f => (string)f.Attribute("Name")! == name &&
                Short((string?)f.Elements().FirstOrDefault(e => e.Name.LocalName == "Parameter")?.Attribute("Type") ?? string.Empty) == bindingType);

        private IEnumerable<XElement> Members(string typeName, string kind)
        {
            for (var name = typeName; name != null && types.TryGetValue(name, out var type);)
            {
                foreach (var member in type.Elements().Where(e => e.Name.LocalName == kind))
                {
                    yield return member;
                }

                var baseType = (string?)type.Attribute("BaseType");
                name = baseType == null ? null! : Short(baseType);
            }
        }

        private static string ElementType(string type) =>
            Short(type.StartsWith("Collection(", StringComparison.Ordinal) ? type.Substring(11, type.Length - 12) : type);

        private static string Short(string qualified) =>
            qualified.StartsWith(Alias, StringComparison.Ordinal) ? qualified.Substring(Alias.Length)
            : qualified.StartsWith(Namespace, StringComparison.Ordinal) ? qualified.Substring(Namespace.Length)
            : qualified;
    }
}
