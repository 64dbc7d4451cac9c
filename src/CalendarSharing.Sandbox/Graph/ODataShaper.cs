using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace CalendarSharing.Sandbox.Graph
{
    /// <summary>What one resource the sandbox serves allows of OData: its type, whether it is a collection, its options.</summary>
    internal sealed class ODataResource
    {
        private static readonly string[] None = Array.Empty<string>();
        private static readonly string[] SelectOnly = { "$select" };
        private static readonly string[] CollectionOptions = { "$select", "$top", "$skip", "$filter", "$orderby", "$count" };
        private static readonly string[] PrimitiveCollectionOptions = { "$top", "$skip", "$count" };

        // Events: $expand is read by GraphEventService itself (singleValueExtendedProperties($filter=id eq '…'),
        // exceptionOccurrences), as https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get shows.
        private static readonly string[] EventCollectionOptions = { "$select", "$top", "$skip", "$filter", "$orderby", "$count", "$expand" };
        private static readonly string[] SelectAndExpand = { "$select", "$expand" };
        private static readonly string[] DeltaOptions = { "$skiptoken", "$deltatoken" };

        // GET /users takes $filter, $select, $top and $count; it pages with $skiptoken, never $skip
        // (https://learn.microsoft.com/graph/api/user-list#optional-query-parameters): its next links carry the service's
        // own $skiptoken, which a client sends back as it is (https://learn.microsoft.com/graph/paging).
        private static readonly string[] UserCollectionOptions = { "$select", "$top", "$filter", "$count", "$skiptoken" };

        // The sandbox's $skiptoken for a collection that pages without $skip: opaque to clients, an offset to the sandbox.
        internal const string SkipTokenPrefix = "sbx1-";

        // Directory object collections (groups, members, memberOf, transitiveMemberOf) take $select, $top and $count; the
        // sandbox's nextLink carries $skip where Graph's carries an opaque $skiptoken (a client follows either as it is).
        private static readonly string[] DirectoryCollectionOptions = { "$select", "$top", "$skip", "$count", "$filter" };

        private ODataResource(ODataType? type, bool collection, int? defaultPageSize, string[] options)
        {
            Type = type;
            Collection = collection;
            DefaultPageSize = defaultPageSize;
            Options = options;
        }

        /// <summary>The element type; null for a primitive (allowedCalendarSharingRoles, mailboxSettings/timeZone).</summary>
        public ODataType? Type { get; }

        public bool Collection { get; }

        /// <summary>Server-side page size when the client sends no $top; null: never paged.</summary>
        public int? DefaultPageSize { get; }

        public string[] Options { get; }

        /// <summary>
        /// The options per resource, as the Graph v1.0 pages list them: calendars and calendarPermissions are
        /// collections that support the OData query parameters
        /// (https://learn.microsoft.com/graph/api/user-list-calendars,
        /// https://learn.microsoft.com/graph/api/calendar-list-calendarpermissions); single entities take $select
        /// (https://learn.microsoft.com/graph/api/user-get, calendar-get, calendarpermission-get, user-get-mailboxsettings);
        /// a collection of enum members has no properties to select, filter or order by.
        /// </summary>
        public static ODataResource For(GraphRoute route, string method, SandboxOptions options)
        {
            var read = method == "GET";
            switch (route.Kind)
            {
                case GraphRouteKind.User:
                    return new ODataResource(ODataType.User, false, null, SelectOnly);
                case GraphRouteKind.Calendar:
                    return new ODataResource(ODataType.Calendar, false, null, SelectOnly);
                case GraphRouteKind.Calendars:
                    return new ODataResource(ODataType.Calendar, true, PageSize(options.GraphPageSize), CollectionOptions);
                case GraphRouteKind.Permissions:
                    return read
                        ? new ODataResource(ODataType.CalendarPermission, true, PageSize(options.GraphPermissionPageSize), CollectionOptions)
                        : new ODataResource(ODataType.CalendarPermission, false, null, SelectOnly);
                case GraphRouteKind.Permission:
                    return new ODataResource(ODataType.CalendarPermission, false, null, method == "DELETE" ? None : SelectOnly);
                case GraphRouteKind.AllowedRoles:
                    return new ODataResource(null, true, null, PrimitiveCollectionOptions);
                case GraphRouteKind.CalendarView:
                case GraphRouteKind.EventInstances:
                    return new ODataResource(ODataType.Event, true, PageSize(options.GraphPageSize), EventCollectionOptions);
                case GraphRouteKind.Events:
                    return read
                        ? new ODataResource(ODataType.Event, true, PageSize(options.GraphPageSize), EventCollectionOptions)
                        : new ODataResource(ODataType.Event, false, null, None);
                case GraphRouteKind.Event:
                    return new ODataResource(ODataType.Event, false, null, read ? SelectAndExpand : None);
                case GraphRouteKind.GetSchedule:
                    return new ODataResource(null, false, null, None);
                case GraphRouteKind.CalendarViewDelta:
                    // Only the service's own tokens: $select, $expand, $filter, $orderby and $search are not supported on
                    // calendarView delta (https://learn.microsoft.com/graph/api/event-delta#optional-query-parameters). Not
                    // a collection to shape: the answer carries its own nextLink/deltaLink.
                    return new ODataResource(ODataType.Event, false, null, DeltaOptions);
                case GraphRouteKind.Users:
                    return new ODataResource(ODataType.User, true, null, read ? UserCollectionOptions : None);
                case GraphRouteKind.Groups:
                    return new ODataResource(ODataType.Group, true, PageSize(options.GraphPageSize), DirectoryCollectionOptions);
                case GraphRouteKind.Group:
                    return new ODataResource(ODataType.Group, false, null, SelectOnly);
                case GraphRouteKind.GroupMembers:
                case GraphRouteKind.MemberOf:
                case GraphRouteKind.TransitiveMemberOf:
                    return new ODataResource(ODataType.DirectoryObject, true, PageSize(options.GraphPageSize), DirectoryCollectionOptions);
                case GraphRouteKind.MailboxSettings:
                    var type = route.Property == null ? ODataType.MailboxSettings
                        : route.Property == "workingHours" ? ODataType.WorkingHours
                        : route.Property == "automaticRepliesSetting" ? ODataType.AutomaticRepliesSetting
                        : route.Property == "language" ? ODataType.LocaleInfo
                        : null;
                    return new ODataResource(type, false, null, read && type != null ? SelectOnly : None);
                default:
                    return new ODataResource(null, false, null, None);
            }
        }

        private static int? PageSize(int size) => size > 0 ? size : (int?)null;
    }

    /// <summary>
    /// Applies $select, $filter, $orderby, $count, $skip and $top (with @odata.nextLink paging) to what a resource
    /// answered, as Graph does (https://learn.microsoft.com/graph/query-parameters, https://learn.microsoft.com/graph/paging).
    /// <see cref="Check"/> runs before the request does, so a bad query is a 400 and never follows a write.
    /// </summary>
    internal static class ODataShaper
    {
        public static void Check(ODataResource resource, ODataQuery query)
        {
            foreach (var option in query.Given)
            {
                if (!resource.Options.Contains(option))
                {
                    throw option == "$expand"
                        ? GraphException.BadRequest("BadRequest", "The sandbox does not model $expand; request the navigation property's own URL.")
                        : GraphException.BadRequest("BadRequest", "Query option '" + option + "' is not allowed on this resource.");
                }
            }

            Select(resource, query);
            query.Integer("$top");
            query.Integer("$skip");
            if (resource.Collection)
            {
                SkipTokenOffset(query);
            }
            query.Count();
            if (query["$filter"] != null)
            {
                ODataFilter.Parse(query["$filter"]!, resource.Type!);
            }

            OrderBy(resource, query);
        }

        /// <summary>The offset a $skiptoken of ours stands for; null without one; 400 for one the sandbox did not write.</summary>
        private static int? SkipTokenOffset(ODataQuery query)
        {
            var token = query["$skiptoken"];
            if (token == null)
            {
                return null;
            }

            if (token.StartsWith(ODataResource.SkipTokenPrefix, StringComparison.Ordinal)
                && int.TryParse(token.Substring(ODataResource.SkipTokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }

            throw GraphException.BadRequest("BadRequest", "Invalid $skiptoken '" + token + "': send back the @odata.nextLink the service returned.");
        }

        public static GraphResponse Shape(ODataResource resource, GraphRequest request, GraphResponse response)
        {
            var query = request.Query;
            if (response.Status != 200 || response.Body == null || (!resource.Collection && query["$select"] == null))
            {
                return response;
            }

            var select = Select(resource, query);
            using (var document = JsonDocument.Parse(response.Body))
            {
                var root = document.RootElement;
                var context = GraphJson.String(root, "@odata.context");
                if (!resource.Collection)
                {
                    var shaped = new GraphResponse(200, GraphJson.Write(w => WriteItem(w, root, resource.Type!, select, WithSelect(context, select))));
                    return Copy(response, shaped);
                }

                IEnumerable<JsonElement> items = root.GetProperty("value").EnumerateArray().ToList();
                if (query["$filter"] != null)
                {
                    var filter = ODataFilter.Parse(query["$filter"]!, resource.Type!);
                    items = items.Where(filter).ToList();
                }

                foreach (var (path, descending) in Enumerable.Reverse(OrderBy(resource, query)))
                {
                    // Applied last key first with a stable sort, so the first key ends up the primary one.
                    items = descending ? items.OrderByDescending(i => i, new PathComparer(path)).ToList() : items.OrderBy(i => i, new PathComparer(path)).ToList();
                }

                var all = items.ToList();
                var skip = query.Integer("$skip") ?? SkipTokenOffset(query) ?? 0;
                var size = query.Integer("$top") ?? resource.DefaultPageSize ?? int.MaxValue;
                var page = all.Skip(skip).Take(size).ToList();
                string? nextLink = null;
                if (size > 0 && (long)skip + size < all.Count)
                {
                    var next = new Dictionary<string, string?>(StringComparer.Ordinal)
                    {
                        ["$top"] = size.ToString(CultureInfo.InvariantCulture),
                    };
                    if (resource.Options.Contains("$skip"))
                    {
                        next["$skip"] = (skip + size).ToString(CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        next["$skiptoken"] = ODataResource.SkipTokenPrefix + (skip + size).ToString(CultureInfo.InvariantCulture);
                    }

                    nextLink = request.ServiceRoot + "/" + string.Join("/", request.Segments.Select(EscapeSegment)) + query.With(next);
                }

                var body = GraphJson.Write(w =>
                {
                    w.WriteStartObject();
                    var shapedContext = WithSelect(context, select);
                    if (shapedContext != null)
                    {
                        w.WriteString("@odata.context", shapedContext);
                    }

                    if (query.Count())
                    {
                        w.WriteNumber("@odata.count", all.Count);
                    }

                    w.WriteStartArray("value");
                    foreach (var item in page)
                    {
                        if (resource.Type == null || item.ValueKind != JsonValueKind.Object)
                        {
                            item.WriteTo(w);
                        }
                        else
                        {
                            WriteItem(w, item, resource.Type, select, null);
                        }
                    }

                    w.WriteEndArray();
                    if (nextLink != null)
                    {
                        w.WriteString("@odata.nextLink", nextLink);
                    }

                    w.WriteEndObject();
                });
                return Copy(response, new GraphResponse(200, body));
            }
        }

        /// <summary>The $select list in the metadata's spelling; null for none or "*". Unknown names are a 400, as Graph answers them.</summary>
        private static List<string>? Select(ODataResource resource, ODataQuery query)
        {
            var text = query["$select"];
            if (text == null)
            {
                return null;
            }

            var names = text.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
            if (names.Count == 0 || resource.Type == null)
            {
                throw GraphException.BadRequest("BadRequest", "Invalid $select: '" + text + "'.");
            }

            if (names.Contains("*"))
            {
                return null;
            }

            var result = new List<string>();
            foreach (var name in names)
            {
                var canonical = name.IndexOf('/') < 0 ? resource.Type.Canonical(name) : null;
                if (canonical == null)
                {
                    // Graph's answer for a property the type does not have (observed: mguessan/davmail#488,
                    // microsoftgraph/microsoft-graph-docs#2018, where Outlook called the code RequestBroker-ParseUri).
                    throw GraphException.BadRequest("BadRequest",
                        "Parsing OData Select and Expand failed: Could not find a property named '" + name + "' on type 'microsoft.graph." + resource.Type.Name + "'.");
                }

                if (!result.Contains(canonical))
                {
                    result.Add(canonical);
                }
            }

            return result;
        }

        private static List<(string[] Path, bool Descending)> OrderBy(ODataResource resource, ODataQuery query)
        {
            var result = new List<(string[], bool)>();
            var text = query["$orderby"];
            if (text == null)
            {
                return result;
            }

            foreach (var clause in text.Split(',').Select(c => c.Trim()))
            {
                var words = clause.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0 || words.Length > 2 || (words.Length == 2 && words[1] != "asc" && words[1] != "desc"))
                {
                    throw GraphException.BadRequest("BadRequest", "Invalid $orderby: '" + text + "'.");
                }

                result.Add((ODataFilter.Path(words[0], resource.Type!, "$orderby"), words.Length == 2 && words[1] == "desc"));
            }

            return result;
        }

        private static void WriteItem(Utf8JsonWriter w, JsonElement item, ODataType type, List<string>? select, string? context)
        {
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in item.EnumerateObject())
            {
                if (property.Name == "@odata.context")
                {
                    continue;
                }

                if (property.Name == ODataFilter.HiddenProperties)
                {
                    continue; // only there for $filter
                }

                var keep = select == null || property.Name.StartsWith("@", StringComparison.Ordinal) || select.Contains(property.Name) ||
                    (type.AlwaysId && property.Name == "id");
                if (keep)
                {
                    property.WriteTo(w);
                    written.Add(property.Name);
                }
            }

            // A selected property the sandbox does not model (user.jobTitle …) reads as null, as an unset one does on Graph.
            foreach (var name in select ?? Enumerable.Empty<string>())
            {
                if (!written.Contains(name) && type.Kind(name) != ODataPropertyKind.Navigation)
                {
                    w.WriteNull(name);
                }
            }

            w.WriteEndObject();
        }

        // …/calendars → …/calendars(id,name); …/$entity → …(id,name)/$entity (OData JSON format 4.01, section 10).
        private static string? WithSelect(string? context, List<string>? select)
        {
            if (context == null || select == null)
            {
                return context;
            }

            var list = "(" + string.Join(",", select) + ")";
            return context.EndsWith("/$entity", StringComparison.Ordinal)
                ? context.Substring(0, context.Length - "/$entity".Length) + list + "/$entity"
                : context + list;
        }

        private static GraphResponse Copy(GraphResponse from, GraphResponse to)
        {
            foreach (var header in from.Headers)
            {
                to.Headers[header.Key] = header.Value;
            }

            return to;
        }

        private static string EscapeSegment(string segment) =>
            Uri.EscapeDataString(segment).Replace("%27", "'").Replace("%28", "(").Replace("%29", ")").Replace("%3D", "=");

        private sealed class PathComparer : IComparer<JsonElement>
        {
            private readonly string[] path;

            public PathComparer(string[] path)
            {
                this.path = path;
            }

            public int Compare(JsonElement x, JsonElement y) => ODataFilter.CompareValues(ODataFilter.ValueAt(x, path), ODataFilter.ValueAt(y, path));
        }
    }
}
