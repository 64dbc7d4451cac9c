using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace CalendarSharing.Tests.GraphSandbox
{
    /// <summary>
    /// The Graph v1.0 CSDL subset in ../shared/protocol/graph, read in place (CALENDARSHARING_GRAPH_METADATA names the
    /// file or its folder). Missing metadata fails the test: it never skips.
    /// </summary>
    internal sealed class GraphMetadata
    {
        public const string Variable = "CALENDARSHARING_GRAPH_METADATA";
        private const string FileName = "graph-v1.0-calendar-subset.csdl.xml";
        private const string Alias = "graph.";
        private const string Namespace = "microsoft.graph.";

        private readonly Dictionary<string, XElement> types = new Dictionary<string, XElement>(StringComparer.Ordinal);
        private readonly HashSet<string> entitySets = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> singletons = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> entitySetTypes = new Dictionary<string, string>(StringComparer.Ordinal);

        private GraphMetadata(XDocument document)
        {
            foreach (var element in document.Descendants().Where(e => e.Name.LocalName is "EntityType" or "ComplexType" or "EnumType"))
            {
                types[(string)element.Attribute("Name")!] = element;
            }

            foreach (var set in document.Descendants().Where(e => e.Name.LocalName == "EntitySet"))
            {
                entitySets.Add((string)set.Attribute("Name")!);
                entitySetTypes[(string)set.Attribute("Name")!] = Short((string)set.Attribute("EntityType")!);
            }

            foreach (var singleton in document.Descendants().Where(e => e.Name.LocalName == "Singleton"))
            {
                singletons[(string)singleton.Attribute("Name")!] = Short((string)singleton.Attribute("Type")!);
            }
        }

        public static string Locate()
        {
            var fromEnv = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(fromEnv))
            {
                var file = Directory.Exists(fromEnv) ? Path.Combine(fromEnv, FileName) : fromEnv;
                Assert.True(File.Exists(file), Variable + " names " + fromEnv + ", which holds no " + FileName + ".");
                return file;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "protocol", "graph", FileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            Assert.Fail("The Graph v1.0 metadata (" + FileName + ") was not found: set " + Variable + " or put ../shared/protocol/graph beside the repository.");
            return null!;
        }

        public static GraphMetadata Load() => new GraphMetadata(XDocument.Load(Locate()));

        /// <summary>Every finding: a property, enum member, entity set or navigation step the metadata does not have.</summary>
        public List<string> Check(JsonElement json, string typeName, string where)
        {
            var findings = new List<string>();
            CheckValue(json, typeName, where, findings);
            return findings;
        }

        /// <summary>Checks a path like users('x')/calendars('y')/calendarPermissions/$entity (an @odata.context fragment or a request URL).</summary>
        public List<string> CheckPath(IEnumerable<string> segments, string where, out string? finalType)
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

                var navigation = Members(finalType!, "NavigationProperty").FirstOrDefault(p => (string)p.Attribute("Name")! == segment);
                if (navigation == null)
                {
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
                var members = type.Elements().Where(e => e.Name.LocalName == "Member").Select(e => (string)e.Attribute("Name")!).ToHashSet(StringComparer.Ordinal);
                if (value.ValueKind != JsonValueKind.String || !members.Contains(value.GetString()!))
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

            var properties = Members(typeName, "Property").ToDictionary(p => (string)p.Attribute("Name")!, p => (string)p.Attribute("Type")!, StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                if (property.Name.StartsWith("@", StringComparison.Ordinal))
                {
                    continue; // instance annotations (@odata.context, @odata.etag)
                }

                if (!properties.TryGetValue(property.Name, out var propertyType))
                {
                    findings.Add(where + ": property '" + property.Name + "' is not on " + typeName);
                    continue;
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
