using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using CalendarSharing.Core.Commands;
using CalendarSharing.Tests.Support;
using Xunit;

namespace CalendarSharing.Tests.Online
{
    /// <summary>
    /// Every request the Microsoft.Graph SDK sent for our backend (inner $batch requests included) names entity sets,
    /// navigation properties, $select members and JSON body properties that the v1.0 metadata declares. The CSDL is read
    /// in place from ../shared/protocol/graph (or CALENDARSHARING_GRAPH_CSDL); a missing file fails the test.
    /// </summary>
    public sealed class GraphMetadataConformanceTests
    {
        private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";

        private sealed class Metadata
        {
            public Dictionary<string, XElement> Types { get; } = new Dictionary<string, XElement>(StringComparer.Ordinal);

            public Dictionary<string, string> EntitySets { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            public XElement? Type(string? qualified) =>
                qualified != null && Types.TryGetValue(qualified.Replace("microsoft.graph.", string.Empty).Replace("graph.", string.Empty), out var t) ? t : null;

            /// <summary>Property or navigation property of a type or its base types: (type name, is collection), or null.</summary>
            public (string Type, bool Collection)? Member(XElement type, string name)
            {
                for (var t = type; t != null; t = Type((string?)t.Attribute("BaseType")))
                {
                    var m = t.Elements().FirstOrDefault(e => (e.Name == Edm + "Property" || e.Name == Edm + "NavigationProperty") && (string?)e.Attribute("Name") == name);
                    if (m != null)
                    {
                        var typeName = (string)m.Attribute("Type")!;
                        var collection = typeName.StartsWith("Collection(", StringComparison.Ordinal);
                        return (collection ? typeName.Substring(11, typeName.Length - 12) : typeName, collection);
                    }
                }

                return null;
            }
        }

        private static Metadata Load()
        {
            var path = Environment.GetEnvironmentVariable("CALENDARSHARING_GRAPH_CSDL");
            if (string.IsNullOrEmpty(path))
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null && path == null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "shared", "protocol", "graph", "graph-v1.0-calendar-subset.csdl.xml");
                    path = File.Exists(candidate) ? candidate : null;
                }
            }

            Assert.True(path != null && File.Exists(path), "The Graph v1.0 CSDL was not found: set CALENDARSHARING_GRAPH_CSDL or put ../shared/protocol/graph beside the repository.");
            var doc = XDocument.Load(path!);
            var metadata = new Metadata();
            foreach (var t in doc.Descendants().Where(e => e.Name == Edm + "EntityType" || e.Name == Edm + "ComplexType"))
            {
                metadata.Types[(string)t.Attribute("Name")!] = t;
            }

            foreach (var set in doc.Descendants(Edm + "EntitySet"))
            {
                metadata.EntitySets[(string)set.Attribute("Name")!] = (string)set.Attribute("EntityType")!;
            }

            return metadata;
        }

        /// <summary>Checks one request; returns what is wrong with it (nothing when it conforms).</summary>
        private static IEnumerable<string> Check(Metadata md, string method, string pathAndQuery, string? body)
        {
            var q = pathAndQuery.IndexOf('?');
            var path = q < 0 ? pathAndQuery : pathAndQuery.Substring(0, q);
            var query = q < 0 ? string.Empty : pathAndQuery.Substring(q + 1);
            var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToList();
            if (segments.Count > 0 && segments[0] == "v1.0")
            {
                segments.RemoveAt(0);
            }

            if (segments.Count == 0 || !md.EntitySets.TryGetValue(segments[0], out var setType))
            {
                yield return $"{method} {path}: '{segments.FirstOrDefault()}' is not an entity set";
                yield break;
            }

            var type = md.Type(setType)!;
            var collection = true;
            foreach (var segment in segments.Skip(1))
            {
                if (collection)
                {
                    collection = false; // a key
                    continue;
                }

                var member = md.Member(type, segment);
                var next = member == null ? null : md.Type(member.Value.Type);
                if (next == null)
                {
                    yield return $"{method} {path}: '{segment}' is not a navigation property of {type.Attribute("Name")!.Value}";
                    yield break;
                }

                type = next;
                collection = member!.Value.Collection;
            }

            foreach (var pair in query.Split('&').Where(p => p.Length > 0).Select(p => p.Split('=')))
            {
                var name = Uri.UnescapeDataString(pair[0]);
                if (name == "$select")
                {
                    foreach (var property in Uri.UnescapeDataString(pair[1]).Split(','))
                    {
                        if (md.Member(type, property) == null)
                        {
                            yield return $"{method} {path}: $select names '{property}', which {type.Attribute("Name")!.Value} does not have";
                        }
                    }
                }
                else if (name != "$top" && name != "$filter" && name != "$expand")
                {
                    yield return $"{method} {path}: unexpected query option '{name}'";
                }
            }

            if (!string.IsNullOrEmpty(body))
            {
                using var json = JsonDocument.Parse(body!);
                foreach (var problem in CheckBody(md, type, json.RootElement, $"{method} {path}"))
                {
                    yield return problem;
                }
            }
        }

        private static IEnumerable<string> CheckBody(Metadata md, XElement type, JsonElement element, string where)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name.StartsWith("@odata.", StringComparison.Ordinal))
                {
                    continue;
                }

                var member = md.Member(type, property.Name);
                if (member == null)
                {
                    yield return $"{where}: body property '{property.Name}' is not a member of {type.Attribute("Name")!.Value}";
                    continue;
                }

                var complex = md.Type(member.Value.Type);
                if (complex != null && property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in CheckBody(md, complex, property.Value, where))
                    {
                        yield return p;
                    }
                }
            }
        }

        /// <summary>The requests on the wire, with each $batch unpacked into its inner requests.</summary>
        private static List<(string Method, string Path, string? Body)> Unpack(RecordingHandler recorder)
        {
            var all = new List<(string, string, string?)>();
            foreach (var (method, uri, body, _) in recorder.Requests.Where(r => r.Uri.Host.StartsWith("graph.", StringComparison.Ordinal)))
            {
                if (uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal))
                {
                    using var batch = JsonDocument.Parse(body!);
                    foreach (var inner in batch.RootElement.GetProperty("requests").EnumerateArray())
                    {
                        var innerBody = inner.TryGetProperty("body", out var b) ? b.GetRawText() : null;
                        all.Add((inner.GetProperty("method").GetString()!, inner.GetProperty("url").GetString()!, innerBody));
                    }

                    continue;
                }

                all.Add((method.Method, uri.PathAndQuery, body));
            }

            return all;
        }

        [Fact]
        public async Task Every_request_the_SDK_sends_matches_the_v1_0_metadata()
        {
            var md = Load();
            using var s = await GraphSandboxSession.StartAsync();
            var commands = new CalendarPermissionCommands(s.Backend);
            var sink = new RecordingSink();
            await commands.GetAsync(new[] { new ShareRequest { Mailbox = "alice@contoso.com" }, new ShareRequest { Mailbox = "alice@contoso.com", Calendar = "Team Events" } }, sink, CancellationToken.None);
            await commands.SetAsync(
                new[]
                {
                    new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com", Role = "Reviewer" },
                    new ShareRequest { Row = 2, Mailbox = "alice@contoso.com", User = "carol@contoso.com", Role = "Editor" },
                    new ShareRequest { Row = 3, Mailbox = "alice@contoso.com:\\Team Events", User = "Default", Role = "LimitedDetails" },
                },
                sink,
                CancellationToken.None);
            await commands.RemoveAsync(new[] { new ShareRequest { Row = 1, Mailbox = "alice@contoso.com", User = "bob@contoso.com" } }, sink, CancellationToken.None);
            Assert.Empty(sink.Errors);

            var requests = Unpack(s.Recorder);
            var methods = requests.Select(r => r.Method).Distinct().ToList();
            foreach (var m in new[] { "GET", "POST", "PATCH", "DELETE" })
            {
                Assert.Contains(m, methods);
            }

            var problems = requests.SelectMany(r => Check(md, r.Method, r.Path, r.Body)).Distinct().ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));

            // Each PATCH carries the role and nothing else (only role is updatable:
            // https://learn.microsoft.com/graph/api/calendarpermission-update), with the entry's etag.
            var patches = requests.Where(r => r.Method == "PATCH").ToList();
            Assert.Equal(2, patches.Count);
            Assert.All(patches, patch =>
            {
                Assert.Contains("/calendarPermissions/", patch.Path, StringComparison.Ordinal);
                using var json = JsonDocument.Parse(patch.Body!);
                Assert.Equal(new[] { "role" }, json.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith("@", StringComparison.Ordinal)));
            });
        }

        [Fact]
        public void The_check_catches_names_the_metadata_does_not_have()
        {
            var md = Load();
            Assert.Empty(Check(md, "GET", "/v1.0/users/a%40b.com/calendars/ID/calendarPermissions?$select=role,emailAddress", null));
            Assert.NotEmpty(Check(md, "GET", "/v1.0/users/a%40b.com/calendar/permissions", null));
            Assert.NotEmpty(Check(md, "GET", "/v1.0/mailboxes/a%40b.com/calendar", null));
            Assert.NotEmpty(Check(md, "GET", "/v1.0/users/a%40b.com/calendar?$select=displayName", null));
            Assert.NotEmpty(Check(md, "POST", "/v1.0/users/a%40b.com/calendar/calendarPermissions", "{\"emailAddress\":{\"smtp\":\"x@y.z\"},\"role\":\"read\"}"));
            Assert.NotEmpty(Check(md, "PATCH", "/v1.0/users/a%40b.com/calendar/calendarPermissions/X", "{\"accessRights\":\"read\"}"));
        }
    }
}
